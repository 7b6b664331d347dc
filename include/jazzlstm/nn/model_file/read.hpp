// Reading a model file: parsing its JSON text with errors that name the offending field
// (and the line and column of malformed JSON), and loading it from disk with a size cap.
// Nothing is returned unless the whole file is valid (model_file/format.hpp's rules).
#pragma once

#include <jazzlstm/core/error.hpp>
#include <jazzlstm/core/limits.hpp>
#include <jazzlstm/core/vocabulary.hpp>
#include <jazzlstm/nn/model_file/format.hpp>

#include <nlohmann/json.hpp>

#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

namespace jazzlstm {

namespace detail {

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
        void tensor(const nlohmann::json& weights, const char* name, Eigen::Index rows, Eigen::Index cols, bool is_vector, M& out,
            const std::string& parent = "weights") const
        {
            const std::string path = parent + "." + name;
            const auto& t = object(weights, parent, name);
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

    /// The optional "optimizer_state" member: {"iterations": N, "m": {five tensors}, "v": {...}},
    /// each tensor shaped like the weight of the same name (docs/model-format.md).
    inline void read_optimizer_state(const ModelReader& r, const nlohmann::json& doc, ModelFile& model)
    {
        if (!doc.contains("optimizer_state"))
            return;
        const auto& state = r.object(doc, "", "optimizer_state");
        AdamMoments<double> out;
        out.iterations = static_cast<long>(r.integer(state, "optimizer_state", "iterations", 0, std::numeric_limits<int>::max()));
        const Eigen::Index n_a = model.hyper.n_a, V = model.hyper.V;
        for (auto* moments : { &out.m, &out.v }) {
            const char* key = moments == &out.m ? "m" : "v";
            const std::string parent = std::string("optimizer_state.") + key;
            const auto& tensors = r.object(state, "optimizer_state", key);
            r.tensor(tensors, "lstm_kernel", V, 4 * n_a, false, moments->lstm_kernel, parent);
            r.tensor(tensors, "lstm_recurrent_kernel", n_a, 4 * n_a, false, moments->lstm_recurrent_kernel, parent);
            r.tensor(tensors, "lstm_bias", 4 * n_a, 1, true, moments->lstm_bias, parent);
            r.tensor(tensors, "dense_kernel", n_a, V, false, moments->dense_kernel, parent);
            r.tensor(tensors, "dense_bias", V, 1, true, moments->dense_bias, parent);
        }
        model.optimizer_state = std::move(out);
    }

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
    detail::read_optimizer_state(r, doc, model);

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

} // namespace jazzlstm
