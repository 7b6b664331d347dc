// Reading a model file: parsing its JSON text with errors that name the offending field
// (and the line and column of malformed JSON), and loading it from disk with a size cap.
// Nothing is returned unless the whole file is valid (model_file/format.hpp's rules). The text
// is streamed (model_file/stream.hpp): memory is the tensors and the vocabulary, not a document
// tree of the whole file, and a file is read from disk in 64 KiB pieces.
#pragma once

#include <jazzlstm/core/error.hpp>
#include <jazzlstm/core/limits.hpp>
#include <jazzlstm/core/vocabulary.hpp>
#include <jazzlstm/nn/model_file/format.hpp>
#include <jazzlstm/nn/model_file/stream.hpp>

#include <nlohmann/json.hpp>

#include <Eigen/Core>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <istream>
#include <limits>
#include <memory>
#include <optional>
#include <streambuf>
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

        /// Checks what the stream saw of weights.<name> against the expected shape, in the order
        /// the fields are read: the member, its shape, its data (count, then each value's type).
        void check_tensor(const StreamedTensor& t, const char* name, Eigen::Index rows, Eigen::Index cols, bool is_vector,
            const std::string& parent = "weights") const
        {
            const std::string path = parent + "." + name;
            if (!t.present)
                fail_missing(path);
            if (!t.node.is_object())
                fail_type(path, "an object");
            const auto& shape = field(t.node, path, "shape");
            if (!shape.is_array())
                fail_type(path + ".shape", "an array");
            std::vector<std::int64_t> got;
            std::string shape_text = "[";
            for (std::size_t k = 0; k < t.shape.size(); ++k) {
                got.push_back(integer(t.shape[k], path + ".shape[" + std::to_string(k) + "]", 0, std::int64_t { 1 } << 40));
                shape_text += (k ? "," : "") + t.shape[k].dump();
            }
            shape_text += t.shape_count > t.shape.size() ? ",...]" : "]";
            const std::vector<std::int64_t> want = is_vector ? std::vector<std::int64_t> { rows } : std::vector<std::int64_t> { rows, cols };
            if (got != want || t.shape_count != want.size())
                throw shape_error("jazzlstm.model.shape",
                    path + " has shape " + shape_text + ", expected " + nlohmann::json(want).dump() + " (from hyper.n_a and hyper.V)", where(name));
            field(t.node, path, "data");
            if (!t.data_is_array)
                fail_type(path + ".data", "an array");
            if (t.count != static_cast<std::size_t>(rows * cols))
                throw shape_error("jazzlstm.model.shape",
                    path + ".data has " + std::to_string(t.count) + " values, shape " + shape_text + " needs " + std::to_string(rows * cols),
                    where(name));
            if (t.not_number) {
                auto ctx = where(name);
                ctx.position = *t.not_number;
                throw parse_error("jazzlstm.model.wrong_type", path + ".data[" + std::to_string(*t.not_number) + "] is not a number", std::move(ctx));
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

    /// The five tensor sizes (rows, cols) of a valid "hyper" object, else nullopt.
    inline std::optional<TensorSizes> tensor_sizes(const nlohmann::json& hyper)
    {
        auto get = [&](const char* key, std::int64_t high) -> std::optional<Eigen::Index> {
            const auto it = hyper.find(key);
            if (it == hyper.end() || !it->is_number_integer() || (it->is_number_unsigned() && it->get<std::uint64_t>() > std::uint64_t(high)))
                return std::nullopt;
            const auto x = it->get<std::int64_t>();
            return x >= 1 && x <= high ? std::optional<Eigen::Index>(x) : std::nullopt;
        };
        if (!hyper.is_object())
            return std::nullopt;
        const auto n_a = get("n_a", model_max_units);
        const auto V = get("V", model_max_vocabulary);
        if (!n_a || !V)
            return std::nullopt;
        return TensorSizes { { { *V, 4 * *n_a }, { *n_a, 4 * *n_a }, { 4 * *n_a, 1 }, { *n_a, *V }, { *V, 1 } } };
    }

    using ModelSax = ModelStream<std::optional<TensorSizes> (*)(const nlohmann::json&)>;

    /// The model out of a finished stream, checked field by field in the documented order;
    /// `rerun(sizes)` streams the input again to fill tensors that came before `hyper`.
    template <typename Rerun>
    ModelFile model_from_stream(ModelSax& sax, const std::string& label, Rerun&& rerun)
    {
        const ModelReader r(label);
        const nlohmann::json& doc = sax.skeleton;
        if (!sax.root_is_object)
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
                info.epochs = r.integer(t, "training", "epochs", 0, std::numeric_limits<std::int64_t>::max());
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
                for (const auto& [key, slot] : { std::pair<const char*, double*> { "learning_rate", &opt.learning_rate },
                         { "beta_1", &opt.beta_1 }, { "beta_2", &opt.beta_2 }, { "epsilon", &opt.epsilon }, { "decay", &opt.decay } })
                    if (o.contains(key))
                        *slot = r.number(o, "training.optimizer", key);
            }
        }

        const StreamedVocabulary& vocabulary = sax.vocabulary;
        if (!vocabulary.present)
            r.fail_missing("vocabulary");
        if (!vocabulary.is_array)
            r.fail_type("vocabulary", "an array of strings");
        if (vocabulary.not_string)
            r.fail_type("vocabulary[" + std::to_string(*vocabulary.not_string) + "]", "a string");
        if (vocabulary.count != static_cast<std::size_t>(h.V))
            throw shape_error("jazzlstm.model.vocabulary_size",
                "the vocabulary has " + std::to_string(vocabulary.count) + " tokens but hyper.V = " + std::to_string(h.V), r.where({}));
        model.vocabulary = std::move(sax.vocabulary.tokens);
        const std::string stored_hash = r.string(doc, "", "vocabulary_fnv1a64");
        const std::string actual_hash = vocabulary_hash_hex(vocabulary_fingerprint(model.vocabulary));
        if (stored_hash != actual_hash)
            throw parse_error("jazzlstm.model.vocabulary_hash",
                "vocabulary_fnv1a64 is " + stored_hash + " but the listed vocabulary hashes to " + actual_hash
                    + ": the vocabulary was edited or the file is corrupt",
                r.where(stored_hash));

        if (!sax.weights_present)
            r.fail_missing("weights");
        if (!sax.weights_is_object)
            r.fail_type("weights", "an object");
        const TensorSizes sizes = *tensor_sizes(hyper);
        bool complete = true;
        const auto check = [&](int first, const std::string& parent) {
            for (std::size_t t = 0; t < sizes.size(); ++t) {
                const StreamedTensor& streamed = sax.tensors[static_cast<std::size_t>(first) + t];
                r.check_tensor(streamed, model_tensor_names[t], sizes[t].first, sizes[t].second, t == 2 || t == 4, parent);
                complete = complete && streamed.filled_for == sizes[t];
            }
        };
        check(0, "weights");
        // "optimizer_state" is optional (files of other programs and of earlier versions).
        std::optional<long> iterations;
        if (doc.contains("optimizer_state")) {
            const auto& state = r.object(doc, "", "optimizer_state");
            iterations = static_cast<long>(r.integer(state, "optimizer_state", "iterations", 0, std::numeric_limits<int>::max()));
            r.object(state, "optimizer_state", "m");
            r.object(state, "optimizer_state", "v");
            check(first_moment_slot, "optimizer_state.m");
            check(second_moment_slot, "optimizer_state.v");
        }
        if (!complete) // weights before hyper (or hyper given twice): the second pass fills them
            rerun(sax, sizes);
        const auto take = [&](int first, KerasWeights<double>& out) {
            auto& t = sax.tensors;
            const auto k = static_cast<std::size_t>(first);
            out.lstm_kernel = std::move(t[k].values);
            out.lstm_recurrent_kernel = std::move(t[k + 1].values);
            out.lstm_bias = t[k + 2].values.col(0);
            out.dense_kernel = std::move(t[k + 3].values);
            out.dense_bias = t[k + 4].values.col(0);
        };
        take(0, model.weights);
        if (iterations) {
            AdamMoments<double> state;
            state.iterations = *iterations;
            take(first_moment_slot, state.m);
            take(second_moment_slot, state.v);
            model.optimizer_state = std::move(state);
        }
        validate_model(model, label); // duplicates, precision and the rest of the shared rules
        return model;
    }

    /// The jazzlstm error of malformed JSON at `offset` (line and column from `line_column`).
    template <typename LineColumn>
    [[noreturn]] void throw_json_error(const ModelSax& sax, const std::string& label, LineColumn&& line_column)
    {
        const std::size_t offset = *sax.error_byte;
        const auto [line, column] = line_column(offset);
        error_context c;
        c.file = label;
        c.byte = offset;
        c.line = line;
        c.column = column;
        const std::string& what = sax.error_text;
        const auto colon = what.find("syntax error");
        // out_of_range.406: a number too large for a double (JSON has no infinities).
        throw parse_error("jazzlstm.model.json", "malformed JSON: " + (colon == std::string::npos ? what : what.substr(colon)), std::move(c));
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

    /// A FILE read in 64 KiB pieces that ends the stream after `cap` bytes (a file that grows
    /// while it is read, or a device), so the reader never holds more than one piece of text.
    class CappedFileBuffer : public std::streambuf {
    public:
        CappedFileBuffer(std::FILE* file, std::uintmax_t cap) : file_(file), cap_(cap) { }
        bool failed() const { return failed_; }
        bool over_cap() const { return over_; }
        std::uintmax_t consumed() const { return total_; }

    protected:
        int_type underflow() override
        {
            if (gptr() < egptr())
                return traits_type::to_int_type(*gptr());
            const std::size_t got = std::fread(buffer_, 1, sizeof buffer_, file_);
            if (got == 0) {
                failed_ = std::ferror(file_) != 0;
                return traits_type::eof();
            }
            total_ += got;
            if (total_ > cap_) {
                over_ = true;
                return traits_type::eof();
            }
            setg(buffer_, buffer_, buffer_ + got);
            return traits_type::to_int_type(*gptr());
        }

    private:
        std::FILE* file_;
        std::uintmax_t cap_;
        std::uintmax_t total_ = 0;
        bool failed_ = false;
        bool over_ = false;
        char buffer_[1 << 16];
    };

} // namespace detail

