// Tokens and parse_measure against grammar-spec §5 and every token of the reference JSON;
// generation (§10) by its documented rules and examples.
#include <jazzlstm/music/grammar.hpp>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "support.hpp"

#include <fstream>
#include <random>
#include <set>
#include <string>
#include <vector>

// Each test file has a namespace of its own: a folder is compiled as one unity build, and
// this keeps a file's helpers apart from its neighbours'.
namespace jazzlstm_test_grammar {

using namespace jazzlstm;

namespace {


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
    const auto ref = test::load_reference();
    const std::pair<const char*, Music21Behaviour> variants[] = { { "music21_5", Music21Behaviour::music21_5 },
        { "music21_6", Music21Behaviour::music21_6 } };
    for (const auto& variant : variants) {
        const char* key = variant.first;
        const Music21Behaviour behaviour = variant.second;
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
    const auto ref = test::load_reference();
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

// ---------------------------------------------------------------------------------------
// Generation (§10)

TEST_CASE("retype_approach_and_other: A and X after the first token become C")
{
    const auto out = retype_approach_and_other(parse_tokens("X,0.250 A,0.250,<m2,P-4> R,0.250 X,0.500,<P1,d-5> S,0.250"));
    CHECK(format_tokens(out) == "X,0.250 C,0.250,<m2,P-4> R,0.250 C,0.500,<P1,d-5> S,0.250");
}

TEST_CASE("retype_approach_and_other: none, or all tokens including the first")
{
    const auto tokens = parse_tokens("X,0.250 A,0.250,<m2,P-4> R,0.250 S,0.250");
    CHECK(format_tokens(retype_approach_and_other(tokens, Retype::none)) == format_tokens(tokens));
    CHECK(format_tokens(retype_approach_and_other(tokens, Retype::all)) == "C,0.250 C,0.250,<m2,P-4> R,0.250 S,0.250");
}

TEST_CASE("prune_grammar snaps to the quarter grid, down or up by a further 0.25 (§10.2)")
{
    const auto tokens = parse_tokens("C,0.250 R,0.083 S,0.333,<d7,m3> C,0.667,<M2,d-4> R,71.000 C,0.1");
    std::mt19937_64 rng(2024);
    std::size_t ups = 0, downs = 0;
    for (int trial = 0; trial < 200; ++trial) {
        const auto pruned = prune_grammar(tokens, rng);
        REQUIRE(pruned.size() == tokens.size());
        for (std::size_t i = 0; i < tokens.size(); ++i) {
            REQUIRE(pruned[i].twelfths);
            const ticks12 got = *pruned[i].twelfths;
            CHECK(got % 3 == 0);
            CHECK(pruned[i].type == tokens[i].type);
            CHECK(pruned[i].range == tokens[i].range);
            const double d = tokens[i].quarter_length;
            const double down = d - std::fmod(d, 0.25);
            if (got == std::llround(down * 12))
                ++downs;
            else if (got == std::llround((down + 0.25) * 12))
                ++ups;
            else
                FAIL_CHECK("pruned " << format_token(tokens[i]) << " to " << format_token(pruned[i]));
            CHECK(is_canonical_token(format_token(pruned[i])));
        }
    }
    // 0.25 → 0.25 or 0.5; 0.083 → 0 or 0.25; 71 → 71 or 71.25: both sides happen
    CHECK(ups > 400);
    CHECK(downs > 400);
    std::mt19937_64 a(5), b(5);
    CHECK(prune_grammar(tokens, a) == prune_grammar(tokens, b));
}

TEST_CASE("unparse_grammar: placement, chord tones and the interval window (§10.3)")
{
    const std::vector<Chord> c_major = { chord(0, { 60, 64, 67 }) };
    const auto tokens = parse_tokens("C,0.250 C,0.500,<m3,m-3> R,0.250 C,0.250,<m3,m-3>");
    for (std::uint64_t seed = 0; seed < 40; ++seed) {
        std::mt19937_64 rng(seed);
        const auto notes = unparse_grammar(tokens, c_major, rng);
        REQUIRE(notes.size() == 4);
        // Reference placement: element n at the sum of durations 0..n.
        CHECK(notes[0].offset == 3);
        CHECK(notes[1].offset == 9);
        CHECK(notes[2].offset == 12);
        CHECK(notes[3].offset == 15);
        CHECK(notes[0].duration == 3);
        CHECK(notes[1].duration == 6);
        CHECK(notes[2].is_rest);
        // The first note is a chord pitch; <m3,m-3> means "d = P1 ± a minor third": the chord
        // tones within 3 semitones of the previous note, avoiding the previous pitch if possible.
        const int first = notes[0].midi;
        CHECK((first == 60 || first == 64 || first == 67));
        const int expected_second = first == 60 ? 60 : (first == 64 ? 67 : 64);
        CHECK(notes[1].midi == expected_second);
        const int expected_fourth = expected_second == 60 ? 60 : (expected_second == 64 ? 67 : 64);
        CHECK(notes[3].midi == expected_fourth);
        // Sequential placement: same draws, each element where the previous ended.
        std::mt19937_64 again(seed);
        const auto sequential = unparse_grammar(tokens, c_major, again, Placement::sequential);
        REQUIRE(sequential.size() == 4);
        CHECK(sequential[0].offset == 0);
        CHECK(sequential[1].offset == 3);
        CHECK(sequential[2].offset == 9);
        CHECK(sequential[3].offset == 12);
        for (std::size_t i = 0; i < 4; ++i)
            CHECK(sequential[i].midi == notes[i].midi);
    }
}

TEST_CASE("unparse_grammar: octave floors, fallback whole tone, MIDI range")
{
    std::mt19937_64 rng(11);
    // 2-term: a chord pitch below octave 4 is raised to octave 4.
    for (int i = 0; i < 30; ++i) {
        const auto n = unparse_grammar(parse_tokens("C,0.250"), { chord(0, { 36, 40, 43 }) }, rng);
        CHECK((n[0].midi == 60 || n[0].midi == 64 || n[0].midi == 67));
    }
    // 4-term: two octaves down from C4 lands on C2, raised to octave 3.
    for (int i = 0; i < 10; ++i) {
        const auto n = unparse_grammar(parse_tokens("C,0.250 C,0.250,<P-15,P-15>"), { chord(0, { 60 }) }, rng);
        CHECK(n[0].midi == 60);
        CHECK(n[1].midi == 48);
    }
    // No approach tone within <P1,P1> of C4: the previous note moves a whole tone.
    std::set<int> seen;
    for (int i = 0; i < 40; ++i) {
        const auto n = unparse_grammar(parse_tokens("C,0.250 X,0.250,<P1,P1>"), { chord(0, { 60 }) }, rng);
        REQUIRE(n[0].midi == 60);
        seen.insert(n[1].midi);
    }
    CHECK(seen == std::set<int> { 58, 62 });
    // At the top of the MIDI range nothing may leave 0..127.
    for (int i = 0; i < 40; ++i) {
        const auto n = unparse_grammar(parse_tokens("C,0.250 C,0.250,<P8,P8> S,0.250,<P15,P15> X,0.250 A,0.250,<m3,m-3>"),
            { chord(0, { 127, 126 }) }, rng);
        for (const auto& e : n)
            CHECK((e.midi >= 0 && e.midi <= 127));
    }
    // A 4-term token first (deepjazz would crash) is read as a 2-term token.
    const auto lone = unparse_grammar(parse_tokens("C,0.250,<m3,m-3>"), { chord(0, { 62 }) }, rng);
    CHECK(lone[0].midi == 62);
    // Rests need no chord, notes do.
    CHECK(unparse_grammar(parse_tokens("R,0.250"), {}, rng).size() == 1);
    try {
        (void)unparse_grammar(parse_tokens("C,0.250"), {}, rng);
        FAIL("accepted a note without chords");
    } catch (const argument_error& e) {
        CHECK(e.id() == "jazzlstm.grammar.no_chords");
    }
}

TEST_CASE("unparse_grammar: the chord is the last one started, the first before any (§10.3)")
{
    // First chord at beat 2: with reference placement the first note (at 0.25) falls before
    // it, so the first chord's offset becomes 0; at beat 3 the second chord takes over.
    const std::vector<Chord> chords = { chord(24, { 62 }), chord(36, { 65 }) };
    std::mt19937_64 rng(3);
    const auto n = unparse_grammar(parse_tokens("C,0.250 C,2.500 C,0.500 C,0.250"), chords, rng);
    CHECK(n[0].midi == 62); // at 3 twelfths: before every chord → first chord
    CHECK(n[1].midi == 62); // at 33
    CHECK(n[2].midi == 65); // at 39
    CHECK(n[3].midi == 65);
}

TEST_CASE("prune_notes removes the second of an equal pair (§10.4 examples)")
{
    auto line = [](std::vector<int> pitches) {
        std::vector<MelodyElement> out;
        ticks12 t = 0;
        for (int p : pitches) {
            out.push_back(note(t, 6, p));
            t += 6;
        }
        return out;
    };
    // C C C C D → C(0) C(1.0) D
    const auto a = prune_notes(line({ 60, 60, 60, 60, 62 }));
    REQUIRE(a.size() == 3);
    CHECK(a[0].offset == 0);
    CHECK(a[1].offset == 12);
    CHECK(a[2].midi == 62);
    // C D D E E E F → only the 2nd E of the pair (E,E) is removed
    const auto b = prune_notes(line({ 60, 62, 62, 64, 64, 64, 65 }));
    REQUIRE(b.size() == 6);
    CHECK(b[3].midi == 64);
    CHECK(b[3].offset == 18);
    CHECK(b[4].midi == 64);
    CHECK(b[4].offset == 24); // the pair (E at 24, E at 30) loses the E at 30
    CHECK(b[5].midi == 65);
    // rests never pair up as equal notes
    CHECK(prune_notes({ rest(0, 3), rest(3, 3) }).size() == 2);
    CHECK(prune_notes({ note(0, 3, 60), rest(3, 3), note(6, 3, 60) }).size() == 3);
}

TEST_CASE("clean_up_notes: zero durations become 0.25, a note sharing an offset goes (§10.5)")
{
    const auto out = clean_up_notes({ note(0, 0, 60), note(0, 3, 62), rest(3, 0), note(3, 3, 64), note(6, 3, 65), rest(6, 3), note(9, 3, 67) });
    REQUIRE(out.size() == 5);
    CHECK(out[0].midi == 60);
    CHECK(out[0].duration == 3);
    CHECK(out[1].is_rest); // a rest followed by a note at the same offset loses the note
    CHECK(out[1].duration == 3);
    CHECK(out[2].midi == 65);
    CHECK(out[3].is_rest); // a rest after a note at the same offset stays
    CHECK(out[4].midi == 67);
    // offset order first (stable)
    const auto sorted = clean_up_notes({ note(6, 3, 65), note(0, 3, 60) });
    CHECK(sorted[0].midi == 60);
    CHECK(sorted[1].midi == 65);
}

TEST_CASE("generation pipeline over the reference vocabulary: tokens → notes → tokens stay well-formed")
{
    // The Coursera flow per chord group: "C,0.25" + tokens, retype, prune_grammar, unparse,
    // prune_notes, clean_up_notes; then the notes are read back by parse_measure.
    const std::vector<std::string> vocabulary = { "C,0.250,<m-2,d-6>", "S,0.333", "S,0.250,<d4,M-2>", "C,0.250,<M2,d-4>",
        "C,0.667,<d6,m2>", "S,0.333,<d7,m3>", "R,0.250", "S,0.500,<m7,M3>", "S,0.250,<m3,m-3>", "A,0.250,<m2,P-4>",
        "X,0.250,<d2,A-4>", "C,0.250,<P11,M7>", "A,0.333,<A4,d-2>", "C,0.250,<dd5,d1>", "R,0.083", "S,0.250" };
    const std::vector<std::vector<Chord>> groups = {
        { chord(0, { 63, 67, 60, 58, 44 }), chord(24, { 58, 65, 62, 57 }) },
        { chord(6, { 62, 58, 57, 65, 43 }), chord(24, { 43, 62, 58, 57, 65 }) },
        { chord(0, { 58, 57, 53, 62 }) },
    };
    auto run = [&](std::uint64_t seed) {
        std::mt19937_64 rng(seed);
        std::vector<std::vector<MelodyElement>> all;
        for (const auto& chords : groups) {
            std::vector<Token> tokens = { parse_token("C,0.25") };
            for (int i = 0; i < 50; ++i)
                tokens.push_back(parse_token(vocabulary[static_cast<std::size_t>(uniform_below(rng, vocabulary.size()))]));
            tokens = prune_grammar(retype_approach_and_other(tokens), rng);
            for (const auto& t : tokens)
                CHECK(is_canonical_token(format_token(t)));
            auto notes = clean_up_notes(prune_notes(unparse_grammar(tokens, chords, rng)));
            for (const auto& e : notes) {
                CHECK(e.duration > 0);
                CHECK((e.is_rest || (e.midi >= 0 && e.midi <= 127)));
            }
            for (std::size_t i = 1; i < notes.size(); ++i)
                CHECK(notes[i - 1].offset <= notes[i].offset);
            for (const auto& text : parse_measure(notes, chords))
                CHECK(is_canonical_token(text));
            all.push_back(std::move(notes));
        }
        return all;
    };
    for (std::uint64_t seed : { 1u, 2u, 3u }) {
        const auto first = run(seed);
        CHECK(first == run(seed)); // same seed, same solo
    }
    CHECK(run(1) != run(2));
}

TEST_CASE("exhaustive: every two-note measure over MIDI 36..96 gives canonical tokens")
{
    const std::vector<Chord> chords = { chord(0, { 60, 64, 67, 70 }) };
    std::size_t count = 0;
    for (int a = 36; a <= 96; ++a)
        for (int b = 36; b <= 96; ++b) {
            const auto tokens = parse_measure({ note(0, 3, a), note(3, 4, b) }, chords);
            REQUIRE(tokens.size() == 2);
            const Token t = parse_token(tokens[1], 1);
            REQUIRE(t.range);
            // UP − DOWN is always a minor sixth's worth: 4 steps, 6 semitones
            CHECK(t.range->first.staff - t.range->second.staff == 4);
            CHECK(t.range->first.semitones - t.range->second.semitones == 6);
            CHECK(t.range->first.semitones == b - a + 3);
            CHECK(format_token(t) == tokens[1]);
            ++count;
        }
    CHECK(count == 61 * 61);
}

TEST_CASE("random strings over the token alphabet: refused cleanly or round-tripped")
{
    const std::string alphabet = "CSAXR,.<>-0123456789PMmd #";
    std::mt19937_64 rng(77);
    std::size_t accepted = 0;
    for (int i = 0; i < 20000; ++i) {
        std::string text;
        // Half the cases start from a real token and mutate one character.
        if (i % 2 == 0) {
            text = "S,0.250,<m-2,d-6>";
            text[static_cast<std::size_t>(uniform_below(rng, text.size()))]
                = alphabet[static_cast<std::size_t>(uniform_below(rng, alphabet.size()))];
        } else {
            const auto length = uniform_below(rng, 20);
            for (std::uint64_t k = 0; k < length; ++k)
                text += alphabet[static_cast<std::size_t>(uniform_below(rng, alphabet.size()))];
        }
        try {
            const Token t = parse_token(text, 4);
            ++accepted;
            CHECK(parse_token(format_token(t)) == t);
        } catch (const parse_error& e) {
            CHECK(e.id() == "jazzlstm.grammar.bad_token");
            CHECK(e.context().position == std::size_t { 4 });
        }
    }
    CHECK(accepted > 100);
}

TEST_CASE("render_group is the notebook's per-group chain")
{
    const auto sampled = parse_tokens("X,0.250,<d2,A-4> S,0.333 R,0.083 A,0.250,<m2,P-4> C,0.250,<M2,d-4> C,0.250,<M2,d-4>");
    const std::vector<Chord> chords = { chord(0, { 58, 65, 62, 57 }) };
    for (std::uint64_t seed = 0; seed < 20; ++seed) {
        std::mt19937_64 a(seed), b(seed);
        std::vector<Token> manual = { parse_token("C,0.250") };
        manual.insert(manual.end(), sampled.begin(), sampled.end());
        const auto expected = clean_up_notes(prune_notes(unparse_grammar(prune_grammar(retype_approach_and_other(manual), a), chords, a)));
        CHECK(render_group(sampled, chords, b) == expected);
    }
    std::mt19937_64 rng(1);
    RenderOptions sequential;
    sequential.placement = Placement::sequential;
    const auto notes = render_group(sampled, chords, rng, sequential);
    REQUIRE_FALSE(notes.empty());
    CHECK(notes.front().offset == 0);
}

// The two generation loops of the jazzlstm program (examples/jazzlstm/improviser.hpp) as they
// were written before render_group had the options, kept here verbatim: the options must give
// the same elements and leave the generator in the same state, seed for seed.
namespace pinned {

    std::vector<MelodyElement> notebook_group(const std::vector<Token>& sampled, const std::vector<Chord>& chords,
        std::mt19937_64& rng, Music21Behaviour behaviour)
    {
        std::vector<Token> tokens;
        tokens.reserve(sampled.size() + 1);
        tokens.push_back(make_token('C', twelfths_per_quarter / 4));
        tokens.insert(tokens.end(), sampled.begin(), sampled.end());
        tokens = retype_approach_and_other(std::move(tokens));
        tokens = prune_grammar(tokens, rng);
        return clean_up_notes(prune_notes(unparse_grammar(tokens, chords, rng, Placement::reference, behaviour)));
    }

    std::vector<MelodyElement> continuous_group(const std::vector<Token>& sampled, const std::vector<Chord>& chords,
        std::mt19937_64& rng, Music21Behaviour behaviour, bool& prefixed)
    {
        constexpr ticks12 group_span = 4 * twelfths_per_quarter;
        std::vector<Token> line = sampled;
        for (auto& t : line)
            if (t.type == 'A' || t.type == 'X')
                t.type = 'C';
        prefixed = !(!line.front().is_rest() && !line.front().range);
        if (prefixed)
            line.insert(line.begin(), make_token('C', twelfths_per_quarter / 4));
        line = prune_grammar(line, rng);
        std::vector<MelodyElement> elements
            = clean_up_notes(prune_notes(unparse_grammar(line, chords, rng, Placement::sequential, behaviour)));
        std::vector<MelodyElement> kept;
        for (MelodyElement e : elements) {
            if (e.offset >= group_span)
                continue;
            e.duration = std::min(e.duration, group_span - e.offset);
            kept.push_back(e);
        }
        return kept;
    }

    /// A random token sequence such as a sampler draws: every type, durations from a twelfth to
    /// two quarters, intervals on about half the notes (the first token too, sometimes).
    std::vector<Token> random_tokens(std::mt19937_64& rng)
    {
        static const char* const intervals[] = { "m2", "P-4", "M2", "d-4", "A-4", "d2", "P1", "d-5", "M3", "m-3", "P5", "m-6" };
        static const ticks12 durations[] = { 1, 2, 3, 4, 6, 8, 9, 12, 16, 18, 24 };
        const std::size_t n = 1 + uniform_below(rng, 12);
        std::vector<Token> out;
        for (std::size_t i = 0; i < n; ++i) {
            const char type = "CSAXR"[uniform_below(rng, 5)];
            std::optional<std::pair<Interval, Interval>> range;
            if (type != 'R' && uniform_below(rng, 2) == 1)
                range = std::make_pair(*parse_interval(intervals[uniform_below(rng, 12)]), *parse_interval(intervals[uniform_below(rng, 12)]));
            out.push_back(make_token(type, durations[uniform_below(rng, 11)], range));
        }
        return out;
    }

} // namespace pinned

TEST_CASE("render_group's options reproduce both loops of the jazzlstm program, seed for seed")
{
    const std::vector<std::vector<Chord>> groups = {
        { chord(0, { 58, 65, 62, 57 }) },
        { chord(0, { 60, 64, 67, 70 }), chord(24, { 53, 57, 60, 63 }) },
        { chord(6, { 61, 65, 68 }), chord(30, { 63, 67, 60, 58, 44 }) }, // no chord at 0: the first chord's fallback
    };
    RenderOptions notebook;
    notebook.placement = Placement::reference;
    RenderOptions line;
    line.placement = Placement::sequential;
    line.prefix = ChordPrefix::when_needed;
    line.retype = Retype::all;
    line.clip_to = 4 * twelfths_per_quarter;
    std::mt19937_64 draw(11);
    std::size_t prefixed_groups = 0, clipped_groups = 0;
    for (std::uint64_t seed = 0; seed < 300; ++seed) {
        const std::vector<Token> sampled = pinned::random_tokens(draw);
        const auto& chords = groups[seed % groups.size()];
        for (const auto behaviour : { Music21Behaviour::music21_6, Music21Behaviour::music21_5 }) {
            CAPTURE(seed);
            CAPTURE(format_tokens(sampled));
            notebook.behaviour = behaviour;
            line.behaviour = behaviour;
            std::mt19937_64 a(seed), b(seed);
            CHECK(render_group(sampled, chords, b, notebook) == pinned::notebook_group(sampled, chords, a, behaviour));
            CHECK(a() == b());
            bool prefixed = false;
            std::mt19937_64 c(seed), d(seed);
            const auto expected = pinned::continuous_group(sampled, chords, c, behaviour, prefixed);
            CHECK(render_group(sampled, chords, d, line) == expected);
            CHECK(prepends_chord_token(sampled, line) == prefixed);
            CHECK(c() == d());
            prefixed_groups += prefixed ? 1 : 0;
            ticks12 sum = 0;
            for (const auto& t : sampled)
                sum += t.duration_x12();
            clipped_groups += sum > 4 * twelfths_per_quarter ? 1 : 0;
        }
    }
    // Both branches of the prefix rule, and groups long enough to be clipped, were exercised.
    CHECK(prefixed_groups > 50);
    CHECK(prefixed_groups < 550);
    CHECK(clipped_groups > 50);
    CHECK(prepends_chord_token({}, line) == false);
    CHECK(prepends_chord_token({}, notebook) == true);
}

} // namespace jazzlstm_test_grammar
