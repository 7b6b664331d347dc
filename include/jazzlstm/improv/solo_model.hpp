// A model that plays solos: the network, the token vocabulary it was trained on, and how it was
// trained; and its model file (the network half's format) in both directions.
#pragma once

#include <jazzlstm/core/error.hpp>
#include <jazzlstm/improv/network.hpp>
#include <jazzlstm/improv/token_vocabulary.hpp>
#include <jazzlstm/nn/model_file.hpp>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <utility>

namespace jazzlstm {

/// The network and the vocabulary that decodes its indices: token k is vocabulary.tokens()[k].
struct SoloModel {
    std::unique_ptr<SoloNetwork> network;
    TokenVocabulary vocabulary;
    TrainingInfo info;      ///< how the weights were obtained (the model file's "training")
    int default_ty = 50;    ///< the model file's hyper.Ty: tokens per chord group of the notebook loop
};

/// The model file of a solo model: its weights and Adam's state (float → double is exact), the
/// vocabulary and how it was trained. Allocates: yes.
inline ModelFile to_model_file(const SoloModel& model)
{
    ModelFile file;
    file.hyper.Tx = SoloNetwork::time_steps;
    file.hyper.n_a = model.network->units();
    file.hyper.V = model.network->values();
    file.hyper.Ty = model.default_ty;
    file.hyper.training = model.info;
    file.vocabulary = model.vocabulary.strings();
    file.weights = to_double_weights(model.network->keras_weights());
    const AdamMoments<float> adam = model.network->adam_state();
    if (adam.iterations > 0)
        file.optimizer_state = AdamMoments<double> { adam.iterations, to_double_weights(adam.m), to_double_weights(adam.v) };
    return file;
}

/// The network a model file describes, with Adam's state when the file keeps it. Weights and
/// moments written by to_model_file come back bit for bit, so training continues exactly. Tx does
/// not enter the weights, so any Tx is accepted; n_a must be one the improviser is built for.
/// @throws shape_error `jazzlstm.improv.model_units` for another n_a; numeric_error
///         `jazzlstm.model.float_overflow` for values outside float. Allocates: yes.
inline std::unique_ptr<SoloNetwork> network_from_file(const ModelFile& file)
{
    auto network = make_solo_network(file.hyper.n_a, file.hyper.V, std::uint64_t { 0 });
    network->set_keras_weights(to_float_weights(file.weights));
    if (const auto& state = file.optimizer_state)
        network->set_adam_state(AdamMoments<float> { state->iterations, to_float_weights(state->m), to_float_weights(state->v) });
    return network;
}

/// The solo model of a parsed model file. `label` names the file in errors.
/// @throws as network_from_file, and parse_error `jazzlstm.grammar.bad_token` (file: label) when a
///         vocabulary entry is no grammar token. Allocates: yes.
inline SoloModel solo_model_from_file(const ModelFile& file, const std::string& label = "<model>")
{
    SoloModel model;
    model.network = network_from_file(file);
    try {
        model.vocabulary = TokenVocabulary(file.vocabulary);
    } catch (const parse_error& e) {
        error_context where = e.context();
        where.file = label;
        throw parse_error(e.id(), e.detail() + " (the model file's vocabulary)", std::move(where));
    }
    model.info = file.hyper.training;
    model.default_ty = file.hyper.Ty;
    return model;
}

/// Reads a model file (load_model_file's checks) into a solo model. Allocates: yes.
/// @throws every error of load_model_file and solo_model_from_file.
inline SoloModel load_solo_model(const std::filesystem::path& path)
{
    return solo_model_from_file(load_model_file(path), path.string());
}

/// Writes the model file atomically (save_model_file). @throws as save_model_file.
inline void save_solo_model(const std::filesystem::path& path, const SoloModel& model)
{
    save_model_file(path, to_model_file(model));
}

} // namespace jazzlstm
