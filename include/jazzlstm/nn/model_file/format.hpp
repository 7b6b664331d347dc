// The model file's format: what a file holds (hyper-parameters, training facts, vocabulary,
// the five weight tensors in Keras's layout), its constants and the rules a model must satisfy
// to be written or read. Reading is model_file/read.hpp, writing model_file/write.hpp; the
// format is specified in docs/model-format.md.
//
// No JSON here: the types and rules need only Eigen.
#pragma once

#include <jazzlstm/core/error.hpp>
#include <jazzlstm/core/limits.hpp>
#include <jazzlstm/nn/weights.hpp>

#include <Eigen/Core>

#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

namespace jazzlstm {

/// Name written in the "format" field; a file with another name is refused.
inline constexpr const char* model_format_name = "jazzlstm-model";
/// The version this code writes and the only one it reads (see docs/model-format.md, "Versioning").
inline constexpr int model_format_version = 1;
/// Files larger than this are refused before reading (the 78-value model is about 1 MiB).
inline constexpr std::uintmax_t model_file_max_bytes = limits::max_model_bytes;
/// Caps on the sizes a file may declare, far above the notebook (n_a 64, V 78/90).
inline constexpr int model_max_units = limits::max_units;
inline constexpr int model_max_vocabulary = limits::max_vocabulary;

/// Optimizer settings the weights were trained with (Keras Adam by default, as the notebook).
struct OptimizerSettings {
    std::string name = "adam";
    double learning_rate = 0.01;
    double beta_1 = 0.9;
    double beta_2 = 0.999;
    double epsilon = 1e-7;
    double decay = 0.01; ///< Keras legacy decay: lr / (1 + decay·iterations)

    bool operator==(const OptimizerSettings& o) const
    {
        return name == o.name && learning_rate == o.learning_rate && beta_1 == o.beta_1 && beta_2 == o.beta_2
            && epsilon == o.epsilon && decay == o.decay;
    }
};

/// How the weights were obtained; informative, not needed to run the model.
struct TrainingInfo {
    int epochs = 0;                        ///< 0: not trained here (e.g. imported)
    int m = 0;                             ///< number of training windows
    std::uint64_t seed = 0;                ///< weight-initialisation seed
    std::uint64_t window_seed = 0;         ///< numpy seed of the training windows
    std::optional<double> final_loss;      ///< loss of the last epoch, absent when unknown
    std::string precision = "float32";     ///< scalar type the weights were trained in: "float32" or "float64"
    std::string source = "jazzlstm";       ///< who produced the weights: "jazzlstm", "keras", "pytorch", ...
    OptimizerSettings optimizer;

    bool operator==(const TrainingInfo& o) const
    {
        return epochs == o.epochs && m == o.m && seed == o.seed && window_seed == o.window_seed && final_loss == o.final_loss
            && precision == o.precision && source == o.source && optimizer == o.optimizer;
    }
};

/// The model's sizes. n_x = V: the LSTM input is the one-hot token.
struct ModelHyper {
    int Tx = 30;   ///< training window length
    int n_a = 64;  ///< LSTM units
    int V = 0;     ///< vocabulary size
    int Ty = 50;   ///< default number of tokens generated
    TrainingInfo training;

    bool operator==(const ModelHyper& o) const { return Tx == o.Tx && n_a == o.n_a && V == o.V && Ty == o.Ty && training == o.training; }
};

/// Everything a model file holds. The vocabulary hash is derived from `vocabulary` on saving.
struct ModelFile {
    int version = model_format_version;
    ModelHyper hyper;
    std::vector<std::string> vocabulary; ///< token strings in index order (index k ↔ one-hot entry k)
    KerasWeights<double> weights;
};

/// The hash as the file spells it: 16 lowercase hexadecimal digits.
inline std::string vocabulary_hash_hex(std::uint64_t hash)
{
    static const char digits[] = "0123456789abcdef";
    std::string out(16, '0');
    for (int k = 15; k >= 0; --k, hash >>= 4)
        out[static_cast<std::size_t>(k)] = digits[hash & 15u];
    return out;
}

/// Converts weights between scalar types (float → double is exact).
/// @throws numeric_error `jazzlstm.model.float_overflow` when a value does not fit the target type.
/// Allocates: yes (the returned tensors).
template <typename To, typename From>
KerasWeights<To> convert_weights(const KerasWeights<From>& w)
{
    auto cast = [](const auto& m, const char* name) {
        auto out = m.template cast<To>().eval();
        for (Eigen::Index k = 0; k < out.size(); ++k) {
            if (std::isinf(out.data()[k]) && !std::isinf(m.data()[k])) {
                error_context where;
                where.position = static_cast<std::size_t>(k);
                where.token = name;
                throw numeric_error("jazzlstm.model.float_overflow", "a weight does not fit the target scalar type", std::move(where));
            }
        }
        return out;
    };
    KerasWeights<To> out;
    out.lstm_kernel = cast(w.lstm_kernel, "lstm_kernel");
    out.lstm_recurrent_kernel = cast(w.lstm_recurrent_kernel, "lstm_recurrent_kernel");
    out.lstm_bias = cast(w.lstm_bias, "lstm_bias");
    out.dense_kernel = cast(w.dense_kernel, "dense_kernel");
    out.dense_bias = cast(w.dense_bias, "dense_bias");
    return out;
}

/// float → double, exact. Allocates: yes.
inline KerasWeights<double> to_double_weights(const KerasWeights<float>& w) { return convert_weights<double>(w); }
/// double → float, rounded to nearest. @throws numeric_error `jazzlstm.model.float_overflow`. Allocates: yes.
inline KerasWeights<float> to_float_weights(const KerasWeights<double>& w) { return convert_weights<float>(w); }

namespace detail {

