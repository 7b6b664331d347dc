// The onsets of a track as a listener groups them (standard library only): notes that start
// within a strum of each other sound as one attack (a chord, a double stop, a strummed or rolled
// chord), and the highest note of each attack is what the ear follows as the line. The part
// choice measures tracks on these groups, and a lead played in double stops, dyads or
// harmonised voices is read as its top line (docs/corpus.md, "Automatic part choice").
#pragma once

#include <jazzlstm/music/midi/score.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace jazzlstm {

namespace detail {

    /// Notes starting within this many ticks of an attack's first note belong to it: a 32nd
    /// note, wider than the strums and the timing slop of played chords (a few ticks at 192 per
    /// quarter), narrower than the fastest melodic notes the grammar keeps (sixteenth triplets).
    inline std::uint64_t strum_ticks(int ticks_per_quarter)
    {
        return static_cast<std::uint64_t>(std::max(1, ticks_per_quarter / 8));
    }

    /// One attack: the notes starting within strum_ticks of `on`.
    struct OnsetGroup {
        std::uint64_t on = 0;        ///< onset of the group's first note
        std::uint64_t off_max = 0;   ///< latest end among its notes
        std::size_t first = 0;       ///< index of its first note in the sorted list
        std::size_t count = 0;       ///< notes in the group
        std::size_t top = 0;         ///< index (sorted list) of its highest note
        int pitches = 0;             ///< distinct pitches
    };

    /// The notes of a track in onset order (stable, so note-on order breaks ties).
    /// Allocates: the pointer list.
    inline std::vector<const midi::Note*> notes_by_onset(const midi::ScoreTrack& track)
    {
        std::vector<const midi::Note*> sorted;
        sorted.reserve(track.notes.size());
        for (const auto& n : track.notes)
            sorted.push_back(&n);
        std::stable_sort(sorted.begin(), sorted.end(), [](const midi::Note* a, const midi::Note* b) { return a->on_tick < b->on_tick; });
        return sorted;
    }

    /// The attacks of notes sorted by onset: a note joins the current group when it starts
    /// within `strum` ticks of the group's first note. Allocates: the groups.
    inline std::vector<OnsetGroup> onset_groups(const std::vector<const midi::Note*>& sorted, std::uint64_t strum)
    {
        std::vector<OnsetGroup> groups;
        std::vector<int> seen; // distinct pitches of the current group (at most a handful)
        for (std::size_t i = 0; i < sorted.size();) {
            OnsetGroup g;
            g.on = sorted[i]->on_tick;
            g.first = i;
            g.top = i;
            seen.clear();
            std::size_t j = i;
            for (; j < sorted.size() && sorted[j]->on_tick - g.on <= strum; ++j) {
                const midi::Note& n = *sorted[j];
                g.off_max = std::max(g.off_max, n.off_tick);
                // Of equal top pitches the longer one: sequencers double a note with a zero-length copy.
                const midi::Note& top = *sorted[g.top];
                if (n.pitch > top.pitch || (n.pitch == top.pitch && n.off_tick > top.off_tick))
                    g.top = j;
                if (std::find(seen.begin(), seen.end(), n.pitch) == seen.end())
                    seen.push_back(n.pitch);
            }
            g.count = j - i;
            g.pitches = static_cast<int>(seen.size());
            groups.push_back(g);
            i = j;
        }
        return groups;
    }

} // namespace detail

/// The top line of a track: the highest note of every attack (notes starting within a 32nd
/// note of each other), each kept with its own timing, in onset order. A monophonic line comes
/// back unchanged except that a note doubled at the same onset is kept once. This is how a lead
/// played in double stops, dyads or harmonised voices is heard and how the corpus reads it
/// (`CorpusOptions::melody_top_note`).
/// Allocates: the returned track.
inline midi::ScoreTrack top_line(const midi::ScoreTrack& track, int ticks_per_quarter)
{
    midi::ScoreTrack line;
    line.name = track.name;
    line.channel = track.channel;
    line.program = track.program;
    const auto sorted = detail::notes_by_onset(track);
    const auto groups = detail::onset_groups(sorted, detail::strum_ticks(ticks_per_quarter));
    line.notes.reserve(groups.size());
    for (const auto& g : groups)
        line.notes.push_back(*sorted[g.top]);
    return line;
}

} // namespace jazzlstm
