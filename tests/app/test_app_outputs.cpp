// Output files of the jazzlstm program: names, the piano roll of a solo, and a full write of a
// small solo (MIDI read back, WAV header, SVG note and chord counts).
#include <jazzlstm/improv/solo_score.hpp>
#include <jazzlstm/music/chord_symbols.hpp>
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

/// A two-bar solo: a line over two chords, a rest between its notes.
jazzlstm::Solo two_bar_solo()
{
    jazzlstm::Solo solo;
    solo.melody = { { 0, 12, false, 72, 90 }, { 12, 12, true, 0, 90 }, { 24, 6, false, 74, 80 }, { 48, 24, false, 76, 70 } };
    solo.chords = { { 0, 48, { 48, 52, 55 } }, { 48, 48, { 50, 53, 57, 60 } } };
    return solo;
}

TEST_CASE("the piano roll shows the solo's own chords, not chords re-detected from notes")
{
    const jazzlstm::Solo solo = two_bar_solo();
    std::vector<RollNote> melody;
    std::vector<RollChord> chords;
    roll_of_solo(solo, melody, chords);
    REQUIRE(melody.size() == 3); // the rest is not drawn
    CHECK(melody[1].onset == 2.0);
    CHECK(melody[1].duration == 0.5);
    REQUIRE(chords.size() == 2);
    CHECK(chords[1].onset == 4.0);
    CHECK(chords[1].duration == 4.0);
    CHECK(chords[1].pitches == solo.chords[1].pitches);
    CHECK(chord_name(chords[0].pitches) == "C");
    CHECK(chord_name(chords[1].pitches) == "Dm7");
}

TEST_CASE("write_solo and write_history produce complete files")
{
    const jazzlstm::Solo solo = two_bar_solo();
    const auto score = jazzlstm::solo_score(solo, 120);
    const auto paths = output_paths((jazzlstm::test::tmp_dir() / "app_outputs_solo.mid").string(), "solo");
    write_solo(solo, score, paths, "test");
    // The MIDI file reads back to the same notes (the writer adds a conductor track first).
    const auto back = jazzlstm::midi::to_score(jazzlstm::midi::read_file(paths.midi));
    REQUIRE(back.tracks.size() == 3);
    CHECK(back.tracks[1].notes.size() == 3);
    CHECK(back.tracks[2].notes.size() == 7);
    CHECK(back.tracks[1].program == 26);
    const auto wav = jazzlstm::test::read_bytes(paths.wav);
    REQUIRE(wav.size() > 44);
    CHECK(std::string(wav.begin(), wav.begin() + 4) == "RIFF");
    std::ifstream roll(paths.roll);
    std::stringstream svg;
    svg << roll.rdbuf();
    auto count = [&](const std::string& needle) {
        std::size_t n = 0;
        for (auto at = svg.str().find(needle); at != std::string::npos; at = svg.str().find(needle, at + 1))
            ++n;
        return n;
    };
    CHECK(count("class=\"note melody\"") == 3);
    CHECK(count("class=\"note chord\"") == 7);

    write_history({ { 1, 120.5, 0.1 }, { 2, 80.25, 0.3 } }, paths);
    std::ifstream csv(paths.loss_csv);
    std::stringstream table;
    table << csv.rdbuf();
    CHECK(table.str() == "epoch,loss,accuracy\n1,120.500000,0.100000\n2,80.250000,0.300000\n");
    CHECK(std::filesystem::exists(paths.loss_svg));
}

} // namespace jazzlstm_test_app_outputs
