// Reading Standard MIDI Files, format 0 and 1 (standard library only): parse from memory,
// read_file from disk, and the caps that bound what one input may cost. docs/midi.md has the
// support matrix, the limits and the table of error ids.
#pragma once

#include <jazzlstm/core/error.hpp>
#include <jazzlstm/core/limits.hpp>
#include <jazzlstm/music/midi/events.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

namespace jazzlstm::midi {

/// Inputs larger than this are refused before anything is read (limit_error jazzlstm.midi.too_large).
inline constexpr std::size_t max_file_bytes = limits::max_midi_bytes;
/// At most this many events in one file (limit_error jazzlstm.midi.too_many_events); an Event costs
/// ~50 bytes in memory against 2 bytes on disk, so the file-size cap alone does not bound memory well.
inline constexpr std::size_t max_events = limits::max_midi_events;
/// Caps applied while reading; the defaults are max_file_bytes and max_events. Callers may lower
/// them (a server reading untrusted uploads) or raise them.
struct ReadLimits {
    std::size_t max_bytes = max_file_bytes;
    std::size_t max_events = midi::max_events;
};

namespace detail {

    /// Reads one SMF byte buffer. Offsets in errors are absolute byte offsets in the buffer.
    class SmfReader {
    public:
        SmfReader(const std::uint8_t* data, std::size_t size, const std::string& label, const ReadLimits& limits)
            : data_(data)
            , size_(size)
            , label_(label)
            , limits_(limits)
        {
        }

        File read()
        {
            if (size_ > limits_.max_bytes)
                fail_limit("jazzlstm.midi.too_large", "input of " + std::to_string(size_) + " bytes exceeds the cap of "
                        + std::to_string(limits_.max_bytes) + " bytes", 0);
            if (size_ == 0)
                fail("jazzlstm.midi.truncated", "empty input", 0);
            if (data_ == nullptr)
                fail("jazzlstm.midi.bad_header", "null data pointer", 0);
            static const std::uint8_t mthd[4] = { 'M', 'T', 'h', 'd' };
            if (std::memcmp(data_, mthd, std::min<std::size_t>(size_, 4)) != 0)
                fail("jazzlstm.midi.bad_header", "not a Standard MIDI File (no MThd tag)", 0);
            if (size_ < 8)
                fail("jazzlstm.midi.truncated", "file ends inside the header chunk", size_);
            const std::uint32_t header_length = be32(4);
            if (header_length < 6)
                fail("jazzlstm.midi.bad_header", "header length " + std::to_string(header_length) + " is below 6", 4);
            if (header_length > size_ - 8)
                fail("jazzlstm.midi.chunk_length", "header length " + std::to_string(header_length) + " runs past the end of the file", 4);
            const unsigned format = be16(8);
            const unsigned declared_tracks = be16(10);
            const unsigned division = be16(12);
            if (format == 2)
                fail("jazzlstm.midi.unsupported_format", "format 2 (independent sequences) is not supported", 8);
            if (format > 2)
                fail("jazzlstm.midi.unsupported_format", "unknown format " + std::to_string(format), 8);
            if (declared_tracks == 0)
                fail("jazzlstm.midi.no_tracks", "header declares no tracks", 10);
            if (format == 0 && declared_tracks != 1)
                fail("jazzlstm.midi.track_count", "format 0 with " + std::to_string(declared_tracks) + " tracks (must be 1)", 10);
            if (division & 0x8000u)
                fail("jazzlstm.midi.smpte_division", "SMPTE time division is not supported", 12);
            if (division == 0)
                fail("jazzlstm.midi.bad_division", "0 ticks per quarter", 12);

            File file;
            file_ = &file;
            file.format = static_cast<int>(format);
            file.ticks_per_quarter = static_cast<int>(division);
            // Every track chunk takes at least 8 bytes, which bounds the reservation by the input.
            file.tracks.reserve(std::min<std::size_t>(declared_tracks, (size_ - 8 - header_length) / 8));

            std::size_t pos = 8 + std::size_t { header_length };
            while (file.tracks.size() < declared_tracks) {
                if (size_ - pos < 8)
                    fail("jazzlstm.midi.truncated", "file ends after " + std::to_string(file.tracks.size()) + " of "
                            + std::to_string(declared_tracks) + " declared tracks", pos);
                const std::uint32_t length = be32(pos + 4);
                if (length > size_ - pos - 8)
                    fail("jazzlstm.midi.chunk_length", "chunk length " + std::to_string(length) + " runs past the end of the file",
                        pos + 4);
                const std::size_t begin = pos + 8;
                const std::size_t end = begin + length;
                if (std::memcmp(data_ + pos, "MTrk", 4) == 0) {
                    track_ = static_cast<int>(file.tracks.size());
                    file.tracks.push_back(read_track(begin, end));
                    track_.reset();
                }
                pos = end; // unknown chunks are skipped by their length
            }
            // Anything after the declared tracks is ignored.
            return file;
        }

