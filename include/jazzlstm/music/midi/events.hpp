// The in-memory form of a Standard MIDI File (standard library only): a File holds tracks, a
// Track holds events at absolute ticks in file order (deltas exist only inside the reader and
// the writer), and the meta event types the library interprets. The checks shared by the reader,
// the writer and the score live here too, so that everything written can be read back.
#pragma once

#include <jazzlstm/core/error.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
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

/// Something the reader accepted although it is malformed, and dropped (docs/midi.md, "Leniency").
struct ReadWarning {
    std::size_t byte = 0;  ///< absolute offset of the event in the file
    int track = 0;         ///< track index (0-based)
    std::string message;
};

struct File {
    int format = 1;                 ///< 0 or 1 (format 2 is refused on reading)
    int ticks_per_quarter = 480;    ///< SMPTE time division is refused on reading
    std::vector<Track> tracks;
    /// The malformed events the reader dropped instead of refusing the file: at most
    /// max_read_warnings of them, with `dropped_events` counting them all.
    std::vector<ReadWarning> warnings;
    std::size_t dropped_events = 0;
};

/// How many warnings a File keeps (a crafted file could hold millions of bad events).
inline constexpr std::size_t max_read_warnings = 100;

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

    /// True for the meta events whose content nothing in jazzlstm uses (key and time signatures:
    /// the corpus counts 4-quarter bars whatever the meter; an end-of-track's payload): a
    /// malformed one is dropped with a warning on reading instead of refusing the file, as
    /// players do. A malformed tempo is still refused, since it would retime every note.
    inline bool meta_is_dispensable(std::uint8_t type)
    {
        return type == meta_key_signature || type == meta_time_signature || type == meta_end_of_track;
    }

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

    /// The argument_error of a hand-built File or Score that cannot be written or converted.
    [[noreturn]] inline void bad_input(const char* id, const std::string& detail, std::optional<int> track = {},
        std::optional<std::size_t> position = {})
    {
        error_context context;
        context.track = track;
        context.position = position;
        throw argument_error(id, detail, std::move(context));
    }

} // namespace detail

} // namespace jazzlstm::midi
