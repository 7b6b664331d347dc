// The preset on the real file against metheny_reference.json (grammar-spec §12), both behaviours.
#include <jazzlstm/music/corpus.hpp>

#include "support.hpp"

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

// Each test file has a namespace of its own: a folder is compiled as one unity build, and
// this keeps a file's helpers apart from its neighbours'.
namespace jazzlstm_test_reference_conformance {

using jazzlstm::Music21Behaviour;

namespace {


const jazzlstm::midi::Score& metheny_score()
{
    static const jazzlstm::midi::Score score = jazzlstm::midi::to_score(jazzlstm::midi::read_file(jazzlstm::test::metheny_midi()));
    return score;
}

// Stands in for the grammar when only elements and chords are compared.
std::vector<std::string> one_token_per_element(const std::vector<jazzlstm::MelodyElement>& elements, const std::vector<jazzlstm::Chord>&)
{
    return std::vector<std::string>(elements.size(), "x");
}

/// Mismatch counter that remembers the first difference for the failure message.
struct Mismatches {
    std::size_t count = 0;
    std::string first;
    void add(const std::string& what)
    {
        if (count++ == 0)
            first = what;
    }
};

void compare_elements_and_chords(Music21Behaviour behaviour, const char* variant)
{
    const auto reference = jazzlstm::test::load_reference()["variants"][variant];
    const auto corpus = jazzlstm::build_corpus(metheny_score(), jazzlstm::metheny_preset(behaviour), one_token_per_element);

    CHECK(corpus.measure_count == reference["num_measures"].get<int>());
    CHECK(corpus.chord_group_count == reference["num_chord_groups"].get<int>());
    REQUIRE(corpus.measures.size() + 1 == reference["measures"].size());

    Mismatches elements, chords;
    std::size_t element_total = 0, chord_total = 0;
    for (std::size_t k = 1; k < reference["measures"].size(); ++k) {
        const auto& ref = reference["measures"][k];
        const auto& got = corpus.measures[k - 1];
        CHECK(got.index == static_cast<int>(k));
        CHECK(got.bar == ref["bar"].get<int>());
        const auto& ref_elements = ref["elements"];
        if (ref_elements.size() != got.elements.size())
            elements.add("measure " + std::to_string(k) + ": " + std::to_string(got.elements.size()) + " elements, reference "
                + std::to_string(ref_elements.size()));
        for (std::size_t i = 0; i < std::min(ref_elements.size(), got.elements.size()); ++i) {
            ++element_total;
            const auto& r = ref_elements[i];
            const auto& e = got.elements[i];
            const bool rest = r["kind"] == "rest";
            if (e.offset != r["offset_x12"].get<long>() || e.duration != r["quarterLength_x12"].get<long>() || e.is_rest != rest
                || (!rest && e.midi != r["midi"].get<int>())) {
                std::ostringstream out;
                out << "measure " << k << " element " << i << ": got offset12 " << e.offset << " dur12 " << e.duration
                    << (e.is_rest ? " rest" : " midi " + std::to_string(e.midi)) << ", reference " << r.dump();
                elements.add(out.str());
            }
        }
        const auto& ref_chords = reference["chord_groups"][k]["chords"];
        CHECK(reference["chord_groups"][k]["bar"].get<int>() == got.bar);
        CHECK_FALSE(got.chords_reused);
        if (ref_chords.size() != got.chords.size())
            chords.add("group " + std::to_string(k) + ": " + std::to_string(got.chords.size()) + " chords, reference " + std::to_string(ref_chords.size()));
        for (std::size_t i = 0; i < std::min(ref_chords.size(), got.chords.size()); ++i) {
            ++chord_total;
            const auto& r = ref_chords[i];
            const auto& c = got.chords[i];
            if (c.offset != r["offset_x12"].get<long>() || c.pitches != r["midi"].get<std::vector<int>>())
                chords.add("group " + std::to_string(k) + " chord " + std::to_string(i) + ": reference " + r.dump());
        }
    }
    MESSAGE(std::string(variant) << ": " << element_total << " elements compared, " << elements.count << " mismatches; " << chord_total
                    << " chords compared, " << chords.count << " mismatches");
    CHECK_MESSAGE(elements.count == 0, elements.first);
    CHECK_MESSAGE(chords.count == 0, chords.first);
    CHECK(chord_total == 51); // grammar-spec §3: 51 chords in groups 1…18
}

} // namespace

TEST_CASE("metheny preset reproduces every melody element and chord (music21 6)")
{
    if (!jazzlstm::test::have_file(jazzlstm::test::metheny_midi()) || !jazzlstm::test::have_file(jazzlstm::test::metheny_reference()))
        return;
    compare_elements_and_chords(Music21Behaviour::music21_6, "music21_6");
}

TEST_CASE("metheny preset reproduces every melody element and chord (music21 5)")
{
    if (!jazzlstm::test::have_file(jazzlstm::test::metheny_midi()) || !jazzlstm::test::have_file(jazzlstm::test::metheny_reference()))
        return;
    compare_elements_and_chords(Music21Behaviour::music21_5, "music21_5");
}

TEST_CASE("music21 import of the real file: voice counts of grammar-spec §2.5")
{
    if (!jazzlstm::test::have_file(jazzlstm::test::metheny_midi()))
        return;
    const auto& score = metheny_score();
    REQUIRE(score.ticks_per_quarter == 96);
    // track → voices music21 makes (1 = none required)
    const std::vector<std::pair<int, std::size_t>> expected { { 6, 5 }, { 7, 1 }, { 8, 4 }, { 9, 4 }, { 10, 1 }, { 11, 2 }, { 12, 4 }, { 13, 2 },
        { 14, 2 }, { 15, 3 } };
    for (const auto behaviour : { Music21Behaviour::music21_5, Music21Behaviour::music21_6 }) {
        for (const auto& entry : expected) {
            const int track = entry.first;
            const std::size_t voices = entry.second;
            const auto part = jazzlstm::import_track(score.tracks[static_cast<std::size_t>(track)], score.ticks_per_quarter, behaviour, track);
            CHECK_MESSAGE(part.voices.size() == voices, "track " << track << " " << jazzlstm::behaviour_name(behaviour));
            CHECK(part.voices_required == (voices > 1));
        }
        // §2.6: of the 193 guitar notes in the window, 21 (M6) / 19 (M5) sit in voice 1.
        const auto guitar = jazzlstm::import_track(score.tracks[11], 96, behaviour, 11);
        std::size_t in_window[2] = { 0, 0 };
        for (std::size_t v = 0; v < 2; ++v)
            for (const auto& e : guitar.voices[v])
                if (!e.is_rest() && e.offset >= 476 * 12 && e.offset <= 548 * 12)
                    ++in_window[v];
        CHECK(in_window[0] + in_window[1] == 193);
        CHECK(in_window[1] == (behaviour == Music21Behaviour::music21_6 ? 21u : 19u));
    }
}

namespace {

void compare_tokens(Music21Behaviour behaviour, const char* variant, std::size_t vocabulary_size, std::size_t corpus_length)
{
    const auto reference = jazzlstm::test::load_reference()["variants"][variant];
    const auto corpus = jazzlstm::build_corpus(metheny_score(), jazzlstm::metheny_preset(behaviour));

    CHECK(corpus.measure_count == 19);
    CHECK(corpus.chord_group_count == 19);
    REQUIRE(corpus.measures.size() == 18);
    for (const auto& note : corpus.notes)
        CHECK_MESSAGE(note.rfind("deepjazz would stop", 0) != 0, note);
    CHECK(corpus.parts.melody == 11);
    CHECK(corpus.parts.chords == std::vector<int> { 6 });
    CHECK(corpus.parts.window_lo == 476 * 12);
    CHECK(corpus.parts.window_hi == 548 * 12);
    Mismatches tokens;
    std::size_t compared = 0;
    for (std::size_t k = 1; k < reference["measures"].size(); ++k) {
        const auto& ref_elements = reference["measures"][k]["elements"];
        const auto& got = corpus.measures[k - 1].tokens;
        if (got.size() != ref_elements.size())
            tokens.add("measure " + std::to_string(k) + ": " + std::to_string(got.size()) + " tokens, reference " + std::to_string(ref_elements.size()));
        for (std::size_t i = 0; i < std::min(got.size(), ref_elements.size()); ++i) {
            ++compared;
            if (got[i] != ref_elements[i]["token"].get<std::string>())
                tokens.add("measure " + std::to_string(k) + " token " + std::to_string(i) + ": got '" + got[i] + "', reference '"
                    + ref_elements[i]["token"].get<std::string>() + "'");
        }
        // The grammar string of the measure is the same tokens joined with spaces.
        std::string joined;
        for (const auto& t : got)
            joined += (joined.empty() ? "" : " ") + t;
        CHECK(joined == reference["grammar_per_measure"][k - 1]["grammar"].get<std::string>());
    }
    const auto ref_corpus = reference["corpus"].get<std::vector<std::string>>();
    std::size_t corpus_mismatches = ref_corpus.size() == corpus.tokens.size() ? 0 : 1;
    for (std::size_t i = 0; i < std::min(ref_corpus.size(), corpus.tokens.size()); ++i)
        corpus_mismatches += ref_corpus[i] != corpus.tokens[i];
    MESSAGE(std::string(variant) << ": " << corpus.measures.size() + 1 << " measures, " << corpus.chord_group_count << " chord groups, corpus "
                                 << corpus.tokens.size() << " tokens (" << compared << " compared per measure, " << tokens.count
                                 << " differ), vocabulary " << corpus.vocabulary.size());
    CHECK_MESSAGE(tokens.count == 0, tokens.first);
    CHECK(corpus_mismatches == 0);
    CHECK(corpus.tokens.size() == corpus_length);
    CHECK(reference["corpus_length"].get<std::size_t>() == corpus_length);
    CHECK(corpus.vocabulary.size() == vocabulary_size);
    CHECK(corpus.vocabulary.tokens() == reference["vocabulary"].get<std::vector<std::string>>());
    // Indices round-trip through the sorted vocabulary.
    CHECK(corpus.vocabulary.decode(corpus.indices()) == corpus.tokens);
}

} // namespace

TEST_CASE("metheny preset reproduces every token, the corpus and the sorted vocabulary (music21 6: 275 / 90)")
{
    if (!jazzlstm::test::have_file(jazzlstm::test::metheny_midi()) || !jazzlstm::test::have_file(jazzlstm::test::metheny_reference()))
        return;
    compare_tokens(Music21Behaviour::music21_6, "music21_6", 90, 275);
}

TEST_CASE("metheny preset reproduces every token, the corpus and the sorted vocabulary (music21 5: 193 / 78)")
{
    if (!jazzlstm::test::have_file(jazzlstm::test::metheny_midi()) || !jazzlstm::test::have_file(jazzlstm::test::metheny_reference()))
        return;
    compare_tokens(Music21Behaviour::music21_5, "music21_5", 78, 193);
}

TEST_CASE("M6 vocabulary is M5's plus the 12 rest tokens; removing rests from M6 gives M5 (grammar-spec §0)")
{
    if (!jazzlstm::test::have_file(jazzlstm::test::metheny_midi()))
        return;
    const auto m6 = jazzlstm::build_corpus(metheny_score(), jazzlstm::metheny_preset(Music21Behaviour::music21_6));
    const auto m5 = jazzlstm::build_corpus(metheny_score(), jazzlstm::metheny_preset(Music21Behaviour::music21_5));
    std::vector<std::string> without_rests;
    for (const auto& t : m6.tokens)
        if (t[0] != 'R')
            without_rests.push_back(t);
    CHECK(without_rests == m5.tokens);
    CHECK(m5.vocabulary.merged_with(jazzlstm::Vocabulary({ "R,0.083", "R,0.167", "R,0.250", "R,0.333", "R,0.417", "R,0.583", "R,0.750", "R,0.833",
                  "R,1.083", "R,1.250", "R,1.500", "R,71.000" }))
        == m6.vocabulary);
    // load_corpus is the same pipeline from a path.
    CHECK(jazzlstm::load_corpus(jazzlstm::test::metheny_midi(), jazzlstm::metheny_preset()).tokens == m6.tokens);
}

} // namespace jazzlstm_test_reference_conformance
