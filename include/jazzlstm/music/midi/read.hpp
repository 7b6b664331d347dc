// Standard MIDI File reading and writing, and a note-level score on top (standard library only).
//
// The types mirror the file: a File holds tracks, a Track holds events at absolute ticks in file
// order. Deltas exist only inside the reader and the writer. The Score is the note-level view that
// the music21-style import (corpus) builds on; its pairing rule is music21's (grammar-spec §2.2).
// docs/midi.md has the support matrix, the limits and the table of error ids.
#pragma once

#include <jazzlstm/core/atomic_file.hpp>
#include <jazzlstm/core/error.hpp>
#include <jazzlstm/core/limits.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <optional>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

namespace jazzlstm::midi {

/// One event at an absolute tick. Ticks are absolute in memory; deltas exist only in files.
struct Event {
    std::uint64_t tick = 0;
    std::uint8_t status = 0;        ///< 0x80..0xEF channel message, 0xF0/0xF7 SysEx, 0xFF meta
    std::uint8_t meta_type = 0;     ///< meta event type when status == 0xFF
    std::vector<std::uint8_t> data; ///< channel data bytes, or the SysEx / meta payload

    bool is_meta() const { return status == 0xFF; }
    bool is_channel() const { return status >= 0x80 && status < 0xF0; }
    bool is_sysex() const { return status == 0xF0 || status == 0xF7; }
    bool is_end_of_track() const { return status == 0xFF && meta_type == 0x2F; }
    int channel() const { return status & 0x0F; }
    int kind() const { return status & 0xF0; } ///< 0x80 note-off, 0x90 note-on, ...
    bool is_note_on() const { return kind() == 0x90 && data.size() == 2 && data[1] > 0; }
    /// Note-off, or note-on with velocity 0 (what most files use).
    bool is_note_off() const { return (kind() == 0x80 || kind() == 0x90) && data.size() == 2 && (kind() == 0x80 || data[1] == 0); }
};

struct Track {
    std::vector<Event> events; ///< in file order, ticks non-decreasing
};

struct File {
    int format = 1;                 ///< 0 or 1 (format 2 is refused on reading)
    int ticks_per_quarter = 480;    ///< SMPTE time division is refused on reading
    std::vector<Track> tracks;
};

/// A note of the score: paired note-on/note-off (see docs/midi.md for the pairing rule).
struct Note {
    std::uint64_t on_tick = 0;
    std::uint64_t off_tick = 0;
    double onset = 0;     ///< quarter notes
    double duration = 0;  ///< quarter notes
    int pitch = 0;
    int velocity = 0;
    int channel = 0;
};

inline bool operator==(const Note& a, const Note& b)
{
    return a.on_tick == b.on_tick && a.off_tick == b.off_tick && a.onset == b.onset && a.duration == b.duration
        && a.pitch == b.pitch && a.velocity == b.velocity && a.channel == b.channel;
}
inline bool operator!=(const Note& a, const Note& b) { return !(a == b); }

struct ScoreTrack {
    std::string name;         ///< from the track-name meta event, "" if none
    int channel = -1;         ///< channel of the first channel message, -1 if none
    int program = -1;         ///< first program change, -1 if none
    std::vector<Note> notes;  ///< in note-on order
};

struct TempoChange {
    std::uint64_t tick = 0;
    std::uint32_t microseconds_per_quarter = 500000;
};

struct TimeSignature {
    std::uint64_t tick = 0;
    int numerator = 4;
    int denominator = 4;
};

/// Key signature meta event (0x59): sharps > 0, flats < 0; minor = mode byte 1.
struct KeySignature {
    std::uint64_t tick = 0;
    int sharps = 0;
    bool minor = false;
};

struct Score {
    int ticks_per_quarter = 480;
    std::vector<ScoreTrack> tracks;   ///< one per file track, same indices
    std::vector<TempoChange> tempos;  ///< sorted by tick
    std::vector<TimeSignature> time_signatures;
    std::vector<KeySignature> key_signatures; ///< sorted by tick (collected like the tempos)
};

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

/// Largest value a variable-length quantity (4 bytes) can hold.
inline constexpr std::uint32_t max_vlq = 0x0FFFFFFF;

// Meta event types the library interprets.
inline constexpr std::uint8_t meta_track_name = 0x03;
inline constexpr std::uint8_t meta_end_of_track = 0x2F;
inline constexpr std::uint8_t meta_tempo = 0x51;
inline constexpr std::uint8_t meta_time_signature = 0x58;
inline constexpr std::uint8_t meta_key_signature = 0x59;

namespace detail {

