// The model file: a versioned JSON document holding hyper-parameters, training facts, the
// vocabulary (with a hash that binds the weights to it) and the five weight tensors in
// Keras's layout, so that weights trained here, in Keras or in PyTorch can be exchanged.
// The format is specified in docs/model-format.md.
//
// Network side: uses Eigen and nlohmann_json; token strings appear only as opaque labels.
#pragma once

#include <jazzlstm/core/atomic_file.hpp>
#include <jazzlstm/core/error.hpp>
#include <jazzlstm/core/vocabulary.hpp>
#include <jazzlstm/core/limits.hpp>
#include <jazzlstm/nn/weights.hpp>

#include <nlohmann/json.hpp>

#include <Eigen/Core>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
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

/// Checks the five tensors against n_a and V (n_x = V).
/// @throws shape_error `jazzlstm.model.shape` naming the tensor and both shapes.
/// Allocates: only for the message.
template <typename T>
void check_weight_shapes(const KerasWeights<T>& w, int n_a, int V, const std::string& label = {})
{
    auto check = [&](const char* name, Eigen::Index rows, Eigen::Index cols, Eigen::Index want_rows, Eigen::Index want_cols) {
        if (rows != want_rows || cols != want_cols) {
            error_context where;
            where.file = label;
            where.token = name;
            throw shape_error("jazzlstm.model.shape",
                std::string(name) + " is " + std::to_string(rows) + "x" + std::to_string(cols) + ", expected "
                    + std::to_string(want_rows) + "x" + std::to_string(want_cols) + " for n_a=" + std::to_string(n_a) + ", V=" + std::to_string(V),
                std::move(where));
        }
    };
    check("lstm_kernel", w.lstm_kernel.rows(), w.lstm_kernel.cols(), V, 4 * Eigen::Index { n_a });
    check("lstm_recurrent_kernel", w.lstm_recurrent_kernel.rows(), w.lstm_recurrent_kernel.cols(), n_a, 4 * Eigen::Index { n_a });
    check("lstm_bias", w.lstm_bias.rows(), w.lstm_bias.cols(), 4 * Eigen::Index { n_a }, 1);
    check("dense_kernel", w.dense_kernel.rows(), w.dense_kernel.cols(), n_a, V);
    check("dense_bias", w.dense_bias.rows(), w.dense_bias.cols(), V, 1);
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

    /// Reads fields of a parsed document with errors that name the JSON path.
    class ModelReader {
    public:
        explicit ModelReader(std::string label) : label_(std::move(label)) { }

        [[noreturn]] void fail_missing(const std::string& path) const
        {
            throw parse_error("jazzlstm.model.missing_field", "required field '" + path + "' is missing", where(path));
        }
        [[noreturn]] void fail_type(const std::string& path, const char* expected) const
        {
            throw parse_error("jazzlstm.model.wrong_type", "field '" + path + "' must be " + expected, where(path));
        }

        const nlohmann::json& field(const nlohmann::json& object, const std::string& parent, const char* key) const
        {
            const auto it = object.find(key);
            if (it == object.end())
                fail_missing(join(parent, key));
            return *it;
        }
        const nlohmann::json& object(const nlohmann::json& object, const std::string& parent, const char* key) const
        {
            const auto& value = field(object, parent, key);
            if (!value.is_object())
                fail_type(join(parent, key), "an object");
            return value;
        }
        std::string string(const nlohmann::json& object, const std::string& parent, const char* key) const
        {
            const auto& value = field(object, parent, key);
            if (!value.is_string())
                fail_type(join(parent, key), "a string");
            return value.get<std::string>();
        }
        double number(const nlohmann::json& value, const std::string& path) const
        {
            if (!value.is_number())
                fail_type(path, "a number");
            const double x = value.get<double>();
            if (!std::isfinite(x))
                throw numeric_error("jazzlstm.model.non_finite", "field '" + path + "' is not finite", where(path));
            return x;
        }
        double number(const nlohmann::json& object, const std::string& parent, const char* key) const
        {
            return number(field(object, parent, key), join(parent, key));
        }
        std::int64_t integer(const nlohmann::json& value, const std::string& path, std::int64_t low, std::int64_t high) const
        {
            if (!value.is_number_integer())
                fail_type(path, "an integer");
            if (value.is_number_unsigned() && value.get<std::uint64_t>() > static_cast<std::uint64_t>(high))
                fail_range(path, low, high);
            const auto x = value.get<std::int64_t>();
            if (x < low || x > high)
                fail_range(path, low, high);
            return x;
        }
        std::int64_t integer(const nlohmann::json& object, const std::string& parent, const char* key, std::int64_t low, std::int64_t high) const
        {
            return integer(field(object, parent, key), join(parent, key), low, high);
        }
        std::uint64_t unsigned_integer(const nlohmann::json& object, const std::string& parent, const char* key) const
        {
            const auto& value = field(object, parent, key);
            if (!value.is_number_integer() || (!value.is_number_unsigned() && value.get<std::int64_t>() < 0))
                fail_type(join(parent, key), "a non-negative integer");
            return value.get<std::uint64_t>();
        }

        /// Reads {"shape": [...], "data": [...]} into `out`, requiring exactly the expected shape.
        template <typename M>
        void tensor(const nlohmann::json& weights, const char* name, Eigen::Index rows, Eigen::Index cols, bool is_vector, M& out) const
        {
            const std::string path = std::string("weights.") + name;
            const auto& t = object(weights, "weights", name);
            const auto& shape = field(t, path, "shape");
            if (!shape.is_array())
                fail_type(path + ".shape", "an array");
            std::vector<std::int64_t> got;
            for (std::size_t k = 0; k < shape.size() && k < 4; ++k)
                got.push_back(integer(shape[k], path + ".shape[" + std::to_string(k) + "]", 0, std::int64_t { 1 } << 40));
            const std::vector<std::int64_t> want = is_vector ? std::vector<std::int64_t> { rows } : std::vector<std::int64_t> { rows, cols };
            if (got != want || shape.size() != want.size())
                throw shape_error("jazzlstm.model.shape",
                    path + " has shape " + shape.dump() + ", expected " + nlohmann::json(want).dump() + " (from hyper.n_a and hyper.V)", where(name));
            const auto& data = field(t, path, "data");
            if (!data.is_array())
                fail_type(path + ".data", "an array");
            if (data.size() != static_cast<std::size_t>(rows * cols))
                throw shape_error("jazzlstm.model.shape",
                    path + ".data has " + std::to_string(data.size()) + " values, shape " + shape.dump() + " needs " + std::to_string(rows * cols),
                    where(name));
            out.resize(rows, cols);
            std::size_t k = 0;
            for (Eigen::Index r = 0; r < rows; ++r) {
                for (Eigen::Index c = 0; c < cols; ++c, ++k) {
                    const auto& v = data[k];
                    if (!v.is_number()) {
                        auto ctx = where(name);
                        ctx.position = k;
                        throw parse_error("jazzlstm.model.wrong_type", path + ".data[" + std::to_string(k) + "] is not a number", std::move(ctx));
                    }
                    const double x = v.get<double>();
                    if (!std::isfinite(x)) {
                        auto ctx = where(name);
                        ctx.position = k;
                        throw numeric_error("jazzlstm.model.non_finite", path + ".data[" + std::to_string(k) + "] is not finite", std::move(ctx));
                    }
                    out(r, c) = x;
                }
            }
        }

        error_context where(std::string token) const
        {
            error_context c;
            c.file = label_;
            c.token = std::move(token);
            return c;
        }

    private:
        static std::string join(const std::string& parent, const char* key) { return parent.empty() ? std::string(key) : parent + "." + key; }
        [[noreturn]] void fail_range(const std::string& path, std::int64_t low, std::int64_t high) const
        {
            throw parse_error("jazzlstm.model.bad_value",
                "field '" + path + "' is outside [" + std::to_string(low) + ", " + std::to_string(high) + "]", where(path));
        }

        std::string label_;
    };

    /// 1-based line and column of byte offset `offset` in `text`.
    inline std::pair<std::size_t, std::size_t> line_column(std::string_view text, std::size_t offset)
    {
        offset = std::min(offset, text.size());
        std::size_t line = 1, line_start = 0;
        for (std::size_t k = 0; k < offset; ++k) {
            if (text[k] == '\n') {
                ++line;
                line_start = k + 1;
            }
        }
        return { line, offset - line_start + 1 };
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

/// Parses a model file's text; `label` names it in error messages.
/// Nothing is returned unless the whole file is valid.
/// @throws limit_error `jazzlstm.model.too_large` (text above model_file_max_bytes);
///         parse_error `jazzlstm.model.json` (malformed JSON; context line:column and byte),
///         `jazzlstm.model.format` (not a jazzlstm model), `jazzlstm.model.version` (unknown version),
///         `jazzlstm.model.missing_field`, `jazzlstm.model.wrong_type`, `jazzlstm.model.bad_value`,
///         `jazzlstm.model.duplicate_token`, `jazzlstm.model.vocabulary_hash`;
///         shape_error `jazzlstm.model.shape`, `jazzlstm.model.vocabulary_size`;
///         numeric_error `jazzlstm.model.non_finite`.
/// Allocates: yes.
inline ModelFile parse_model_file(std::string_view text, const std::string& label = "<memory>")
{
    if (text.size() > model_file_max_bytes) {
        error_context c;
        c.file = label;
        throw limit_error("jazzlstm.model.too_large",
            "model text of " + std::to_string(text.size()) + " bytes exceeds the cap of " + std::to_string(model_file_max_bytes), c);
    }
    nlohmann::json doc;
    try {
        doc = nlohmann::json::parse(text.begin(), text.end());
    } catch (const nlohmann::json::parse_error& e) {
        // nlohmann's byte is 1-based and points at the character that could not be used.
        const std::size_t offset = e.byte > 0 ? e.byte - 1 : 0;
        const auto [line, column] = detail::line_column(text, offset);
        error_context c;
        c.file = label;
        c.byte = offset;
        c.line = line;
        c.column = column;
        std::string what = e.what();
        const auto colon = what.find("syntax error");
        throw parse_error("jazzlstm.model.json", "malformed JSON: " + (colon == std::string::npos ? what : what.substr(colon)), std::move(c));
    } catch (const nlohmann::json::exception& e) {
        // e.g. out_of_range.406: a number too large for a double (JSON has no infinities).
        error_context c;
        c.file = label;
        throw parse_error("jazzlstm.model.json", std::string("malformed JSON: ") + e.what(), std::move(c));
    }
    const detail::ModelReader r(label);
    if (!doc.is_object())
        throw parse_error("jazzlstm.model.format", "the document is not a JSON object", r.where({}));
    const auto format_it = doc.find("format");
    if (format_it == doc.end() || !format_it->is_string() || format_it->get<std::string>() != model_format_name)
        throw parse_error("jazzlstm.model.format",
            std::string("not a jazzlstm model: \"format\" must be \"") + model_format_name + "\"",
            r.where(format_it == doc.end() ? std::string() : format_it->dump()));
    const auto& version = r.field(doc, "", "version");
    if (!version.is_number_integer() || version.get<std::int64_t>() != model_format_version)
        throw parse_error("jazzlstm.model.version",
            "unsupported format version " + version.dump() + "; this build reads version " + std::to_string(model_format_version),
            r.where(version.dump()));

    ModelFile model;
    model.version = model_format_version;
    ModelHyper& h = model.hyper;
    const auto& hyper = r.object(doc, "", "hyper");
    h.Tx = static_cast<int>(r.integer(hyper, "hyper", "Tx", 1, limits::max_timesteps));
    h.n_a = static_cast<int>(r.integer(hyper, "hyper", "n_a", 1, model_max_units));
    h.V = static_cast<int>(r.integer(hyper, "hyper", "V", 1, model_max_vocabulary));
    h.Ty = static_cast<int>(r.integer(hyper, "hyper", "Ty", 1, limits::max_timesteps));

    // "training" is informative: optional as a whole, and each of its fields is optional too.
    if (doc.contains("training")) {
        const auto& t = r.object(doc, "", "training");
        TrainingInfo& info = h.training;
        if (t.contains("epochs"))
            info.epochs = static_cast<int>(r.integer(t, "training", "epochs", 0, std::numeric_limits<int>::max()));
        if (t.contains("m"))
            info.m = static_cast<int>(r.integer(t, "training", "m", 0, std::numeric_limits<int>::max()));
        if (t.contains("seed"))
            info.seed = r.unsigned_integer(t, "training", "seed");
        if (t.contains("window_seed"))
            info.window_seed = r.unsigned_integer(t, "training", "window_seed");
        if (t.contains("final_loss") && !t.at("final_loss").is_null())
            info.final_loss = r.number(t, "training", "final_loss");
        if (t.contains("precision"))
            info.precision = r.string(t, "training", "precision");
        if (t.contains("source"))
            info.source = r.string(t, "training", "source");
        if (t.contains("optimizer")) {
            const auto& o = r.object(t, "training", "optimizer");
            OptimizerSettings& opt = info.optimizer;
            if (o.contains("name"))
                opt.name = r.string(o, "training.optimizer", "name");
            if (o.contains("learning_rate"))
                opt.learning_rate = r.number(o, "training.optimizer", "learning_rate");
            if (o.contains("beta_1"))
                opt.beta_1 = r.number(o, "training.optimizer", "beta_1");
            if (o.contains("beta_2"))
                opt.beta_2 = r.number(o, "training.optimizer", "beta_2");
            if (o.contains("epsilon"))
                opt.epsilon = r.number(o, "training.optimizer", "epsilon");
            if (o.contains("decay"))
                opt.decay = r.number(o, "training.optimizer", "decay");
        }
    }

    const auto& vocabulary = r.field(doc, "", "vocabulary");
    if (!vocabulary.is_array())
        r.fail_type("vocabulary", "an array of strings");
    model.vocabulary.reserve(std::min<std::size_t>(vocabulary.size(), static_cast<std::size_t>(model_max_vocabulary)));
    for (std::size_t k = 0; k < vocabulary.size(); ++k) {
        if (!vocabulary[k].is_string())
            r.fail_type("vocabulary[" + std::to_string(k) + "]", "a string");
        model.vocabulary.push_back(vocabulary[k].get<std::string>());
    }
    if (model.vocabulary.size() != static_cast<std::size_t>(h.V))
        throw shape_error("jazzlstm.model.vocabulary_size",
            "the vocabulary has " + std::to_string(model.vocabulary.size()) + " tokens but hyper.V = " + std::to_string(h.V), r.where({}));
    const std::string stored_hash = r.string(doc, "", "vocabulary_fnv1a64");
    const std::string actual_hash = vocabulary_hash_hex(vocabulary_fingerprint(model.vocabulary));
    if (stored_hash != actual_hash)
        throw parse_error("jazzlstm.model.vocabulary_hash",
            "vocabulary_fnv1a64 is " + stored_hash + " but the listed vocabulary hashes to " + actual_hash
                + ": the vocabulary was edited or the file is corrupt",
            r.where(stored_hash));

    const auto& weights = r.object(doc, "", "weights");
    const Eigen::Index n_a = h.n_a, V = h.V;
    r.tensor(weights, "lstm_kernel", V, 4 * n_a, false, model.weights.lstm_kernel);
    r.tensor(weights, "lstm_recurrent_kernel", n_a, 4 * n_a, false, model.weights.lstm_recurrent_kernel);
    r.tensor(weights, "lstm_bias", 4 * n_a, 1, true, model.weights.lstm_bias);
    r.tensor(weights, "dense_kernel", n_a, V, false, model.weights.dense_kernel);
    r.tensor(weights, "dense_bias", V, 1, true, model.weights.dense_bias);

    detail::validate_model(model, label); // duplicates, precision and the rest of the shared rules
    return model;
}

/// Reads and parses a model file.
/// @throws io_error `jazzlstm.model.open_failed` / `jazzlstm.model.read_failed`;
///         limit_error `jazzlstm.model.too_large` (checked before reading);
///         and every error of `parse_model_file`, with the path as context.
/// Allocates: yes.
inline ModelFile load_model_file(const std::filesystem::path& path)
{
    const std::string label = path.string();
    error_context c;
    c.file = label;
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    if (ec)
        throw io_error("jazzlstm.model.open_failed", "cannot open the model file: " + ec.message(), c);
    if (size > model_file_max_bytes)
        throw limit_error("jazzlstm.model.too_large",
            "the file has " + std::to_string(size) + " bytes, above the cap of " + std::to_string(model_file_max_bytes), c);
    std::FILE* file = std::fopen(label.c_str(), "rb");
    if (!file)
        throw io_error("jazzlstm.model.open_failed", "cannot open the model file", c);
    std::string text(static_cast<std::size_t>(size), '\0');
    const std::size_t got = text.empty() ? 0 : std::fread(&text[0], 1, text.size(), file);
    // One byte more tells whether the file grew after the size check.
    const bool grew = std::fgetc(file) != EOF;
    const bool failed = std::ferror(file) != 0;
    std::fclose(file);
    if (failed || got != text.size())
        throw io_error("jazzlstm.model.read_failed", "reading the model file failed", c);
    if (grew)
        throw io_error("jazzlstm.model.read_failed", "the model file changed while it was read", c);
    return parse_model_file(text, label);
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
