// Standard MIDI File reading and writing, and a note-level score on top (standard library only).
//
// CONTRACT SKELETON: the types below are fixed so that other headers can be written against
// them; the functions are implemented in this header by the MIDI work item.
#pragma once

#include <jazzlstm/error.hpp>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
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

struct Score {
    int ticks_per_quarter = 480;
    std::vector<ScoreTrack> tracks;   ///< one per file track, same indices
    std::vector<TempoChange> tempos;  ///< sorted by tick
    std::vector<TimeSignature> time_signatures;
};

} // namespace jazzlstm::midi
