// Output files of the jazzlstm program: names, piano-roll input from a score, and a full write
// of the default corpus as if it were a solo (MIDI read back, WAV header, SVG note count).
#include <jazzlstm/music/lead_sheet.hpp>
#include "outputs.hpp"

#include "support.hpp"

#include <fstream>
#include <sstream>

// Each test file has a namespace of its own: a folder is compiled as one unity build, and
// this keeps a file's helpers apart from its neighbours'.
namespace jazzlstm_test_app_outputs {

using namespace jazzlstm;
using namespace jazzlstm::app;

TEST_CASE("output names share one base")
{
    auto p = output_paths("out/solo.mid", "x");
    CHECK(p.midi == std::filesystem::path("out/solo.mid"));
    CHECK(p.wav == std::filesystem::path("out/solo.wav"));
    CHECK(p.roll == std::filesystem::path("out/solo.svg"));
    CHECK(p.loss_svg == std::filesystem::path("out/solo.loss.svg"));
    CHECK(p.loss_csv == std::filesystem::path("out/solo.loss.csv"));
    CHECK(output_paths("take2", "x").wav == std::filesystem::path("take2.wav"));
    CHECK(output_paths("take.2.wav", "x").midi == std::filesystem::path("take.2.mid"));
    CHECK(output_paths("", "solo").midi == std::filesystem::path("solo.mid"));
}

TEST_CASE("roll input groups simultaneous chord notes")
{
    jazzlstm::midi::Score score;
    score.tracks.resize(2);
    auto note = [](double onset, double duration, int pitch) {
        jazzlstm::midi::Note n;
        n.onset = onset;
        n.duration = duration;
        n.pitch = pitch;
        n.velocity = 80;
        return n;
    };
    score.tracks[0].notes = { note(0, 1, 72), note(1, 1, 74) };
    score.tracks[1].notes = { note(0, 2, 48), note(0, 2, 52), note(0.02, 2, 55), note(2, 2, 50), note(2, 2, 53), note(2, 2, 57) };
    std::vector<RollNote> melody;
    std::vector<RollChord> chords;
    roll_from_score(score, 0, { 1 }, melody, chords);
    REQUIRE(melody.size() == 2);
    REQUIRE(chords.size() == 2);
    CHECK(chord_name(chords[0].pitches) == "C");
    CHECK(chord_name(chords[1].pitches) == "Dm");
    CHECK(chords[0].duration == doctest::Approx(2.02));
}

TEST_CASE("write_solo and write_history produce complete files")
{
    std::ifstream in(jazzlstm::test::source_dir() / "examples" / "data" / "default_corpus.txt");
    std::stringstream text;
    text << in.rdbuf();
    const auto score = lead_sheet_score(parse_lead_sheet(text.str()));
    const auto paths = output_paths((jazzlstm::test::tmp_dir() / "app_outputs_solo.mid").string(), "solo");
    write_solo(score, 0, { 1 }, paths, "test");
    // The MIDI file reads back to the same notes (the writer adds a conductor track first).
    const auto back = jazzlstm::midi::to_score(jazzlstm::midi::read_file(paths.midi));
    REQUIRE(back.tracks.size() == 3);
    CHECK(back.tracks[1].notes.size() == score.tracks[0].notes.size());
    CHECK(back.tracks[2].notes.size() == score.tracks[1].notes.size());
    CHECK(back.tracks[1].program == 26);
    const auto wav = jazzlstm::test::read_bytes(paths.wav);
    REQUIRE(wav.size() > 44);
    CHECK(std::string(wav.begin(), wav.begin() + 4) == "RIFF");
    std::ifstream roll(paths.roll);
    std::stringstream svg;
    svg << roll.rdbuf();
    std::size_t rects = 0;
    for (auto at = svg.str().find("class=\"note melody\""); at != std::string::npos;
         at = svg.str().find("class=\"note melody\"", at + 1))
        ++rects;
    CHECK(rects == score.tracks[0].notes.size());

    write_history({ { 1, 120.5, 0.1 }, { 2, 80.25, 0.3 } }, paths);
    std::ifstream csv(paths.loss_csv);
    std::stringstream table;
    table << csv.rdbuf();
    CHECK(table.str() == "epoch,loss,accuracy\n1,120.500000,0.100000\n2,80.250000,0.300000\n");
    CHECK(std::filesystem::exists(paths.loss_svg));
}

TEST_CASE("solo_score: generated elements and chords become a two-track score")
{
    std::vector<jazzlstm::MelodyElement> melody(3);
    melody[0] = { 12, 6, false, 72, 90 };  // placed out of order on purpose
    melody[1] = { 0, 12, false, 70, 100 };
    melody[2] = { 18, 6, true, 0, 90 };    // a rest: not a note
    std::vector<jazzlstm::Chord> chords = { { 0, 48, { 46, 62, 65, 69 } }, { 48, 0, { 48, 64 } } };
    auto score = solo_score(melody, chords, 120);
    REQUIRE(score.tracks.size() == 2);
    REQUIRE(score.tracks[0].notes.size() == 2);
    CHECK(score.tracks[0].notes[0].pitch == 70);
    CHECK(score.tracks[0].notes[0].velocity == 100);
    CHECK(score.tracks[0].notes[1].on_tick == 480);
    CHECK(score.tracks[0].notes[1].off_tick == 720);
    CHECK(score.tracks[1].notes.size() == 4);  // the zero-length chord is skipped
    CHECK(score.tracks[1].notes[0].pitch == 46);
    CHECK(score.tempos.front().microseconds_per_quarter == 500000);
    // It writes as MIDI.
    CHECK_FALSE(jazzlstm::midi::serialize(jazzlstm::midi::from_score(score)).empty());

    melody[0].midi = 128;
    try {
        solo_score(melody, chords, 120);
        FAIL("no exception");
    } catch (const jazzlstm::argument_error& e) {
        CHECK(e.id() == "jazzlstm.cli.bad_solo");
        CHECK(e.context().position == 0u);
    }
    CHECK_THROWS_AS(solo_score({}, {}, 10), jazzlstm::argument_error);
}

} // namespace jazzlstm_test_app_outputs
