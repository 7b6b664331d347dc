// One exception hierarchy for both halves of the library (standard library only).
//
// Every message starts with a stable identifier in brackets, e.g.
//   [jazzlstm.midi.running_status] song.mid: byte 812, track 2: data byte 0x40 with no running status
// so that tests and scripts can match on the identifier while people read the rest.
#pragma once

#include <cstddef>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>

namespace jazzlstm {

/// Where a failure happened; every field is optional and only the known ones are printed.
struct error_context {
    std::string file;                     ///< path or label of the input ("<memory>" for buffers)
    std::optional<std::size_t> byte;      ///< byte offset in a binary input
    std::optional<std::size_t> line;      ///< 1-based line in a text input
    std::optional<std::size_t> column;    ///< 1-based column in a text input
    std::optional<int> track;             ///< MIDI track index (0-based)
    std::optional<std::size_t> position;  ///< index of a token in a sequence (0-based)
    std::string token;                    ///< the offending token or value, verbatim

    std::string describe() const
    {
        std::ostringstream out;
        const char* sep = "";
        if (!file.empty()) {
            out << file;
            sep = ": ";
        }
        auto item = [&](const auto& label, const auto& value) {
            out << sep << label << ' ' << value;
            sep = ", ";
        };
        if (byte)
            item("byte", *byte);
        if (line) {
            out << sep << "line " << *line;
            if (column)
                out << ':' << *column;
            sep = ", ";
        }
        if (track)
            item("track", *track);
        if (position)
            item("position", *position);
        if (!token.empty())
            item("token", '\'' + token + '\'');
        return out.str();
    }
};

/// Base of every exception the library throws.
class error : public std::runtime_error {
public:
    error(std::string id, const std::string& detail, error_context context = {})
        : std::runtime_error(format(id, detail, context))
        , id_(std::move(id))
        , detail_(detail)
        , context_(std::move(context))
    {
    }

    /// Stable identifier such as "jazzlstm.midi.truncated"; pinned by the tests.
    const std::string& id() const noexcept { return id_; }
    /// The human sentence without identifier and location.
    const std::string& detail() const noexcept { return detail_; }
    const error_context& context() const noexcept { return context_; }

private:
    static std::string format(const std::string& id, const std::string& detail, const error_context& context)
    {
        std::string where = context.describe();
        return "[" + id + "] " + (where.empty() ? "" : where + ": ") + detail;
    }

    std::string id_;
    std::string detail_;
    error_context context_;
};

/// Malformed input data: MIDI bytes, grammar tokens, model files.
class parse_error : public error {
public:
    using error::error;
};

/// A size that does not fit: vocabulary against a model, weight matrix dimensions.
class shape_error : public error {
public:
    using error::error;
};

/// A file that cannot be opened, read or written.
class io_error : public error {
public:
    using error::error;
};

/// Input within the format but beyond a documented cap (file size, events, vocabulary...).
class limit_error : public error {
public:
    using error::error;
};

/// Training produced a NaN or an infinity.
class numeric_error : public error {
public:
    using error::error;
};

/// A caller passed an argument outside the function's contract (bad option, empty corpus...).
class argument_error : public error {
public:
    using error::error;
};

} // namespace jazzlstm
