// What the default generation mode learns from the training melody, no network needed (standard
// library only): where the soloist plays, how far a line runs one way, how bars open, the triplet
// share, the swing, the accents by beat position, the tempo and how much the soloist repeats.
// docs/generation.md says how each figure is used.
#pragma once

#include <jazzlstm/music/metrics.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <optional>

namespace jazzlstm {

/// Beats in a 4/4 bar.
constexpr std::size_t beats_per_bar = 4;

/// The style of a training melody.
struct SourceStyle {
    std::size_t notes = 0;
    // Register.
    int lowest = 60, highest = 72;
    double low = 60, high = 72;  ///< 2nd and 98th percentiles
    double centre = 66;          ///< mean pitch
    // Motion.
    int longest_run_semitones = 12;
    int longest_run_notes = 8;
    double mean_leap = 2.5;      ///< mean |interval|
    std::optional<double> across_leap, inside_leap;
    // Bar openings (BarOpening order) and their typical lengths.
    std::array<double, bar_opening_count> openings { 1, 0, 0, 0 };
    ticks12 pickup_lead = twelfths_per_quarter / 2;
    ticks12 rest_length = twelfths_per_quarter / 2;
    // Rhythm and feel.
    double triplet_share = 0;
    std::optional<double> swing_ratio;
    std::size_t swing_beats = 0;
    /// Mean velocity by beat of the bar and OnsetClass, with the number of notes behind each.
    std::array<std::array<double, onset_class_count>, beats_per_bar> velocity {};
    std::array<std::array<std::size_t, onset_class_count>, beats_per_bar> velocity_notes {};
    double velocity_mean = 90;
    double velocity_spread = 0;  ///< sd of the velocities around their (beat, class) means
    double bpm = 120;
    std::optional<double> self_repetition;

    /// The mean velocity of an onset at `position` twelfths into the bar: its (beat, class) cell
    /// when at least 3 notes fall there, else its class over all beats, else the overall mean.
    double velocity_at(ticks12 position) const noexcept
    {
        const auto beat = static_cast<std::size_t>(std::clamp<ticks12>(position / beat_span, 0, beats_per_bar - 1));
        const auto cls = static_cast<std::size_t>(onset_class(((position % beat_span) + beat_span) % beat_span));
        if (velocity_notes[beat][cls] >= 3)
            return velocity[beat][cls];
        double sum = 0;
        std::size_t n = 0;
        for (std::size_t b = 0; b < beats_per_bar; ++b) {
            sum += velocity[b][cls] * static_cast<double>(velocity_notes[b][cls]);
            n += velocity_notes[b][cls];
        }
        return n >= 3 ? sum / static_cast<double>(n) : velocity_mean;
    }

    /// The share of bars that recall an earlier bar, from the source's self-repetition s: a recalled
    /// bar and its original both count as repeated, so a rate r gives about 2r / (1 + r) of the
    /// 4-grams repeated; r = s / (2 − s), capped at ½ so that most bars stay new.
    double motif_recall_rate() const noexcept
    {
        if (!self_repetition)
            return 0;
        const double s = std::clamp(*self_repetition, 0.0, 1.0);
        return std::min(0.5, s / (2 - s));
    }
};

/// The style of a melody line (its bars on the line's grid, 4/4). A line without notes gives the
/// defaults. Allocates: the metrics' scratch.
inline SourceStyle learn_style(const MetricLine& line)
{
    SourceStyle s;
    const MelodyMetrics m = measure_melody(line);
    s.notes = m.reg.notes;
    if (line.bpm)
        s.bpm = *line.bpm;
    if (!s.notes)
        return s;
    s.lowest = m.reg.min;
    s.highest = m.reg.max;
    s.low = m.reg.p2;
    s.high = m.reg.p98;
    s.centre = m.reg.mean;
    s.longest_run_semitones = std::max(m.intervals.longest_run_semitones, 2);
    s.longest_run_notes = std::max(m.intervals.longest_run_notes, 2);
    s.mean_leap = m.intervals.mean_abs;
    s.across_leap = m.intervals.across_mean_abs;
    s.inside_leap = m.intervals.inside_mean_abs;
    if (m.openings.bars) {
        s.openings = m.openings.shares;
        if (m.openings.pickup_lead)
            s.pickup_lead = m.openings.pickup_lead;
        if (m.openings.rest_length)
            s.rest_length = m.openings.rest_length;
    }
    s.triplet_share = m.rhythm.triplet_share;
    s.swing_ratio = m.rhythm.swing_ratio;
    s.swing_beats = m.rhythm.swing_beats;
    s.velocity_mean = m.rhythm.velocity_mean;
    for (const auto& n : line.notes) {
        const ticks12 at = position_in_bar(line, n.offset);
        const auto beat = static_cast<std::size_t>(std::min<ticks12>(at / beat_span, beats_per_bar - 1));
        const auto cls = static_cast<std::size_t>(onset_class(at % beat_span));
        s.velocity[beat][cls] += n.velocity;
        ++s.velocity_notes[beat][cls];
    }
    for (std::size_t b = 0; b < beats_per_bar; ++b)
        for (std::size_t c = 0; c < onset_class_count; ++c)
            if (s.velocity_notes[b][c])
                s.velocity[b][c] /= static_cast<double>(s.velocity_notes[b][c]);
    double squares = 0;
    for (const auto& n : line.notes) {
        const double d = n.velocity - s.velocity_at(position_in_bar(line, n.offset));
        squares += d * d;
    }
    s.velocity_spread = std::sqrt(squares / static_cast<double>(s.notes));
    s.self_repetition = m.self_repetition;
    return s;
}

} // namespace jazzlstm
