// The improviser (include/jazzlstm/improv/): training set, model file round trip, the
// chord groups, and the generation rules of docs/generation.md on the embedded default corpus.
#include <jazzlstm/improv.hpp>

#include "support.hpp"

#include <jazzlstm/music/midi.hpp>

#include <cstdint>
#include <set>

// Each test file has a namespace of its own: a folder is compiled as one unity build, and
// this keeps a file's helpers apart from its neighbours'.
namespace jazzlstm_test_improviser {

using namespace jazzlstm;

namespace {

const Corpus& default_corpus()
{
    static const Corpus corpus = load_corpus(test::source_dir() / "examples" / "data" / "default_corpus.mid");
    return corpus;
}

/// A model trained briefly on the default corpus (shared by the test cases: training is the slow part).
const TrainingRun& trained()
{
    static const TrainingRun run = [] {
        TrainOptions options;
        options.epochs = 20;
        options.batch_size = 32;
        options.seed = 7;
        return train_solo_model({ default_corpus() }, options);
    }();
    return run;
}

} // namespace

TEST_CASE("seed streams are distinct and stable")
{
    std::set<std::uint64_t> seen;
    for (std::uint64_t seed : { 0ull, 1ull, 2ull })
        for (SeedStream s : { SeedStream::weights, SeedStream::sampling, SeedStream::grammar, SeedStream::feel })
            seen.insert(derive_seed(seed, s));
    CHECK(seen.size() == 12);
    CHECK(derive_seed(5, SeedStream::grammar) == derive_seed(5, SeedStream::grammar));
}

TEST_CASE("training set: the notebook's windows over one corpus, the union over several")
{
    const Corpus& c = default_corpus();
    const TrainingSet one = make_training_set({ c });
    CHECK(one.vocabulary == c.vocabulary);
    CHECK(one.indices == c.indices());
    const TrainingData direct = make_training_data(c.indices(), static_cast<int>(c.vocabulary.size()), 60, 30, 0);
    CHECK(one.data.X == direct.X);
    CHECK(one.data.Y == direct.Y);

    // A second corpus from the same file with a window: its tokens are a subset, the join is the sum.
    CorpusOptions window;
    window.window_lo = 0;
    window.window_hi = 31.9;
    const Corpus part = build_corpus(midi::read_file(test::source_dir() / "examples" / "data" / "default_corpus.mid"), window);
    const TrainingSet two = make_training_set({ c, part });
    CHECK(two.vocabulary == c.vocabulary.merged_with(part.vocabulary));
    CHECK(two.indices.size() == c.tokens.size() + part.tokens.size());
    CHECK(two.vocabulary.token(two.indices[c.tokens.size()]) == part.tokens.front());
    CHECK_THROWS_AS(make_training_set({}), argument_error);
}

TEST_CASE("chord groups: bar-relative, inside [0, 4) quarters, one per measure")
{
    const Corpus& c = default_corpus();
    const auto& groups = chord_groups(c).groups;
    REQUIRE(groups.size() == c.measures.size());
    for (std::size_t g = 0; g < groups.size(); ++g) {
        REQUIRE_FALSE(groups[g].empty());
        for (std::size_t k = 0; k < groups[g].size(); ++k) {
            const Chord& r = groups[g][k];
            CHECK(r.offset >= 0);
            CHECK(r.offset + r.duration <= group_span);
            CHECK(r.pitches == c.measures[g].chords[k].pitches);
            if (!c.measures[g].chords_reused)
                CHECK(r.offset == c.measures[g].chords[k].offset - c.measures[g].bar * group_span);
        }
    }
}

TEST_CASE("model file round trip: same weights, same solo")
{
    const TrainingRun& t = trained();
    const ModelFile file = to_model_file(t.model);
    CHECK(file.hyper.training.seed == 7);
    CHECK(file.hyper.training.epochs == 20);
    CHECK(file.hyper.V == static_cast<int>(t.set.vocabulary.size()));
    const ModelFile back = parse_model_file(dump_model_file(file));
    const SoloModel loaded = solo_model_from_file(back);
    CHECK(loaded.vocabulary.strings() == t.model.vocabulary.strings());
    const KerasWeights<float> a = t.model.network->keras_weights(), b = loaded.network->keras_weights();
    CHECK(a.lstm_kernel == b.lstm_kernel);
    CHECK(a.lstm_recurrent_kernel == b.lstm_recurrent_kernel);
    CHECK(a.dense_kernel == b.dense_kernel);

    GenerationSettings settings;
    settings.seed = 11;
    const auto groups = chord_groups(default_corpus());
    const Solo x = improvise(t.model, groups, settings);
    const Solo y = improvise(loaded, groups, settings);
    CHECK(x.tokens == y.tokens);
    CHECK(x.melody == y.melody);

    // Through a file on disk: save_solo_model / load_solo_model give the same solo again.
    const auto path = test::tmp_dir() / "improv_round_trip.model.json";
    save_solo_model(path, t.model);
    CHECK(improvise(load_solo_model(path), groups, settings).melody == x.melody);

    // A vocabulary entry that is no grammar token is refused with the file named.
    ModelFile not_tokens = file;
    not_tokens.vocabulary.back() = "Q,0.250";
    try {
        (void)solo_model_from_file(not_tokens, "band.model.json");
        FAIL("no error");
    } catch (const parse_error& e) {
        CHECK(e.id() == "jazzlstm.grammar.bad_token");
        CHECK(e.context().file == "band.model.json");
        CHECK(e.context().position == file.vocabulary.size() - 1);
    }

    ModelFile wrong_units = file;
    wrong_units.hyper.n_a = 48; // not one of the built sizes (32, 64, 128, 256)
    CHECK_THROWS_WITH_AS(network_from_file(wrong_units), doctest::Contains("jazzlstm.improv.model_units"), shape_error);
    // A corpus whose vocabulary differs from the model's is refused with the model file's id.
    std::vector<std::string> other = file.vocabulary;
    other.pop_back();
    try {
        check_vocabulary(file, other);
        FAIL("no error");
    } catch (const shape_error& e) {
        CHECK(std::string(e.id()) == "jazzlstm.model.vocabulary_mismatch");
    }
}

TEST_CASE("continuous line: every group filled from its first note, every note inside its bar")
{
    const TrainingRun& t = trained();
    const Corpus& c = default_corpus();
    const auto groups = chord_groups(c);
    for (double temperature : { 0.0, 0.5, 1.0 }) {
        CAPTURE(temperature);
        GenerationSettings settings;
        settings.temperature = temperature;
        settings.seed = 3;
        const Solo solo = improvise(t.model, groups, settings);
        REQUIRE(solo.groups.size() == c.measures.size());
        std::size_t position = 0;
        for (std::size_t g = 0; g < solo.groups.size(); ++g) {
            const GroupReport& r = solo.groups[g];
            CHECK(r.group == static_cast<int>(g) + 1);
            CHECK_FALSE(r.prefixed);
            REQUIRE(r.tokens >= 1);
            // The first token opens the group: a note without interval part.
            const Token first = parse_token(solo.tokens[position]);
            CHECK_FALSE(first.is_rest());
            CHECK_FALSE(first.range.has_value());
            // Tokens stop once their durations reach 4 quarters (or at ty).
            ticks12 sum = 0, before_last = 0;
            for (std::size_t k = 0; k < r.tokens; ++k) {
                before_last = sum;
                sum += parse_token(solo.tokens[position + k]).duration_x12();
            }
            CHECK(before_last < group_span);
            CHECK((sum >= group_span || r.tokens == static_cast<std::size_t>(settings.ty)));
            position += r.tokens;
        }
        CHECK(position == solo.tokens.size());
        for (const auto& e : solo.melody) {
            const ticks12 g = e.offset / group_span;
            CHECK(e.duration > 0);
            CHECK(e.offset + e.duration <= (g + 1) * group_span);
            if (!e.is_rest) {
                CHECK(e.midi >= 0);
                CHECK(e.midi <= 127);
            }
        }
        // The chords of group g sit in [4g, 4g + 4).
        CHECK(solo.chords.size() == [&] { std::size_t n = 0; for (const auto& gr : groups.groups) n += gr.size(); return n; }());
        for (const auto& ch : solo.chords)
            CHECK(ch.offset + ch.duration <= (ch.offset / group_span + 1) * group_span);
        // Same seed, same solo; another seed (when sampling), another solo.
        const Solo again = improvise(t.model, groups, settings);
        CHECK(again.tokens == solo.tokens);
        CHECK(again.melody == solo.melody);
        if (temperature > 0) {
            settings.seed = 4;
            CHECK(improvise(t.model, groups, settings).tokens != solo.tokens);
        }
    }
}

TEST_CASE("chord groups: a source bar without melody becomes a rest group with the chords sounding in it")
{
    // Melody in bars 0 and 2; the chords change in bar 1 (G) and bar 2 (C).
    Corpus c;
    c.chord_group_count = 2;
    const auto chord_at = [](ticks12 offset, ticks12 duration, std::vector<int> pitches) {
        Chord ch;
        ch.offset = offset;
        ch.duration = duration;
        ch.pitches = std::move(pitches);
        return ch;
    };
    c.harmony = { chord_at(0, 48, { 48, 52, 55 }), chord_at(48, 48, { 43, 47, 50 }), chord_at(96, 48, { 48, 52, 55 }) };
    Measure first, third;
    first.index = 1;
    first.bar = 0;
    first.chords = { c.harmony[0] };
    third.index = 2;
    third.bar = 2;
    third.chords = { c.harmony[2] };
    c.measures = { first, third };
    const ChordGroups g = chord_groups(c);
    REQUIRE(g.groups.size() == 3);
    CHECK(g.rests == std::vector<bool> { false, true, false });
    CHECK(g.bar_numbers == std::vector<std::int64_t> { 1, 2, 3 });
    REQUIRE(g.groups[1].size() == 1);
    CHECK(g.groups[1][0].pitches == std::vector<int> { 43, 47, 50 });
    CHECK(g.groups[1][0].offset == 0);
    CHECK(g.groups[1][0].duration == group_span);
    CHECK(g.rest(1));
    CHECK_FALSE(g.rest(2));
    CHECK_FALSE(g.rest(7)); // past the end: not a rest

    // --choruses / --bars: the form repeated or cut, rests where they fall, bars counting on.
    const ChordGroups twice_and_a_bit = repeat_form(g, 7);
    REQUIRE(twice_and_a_bit.groups.size() == 7);
    CHECK(twice_and_a_bit.rests == std::vector<bool> { false, true, false, false, true, false, false });
    CHECK(twice_and_a_bit.bar_numbers == std::vector<std::int64_t> { 1, 2, 3, 4, 5, 6, 7 });
    CHECK(twice_and_a_bit.groups[4][0].pitches == std::vector<int> { 43, 47, 50 });
    CHECK(twice_and_a_bit.chord_group_count == 2);
    const ChordGroups cut = repeat_form(g, 2);
    CHECK(cut.groups.size() == 2);
    CHECK(cut.rests == std::vector<bool> { false, true });
    CHECK(repeat_form(ChordGroups {}, 5).groups.empty());
}

TEST_CASE("default mode in a style: rest groups rest, bars open with ties, pickups and rests, the line stays in the register")
{
    const TrainingRun& t = trained();
    const Corpus& c = default_corpus();
    ChordGroups groups = chord_groups(c);
    groups.rests.assign(groups.groups.size(), false);
    groups.rests[5] = groups.rests[6] = true;
    SourceStyle style = learn_style(metric_line(c));
    style.openings = { 0.25, 0.25, 0.25, 0.25 };
    GenerationSettings settings;
    settings.seed = 2;
    settings.style = style;
    settings.motif_recall = 0.0;
    const Solo solo = improvise(t.model, groups, settings);
    REQUIRE(solo.groups.size() == groups.groups.size());
    for (std::size_t g : { 5u, 6u }) {
        CHECK(solo.groups[g].tokens == 0);
        CHECK(solo.groups[g].notes == 0);
    }
    std::size_t crossing = 0, rest_openings = 0;
    std::set<ticks12> bar_starts_with_rest;
    for (const auto& e : solo.melody) {
        const ticks12 bar_end = (e.offset / group_span + 1) * group_span;
        if (!e.is_rest && e.offset + e.duration > bar_end)
            ++crossing; // a tie or a pickup
        if (e.is_rest && e.offset % group_span == 0 && e.duration < group_span)
            ++rest_openings;
        if (!e.is_rest) {
            // Nothing is drawn far outside the learned register.
            CHECK(e.midi >= style.lowest - 12);
            CHECK(e.midi <= style.highest + 5);
        }
        // The bars of rest hold no note.
        const ticks12 g = e.offset / group_span;
        if (g == 5 || g == 6)
            CHECK(e.is_rest);
    }
    CHECK(crossing >= 3);
    CHECK(rest_openings >= 3);
    // Same seed, same solo.
    CHECK(improvise(t.model, groups, settings).melody == solo.melody);
    // The notebook loop never sees the rest groups: the same solo as without them.
    GenerationSettings notebook;
    notebook.notebook = true;
    notebook.seed = 2;
    const Solo with_rests = improvise(t.model, groups, notebook);
    groups.rests.assign(groups.groups.size(), false);
    groups.groups.erase(groups.groups.begin() + 5, groups.groups.begin() + 7);
    const Solo without = improvise(t.model, groups, notebook);
    CHECK(with_rests.melody == without.melody);
    CHECK(with_rests.tokens == without.tokens);
}

TEST_CASE("notebook loop: int(len/3) - 1 groups, the same greedy tokens each time, groups 4 quarters apart")
{
    const TrainingRun& t = trained();
    const Corpus& c = default_corpus();
    GenerationSettings settings;
    settings.notebook = true;
    settings.temperature = 0;
    settings.ty = 50;
    const Solo solo = improvise(t.model, chord_groups(c), settings);
    const int expected = c.chord_group_count / 3 - 1;
    REQUIRE(static_cast<int>(solo.groups.size()) == expected);
    REQUIRE(solo.tokens.size() == static_cast<std::size_t>(50 * expected));
    for (int i = 1; i < expected; ++i)
        CHECK(std::equal(solo.tokens.begin(), solo.tokens.begin() + 50, solo.tokens.begin() + 50 * i));
    // The greedy tokens are the model's own predict_and_sample.
    const std::vector<int> g = t.model.network->generate_greedy(50);
    for (int k = 0; k < 50; ++k)
        CHECK(solo.tokens[static_cast<std::size_t>(k)] == t.set.vocabulary.token(g[static_cast<std::size_t>(k)]));
    // Reference placement puts the first note of group i at 4(i-1) + 0.25 or + 0.5 (C,0.25 pruned).
    std::size_t next = 0;
    for (int i = 1; i <= expected; ++i) {
        const GroupReport& r = solo.groups[static_cast<std::size_t>(i - 1)];
        CHECK(r.group == i);
        REQUIRE(r.elements >= 1);
        const MelodyElement& first = solo.melody[next];
        const ticks12 start = (i - 1) * group_span;
        CHECK((first.offset == start + 3 || first.offset == start + 6));
        next += r.elements;
    }
    CHECK(next == solo.melody.size());
}

} // namespace jazzlstm_test_improviser
