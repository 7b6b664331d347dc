// Tokens and parse_measure against grammar-spec §5 and every token of the reference JSON;
// generation (§10) by its documented rules and examples.
#include <jazzlstm/grammar.hpp>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "../support.hpp"

#include <fstream>
#include <random>
#include <set>
#include <string>
#include <vector>

using namespace jazzlstm;

namespace {

nlohmann::json load_reference()
{
    std::ifstream in(jazzlstm::test::metheny_reference());
    REQUIRE(in.good());
    return nlohmann::json::parse(in);
}

MelodyElement note(ticks12 offset, ticks12 duration, int midi)
{
    MelodyElement e;
    e.offset = offset;
    e.duration = duration;
    e.midi = midi;
    return e;
}

MelodyElement rest(ticks12 offset, ticks12 duration)
{
    MelodyElement e;
    e.offset = offset;
    e.duration = duration;
    e.is_rest = true;
    return e;
}

Chord chord(ticks12 offset, std::vector<int> pitches)
{
    Chord c;
    c.offset = offset;
    c.pitches = std::move(pitches);
    return c;
}

/// Checks that parse_token throws bad_token with the given position.
void check_bad_token(const std::string& text, std::size_t position)
{
    CAPTURE(text);
    try {
        (void)parse_token(text, position);
        FAIL_CHECK("accepted a malformed token");
    } catch (const parse_error& e) {
        CHECK(e.id() == "jazzlstm.grammar.bad_token");
        REQUIRE(e.context().position);
        CHECK(*e.context().position == position);
        CHECK(e.context().token == text);
        CHECK(std::string(e.what()).rfind("[jazzlstm.grammar.bad_token]", 0) == 0);
    }
}

} // namespace

TEST_CASE("format_token writes %.3f durations and <UP,DOWN> (§5)")
{
    CHECK(format_token(make_token('R', 3)) == "R,0.250");
    CHECK(format_token(make_token('C', 6)) == "C,0.500");
    CHECK(format_token(make_token('S', 3, std::make_pair(*parse_interval("m2"), *parse_interval("P-4")))) == "S,0.250,<m2,P-4>");
    // k/12 never ties at the third decimal (§5)
    const std::pair<ticks12, const char*> durations[] = { { 1, "0.083" }, { 2, "0.167" }, { 4, "0.333" }, { 5, "0.417" },
        { 7, "0.583" }, { 8, "0.667" }, { 13, "1.083" }, { 852, "71.000" }, { 0, "0.000" } };
    for (const auto& [x12, text] : durations)
        CHECK(format_token(make_token('R', x12)) == std::string("R,") + text);
    CHECK(format_tokens({ make_token('C', 6), make_token('R', 2) }) == "C,0.500 R,0.167");
}

TEST_CASE("parse_token reads the reference forms and keeps exact twelfths")
{
    const Token t = parse_token("C,0.333,<P1,d-5>");
    CHECK(t.type == 'C');
    REQUIRE(t.twelfths);
    CHECK(*t.twelfths == 4);
    REQUIRE(t.range);
    CHECK(t.range->first == Interval { 0, 0 });
    CHECK(t.range->second == Interval { -4, -6 });
    CHECK(parse_token("R,71.000").twelfths == 852);
    CHECK(parse_token("R,0.083").twelfths == 1);
    CHECK(parse_token("R,0.083").quarter_length == doctest::Approx(1.0 / 12));
    // Python str(float) durations from prune_grammar are read too
    CHECK(parse_token("C,0.25").twelfths == 3);
    CHECK(parse_token("C,0.5,<m2,P-4>").twelfths == 6);
    CHECK(parse_token("R,0.0").twelfths == 0);
    CHECK(parse_token("R,71").twelfths == 852);
    // Not within 0.0005 of a twelfth: the double is kept
    const Token odd = parse_token("C,0.1");
    CHECK_FALSE(odd.twelfths);
    CHECK(odd.quarter_length == doctest::Approx(0.1));
    CHECK(odd.duration_x12() == 1);
    CHECK(format_token(odd) == "C,0.100");
    // 10 tokens of the M6 vocabulary listed in §8
    for (const char* text : { "C,0.250,<m-2,d-6>", "S,0.333", "S,0.250,<d4,M-2>", "C,0.250,<M2,d-4>", "C,0.667,<d6,m2>",
             "S,0.333,<d7,m3>", "R,71.000", "S,0.500,<m7,M3>", "S,0.250,<m3,m-3>", "A,0.250,<m2,P-4>" }) {
        CHECK(format_token(parse_token(text)) == text);
        CHECK(is_canonical_token(text));
    }
    CHECK_FALSE(is_canonical_token("C,0.25"));
}

