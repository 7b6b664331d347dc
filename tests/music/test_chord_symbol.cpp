// The chord-symbol parser: the jazz vocabulary with its pitch classes, both spellings, slash
// chords, the MusicXML kinds and degrees, chord-tone spelling and the errors.
#include <jazzlstm/music/chord_symbols.hpp>

#include <doctest/doctest.h>

#include "support.hpp"

#include <set>
#include <string>
#include <vector>

// Each test file has a namespace of its own: a folder is compiled as one unity build, and
// this keeps a file's helpers apart from its neighbours'.
namespace jazzlstm_test_chord_symbol {

using namespace jazzlstm;

namespace {

struct Case {
    const char* symbol;
    std::vector<int> pcs;   // every pitch class that sounds, bass included, any order
    const char* canonical;  // name()
    const char* kind;       // MusicXML kind
};

// Pitch classes worked out by hand from the chord spellings (C=0 … B=11).
const std::vector<Case> cases = {
    { "C", { 0, 4, 7 }, "C", "major" },
    { "Cmaj", { 0, 4, 7 }, "C", "major" },
    { "Cm", { 0, 3, 7 }, "Cm", "minor" },
    { "C-", { 0, 3, 7 }, "Cm", "minor" },
    { "Cmin", { 0, 3, 7 }, "Cm", "minor" },
    { "Cdim", { 0, 3, 6 }, "Cdim", "diminished" },
    { "Co", { 0, 3, 6 }, "Cdim", "diminished" },
    { "C\xC2\xB0", { 0, 3, 6 }, "Cdim", "diminished" },
    { "Caug", { 0, 4, 8 }, "C+", "augmented" },
    { "C+", { 0, 4, 8 }, "C+", "augmented" },
    { "Csus4", { 0, 5, 7 }, "Csus4", "suspended-fourth" },
    { "Csus", { 0, 5, 7 }, "Csus4", "suspended-fourth" },
    { "Csus2", { 0, 2, 7 }, "Csus2", "suspended-second" },
    { "C5", { 0, 7 }, "C5", "power" },
    { "C6", { 0, 4, 7, 9 }, "C6", "major-sixth" },
    { "Cm6", { 0, 3, 7, 9 }, "Cm6", "minor-sixth" },
    { "C6/9", { 0, 2, 4, 7, 9 }, "C6/9", "major-sixth" },
    { "C69", { 0, 2, 4, 7, 9 }, "C6/9", "major-sixth" },
    { "C7", { 0, 4, 7, 10 }, "C7", "dominant" },
    { "Cmaj7", { 0, 4, 7, 11 }, "Cmaj7", "major-seventh" },
    { "CM7", { 0, 4, 7, 11 }, "Cmaj7", "major-seventh" },
    { "C\xCE\x94", { 0, 4, 7, 11 }, "Cmaj7", "major-seventh" },
    { "C\xCE\x94" "7", { 0, 4, 7, 11 }, "Cmaj7", "major-seventh" },
    { "C^7", { 0, 4, 7, 11 }, "Cmaj7", "major-seventh" },
    { "Cma7", { 0, 4, 7, 11 }, "Cmaj7", "major-seventh" },
    { "Cm7", { 0, 3, 7, 10 }, "Cm7", "minor-seventh" },
    { "C-7", { 0, 3, 7, 10 }, "Cm7", "minor-seventh" },
    { "Cmi7", { 0, 3, 7, 10 }, "Cm7", "minor-seventh" },
    { "Cm(maj7)", { 0, 3, 7, 11 }, "Cm(maj7)", "major-minor" },
    { "CmMaj7", { 0, 3, 7, 11 }, "Cm(maj7)", "major-minor" },
    { "C-\xCE\x94" "7", { 0, 3, 7, 11 }, "Cm(maj7)", "major-minor" },
    { "Cdim7", { 0, 3, 6, 9 }, "Cdim7", "diminished-seventh" },
    { "Co7", { 0, 3, 6, 9 }, "Cdim7", "diminished-seventh" },
    { "C\xC2\xB0" "7", { 0, 3, 6, 9 }, "Cdim7", "diminished-seventh" },
    { "Cm7b5", { 0, 3, 6, 10 }, "C\xC3\xB8" "7", "half-diminished" },
    { "C-7b5", { 0, 3, 6, 10 }, "C\xC3\xB8" "7", "half-diminished" },
    { "C\xC3\xB8", { 0, 3, 6, 10 }, "C\xC3\xB8" "7", "half-diminished" },
    { "C\xC3\xB8" "7", { 0, 3, 6, 10 }, "C\xC3\xB8" "7", "half-diminished" },
    { "C+7", { 0, 4, 8, 10 }, "C+7", "augmented-seventh" },
    { "Caug7", { 0, 4, 8, 10 }, "C+7", "augmented-seventh" },
    { "C7#5", { 0, 4, 8, 10 }, "C+7", "augmented-seventh" },
    { "C+maj7", { 0, 4, 8, 11 }, "C+maj7", "augmented" },
    { "C7b5", { 0, 4, 6, 10 }, "C7b5", "dominant" },
    { "C7sus4", { 0, 5, 7, 10 }, "C7sus4", "suspended-fourth" },
    { "C7sus", { 0, 5, 7, 10 }, "C7sus4", "suspended-fourth" },
    { "C9sus4", { 0, 2, 5, 7, 10 }, "C9sus4", "suspended-fourth" },
    { "C9", { 0, 2, 4, 7, 10 }, "C9", "dominant-ninth" },
    { "Cm9", { 0, 2, 3, 7, 10 }, "Cm9", "minor-ninth" },
    { "Cmaj9", { 0, 2, 4, 7, 11 }, "Cmaj9", "major-ninth" },
    { "C\xCE\x94" "9", { 0, 2, 4, 7, 11 }, "Cmaj9", "major-ninth" },
    { "C11", { 0, 2, 4, 5, 7, 10 }, "C11", "dominant-11th" },
    { "Cm11", { 0, 2, 3, 5, 7, 10 }, "Cm11", "minor-11th" },
    { "C13", { 0, 2, 4, 7, 9, 10 }, "C13", "dominant-13th" },
    { "Cm13", { 0, 2, 3, 5, 7, 9, 10 }, "Cm13", "minor-13th" },
    { "Cmaj13", { 0, 2, 4, 7, 9, 11 }, "Cmaj13", "major-13th" },
    { "C7b9", { 0, 1, 4, 7, 10 }, "C7b9", "dominant" },
    { "C7#9", { 0, 3, 4, 7, 10 }, "C7#9", "dominant" },
    { "C7(b9)", { 0, 1, 4, 7, 10 }, "C7b9", "dominant" },
    { "C7#11", { 0, 4, 6, 7, 10 }, "C7#11", "dominant" },
    { "C7b13", { 0, 4, 7, 8, 10 }, "C7b13", "dominant" },
    { "C7b9#11", { 0, 1, 4, 6, 7, 10 }, "C7b9#11", "dominant" },
    { "C7(b9,#11)", { 0, 1, 4, 6, 7, 10 }, "C7b9#11", "dominant" },
    { "C7#9b13", { 0, 3, 4, 7, 8, 10 }, "C7#9b13", "dominant" },
    { "C9#11", { 0, 2, 4, 6, 7, 10 }, "C9#11", "dominant-ninth" },
    { "C13#11", { 0, 2, 4, 6, 7, 9, 10 }, "C13#11", "dominant-13th" },
    { "C13b9", { 0, 1, 4, 7, 9, 10 }, "C13b9", "dominant-13th" },
    { "Cmaj7#11", { 0, 4, 6, 7, 11 }, "Cmaj7#11", "major-seventh" },
    { "Cmaj7#5", { 0, 4, 8, 11 }, "Cmaj7#5", "major-seventh" },
    { "C7alt", { 0, 1, 3, 4, 8, 10 }, "C7alt", "dominant" },
    { "Cadd9", { 0, 2, 4, 7 }, "Cadd9", "major" },
    { "Cmadd9", { 0, 2, 3, 7 }, "Cmadd9", "minor" },
    { "C(add2)", { 0, 2, 4, 7 }, "Cadd9", "major" },
    { "C/E", { 0, 4, 7 }, "C/E", "major" },
    { "C/Bb", { 0, 4, 7, 10 }, "C/Bb", "major" },
    { "Dm7/G", { 2, 5, 9, 0, 7 }, "Dm7/G", "minor-seventh" },
    { "F/A", { 5, 9, 0 }, "F/A", "major" },
    { "Bbmaj7", { 10, 2, 5, 9 }, "Bbmaj7", "major-seventh" },
    { "F#m7b5", { 6, 9, 0, 4 }, "F#\xC3\xB8" "7", "half-diminished" },
    { "Ebdim7", { 3, 6, 9, 0 }, "Ebdim7", "diminished-seventh" },
    { "Ab13", { 8, 0, 3, 6, 10, 5 }, "Ab13", "dominant-13th" },
    { "Db7#9", { 1, 5, 8, 11, 4 }, "Db7#9", "dominant" },
    { "E-7", { 4, 7, 11, 2 }, "Em7", "minor-seventh" },
    { "G7b9", { 7, 11, 2, 5, 8 }, "G7b9", "dominant" },
    { "B7alt", { 11, 3, 9, 0, 2, 7 }, "B7alt", "dominant" },
    { "Gb6/9", { 6, 10, 1, 3, 8 }, "Gb6/9", "major-sixth" },
    { "A\xE2\x99\xAD" "maj7", { 8, 0, 3, 7 }, "Abmaj7", "major-seventh" },
    { "C(b5)", { 0, 4, 6 }, "C(b5)", "major" }, // not Cb5, the power chord on Cb
    { "Cb5", { 11, 6 }, "Cb5", "power" },
};

unsigned mask_of(const std::vector<int>& pcs)
{
    unsigned m = 0;
    for (int pc : pcs)
        m |= 1u << pc;
    return m;
}

std::string error_of(const std::string& symbol)
{
    return jazzlstm::test::error_id<jazzlstm::parse_error>([&] { parse_chord_symbol(symbol); });
}

} // namespace

TEST_CASE("the jazz vocabulary: pitch classes, canonical names and MusicXML kinds")
{
    REQUIRE(cases.size() >= 60);
    for (const Case& c : cases) {
        INFO(c.symbol);
        const ChordSymbol s = parse_chord_symbol(c.symbol);
        CHECK(s.pitch_class_mask() == mask_of(c.pcs));
        CHECK(s.name() == c.canonical);
        CHECK(s.kind == c.kind);
        // The canonical name reads back as the same chord.
        const ChordSymbol again = parse_chord_symbol(s.name());
        CHECK(again.pitch_class_mask() == s.pitch_class_mask());
        CHECK(again.name() == s.name());
        CHECK(again.kind == s.kind);
        // Tones are ascending from the root; the root is the first.
        REQUIRE(!s.tones.empty());
        CHECK(s.tones.front().semitones == 0);
        for (std::size_t i = 1; i < s.tones.size(); ++i)
            CHECK(s.tones[i - 1].semitones < s.tones[i].semitones);
    }
}

TEST_CASE("both spellings give the same chord in every key")
{
    const std::vector<std::pair<const char*, const char*>> pairs = {
        { "m7", "-7" }, { "maj7", "\xCE\x94" "7" }, { "m7b5", "\xC3\xB8" }, { "dim7", "\xC2\xB0" "7" }, { "aug", "+" },
        { "m(maj7)", "-\xCE\x94" }, { "maj9", "\xCE\x94" "9" }, { "m6", "-6" },
    };
    const char* roots[] = { "C", "Db", "D", "Eb", "E", "F", "F#", "Gb", "G", "Ab", "A", "Bb", "B", "C#", "Cb" };
    for (const char* root : roots)
        for (const auto& [a, b] : pairs) {
            const ChordSymbol x = parse_chord_symbol(std::string(root) + a);
            const ChordSymbol y = parse_chord_symbol(std::string(root) + b);
            CHECK(x.pitch_class_mask() == y.pitch_class_mask());
            CHECK(x.name() == y.name());
            CHECK(x.root_spelling.name(PitchNotation::lead_sheet) == root);
        }
}

TEST_CASE("MusicXML degrees: alterations of the kind, additions beyond it")
{
    auto degrees = [](const char* symbol) {
        std::string out;
        for (const ChordDegree& d : parse_chord_symbol(symbol).degrees)
            out += std::to_string(d.value) + (d.alter < 0 ? "b" : d.alter > 0 ? "#" : "") + d.type + " ";
        return out;
    };
    CHECK(degrees("C7") == "");
    CHECK(degrees("C7b9") == "9badd ");
    CHECK(degrees("C9#11") == "11#add ");
    CHECK(degrees("C13b9") == "9balter ");
    CHECK(degrees("C7b5") == "5balter ");
    CHECK(degrees("C7sus4") == "7badd ");
    CHECK(degrees("C6/9") == "9add ");
    CHECK(degrees("Cadd9") == "9add ");
    CHECK(degrees("C7alt") == "5#alter 9badd 9#add ");
    const ChordSymbol slash = parse_chord_symbol("Dm7/G");
    CHECK(slash.bass == 7);
    CHECK(slash.bass_spelling.name(PitchNotation::lead_sheet) == "G");
}

TEST_CASE("chord tones are spelled for the chord: the degree decides the letter")
{
    auto spelled = [](const char* symbol) {
        const ChordSymbol s = parse_chord_symbol(symbol);
        std::string out;
        for (const ChordTone& t : s.tones)
            out += spell_chord_tone(s, t).name(PitchNotation::lead_sheet) + " ";
        return out;
    };
    CHECK(spelled("Bbmaj7") == "Bb D F A ");
    CHECK(spelled("F#m7b5") == "F# A C E ");
    CHECK(spelled("Ebdim7") == "Eb Gb Bbb Dbb ");
    CHECK(spelled("G7b9") == "G B D F Ab ");
    CHECK(spelled("C7#9") == "C E G Bb D# ");
    CHECK(spelled("Db13") == "Db F Ab Cb Eb Bb ");
}

TEST_CASE("unknown symbols are typed errors naming the symbol")
{
    for (const char* bad : { "", "H7", "Cx", "Cmaj6", "Cø6", "Cø69", "C+6", "Cdim9", "C7b11", "C(b9)", "C7#13", "Cm7sus4", "C/", "C/H", "C7alt5", "c7", "C7(no3)" }) {
        INFO(bad);
        CHECK(error_of(bad) == "jazzlstm.leadsheet.chord");
    }
    try {
        parse_chord_symbol("Cmaj6");
        FAIL("no exception");
    } catch (const jazzlstm::parse_error& e) {
        CHECK(e.context().token == "Cmaj6");
    }
}

} // namespace jazzlstm_test_chord_symbol
