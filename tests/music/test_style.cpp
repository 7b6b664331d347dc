// The default mode's rules of music/style/ on small hand-made bars whose results are worked out
// here by hand from docs/generation.md: the style learned from a line, the onset grid, the line
// state, a bar realised from tokens, ties and pickups across the bar line, swing and accents, and
// the pitch choice's type, register and run rules.
#include <jazzlstm/music/style.hpp>

#include "melody.hpp"
#include "support.hpp"

#include <cmath>
#include <cstdint>
#include <random>
#include <set>
#include <vector>

// Each test file has a namespace of its own: a folder is compiled as one unity build, and
// this keeps a file's helpers apart from its neighbours'.
namespace jazzlstm_test_style {

using namespace jazzlstm;
using doctest::Approx;

namespace {

using test::note;

Chord chord(ticks12 offset, ticks12 duration, std::vector<int> pitches) { return Chord { offset, duration, std::move(pitches) }; }

bool in_c_major_triad(int m)
{
    const int pc = ((m % 12) + 12) % 12;
    return pc == 0 || pc == 4 || pc == 7;
}

} // namespace

TEST_CASE("learn_style: register percentiles, centre, longest run and tempo of a hand-made line")
{
    // One bar of quarters C4 E4 G4 C5 over C major, at 100 bpm.
    const std::vector<MelodyElement> melody { note(0, 12, 60), note(12, 12, 64), note(24, 12, 67), note(36, 12, 72) };
    MetricLine line = metric_line(melody, { chord(0, 48, { 48, 52, 55 }) });
    line.bpm = 100;
    const SourceStyle s = learn_style(line);
    CHECK(s.notes == 4);
    CHECK(s.lowest == 60);
    CHECK(s.highest == 72);
    // p2 at position 0.02·3 = 0.06: 60 + 0.06·4; p98 at 2.94: 67 + 0.94·5.
    CHECK(s.low == Approx(60.24));
    CHECK(s.high == Approx(71.7));
    CHECK(s.centre == Approx(65.75));
    CHECK(s.longest_run_semitones == 12);
    CHECK(s.longest_run_notes == 4);
    CHECK(s.bpm == 100);
    CHECK(s.triplet_share == 0);
}

TEST_CASE("learn_style: velocity by beat position, and velocity_at's fallbacks")
{
    // Three accented downbeats (beat 1, velocity 110) in three bars, everything else 70 on beat 3.
    std::vector<MelodyElement> melody;
    for (ticks12 bar = 0; bar < 3 * 48; bar += 48) {
        melody.push_back(note(bar, 24, 60, 110));
        melody.push_back(note(bar + 24, 24, 62, 70));
    }
    const SourceStyle s = learn_style(metric_line(melody, { chord(0, 144, { 48, 52, 55 }) }));
    CHECK(s.velocity_mean == Approx(90));
    CHECK(s.velocity_at(0) == Approx(110));  // beat 1, on the beat: its own cell (3 notes)
    CHECK(s.velocity_at(24) == Approx(70));  // beat 3, on the beat
    // Beat 2 on the beat has no note: the on-beat class over all beats, (3·110 + 3·70) / 6.
    CHECK(s.velocity_at(12) == Approx(90));
    // An eighth off-beat has no note anywhere: the overall mean.
    CHECK(s.velocity_at(6) == Approx(90));
    CHECK(s.velocity_spread == Approx(0));
}

TEST_CASE("snap_onset keeps onsets on the corpus grid of quarter and third beats")
{
    const ticks12 expected[12] = { 0, 0, 3, 3, 4, 4, 6, 8, 8, 9, 9, 12 };
    for (ticks12 p = 0; p < 12; ++p)
        CHECK(snap_onset(p) == expected[p]);
    CHECK(snap_onset(12 + 7) == 20); // a sixteenth after a triplet eighth in beat 2 → the triplet point
    CHECK(snap_onset(36 + 11) == 48);
}

TEST_CASE("LineState counts one-way runs: a turn starts a new run, a repeat ends it")
{
    LineState line;
    line.play(60, 'C');
    line.play(62, 'S');
    line.play(64, 'C');
    CHECK(line.direction == 1);
    CHECK(line.run_start == 60);
    CHECK(line.run_notes == 3);
    line.play(62, 'S');
    CHECK(line.direction == -1);
    CHECK(line.run_start == 64);
    CHECK(line.run_notes == 2);
    line.play(62, 'A');
    CHECK(line.direction == 0);
    CHECK(line.run_notes == 1);
    CHECK(*line.last == 62);
    CHECK(line.last_type == 'A');
}

TEST_CASE("realise_bar plays tokens at their exact durations, triplets kept, and chooses pitches of their type")
{
    SourceStyle style; // band 60..72, centre 66
    std::mt19937_64 rng(7);
    LineState line;
    BarPlan plan;
    // A rest of a quarter, a triplet of eighths (4 twelfths each), then a half note.
    const std::vector<Token> tokens { make_token('R', 12), make_token('C', 4), make_token('C', 4), make_token('C', 4),
        make_token('C', 24) };
    const auto bar = realise_bar(tokens, { chord(0, 48, { 48, 52, 55 }) }, line, style, rng, plan);
    REQUIRE(bar.size() == 5);
    const ticks12 offsets[5] = { 0, 12, 16, 20, 24 }, durations[5] = { 12, 4, 4, 4, 24 };
    for (std::size_t k = 0; k < 5; ++k) {
        CHECK(bar[k].offset == offsets[k]);
        CHECK(bar[k].duration == durations[k]);
    }
    CHECK(bar[0].is_rest);
    for (std::size_t k = 1; k < 5; ++k) {
        CHECK_FALSE(bar[k].is_rest);
        CHECK(in_c_major_triad(bar[k].midi)); // C tokens are chord tones
        CHECK(bar[k].midi >= 55);             // no candidate is weighted below the band that far
        CHECK(bar[k].midi <= 77);
    }
    CHECK(*line.last == bar[4].midi);
}

TEST_CASE("realise_bar snaps an off-grid onset and clips the bar at its end")
{
    SourceStyle style;
    std::mt19937_64 rng(3);
    LineState line;
    BarPlan plan;
    // A sixteenth (3), a triplet eighth (4: the next onset would be 7, snapped to 8), then 3 quarters
    // and a half: 8 + 36 = 44, the half is cut to the bar's last 4 twelfths.
    const std::vector<Token> tokens { make_token('C', 3), make_token('C', 4), make_token('C', 36), make_token('C', 24) };
    const auto bar = realise_bar(tokens, { chord(0, 48, { 48, 52, 55 }) }, line, style, rng, plan);
    REQUIRE(bar.size() == 4);
    CHECK(bar[0].offset == 0);
    CHECK(bar[0].duration == 3);
    CHECK(bar[1].offset == 3);
    CHECK(bar[1].duration == 5); // takes up the snap: 3 → 8
    CHECK(bar[2].offset == 8);
    CHECK(bar[2].duration == 36);
    CHECK(bar[3].offset == 44);
    CHECK(bar[3].duration == 4);
}

TEST_CASE("realise_bar with a tie opening keeps the previous pitch for the bar's first note")
{
    SourceStyle style;
    std::mt19937_64 rng(1);
    LineState line;
    line.play(67, 'C');
    BarPlan plan;
    plan.opening = BarOpening::tie;
    const auto bar = realise_bar({ make_token('C', 12), make_token('C', 36) }, { chord(0, 48, { 48, 52, 55 }) }, line, style, rng, plan);
    REQUIRE(bar.size() == 2);
    CHECK(bar[0].midi == 67);
}

TEST_CASE("join_bar: a tie lengthens the last note, a pickup starts the first note early, else as written")
{
    SUBCASE("tie")
    {
        std::vector<MelodyElement> solo { note(0, 48, 60) };
        const BarOpening done = join_bar(solo, { note(0, 12, 60), note(12, 36, 62) }, 48, BarOpening::tie, 6);
        CHECK(done == BarOpening::tie);
        REQUIRE(solo.size() == 2);
        CHECK(solo[0].duration == 60);
        CHECK(solo[1].offset == 60);
        CHECK(solo[1].midi == 62);
    }
    SUBCASE("pickup of an eighth")
    {
        std::vector<MelodyElement> solo { note(0, 48, 60) };
        const BarOpening done = join_bar(solo, { note(0, 12, 64), note(12, 36, 62) }, 48, BarOpening::pickup, 6);
        CHECK(done == BarOpening::pickup);
        REQUIRE(solo.size() == 3);
        CHECK(solo[0].duration == 42);
        CHECK(solo[1].offset == 42);
        CHECK(solo[1].duration == 18);
        CHECK(solo[2].offset == 60);
    }
    SUBCASE("the previous note does not reach the bar line: downbeat")
    {
        std::vector<MelodyElement> solo { note(0, 40, 60) };
        const BarOpening done = join_bar(solo, { note(0, 12, 64) }, 48, BarOpening::pickup, 6);
        CHECK(done == BarOpening::downbeat);
        REQUIRE(solo.size() == 2);
        CHECK(solo[0].duration == 40);
        CHECK(solo[1].offset == 48);
    }
    SUBCASE("a tie to a different pitch is not a tie")
    {
        std::vector<MelodyElement> solo { note(0, 48, 60) };
        CHECK(join_bar(solo, { note(0, 48, 62) }, 48, BarOpening::tie, 6) == BarOpening::downbeat);
        CHECK(solo.size() == 2);
    }
}

TEST_CASE("apply_swing turns straight eighth pairs into triplet long-short, as many as the source's ratio asks")
{
    // Eight beats of two straight eighths: L = 8·6 = 48, S = 48, ratio 1.0.
    std::vector<MelodyElement> melody;
    for (ticks12 beat = 0; beat < 8 * 12; beat += 12) {
        melody.push_back(note(beat, 6, 60));
        melody.push_back(note(beat + 6, 6, 62));
    }
    SourceStyle style;
    style.swing_ratio = 2.0;
    style.swing_beats = 8;
    std::mt19937_64 rng(5);
    SUBCASE("ratio 2: k = (2·48 − 48) / (2 + 2·2) = 8, every pair swung")
    {
        CHECK(apply_swing(melody, style, rng) == 8);
        for (std::size_t k = 0; k < melody.size(); k += 2) {
            CHECK(melody[k].duration == 8);
            CHECK(melody[k + 1].offset == melody[k].offset + 8);
            CHECK(melody[k + 1].duration == 4);
        }
    }
    SUBCASE("ratio 1.5: k = (1.5·48 − 48) / 5 = 4.8 → 5 pairs")
    {
        style.swing_ratio = 1.5;
        CHECK(apply_swing(melody, style, rng) == 5);
        int swung = 0;
        for (std::size_t k = 0; k < melody.size(); k += 2)
            swung += melody[k].duration == 8;
        CHECK(swung == 5);
    }
    SUBCASE("a ratio measured on fewer than min_swing_beats beats changes nothing")
    {
        style.swing_beats = min_swing_beats - 1;
        CHECK(apply_swing(melody, style, rng) == 0);
        CHECK(melody[0].duration == 6);
    }
}

TEST_CASE("apply_velocities gives each note its position's mean velocity, plus the source's spread")
{
    SourceStyle style;
    style.velocity_mean = 80;
    style.velocity[0][static_cast<std::size_t>(OnsetClass::on_beat)] = 100;
    style.velocity_notes[0][static_cast<std::size_t>(OnsetClass::on_beat)] = 3;
    std::vector<MelodyElement> melody { note(48, 12, 60), note(60, 6, 62), note(66, 6, 64) };
    std::mt19937_64 rng(9);
    apply_velocities(melody, style, rng);
    CHECK(melody[0].velocity == 100); // beat 1 of bar 2
    CHECK(melody[1].velocity == 100); // beat 2 on the beat: the on-beat class over all beats
    CHECK(melody[2].velocity == 80);  // an off-beat eighth: no such note in the source, the mean
    style.velocity_spread = 10;
    std::vector<MelodyElement> spread(200, note(48, 12, 60));
    apply_velocities(spread, style, rng);
    double sum = 0, squares = 0;
    for (const auto& e : spread) {
        CHECK(e.velocity >= 100 - 25); // the draw is bounded by √6 standard deviations
        CHECK(e.velocity <= 100 + 25);
        sum += e.velocity;
        squares += (e.velocity - 100.0) * (e.velocity - 100.0);
    }
    CHECK(sum / 200 == Approx(100).epsilon(0.03));
    CHECK(std::sqrt(squares / 200) == Approx(10).epsilon(0.2));
}

TEST_CASE("choose_pitch: the token's type, the source's register and runs, the same draw for the same seed")
{
    SourceStyle style; // band 60..72, lowest 60, highest 72, longest run 12 st / 8 notes
    const ChordInfo c_major = analyse_chord({ 48, 52, 55 }, Music21Behaviour::music21_6);
    LineState line;
    line.play(66, 'C');
    PitchRequest wide;
    wide.type = 'C';
    wide.range = std::make_pair(-12, 12); // 54..78: chord tones 55 60 64 67 72 76
    std::mt19937_64 rng(11), again(11);
    int inside = 0;
    for (int k = 0; k < 400; ++k) {
        const int m = choose_pitch(wide, c_major, line, style, rng);
        CHECK(choose_pitch(wide, c_major, line, style, again) == m);
        CHECK(in_c_major_triad(m));
        inside += m >= 60 && m <= 72;
    }
    // 55 and 76 are 5 and 4 semitones outside the band (0.15^5, 0.15^4) and beyond the source's
    // range (×1e-4): essentially never drawn.
    CHECK(inside == 400);

    // A line that has climbed 12 semitones in 9 notes, past a source whose longest run is 12 / 8:
    // going on up is weighted 0.005 (the run rule), so it turns round. With a wide register the
    // register rules do not decide: 67 (a fall) weighs ~1, 72 (a repeat) 0.3, 76 (on up) 0.005.
    SourceStyle wide_band;
    wide_band.lowest = 30;
    wide_band.highest = 110;
    wide_band.low = 40;
    wide_band.high = 100;
    wide_band.centre = 70;
    LineState climbing;
    for (int m : { 60, 61, 62, 64, 65, 67, 69, 71, 72 })
        climbing.play(m, 'C');
    PitchRequest step;
    step.type = 'C';
    step.range = std::make_pair(-5, 4); // 67..76
    int on_up = 0;
    for (int k = 0; k < 400; ++k)
        on_up += choose_pitch(step, c_major, climbing, wide_band, rng) == 76;
    CHECK(on_up <= 8); // expected 400 · 0.005 / 1.3 ≈ 1.5
    // A source that runs two octaves one way lets the same line climb on (expected ≈ 400 / 2.3).
    wide_band.longest_run_semitones = 24;
    wide_band.longest_run_notes = 16;
    on_up = 0;
    for (int k = 0; k < 400; ++k)
        on_up += choose_pitch(step, c_major, climbing, wide_band, rng) == 76;
    CHECK(on_up >= 120);
}

TEST_CASE("choose_pitch keeps an approach tone an approach tone, and after one prefers the step that resolves it")
{
    SourceStyle style; // band 60..72
    const ChordInfo c_major = analyse_chord({ 48, 52, 55 }, Music21Behaviour::music21_6);
    std::mt19937_64 rng(5);
    LineState on_e;
    on_e.play(64, 'C');
    PitchRequest approach;
    approach.type = 'A';
    approach.range = std::make_pair(-6, 6); // 58..70
    std::set<int> drawn;
    for (int k = 0; k < 300; ++k) {
        const int m = choose_pitch(approach, c_major, on_e, style, rng);
        CHECK(tone_type(m, c_major) == 'A'); // not rewritten as a chord tone
        drawn.insert(m);
    }
    CHECK(drawn.size() >= 3);

    // From D#4 (63) a chord tone within 5 semitones is C4, E4 or G4 (60, 64, 67). E4, a step up,
    // weighs 4x (the resolution rule) when D#4 was an approach tone and 1x when the same pitch came
    // from a C token. With the register weights of the default style the shares of E4 are about
    // 0.72 and 0.39.
    PitchRequest chord_tone;
    chord_tone.type = 'C';
    chord_tone.range = std::make_pair(-5, 5);
    auto share_of_e = [&](char previous_type) {
        LineState line;
        line.play(63, previous_type);
        int e = 0;
        const int n = 3000;
        for (int k = 0; k < n; ++k)
            e += choose_pitch(chord_tone, c_major, line, style, rng) == 64;
        return static_cast<double>(e) / n;
    };
    const double after_approach = share_of_e('A');
    const double after_chord_tone = share_of_e('C');
    CHECK(after_approach > 0.62);
    CHECK(after_chord_tone < 0.5);
}

TEST_CASE("motif_recall_rate: r = s / (2 - s) from the source's self-repetition, at most one half")
{
    SourceStyle style;
    CHECK(style.motif_recall_rate() == 0); // no figure: never recall
    style.self_repetition = 0.0;
    CHECK(style.motif_recall_rate() == 0);
    style.self_repetition = 0.2;
    CHECK(style.motif_recall_rate() == doctest::Approx(0.2 / 1.8));
    style.self_repetition = 0.5;
    CHECK(style.motif_recall_rate() == doctest::Approx(1.0 / 3.0));
    // A recalled bar and its original both count as repeated: r = 1/3 gives 2r / (1 + r) = 1/2.
    CHECK(2 * style.motif_recall_rate() / (1 + style.motif_recall_rate()) == doctest::Approx(0.5));
    style.self_repetition = 0.8; // 0.8 / 1.2 = 0.67, capped
    CHECK(style.motif_recall_rate() == 0.5);
    style.self_repetition = 1.7; // out of range: clamped to 1, capped
    CHECK(style.motif_recall_rate() == 0.5);
}

} // namespace jazzlstm_test_style