TEST_CASE("malformed tokens are refused with jazzlstm.grammar.bad_token and the position")
{
    std::size_t position = 0;
    for (const char* bad : { "C,0.25,<m2", "Q,0.250", "C,abc", "C,0.250,<Z9,P1>", "", "C,0.250,<m2,P-4>,X", "C,0.250,<m2,P-4,M2>",
             "C,0.250,m2,P-4", "C", "C,", "C0.250", "c,0.250", "C,-0.250", "C,1e3", "C,.5", "C,5.", "C,0.250,", "C,0.250,<>",
             "C,0.250,<m2>", "C,0.250,<m2,>", "C,0.250,<,m2>", "R,0.250,<m2,P-4>", "C,0.250,<P2,P-4>", "C,0.250,<m2,P-1>",
             "C,0.250 ", " C,0.250", "C,nan", "C,inf", "C,999999999.0", "CC,0.250", "C,0.250,<m2,P-4>>", "C,0.250,<<m2,P-4>",
             "C,0.2500000000000000001" }) {
        check_bad_token(bad, position);
        position += 3;
    }
}

TEST_CASE("parse_tokens splits on whitespace and reports the failing index")
{
    const auto tokens = parse_tokens("C,0.500 R,0.167  C,0.333,<P1,d-5>\n");
    REQUIRE(tokens.size() == 3);
    CHECK(format_token(tokens[2]) == "C,0.333,<P1,d-5>");
    CHECK(parse_tokens("").empty());
    CHECK(parse_tokens("   ").empty());
    try {
        (void)parse_tokens("C,0.500 R,0.167 C,0.333,<P1,d-5 S,0.250");
        FAIL("accepted a malformed token");
    } catch (const parse_error& e) {
        CHECK(e.id() == "jazzlstm.grammar.bad_token");
        CHECK(e.context().position == std::size_t { 2 });
        CHECK(e.context().token == "C,0.333,<P1,d-5");
    }
}

TEST_CASE("bar 119: the worked example of §5 (first eleven elements, reference values)")
{
    // Elements and chords of bar 119 (offsets in twelfths, absolute), music21 6.7.1.
    const std::vector<MelodyElement> elements = { note(5712, 6, 75), rest(5718, 2), note(5720, 4, 72), rest(5724, 4),
        note(5728, 3, 67), note(5730, 3, 68), rest(5731, 1), note(5732, 3, 72), note(5733, 3, 75), rest(5735, 1),
        note(5736, 8, 74) };
    const std::vector<Chord> chords = { chord(5712, { 63, 67, 60, 58, 44 }), chord(5736, { 58, 65, 62, 57 }) };
    const std::vector<std::string> expected = { "C,0.500", "R,0.167", "C,0.333,<P1,d-5>", "R,0.333", "C,0.250,<M-2,m-6>",
        "C,0.250,<M3,d-3>", "R,0.083", "C,0.250,<d6,m2>", "C,0.250,<d5,P1>", "R,0.083", "C,0.667,<M2,d-4>" };
    CHECK(parse_measure(elements, chords) == expected);
    const auto detail = parse_measure_detailed(elements, chords);
    CHECK(detail[9].chord_index == 0);
    CHECK(detail[10].chord_index == 1);
    for (const auto& p : detail)
        CHECK_FALSE(p.chord_fallback_to_first);
    // Bar-relative offsets give the same tokens.
    auto shifted = elements;
    for (auto& e : shifted)
        e.offset -= 5712;
    auto shifted_chords = chords;
    for (auto& c : shifted_chords)
        c.offset -= 5712;
    CHECK(parse_measure(shifted, shifted_chords) == expected);
}

