// Writing a model file: the JSON text (every double in the shortest form that reads back to
// the same bits, long weight arrays one to a line) and the atomic save.
#pragma once

#include <jazzlstm/core/atomic_file.hpp>
#include <jazzlstm/core/error.hpp>
#include <jazzlstm/core/vocabulary.hpp>
#include <jazzlstm/nn/model_file/format.hpp>

#include <nlohmann/json.hpp>

#include <Eigen/Core>

#include <algorithm>
#include <cstddef>
#include <filesystem>
#include <string>
#include <utility>

namespace jazzlstm {

namespace detail {

    /// A tensor as {"shape": [...], "data": [row-major values]}.
    template <typename M>
    nlohmann::ordered_json tensor_to_json(const M& m, bool is_vector)
    {
        nlohmann::ordered_json out = nlohmann::ordered_json::object();
        out["shape"] = is_vector ? nlohmann::ordered_json::array({ m.size() }) : nlohmann::ordered_json::array({ m.rows(), m.cols() });
        nlohmann::ordered_json data = nlohmann::ordered_json::array();
        data.get_ref<nlohmann::ordered_json::array_t&>().reserve(static_cast<std::size_t>(m.size()));
        for (Eigen::Index r = 0; r < m.rows(); ++r)
            for (Eigen::Index c = 0; c < m.cols(); ++c)
                data.push_back(static_cast<double>(m(r, c)));
        out["data"] = std::move(data);
        return out;
    }

} // namespace detail

/// The model as JSON text (what `save_model_file` writes). Every double is written in the
/// shortest form that reads back to the same bits.
/// @throws the validation errors of `load_model_file` (shape_error, parse_error, numeric_error)
///         when the model is not one that could be loaded back.
/// Allocates: yes.
inline std::string dump_model_file(const ModelFile& model, int indent = 1)
{
    if (model.version != model_format_version)
        throw argument_error("jazzlstm.model.version",
            "only version " + std::to_string(model_format_version) + " can be written, got " + std::to_string(model.version));
    detail::validate_model(model, "<model>");
    const ModelHyper& h = model.hyper;
    const TrainingInfo& t = h.training;
    nlohmann::ordered_json doc;
    doc["format"] = model_format_name;
    doc["version"] = model_format_version;
    doc["hyper"] = { { "Tx", h.Tx }, { "n_a", h.n_a }, { "V", h.V }, { "Ty", h.Ty } };
    nlohmann::ordered_json training;
    training["epochs"] = t.epochs;
    training["m"] = t.m;
    training["seed"] = t.seed;
    training["window_seed"] = t.window_seed;
    training["final_loss"] = t.final_loss ? nlohmann::ordered_json(*t.final_loss) : nlohmann::ordered_json(nullptr);
    training["precision"] = t.precision;
    training["source"] = t.source;
    training["optimizer"] = { { "name", t.optimizer.name }, { "learning_rate", t.optimizer.learning_rate }, { "beta_1", t.optimizer.beta_1 },
        { "beta_2", t.optimizer.beta_2 }, { "epsilon", t.optimizer.epsilon }, { "decay", t.optimizer.decay } };
    doc["training"] = std::move(training);
    doc["vocabulary"] = model.vocabulary;
    doc["vocabulary_fnv1a64"] = vocabulary_hash_hex(vocabulary_fingerprint(model.vocabulary));
    nlohmann::ordered_json weights;
    weights["lstm_kernel"] = detail::tensor_to_json(model.weights.lstm_kernel, false);
    weights["lstm_recurrent_kernel"] = detail::tensor_to_json(model.weights.lstm_recurrent_kernel, false);
    weights["lstm_bias"] = detail::tensor_to_json(model.weights.lstm_bias, true);
    weights["dense_kernel"] = detail::tensor_to_json(model.weights.dense_kernel, false);
    weights["dense_bias"] = detail::tensor_to_json(model.weights.dense_bias, true);
    doc["weights"] = std::move(weights);
    if (const auto& state = model.optimizer_state) {
        nlohmann::ordered_json optimizer;
        optimizer["iterations"] = state->iterations;
        for (const auto* moments : { &state->m, &state->v }) {
            nlohmann::ordered_json tensors;
            tensors["lstm_kernel"] = detail::tensor_to_json(moments->lstm_kernel, false);
            tensors["lstm_recurrent_kernel"] = detail::tensor_to_json(moments->lstm_recurrent_kernel, false);
            tensors["lstm_bias"] = detail::tensor_to_json(moments->lstm_bias, true);
            tensors["dense_kernel"] = detail::tensor_to_json(moments->dense_kernel, false);
            tensors["dense_bias"] = detail::tensor_to_json(moments->dense_bias, true);
            optimizer[moments == &state->m ? "m" : "v"] = std::move(tensors);
        }
        doc["optimizer_state"] = std::move(optimizer);
    }
    // Keep long weight arrays on one line each: indent only the outer levels.
    std::string text = "{\n";
    bool first = true;
    for (const auto& [key, value] : doc.items()) {
        if (!first)
            text += ",\n";
        first = false;
        text += std::string(static_cast<std::size_t>(std::max(indent, 0)), ' ') + nlohmann::ordered_json(key).dump() + ": ";
        if (value.is_object() && key != "hyper") {
            text += "{\n";
            bool first_inner = true;
            for (const auto& [inner_key, inner_value] : value.items()) {
                if (!first_inner)
                    text += ",\n";
                first_inner = false;
                text += std::string(static_cast<std::size_t>(std::max(2 * indent, 0)), ' ') + nlohmann::ordered_json(inner_key).dump() + ": " + inner_value.dump();
            }
            text += "\n" + std::string(static_cast<std::size_t>(std::max(indent, 0)), ' ') + "}";
        } else {
            text += value.dump();
        }
    }
    text += "\n}\n";
    return text;
}

/// Writes the model to `path` atomically (temporary file in the same directory, then rename):
/// an existing file at `path` is replaced only by a complete new one, and survives any failure.
/// @throws io_error `jazzlstm.model.write_failed`; argument_error `jazzlstm.model.version`;
///         and the validation errors of `dump_model_file` (nothing is written then).
/// Allocates: yes.
inline void save_model_file(const std::filesystem::path& path, const ModelFile& model)
{
    write_file_atomically(path, dump_model_file(model), "jazzlstm.model.write_failed");
}

} // namespace jazzlstm