/// Parses a model file's text; `label` names it in error messages.
/// Nothing is returned unless the whole file is valid. Unknown members are skipped while the
/// text streams by; tensors are filled in place when `hyper` precedes them (else in a second pass).
/// @throws limit_error `jazzlstm.model.too_large` (text above model_file_max_bytes);
///         parse_error `jazzlstm.model.json` (malformed JSON; context line:column and byte),
///         `jazzlstm.model.format` (not a jazzlstm model), `jazzlstm.model.version` (unknown version),
///         `jazzlstm.model.missing_field`, `jazzlstm.model.wrong_type`, `jazzlstm.model.bad_value`,
///         `jazzlstm.model.duplicate_token`, `jazzlstm.model.vocabulary_hash`;
///         shape_error `jazzlstm.model.shape`, `jazzlstm.model.vocabulary_size`;
///         numeric_error `jazzlstm.model.non_finite`.
/// Allocates: the tensors, the vocabulary and the small members (never a tree of the whole text).
inline ModelFile parse_model_file(std::string_view text, const std::string& label = "<memory>")
{
    if (text.size() > model_file_max_bytes) {
        error_context c;
        c.file = label;
        throw limit_error("jazzlstm.model.too_large",
            "model text of " + std::to_string(text.size()) + " bytes exceeds the cap of " + std::to_string(model_file_max_bytes), c);
    }
    detail::ModelSax sax(&detail::tensor_sizes, text.size());
    if (!nlohmann::json::sax_parse(text.begin(), text.end(), &sax))
        detail::throw_json_error(sax, label, [&](std::size_t offset) { return detail::line_column(text, offset); });
    return detail::model_from_stream(sax, label, [&](detail::ModelSax& first, const detail::TensorSizes& sizes) {
        detail::ModelSax again(&detail::tensor_sizes, text.size(), sizes);
        nlohmann::json::sax_parse(text.begin(), text.end(), &again);
        first.tensors = std::move(again.tensors);
    });
}

