// The default mode's choice of a pitch for one grammar token (standard library only): among the
// pitches the token allows (its C/S/A/X type over the chord, inside its <UP,DOWN> interval range,
// or, for a token without range, near the previous note), prefer those that keep the line in the
// source's register and near its centre, that do not run one way further than the source ever
// does, and that resolve an approach tone by step; fold by an octave only when nothing else fits.
// docs/generation.md gives every weight and why.
#pragma once

#include <jazzlstm/core/random.hpp>
#include <jazzlstm/music/grammar/parse.hpp>
#include <jazzlstm/music/grammar/render.hpp>
#include <jazzlstm/music/style/source_style.hpp>
#include <jazzlstm/music/theory/chord.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <optional>
#include <utility>
#include <vector>

namespace jazzlstm {

/// Where the line is: its last note and the one-way run it is in.
struct LineState {
    std::optional<int> last;   ///< pitch of the previous note (across bar lines and rests)
    int direction = 0;         ///< +1 / −1 while a run climbs / falls, 0 after a repeat or at the start
    int run_start = 0;         ///< the pitch the current run started from
    int run_notes = 1;         ///< notes in the current run
    char last_type = 'C';      ///< TYPE of the previous note's token

    /// The line moves to `pitch`, played for a token of type `type`. Allocates: no.
    void play(int pitch, char type) noexcept
    {
        if (last) {
            const int d = pitch - *last;
            const int sign = (d > 0) - (d < 0);
            if (sign != 0 && sign == direction) {
                ++run_notes;
            } else {
                direction = sign;
                run_start = *last;
                run_notes = sign != 0 ? 2 : 1;
            }
        }
        last = pitch;
        last_type = type;
    }
};

/// What one note token asks for.
struct PitchRequest {
    char type = 'C';                          ///< C, S, A or X
    /// For a token with <UP,DOWN> (and a previous note): the semitones from the previous note to
    /// the lower and upper end of its range.
    std::optional<std::pair<int, int>> range;
    std::optional<int> target;                ///< motif recall: the pitch the recalled bar would play here
};

/// The weights of the rules (docs/generation.md).
struct PitchWeights {
    double outside_band = 0.15;     ///< per semitone outside the source's [p2, p98]
    double outside_range = 1e-4;    ///< beyond the source's lowest / highest note ± 1
    double run_too_long = 0.005;    ///< a one-way run past the source's longest (semitones or notes)
    double repeat = 0.3;            ///< the previous pitch again (deepjazz avoids it too)
    double resolution = 4;          ///< a step (1–2 semitones) after an approach or other tone
    double octave_fold = 0.02;      ///< a candidate moved by an octave out of the token's range
    double near_previous = 2.5;     ///< e-folding distance (semitones) of a token without range
    double target = 100;            ///< motif recall: the recalled pitch itself
};

namespace detail {

    inline double register_weight(int m, const SourceStyle& style, const PitchWeights& w)
    {
        double weight = 1;
        const double below = style.low - m, above = m - style.high;
        if (below > 0)
            weight *= std::pow(w.outside_band, below);
        if (above > 0)
            weight *= std::pow(w.outside_band, above);
        if (m < style.lowest - 1 || m > style.highest + 1)
            weight *= w.outside_range;
        // A gentle pull to the centre of gravity keeps a line from living at one edge of the band.
        const double sigma = std::max(4.0, (style.high - style.low) / 2.5);
        const double z = (m - style.centre) / sigma;
        return weight * std::exp(-0.5 * z * z);
    }

