// Chord namer, piano roll and loss plot of the jazzlstm program.
#include "plot.hpp"
#include "svg.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

// Each test file has a namespace of its own: a folder is compiled as one unity build, and
// this keeps a file's helpers apart from its neighbours'.
namespace jazzlstm_test_app_svg {

using namespace jazzlstm;
using namespace jazzlstm::app;

namespace {

std::size_t count(const std::string& text, const std::string& what)
{
    std::size_t n = 0;
    for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size()))
        ++n;
    return n;
}

// Checks that every element is closed in order (a tiny XML well-formedness check: no
// attributes with '<' or '>', which the writer escapes, so a tag scan suffices).
bool balanced(const std::string& xml, std::string& why)
{
    std::vector<std::string> open;
    for (std::size_t at = xml.find('<'); at != std::string::npos; at = xml.find('<', at + 1)) {
        std::size_t end = xml.find('>', at);
        if (end == std::string::npos) {
            why = "unterminated tag";
            return false;
        }
        std::string tag = xml.substr(at + 1, end - at - 1);
        if (tag.empty()) {
            why = "empty tag";
            return false;
        }
        if (tag.back() == '/')
            continue;
        std::string name = tag.substr(tag[0] == '/' ? 1 : 0);
        name = name.substr(0, name.find_first_of(" \n\t"));
        if (tag[0] == '/') {
            if (open.empty() || open.back() != name) {
                why = "closing </" + name + "> does not match <" + (open.empty() ? "" : open.back()) + ">";
                return false;
            }
            open.pop_back();
        } else {
            open.push_back(name);
        }
    }
    why = open.empty() ? "" : "unclosed <" + open.back() + ">";
    return open.empty();
}

} // namespace

TEST_CASE("chord namer: qualities from interval templates")
{
    CHECK(chord_name({ 60, 64, 67, 70 }) == "C7");
    CHECK(chord_name({ 53, 56, 60, 63 }) == "Fm7");
    CHECK(chord_name({ 47, 50, 53, 57 }) == "Bø7");
    CHECK(chord_name({ 52, 55, 58 }) == "Edim");
    CHECK(chord_name({ 55, 59, 63 }) == "G+");
    CHECK(chord_name({ 58, 62, 65, 69 }) == "Bbmaj7");
    CHECK(chord_name({ 49, 52, 55, 58 }) == "Dbdim7");
    CHECK(chord_name({ 43, 59, 65, 68, 53 }) == "G7b9");
    CHECK(chord_name({ 48, 55, 64, 72 }) == "C");          // doubled root and fifth
    CHECK(chord_name({ 57, 60, 64 }) == "Am");
    CHECK(chord_name({ 48, 52, 58 }) == "C7");             // shell voicing without the fifth
    CHECK(chord_name({ 60 }) == "C");
    CHECK(chord_name({}) == "N.C.");
    CHECK(chord_name({ 60, 61, 62 }) == "C?");
    // The bass decides between relatives: C6 over C, Am7 over A.
    CHECK(chord_name({ 48, 64, 67, 69 }) == "C6");
    CHECK(chord_name({ 45, 60, 64, 67 }) == "Am7");
    // An inversion is still found when the bass is not a root of any template.
    CHECK(chord_name({ 52, 55, 60 }) == "C");
}

TEST_CASE("chord symbols parse, and name back to themselves in every key")
{
    for (const auto& type : chord_types()) {
        for (int root = 0; root < 12; ++root) {
            std::string symbol = lead_sheet_name(root) + type.suffix;
            ChordSymbol parsed = parse_chord_symbol(symbol);
            CHECK(parsed.root == root);
            CHECK(parsed.name() == symbol);
            std::vector<int> pitches;
            for (int i : type.intervals)
                pitches.push_back(48 + root + i);
            if (std::string(type.suffix) == "6" || std::string(type.suffix) == "m6" || type.intervals.size() < 3)
                continue;  // 6 chords are named over their bass; covered above
            CHECK_MESSAGE(chord_name(pitches) == symbol, symbol);
        }
    }
    CHECK(parse_chord_symbol("F#m7b5").name() == "F#ø7");
    CHECK(parse_chord_symbol("Ebo7").name() == "Ebdim7");
    CHECK(parse_chord_symbol("G7#5").name() == "G+7");
    CHECK(parse_chord_symbol("Caug").name() == "C+");
    CHECK(parse_chord_symbol("Cb").root == 11);
    try {
        parse_chord_symbol("Hmaj7");
        FAIL("no exception");
    } catch (const jazzlstm::parse_error& e) {
        CHECK(e.id() == "jazzlstm.leadsheet.chord");
        CHECK(e.context().token == "Hmaj7");
    }
    CHECK_THROWS_AS(parse_chord_symbol("Cmaj6"), jazzlstm::parse_error); // (Cmaj13 is in the vocabulary now)
    CHECK(lead_sheet_name_with_octave(60) == "C4");
    CHECK(lead_sheet_name_with_octave(70) == "Bb4");
    CHECK(lead_sheet_name_with_octave(0) == "C-1");
}