    /// Throws the checks shared by saving and loading: sizes, vocabulary, shapes, finiteness.
    inline void validate_model(const ModelFile& model, const std::string& label)
    {
        auto where = [&](std::string token = {}) {
            error_context c;
            c.file = label;
            c.token = std::move(token);
            return c;
        };
        const ModelHyper& h = model.hyper;
        auto positive = [&](const char* name, int value, int cap) {
            if (value < 1 || value > cap)
                throw parse_error("jazzlstm.model.bad_value",
                    std::string("hyper.") + name + " = " + std::to_string(value) + " is outside [1, " + std::to_string(cap) + "]", where(name));
        };
        positive("Tx", h.Tx, limits::max_timesteps);
        positive("n_a", h.n_a, model_max_units);
        positive("V", h.V, model_max_vocabulary);
        positive("Ty", h.Ty, limits::max_timesteps);
        if (h.training.precision != "float32" && h.training.precision != "float64")
            throw parse_error("jazzlstm.model.bad_value", "training.precision must be \"float32\" or \"float64\"", where(h.training.precision));
        if (h.training.epochs < 0 || h.training.m < 0)
            throw parse_error("jazzlstm.model.bad_value", "training.epochs and training.m must be >= 0", where());
        if (h.training.final_loss && !std::isfinite(*h.training.final_loss))
            throw numeric_error("jazzlstm.model.non_finite", "training.final_loss is not finite", where("final_loss"));
        if (model.vocabulary.size() != static_cast<std::size_t>(h.V))
            throw shape_error("jazzlstm.model.vocabulary_size",
                "the vocabulary has " + std::to_string(model.vocabulary.size()) + " tokens but V = " + std::to_string(h.V), where());
        std::unordered_set<std::string_view> seen;
        seen.reserve(model.vocabulary.size());
        for (std::size_t k = 0; k < model.vocabulary.size(); ++k) {
            if (!seen.insert(model.vocabulary[k]).second) {
                auto c = where(model.vocabulary[k]);
                c.position = k;
                throw parse_error("jazzlstm.model.duplicate_token", "the vocabulary lists a token twice", std::move(c));
            }
        }
        check_weight_shapes(model.weights, h.n_a, h.V, label);
        auto finite = [&](const char* name, const auto& m) {
            for (Eigen::Index k = 0; k < m.size(); ++k) {
                if (!std::isfinite(m.data()[k])) {
                    auto c = where(name);
                    c.position = static_cast<std::size_t>(k);
                    throw numeric_error("jazzlstm.model.non_finite", std::string(name) + " holds a NaN or an infinity", std::move(c));
                }
            }
        };
        finite("lstm_kernel", model.weights.lstm_kernel);
        finite("lstm_recurrent_kernel", model.weights.lstm_recurrent_kernel);
        finite("lstm_bias", model.weights.lstm_bias);
        finite("dense_kernel", model.weights.dense_kernel);
        finite("dense_bias", model.weights.dense_bias);
    }

} // namespace detail

/// Checks that a corpus vocabulary is the model's, token for token and in the same order.
/// @throws shape_error `jazzlstm.model.vocabulary_mismatch` (context: first differing position and token).
/// Allocates: only for the message.
inline void check_vocabulary(const ModelFile& model, const std::vector<std::string>& tokens)
{
    if (tokens.size() != model.vocabulary.size())
        throw shape_error("jazzlstm.model.vocabulary_mismatch",
            "the corpus has " + std::to_string(tokens.size()) + " distinct tokens but the model was trained on " + std::to_string(model.vocabulary.size()));
    for (std::size_t k = 0; k < tokens.size(); ++k) {
        if (tokens[k] != model.vocabulary[k]) {
            error_context c;
            c.position = k;
            c.token = tokens[k];
            throw shape_error("jazzlstm.model.vocabulary_mismatch",
                "token " + std::to_string(k) + " differs from the model's '" + model.vocabulary[k] + "'", std::move(c));
        }
    }
}

} // namespace jazzlstm
