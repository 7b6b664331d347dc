// How music21 turns one MIDI track into a part (standard library only).
//
// deepjazz never sees MIDI: it sees what music21's `midi.translate` and `Stream.quantize`
// made of it. Reproducing the reference tokens therefore means reproducing that import rule
// by rule: chord grouping with its tolerance and odd chord duration, quantisation to the
// union of the 1/4 and 1/3 grids, the sort order, the greedy voices and, since music21 6.5,
// gap rests in voice 0. The rules are those of grammar-spec.md §2; docs/corpus.md explains
// the two behaviours.
#pragma once

#include <jazzlstm/core/error.hpp>
#include <jazzlstm/music/midi/score.hpp>
#include <jazzlstm/music/music21_behaviour.hpp>
#include <jazzlstm/music/notes.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace jazzlstm {

/// One element of an imported part: a note (one pitch), a chord (two or more) or a rest (none).
struct PartElement {
    ticks12 offset = 0;
    ticks12 duration = 0;
    std::vector<int> pitches;  ///< MIDI keys in note-on order; empty for a rest
    bool grace = false;        ///< music21 6 zero-tick note: sorts first at its offset, never lengthened
    /// Index in the track's note list of the group's first note; rests carry the index of
    /// the element they precede. Breaks sort ties as music21's insertion order does.
    std::size_t creation = 0;
    int velocity = 0;

    bool is_rest() const { return pitches.empty(); }
    bool is_note() const { return pitches.size() == 1; }
    bool is_chord() const { return pitches.size() >= 2; }
    ticks12 end() const { return offset + duration; }
};

/// A MIDI track after music21's import.
struct ImportedPart {
    int track = -1;        ///< index of the source track (file track or virtual track)
    std::string name;
    int channel = -1;
    int program = -1;
    /// Set when two notes start together (within the tolerance) but end apart; music21 then
    /// spreads the part over voices.
    bool voices_required = false;
    /// Voices in index order. A part that needs none has exactly one entry holding all its
    /// elements (music21 keeps them directly in the part; for deepjazz that is the same).
    std::vector<std::vector<PartElement>> voices;

    /// Total number of elements of the given kind over all voices.
    std::size_t count_notes() const { return count([](const PartElement& e) { return e.is_note(); }); }
    std::size_t count_chords() const { return count([](const PartElement& e) { return e.is_chord(); }); }
    std::size_t count_rests() const { return count([](const PartElement& e) { return e.is_rest(); }); }

private:
    template <class Pred>
    std::size_t count(Pred pred) const
    {
        std::size_t n = 0;
        for (const auto& voice : voices)
            n += static_cast<std::size_t>(std::count_if(voice.begin(), voice.end(), pred));
        return n;
    }
};

namespace detail {

    /// Nearest point of the grid {k/4} ∪ {k/3} to `ticks / ticks_per_quarter`, in twelfths;
    /// exact midpoints and equal errors go to the smaller value, as music21's quantize does.
    /// Negative input counts as 0 (a chord whose odd duration formula went negative).
    /// Allocates: no.
    inline ticks12 quantize_ticks(std::int64_t ticks, std::int64_t ticks_per_quarter) noexcept
    {
        if (ticks <= 0 || ticks_per_quarter <= 0)
            return 0;
        // All arithmetic is exact: error of candidate c (twelfths) is |12·ticks − c·tpq| / (12·tpq).
        // The products stay far below 2^63 for any tick a MIDI file can hold (28-bit deltas
        // summed over at most a few million events) times a 15-bit division.
        const std::int64_t scaled = 12 * ticks;
        ticks12 best = 0;
        std::int64_t best_error = std::numeric_limits<std::int64_t>::max();
        for (const std::int64_t divisor : { std::int64_t { 4 }, std::int64_t { 3 } }) {
            const std::int64_t n = ticks * divisor;
            std::int64_t k = n / ticks_per_quarter;
            const std::int64_t rem = n - k * ticks_per_quarter;
            if (2 * rem > ticks_per_quarter)
                ++k;
            const ticks12 candidate = k * (12 / divisor);
            const std::int64_t diff = scaled - candidate * ticks_per_quarter;
            const std::int64_t error = diff < 0 ? -diff : diff;
            if (error < best_error || (error == best_error && candidate < best)) {
                best = candidate;
                best_error = error;
            }
        }
        return best;
    }

    /// A group of simultaneous notes found by music21's chord scan (indices into the note list).
    struct NoteGroup {
        std::vector<std::size_t> members; ///< first member is the group's own note
    };