    private:
        [[noreturn]] void fail(const char* id, const std::string& detail, std::size_t byte) const
        {
            error_context context;
            context.file = label_;
            context.byte = byte;
            context.track = track_;
            throw parse_error(id, detail, std::move(context));
        }

        void warn(std::size_t byte, const char* problem)
        {
            ++file_->dropped_events;
            if (file_->warnings.size() < max_read_warnings)
                file_->warnings.push_back({ byte, track_.value_or(0), std::string(problem) + " (dropped)" });
        }

        [[noreturn]] void fail_limit(const char* id, const std::string& detail, std::size_t byte) const
        {
            error_context context;
            context.file = label_;
            context.byte = byte;
            context.track = track_;
            throw limit_error(id, detail, std::move(context));
        }

        std::uint32_t be32(std::size_t at) const
        {
            return (std::uint32_t { data_[at] } << 24) | (std::uint32_t { data_[at + 1] } << 16)
                | (std::uint32_t { data_[at + 2] } << 8) | std::uint32_t { data_[at + 3] };
        }
        unsigned be16(std::size_t at) const { return (unsigned { data_[at] } << 8) | unsigned { data_[at + 1] }; }

        std::uint8_t next_byte(std::size_t& pos, std::size_t end, const char* what) const
        {
            if (pos >= end)
                fail("jazzlstm.midi.truncated", std::string("track chunk ends inside ") + what, end);
            return data_[pos++];
        }

        std::uint32_t read_vlq(std::size_t& pos, std::size_t end, const char* what) const
        {
            const std::size_t start = pos;
            std::uint32_t value = 0;
            for (int i = 0; i < 4; ++i) {
                const std::uint8_t byte = next_byte(pos, end, what);
                value = (value << 7) | (byte & 0x7Fu);
                if (!(byte & 0x80u))
                    return value;
            }
            fail("jazzlstm.midi.vlq_too_long", std::string(what) + " longer than 4 bytes", start);
        }

        Track read_track(std::size_t pos, std::size_t end)
        {
            Track track;
            std::uint64_t tick = 0;
            std::uint8_t running = 0;
            while (pos < end) {
                if (events_ >= limits_.max_events)
                    fail_limit("jazzlstm.midi.too_many_events", "more than " + std::to_string(limits_.max_events) + " events", pos);
                const std::size_t event_start = pos;
                tick += read_vlq(pos, end, "a delta time");
                Event event;
                event.tick = tick;
                const std::size_t status_at = pos;
                std::uint8_t status = next_byte(pos, end, "an event");
                if (status < 0x80) {
                    if (running == 0)
                        fail("jazzlstm.midi.running_status", "data byte " + hex_byte(status) + " with no running status", status_at);
                    --pos; // the byte is the first data byte
                    status = running;
                }
                event.status = status;
                if (status == 0xFF) {
                    event.meta_type = next_byte(pos, end, "a meta event");
                    const std::size_t length_at = pos;
                    const std::uint32_t length = read_vlq(pos, end, "a meta event length");
                    if (length > end - pos)
                        fail("jazzlstm.midi.event_length", "meta event length " + std::to_string(length) + " runs past the track chunk",
                            length_at);
                    event.data.assign(data_ + pos, data_ + pos + length);
                    pos += length;
                    if (const char* problem = meta_problem(event.meta_type, event.data)) {
                        if (!meta_is_dispensable(event.meta_type))
                            fail("jazzlstm.midi.bad_meta", problem, event_start);
                        warn(event_start, problem);
                        if (event.meta_type != meta_end_of_track) {
                            ++events_; // a dropped event still counts against the cap
                            continue;  // the events around it keep their absolute ticks
                        }
                        event.data.clear(); // an end-of-track with a payload still ends the track
                    }
                    // Running status survives meta events and SysEx here (lenient; writers differ).
                } else if (status == 0xF0 || status == 0xF7) {
                    const std::size_t length_at = pos;
                    const std::uint32_t length = read_vlq(pos, end, "a SysEx length");
                    if (length > end - pos)
                        fail("jazzlstm.midi.event_length", "SysEx length " + std::to_string(length) + " runs past the track chunk",
                            length_at);
                    event.data.assign(data_ + pos, data_ + pos + length);
                    pos += length;
                } else if (status >= 0xF0) {
                    fail("jazzlstm.midi.bad_status", "status byte " + hex_byte(status) + " is not allowed in a file", status_at);
                } else {
                    const int count = channel_data_bytes(status);
                    event.data.resize(static_cast<std::size_t>(count));
                    for (int i = 0; i < count; ++i) {
                        const std::size_t at = pos;
                        const std::uint8_t byte = next_byte(pos, end, "a channel message");
                        if (byte & 0x80u)
                            fail("jazzlstm.midi.data_byte", "byte " + hex_byte(byte) + " where a data byte of status " + hex_byte(status)
                                    + " is needed",
                                at);
                        event.data[static_cast<std::size_t>(i)] = byte;
                    }
                    running = status;
                }
                // Only a dropped event can leave a gap no single delta holds; refusing it here keeps
                // every accepted File writable by serialize.
                const std::uint64_t previous = track.events.empty() ? 0 : track.events.back().tick;
                if (event.tick - previous > max_vlq)
                    fail("jazzlstm.midi.delta_range", "the dropped events before this one leave a gap of "
                            + std::to_string(event.tick - previous) + " ticks, more than one delta time holds (0x0FFFFFFF)",
                        event_start);
                const bool end_of_track = event.is_end_of_track();
                track.events.push_back(std::move(event));
                ++events_;
                if (end_of_track)
                    break; // bytes after end-of-track inside the chunk are ignored
            }
            // A missing end-of-track is tolerated: the track ends at the chunk end.
            return track;
        }

