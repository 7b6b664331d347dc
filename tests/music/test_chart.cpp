// Chord charts: bars, even splits and given lengths, %, sections, repeats, key/tempo/time lines,
// the lead-sheet format as changes, the form repeated, and the errors with their positions.
#include <jazzlstm/music/chart.hpp>

#include <doctest/doctest.h>

#include "support.hpp"

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

// Each test file has a namespace of its own: a folder is compiled as one unity build, and
// this keeps a file's helpers apart from its neighbours'.
namespace jazzlstm_test_chart {

using namespace jazzlstm;

namespace {

std::string names(const ChartBar& bar)
{
    std::string out;
    for (const ChartChord& c : bar.chords)
        out += c.symbol.name() + "@" + std::to_string(c.start) + "+" + std::to_string(c.length) + " ";
    return out;
}

std::string form_of(const ChordChart& chart)
{
    std::string out;
    for (const ChartBar& bar : chart.bars) {
        for (const ChartChord& c : bar.chords)
            out += (c.start ? " " : "") + c.symbol.name();
        out += "|";
    }
    return out;
}

std::string error_of(const std::string& text, error_context* where = nullptr)
{
    try {
        parse_chord_chart(text, "chart.txt");
    } catch (const parse_error& e) {
        if (where)
            *where = e.context();
        return e.id();
    }
    return "";
}

} // namespace

TEST_CASE("bars split evenly unless lengths are given; % and / repeat")
{
    const ChordChart chart = parse_chord_chart("| Dm7 G7 | Cmaj7 | % | Dm7:3 G7:1 | C / / A7 | Em7 A7 Dm7 G7 |\n");
    REQUIRE(chart.bars.size() == 6);
    CHECK(names(chart.bars[0]) == "Dm7@0+24 G7@24+24 ");
    CHECK(names(chart.bars[1]) == "Cmaj7@0+48 ");
    CHECK(names(chart.bars[2]) == "Cmaj7@0+48 ");
    CHECK(names(chart.bars[3]) == "Dm7@0+36 G7@36+12 ");
    CHECK(names(chart.bars[4]) == "C@0+36 A7@36+12 ");
    CHECK(names(chart.bars[5]) == "Em7@0+12 A7@12+12 Dm7@24+12 G7@36+12 ");
    CHECK(chart.tempo == 120);
    CHECK(chart.key_fifths == 0);
    // Bar lines attached to the chords, and no leading bar line.
    CHECK(form_of(parse_chord_chart("Dm7 G7|Cmaj7|")) == "Dm7 G7|Cmaj7|");
    // Three chords split evenly; a given length leaves the rest to the others.
    CHECK(names(parse_chord_chart("| C F G |").bars[0]) == "C@0+16 F@16+16 G@32+16 ");
    CHECK(names(parse_chord_chart("| C:2 F G |").bars[0]) == "C@0+24 F@24+12 G@36+12 ");
}

TEST_CASE("header lines, sections and repeats")
{
    const std::string text = R"(title Rhythm test   # a comment
key Bb
tempo 180
time 4/4
[A]
||: Bbmaj7 G7 | Cm7 F7 :||
section B
| D7 | % | G7 | % |
| C7 | % | F7 | % |
[A]
| Bbmaj7 G7 | Cm7 F7 | Bb6 | F#7 |  # F#7 is a chord, this is a comment
)";
    const ChordChart chart = parse_chord_chart(text);
    CHECK(chart.title == "Rhythm test");
    CHECK(chart.key_fifths == -2);
    CHECK(chart.tempo == 180);
    CHECK(form_of(chart) == "Bbmaj7 G7|Cm7 F7|Bbmaj7 G7|Cm7 F7|D7|D7|G7|G7|C7|C7|F7|F7|Bbmaj7 G7|Cm7 F7|Bb6|F#7|");
    CHECK(chart.bars[0].section == "A");
    CHECK(chart.bars[4].section == "B");
    CHECK(chart.bars[12].section == "A");
    CHECK(chart.bars[4].line == 8u);
    // A :|| without ||: repeats from the start, or from the end of the repeat before it.
    CHECK(form_of(parse_chord_chart("| C | F :|| G | A :||")) == "C|F|C|F|G|A|G|A|");
    // Keys: fifths for the key signature of the written solo.
    auto fifths = [](const char* line) { return parse_chord_chart(std::string(line) + "\n| C |").key_fifths; };
    CHECK(fifths("key F") == -1);
    CHECK(fifths("key A") == 3);
    CHECK(fifths("key Dm") == -1);
    CHECK(fifths("key C minor") == -3);
    CHECK(fifths("key F#") == 6);
    CHECK(fifths("key Gb") == -6);
}