TEST_CASE("piano roll: structure, note rects, labels, determinism")
{
    std::vector<RollNote> melody = { { 0, 1, 72 }, { 1, 0.5, 74 }, { 1.5, 0.5, 76 }, { 2, 2, 77 }, { 4.333, 0.667, 79 },
        { 5, 3, 67 } };
    std::vector<RollChord> chords = { { 0, 2, { 48, 52, 55, 59 } }, { 2, 2, { 48, 52, 55, 59 } },  // same chord again
        { 4, 2, { 50, 53, 57, 60 } }, { 6, 2, { 43, 53, 59, 62 } } };
    RollSettings settings;
    settings.title = "Solo <test> & chords";
    std::string svg = piano_roll_svg(melody, chords, settings);
    std::string why;
    CHECK_MESSAGE(balanced(svg, why), why);
    CHECK(svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\"", 0) == 0);
    CHECK(count(svg, "class=\"note melody\"") == melody.size());
    CHECK(count(svg, "class=\"note chord\"") == 16);
    // Labels where the name changes: Cmaj7 once, then Dm7, G7.
    CHECK(count(svg, "class=\"chord-label\"") == 3);
    CHECK(svg.find(">Cmaj7</text>") != std::string::npos);
    CHECK(svg.find(">Dm7</text>") != std::string::npos);
    CHECK(svg.find(">G7</text>") != std::string::npos);
    // Two bars: three bar lines, two numbers.
    CHECK(count(svg, "class=\"bar\"") == 3);
    CHECK(count(svg, "class=\"bar-number\"") == 2);
    CHECK(svg.find(">2</text>") != std::string::npos);
    // Pitch axis names the Cs and Gs in range (41..81 after padding: C4, C5, C6? 81 < 84).
    CHECK(svg.find(">C4</text>") != std::string::npos);
    CHECK(svg.find(">G5</text>") != std::string::npos);
    CHECK(svg.find("Solo &lt;test&gt; &amp; chords") != std::string::npos);
    CHECK(svg == piano_roll_svg(melody, chords, settings));
    // Higher notes sit higher: the y of C5 (72) is below that of G5 (79).
    std::string empty = piano_roll_svg({}, {});
    CHECK(balanced(empty, why));
    CHECK(count(empty, "class=\"note") == 0);
}

TEST_CASE("loss plot and CSV")
{
    std::vector<jazzlstm::EpochRecord> history;
    for (int e = 1; e <= 100; ++e)
        history.push_back({ e, 126.3 * std::exp(-0.03 * (e - 1)) + 6, 0.01 * (e - 1) });
    std::string svg = loss_plot_svg(history);
    std::string why;
    CHECK_MESSAGE(balanced(svg, why), why);
    CHECK(count(svg, "<polyline") == 1);
    // 100 points in the line.
    std::size_t points = svg.find("points=\"");
    REQUIRE(points != std::string::npos);
    std::string list = svg.substr(points + 8, svg.find('"', points + 8) - points - 8);
    CHECK(count(list, ",") == 100);
    // Ticks: y from 0 to 140 by 20 (8 labels), x at 10, 20, ..., 100 (the first epoch is 1).
    CHECK(svg.find(">140</text>") != std::string::npos);
    CHECK(svg.find(">0</text>") != std::string::npos);
    CHECK(svg.find(">100</text>") != std::string::npos);
    CHECK(svg.find(">epoch</text>") != std::string::npos);
    CHECK(svg.find(">loss</text>") != std::string::npos);
    CHECK(count(svg, "class=\"tick-label\"") == 8 + 10);
    CHECK(svg == loss_plot_svg(history));

    std::string csv = history_csv({ { 1, 125.7673, 0.0 }, { 2, 6.18612345, 0.5 } });
    CHECK(csv == "epoch,loss,accuracy\n1,125.767300,0.000000\n2,6.186123,0.500000\n");

    CHECK_THROWS_AS(loss_plot_svg({}), jazzlstm::argument_error);
    try {
        loss_plot_svg({ { 1, 3.0, 0 }, { 2, NAN, 0 } });
        FAIL("no exception");
    } catch (const jazzlstm::argument_error& e) {
        CHECK(e.id() == "jazzlstm.plot.not_finite");
    }
    // One epoch still gives a valid chart.
    CHECK(balanced(loss_plot_svg({ { 1, 2.5, 0 } }), why));
}

} // namespace jazzlstm_test_app_svg
