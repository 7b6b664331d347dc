// MusicXML in (the jazzlstm::musicxml component): what the writer wrote reads back (notes,
// durations, ties, triplets, chord symbols), a lead sheet's form and header, and the errors.
#include <jazzlstm/music/chart.hpp>
#include <jazzlstm/music/musicxml/write.hpp>

#include <doctest/doctest.h>

#include "support.hpp"

#include <random>
#include <string>
#include <vector>

#ifdef JAZZLSTM_HAVE_MUSICXML
#include <jazzlstm/music/musicxml/read.hpp>
#endif

// Each test file has a namespace of its own: a folder is compiled as one unity build, and
// this keeps a file's helpers apart from its neighbours'.
namespace jazzlstm_test_musicxml_read {

using namespace jazzlstm;

#ifdef JAZZLSTM_HAVE_MUSICXML

namespace {

std::string error_of(const std::string& text, error_context* where = nullptr)
{
    try {
        read_musicxml(text, "tune.musicxml");
    } catch (const parse_error& e) {
        if (where)
            *where = e.context();
        return e.id();
    }
    return "";
}

std::string measure(const std::string& body, int number = 1, const std::string& attributes = "")
{
    return "<measure number=\"" + std::to_string(number) + "\">" + attributes + body + "</measure>";
}

std::string score(const std::string& measures)
{
    return "<?xml version=\"1.0\"?><score-partwise version=\"3.1\"><part-list><score-part id=\"P1\"><part-name>x</part-name>"
           "</score-part></part-list><part id=\"P1\">"
        + measures + "</part></score-partwise>";
}

const char* const attributes44 = "<attributes><divisions>2</divisions><time><beats>4</beats><beat-type>4</beat-type></time></attributes>";
const char* const c7 = "<harmony><root><root-step>C</root-step></root><kind>dominant</kind></harmony>";
const char* const whole_c = "<note><pitch><step>C</step><octave>5</octave></pitch><duration>8</duration><type>whole</type></note>";

} // namespace

TEST_CASE("round trip: random lines and chart changes written and read back")
{
    const ChordChart chart = parse_chord_chart(
        "key Bb\n| Bbmaj7 G7b9 | Cm7 F7 | Dm7b5 G7alt | Cm(maj7) F13#11 | Bb6/9 | Eb7/G | Ab9sus4 | F7#9 |");
    std::mt19937_64 rng(12);
    for (int trial = 0; trial < 40; ++trial) {
        LeadSheetNotation sheet;
        sheet.title = "trial " + std::to_string(trial);
        sheet.tempo = 90 + trial;
        sheet.key_fifths = chart.key_fifths;
        ticks12 t = 0;
        const ticks12 steps[] = { 3, 4, 6, 8, 12, 16, 18, 24, 2, 30 };
        while (t < 8 * 48) {
            const ticks12 d = steps[std::uniform_int_distribution<int>(0, 9)(rng)];
            if (std::uniform_int_distribution<int>(0, 4)(rng) > 0) {
                MelodyElement e;
                e.offset = t;
                e.duration = std::min<ticks12>(d, 8 * 48 - t);
                e.midi = std::uniform_int_distribution<int>(55, 84)(rng);
                sheet.melody.push_back(e);
            }
            t += d;
        }
        for (std::size_t b = 0; b < chart.bars.size(); ++b)
            for (const ChartChord& c : chart.bars[b].chords)
                sheet.chords.push_back({ static_cast<ticks12>(b) * 48 + c.start, c.symbol });
        sheet.measures = 8;
        const MusicXmlTune back = read_musicxml(musicxml_lead_sheet(sheet));
        CHECK(back.measures == 8);
        CHECK(back.chart.title == sheet.title);
        CHECK(back.chart.tempo == sheet.tempo);
        CHECK(back.chart.key_fifths == -2);
        // Notes: same onsets, lengths and pitches (ties joined again).
        REQUIRE(back.melody.size() == sheet.melody.size());
        for (std::size_t i = 0; i < sheet.melody.size(); ++i) {
            CHECK(back.melody[i].offset == sheet.melody[i].offset);
            CHECK(back.melody[i].duration == sheet.melody[i].duration);
            CHECK(back.melody[i].midi == sheet.melody[i].midi);
        }
        CHECK(back.notated_notes == back.melody.size() + back.ties);
        // Chord symbols: the same chords over the same beats.
        REQUIRE(back.chart.bars.size() == chart.bars.size());
        for (std::size_t b = 0; b < chart.bars.size(); ++b) {
            REQUIRE(back.chart.bars[b].chords.size() == chart.bars[b].chords.size());
            for (std::size_t k = 0; k < chart.bars[b].chords.size(); ++k) {
                CHECK(back.chart.bars[b].chords[k].symbol.name() == chart.bars[b].chords[k].symbol.name());
                CHECK(back.chart.bars[b].chords[k].start == chart.bars[b].chords[k].start);
                CHECK(back.chart.bars[b].chords[k].length == chart.bars[b].chords[k].length);
            }
        }
    }
}

TEST_CASE("ties and triplets are counted as written")
{
    LeadSheetNotation sheet;
    MelodyElement a;
    a.offset = 36;
    a.duration = 24; // beat 4 tied over the bar line
    a.midi = 67;
    MelodyElement t1 = a, t2 = a, t3 = a;
    t1.offset = 60, t1.duration = 4, t2.offset = 64, t2.duration = 4, t3.offset = 68, t3.duration = 4;
    sheet.melody = { a, t1, t2, t3 };
    sheet.chords = { { 0, parse_chord_symbol("C7") } };
    const MusicXmlTune back = read_musicxml(musicxml_lead_sheet(sheet));
    CHECK(back.ties == 1);
    CHECK(back.triplets == 3);
    CHECK(back.notated_notes == 5);
    REQUIRE(back.melody.size() == 4);
    CHECK(back.melody[0].duration == 24);
}

TEST_CASE("a lead sheet's form: repeats, held chords, offsets, slash basses")
{
    const std::string text = score(
        measure(std::string(c7) + whole_c, 1,
            "<attributes><divisions>2</divisions><key><fifths>-1</fifths></key><time><beats>4</beats><beat-type>4</beat-type></time></attributes>")
        + measure("<barline location=\"left\"><repeat direction=\"forward\"/></barline>"
                  "<harmony><root><root-step>F</root-step></root><kind text=\"m7\">minor-seventh</kind></harmony>"
                  + std::string(whole_c), 2)
        + measure(std::string(whole_c)
                + "<harmony><root><root-step>B</root-step><root-alter>-1</root-alter></root><kind>major</kind>"
                  "<bass><bass-step>D</bass-step></bass><offset>-4</offset></harmony>"
                  "<barline location=\"right\"><repeat direction=\"backward\"/></barline>",
            3)
        + measure(whole_c, 4));
    const MusicXmlTune tune = read_musicxml(text);
    std::string form;
    for (const ChartBar& bar : tune.chart.bars) {
        for (const ChartChord& c : bar.chords)
            form += c.symbol.name() + "@" + std::to_string(c.start) + " ";
        form += "| ";
    }
    CHECK(form == "C7@0 | Fm7@0 | Fm7@0 Bb/D@24 | Fm7@0 | Fm7@0 Bb/D@24 | Bb/D@0 | ");
    CHECK(tune.chart.key_fifths == -1);
    CHECK(tune.measures == 4);
    CHECK(tune.melody.size() == 4);
}

TEST_CASE("bad MusicXML: typed errors with the file and the measure, or the byte")
{
    error_context where;
    CHECK(error_of("<score-partwise><part><measure>", &where) == "jazzlstm.musicxml.syntax");
    CHECK(where.byte.has_value());
    CHECK(where.file == "tune.musicxml");
    CHECK(error_of("<score-timewise/>") == "jazzlstm.musicxml.unsupported");
    CHECK(error_of("<html/>") == "jazzlstm.musicxml.unsupported");
    CHECK(error_of(score(measure(whole_c, 1, attributes44)), &where) == "jazzlstm.musicxml.no_harmony");
    CHECK(error_of(score(measure(std::string(c7) + whole_c, 1, attributes44)
                  + measure(whole_c, 2, "<attributes><time><beats>3</beats><beat-type>4</beat-type></time></attributes>")),
              &where)
        == "jazzlstm.musicxml.time");
    CHECK(where.token == "measure 2");
    CHECK(error_of(score(measure("<harmony><root><root-step>H</root-step></root><kind>major</kind></harmony>" + std::string(whole_c), 1, attributes44)))
        == "jazzlstm.musicxml.chord");
    CHECK(error_of(score(measure(std::string(c7) + whole_c))) == "jazzlstm.musicxml.duration");
}

#else

TEST_CASE("MusicXML input is not built (pugixml was not found)")
{
    MESSAGE("skipped: configure with libpugixml-dev installed to test MusicXML input");
}

#endif

} // namespace jazzlstm_test_musicxml_read
