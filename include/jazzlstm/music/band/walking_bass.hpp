// A walking bass line over a chart (standard library only): one quarter note per beat, chord
// tones on the strong beats (the root where a chord starts), approach notes on the weak beats.
// docs/band.md has the rules.
#pragma once

#include <jazzlstm/core/random.hpp>
#include <jazzlstm/music/chart.hpp>
#include <jazzlstm/music/chord_symbol.hpp>
#include <jazzlstm/music/notes.hpp>

#include <algorithm>
#include <cstdlib>
#include <random>
#include <vector>

namespace jazzlstm {

/// A note of a band part, on the piece's timeline in twelfths of a quarter.
struct BandNote {
    ticks12 offset = 0;
    ticks12 duration = 0;
    int pitch = 0;
    int velocity = 80;
};

/// The bass register (acoustic bass, sounding pitches): E1..G3 by default.
struct BassRange {
    int lowest = 28;
    int highest = 55;
};

namespace detail {

    /// The chord sounding at `t` twelfths from the start of `bars` (bar b spans [48b, 48b + 48)).
    inline const ChartChord* chord_at(const std::vector<ChartBar>& bars, ticks12 t)
    {
        const std::size_t b = static_cast<std::size_t>(t / chart_bar_length);
        if (b >= bars.size())
            return nullptr;
        const ticks12 in_bar = t % chart_bar_length;
        for (const ChartChord& c : bars[b].chords)
            if (in_bar >= c.start && in_bar < c.start + c.length)
                return &c;
        return nullptr;
    }

    /// `pc` in the octave nearest to `near` inside the range, leaning towards the middle of the
    /// range so that the line does not drift to an edge and fold back an octave.
    inline int nearest_pitch(int pc, int near, const BassRange& range)
    {
        const int centre = (range.lowest + range.highest) / 2 - 2;
        int best = -1, best_cost = 0;
        for (int p = range.lowest + floor_mod(pc - range.lowest, 12); p <= range.highest; p += 12) {
            const int cost = 4 * std::abs(p - near) + std::abs(p - centre);
            if (best < 0 || cost < best_cost) {
                best = p;
                best_cost = cost;
            }
        }
        return best;
    }

} // namespace detail

/// Walks a bass line over `bars`, one quarter note per beat:
///  - a beat where a new chord starts (or a bar's first beat) plays the chord's root (its slash
///    bass for a slash chord), in the octave nearest the previous note;
///  - the other strong beat (beat 3 of a bar the chord holds) plays its 5th or 3rd;
///  - every weak beat (2 and 4) approaches the next beat's note from a half step below or above,
///    or from a whole step (a scale step), never repeating the note before it;
///  - every note lies in `range`. The last beat approaches the first chord (the form goes round).
/// The choices among the allowed notes come from `rng`. Allocates: yes.
inline std::vector<BandNote> walking_bass(const std::vector<ChartBar>& bars, std::mt19937_64& rng, const BassRange& range = {})
{
    constexpr ticks12 beat = twelfths_per_quarter;
    const ticks12 total = static_cast<ticks12>(bars.size()) * chart_bar_length;
    const std::size_t beats = static_cast<std::size_t>(total / beat);
    std::vector<int> pitch(beats, -1);
    auto root_pc = [](const ChartChord& c) { return c.symbol.bass >= 0 ? c.symbol.bass : c.symbol.root; };
    auto is_target = [&](std::size_t i) { return i % 2 == 0; };

    // Strong beats first: they are the targets the weak beats lead to.
    int previous = (range.lowest + range.highest) / 2 - 7;
    const ChartChord* last_chord = nullptr;
    for (std::size_t i = 0; i < beats; ++i) {
        const ChartChord* c = detail::chord_at(bars, static_cast<ticks12>(i) * beat);
        if (!c)
            continue;
        const bool new_chord = c != last_chord && (!last_chord || last_chord->symbol.name() != c->symbol.name() || i % 4 == 0);
        last_chord = c;
        if (!is_target(i) && !new_chord)
            continue;
        int pc = root_pc(*c);
        if (!new_chord) {
            // Beat 3 under a held chord: the 5th or the 3rd, whichever the die picks.
            std::vector<int> choices;
            for (const ChordTone& t : c->symbol.tones)
                if (t.degree == 5 || t.degree == 3 || t.degree == 2 || t.degree == 4)
                    choices.push_back(detail::floor_mod(c->symbol.root + t.semitones, 12));
            if (!choices.empty())
                pc = choices[static_cast<std::size_t>(uniform_below(rng, choices.size()))];
        }
        previous = detail::nearest_pitch(pc, previous, range);
        pitch[i] = previous;
    }
    // Weak beats: approach the next note.
    for (std::size_t i = 0; i < beats; ++i) {
        if (pitch[i] >= 0)
            continue;
        const int before = i > 0 ? pitch[i - 1] : -1;
        int next = -1;
        for (std::size_t j = i + 1; j < beats && next < 0; ++j)
            next = pitch[j];
        if (next < 0 && !pitch.empty() && pitch[0] >= 0 && before >= 0)
            next = detail::nearest_pitch(pitch[0] % 12, before, range); // the form goes round to its first note
        if (next < 0)
            next = before >= 0 ? before : previous;
        int options[4] = { next - 1, next + 1, next - 2, next + 2 };
        // The project's own draws, not std::shuffle or std::uniform_int_distribution, whose
        // results differ between standard libraries: the same seed walks the same line anywhere.
        if (uniform_below(rng, 2) == 1)
            std::swap(options[0], options[1]); // half steps first, either side
        if (uniform_below(rng, 4) == 0)
            std::swap(options[0], options[2]);   // now and then a scale step
        int chosen = -1;
        for (int o : options)
            if (o != before && o >= range.lowest && o <= range.highest) {
                chosen = o;
                break;
            }
        pitch[i] = chosen >= 0 ? chosen : next;
    }
    std::vector<BandNote> out;
    out.reserve(beats);
    for (std::size_t i = 0; i < beats; ++i) {
        if (pitch[i] < 0)
            continue;
        const int velocity = i % 4 == 0 ? 96 : i % 2 == 0 ? 88 : 80;
        // Slightly detached, as a walking line is played.
        out.push_back({ static_cast<ticks12>(i) * beat, beat - 1, pitch[i], velocity });
    }
    return out;
}

} // namespace jazzlstm
