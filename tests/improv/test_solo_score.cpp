// The solo as a MIDI score: melody and chords on tracks of their own, checked values.
#include <jazzlstm/improv/solo_score.hpp>
#include <jazzlstm/music/midi.hpp>

#include "support.hpp"

#include <vector>

// Each test file has a namespace of its own: a folder is compiled as one unity build, and
// this keeps a file's helpers apart from its neighbours'.
namespace jazzlstm_test_solo_score {

TEST_CASE("solo_score: generated elements and chords become a two-track score")
{
    std::vector<jazzlstm::MelodyElement> melody(3);
    melody[0] = { 12, 6, false, 72, 90 };  // placed out of order on purpose
    melody[1] = { 0, 12, false, 70, 100 };
    melody[2] = { 18, 6, true, 0, 90 };    // a rest: not a note
    std::vector<jazzlstm::Chord> chords = { { 0, 48, { 46, 62, 65, 69 } }, { 48, 0, { 48, 64 } } };
    auto score = jazzlstm::solo_score(melody, chords, 120);
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
        jazzlstm::solo_score(melody, chords, 120);
        FAIL("no exception");
    } catch (const jazzlstm::argument_error& e) {
        CHECK(e.id() == "jazzlstm.improv.bad_solo");
        CHECK(e.context().position == 0u);
    }
    CHECK_THROWS_AS(jazzlstm::solo_score({}, {}, 10), jazzlstm::argument_error);
}

} // namespace jazzlstm_test_solo_score