TEST_CASE("parse_measure: types in order R C S A X, fallback to the first chord, prevNote rules")
{
    // C major triad at beat 2 only; G major derives the S scale (C E G in C, F, G major).
    const std::vector<Chord> chords = { chord(12, { 60, 64, 67 }) };
    const std::vector<MelodyElement> elements = {
        note(0, 3, 72),  // C: chord tone, before the chord → fallback, first note → no interval
        rest(3, 3),      // rests never reset prevNote
        note(6, 3, 66),  // F#: in G major → S
        note(12, 3, 61), // C#: not in G major, next to C → A
        note(15, 3, 70), // B-: not chord, not G major, not next to C E G → X
        note(18, 3, 65), // F: F is not in G major (F#), next to E → A
    };
    const auto p = parse_measure_detailed(elements, chords);
    REQUIRE(p.size() == 6);
    CHECK(p[0].text == "C,0.250");
    CHECK(p[1].text == "R,0.250");
    CHECK(p[2].text == "S,0.250,<m-3,d-7>"); // C5→F#4 is d-5, as C4→F#3 in the interval table
    CHECK(p[3].text.rfind("A,0.250,<", 0) == 0);
    CHECK(p[4].text.rfind("X,0.250,<", 0) == 0);
    CHECK(p[5].text.rfind("A,0.250,<", 0) == 0);
    CHECK(p[0].chord_fallback_to_first);
    CHECK(p[1].chord_fallback_to_first);
    CHECK(p[2].chord_fallback_to_first);
    CHECK_FALSE(p[3].chord_fallback_to_first);
    for (const auto& x : p)
        CHECK(x.chord_index == 0);
    // prevNote is reset per measure: a measure starting with a rest then a note has no interval.
    CHECK(parse_measure({ rest(48, 3), note(51, 3, 60) }, { chord(48, { 60, 64, 67 }) })
        == std::vector<std::string> { "R,0.250", "C,0.250" });
    CHECK(parse_measure({}, {}).empty());
    try {
        (void)parse_measure({ note(0, 3, 60) }, {});
        FAIL("accepted a measure without chords");
    } catch (const argument_error& e) {
        CHECK(e.id() == "jazzlstm.grammar.no_chords");
    }
    CHECK_THROWS_AS(parse_measure({ note(0, 3, 60) }, { chord(0, {}) }), argument_error);
}

TEST_CASE("reference: every token of every measure, both variants")
{
    if (!jazzlstm::test::have_file(jazzlstm::test::metheny_reference()))
        return;
    const auto ref = load_reference();
    const std::pair<const char*, ChordBehaviour> variants[] = { { "music21_5", ChordBehaviour::music21_5 },
        { "music21_6", ChordBehaviour::music21_6 } };
    for (const auto& [key, behaviour] : variants) {
        CAPTURE(key);
        const auto& v = ref["variants"][key];
        std::size_t tokens = 0, mismatches = 0, chord_mismatches = 0;
        std::vector<std::string> corpus;
        REQUIRE(v["measures"].size() == 19);
        for (std::size_t k = 1; k < v["measures"].size(); ++k) {
            const auto& m = v["measures"][k];
            std::vector<MelodyElement> elements;
            for (const auto& e : m["elements"]) {
                if (e["kind"] == "rest")
                    elements.push_back(rest(e["offset_x12"].get<ticks12>(), e["quarterLength_x12"].get<ticks12>()));
                else
                    elements.push_back(note(e["offset_x12"].get<ticks12>(), e["quarterLength_x12"].get<ticks12>(), e["midi"].get<int>()));
            }
            std::vector<Chord> chords;
            for (const auto& c : v["chord_groups"][k]["chords"])
                chords.push_back(chord(c["offset_x12"].get<ticks12>(), c["midi"].get<std::vector<int>>()));
            const auto parsed = parse_measure_detailed(elements, chords, behaviour);
            REQUIRE(parsed.size() == m["elements"].size());
            for (std::size_t i = 0; i < parsed.size(); ++i) {
                const auto& e = m["elements"][i];
                ++tokens;
                corpus.push_back(parsed[i].text);
                if (parsed[i].text != e["token"].get<std::string>()) {
                    ++mismatches;
                    MESSAGE("bar " << m["bar"] << " element " << i << ": got " << parsed[i].text << ", reference " << e["token"]);
                }
                if (parsed[i].chord_index != e["chord_index"].get<std::size_t>()
                    || parsed[i].chord_fallback_to_first != e["chord_fallback_to_first"].get<bool>())
                    ++chord_mismatches;
            }
            // the grammar string of the measure
            std::string joined;
            for (const auto& p : parsed)
                joined += (joined.empty() ? "" : " ") + p.text;
            CHECK(joined == v["grammar_per_measure"][k - 1]["grammar"].get<std::string>());
        }
        CHECK(mismatches == 0);
        CHECK(chord_mismatches == 0);
        CHECK(tokens == v["corpus_length"].get<std::size_t>());
        CHECK(corpus == v["corpus"].get<std::vector<std::string>>());
        const std::set<std::string> vocabulary(corpus.begin(), corpus.end());
        CHECK(vocabulary.size() == v["vocabulary_size"].get<std::size_t>());
    }
}

TEST_CASE("reference: parse_token ∘ format_token is the identity on both vocabularies")
{
    if (!jazzlstm::test::have_file(jazzlstm::test::metheny_reference()))
        return;
    const auto ref = load_reference();
    std::size_t n = 0;
    for (const char* key : { "music21_5", "music21_6" }) {
        for (const auto& t : ref["variants"][key]["vocabulary"]) {
            const std::string text = t.get<std::string>();
            const Token token = parse_token(text, n);
            CHECK(format_token(token) == text);
            CHECK(token.twelfths);
            CHECK(parse_token(format_token(token)) == token);
            ++n;
        }
    }
    CHECK(n == 78 + 90);
}
