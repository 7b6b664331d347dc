// The MusicXML lead sheet writer: notated values (beats, ties, triplets, rests), spelling for
// the key and the chord, and the document's structure. The round trip through the reader is in
// test_musicxml_read.cpp.
#include <jazzlstm/music/chord_symbol.hpp>
#include <jazzlstm/music/musicxml/write.hpp>

#include <doctest/doctest.h>

#include <string>
#include <utility>
#include <vector>

// Each test file has a namespace of its own: a folder is compiled as one unity build, and
// this keeps a file's helpers apart from its neighbours'.
namespace jazzlstm_test_musicxml_write {

using namespace jazzlstm;

namespace {

using Events = std::vector<std::pair<std::pair<ticks12, ticks12>, int>>;

std::string values(const Events& events)
{
    std::string out;
    for (const NotatedNote& n : notate_measure(events)) {
        out += n.pitch < 0 ? "r" : "n";
        out += std::to_string(n.duration);
        if (n.triplet)
            out += "t";
        if (n.tuplet_start)
            out += "[";
        if (n.tuplet_stop)
            out += "]";
        if (n.tie_start)
            out += "~";
        out += " ";
    }
    return out;
}

std::size_t count(const std::string& text, const std::string& what)
{
    std::size_t n = 0;
    for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
        ++n;
    return n;
}

MelodyElement note(ticks12 offset, ticks12 duration, int midi)
{
    MelodyElement e;
    e.offset = offset;
    e.duration = duration;
    e.midi = midi;
    return e;
}

} // namespace

TEST_CASE("notated values: whole beats kept, notes cut and tied at beats, triplet beats bracketed")
{
    CHECK(values({ { { 0, 48 }, 60 } }) == "n48 ");
    CHECK(values({ { { 0, 24 }, 60 }, { { 24, 48 }, -1 } }) == "n24 r24 ");
    CHECK(values({ { { 0, 36 }, 60 }, { { 36, 48 }, 62 } }) == "n36 n12 ");
    CHECK(values({ { { 0, 6 }, 60 }, { { 6, 30 }, 62 }, { { 30, 48 }, -1 } }) == "n6 n6~ n12~ n6 r6 r12 ");
    CHECK(values({ { { 0, 4 }, 60 }, { { 4, 8 }, 62 }, { { 8, 12 }, 64 }, { { 12, 48 }, -1 } }) == "n4t[ n4t n4t] r12 r24 ");
    CHECK(values({ { { 0, 8 }, 60 }, { { 8, 12 }, 62 }, { { 12, 48 }, 64 } }) == "n8t[ n4t] n36 ");
    CHECK(values({ { { 0, 3 }, 60 }, { { 3, 12 }, 62 }, { { 12, 48 }, -1 } }) == "n3 n9 r12 r24 ");
    CHECK(values({ { { 0, 10 }, 60 }, { { 10, 48 }, -1 } }) == "n8t[~ n2t r2t] r12 r24 ");
    // Every value of every measure sums to the bar.
    for (ticks12 cut = 1; cut < 48; ++cut) {
        ticks12 total = 0;
        for (const NotatedNote& n : notate_measure({ { { 0, cut }, 60 }, { { cut, 48 }, 62 } }))
            total += n.duration;
        CHECK(total == 48);
    }
}

TEST_CASE("spelling follows the chord, then the key")
{
    const ChordSymbol g7b9 = parse_chord_symbol("G7b9");
    CHECK(spell_in_context(68, 0, &g7b9).name(PitchNotation::lead_sheet) == "Ab"); // the b9
    const ChordSymbol c7s9 = parse_chord_symbol("C7#9");
    CHECK(spell_in_context(63, 0, &c7s9).name(PitchNotation::lead_sheet) == "D#");  // the #9
    CHECK(spell_in_context(63, 0, nullptr).name(PitchNotation::lead_sheet) == "Eb");
    CHECK(spell_in_context(66, 2, nullptr).name(PitchNotation::lead_sheet) == "F#"); // D major
    CHECK(spell_in_context(68, 2, nullptr).name(PitchNotation::lead_sheet) == "G#"); // chromatic in a sharp key
    CHECK(spell_in_context(70, -1, nullptr).name(PitchNotation::lead_sheet) == "Bb");
    const ChordSymbol cb = parse_chord_symbol("Cbmaj7");
    const SpelledPitch low_cb = spell_in_context(59, 0, &cb);
    CHECK(low_cb.name_with_octave(PitchNotation::lead_sheet) == "Cb4"); // sounds B3
    CHECK(low_cb.ps() == 59);
}

TEST_CASE("a lead sheet document: measures, chord symbols, ties across the bar line, rests")
{
    LeadSheetNotation sheet;
    sheet.title = "Test & <solo>";
    sheet.tempo = 140;
    sheet.key_fifths = -1;
    sheet.melody = { note(0, 12, 65), note(12, 4, 67), note(16, 4, 69), note(20, 4, 70), note(36, 24, 72) };
    sheet.chords = { { 0, parse_chord_symbol("Gm7") }, { 24, parse_chord_symbol("C7b9") },
        { 48, parse_chord_symbol("Fmaj7/A") }, { 96, parse_chord_symbol("Fmaj7/A") } };
    sheet.measures = 3;
    const std::string x = musicxml_lead_sheet(sheet);
    CHECK(x.find("<work-title>Test &amp; &lt;solo&gt;</work-title>") != std::string::npos);
    CHECK(count(x, "<measure ") == 3);
    CHECK(x.find("<fifths>-1</fifths>") != std::string::npos);
    CHECK(x.find("<sound tempo=\"140\"/>") != std::string::npos);
    CHECK(count(x, "<harmony>") == 3); // the repeated Fmaj7/A is not named again
    CHECK(x.find("<kind text=\"7b9\">dominant</kind><degree><degree-value>9</degree-value><degree-alter>-1</degree-alter>"
                 "<degree-type>add</degree-type></degree>")
        != std::string::npos);
    CHECK(x.find("<bass><bass-step>A</bass-step></bass>") != std::string::npos);
    CHECK(count(x, "<time-modification>") == 3);
    CHECK(count(x, "<tie type=\"start\"/>") == 1); // the C5 held over the bar line
    CHECK(count(x, "<tie type=\"stop\"/>") == 1);
    CHECK(count(x, "<rest measure=\"yes\"/>") == 1);
    CHECK(x.find("<step>B</step><alter>-1</alter><octave>4</octave>") != std::string::npos); // Bb in F
    CHECK(count(x, "<beam number=\"1\">begin</beam>") == 1);
}

} // namespace jazzlstm_test_musicxml_write