TEST_CASE("the form repeated: choruses and a free number of bars")
{
    const ChordChart chart = parse_chord_chart("| Dm7 G7 | Cmaj7 |");
    const auto four = chart_form(chart, 4);
    REQUIRE(four.size() == 8);
    CHECK(four[6].chords[0].symbol.name() == "Dm7");
    const auto five = chart_form(chart, 1, 5);
    REQUIRE(five.size() == 5);
    CHECK(five[4].chords[0].symbol.name() == "Dm7");
    CHECK(jazzlstm::test::error_id<argument_error>([&] { chart_form(chart, 0); }) == "jazzlstm.chart.length");
    CHECK(jazzlstm::test::error_id<argument_error>([&] { chart_form(chart, 3000); }) == "jazzlstm.chart.length");
}

TEST_CASE("the lead-sheet format reads as changes")
{
    const ChordChart chart = parse_changes("title Two bars\ntempo 150\npattern p 0:4\nCmaj7:4 | p | C5:4\nDm7:2 G7b9:2 | p | D5:4\n");
    CHECK(chart.title == "Two bars");
    CHECK(chart.tempo == 150);
    CHECK(form_of(chart) == "Cmaj7|Dm7 G7b9|");
    CHECK(form_of(parse_changes("# a chart\n| C7 | F7 |")) == "C7|F7|");
}

TEST_CASE("the five standards typed in docs/charts.md parse into their forms")
{
    std::ifstream in(jazzlstm::test::source_dir() / "docs" / "charts.md");
    REQUIRE(in.good());
    std::stringstream text;
    text << in.rdbuf();
    const std::string doc = text.str();
    std::vector<std::string> charts;
    for (std::size_t at = doc.find("```\ntitle "); at != std::string::npos; at = doc.find("```\ntitle ", at + 1)) {
        const std::size_t end = doc.find("```", at + 4);
        charts.push_back(doc.substr(at + 4, end - at - 4));
    }
    REQUIRE(charts.size() == 5);
    const std::vector<std::pair<std::string, std::size_t>> expected = {
        { "Blues in F", 12 }, { "Rhythm changes", 32 }, { "ii-V-I cycle", 16 }, { "Minor blues", 12 }, { "Modal vamp", 32 },
    };
    for (std::size_t i = 0; i < charts.size(); ++i) {
        const ChordChart chart = parse_chord_chart(charts[i], "docs/charts.md");
        CHECK(chart.title == expected[i].first);
        CHECK(chart.bars.size() == expected[i].second);
        CHECK(chart.key_given);
        CHECK(chart.tempo_given);
    }
    CHECK(form_of(parse_chord_chart(charts[1])).substr(0, 28) == "Bb6 G7|Cm7 F7|Dm7 G7|Cm7 F7|");
    CHECK(parse_chord_chart(charts[4]).bars[16].chords[0].symbol.name() == "Ebm7");
}

TEST_CASE("bad charts are typed errors with line, column and the word")
{
    error_context where;
    CHECK(error_of("| Dm7 G7 |\n| Cmaj7 Hm7 |", &where) == "jazzlstm.chart.chord");
    CHECK(where.line == 2u);
    CHECK(where.column == 9u);
    CHECK(where.token == "Hm7");
    CHECK(where.file == "chart.txt");
    try {
        parse_chord_chart("| C | Dm7 Xyz |");
        FAIL("no exception");
    } catch (const parse_error& e) {
        CHECK(std::string(e.what()).find("bar 2") != std::string::npos);
    }
    CHECK(error_of("") == "jazzlstm.chart.empty");
    CHECK(error_of("title Nothing\n# only a comment\n") == "jazzlstm.chart.empty");
    CHECK(error_of("| C | | F |", &where) == "jazzlstm.chart.empty_bar");
    CHECK(where.column == 7u);
    CHECK(error_of("| C:3 |") == "jazzlstm.chart.bar_length");
    CHECK(error_of("| C:3 F:2 |") == "jazzlstm.chart.bar_length");
    CHECK(error_of("| C D E F G |") == "jazzlstm.chart.bar_length");
    CHECK(error_of("| C:0 F |") == "jazzlstm.chart.duration");
    CHECK(error_of("| C:x |") == "jazzlstm.chart.duration");
    CHECK(error_of("| % | C |") == "jazzlstm.chart.repeat");
    CHECK(error_of("||: C | F |") == "jazzlstm.chart.repeat");
    CHECK(error_of("||: C ||: F :||") == "jazzlstm.chart.repeat");
    CHECK(error_of(":|| C |") == "jazzlstm.chart.repeat");
    CHECK(error_of("| C % |") == "jazzlstm.chart.syntax");
    CHECK(error_of("| / C |") == "jazzlstm.chart.syntax");
    CHECK(error_of("| C |||| F |") == "jazzlstm.chart.syntax");
    CHECK(error_of("time 3/4\n| C |", &where) == "jazzlstm.chart.time");
    CHECK(where.line == 1u);
    CHECK(error_of("key H\n| C |") == "jazzlstm.chart.key");
    CHECK(error_of("tempo 1000\n| C |") == "jazzlstm.chart.tempo");
    CHECK(error_of("tempo\n| C |") == "jazzlstm.chart.syntax");
}

} // namespace jazzlstm_test_chart
