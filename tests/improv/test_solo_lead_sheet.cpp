// The lead sheet of a solo: the bars it was played over, their symbols, the chord part on request.
#include <jazzlstm/improv/solo_lead_sheet.hpp>

#include "support.hpp"

#include <string>

// Each test file has a namespace of its own: a folder is compiled as one unity build, and
// this keeps a file's helpers apart from its neighbours'.
namespace jazzlstm_test_solo_lead_sheet {

using namespace jazzlstm;

std::size_t occurrences(const std::string& text, const std::string& what)
{
    std::size_t n = 0;
    for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
        ++n;
    return n;
}

TEST_CASE("solo_lead_sheet: the bars the solo played, their symbols on the bar timeline, the chord part on request")
{
    const ChordChart chart = parse_chord_chart("| Dm7 G7 | Cmaj7 | A7 | D7 |");
    Solo solo;
    solo.melody = { { 0, 12, false, 62, 90 }, { 24, 24, false, 71, 90 }, { 48, 12, true, 0, 90 }, { 60, 36, false, 67, 90 } };
    solo.chords = { { 0, 24, { 50, 53, 57, 60 } }, { 24, 24, { 43, 53, 59 } }, { 48, 48, { 48, 52, 55, 59 } } };
    solo.groups = { { 1, 8, 3, 2, false }, { 2, 6, 2, 1, false } }; // stopped after two of the four bars

    const LeadSheetNotation sheet = solo_lead_sheet(solo, chart.bars, false);
    CHECK(sheet.measures == 2);
    REQUIRE(sheet.chords.size() == 3); // the A7 and D7 bars were not played
    CHECK(sheet.chords[0].offset == 0);
    CHECK(sheet.chords[1].offset == 2 * twelfths_per_quarter);
    CHECK(sheet.chords[2].offset == chart_bar_length);
    CHECK(sheet.chords[2].symbol.root == 0);
    CHECK(sheet.melody.size() == solo.melody.size());
    CHECK(sheet.comping.empty());

    const std::string plain = musicxml_lead_sheet(sheet);
    CHECK(occurrences(plain, "<measure ") == 2);
    CHECK(occurrences(plain, "<harmony") == 3);
    CHECK(occurrences(plain, "<score-part ") == 1);

    const LeadSheetNotation with_part = solo_lead_sheet(solo, chart.bars, true);
    CHECK(with_part.comping.size() == 3);
    CHECK(occurrences(musicxml_lead_sheet(with_part), "<score-part ") == 2);

    // A chart shorter than the solo's groups bounds the measures and the symbols.
    const ChordChart one_bar = parse_chord_chart("| F7 |");
    const LeadSheetNotation short_chart = solo_lead_sheet(solo, one_bar.bars, false);
    CHECK(short_chart.measures == 1);
    CHECK(short_chart.chords.size() == 1);
    CHECK(chart_chord_symbols(chart.bars, 99).size() == 5);
}

} // namespace jazzlstm_test_solo_lead_sheet