    inline std::string hex_byte(unsigned value)
    {
        char buffer[8];
        std::snprintf(buffer, sizeof buffer, "0x%02X", value & 0xFFu);
        return buffer;
    }

    /// Number of data bytes after a channel status byte.
    inline int channel_data_bytes(std::uint8_t status) { return ((status & 0xF0) == 0xC0 || (status & 0xF0) == 0xD0) ? 1 : 2; }

    /// Why a meta event of the interpreted kinds is malformed, or nullptr when it is fine. Shared by
    /// the reader and the writer so that everything written can be read back.
    inline const char* meta_problem(std::uint8_t type, const std::vector<std::uint8_t>& data)
    {
        switch (type) {
        case meta_end_of_track:
            return data.empty() ? nullptr : "end-of-track meta event with a payload";
        case meta_tempo:
            if (data.size() != 3)
                return "tempo meta event whose length is not 3";
            if (data[0] == 0 && data[1] == 0 && data[2] == 0)
                return "tempo of 0 microseconds per quarter";
            return nullptr;
        case meta_time_signature:
            if (data.size() != 4)
                return "time signature meta event whose length is not 4";
            // 2^dd must fit an int; real signatures stop far below.
            return data[1] > 30 ? "time signature denominator exponent above 30" : nullptr;
        case meta_key_signature:
            if (data.size() != 2)
                return "key signature meta event whose length is not 2";
            {
                const int sharps = static_cast<std::int8_t>(data[0]);
                if (sharps < -7 || sharps > 7 || data[1] > 1)
                    return "key signature out of range (sharps -7..7, mode 0 or 1)";
            }
            return nullptr;
        default:
            return nullptr;
        }
    }

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
                    if (const char* problem = meta_problem(event.meta_type, event.data))
                        fail("jazzlstm.midi.bad_meta", problem, event_start);
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
    };

    inline void put_vlq(std::vector<std::uint8_t>& out, std::uint32_t value)
    {
        std::uint8_t bytes[4];
        int n = 0;
        do {
            bytes[n++] = static_cast<std::uint8_t>(value & 0x7Fu);
            value >>= 7;
        } while (value != 0 && n < 4);
        while (n > 1)
            out.push_back(static_cast<std::uint8_t>(bytes[--n] | 0x80u));
        out.push_back(bytes[0]);
    }

    inline void put_be32(std::vector<std::uint8_t>& out, std::uint32_t value)
    {
        for (int shift = 24; shift >= 0; shift -= 8)
            out.push_back(static_cast<std::uint8_t>((value >> shift) & 0xFFu));
    }

    inline void put_be16(std::vector<std::uint8_t>& out, unsigned value)
    {
        out.push_back(static_cast<std::uint8_t>((value >> 8) & 0xFFu));
        out.push_back(static_cast<std::uint8_t>(value & 0xFFu));
    }

    [[noreturn]] inline void bad_input(const char* id, const std::string& detail, std::optional<int> track = {},
        std::optional<std::size_t> position = {})
    {
        error_context context;
        context.track = track;
        context.position = position;
        throw argument_error(id, detail, std::move(context));
    }

    /// Checks one event the way the reader would and appends it without running status.
    inline void put_event(std::vector<std::uint8_t>& out, const Event& event, int track, std::size_t index)
    {
        const std::uint8_t status = event.status;
        if (event.is_channel()) {
            const auto count = static_cast<std::size_t>(channel_data_bytes(status));
            if (event.data.size() != count)
                bad_input("jazzlstm.midi.bad_event", "channel message " + hex_byte(status) + " needs " + std::to_string(count)
                        + " data bytes, has " + std::to_string(event.data.size()),
                    track, index);
            out.push_back(status);
            for (std::uint8_t byte : event.data) {
                if (byte & 0x80u)
                    bad_input("jazzlstm.midi.bad_event", "data byte " + hex_byte(byte) + " is above 0x7F", track, index);
                out.push_back(byte);
            }
            return;
        }
        if (status != 0xFF && status != 0xF0 && status != 0xF7)
            bad_input("jazzlstm.midi.bad_event", "status " + hex_byte(status) + " cannot be written", track, index);
        if (event.data.size() > max_vlq)
            bad_input("jazzlstm.midi.bad_event", "payload of " + std::to_string(event.data.size()) + " bytes exceeds a VLQ", track, index);
        out.push_back(status);
        if (status == 0xFF) {
            if (const char* problem = meta_problem(event.meta_type, event.data))
                bad_input("jazzlstm.midi.bad_event", problem, track, index);
            out.push_back(event.meta_type);
        }
        put_vlq(out, static_cast<std::uint32_t>(event.data.size()));
        out.insert(out.end(), event.data.begin(), event.data.end());
    }

