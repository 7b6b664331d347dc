// The note-level view of a MIDI file (standard library only): paired notes per track, the tempo
// map, time and key signatures. The music21-style import (corpus) builds on it; its pairing rule
// is music21's (grammar-spec §2.2). to_score reads a File into a Score, from_score writes one back.
#pragma once

#include <jazzlstm/core/error.hpp>
#include <jazzlstm/music/midi/events.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace jazzlstm::midi {

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
    /// Note-ons that found no end (music21's pairing drops them): a file cut short, or written by a
    /// tool that leaves notes open, loses them, and the corpus errors say so.
    std::size_t unended_notes = 0;
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

namespace detail {

    [[noreturn]] inline void bad_score(const std::string& detail, int track, std::optional<std::size_t> position = {})
    {
        bad_input("jazzlstm.midi.bad_score", detail, track, position);
    }

} // namespace detail

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
            if (!ended[s]) {
                ++out.unended_notes;
                continue;
            }
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
