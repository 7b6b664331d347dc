// Rhythm figures of a melody line (standard library only): durations, triplets, where onsets fall
// in the beat, the swing of two-note beats and the spread of the velocities.
#pragma once

#include <jazzlstm/music/metrics/line.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>

namespace jazzlstm {

/// One beat (a quarter) in twelfths.
constexpr ticks12 beat_span = twelfths_per_quarter;

/// Where an onset falls in its beat.
enum class OnsetClass { on_beat, eighth, sixteenth, triplet, other };
constexpr std::size_t onset_class_count = 5;

/// The class of a position in the beat (0 ≤ position < 12 twelfths): 0 on the beat, 6 the eighth
/// off-beat, 3 and 9 sixteenths, 4 and 8 triplet eighths, the rest other. Allocates: no.
constexpr OnsetClass onset_class(ticks12 position) noexcept
{
    switch (position) {
    case 0: return OnsetClass::on_beat;
    case 6: return OnsetClass::eighth;
    case 3:
    case 9: return OnsetClass::sixteenth;
    case 4:
    case 8: return OnsetClass::triplet;
    default: return OnsetClass::other;
    }
}

/// The position of an offset in its beat, 0 ≤ result < 12. Allocates: no.
inline ticks12 position_in_beat(const MetricLine& line, ticks12 offset) noexcept
{
    return position_in_bar(line, offset) % beat_span;
}

/// A duration that needs the triplet grid: not a whole number of sixteenths (3 twelfths).
constexpr bool is_triplet_duration(ticks12 duration) noexcept { return duration % 3 != 0; }

struct RhythmFigures {
    std::map<ticks12, std::size_t> durations;          ///< histogram: duration in twelfths → notes
    double triplet_share = 0;                          ///< share of notes with is_triplet_duration
    std::array<double, onset_class_count> onsets {};   ///< share of onsets per OnsetClass
    /// Beats holding exactly two onsets, the first on the beat: Σ p / Σ (12 − p) over them, p the
    /// second onset's position (1.0 straight eighths, 2.0 triplet swing); nullopt without such beats.
    std::optional<double> swing_ratio;
    std::size_t swing_beats = 0;
    double velocity_mean = 0, velocity_sd = 0;         ///< population standard deviation
    int velocity_min = 0, velocity_max = 0;
};

/// The rhythm figures of a line; zeros for a line without notes. Allocates: the histogram.
inline RhythmFigures rhythm_figures(const MetricLine& line)
{
    RhythmFigures r;
    const auto& notes = line.notes;
    if (notes.empty())
        return r;
    const auto n = static_cast<double>(notes.size());
    std::size_t triplets = 0;
    std::array<std::size_t, onset_class_count> classes {};
    double velocity_sum = 0;
    r.velocity_min = r.velocity_max = notes.front().velocity;
    for (const auto& note : notes) {
        ++r.durations[note.duration];
        triplets += is_triplet_duration(note.duration);
        ++classes[static_cast<std::size_t>(onset_class(position_in_beat(line, note.offset)))];
        velocity_sum += note.velocity;
        r.velocity_min = std::min(r.velocity_min, note.velocity);
        r.velocity_max = std::max(r.velocity_max, note.velocity);
    }
    r.triplet_share = static_cast<double>(triplets) / n;
    for (std::size_t c = 0; c < onset_class_count; ++c)
        r.onsets[c] = static_cast<double>(classes[c]) / n;
    r.velocity_mean = velocity_sum / n;
    double squares = 0;
    for (const auto& note : notes)
        squares += (note.velocity - r.velocity_mean) * (note.velocity - r.velocity_mean);
    r.velocity_sd = std::sqrt(squares / n);

    // Two-note beats: the onsets are in order, so the beats are runs of equal beat index.
    double long_part = 0, short_part = 0;
    for (std::size_t i = 0; i < notes.size();) {
        const std::int64_t beat = detail::floor_div(notes[i].offset - line.origin, beat_span);
        std::size_t j = i + 1;
        while (j < notes.size() && detail::floor_div(notes[j].offset - line.origin, beat_span) == beat)
            ++j;
        if (j - i == 2 && position_in_beat(line, notes[i].offset) == 0) {
            const ticks12 p = position_in_beat(line, notes[i + 1].offset);
            long_part += static_cast<double>(p);
            short_part += static_cast<double>(beat_span - p);
            ++r.swing_beats;
        }
        i = j;
    }
    if (r.swing_beats)
        r.swing_ratio = long_part / short_part;
    return r;
}

} // namespace jazzlstm