    inline double motion_weight(int m, const LineState& line, const SourceStyle& style, const PitchWeights& w)
    {
        if (!line.last)
            return 1;
        double weight = 1;
        const int d = m - *line.last;
        const int sign = (d > 0) - (d < 0);
        const bool continues = sign != 0 && sign == line.direction;
        const int span = continues ? std::abs(m - line.run_start) : std::abs(d);
        const int notes = continues ? line.run_notes + 1 : (sign != 0 ? 2 : 1);
        if (span > style.longest_run_semitones || notes > style.longest_run_notes)
            weight *= w.run_too_long;
        if (d == 0)
            weight *= w.repeat;
        if ((line.last_type == 'A' || line.last_type == 'X') && (std::abs(d) == 1 || std::abs(d) == 2))
            weight *= w.resolution;
        return weight;
    }

} // namespace detail

/// Chooses the pitch of one note token. Candidates: with a range, the MIDI pitches inside it whose
/// TYPE over `chord` is the token's (tone_type: a scale tone that is also a chord tone is a C, as
/// the corpus typed it, so S, A and X tones stay what they were), plus the same moved an octave up
/// and down (weighted by octave_fold); without one, such pitches within 9 semitones of the previous
/// note (of the source's centre when there is none), nearer ones preferred. When nothing fits, the
/// window widens a semitone each side at a time (up to 6), then deepjazz's looser test is used
/// (an S may be any scale tone, an A or X any tone a semitone from the chord), then none. Each candidate's
/// weight is the product of the rules; one is drawn with `rng` in proportion.
/// Allocates: the candidate list.
template <typename URBG>
int choose_pitch(const PitchRequest& request, const ChordInfo& chord, const LineState& line, const SourceStyle& style, URBG& rng,
    const PitchWeights& w = {})
{
    const int anchor = line.last ? *line.last : static_cast<int>(std::lround(style.centre));
    int lo, hi;
    if (request.range && line.last) {
        lo = anchor + request.range->first;
        hi = anchor + request.range->second;
        if (lo > hi)
            std::swap(lo, hi);
    } else {
        lo = anchor - 9;
        hi = anchor + 9;
    }
    std::vector<std::pair<int, double>> candidates;
    enum class Test { exact, loose, none };
    auto consider = [&](int m, double factor, Test test) {
        if (m < 0 || m > 127)
            return;
        if (test == Test::exact && tone_type(m, chord) != request.type)
            return;
        if (test == Test::loose && !detail::fits_type(request.type, m, chord))
            return;
        double weight = factor * detail::register_weight(m, style, w) * detail::motion_weight(m, line, style, w);
        if (!request.range || !line.last)
            weight *= std::exp(-std::abs(m - anchor) / w.near_previous);
        if (request.target) {
            if (m == *request.target)
                weight *= w.target;
            else if (std::abs(m - *request.target) == 1)
                weight *= 3;
        }
        candidates.emplace_back(m, weight);
    };
    for (Test test : { Test::exact, Test::loose })
        for (int widen = 0; widen <= 6 && candidates.empty(); ++widen)
            for (int m = lo - widen; m <= hi + widen; ++m)
                consider(m, 1, test);
    if (candidates.empty())
        for (int m = lo; m <= hi; ++m)
            consider(m, 1, Test::none);
    if (request.range && line.last) {
        const std::size_t inside = candidates.size();
        for (std::size_t k = 0; k < inside; ++k) {
            consider(candidates[k].first + 12, w.octave_fold, Test::none);
            consider(candidates[k].first - 12, w.octave_fold, Test::none);
        }
    }
    if (candidates.empty()) // only when the whole window lies outside MIDI 0..127
        return std::clamp(anchor, 0, 127);
    double total = 0;
    for (const auto& c : candidates)
        total += c.second;
    if (!(total > 0)) {
        // Every weight underflowed: the candidate nearest the centre.
        return std::min_element(candidates.begin(), candidates.end(), [&](const auto& a, const auto& b) {
            return std::abs(a.first - style.centre) < std::abs(b.first - style.centre);
        })->first;
    }
    const double u = canonical_double(rng) * total;
    double cumulative = 0;
    for (const auto& c : candidates) {
        cumulative += c.second;
        if (u < cumulative)
            return c.first;
    }
    return candidates.back().first;
}

} // namespace jazzlstm