    [[noreturn]] inline void io_failure(const char* id, const std::string& detail, const std::filesystem::path& path)
    {
        error_context context;
        context.file = path.string();
        throw io_error(id, detail, std::move(context));
    }

    [[noreturn]] inline void bad_score(const std::string& detail, int track, std::optional<std::size_t> position = {})
    {
        bad_input("jazzlstm.midi.bad_score", detail, track, position);
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

/// Encodes a File as SMF bytes: deltas from absolute ticks, no running status, and exactly one
/// end-of-track per track (input end-of-track events are dropped; one is appended at the last tick).
/// Allocates: the output vector.
/// @throws argument_error jazzlstm.midi.bad_file (format, track count, ticks per quarter),
///         jazzlstm.midi.unsorted (ticks decrease or a delta exceeds 0x0FFFFFFF),
///         jazzlstm.midi.bad_event (anything the reader would refuse); context: track, event index.
inline std::vector<std::uint8_t> serialize(const File& file)
{
    if (file.format != 0 && file.format != 1)
        detail::bad_input("jazzlstm.midi.bad_file", "format " + std::to_string(file.format) + " cannot be written (0 or 1 only)");
    if (file.tracks.empty())
        detail::bad_input("jazzlstm.midi.bad_file", "a file needs at least one track");
    if (file.tracks.size() > 0xFFFF)
        detail::bad_input("jazzlstm.midi.bad_file", std::to_string(file.tracks.size()) + " tracks exceed 65535");
    if (file.format == 0 && file.tracks.size() != 1)
        detail::bad_input("jazzlstm.midi.bad_file", "format 0 needs exactly one track");
    if (file.ticks_per_quarter < 1 || file.ticks_per_quarter > 0x7FFF)
        detail::bad_input("jazzlstm.midi.bad_file", "ticks per quarter " + std::to_string(file.ticks_per_quarter) + " outside 1..32767");

    std::vector<std::uint8_t> out;
    out.insert(out.end(), { 'M', 'T', 'h', 'd' });
    detail::put_be32(out, 6);
    detail::put_be16(out, static_cast<unsigned>(file.format));
    detail::put_be16(out, static_cast<unsigned>(file.tracks.size()));
    detail::put_be16(out, static_cast<unsigned>(file.ticks_per_quarter));

    std::vector<std::uint8_t> body;
    for (std::size_t t = 0; t < file.tracks.size(); ++t) {
        const int track = static_cast<int>(t);
        body.clear();
        std::uint64_t last = 0;
        const auto& events = file.tracks[t].events;
        for (std::size_t i = 0; i < events.size(); ++i) {
            const Event& event = events[i];
            if (event.tick < last)
                detail::bad_input("jazzlstm.midi.unsorted", "tick " + std::to_string(event.tick) + " after tick " + std::to_string(last),
                    track, i);
            if (event.tick - last > max_vlq)
                detail::bad_input("jazzlstm.midi.unsorted", "delta of " + std::to_string(event.tick - last) + " ticks exceeds 0x0FFFFFFF",
                    track, i);
            if (event.is_end_of_track()) {
                // Its tick still counts, so a track keeps its length; its bytes are not written.
                if (!event.data.empty())
                    detail::bad_input("jazzlstm.midi.bad_event", "end-of-track meta event with a payload", track, i);
                continue;
            }
            detail::put_vlq(body, static_cast<std::uint32_t>(event.tick - last));
            last = event.tick;
            detail::put_event(body, event, track, i);
        }
        std::uint64_t end_tick = last;
        for (const Event& event : events)
            end_tick = std::max(end_tick, event.tick);
        if (end_tick - last > max_vlq)
            detail::bad_input("jazzlstm.midi.unsorted", "end-of-track delta exceeds 0x0FFFFFFF", track);
        detail::put_vlq(body, static_cast<std::uint32_t>(end_tick - last));
        body.insert(body.end(), { 0xFF, meta_end_of_track, 0x00 });
        if (body.size() > 0xFFFFFFFFu)
            detail::bad_input("jazzlstm.midi.bad_file", "track chunk longer than 4 GiB", track);
        out.insert(out.end(), { 'M', 'T', 'r', 'k' });
        detail::put_be32(out, static_cast<std::uint32_t>(body.size()));
        out.insert(out.end(), body.begin(), body.end());
    }
    return out;
}

/// Writes serialize(file) to `path` with write_file_atomically (atomic_file.hpp): a temporary file in
/// the same directory is renamed into place only when complete, so a failure never leaves a
/// half-written file at `path` and an existing file there survives.
/// Allocates: the encoded bytes.
/// @throws the errors of serialize(); io_error jazzlstm.midi.write_failed.
inline void write_file(const File& file, const std::filesystem::path& path)
{
    const std::vector<std::uint8_t> bytes = serialize(file);
    write_file_atomically(path, bytes.data(), bytes.size(), "jazzlstm.midi.write_failed");
}

/// Builds the note-level score of a file. Notes are paired by music21's rule (grammar-spec §2.2):
/// for each note-on with velocity > 0 at event i, the end is the first later event of the same track
/// that is not already an end, is a note-off (or note-on with velocity 0), and has the same key and
/// channel; a note-on without an end is dropped. Notes stay in note-on order. Tempos, time and key
/// signatures are collected from all tracks and stably sorted by tick.
/// Allocates: the Score; O(events) time (per-key FIFO queues, equivalent to the forward scan).
/// @throws argument_error jazzlstm.midi.bad_score for ticks per quarter < 1, an interpreted meta
///         event of the wrong shape, or ticks that decrease within a note (hand-built files only).
inline Score to_score(const File& file)
{
    if (file.ticks_per_quarter < 1)
        detail::bad_input("jazzlstm.midi.bad_score", "ticks per quarter must be positive");
    Score score;
    score.ticks_per_quarter = file.ticks_per_quarter;
    score.tracks.resize(file.tracks.size());
    const double tpq = file.ticks_per_quarter;

    // One FIFO of pending note-on slots per (channel, key); storage is reused across tracks.
    std::vector<std::vector<std::size_t>> pending(16 * 128);
    std::vector<std::size_t> head(16 * 128, 0);
    std::vector<Note> slots;
    std::vector<char> ended;

    for (std::size_t t = 0; t < file.tracks.size(); ++t) {
        const int track = static_cast<int>(t);
        ScoreTrack& out = score.tracks[t];
        bool have_name = false;
        slots.clear();
        ended.clear();
        for (auto& queue : pending)
            queue.clear();
        std::fill(head.begin(), head.end(), std::size_t { 0 });

        const auto& events = file.tracks[t].events;
        for (std::size_t i = 0; i < events.size(); ++i) {
            const Event& event = events[i];
            if (event.is_meta()) {
                if (const char* problem = detail::meta_problem(event.meta_type, event.data))
                    detail::bad_score(problem, track, i);
                const auto& d = event.data;
                if (event.meta_type == meta_track_name && !have_name) {
                    out.name.assign(d.begin(), d.end());
                    have_name = true;
                } else if (event.meta_type == meta_tempo) {
                    score.tempos.push_back({ event.tick, (std::uint32_t { d[0] } << 16) | (std::uint32_t { d[1] } << 8) | d[2] });
                } else if (event.meta_type == meta_time_signature) {
                    score.time_signatures.push_back({ event.tick, int { d[0] }, 1 << d[1] });
                } else if (event.meta_type == meta_key_signature) {
                    score.key_signatures.push_back({ event.tick, int { static_cast<std::int8_t>(d[0]) }, d[1] == 1 });
                }
                continue;
            }
            if (!event.is_channel())
                continue;
            if (out.channel < 0)
                out.channel = event.channel();
            if (event.kind() == 0xC0 && out.program < 0 && !event.data.empty())
                out.program = event.data[0] & 0x7F;
            if (event.is_note_on()) {
                Note note;
                note.on_tick = event.tick;
                note.pitch = event.data[0] & 0x7F;
                note.velocity = event.data[1] & 0x7F;
                note.channel = event.channel();
                pending[static_cast<std::size_t>(note.channel * 128 + note.pitch)].push_back(slots.size());
                slots.push_back(note);
                ended.push_back(0);
            } else if (event.is_note_off()) {
                const auto key = static_cast<std::size_t>(event.channel() * 128 + (event.data[0] & 0x7F));
                auto& queue = pending[key];
                if (head[key] < queue.size()) {
                    const std::size_t slot = queue[head[key]++];
                    Note& note = slots[slot];
                    if (event.tick < note.on_tick)
                        detail::bad_score("note-off at tick " + std::to_string(event.tick) + " before its note-on at tick "
                                + std::to_string(note.on_tick),
                            track, i);
                    note.off_tick = event.tick;
                    ended[slot] = 1;
                }
            }
        }
        out.notes.reserve(slots.size());
        for (std::size_t s = 0; s < slots.size(); ++s) {
            if (!ended[s])
                continue;
            Note note = slots[s];
            note.onset = static_cast<double>(note.on_tick) / tpq;
            note.duration = static_cast<double>(note.off_tick - note.on_tick) / tpq;
            out.notes.push_back(note);
        }
    }
    auto by_tick = [](const auto& a, const auto& b) { return a.tick < b.tick; };
    std::stable_sort(score.tempos.begin(), score.tempos.end(), by_tick);
    std::stable_sort(score.time_signatures.begin(), score.time_signatures.end(), by_tick);
    std::stable_sort(score.key_signatures.begin(), score.key_signatures.end(), by_tick);
    return score;
}

/// Builds a format-1 file from a score: track 0 is the conductor track (tempo map, time and key
/// signatures), then one track per ScoreTrack with its name (when not empty), a program change at
/// tick 0 when program >= 0, and note-on/note-off (0x80, velocity 0) pairs sorted by tick with
/// note-offs before note-ons at equal ticks (except the off of a zero-length note, which follows its on).
/// Note ticks are used; onset and duration are ignored.
/// Allocates: the File.
/// @throws argument_error jazzlstm.midi.bad_score for values outside MIDI ranges (pitch, velocity
///         1..127, channel, program, off before on, tempo, time signature) with track and note index.
inline File from_score(const Score& score)
{
    if (score.ticks_per_quarter < 1 || score.ticks_per_quarter > 0x7FFF)
        detail::bad_input("jazzlstm.midi.bad_score", "ticks per quarter " + std::to_string(score.ticks_per_quarter) + " outside 1..32767");
    if (score.tracks.size() + 1 > 0xFFFF)
        detail::bad_input("jazzlstm.midi.bad_score", "too many tracks");
    File file;
    file.format = 1;
    file.ticks_per_quarter = score.ticks_per_quarter;
    file.tracks.resize(score.tracks.size() + 1);

    // Conductor: tempo, time and key signatures merged by tick (stable: tempos, then meters, then keys).
    struct Timed {
        std::uint64_t tick;
        Event event;
    };
    std::vector<Timed> conductor;
    for (const TempoChange& tempo : score.tempos) {
        const std::uint32_t mpq = tempo.microseconds_per_quarter;
        if (mpq == 0 || mpq > 0xFFFFFF)
            detail::bad_score("tempo " + std::to_string(mpq) + " outside 1..16777215 microseconds per quarter", 0);
        Event event { tempo.tick, 0xFF, meta_tempo,
            { static_cast<std::uint8_t>(mpq >> 16), static_cast<std::uint8_t>((mpq >> 8) & 0xFF), static_cast<std::uint8_t>(mpq & 0xFF) } };
        conductor.push_back({ tempo.tick, std::move(event) });
    }
    for (const TimeSignature& meter : score.time_signatures) {
        int exponent = 0;
        while (exponent <= 30 && (1 << exponent) < meter.denominator)
            ++exponent;
        if (meter.numerator < 1 || meter.numerator > 255 || exponent > 30 || (1 << exponent) != meter.denominator)
            detail::bad_score("time signature " + std::to_string(meter.numerator) + "/" + std::to_string(meter.denominator)
                    + " cannot be written",
                0);
        Event event { meter.tick, 0xFF, meta_time_signature,
            { static_cast<std::uint8_t>(meter.numerator), static_cast<std::uint8_t>(exponent), 24, 8 } };
        conductor.push_back({ meter.tick, std::move(event) });
    }
    for (const KeySignature& key : score.key_signatures) {
        if (key.sharps < -7 || key.sharps > 7)
            detail::bad_score("key signature with " + std::to_string(key.sharps) + " sharps", 0);
        Event event { key.tick, 0xFF, meta_key_signature,
            { static_cast<std::uint8_t>(static_cast<std::int8_t>(key.sharps)), static_cast<std::uint8_t>(key.minor ? 1 : 0) } };
        conductor.push_back({ key.tick, std::move(event) });
    }
    std::stable_sort(conductor.begin(), conductor.end(), [](const Timed& a, const Timed& b) { return a.tick < b.tick; });
    file.tracks[0].events.reserve(conductor.size());
    for (Timed& timed : conductor)
        file.tracks[0].events.push_back(std::move(timed.event));

    // Sort small keys, then build the events once (an Event owns a heap buffer; moving those
    // around in the sort is what would cost).
    struct Keyed {
        std::uint64_t tick;
        int rank; // 0 off, 1 on, 2 off of a zero-length note
        std::size_t note;
    };
    std::vector<Keyed> keyed;
    for (std::size_t t = 0; t < score.tracks.size(); ++t) {
        const ScoreTrack& source = score.tracks[t];
        const int track = static_cast<int>(t + 1);
        auto& events = file.tracks[t + 1].events;
        if (!source.name.empty())
            events.push_back({ 0, 0xFF, meta_track_name, std::vector<std::uint8_t>(source.name.begin(), source.name.end()) });
        if (source.channel > 15)
            detail::bad_score("channel " + std::to_string(source.channel) + " outside 0..15", track);
        if (source.program > 127)
            detail::bad_score("program " + std::to_string(source.program) + " outside 0..127", track);
        if (source.program >= 0) {
            const int channel = source.channel >= 0 ? source.channel : (source.notes.empty() ? 0 : source.notes.front().channel);
            if (channel < 0 || channel > 15)
                detail::bad_score("channel " + std::to_string(channel) + " outside 0..15", track);
            events.push_back({ 0, static_cast<std::uint8_t>(0xC0 | channel), 0, { static_cast<std::uint8_t>(source.program) } });
        }
        keyed.clear();
        keyed.reserve(source.notes.size() * 2);
        for (std::size_t n = 0; n < source.notes.size(); ++n) {
            const Note& note = source.notes[n];
            if (note.pitch < 0 || note.pitch > 127 || note.velocity < 1 || note.velocity > 127 || note.channel < 0
                || note.channel > 15 || note.off_tick < note.on_tick)
                detail::bad_score("note (pitch " + std::to_string(note.pitch) + ", velocity " + std::to_string(note.velocity)
                        + ", channel " + std::to_string(note.channel) + ", ticks " + std::to_string(note.on_tick) + ".."
                        + std::to_string(note.off_tick) + ") cannot be written",
                    track, n);
            keyed.push_back({ note.on_tick, 1, n });
            keyed.push_back({ note.off_tick, note.off_tick == note.on_tick ? 2 : 0, n });
        }
        std::sort(keyed.begin(), keyed.end(), [](const Keyed& a, const Keyed& b) {
            if (a.tick != b.tick)
                return a.tick < b.tick;
            if (a.rank != b.rank)
                return a.rank < b.rank;
            return a.note < b.note;
        });
        events.reserve(events.size() + keyed.size());
        for (const Keyed& item : keyed) {
            const Note& note = source.notes[item.note];
            const auto pitch = static_cast<std::uint8_t>(note.pitch);
            if (item.rank == 1)
                events.push_back({ item.tick, static_cast<std::uint8_t>(0x90 | note.channel), 0,
                    { pitch, static_cast<std::uint8_t>(note.velocity) } });
            else
                events.push_back({ item.tick, static_cast<std::uint8_t>(0x80 | note.channel), 0, { pitch, 0 } });
        }
    }
    return file;
}

} // namespace jazzlstm::midi
