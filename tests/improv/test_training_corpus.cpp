// Training on a real corpus (improv/training_set.hpp, training.hpp): windows drawn over every
// file and never across two, in proportion to the corpus; short files read as loops; the
// validation split; mini-batches shuffled per epoch from the seed; early stopping that keeps
// the best model; continuing a saved model exactly; the built model sizes.
#include <jazzlstm/improv.hpp>

#include "support.hpp"

#include <jazzlstm/music/midi.hpp>

#include <algorithm>
#include <cmath>
#include <set>
#include <vector>

// Each test file has a namespace of its own: a folder is compiled as one unity build, and
// this keeps a file's helpers apart from its neighbours'.
namespace jazzlstm_test_training_corpus {

using namespace jazzlstm;

namespace {

const midi::File& default_file()
{
    static const midi::File file = midi::read_file(test::source_dir() / "examples" / "data" / "default_corpus.mid");
    return file;
}

/// The embedded default corpus cut into pieces by quarter-note windows: several "files" of
/// real tokens with one shared grammar.
std::vector<Corpus> pieces(const std::vector<std::pair<double, double>>& windows)
{
    std::vector<Corpus> out;
    for (const auto& [lo, hi] : windows) {
        CorpusOptions options;
        options.window_lo = lo;
        options.window_hi = hi;
        out.push_back(build_corpus(default_file(), options));
    }
    return out;
}

/// The corpus in which start index `s` of the concatenated indices falls.
std::size_t corpus_of(const TrainingSet& set, std::int64_t s)
{
    return static_cast<std::size_t>(std::upper_bound(set.corpus_starts.begin(), set.corpus_starts.end(), static_cast<std::size_t>(s))
        - set.corpus_starts.begin() - 1);
}

bool same(const KerasWeights<float>& a, const KerasWeights<float>& b)
{
    return a.lstm_kernel == b.lstm_kernel && a.lstm_recurrent_kernel == b.lstm_recurrent_kernel && a.lstm_bias == b.lstm_bias
        && a.dense_kernel == b.dense_kernel && a.dense_bias == b.dense_bias;
}

} // namespace

TEST_CASE("windows are drawn over every file, never across two, as many as the corpus needs")
{
    const auto corpora = pieces({ { 0, 63.9 }, { 64, 119.9 }, { 120, 174 } });
    const TrainingSet set = make_training_set(corpora);
    std::size_t tokens = 0;
    for (const auto& c : corpora)
        tokens += c.tokens.size();
    REQUIRE(set.corpus_starts.size() == 3);
    CHECK(set.windows() == std::max<int>(60, static_cast<int>((tokens - 0 + 9) / 10)));
    CHECK_FALSE(set.notebook_windows);
    std::set<std::size_t> used;
    const int Tx = SoloNetwork::time_steps;
    for (int j = 0; j < set.windows(); ++j) {
        const std::int64_t s = set.data.start_indices[static_cast<std::size_t>(j)];
        const std::size_t k = corpus_of(set, s);
        used.insert(k);
        const std::size_t end = set.corpus_starts[k] + corpora[k].tokens.size();
        CHECK(static_cast<std::size_t>(s) + static_cast<std::size_t>(Tx) < end + 1); // the window stays in its file
        CHECK(set.data.X(0, j) == no_token);
        for (int t = 1; t < Tx; ++t) {
            CHECK(set.data.X(t, j) == set.indices[static_cast<std::size_t>(s + t)]);
            CHECK(set.data.Y(t - 1, j) == set.data.X(t, j));
        }
    }
    CHECK(used.size() == 3);

    // --windows: as many as asked; one corpus alone gets the notebook's exact windows.
    TrainingSetOptions options;
    options.windows = 500;
    CHECK(make_training_set(corpora, options).windows() == 500);
    const Corpus whole = build_corpus(default_file());
    const TrainingSet one = make_training_set({ whole });
    CHECK(one.notebook_windows);
    const TrainingData notebook = make_training_data(whole.indices(), static_cast<int>(whole.vocabulary.size()), 60, 30, 0);
    CHECK(one.data.X == notebook.X);
    CHECK(one.data.Y == notebook.Y);
    options.windows = 0;
    CHECK(test::error_id([&] { (void)make_training_set(corpora, options); }) == "jazzlstm.improv.windows");
    options.windows = max_training_windows + 1;
    CHECK(test::error_id([&] { (void)make_training_set(corpora, options); }) == "jazzlstm.improv.too_many_windows");
}

TEST_CASE("a corpus shorter than a window is read as a loop")
{
    const auto corpora = pieces({ { 0, 3.9 } });
    const std::size_t n = corpora.front().tokens.size();
    REQUIRE(n < 31);
    const TrainingSet set = make_training_set(corpora);
    CHECK(set.looped == 1);
    CHECK(set.windows() == 60);
    for (int j = 0; j < set.windows(); ++j) {
        const auto s = static_cast<std::size_t>(set.data.start_indices[static_cast<std::size_t>(j)]);
        CHECK(s < n);
        for (int t = 1; t < 30; ++t)
            CHECK(set.data.X(t, j) == set.indices[(s + static_cast<std::size_t>(t)) % n]);
    }
    // It trains (the notebook's data_processing would have refused it).
    TrainOptions options;
    options.epochs = 2;
    CHECK(train_solo_model(corpora, options).history.size() == 2);
}

TEST_CASE("validation holds out the end of every file long enough to spare a window")
{
    const auto corpora = pieces({ { 0, 87.9 }, { 88, 174 }, { 0, 3.9 } });
    TrainingSetOptions options;
    options.validation = 0.2;
    const TrainingSet set = make_training_set(corpora, options);
    REQUIRE(set.validation_windows() > 0);
    CHECK(set.validation_windows() == static_cast<int>(std::lround(set.windows() * 0.2 / 0.8)));
    CHECK(set.held_out_tokens > 0);
    // Each file longer than two windows ends in a held-out stretch of max(20%, 31) tokens.
    std::vector<std::size_t> cut(corpora.size());
    for (std::size_t k = 0; k < corpora.size(); ++k) {
        const std::size_t n = corpora[k].tokens.size();
        const std::size_t hold = n >= 62 ? std::min(n - 31, std::max<std::size_t>(31, static_cast<std::size_t>(std::ceil(n * 0.2)))) : 0;
        cut[k] = set.corpus_starts[k] + n - hold;
    }
    for (int j = 0; j < set.windows(); ++j) {
        const std::int64_t s = set.data.start_indices[static_cast<std::size_t>(j)];
        const std::size_t k = corpus_of(set, s);
        if (corpora[k].tokens.size() >= 31)
            CHECK(static_cast<std::size_t>(s) + 30 <= cut[k]);
    }
    for (int j = 0; j < set.validation_windows(); ++j) {
        const std::int64_t s = set.validation.start_indices[static_cast<std::size_t>(j)];
        CHECK(static_cast<std::size_t>(s) >= cut[corpus_of(set, s)]);
    }
    // Nothing to hold out from a corpus shorter than two windows; a share above 0.5 is refused.
    CHECK(test::error_id([&] { (void)make_training_set(pieces({ { 0, 3.9 } }), options); }) == "jazzlstm.improv.validation");
    options.validation = 0.6;
    CHECK(test::error_id([&] { (void)make_training_set(corpora, options); }) == "jazzlstm.improv.validation");

    // The validation loss of every epoch is in the history; it is the model's loss on those windows.
    TrainOptions train;
    train.epochs = 3;
    train.windows.validation = 0.2;
    const TrainingRun run = train_solo_model(corpora, train);
    REQUIRE(run.history.size() == 3);
    for (const auto& r : run.history)
        CHECK((r.validation_loss && *r.validation_loss > 0));
    const EpochStats again = run.model.network->evaluate(run.set.validation.X, run.set.validation.Y);
    CHECK(again.loss == *run.history.back().validation_loss);
}

TEST_CASE("mini-batches come in a new order every epoch, drawn from the seed; a full batch is not reordered")
{
    const auto a = epoch_order(7, 0, 60), b = epoch_order(7, 1, 60), c = epoch_order(8, 0, 60);
    std::vector<Eigen::Index> sorted = a;
    std::sort(sorted.begin(), sorted.end());
    for (Eigen::Index k = 0; k < 60; ++k)
        CHECK(sorted[static_cast<std::size_t>(k)] == k);
    CHECK(a == epoch_order(7, 0, 60));
    CHECK(a != b);
    CHECK(a != c);

    // Unshuffled batches of 32 are JazzModel::fit's own consecutive batches, step for step.
    const auto corpora = pieces({ { 0, 174 } });
    TrainOptions options;
    options.epochs = 4;
    options.batch_size = 32;
    options.shuffle = false;
    const TrainingRun plain = train_solo_model(corpora, options);
    auto direct = std::make_unique<ImprovModel>(static_cast<int>(plain.set.vocabulary.size()), derive_seed(options.seed, SeedStream::weights));
    const auto history = direct->fit(plain.set.data.X, plain.set.data.Y, 4, FitOptions { 32 });
    CHECK(same(plain.model.network->keras_weights(), direct->keras_weights()));
    CHECK(history.back().loss == plain.history.back().loss);
    // Shuffled, the same windows give another (seed-fixed) model.
    options.shuffle = true;
    const TrainingRun shuffled = train_solo_model(corpora, options);
    CHECK_FALSE(same(shuffled.model.network->keras_weights(), plain.model.network->keras_weights()));
    CHECK(same(shuffled.model.network->keras_weights(), train_solo_model(corpora, options).model.network->keras_weights()));
    // A full batch is one step whatever the order: shuffling changes nothing.
    options.batch_size = 0;
    const TrainingRun full = train_solo_model(corpora, options);
    options.shuffle = false;
    CHECK(same(full.model.network->keras_weights(), train_solo_model(corpora, options).model.network->keras_weights()));
}

TEST_CASE("continuing a saved model: 50 + 50 epochs are 100 epochs, bit for bit")
{
    const auto corpora = pieces({ { 0, 87.9 }, { 88, 174 } });
    TrainOptions options;
    options.batch_size = 32; // shuffled mini-batches: the hardest case to resume
    options.epochs = 100;
    const TrainingRun straight = train_solo_model(corpora, options);

    options.epochs = 50;
    const TrainingRun first = train_solo_model(corpora, options);
    // Through the model file's text, as train --model reads it.
    const ModelFile saved = parse_model_file(dump_model_file(to_model_file(first.model)), "half.model.json");
    REQUIRE(saved.optimizer_state);
    CHECK(saved.optimizer_state->iterations == 50 * 2); // 60 windows: steps of 32 and 28 windows
    options.start = saved;
    options.seed = 99; // ignored when continuing: the model keeps its own seed
    const TrainingRun second = train_solo_model(corpora, options);

    CHECK(second.model.info.epochs == 100);
    CHECK(same(second.model.network->keras_weights(), straight.model.network->keras_weights()));
    const AdamMoments<float> x = second.model.network->adam_state(), y = straight.model.network->adam_state();
    CHECK(x.iterations == y.iterations);
    CHECK(same(x.m, y.m));
    CHECK(same(x.v, y.v));
    REQUIRE(second.history.size() == 50);
    for (std::size_t e = 0; e < 50; ++e)
        CHECK(second.history[e].loss == straight.history[50 + e].loss);

    // A file without the optimizer state (another program's, an earlier version's) starts a fresh Adam.
    ModelFile bare = saved;
    bare.optimizer_state.reset();
    options.start = bare;
    options.epochs = 1;
    const TrainingRun fresh = train_solo_model(corpora, options);
    CHECK(fresh.model.network->adam_state().iterations == 2);
}

TEST_CASE("early stopping keeps the model of the best epoch")
{
    const auto corpora = pieces({ { 0, 174 } });
    TrainOptions options;
    options.epochs = 60;
    options.windows.validation = 0.3;
    options.windows.windows = 120;
    options.patience = 3;
    const TrainingRun run = train_solo_model(corpora, options);
    REQUIRE(run.best_epoch >= 1);
    const double best = *run.history[static_cast<std::size_t>(run.best_epoch) - 1].validation_loss;
    for (const auto& r : run.history)
        CHECK(*r.validation_loss >= best);
    if (run.stopped_early) {
        CHECK(static_cast<int>(run.history.size()) == run.best_epoch + 3);
        MESSAGE("stopped after " << run.history.size() << " epochs, kept epoch " << run.best_epoch);
    }
    // The model kept is the best epoch's: its validation loss is the best one, its Adam state that epoch's.
    CHECK(run.model.network->evaluate(run.set.validation.X, run.set.validation.Y).loss == best);
    CHECK(run.model.info.epochs == run.best_epoch);
    CHECK(run.model.info.final_loss == run.history[static_cast<std::size_t>(run.best_epoch) - 1].loss);
}

TEST_CASE("model sizes: 32, 64, 128 and 256 units, chosen at run time, saved and read back")
{
    const auto corpora = pieces({ { 0, 174 } });
    const int V = static_cast<int>(make_training_set(corpora).vocabulary.size());
    for (const int units : solo_network_units) {
        TrainOptions options;
        options.epochs = 1;
        options.units = units;
        const TrainingRun run = train_solo_model(corpora, options);
        CHECK(run.model.network->units() == units);
        // Keras's count: LSTM 4·n_a·(V + n_a + 1), Dense (n_a + 1)·V.
        CHECK(run.model.network->param_count() == 4L * units * (V + units + 1) + (units + 1L) * V);
        const ModelFile file = parse_model_file(dump_model_file(to_model_file(run.model)));
        CHECK(file.hyper.n_a == units);
        const SoloModel back = solo_model_from_file(file);
        CHECK(back.network->units() == units);
        CHECK(same(back.network->keras_weights(), run.model.network->keras_weights()));
        CHECK(back.network->generate_greedy(20) == run.model.network->generate_greedy(20));
    }
    CHECK(test::error_id([&] { (void)new_model(V, 1, 100); }) == "jazzlstm.improv.model_units");
}

} // namespace jazzlstm_test_training_corpus
