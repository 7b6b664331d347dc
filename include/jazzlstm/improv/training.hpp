// Training a solo model on one or more corpora, from scratch or continuing a saved model:
// mini-batches in a new seeded order every epoch (as Keras shuffles them), a validation loss per
// epoch, and early stopping that keeps the best model.
#pragma once

#include <jazzlstm/core/error.hpp>
#include <jazzlstm/core/random.hpp>
#include <jazzlstm/improv/network.hpp>
#include <jazzlstm/improv/seeds.hpp>
#include <jazzlstm/improv/solo_model.hpp>
#include <jazzlstm/improv/training_history.hpp>
#include <jazzlstm/improv/training_set.hpp>
#include <jazzlstm/music/corpus.hpp>
#include <jazzlstm/nn/model_file.hpp>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <optional>
#include <random>
#include <string>
#include <utility>
#include <vector>

namespace jazzlstm {

/// A batch size of 0 means one Adam step over all windows, up to this many; a larger set is taken
/// `large_batch` windows a step, since one step over all of them would need memory in proportion
/// (the step buffers hold V × Tx floats per window).
constexpr int full_batch_limit = 1024;
constexpr int large_batch = 256;

/// How to train.
struct TrainOptions {
    int epochs = 100;
    /// Windows per Adam step: 0 = all of them in one step (full batch; see full_batch_limit);
    /// 32 = Keras's default, as the notebook ran.
    int batch_size = 0;
    /// Mini-batches in a new order every epoch, drawn from the model's seed (Keras's shuffle=True).
    /// A full batch is one step whatever the order, so it is never shuffled.
    bool shuffle = true;
    std::uint64_t seed = default_seed;  ///< the weight stream's seed (recorded in the model file)
    /// A model to continue. Its vocabulary must be the corpora's, token for token; its Adam state,
    /// when the file keeps it, and its seed carry on, so training resumes exactly.
    std::optional<ModelFile> start;
    TrainingSetOptions windows;         ///< how many windows, and the validation split
    /// Stop after this many epochs without a lower loss (the validation loss when there is one)
    /// and keep the model of the best epoch; 0: run every epoch.
    int patience = 0;
    int units = 64;                     ///< LSTM units of a new model (a started model keeps its own)
};

/// A training run: the model, the windows it saw and the loss of every epoch.
struct TrainingRun {
    SoloModel model;
    TrainingSet set;
    std::vector<EpochRecord> history;
    int best_epoch = 0;         ///< with patience: the epoch (of this run) whose model was kept
    bool stopped_early = false; ///< patience ran out before the last epoch
};

/// The Adam step size in windows for `batch_size` (0 = full batch) over m windows.
inline int effective_batch(int batch_size, int m)
{
    if (batch_size > 0)
        return std::min(batch_size, m);
    return m <= full_batch_limit ? m : large_batch;
}

/// The order of the m windows in the model's epoch `epoch` (0-based over its whole training, so a
/// continued run draws what an uninterrupted one would): Fisher–Yates from the seed's batch
/// stream. Allocates: the order.
inline std::vector<Eigen::Index> epoch_order(std::uint64_t seed, std::uint64_t epoch, int m)
{
    std::vector<Eigen::Index> order(static_cast<std::size_t>(std::max(m, 0)));
    for (std::size_t k = 0; k < order.size(); ++k)
        order[k] = static_cast<Eigen::Index>(k);
    std::mt19937_64 rng(mix_seed(derive_seed(seed, SeedStream::batches), epoch));
    for (std::size_t k = order.size(); k > 1; --k)
        std::swap(order[k - 1], order[static_cast<std::size_t>(uniform_below(rng, k))]);
    return order;
}

/// The training set of `corpora` and the model to train: a fresh one (weights from options.seed,
/// options.units) or the one in options.start. No epoch is run yet, so a caller can show the
/// model first.
/// @throws make_training_set's errors; shape_error `jazzlstm.model.vocabulary_mismatch` when the
///         start model's vocabulary is not the corpora's; network_from_file's and make_solo_network's errors.
/// Allocates: yes.
inline TrainingRun start_training(const std::vector<Corpus>& corpora, const TrainOptions& options)
{
    TrainingRun run;
    run.set = make_training_set(corpora, options.windows);
    if (options.start) {
        check_vocabulary(*options.start, run.set.vocabulary.tokens());
        run.model = solo_model_from_file(*options.start);
    } else {
        run.model.network = new_model(static_cast<int>(run.set.vocabulary.size()), options.seed, options.units);
        run.model.vocabulary = TokenVocabulary(run.set.vocabulary.tokens());
        run.model.info.epochs = 0;
        run.model.info.seed = options.seed;
    }
    return run;
}

/// Runs options.epochs epochs on run.set (fewer when patience runs out), calling
/// progress(record, epochs) after every epoch, appends them to run.history and records in
/// run.model.info how the model was trained (its epochs include those of the start model).
/// @throws limit_error `jazzlstm.improv.epoch_count` (checked before training) when the model's
///         epoch count plus options.epochs would overflow 64 bits; argument_error
///         `jazzlstm.improv.patience`; the errors of JazzModel::fit. Allocates: the history, and a copy of the windows when shuffling.
template <typename Progress>
void run_training(TrainingRun& run, const TrainOptions& options, Progress&& progress)
{
    if (options.patience < 0)
        throw argument_error("jazzlstm.improv.patience", "patience must not be negative, got " + std::to_string(options.patience));
    if (options.epochs > 0 && run.model.info.epochs > std::numeric_limits<std::int64_t>::max() - options.epochs)
        throw limit_error("jazzlstm.improv.epoch_count", "the model has been trained " + std::to_string(run.model.info.epochs)
                + " epochs: " + std::to_string(options.epochs) + " more would overflow the 64-bit epoch counter; train a fresh model");
    SoloNetwork& network = *run.model.network;
    const TrainingData& data = run.set.data;
    const int m = run.set.windows();
    const int batch = effective_batch(options.batch_size, m);
    const bool shuffle = options.shuffle && batch < m;
    const bool validate = run.set.validation_windows() > 0;
    const std::uint64_t seed = run.model.info.seed;
    const std::uint64_t done_before = static_cast<std::uint64_t>(std::max<std::int64_t>(run.model.info.epochs, 0));

    IndexSequences X, Y;
    double best = std::numeric_limits<double>::infinity();
    struct Snapshot {
        KerasWeights<float> weights;
        AdamMoments<float> adam;
    };
    std::optional<Snapshot> kept;
    const std::size_t first = run.history.size();
    int epoch = 0;
    while (epoch < options.epochs) {
        ++epoch;
        if (shuffle) {
            const auto order = epoch_order(seed, done_before + static_cast<std::uint64_t>(epoch - 1), m);
            X.resize(data.X.rows(), m);
            Y.resize(data.Y.rows(), m);
            for (int j = 0; j < m; ++j) {
                X.col(j) = data.X.col(order[static_cast<std::size_t>(j)]);
                Y.col(j) = data.Y.col(order[static_cast<std::size_t>(j)]);
            }
        }
        const EpochStats stats = network.fit_epoch(shuffle ? X : data.X, shuffle ? Y : data.Y, batch);
        EpochRecord record { epoch, stats.loss, stats.accuracy, {}, {} };
        if (validate) {
            const EpochStats held = network.evaluate(run.set.validation.X, run.set.validation.Y);
            record.validation_loss = held.loss;
            record.validation_accuracy = held.accuracy;
        }
        run.history.push_back(record);
        progress(run.history.back(), options.epochs);
        const double monitored = record.validation_loss.value_or(record.loss);
        if (monitored < best) {
            best = monitored;
            run.best_epoch = epoch;
            if (options.patience > 0)
                kept = Snapshot { network.keras_weights(), network.adam_state() };
        } else if (options.patience > 0 && epoch - run.best_epoch >= options.patience) {
            run.stopped_early = epoch < options.epochs;
            break;
        }
    }
    int trained = epoch;
    if (options.patience > 0 && kept && run.best_epoch < epoch) {
        network.set_keras_weights(kept->weights); // resets Adam, then its state at the best epoch
        network.set_adam_state(kept->adam);
        trained = run.best_epoch;
    }
    TrainingInfo& info = run.model.info;
    info.epochs += trained;
    info.m = m;
    info.window_seed = training_window_seed;
    if (run.history.size() > first)
        info.final_loss = run.history[first + static_cast<std::size_t>(trained) - 1].loss;
    info.precision = "float32";
    info.source = "jazzlstm";
}

/// start_training, then run_training: a trained model in one call.
template <typename Progress>
TrainingRun train_solo_model(const std::vector<Corpus>& corpora, const TrainOptions& options, Progress&& progress)
{
    TrainingRun run = start_training(corpora, options);
    run_training(run, options, progress);
    return run;
}

/// train_solo_model without progress reports.
inline TrainingRun train_solo_model(const std::vector<Corpus>& corpora, const TrainOptions& options = {})
{
    return train_solo_model(corpora, options, [](const EpochRecord&, int) {});
}

} // namespace jazzlstm
