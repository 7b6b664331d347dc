// Register figures of a melody line (standard library only): range, centre, percentiles, and how
// much of the line lies below the top of the chord sounding under it.
#pragma once

#include <jazzlstm/music/metrics/line.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <optional>
#include <vector>

namespace jazzlstm {

/// The q-th quantile (0 ≤ q ≤ 1) of `values` by linear interpolation between closest ranks
/// (numpy's default): the value at position q·(n − 1) of the sorted values. nullopt when empty.
/// Allocates: a sorted copy.
inline std::optional<double> quantile(std::vector<int> values, double q)
{
    if (values.empty())
        return std::nullopt;
    std::sort(values.begin(), values.end());
    const double position = std::clamp(q, 0.0, 1.0) * static_cast<double>(values.size() - 1);
    const auto below = static_cast<std::size_t>(std::floor(position));
    const std::size_t above = std::min(below + 1, values.size() - 1);
    const double fraction = position - static_cast<double>(below);
    return values[below] + fraction * (values[above] - values[below]);
}

/// Where a line sits.
struct RegisterFigures {
    std::size_t notes = 0;
    int min = 0, max = 0;       ///< lowest and highest pitch (MIDI)
    double mean = 0;            ///< mean pitch
    double p2 = 0, p98 = 0;     ///< 2nd and 98th percentiles (quantile())
    /// Share of the notes with a chord in effect (chord_at) whose pitch is below that chord's top
    /// note; nullopt when no note has a chord.
    std::optional<double> below_chord_top;
};

/// The register of a line; all zero for a line without notes. Allocates: a copy of the pitches.
inline RegisterFigures register_figures(const MetricLine& line)
{
    RegisterFigures r;
    r.notes = line.notes.size();
    if (line.notes.empty())
        return r;
    const std::vector<int> pitches = line_pitches(line);
    r.min = *std::min_element(pitches.begin(), pitches.end());
    r.max = *std::max_element(pitches.begin(), pitches.end());
    double sum = 0;
    for (int p : pitches)
        sum += p;
    r.mean = sum / static_cast<double>(pitches.size());
    r.p2 = *quantile(pitches, 0.02);
    r.p98 = *quantile(pitches, 0.98);
    std::size_t with_chord = 0, below = 0;
    for (const auto& n : line.notes) {
        const Chord* c = chord_at(line, n.offset);
        if (!c)
            continue;
        ++with_chord;
        below += n.pitch < *std::max_element(c->pitches.begin(), c->pitches.end());
    }
    if (with_chord)
        r.below_chord_top = static_cast<double>(below) / static_cast<double>(with_chord);
    return r;
}

/// Share of a line's notes with a pitch outside [lo, hi]; 0 for an empty line. Allocates: no.
inline double share_outside(const MetricLine& line, double lo, double hi) noexcept
{
    if (line.notes.empty())
        return 0;
    std::size_t outside = 0;
    for (const auto& n : line.notes)
        outside += n.pitch < lo || n.pitch > hi;
    return static_cast<double>(outside) / static_cast<double>(line.notes.size());
}

} // namespace jazzlstm
