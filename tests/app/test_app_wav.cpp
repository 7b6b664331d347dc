// The built-in synthesiser and WAV writer: pitch, timing, header, determinism, no clipping.
#include "fluidsynth.hpp"
#include "wav.hpp"

#include "support.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

// Each test file has a namespace of its own: a folder is compiled as one unity build, and
// this keeps a file's helpers apart from its neighbours'.
namespace jazzlstm_test_app_wav {

using namespace jazzlstm::app;

namespace {

std::uint32_t u32_at(const std::vector<std::uint8_t>& b, std::size_t at)
{
    return b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (static_cast<std::uint32_t>(b[at + 3]) << 24);
}

std::uint16_t u16_at(const std::vector<std::uint8_t>& b, std::size_t at) { return static_cast<std::uint16_t>(b[at] | (b[at + 1] << 8)); }

// Frequency from the number of rising zero crossings between two times (mono samples).
double zero_crossing_hz(const std::vector<std::int16_t>& s, int rate, double from, double to)
{
    auto a = static_cast<std::size_t>(from * rate);
    auto b = static_cast<std::size_t>(to * rate);
    std::size_t first = 0, last = 0, count = 0;
    for (std::size_t i = a + 1; i < b; ++i)
        if (s[i - 1] < 0 && s[i] >= 0) {
            if (count == 0)
                first = i;
            last = i;
            ++count;
        }
    REQUIRE(count > 2);
    return static_cast<double>(count - 1) * rate / static_cast<double>(last - first);
}

} // namespace

TEST_CASE("a single A4 sounds at 440 Hz in both timbres")
{
    for (Timbre timbre : { Timbre::pluck, Timbre::organ }) {
        SynthSettings settings;
        settings.channels = 1;
        auto s = synthesize({ { 0.0, 1.0, 69, 100, timbre } }, settings);
        double hz = zero_crossing_hz(s, 44100, 0.1, 0.9);
        CHECK(hz == doctest::Approx(440.0).epsilon(0.002));
    }
    // A3 and the tuning reference scale the frequency too.
    SynthSettings settings;
    settings.channels = 1;
    settings.a4 = 432;
    auto s = synthesize({ { 0.0, 1.0, 57, 100, Timbre::organ } }, settings);
    CHECK(zero_crossing_hz(s, 44100, 0.1, 0.9) == doctest::Approx(216.0).epsilon(0.002));
}

TEST_CASE("note timing follows the tempo map")
{
    jazzlstm::midi::Score score;
    score.ticks_per_quarter = 480;
    score.tempos.push_back({ 0, 500000 });    // 120 bpm: a quarter lasts 0.5 s
    score.tempos.push_back({ 960, 250000 });  // from quarter 2: 240 bpm
    jazzlstm::midi::ScoreTrack track;
    track.program = 26;
    jazzlstm::midi::Note n;
    n.onset = 3;  // 2 quarters at 0.5 s + 1 quarter at 0.25 s
    n.duration = 2;
    n.pitch = 69;
    n.velocity = 100;
    track.notes.push_back(n);
    score.tracks.push_back(track);
    CHECK(seconds_at(score, 1.0) == doctest::Approx(0.5));
    CHECK(seconds_at(score, 3.0) == doctest::Approx(1.25));
    auto notes = synth_notes(score);
    REQUIRE(notes.size() == 1);
    CHECK(notes[0].onset == doctest::Approx(1.25));
    CHECK(notes[0].duration == doctest::Approx(0.5));
    CHECK(notes[0].timbre == Timbre::pluck);

    // The sound starts at the onset: silence before, signal just after.
    SynthSettings settings;
    settings.channels = 1;
    auto s = synthesize(notes, settings);
    const auto onset = static_cast<std::size_t>(1.25 * 44100);
    int before = 0, after = 0;
    for (std::size_t i = 0; i < onset; ++i)
        before = std::max(before, std::abs(static_cast<int>(s[i])));
    for (std::size_t i = onset; i < onset + 2205; ++i)
        after = std::max(after, std::abs(static_cast<int>(s[i])));
    CHECK(before == 0);
    CHECK(after > 10000);
    // Length: end of note (1.75 s) + pluck release (0.06 s) + tail (0.5 s).
    CHECK(s.size() == static_cast<std::size_t>(std::ceil((1.75 + 0.06 + 0.5) * 44100)));
}

namespace {

double rms(const std::vector<float>& mix, std::size_t from, std::size_t to)
{
    double sum = 0;
    for (std::size_t i = from; i < to; ++i)
        sum += static_cast<double>(mix[i]) * mix[i];
    return std::sqrt(sum / static_cast<double>(to - from));
}

// Rising zero crossings per second over [from, to) of a float mix (mono).
double crossings_per_second(const std::vector<float>& mix, int rate, double from, double to)
{
    const auto a = static_cast<std::size_t>(from * rate), b = static_cast<std::size_t>(to * rate);
    std::size_t count = 0;
    for (std::size_t i = a + 1; i < b; ++i)
        count += mix[i - 1] < 0 && mix[i] >= 0;
    return static_cast<double>(count) / (to - from);
}

} // namespace

TEST_CASE("the drum kit: channel 10 notes are drum strokes that ring for their own time")
{
    jazzlstm::midi::Score score;
    score.ticks_per_quarter = 480;
    score.tempos.push_back({ 0, 500000 });
    jazzlstm::midi::ScoreTrack drums;
    drums.program = 0; // a kit's program number says nothing about its timbre
    jazzlstm::midi::Note ride;
    ride.onset = 0;
    ride.duration = 1.0 / 3;
    ride.pitch = 51;
    ride.velocity = 90;
    ride.channel = 9;
    drums.notes.push_back(ride);
    score.tracks.push_back(drums);
    const auto notes = synth_notes(score);
    REQUIRE(notes.size() == 1);
    CHECK(notes[0].timbre == Timbre::drum);
    CHECK(notes[0].pitch == 51);

    SynthSettings mono;
    mono.channels = 1;
    mono.tail = 0;
    float peak = 0;
    // A cymbal struck for a triplet eighth (0.17 s) still shimmers a second later.
    const auto ride_mix = jazzlstm::app::detail::mix_notes(notes, mono, peak);
    const double ring = jazzlstm::app::detail::drum_shape_of(51).ring;
    CHECK(static_cast<double>(ride_mix.size()) == doctest::Approx(ring * 44100).epsilon(0.001));
    CHECK(rms(ride_mix, 44100, 44100 + 4410) > 0.02 * rms(ride_mix, 0, 4410));
    CHECK(ride_mix.front() == 0.0f);
    CHECK(std::fabs(ride_mix.back()) < 1e-3f * peak);

    // The ride is bright (noise above a few kHz), the bass drum a low thump (its head near 50-110 Hz).
    const auto kick_mix = jazzlstm::app::detail::mix_notes({ { 0.0, 0.17, 36, 110, Timbre::drum } }, mono, peak);
    CHECK(crossings_per_second(ride_mix, 44100, 0.01, 0.3) > 4000);
    const double kick_hz = crossings_per_second(kick_mix, 44100, 0.01, 0.2);
    CHECK(kick_hz > 40);
    CHECK(kick_hz < 130);

    // Reproducible: the noise is seeded by the key and the onset.
    CHECK(synthesize(notes) == synthesize(notes));
    const auto later = jazzlstm::app::detail::mix_notes({ { 0.5, 0.17, 51, 90, Timbre::drum } }, mono, peak);
    CHECK(std::vector<float>(later.begin() + 22050, later.end()) != ride_mix); // not one sample copied
}

TEST_CASE("in the band mix the drums sit under the solo, as a combo's ride does")
{
    SynthSettings mono;
    mono.channels = 1;
    mono.tail = 0;
    std::vector<SynthNote> solo, kit;
    for (int beat = 0; beat < 8; ++beat) {
        const double at = 0.5 * beat;
        solo.push_back({ at, 0.45, 67 + beat % 5, 96, Timbre::pluck });
        kit.push_back({ at, 0.17, 51, beat % 2 ? 92 : 80, Timbre::drum });
        kit.push_back({ at, 0.17, 36, 40, Timbre::drum });
        if (beat % 2)
            kit.push_back({ at, 0.17, 44, 76, Timbre::drum }), kit.push_back({ at + 1.0 / 3, 0.17, 51, 64, Timbre::drum });
    }
    float peak = 0;
    const auto solo_mix = jazzlstm::app::detail::mix_notes(solo, mono, peak);
    const auto kit_mix = jazzlstm::app::detail::mix_notes(kit, mono, peak);
    const std::size_t end = std::min(solo_mix.size(), kit_mix.size());
    const double decibels = 20 * std::log10(rms(kit_mix, 0, end) / rms(solo_mix, 0, end));
    INFO("drums relative to the solo: " << decibels << " dB");
    CHECK(decibels > -20);
    CHECK(decibels < -4);
}

TEST_CASE("WAV header fields are those of 16-bit PCM")
{
    SynthSettings settings;  // stereo
    auto samples = synthesize({ { 0.0, 0.5, 60, 90, Timbre::organ }, { 0.25, 0.5, 64, 90, Timbre::pluck } }, settings);
    REQUIRE(samples.size() % 2 == 0);
    auto bytes = wav_bytes(samples, 2, 44100);
    REQUIRE(bytes.size() == 44 + samples.size() * 2);
    CHECK(std::string(bytes.begin(), bytes.begin() + 4) == "RIFF");
    CHECK(u32_at(bytes, 4) == bytes.size() - 8);
    CHECK(std::string(bytes.begin() + 8, bytes.begin() + 16) == "WAVEfmt ");
    CHECK(u32_at(bytes, 16) == 16);
    CHECK(u16_at(bytes, 20) == 1);
    CHECK(u16_at(bytes, 22) == 2);
    CHECK(u32_at(bytes, 24) == 44100);
    CHECK(u32_at(bytes, 28) == 44100 * 4);
    CHECK(u16_at(bytes, 32) == 4);
    CHECK(u16_at(bytes, 34) == 16);
    CHECK(std::string(bytes.begin() + 36, bytes.begin() + 40) == "data");
    CHECK(u32_at(bytes, 40) == samples.size() * 2);
    // First sample little-endian at byte 44.
    CHECK(static_cast<std::int16_t>(u16_at(bytes, 44)) == samples[0]);
}

TEST_CASE("rendering is deterministic, normalised and click-free")
{
    std::vector<SynthNote> notes;
    for (int i = 0; i < 40; ++i)  // a dense cluster that would clip without normalisation
        notes.push_back({ 0.05 * i, 0.4, 48 + i % 24, 127, i % 3 ? Timbre::pluck : Timbre::organ });
    auto a = synthesize(notes);
    auto b = synthesize(notes);
    CHECK(a == b);
    int peak = 0;
    for (auto v : a)
        peak = std::max(peak, std::abs(static_cast<int>(v)));
    CHECK(peak <= 32767);
    CHECK(peak == doctest::Approx(0.89 * 32767).epsilon(0.001));
    // Envelopes start and end at zero: no jump at the first and last sample.
    CHECK(a.front() == 0);
    CHECK(a.back() == 0);
    // No sample-to-sample jump bigger than a smooth waveform can make (clicks show as steps).
    SynthSettings mono;
    mono.channels = 1;
    auto single = synthesize({ { 0.0, 0.3, 45, 100, Timbre::organ } }, mono);
    int step = 0;
    for (std::size_t i = 1; i < single.size(); ++i)
        step = std::max(step, std::abs(single[i] - single[i - 1]));
    // The steepest slope of the organ tone at 110 Hz is ~2π·f·(1 + 2·0.3 + 3·0.1)/rate of the peak.
    CHECK(step < 0.89 * 32767 * 2 * 3.1416 * 110 * 1.9 / 44100 + 50);
}

TEST_CASE("bad input is refused with ids")
{
    auto id_of = [](const std::vector<SynthNote>& notes, SynthSettings settings = {}) -> std::string {
        try {
            synthesize(notes, settings);
        } catch (const jazzlstm::error& e) {
            return e.id();
        }
        return "";
    };
    CHECK(id_of({ { -1.0, 1.0, 60, 90, Timbre::pluck } }) == "jazzlstm.wav.bad_note");
    CHECK(id_of({ { 0.0, NAN, 60, 90, Timbre::pluck } }) == "jazzlstm.wav.bad_note");
    CHECK(id_of({ { 0.0, 1.0, 128, 90, Timbre::pluck } }) == "jazzlstm.wav.bad_note");
    CHECK(id_of({ { 0.0, 1.0, 60, 0, Timbre::pluck } }) == "jazzlstm.wav.bad_note");
    CHECK(id_of({ { 1e6, 1.0, 60, 90, Timbre::pluck } }) == "jazzlstm.wav.too_long");
    SynthSettings bad;
    bad.channels = 3;
    CHECK(id_of({}, bad) == "jazzlstm.wav.bad_settings");
    // Nothing to play: only the tail, all silent.
    auto silent = synthesize({});
    CHECK(silent.size() == static_cast<std::size_t>(std::ceil(0.5 * 44100)) * 2);
    CHECK(std::all_of(silent.begin(), silent.end(), [](std::int16_t v) { return v == 0; }));
}

TEST_CASE("write_wav writes the file in one piece")
{
    auto path = jazzlstm::test::tmp_dir() / "app_wav_test.wav";
    SynthSettings settings;
    settings.channels = 1;
    write_wav(path, { { 0.0, 0.2, 69, 90, Timbre::pluck } }, settings);
    auto bytes = jazzlstm::test::read_bytes(path);
    CHECK(bytes == wav_bytes(synthesize({ { 0.0, 0.2, 69, 90, Timbre::pluck } }, settings), 1, 44100));
    CHECK_FALSE(std::filesystem::exists(path.string() + ".tmp"));
    CHECK_THROWS_AS(write_wav(jazzlstm::test::tmp_dir() / "no-such-dir" / "x.wav", {}, settings), jazzlstm::io_error);
}

TEST_CASE("FluidSynth path: used only when the program and the soundfont exist")
{
    // With no fluidsynth on PATH the caller must fall back, and the WAV's temporary stays empty.
    const char* old_path = std::getenv("PATH");
    std::string saved = old_path ? old_path : "";
    setenv("PATH", "/nonexistent-dir-for-jazzlstm-test", 1);
    CHECK(fluidsynth_soundfont().empty());
    CHECK(find_on_path("sh").empty());
    const auto dir = jazzlstm::test::tmp_dir();
    jazzlstm::TemporaryFile midi(dir / "app_fluid_none.mid", "jazzlstm.io.write");
    jazzlstm::TemporaryFile wav(dir / "app_fluid_none.wav", "jazzlstm.io.write");
    WavExpectation want;
    want.seconds = 1;
    const FluidSynthOutcome outcome = render_with_fluidsynth(midi, wav, want);
    CHECK_FALSE(outcome.used);
    CHECK_FALSE(outcome.ok);
    CHECK(wav.size() == 0);
    setenv("PATH", saved.c_str(), 1);
    CHECK_FALSE(find_on_path("sh").empty());
}

TEST_CASE("a render counts only when its WAV is complete and lasts as long as the solo")
{
    const auto dir = jazzlstm::test::tmp_dir();
    SynthSettings settings;
    settings.tail = 0;
    const std::vector<SynthNote> notes = { { 0.0, 1.9, 69, 90, Timbre::pluck } }; // + 0.06 s release: 1.96 s
    auto problem_of = [&](const std::vector<std::uint8_t>& bytes, double seconds) {
        jazzlstm::TemporaryFile file(dir / "app_wav_check.wav", "jazzlstm.io.write");
        file.write(bytes);
        WavExpectation want;
        want.seconds = seconds;
        return wav_problem(file, want);
    };
    const auto good = wav_bytes(synthesize(notes, settings), 2, 44100);
    CHECK(problem_of(good, 1.96) == "");
    CHECK(problem_of(good, 1.9) == ""); // a release tail more is fine
    CHECK(problem_of(good, 2.5).find("lasts 1.96 s but the solo 2.50 s") != std::string::npos);
    // Cut by a full disk: the header announces more than the file holds.
    auto cut = good;
    cut.resize(cut.size() / 3);
    CHECK(problem_of(cut, 1.96).find("is the disk full?") != std::string::npos);
    // A header written for the bytes that arrived (data size matches), but too short a render.
    const std::vector<std::int16_t> third(good.size() / 6, 0);
    CHECK(problem_of(wav_bytes(third, 2, 44100), 1.96).find("lasts 0.65 s") != std::string::npos);
    CHECK(problem_of({}, 1.0).find("no complete header") != std::string::npos);
    CHECK(problem_of(wav_bytes(synthesize(notes, settings), 1, 44100), 1.96).find("not 16-bit PCM, 2 channels") != std::string::npos);
    auto junk = good;
    junk[0] = 'X';
    CHECK(problem_of(junk, 1.96).find("no RIFF/WAVE") != std::string::npos);
}

TEST_CASE("the render cap holds for both synthesisers, checked before rendering")
{
    CHECK(jazzlstm::test::error_id<jazzlstm::limit_error>([] { check_render_length(3601, 3600); }) == "jazzlstm.wav.too_long");
    CHECK(jazzlstm::test::error_id([] { check_render_length(3599, 3600); }) == "");
    CHECK(jazzlstm::test::error_id([] { check_render_length(std::nan(""), 3600); }) == "jazzlstm.wav.too_long");
    // The built-in synthesiser refuses from the note times alone: 2 hours would be 1.3 GB of samples.
    const std::vector<SynthNote> long_note = { { 7200.0, 1.0, 60, 90, Timbre::organ } };
    CHECK(jazzlstm::test::error_id<jazzlstm::limit_error>([&] { (void)synthesize(long_note); }) == "jazzlstm.wav.too_long");
    // The streaming writer gives the bytes of wav_bytes(synthesize()).
    const auto path = jazzlstm::test::tmp_dir() / "app_wav_stream.wav";
    const std::vector<SynthNote> notes = { { 0.0, 2.0, 60, 90, Timbre::organ }, { 0.5, 1.0, 67, 100, Timbre::pluck } };
    write_wav(path, notes);
    CHECK(jazzlstm::test::read_bytes(path) == wav_bytes(synthesize(notes), 2, 44100));
}

} // namespace jazzlstm_test_app_wav