    /// music21's chord scan (grammar-spec §2.3) over notes in note-on order.
    /// Sets `voices_required` when a note starts with another but ends elsewhere.
    /// Allocates: the groups.
    inline std::vector<NoteGroup> group_simultaneous(const std::vector<midi::Note>& notes, int ticks_per_quarter,
        bool& voices_required)
    {
        // tol = TPQ/16 in music21's floating point; compare 16·|Δ| ≤ TPQ to stay exact.
        const auto within = [ticks_per_quarter](std::uint64_t a, std::uint64_t b) {
            const std::uint64_t d = a > b ? a - b : b - a;
            return 16 * d <= static_cast<std::uint64_t>(ticks_per_quarter);
        };
        std::vector<NoteGroup> groups;
        std::vector<bool> absorbed(notes.size(), false);
        for (std::size_t i = 0; i < notes.size(); ++i) {
            if (absorbed[i])
                continue;
            NoteGroup group;
            group.members.push_back(i);
            for (std::size_t j = i + 1; j < notes.size(); ++j) {
                if (!within(notes[j].on_tick, notes[i].on_tick))
                    break;
                if (!within(notes[j].off_tick, notes[i].off_tick)) {
                    voices_required = true;
                    continue;
                }
                // music21 does not ask whether j already sits in an earlier chord.
                group.members.push_back(j);
                absorbed[j] = true;
            }
            groups.push_back(std::move(group));
        }
        return groups;
    }

    /// Greedy first-fit voices over elements already in music21's sort order (§2.5).
    /// Allocates: the voices.
    inline std::vector<std::vector<PartElement>> assign_voices(const std::vector<PartElement>& sorted)
    {
        std::vector<std::vector<PartElement>> voices;
        std::vector<ticks12> ends;
        for (const auto& element : sorted) {
            std::size_t v = 0;
            while (v < voices.size() && ends[v] > element.offset)
                ++v;
            if (v == voices.size()) {
                voices.emplace_back();
                ends.push_back(0);
            }
            voices[v].push_back(element);
            // A zero-length element cannot hold a later (later-or-equal offset) element out,
            // so leaving the end where it was changes nothing for fitting.
            if (element.duration > 0)
                ends[v] = std::max(ends[v], element.end());
        }
        return voices;
    }

    /// music21 6 gap rests (§2.6): a leading rest and one rest per gap after the running
    /// maximum end; no trailing rest. Allocates: the returned voice.
    inline std::vector<PartElement> with_gap_rests(const std::vector<PartElement>& voice)
    {
        std::vector<PartElement> out;
        out.reserve(voice.size() * 2);
        ticks12 reached = 0;
        for (const auto& element : voice) {
            if (element.offset > reached) {
                PartElement rest;
                rest.offset = reached;
                rest.duration = element.offset - reached;
                rest.creation = element.creation;
                out.push_back(rest);
            }
            out.push_back(element);
            reached = std::max(reached, element.end());
        }
        return out;
    }

} // namespace detail

/// Imports one track as music21 does (grammar-spec §2.2–§2.6).
/// @param track notes already paired (note-on order), as midi::Score gives them
/// @param ticks_per_quarter the file's division (> 0)
/// @param behaviour which music21 generation to imitate
/// @param track_index stored in the result for reports
/// @throws argument_error `jazzlstm.import.division` when ticks_per_quarter ≤ 0
/// Allocates: the part (proportional to the track's notes).
inline ImportedPart import_track(const midi::ScoreTrack& track, int ticks_per_quarter,
    Music21Behaviour behaviour = Music21Behaviour::music21_6, int track_index = -1)
{
    if (ticks_per_quarter <= 0)
        throw argument_error("jazzlstm.import.division", "ticks per quarter must be positive, got "
                + std::to_string(ticks_per_quarter));
    const bool m6 = behaviour == Music21Behaviour::music21_6;
    const auto tpq = static_cast<std::int64_t>(ticks_per_quarter);

    ImportedPart part;
    part.track = track_index;
    part.name = track.name;
    part.channel = track.channel;
    part.program = track.program;

    const auto& notes = track.notes;
    const auto groups = detail::group_simultaneous(notes, ticks_per_quarter, part.voices_required);

    std::vector<PartElement> elements;
    elements.reserve(groups.size());
    for (const auto& group : groups) {
        const auto& first = notes[group.members.front()];
        const auto& last = notes[group.members.back()];
        PartElement element;
        element.creation = group.members.front();
        element.velocity = first.velocity;
        for (const auto m : group.members)
            element.pitches.push_back(notes[m].pitch);
        element.offset = detail::quantize_ticks(static_cast<std::int64_t>(first.on_tick), tpq);
        // music21's chord duration: the first note's end minus the last absorbed note's start.
        const std::int64_t raw = static_cast<std::int64_t>(first.off_tick) - static_cast<std::int64_t>(last.on_tick);
        if (raw == 0) {
            if (m6)
                element.grace = true; // duration stays 0 and is never lengthened
            else
                element.duration = twelfths_per_quarter;
        } else {
            element.duration = detail::quantize_ticks(raw, tpq);
            if (m6 && element.duration == 0)
                element.duration = 3; // music21 6: a sounding note never quantises below 0.25
        }
        elements.push_back(std::move(element));
    }

    std::stable_sort(elements.begin(), elements.end(), [](const PartElement& a, const PartElement& b) {
        if (a.offset != b.offset)
            return a.offset < b.offset;
        if (a.grace != b.grace)
            return a.grace;
        return a.creation < b.creation;
    });

    if (part.voices_required)
        part.voices = detail::assign_voices(elements);
    else
        part.voices.push_back(std::move(elements));
    if (part.voices.empty())
        part.voices.emplace_back();
    if (m6 && !part.voices.front().empty())
        part.voices.front() = detail::with_gap_rests(part.voices.front());
    return part;
}

} // namespace jazzlstm
