// All the figures of a melody line in one value, the human reference values they are read
// against, and the goals a solo must meet against the melody it learned from (issue 11 §3).
// Standard library only; docs/metrics.md has every formula.
#pragma once

#include <jazzlstm/music/metrics/groove.hpp>
#include <jazzlstm/music/metrics/intervals.hpp>
#include <jazzlstm/music/metrics/line.hpp>
#include <jazzlstm/music/metrics/openings.hpp>
#include <jazzlstm/music/metrics/pitch_classes.hpp>
#include <jazzlstm/music/metrics/register.hpp>
#include <jazzlstm/music/metrics/repetition.hpp>
#include <jazzlstm/music/metrics/rhythm.hpp>

#include <cmath>
#include <cstddef>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

namespace jazzlstm {

/// Every figure of one line.
struct MelodyMetrics {
    std::size_t bars = 0;                  ///< bars from the first onset's to the last onset's
    RegisterFigures reg;
    IntervalFigures intervals;
    RhythmFigures rhythm;
    OpeningFigures openings;
    PitchClassFigures pitch_classes;
    std::optional<double> grooving_similarity;
    std::optional<double> self_repetition; ///< of the (interval, duration) 4-grams
    std::optional<double> bpm;
};

/// The figures of a line. Allocates: yes.
inline MelodyMetrics measure_melody(const MetricLine& line)
{
    MelodyMetrics m;
    const auto [first, last] = note_bar_span(line);
    m.bars = static_cast<std::size_t>(last - first + 1);
    m.reg = register_figures(line);
    m.intervals = interval_figures(line);
    m.rhythm = rhythm_figures(line);
    m.openings = opening_figures(line);
    m.pitch_classes = pitch_class_figures(line);
    m.grooving_similarity = grooving_similarity(line);
    m.self_repetition = self_repetition(motion_steps(line));
    m.bpm = line.bpm;
    return m;
}

/// A figure measured on human solos: mean ± standard deviation.
struct HumanReference {
    const char* name;
    double mean;
    double sd;
};

/// The figures of 431 solos of the Weimar Jazz Database from their published encodings
/// (issue 11): H1, H4, GS, chord-tone ratio, scale consistency, mean |interval|, pitch range.
inline const std::vector<HumanReference>& weimar_references()
{
    static const std::vector<HumanReference> refs = {
        { "h1", 1.94, 0.35 },
        { "h4", 2.89, 0.27 },
        { "grooving_similarity", 0.83, 0.06 },
        { "chord_tone_ratio", 0.52, 0.08 },
        { "scale_consistency", 0.77, 0.07 },
        { "mean_abs_interval", 2.7, 0.4 },
        { "pitch_range", 28.6, 6.1 },
    };
    return refs;
}

/// One goal of a solo against its source.
struct StyleGoal {
    std::string id;        ///< stable name ("register_band", "top_note", ...)
    std::string text;      ///< what it demands, for people
    bool applies = true;   ///< false when the source gives it nothing to hold (passed is then true)
    bool passed = true;
    double value = 0;      ///< the solo's figure
    double limit = 0;      ///< the bound it is held to
};

namespace detail {

    inline StyleGoal goal(std::string id, std::string text, double value, double limit, bool passed, bool applies = true)
    {
        return { std::move(id), std::move(text), applies, !applies || passed, value, limit };
    }

} // namespace detail

/// The goals of issue 11 §3 for a solo against the melody it learned from:
///   register_band  ≤ 3 % of the solo's notes outside [source p2 − 3, source p98 + 3];
///   top_note       solo max ≤ source max + 5;
///   one_way_run    longest one-way run (semitones) ≤ 1.5 × the source's;
///   bar_line_leaps mean |interval| across bar lines ≤ 1.5 × the solo's mean inside bars;
///   bar_line_source the same ≤ the source's bar-line mean + 2;
///   triplets       triplet share ≥ half the source's, when the source has ≥ 10 %;
///   chord_tones    chord-tone ratio within 0.15 of the source's;
///   tempo          the solo's tempo equals the source's (within 0.5 bpm: MIDI stores µs per quarter);
///   copied_run     no copied run longer than 16 (interval, duration) pairs.
/// A goal whose figures are missing (no chord, no bar line crossed, no tempo) does not apply.
/// Allocates: the result.
inline std::vector<StyleGoal> style_goals(const MetricLine& solo_line, const MelodyMetrics& solo, const MelodyMetrics& source,
    const Originality& copied)
{
    std::vector<StyleGoal> goals;
    const double lo = source.reg.p2 - 3, hi = source.reg.p98 + 3;
    const double outside = share_outside(solo_line, lo, hi);
    goals.push_back(detail::goal("register_band", "at most 3% of the notes outside the source's [p2-3, p98+3]", outside, 0.03,
        outside <= 0.03 + 1e-12, solo.reg.notes > 0 && source.reg.notes > 0));
    goals.push_back(detail::goal("top_note", "top note at most 5 semitones above the source's", solo.reg.max, source.reg.max + 5,
        solo.reg.max <= source.reg.max + 5, solo.reg.notes > 0 && source.reg.notes > 0));
    const double run_limit = 1.5 * source.intervals.longest_run_semitones;
    goals.push_back(detail::goal("one_way_run", "longest one-way run at most 1.5x the source's",
        solo.intervals.longest_run_semitones, run_limit, solo.intervals.longest_run_semitones <= run_limit + 1e-9,
        source.intervals.intervals > 0));
    const bool leaps = solo.intervals.across_mean_abs && solo.intervals.inside_mean_abs;
    const double across = solo.intervals.across_mean_abs.value_or(0);
    goals.push_back(detail::goal("bar_line_leaps", "mean leap across bar lines at most 1.5x the mean leap inside bars", across,
        1.5 * solo.intervals.inside_mean_abs.value_or(0), across <= 1.5 * solo.intervals.inside_mean_abs.value_or(0) + 1e-9, leaps));
    const double source_across = source.intervals.across_mean_abs.value_or(0) + 2;
    goals.push_back(detail::goal("bar_line_source", "mean leap across bar lines at most the source's + 2", across, source_across,
        across <= source_across + 1e-9, solo.intervals.across_mean_abs.has_value() && source.intervals.across_mean_abs.has_value()));
    goals.push_back(detail::goal("triplets", "triplet share at least half the source's (when it has 10% or more)",
        solo.rhythm.triplet_share, source.rhythm.triplet_share / 2, solo.rhythm.triplet_share + 1e-12 >= source.rhythm.triplet_share / 2,
        source.rhythm.triplet_share >= 0.10));
    const bool tones = solo.pitch_classes.chord_tone_ratio && source.pitch_classes.chord_tone_ratio;
    const double gap = tones ? std::fabs(*solo.pitch_classes.chord_tone_ratio - *source.pitch_classes.chord_tone_ratio) : 0;
    goals.push_back(detail::goal("chord_tones", "chord-tone ratio within 15 points of the source's",
        solo.pitch_classes.chord_tone_ratio.value_or(0), source.pitch_classes.chord_tone_ratio.value_or(0), gap <= 0.15 + 1e-12, tones));
    const bool tempos = solo.bpm && source.bpm;
    goals.push_back(detail::goal("tempo", "tempo equal to the source's", solo.bpm.value_or(0), source.bpm.value_or(0),
        tempos && std::fabs(*solo.bpm - *source.bpm) <= 0.5, tempos));
    goals.push_back(detail::goal("copied_run", "no copied run longer than 16 (interval, duration) pairs",
        static_cast<double>(copied.longest_copied_run), 16, copied.longest_copied_run <= 16));
    return goals;
}

} // namespace jazzlstm
