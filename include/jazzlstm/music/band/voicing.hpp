// Comping voicings with smooth voice leading (standard library only): each chord in close
// position, in the inversion nearest to the previous voicing, inside the comping register; the
// root (or slash bass) below it. docs/band.md has the rules.
#pragma once

#include <jazzlstm/music/chart.hpp>
#include <jazzlstm/music/chord_symbol.hpp>
#include <jazzlstm/music/notes.hpp>

#include <algorithm>
#include <cstdlib>
#include <vector>

namespace jazzlstm {

/// Where the comping voices sit: the lowest voice of every voicing lies in [lowest, highest_bottom].
struct VoicingRange {
    int lowest = 52;          ///< E3
    int highest_bottom = 64;  ///< E4: the voicing then spans at most up to D#5
    int bass_low = 41;        ///< F2: the root under the voicing lies in F2..E3
    int max_voices = 4;       ///< upper voices at most (extensions beyond are left out)
};

/// The pitch classes a comping voicing plays (the root excluded; the bass plays it): every tone
/// when there are at most `max_voices`, else by priority: the 3rd (or sus tone) and the 7th (or 6th),
/// then an altered 5th, the alterations and the 13th, the 9th, the 11th, and the perfect 5th last.
/// A triad keeps its root so that three voices sound. Allocates: yes.
inline std::vector<int> comping_pitch_classes(const ChordSymbol& chord, int max_voices = 4)
{
    struct Ranked {
        int pc, rank;
    };
    std::vector<Ranked> tones;
    for (const ChordTone& t : chord.tones) {
        if (t.degree == 1)
            continue;
        int rank = 6;
        if (t.degree == 3 || t.degree == 2 || t.degree == 4)
            rank = 0;
        else if (t.degree == 7 || t.degree == 6)
            rank = 1;
        else if (t.degree == 5)
            rank = t.semitones == 7 ? 6 : 2;
        else if (t.degree == 13 || t.semitones == 13 || t.semitones == 15 || t.semitones == 18)
            rank = 3;
        else if (t.degree == 9)
            rank = 4;
        else if (t.degree == 11)
            rank = 5;
        tones.push_back({ detail::floor_mod(chord.root + t.semitones, 12), rank });
    }
    if (tones.size() < 3)
        tones.push_back({ chord.root, 7 });
    std::stable_sort(tones.begin(), tones.end(), [](const Ranked& a, const Ranked& b) { return a.rank < b.rank; });
    std::vector<int> out;
    for (const Ranked& t : tones)
        if (static_cast<int>(out.size()) < max_voices && std::find(out.begin(), out.end(), t.pc) == out.end())
            out.push_back(t.pc);
    return out;
}

/// How far a voicing moves from `previous`: voice by voice when both have as many voices, else
/// each new voice from the nearest old one. The largest single move goes to `largest`.
/// Allocates: no.
inline int voice_leading_cost(const std::vector<int>& next, const std::vector<int>& previous, int* largest = nullptr)
{
    int cost = 0, most = 0;
    for (std::size_t i = 0; i < next.size(); ++i) {
        int move = 0;
        if (next.size() == previous.size()) {
            move = std::abs(next[i] - previous[i]);
        } else {
            move = 128;
            for (int p : previous)
                move = std::min(move, std::abs(next[i] - p));
        }
        cost += move;
        most = std::max(most, move);
    }
    if (largest)
        *largest = most;
    return cost;
}

/// The upper voices of `chord` (ascending, within an octave) in the inversion nearest to
/// `previous` (empty for the first chord: the one centred nearest middle C). Allocates: yes.
inline std::vector<int> voice_lead(const ChordSymbol& chord, const std::vector<int>& previous, const VoicingRange& range = {})
{
    const std::vector<int> classes = comping_pitch_classes(chord, range.max_voices);
    std::vector<int> best;
    int best_cost = -1;
    for (int low = range.lowest; low <= range.highest_bottom; ++low) {
        if (std::find(classes.begin(), classes.end(), detail::floor_mod(low, 12)) == classes.end())
            continue; // each inversion once: its lowest voice is a chord tone
        std::vector<int> voices;
        for (int pc : classes)
            voices.push_back(low + detail::floor_mod(pc - low, 12));
        std::sort(voices.begin(), voices.end());
        int cost = 0;
        if (previous.empty()) {
            int sum = 0;
            for (int v : voices)
                sum += v;
            cost = std::abs(sum - 62 * static_cast<int>(voices.size()));
        } else {
            cost = voice_leading_cost(voices, previous);
        }
        if (best_cost < 0 || cost < best_cost) {
            best_cost = cost;
            best = voices;
        }
    }
    return best;
}

/// The bass note under a voicing: the slash bass or the root, in [bass_low, bass_low + 11].
/// Allocates: no.
inline int voicing_bass(const ChordSymbol& chord, const VoicingRange& range = {}) noexcept
{
    const int pc = chord.bass >= 0 ? chord.bass : chord.root;
    return range.bass_low + detail::floor_mod(pc - range.bass_low, 12);
}

/// The chords of `bars` (bar b spans [48b, 48b + 48) twelfths) voiced one after another: each
/// Chord's pitches are the bass note, then the upper voices led from the previous chord's.
/// Allocates: yes.
inline std::vector<std::vector<Chord>> voice_bars(const std::vector<ChartBar>& bars, const VoicingRange& range = {})
{
    std::vector<std::vector<Chord>> out;
    out.reserve(bars.size());
    std::vector<int> previous;
    for (const ChartBar& bar : bars) {
        std::vector<Chord> group;
        for (const ChartChord& c : bar.chords) {
            previous = voice_lead(c.symbol, previous, range);
            Chord chord;
            chord.offset = c.start;
            chord.duration = c.length;
            chord.pitches.push_back(voicing_bass(c.symbol, range));
            chord.pitches.insert(chord.pitches.end(), previous.begin(), previous.end());
            group.push_back(std::move(chord));
        }
        out.push_back(std::move(group));
    }
    return out;
}

} // namespace jazzlstm