/// Reads and parses a model file, streaming it from disk (see parse_model_file).
/// @throws io_error `jazzlstm.model.open_failed` / `jazzlstm.model.read_failed`;
///         limit_error `jazzlstm.model.too_large` (checked before reading, and while reading a file
///         that grows); and every error of `parse_model_file`, with the path as context.
/// Allocates: as parse_model_file, plus one 64 KiB buffer.
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
    struct Closer {
        void operator()(std::FILE* f) const { std::fclose(f); }
    };
    const std::unique_ptr<std::FILE, Closer> file(std::fopen(label.c_str(), "rb"));
    if (!file)
        throw io_error("jazzlstm.model.open_failed", std::string("cannot open the model file: ") + std::strerror(errno), c);
    // One pass over the file; `stream` returns false on malformed JSON and checks the reading itself.
    auto stream = [&](detail::ModelSax& sax) {
        std::rewind(file.get());
        detail::CappedFileBuffer buffer(file.get(), size);
        std::istream in(&buffer);
        const bool ok = nlohmann::json::sax_parse(in, &sax);
        if (buffer.failed())
            throw io_error("jazzlstm.model.read_failed", std::string("reading the model file failed: ") + std::strerror(errno), c);
        if (buffer.over_cap() || (ok && buffer.consumed() != size))
            throw io_error("jazzlstm.model.read_failed", "the model file changed while it was read", c);
        return ok;
    };
    detail::ModelSax sax(&detail::tensor_sizes, size);
    if (!stream(sax)) {
        detail::throw_json_error(sax, label, [&](std::size_t offset) {
            // Count lines up to the offset in a second, bounded read.
            std::rewind(file.get());
            std::size_t line = 1, column = 1;
            for (std::size_t k = 0; k < offset; ++k) {
                const int ch = std::fgetc(file.get());
                if (ch == EOF)
                    break;
                column = ch == '\n' ? 1 : column + 1;
                line += ch == '\n';
            }
            return std::make_pair(line, column);
        });
    }
    return detail::model_from_stream(sax, label, [&](detail::ModelSax& first, const detail::TensorSizes& sizes) {
        detail::ModelSax again(&detail::tensor_sizes, size, sizes);
        stream(again);
        first.tensors = std::move(again.tensors);
    });
}

} // namespace jazzlstm