        const std::uint8_t* data_;
        std::size_t size_;
        const std::string& label_;
        ReadLimits limits_;
        std::optional<int> track_;
        std::size_t events_ = 0;
        File* file_ = nullptr;
    };

    [[noreturn]] inline void io_failure(const char* id, const std::string& detail, const std::filesystem::path& path)
    {
        error_context context;
        context.file = path.string();
        throw io_error(id, detail, std::move(context));
    }

} // namespace detail

/// Reads a Standard MIDI File (format 0 or 1) from memory.
/// Allocates: the File (bounded by the input size and the event cap).
/// @param label names the input in error messages.
/// @throws parse_error jazzlstm.midi.* for malformed input (context: label, byte offset, track);
///         limit_error jazzlstm.midi.too_large / too_many_events beyond the caps.
inline File parse(const std::uint8_t* data, std::size_t size, const std::string& label, const ReadLimits& limits)
{
    return detail::SmfReader(data, size, label, limits).read();
}

/// parse() with the default ReadLimits.
inline File parse(const std::uint8_t* data, std::size_t size, const std::string& label = "<memory>")
{
    return parse(data, size, label, ReadLimits {});
}

/// Reads a Standard MIDI File from a byte vector; see parse(const std::uint8_t*, std::size_t, const std::string&).
inline File parse(const std::vector<std::uint8_t>& bytes, const std::string& label = "<memory>")
{
    return parse(bytes.data(), bytes.size(), label);
}

/// Reads a Standard MIDI File from disk. The size is checked against the cap before reading.
/// Allocates: one buffer of the file's size, then the File.
/// @throws io_error jazzlstm.midi.open_failed / read_failed; limit_error jazzlstm.midi.too_large;
///         the parse errors of parse() with the path as label.
inline File read_file(const std::filesystem::path& path, const ReadLimits& limits = {})
{
    std::error_code ec;
    const bool regular = std::filesystem::is_regular_file(path, ec);
    if (ec || !regular)
        detail::io_failure("jazzlstm.midi.open_failed", "cannot open (missing or not a regular file)", path);
    const std::uintmax_t size = std::filesystem::file_size(path, ec);
    if (ec)
        detail::io_failure("jazzlstm.midi.open_failed", "cannot read the file size: " + ec.message(), path);
    if (size > limits.max_bytes) {
        error_context context;
        context.file = path.string();
        throw limit_error("jazzlstm.midi.too_large", "file of " + std::to_string(size) + " bytes exceeds the cap of "
                + std::to_string(limits.max_bytes) + " bytes", std::move(context));
    }
    std::ifstream in(path, std::ios::binary);
    if (!in)
        detail::io_failure("jazzlstm.midi.open_failed", "cannot open for reading", path);
    std::vector<std::uint8_t> bytes(static_cast<std::size_t>(size));
    if (size > 0)
        in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(size));
    if (static_cast<std::uintmax_t>(in.gcount()) != size || in.bad())
        detail::io_failure("jazzlstm.midi.read_failed", "short read", path);
    return parse(bytes.data(), bytes.size(), path.string(), limits);
}

} // namespace jazzlstm::midi
