// The streaming pass of the model reader: nlohmann's SAX interface walks the JSON text once and
// keeps only what a model file needs, so memory stays within a small multiple of the tensors'
// own size however the text is padded (an ignored member of 10⁸ zeros used to cost 3.9 GB as a
// document tree). Unknown members are skipped as they stream by; the small members (format,
// version, hyper, training, the hash) are kept as a skeleton document for model_file/read.hpp's
// checks; the vocabulary and the five tensors are collected typed, each value checked as it
// arrives. A tensor is filled in place when the `hyper` sizes came before it (the writer's order)
// and are valid; otherwise the pass only counts and a second pass fills it.
#pragma once

#include <jazzlstm/core/limits.hpp>

#include <nlohmann/json.hpp>

#include <Eigen/Core>

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace jazzlstm::detail {

/// The five tensors in the order the reader checks them.
inline constexpr std::array<const char*, 5> model_tensor_names
    = { "lstm_kernel", "lstm_recurrent_kernel", "lstm_bias", "dense_kernel", "dense_bias" };

/// The streamed tensors: the five weights, then the optional optimizer_state's first moments
/// (optimizer_state.m.<name>) and second moments (optimizer_state.v.<name>), five each; slot k
/// has the shape of weight k % 5.
inline constexpr std::size_t streamed_tensor_count = 15;
inline constexpr int first_moment_slot = 5;
inline constexpr int second_moment_slot = 10;

/// What the pass saw of one weights.<name> (or optimizer_state.m/v.<name>) member.
struct StreamedTensor {
    bool present = false;                   ///< weights.<name> was seen
    nlohmann::json node;                    ///< its skeleton: {"shape": [...], "data": placeholder} or a placeholder
    std::vector<nlohmann::json> shape;      ///< the first 4 shape entries (the reader looks at no more)
    std::size_t shape_count = 0;            ///< all shape entries
    bool data_is_array = false;
    std::size_t count = 0;                  ///< values in data
    std::optional<std::size_t> not_number;  ///< first entry that is not a number
    Eigen::MatrixXd values;                 ///< filled for `filled_for` (rows, cols), row-major order of the file
    std::optional<std::pair<Eigen::Index, Eigen::Index>> filled_for;
};

/// What the pass saw of the vocabulary array.
struct StreamedVocabulary {
    bool present = false;
    bool is_array = false;
    nlohmann::json placeholder;             ///< the value when it is no array
    std::vector<std::string> tokens;        ///< the strings before the first non-string, at most max_vocabulary + 1
    std::size_t count = 0;                  ///< all entries
    std::optional<std::size_t> not_string;  ///< first entry that is not a string
};

/// The tensor sizes (rows, cols) the hyper fields give, for filling while streaming.
using TensorSizes = std::array<std::pair<Eigen::Index, Eigen::Index>, 5>;

/// The SAX consumer. `sizes_of` turns the skeleton's "hyper" object into the five tensor sizes
/// when it is valid (nullopt otherwise); `byte_budget` is the input's size: a tensor is never
/// allocated beyond the values that many bytes could hold (each value takes two bytes at least).
/// Allocates: the skeleton, the vocabulary and the tensors (sized as above).
template <typename SizesOf>
class ModelStream {
public:
    using json = nlohmann::json;
    using number_integer_t = json::number_integer_t;
    using number_unsigned_t = json::number_unsigned_t;
    using number_float_t = json::number_float_t;
    using string_t = json::string_t;
    using binary_t = json::binary_t;

    ModelStream(SizesOf sizes_of, std::uintmax_t byte_budget, std::optional<TensorSizes> fixed = {})
        : sizes_of_(std::move(sizes_of))
        , byte_budget_(byte_budget)
        , fixed_(std::move(fixed))
    {
    }

    json skeleton;                          ///< root members other than vocabulary and weights
    bool root_is_object = false;
    bool weights_present = false;
    bool weights_is_object = false;
    StreamedVocabulary vocabulary;
    std::array<StreamedTensor, streamed_tensor_count> tensors;

    /// Set when the JSON was malformed: where (0-based byte) and nlohmann's message and id.
    std::optional<std::size_t> error_byte;
    std::string error_text;
    int error_id = 0;

    // ---- nlohmann's SAX interface ----
    bool null() { return scalar(json(nullptr)); }
    bool boolean(bool v) { return scalar(json(v)); }
    bool number_integer(number_integer_t v) { return frames_.empty() || top().kind != Kind::data ? scalar(json(v)) : datum(static_cast<double>(v)); }
    bool number_unsigned(number_unsigned_t v) { return frames_.empty() || top().kind != Kind::data ? scalar(json(v)) : datum(static_cast<double>(v)); }
    bool number_float(number_float_t v, const string_t&) { return frames_.empty() || top().kind != Kind::data ? scalar(json(v)) : datum(v); }
    bool string(string_t& v)
    {
        if (!frames_.empty() && top().kind == Kind::vocabulary) {
            if (!vocabulary.not_string && vocabulary.tokens.size() <= static_cast<std::size_t>(limits::max_vocabulary))
                vocabulary.tokens.push_back(std::move(v));
            ++vocabulary.count;
            return true;
        }
        return scalar(json(std::move(v)));
    }
    bool binary(binary_t&) { return scalar(json(nullptr)); }
    bool start_object(std::size_t) { return open(true); }
    bool start_array(std::size_t) { return open(false); }
    bool end_object() { return close(); }
    bool end_array() { return close(); }
    bool key(string_t& k)
    {
        if (!frames_.empty() && top().kind != Kind::skip)
            top().key = std::move(k);
        return true;
    }
    bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& e)
    {
        error_byte = position > 0 ? position - 1 : 0; // nlohmann counts from 1
        error_text = e.what();
        error_id = e.id;
        return false;
    }

private:
    // What the value at the current place is for.
    enum class Kind { root, hyper, training, optimizer, optimizer_state, moments, weights, tensor, shape, data, vocabulary, skip };

    struct Frame {
        explicit Frame(Kind k, json* t = nullptr, int index = -1) : kind(k), target(t), tensor(index) { }
        Kind kind;
        json* target;            ///< the skeleton object being filled (root, hyper, training, optimizer, tensor)
        int tensor;              ///< for tensor, shape and data: the slot; for moments: its first slot
        std::string key;         ///< the member whose value comes next (objects)
        std::size_t depth = 0;   ///< nesting inside a skipped value
    };

    Frame& top() { return frames_.back(); }

    // The slot of a weights or moments frame's first tensor.
    static int first_slot(const Frame& f) { return f.kind == Kind::moments ? f.tensor : 0; }

    // Where a member's value goes: the frame kind it opens as an object (or array), or skip.
    Kind child_kind(const Frame& f, bool object) const
    {
        const std::string& k = f.key;
        switch (f.kind) {
        case Kind::root:
            if (k == "hyper" && object)
                return Kind::hyper;
            if (k == "training" && object)
                return Kind::training;
            if (k == "weights" && object)
                return Kind::weights;
            if (k == "vocabulary" && !object)
                return Kind::vocabulary;
            if (k == "optimizer_state" && object)
                return Kind::optimizer_state;
            return Kind::skip;
        case Kind::training:
            return k == "optimizer" && object ? Kind::optimizer : Kind::skip;
        case Kind::optimizer_state:
            return object && (k == "m" || k == "v") ? Kind::moments : Kind::skip;
        case Kind::weights:
        case Kind::moments:
            return object && tensor_index(k) >= 0 ? Kind::tensor : Kind::skip;
        case Kind::tensor:
            if (k == "shape" && !object)
                return Kind::shape;
            if (k == "data" && !object)
                return Kind::data;
            return Kind::skip;
        default:
            return Kind::skip;
        }
    }

    static int tensor_index(const std::string& name)
    {
        for (std::size_t t = 0; t < model_tensor_names.size(); ++t)
            if (name == model_tensor_names[t])
                return static_cast<int>(t);
        return -1;
    }

    // Is `key` of an object frame a member the reader looks at?
    static bool wanted(Kind kind, const std::string& key)
    {
        static const char* const root[] = { "format", "version", "hyper", "training", "vocabulary_fnv1a64", "optimizer_state" };
        static const char* const hyper[] = { "Tx", "n_a", "V", "Ty" };
        static const char* const training[] = { "epochs", "m", "seed", "window_seed", "final_loss", "precision", "source", "optimizer" };
        static const char* const optimizer[] = { "name", "learning_rate", "beta_1", "beta_2", "epsilon", "decay" };
        static const char* const optimizer_state[] = { "iterations", "m", "v" };
        auto in = [&](const auto& list) {
            for (const char* name : list)
                if (key == name)
                    return true;
            return false;
        };
        switch (kind) {
        case Kind::root: return in(root);
        case Kind::hyper: return in(hyper);
        case Kind::training: return in(training);
        case Kind::optimizer: return in(optimizer);
        case Kind::optimizer_state: return in(optimizer_state);
        default: return false;
        }
    }

    // A value that is kept as it is (scalar) or as an empty placeholder of its type (object/array).
    bool place(json value)
    {
        if (frames_.empty()) { // the root itself is no object
            skeleton = std::move(value);
            return true;
        }
        Frame& f = top();
        switch (f.kind) {
        case Kind::root:
            if (f.key == "vocabulary") {
                vocabulary = StreamedVocabulary {};
                vocabulary.present = true;
                vocabulary.placeholder = std::move(value);
            } else if (f.key == "weights") {
                weights_present = true;
                weights_is_object = false;
            } else if (wanted(f.kind, f.key)) {
                (*f.target)[f.key] = std::move(value);
            }
            break;
        case Kind::hyper:
        case Kind::training:
        case Kind::optimizer:
        case Kind::optimizer_state:
            if (wanted(f.kind, f.key))
                (*f.target)[f.key] = std::move(value);
            break;
        case Kind::weights:
        case Kind::moments:
            if (const int t = tensor_index(f.key); t >= 0) {
                const auto slot = static_cast<std::size_t>(first_slot(f) + t);
                tensors[slot] = StreamedTensor {};
                tensors[slot].present = true;
                tensors[slot].node = std::move(value);
            }
            break;
        case Kind::tensor: {
            StreamedTensor& tensor = tensors[static_cast<std::size_t>(f.tensor)];
            if (f.key == "shape" || f.key == "data") {
                tensor.node[f.key] = std::move(value);
                if (f.key == "shape") {
                    tensor.shape.clear();
                    tensor.shape_count = 0;
                } else {
                    tensor.data_is_array = false;
                }
            }
            break;
        }
        case Kind::shape: {
            StreamedTensor& tensor = tensors[static_cast<std::size_t>(f.tensor)];
            if (tensor.shape.size() < 4)
                tensor.shape.push_back(std::move(value));
            ++tensor.shape_count;
            break;
        }
        case Kind::vocabulary:
            if (!vocabulary.not_string)
                vocabulary.not_string = vocabulary.count;
            ++vocabulary.count;
            break;
        case Kind::data: {
            StreamedTensor& tensor = tensors[static_cast<std::size_t>(f.tensor)];
            if (!tensor.not_number)
                tensor.not_number = tensor.count;
            ++tensor.count;
            break;
        }
        case Kind::skip:
            break;
        }
        return true;
    }

    bool scalar(json value)
    {
        if (!frames_.empty() && top().kind == Kind::skip)
            return true;
        return place(std::move(value));
    }

    bool datum(double value)
    {
        StreamedTensor& tensor = tensors[static_cast<std::size_t>(top().tensor)];
        if (tensor.filled_for && tensor.count < static_cast<std::size_t>(tensor.values.size())) {
            const Eigen::Index cols = tensor.values.cols();
            const auto k = static_cast<Eigen::Index>(tensor.count);
            tensor.values(k / cols, k % cols) = value;
        }
        ++tensor.count;
        return true;
    }

    bool open(bool object)
    {
        if (frames_.empty()) {
            if (!object || opened_root_) { // the document is an array: skipped whole
                opened_root_ = true;
                skeleton = json::array();
                frames_.emplace_back(Kind::skip);
                return true;
            }
            opened_root_ = true;
            root_is_object = true;
            skeleton = json::object();
            frames_.emplace_back(Kind::root, &skeleton);
            return true;
        }
        Frame& f = top();
        if (f.kind == Kind::skip) {
            ++f.depth;
            return true;
        }
        const Kind kind = (f.kind == Kind::root || f.kind == Kind::training || f.kind == Kind::weights || f.kind == Kind::tensor
                              || f.kind == Kind::optimizer_state || f.kind == Kind::moments)
            ? child_kind(f, object)
            : Kind::skip;
        if (f.kind == Kind::root && (f.key == "hyper" || f.key == "training" || f.key == "optimizer_state") && object) {
            (*f.target)[f.key] = json::object();
            frames_.emplace_back(kind, &(*f.target)[f.key]);
            return true;
        }
        if (f.kind == Kind::training && f.key == "optimizer" && object) {
            (*f.target)[f.key] = json::object();
            frames_.emplace_back(kind, &(*f.target)[f.key]);
            return true;
        }
        switch (kind) {
        case Kind::weights:
            weights_present = true;
            weights_is_object = true;
            for (std::size_t t = 0; t < model_tensor_names.size(); ++t)
                tensors[t] = {};
            frames_.emplace_back(Kind::weights, nullptr, 0);
            return true;
        case Kind::moments: {
            // The reader checks the member's presence and type in the skeleton; the tensors stream.
            const int first = f.key == "m" ? first_moment_slot : second_moment_slot;
            (*f.target)[f.key] = json::object();
            for (std::size_t t = 0; t < model_tensor_names.size(); ++t)
                tensors[static_cast<std::size_t>(first) + t] = {};
            frames_.emplace_back(Kind::moments, nullptr, first);
            return true;
        }
        case Kind::tensor: {
            const int t = first_slot(f) + tensor_index(f.key);
            tensors[static_cast<std::size_t>(t)] = StreamedTensor {};
            tensors[static_cast<std::size_t>(t)].present = true;
            tensors[static_cast<std::size_t>(t)].node = json::object();
            frames_.emplace_back(Kind::tensor, &tensors[static_cast<std::size_t>(t)].node, t);
            return true;
        }
        case Kind::shape: {
            StreamedTensor& tensor = tensors[static_cast<std::size_t>(f.tensor)];
            tensor.node["shape"] = json::array();
            tensor.shape.clear();
            tensor.shape_count = 0;
            const int index = f.tensor; // f lives in frames_, which may grow
            frames_.emplace_back(Kind::shape, nullptr, index);
            return true;
        }
        case Kind::data: {
            const int t = f.tensor;
            StreamedTensor& tensor = tensors[static_cast<std::size_t>(t)];
            tensor.node["data"] = json::array();
            tensor.data_is_array = true;
            tensor.count = 0;
            tensor.not_number.reset();
            prepare(tensor, static_cast<std::size_t>(t));
            frames_.emplace_back(Kind::data, nullptr, t);
            return true;
        }
        case Kind::vocabulary:
            vocabulary = StreamedVocabulary {};
            vocabulary.present = true;
            vocabulary.is_array = true;
            frames_.emplace_back(Kind::vocabulary);
            return true;
        default:
            break;
        }
        // Not descended into: a placeholder of the right type where the reader looks, then skipped.
        place(object ? json::object() : json::array());
        frames_.emplace_back(Kind::skip);
        return true;
    }

    bool close()
    {
        if (frames_.empty())
            return true;
        Frame& f = top();
        if (f.kind == Kind::skip && f.depth > 0) {
            --f.depth;
            return true;
        }
        if (f.kind == Kind::hyper)
            hyper_seen_ = true;
        frames_.pop_back();
        return true;
    }

    // Sizes the tensor for filling in place when the sizes are known and the input could hold it.
    void prepare(StreamedTensor& tensor, std::size_t index)
    {
        tensor.filled_for.reset();
        tensor.values.resize(0, 0);
        std::optional<TensorSizes> sizes = fixed_;
        if (!sizes && hyper_seen_ && skeleton.is_object() && skeleton.contains("hyper"))
            sizes = sizes_of_(skeleton.at("hyper"));
        if (!sizes)
            return;
        const auto [rows, cols] = (*sizes)[index % model_tensor_names.size()];
        const auto values = static_cast<std::uintmax_t>(rows) * static_cast<std::uintmax_t>(cols);
        if (values > byte_budget_ / 2)
            return; // the text cannot hold them: the count will tell, and nothing was allocated
        tensor.values.resize(rows, cols);
        tensor.filled_for = std::make_pair(rows, cols);
    }

    SizesOf sizes_of_;
    std::uintmax_t byte_budget_;
    std::optional<TensorSizes> fixed_;
    std::vector<Frame> frames_;
    bool opened_root_ = false;
    bool hyper_seen_ = false;
};

} // namespace jazzlstm::detail
