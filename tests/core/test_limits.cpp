// The documented caps (limits.hpp): each one is what the headers use, and input beyond it is a
// limit_error with its id, raised before the work it would cost. Also the regression of the first
// corpus fuzz finding: a token the grammar writes must be one the grammar reads.
#include <jazzlstm/music/corpus.hpp>
#include <jazzlstm/music/grammar.hpp>
#include <jazzlstm/nn/jazz_model.hpp>
#include <jazzlstm/core/limits.hpp>
#include <jazzlstm/music/midi.hpp>
#include <jazzlstm/nn/model_file.hpp>
#include <jazzlstm/core/vocabulary.hpp>

#include "support.hpp"

#include <nlohmann/json.hpp>

#include <memory>

#include <string>
#include <vector>

// Each test file has a namespace of its own: a folder is compiled as one unity build, and
// this keeps a file's helpers apart from its neighbours'.
namespace jazzlstm_test_limits {

using namespace jazzlstm;

namespace {


const std::vector<Chord> c7 = { { 0, 48, { 60, 64, 67, 70 } } };

} // namespace

// The headers' own names for the caps are the limits.hpp values, not copies that could drift.
static_assert(midi::max_file_bytes == limits::max_midi_bytes);
static_assert(midi::max_events == limits::max_midi_events);
static_assert(model_file_max_bytes == limits::max_model_bytes);
static_assert(model_max_units == limits::max_units);
static_assert(model_max_vocabulary == limits::max_vocabulary);
static_assert(max_token_quarters == limits::max_token_quarters);

TEST_CASE("parse_tokens stops at its token cap with the position of the first token over it")
{
    CHECK(parse_tokens("C,0.250 R,0.500 S,1.000", 3).size() == 3);
    try {
        parse_tokens("C,0.250 R,0.500 S,1.000 C,0.250", 3);
        FAIL("no exception");
    } catch (const limit_error& e) {
        CHECK(e.id() == "jazzlstm.grammar.too_many_tokens");
        CHECK(*e.context().position == 3);
    }
    // The check comes before the token is read: a bad 4th token still reports the cap.
    CHECK(test::error_id<limit_error>([] { parse_tokens("C,1 C,1 C,1 Q,1", 3); }) == "jazzlstm.grammar.too_many_tokens");
}

TEST_CASE("parse_measure: notes per measure capped, every written token reads back")
{
    std::vector<MelodyElement> many(limits::max_notes_per_measure + 1, MelodyElement { 0, 3, false, 60, 90 });
    CHECK(test::error_id<limit_error>([&] { parse_measure(many, c7); }) == "jazzlstm.grammar.too_many_notes");
    many.pop_back();
    CHECK(parse_measure(many, c7).size() == limits::max_notes_per_measure);

    // The longest duration a token may carry is written and read back; one twelfth more is refused
    // up front (before the fix parse_measure wrote "R,211366.500", which parse_token rejects).
    const ticks12 longest = static_cast<ticks12>(limits::max_token_quarters) * twelfths_per_quarter;
    const auto tokens = parse_measure({ { 0, longest, true, 0, 0 } }, c7);
    REQUIRE(tokens.size() == 1);
    CHECK(tokens[0] == "R,100000.000");
    CHECK(is_canonical_token(tokens[0]));
    try {
        parse_measure({ { 0, 12, false, 60, 90 }, { 12, longest + 1, true, 0, 0 } }, c7);
        FAIL("no exception");
    } catch (const limit_error& e) {
        CHECK(e.id() == "jazzlstm.grammar.too_long");
        CHECK(*e.context().position == 1);
    }
    CHECK(test::error_id<argument_error>([] { parse_measure({ { 0, -12, false, 60, 90 } }, c7); }) == "jazzlstm.grammar.bad_duration");
}

TEST_CASE("fuzz regression: a MIDI file with a 211,366-quarter rest is refused, not turned into an unreadable token")
{
    // tests/fuzz/corpus/corpus/regression_long_rest.bin: found by fuzz_corpus (behaviour byte + MIDI).
    const auto raw = test::read_bytes(test::source_dir() / "tests" / "fuzz" / "corpus" / "corpus" / "regression_long_rest.bin");
    REQUIRE(raw.size() > 1);
    const midi::File file = midi::parse(reinterpret_cast<const std::uint8_t*>(raw.data()) + 1, raw.size() - 1);
    CorpusOptions options;
    options.behaviour = (raw[0] & 1) ? Music21Behaviour::music21_5 : Music21Behaviour::music21_6;
    // Its channels named as melody and chords: the automatic choice refuses the file earlier (its
    // lead channel is an arpeggio pattern), and the grammar's limit is what is tested here.
    options.melody = "1";
    options.chords = { "2" };
    CHECK(test::error_id<limit_error>([&] { build_corpus(file, options); }) == "jazzlstm.grammar.too_long");
    options.melody.clear();
    options.chords.clear();
    CHECK(test::error_id<argument_error>([&] { build_corpus(file, options); }) == "jazzlstm.corpus.no_melody");
}

TEST_CASE("Vocabulary refuses more distinct tokens than the cap")
{
    std::vector<std::string> tokens;
    tokens.reserve(static_cast<std::size_t>(limits::max_vocabulary) + 1);
    for (int k = 0; k <= limits::max_vocabulary; ++k)
        tokens.push_back(std::to_string(k));
#ifndef JAZZLSTM_SANITIZE // a second million-string sort; ASan makes it seconds
    std::vector<std::string> at_cap(tokens.begin(), tokens.end() - 1);
    CHECK(Vocabulary(std::move(at_cap)).size() == static_cast<std::size_t>(limits::max_vocabulary));
#endif
    CHECK(test::error_id<limit_error>([&] { Vocabulary v(tokens); }) == "jazzlstm.vocabulary.too_large");
    // Repeats do not count: the cap is on distinct tokens.
    CHECK(Vocabulary(std::vector<std::string>(3 * static_cast<std::size_t>(limits::max_vocabulary), "C,0.250")).size() == 1);
}

TEST_CASE("model files: Tx and Ty are capped at max_timesteps")
{
    ModelFile model;
    model.hyper.Tx = 4;
    model.hyper.n_a = 1;
    model.hyper.V = 1;
    model.hyper.Ty = 6;
    model.vocabulary = { "R,1.000" };
    model.weights.lstm_kernel = Eigen::MatrixXd::Zero(1, 4);
    model.weights.lstm_recurrent_kernel = Eigen::MatrixXd::Zero(1, 4);
    model.weights.lstm_bias = Eigen::VectorXd::Zero(4);
    model.weights.dense_kernel = Eigen::MatrixXd::Zero(1, 1);
    model.weights.dense_bias = Eigen::VectorXd::Zero(1);
    auto doc = nlohmann::json::parse(dump_model_file(model));
    for (const char* field : { "Tx", "Ty" }) {
        auto edited = doc;
        edited["hyper"][field] = limits::max_timesteps;
        CHECK(parse_model_file(edited.dump()).hyper.V == 1);
        edited["hyper"][field] = limits::max_timesteps + 1;
        CHECK(test::error_id<parse_error>([&] { parse_model_file(edited.dump()); }) == "jazzlstm.model.bad_value");
    }
}

TEST_CASE("JazzModel: value count and epochs are capped before anything sized by them is allocated")
{
    using Model = JazzModel<float, 3, 4>;
    CHECK(test::error_id<limit_error>([] { Model model(limits::max_vocabulary + 1); }) == "jazzlstm.model.too_many_values");
    CHECK(test::error_id<argument_error>([] { Model model(0); }) == "jazzlstm.model.values");
    auto model = std::make_unique<Model>(5, 1);
    const IndexSequences empty;
    // The cap comes first: no batch is even looked at, and no history of 2^24+1 entries reserved.
    CHECK(test::error_id<limit_error>([&] { model->fit(empty, empty, limits::max_epochs + 1); }) == "jazzlstm.model.too_many_epochs");
    CHECK(test::error_id<argument_error>([&] { model->fit(empty, empty, -1); }) == "jazzlstm.model.epochs");
}

} // namespace jazzlstm_test_limits
