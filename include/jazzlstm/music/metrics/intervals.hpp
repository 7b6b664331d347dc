// Interval figures of a melody line (standard library only): leap sizes, one-way runs (the
// "register ladder"), and the leaps across bar lines against those inside bars.
#pragma once

#include <jazzlstm/music/metrics/line.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdlib>
#include <optional>

namespace jazzlstm {

/// How a line moves from note to note. An interval is p[k] − p[k−1] between consecutive notes of
/// the line, whatever lies between them (a rest included).
struct IntervalFigures {
    std::size_t intervals = 0;
    double mean_abs = 0;           ///< mean |interval|, semitones
    int max_abs = 0;
    double over_octave = 0;        ///< share of |interval| > 12
    /// The longest one-way run: consecutive intervals of one sign (a repeated note ends a run).
    /// Its span in semitones (|last − first|) and, separately, the most notes in one run.
    int longest_run_semitones = 0;
    int longest_run_notes = 0;     ///< 1 for a line of one note or of repeated notes, 0 when empty
    /// Intervals whose two notes start in different bars, and those inside one bar.
    std::size_t across = 0, inside = 0;
    std::optional<double> across_mean_abs, inside_mean_abs;
    std::optional<double> across_over_octave; ///< share of bar-line intervals with |interval| > 12
};

/// The interval figures of a line. Allocates: no.
inline IntervalFigures interval_figures(const MetricLine& line) noexcept
{
    IntervalFigures f;
    const auto& notes = line.notes;
    f.longest_run_notes = notes.empty() ? 0 : 1;
    if (notes.size() < 2)
        return f;
    double sum = 0, across_sum = 0, inside_sum = 0;
    std::size_t over = 0, across_over = 0;
    int direction = 0, run_span = 0, run_notes = 1;
    for (std::size_t k = 1; k < notes.size(); ++k) {
        const int d = notes[k].pitch - notes[k - 1].pitch;
        const int a = std::abs(d);
        ++f.intervals;
        sum += a;
        f.max_abs = std::max(f.max_abs, a);
        over += a > 12;
        if (bar_index(line, notes[k].offset) != bar_index(line, notes[k - 1].offset)) {
            ++f.across;
            across_sum += a;
            across_over += a > 12;
        } else {
            ++f.inside;
            inside_sum += a;
        }
        const int sign = (d > 0) - (d < 0);
        if (sign != 0 && sign == direction) {
            run_span += a;
            ++run_notes;
        } else {
            direction = sign;
            run_span = a;
            run_notes = sign != 0 ? 2 : 1;
        }
        f.longest_run_semitones = std::max(f.longest_run_semitones, run_span);
        f.longest_run_notes = std::max(f.longest_run_notes, run_notes);
    }
    const auto n = static_cast<double>(f.intervals);
    f.mean_abs = sum / n;
    f.over_octave = static_cast<double>(over) / n;
    if (f.across) {
        f.across_mean_abs = across_sum / static_cast<double>(f.across);
        f.across_over_octave = static_cast<double>(across_over) / static_cast<double>(f.across);
    }
    if (f.inside)
        f.inside_mean_abs = inside_sum / static_cast<double>(f.inside);
    return f;
}

} // namespace jazzlstm
