// The metrics of music/metrics/ on small hand-made lines whose every figure is worked out here,
// by hand, from the formulas of docs/metrics.md.
#include <jazzlstm/music/metrics.hpp>

#include "melody.hpp"
#include "support.hpp"

#include <cmath>
#include <string>
#include <vector>

// Each test file has a namespace of its own: a folder is compiled as one unity build, and
// this keeps a file's helpers apart from its neighbours'.
namespace jazzlstm_test_metrics {

using namespace jazzlstm;
using doctest::Approx;

namespace {

using test::note;
using test::rest;

/// Two bars: C D E (quarter, two eighths), G F E as triplet eighths, C, then C5 and B4 as halves,
/// over C major (C4 E4 G4 C5) and G7 (G3 B3 D4 F4).
MetricLine two_bars()
{
    const std::vector<MelodyElement> melody = { note(0, 12, 60, 110), note(12, 6, 62), note(18, 6, 64), note(24, 4, 67),
        note(28, 4, 65), note(32, 4, 64), note(36, 12, 60), note(48, 24, 72, 70), note(72, 24, 71) };
    const std::vector<Chord> chords = { { 0, 48, { 60, 64, 67, 72 } }, { 48, 48, { 55, 59, 62, 65 } } };
    return metric_line(melody, chords);
}

/// Six bars with a swung figure, a pickup, an opening rest, a tie and a downbeat.
MetricLine six_bars()
{
    const std::vector<MelodyElement> melody = { note(0, 8, 60), note(8, 4, 62), note(12, 36, 64), // bar 0
        note(48, 8, 60), note(56, 4, 62), note(60, 30, 64), note(90, 12, 67),                    // bar 1, the last a pickup into bar 2
        note(102, 8, 65), rest(110, 46),                                                         // bar 2
        note(156, 12, 64), note(180, 30, 62),                                                    // bar 3 opens with a rest; the last tied into bar 4
        note(240, 12, 60) };                                                                     // bar 5 on the downbeat
    return metric_line(melody, { { 0, 288, { 48, 52, 55 } } });
}

} // namespace

TEST_CASE("metric_line: rests dropped, the highest of simultaneous notes kept, onset order")
{
    const MetricLine line = metric_line({ note(12, 6, 64), note(0, 6, 60), note(0, 6, 67), rest(6, 6), note(0, 3, 55), note(24, 0, 70) },
        { { 48, 48, { 55, 59 } }, { 0, 48, { 48, 52 } }, { 0, 48, { 48, 52 } }, { 96, 1, {} } });
    REQUIRE(line.notes.size() == 2);
    CHECK(line.notes[0].offset == 0);
    CHECK(line.notes[0].pitch == 67);
    CHECK(line.notes[1].pitch == 64);
    REQUIRE(line.chords.size() == 2); // the repeat and the empty chord dropped
    CHECK(line.chords[0].offset == 0);
    CHECK(chord_at(line, -1) == nullptr);
    CHECK(chord_at(line, 47) == &line.chords[0]);
    CHECK(chord_at(line, 48) == &line.chords[1]);
    CHECK(chord_at(line, 500) == &line.chords[1]); // the harmony holds until the next change
    CHECK(bar_index(line, -1) == -1);
    CHECK(position_in_bar(line, -1) == 47);
}

TEST_CASE("register: range, mean, interpolated percentiles, notes below the chord's top")
{
    const RegisterFigures r = register_figures(two_bars());
    CHECK(r.notes == 9);
    CHECK(r.min == 60);
    CHECK(r.max == 72);
    CHECK(r.mean == Approx(585.0 / 9));
    // Sorted 60 60 62 64 64 65 67 71 72: p2 at position 0.16 (between two 60s), p98 at 7.84.
    CHECK(r.p2 == Approx(60.0));
    CHECK(r.p98 == Approx(71.84));
    // Bar 1 lies under C5 (all 7 notes below it), bar 2 above F4 (none below).
    REQUIRE(r.below_chord_top);
    CHECK(*r.below_chord_top == Approx(7.0 / 9));
    CHECK(*quantile({ 1, 2, 3, 4 }, 0.5) == Approx(2.5));
    CHECK_FALSE(quantile({}, 0.5));
    CHECK(share_outside(two_bars(), 61, 71) == Approx(3.0 / 9)); // 60, 60, 72
}

TEST_CASE("intervals: leaps, one-way runs, bar-line leaps against leaps inside bars")
{
    const IntervalFigures f = interval_figures(two_bars());
    // +2 +2 +3 −2 −1 −4 +12 −1
    CHECK(f.intervals == 8);
    CHECK(f.mean_abs == Approx(27.0 / 8));
    CHECK(f.max_abs == 12);
    CHECK(f.over_octave == Approx(0.0)); // 12 is an octave, not over it
    CHECK(f.longest_run_semitones == 12); // the single +12 (the runs +2+2+3 and −2−1−4 span 7)
    CHECK(f.longest_run_notes == 4);
    CHECK(f.across == 1);
    CHECK(f.inside == 7);
    CHECK(*f.across_mean_abs == Approx(12.0));
    CHECK(*f.inside_mean_abs == Approx(15.0 / 7));
    CHECK(*f.across_over_octave == Approx(0.0));

    const IntervalFigures repeated = interval_figures(metric_line({ note(0, 6, 60), note(6, 6, 60), note(12, 6, 60) }, {}));
    CHECK(repeated.longest_run_semitones == 0);
    CHECK(repeated.longest_run_notes == 1);
    CHECK_FALSE(repeated.across_mean_abs);
    CHECK(interval_figures(MetricLine {}).longest_run_notes == 0);
}

TEST_CASE("rhythm: duration histogram, triplets, onset classes, swing, velocities")
{
    const RhythmFigures r = rhythm_figures(two_bars());
    CHECK(r.durations.size() == 4);
    CHECK(r.durations.at(12) == 2);
    CHECK(r.durations.at(6) == 2);
    CHECK(r.durations.at(4) == 3);
    CHECK(r.durations.at(24) == 2);
    CHECK(r.triplet_share == Approx(3.0 / 9));
    CHECK(r.onsets[static_cast<std::size_t>(OnsetClass::on_beat)] == Approx(6.0 / 9));
    CHECK(r.onsets[static_cast<std::size_t>(OnsetClass::eighth)] == Approx(1.0 / 9));
    CHECK(r.onsets[static_cast<std::size_t>(OnsetClass::triplet)] == Approx(2.0 / 9));
    CHECK(r.onsets[static_cast<std::size_t>(OnsetClass::sixteenth)] == Approx(0.0));
    // One two-note beat (12 and 18): straight.
    CHECK(r.swing_beats == 1);
    CHECK(*r.swing_ratio == Approx(1.0));
    // Velocities 110, 70 and seven 90s: mean 90, sd √(800/9).
    CHECK(r.velocity_mean == Approx(90.0));
    CHECK(r.velocity_sd == Approx(std::sqrt(800.0 / 9)));
    CHECK(r.velocity_min == 70);
    CHECK(r.velocity_max == 110);

    // Two beats of 8 + 4 twelfths: triplet swing, 16 / 8.
    const RhythmFigures swung = rhythm_figures(six_bars());
    CHECK(swung.swing_beats == 2);
    CHECK(*swung.swing_ratio == Approx(2.0));
    CHECK(onset_class(3) == OnsetClass::sixteenth);
    CHECK(onset_class(5) == OnsetClass::other);
    CHECK(is_triplet_duration(8));
    CHECK_FALSE(is_triplet_duration(9));
}

TEST_CASE("openings: downbeat, pickup, rest and tie at the bar lines")
{
    const OpeningFigures f = opening_figures(six_bars());
    // Bars 1…5: downbeat, pickup (G4 from 6 twelfths before), rest (to 12), tie (D4 from 12 before), downbeat.
    CHECK(f.bars == 5);
    CHECK(f.counts[static_cast<std::size_t>(BarOpening::downbeat)] == 2);
    CHECK(f.counts[static_cast<std::size_t>(BarOpening::pickup)] == 1);
    CHECK(f.counts[static_cast<std::size_t>(BarOpening::rest)] == 1);
    CHECK(f.counts[static_cast<std::size_t>(BarOpening::tie)] == 1);
    CHECK(f.shares[static_cast<std::size_t>(BarOpening::downbeat)] == Approx(0.4));
    CHECK(f.pickup_lead == 6);
    CHECK(f.rest_length == 12);
    CHECK(opening_figures(two_bars()).counts[static_cast<std::size_t>(BarOpening::downbeat)] == 1);
}

TEST_CASE("pitch classes: H1, H4, chord-tone ratio, scale consistency")
{
    const PitchClassFigures f = pitch_class_figures(two_bars());
    // Bar 1: C2 D1 E2 F1 G1 of 7; bar 2: C, B.
    const double bar1 = 2 * (2.0 / 7) * std::log2(3.5) + 3 * (1.0 / 7) * std::log2(7.0);
    REQUIRE(f.h1);
    CHECK(*f.h1 == Approx((bar1 + 1.0) / 2));
    CHECK_FALSE(f.h4); // two bars
    // Chord tones (duration-weighted): C 12, E 6, G 4, E 4, C 12 in bar 1, B 24 in bar 2, of 96.
    REQUIRE(f.chord_tone_ratio);
    CHECK(*f.chord_tone_ratio == Approx(62.0 / 96));
    CHECK(f.scale_consistency == Approx(1.0));
    CHECK(f.scale_tonic == 0);
    CHECK_FALSE(f.scale_minor);

    // Six bars (bar 4 has no onset): windows 0-3 (C2 D3 E3 G F: 10), 1-4 (C D2 E2 G F: 7), 2-5 (F E D C).
    const PitchClassFigures six = pitch_class_figures(six_bars());
    const double w0 = -(0.2 * std::log2(0.2) + 2 * 0.3 * std::log2(0.3) + 2 * 0.1 * std::log2(0.1));
    REQUIRE(six.h4);
    CHECK(*six.h4 == Approx((w0 + bar1 + 2.0) / 3));
    // Bars 0, 1, 2, 3, 5: 3, 4, 1, 2, 1 distinct classes, each once.
    CHECK(*six.h1 == Approx((std::log2(3.0) + 2.0 + 0.0 + 1.0 + 0.0) / 5));
    // The one chord is C major; by duration C 8 + 8 + 12, E 36 + 30 + 12 and G 12 of 164 twelfths.
    CHECK(*six.chord_tone_ratio == Approx((8 + 8 + 12 + 36 + 30 + 12 + 12) / 164.0));
}

TEST_CASE("grooving similarity: 64-position onset vectors of every pair of bars")
{
    // Bar 1 onsets at 0 12 18 24 28 32 36 → bits 0 16 24 32 37 42 48; bar 2 at 0 24 → bits 0 32.
    const auto vectors = grooving_vectors(two_bars());
    REQUIRE(vectors.size() == 2);
    CHECK(vectors[0].count() == 7);
    CHECK(vectors[0].test(37));
    CHECK(vectors[1].test(32));
    CHECK(*grooving_similarity(two_bars()) == Approx(1.0 - 5.0 / 64));
    CHECK_FALSE(grooving_similarity(metric_line({ note(0, 12, 60) }, {})));
}

TEST_CASE("repetition: self-repetition, copied share and the longest copied run")
{
    const std::vector<int> seq = { 1, 2, 3, 4, 1, 2, 3, 4, 5 };
    // 4-grams 1234 2341 3412 4123 1234 2345: 1234 twice, at 2 of 6 positions.
    CHECK(*self_repetition(seq) == Approx(2.0 / 6));
    CHECK(*copied_share(seq, std::vector<int> { 9, 1, 2, 3, 4, 9 }) == Approx(2.0 / 6));
    CHECK_FALSE(self_repetition(std::vector<int> { 1, 2, 3 }));
    CHECK(longest_copied_run(seq, std::vector<int> { 0, 2, 3, 4, 1, 2, 9 }) == 5);
    CHECK(longest_copied_run(seq, seq) == seq.size());
    CHECK(longest_copied_run(seq, std::vector<int> {}) == 0);
    CHECK(longest_copied_run(std::vector<std::string> { "a", "b", "a", "b", "c" }, std::vector<std::string> { "b", "a", "b", "a" }) == 3);
    // A source that overlaps itself (the automaton's clone path): 1 1 2 1 1 1 is in both.
    CHECK(longest_copied_run(std::vector<int> { 7, 1, 1, 1, 2, 1, 1, 1 }, std::vector<int> { 1, 1, 2, 1, 1, 1, 1, 2 }) == 6);
    CHECK(longest_copied_run(std::vector<int> { 1, 1, 1, 1, 1 }, std::vector<int> { 1, 1, 2, 1, 1, 1, 2 }) == 3);

    const MetricLine line = two_bars();
    const auto steps = motion_steps(line);
    REQUIRE(steps.size() == 8);
    CHECK(steps[0] == MotionStep { 2, 6 });
    CHECK(steps[6] == MotionStep { 12, 24 });
    CHECK(*self_repetition(steps) == Approx(0.0));
    const Originality same = originality(line, { "a", "b" }, line, { "a", "b" });
    CHECK(same.longest_copied_run == 8);
    CHECK(*same.copied_4grams == Approx(1.0));
    CHECK(same.longest_copied_tokens == 2);
    CHECK_FALSE(same.copied_token_4grams);
}

TEST_CASE("style goals: each bound, and goals the source gives nothing to hold")
{
    MetricLine source = six_bars();
    source.bpm = 140;
    MetricLine solo = two_bars();
    solo.bpm = 140;
    const MelodyMetrics s = measure_melody(solo), src = measure_melody(source);
    CHECK(src.bars == 6);
    const auto goals = style_goals(solo, s, src, originality(solo, {}, source, {}));
    auto find = [&](const std::string& id) {
        for (const auto& g : goals)
            if (g.id == id)
                return g;
        FAIL("no goal " << id);
        return StyleGoal {};
    };
    REQUIRE(goals.size() == 9);
    // Source pitches 60…67 (p2 60.0, p98 66.56): band [57, 69.56]; the solo's 72 and 71 are out (2 of 9).
    CHECK(find("register_band").value == Approx(2.0 / 9));
    CHECK_FALSE(find("register_band").passed);
    CHECK(find("top_note").passed); // 72 ≤ 67 + 5
    // Source runs: +2 +2 then −4 +2 +2 +3 −2 −1 −2 −2 → longest 7 → limit 10.5; the solo's is 12.
    CHECK(find("one_way_run").limit == Approx(10.5));
    CHECK_FALSE(find("one_way_run").passed);
    CHECK_FALSE(find("bar_line_leaps").passed); // 12 > 1.5 × 15/7
    // Source: 5 of 11 durations are triplets (8 4 8 4 8): the solo's 1/3 ≥ 5/22.
    CHECK(find("triplets").applies);
    CHECK(find("triplets").passed);
    CHECK(find("tempo").passed);
    CHECK(find("copied_run").passed);

    MetricLine silent = solo;
    silent.chords.clear();
    silent.bpm.reset();
    const auto loose = style_goals(silent, measure_melody(silent), src, originality(silent, {}, source, {}));
    for (const auto& g : loose)
        if (g.id == "chord_tones" || g.id == "tempo") {
            CHECK_FALSE(g.applies);
            CHECK(g.passed);
        }
}

} // namespace jazzlstm_test_metrics
