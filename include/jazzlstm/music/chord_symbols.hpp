// Chord symbols as lead sheets write them (standard library only): naming a set of MIDI pitches
// ("Bbmaj7", for piano-roll labels and the chord symbols of a solo over a MIDI file's chords), and
// parsing a written symbol (chord_symbol.hpp). Names are theory's lead-sheet spelling (pitch.hpp).
//
// Deliberately simpler than the grammar's music21 emulation (theory/chord.hpp): a lead-sheet namer
// that matches interval templates over pitch classes, trying the bass note as the root first.
#pragma once

#include <jazzlstm/core/error.hpp>
#include <jazzlstm/music/chord_symbol.hpp>
#include <jazzlstm/music/theory/pitch.hpp>

#include <algorithm>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace jazzlstm {

/// A chord type of the lead-sheet vocabulary: the suffix written after the root and its intervals
/// above the root. (music21's major/minor/... classification of a triad is TriadQuality, theory.)
struct ChordType {
    const char* suffix;             ///< canonical spelling: "m7", "7", "ø7", "dim7", "+", ...
    std::vector<int> intervals;     ///< semitones above the root, ascending, root (0) first
};

/// Every chord type the namer knows, in order of preference when several roots match.
inline const std::vector<ChordType>& chord_types()
{
    static const std::vector<ChordType> table = {
        { "maj7", { 0, 4, 7, 11 } },
        { "m7", { 0, 3, 7, 10 } },
        { "7", { 0, 4, 7, 10 } },
        { "ø7", { 0, 3, 6, 10 } },
        { "dim7", { 0, 3, 6, 9 } },
        { "+7", { 0, 4, 8, 10 } },
        { "m(maj7)", { 0, 3, 7, 11 } },
        { "+maj7", { 0, 4, 8, 11 } },
        { "6", { 0, 4, 7, 9 } },
        { "m6", { 0, 3, 7, 9 } },
        { "7sus4", { 0, 5, 7, 10 } },
        { "9", { 0, 2, 4, 7, 10 } },
        { "m9", { 0, 2, 3, 7, 10 } },
        { "maj9", { 0, 2, 4, 7, 11 } },
        { "7b9", { 0, 1, 4, 7, 10 } },
        { "7#9", { 0, 3, 4, 7, 10 } },
        { "", { 0, 4, 7 } },
        { "m", { 0, 3, 7 } },
        { "dim", { 0, 3, 6 } },
        { "+", { 0, 4, 8 } },
        { "sus4", { 0, 5, 7 } },
        { "sus2", { 0, 2, 7 } },
        { "5", { 0, 7 } },
    };
    return table;
}

namespace detail {

    /// Bit set of the pitch classes of a chord type's intervals above `root`.
    inline unsigned chord_type_mask(const std::vector<int>& intervals, int root)
    {
        unsigned mask = 0;
        for (int i : intervals)
            mask |= 1u << floor_mod(root + i, 12);
        return mask;
    }

} // namespace detail

/// Names the chord sounding as `pitches` (MIDI numbers, any order, duplicates and octaves allowed):
/// root + type such as "C7", "Fm7", "Bø7", "Edim", "G+". Tries the lowest note as the root first,
/// then the other pitch classes from low to high; a template also matches without its perfect fifth.
/// Unknown sets are named after the bass with "?" appended; an empty set is "N.C.".
/// Allocates: the returned string and small vectors.
inline std::string chord_name(const std::vector<int>& pitches)
{
    if (pitches.empty())
        return "N.C.";
    std::vector<int> sorted = pitches;
    std::sort(sorted.begin(), sorted.end());
    unsigned present = 0;
    std::vector<int> roots;
    for (int p : sorted) {
        const int pc = detail::floor_mod(p, 12);
        if (!(present & (1u << pc)))
            roots.push_back(pc);
        present |= 1u << pc;
    }
    if (roots.size() == 1)
        return lead_sheet_name(roots.front());
    // Exact matches first, then matches of the template without its fifth (shell voicings).
    for (int pass = 0; pass < 2; ++pass) {
        for (int root : roots) {
            for (const auto& type : chord_types()) {
                std::vector<int> intervals = type.intervals;
                if (pass == 1) {
                    auto fifth = std::find(intervals.begin(), intervals.end(), 7);
                    if (fifth == intervals.end() || intervals.size() < 4)
                        continue;
                    intervals.erase(fifth);
                }
                if (detail::chord_type_mask(intervals, root) == present)
                    return lead_sheet_name(root) + type.suffix;
            }
        }
    }
    return lead_sheet_name(roots.front()) + "?";
}

} // namespace jazzlstm
