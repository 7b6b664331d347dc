// Training a solo model on one or more corpora, from scratch or continuing a saved model.
#pragma once

#include <jazzlstm/core/error.hpp>
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
#include <string>
#include <utility>
#include <vector>

namespace jazzlstm {

/// How to train.
struct TrainOptions {
    int epochs = 100;
    /// Windows per Adam step: 0 = all of them in one step (full batch); 32 = Keras's default, as
    /// the notebook ran.
    int batch_size = 0;
    std::uint64_t seed = default_seed;  ///< the weight stream's seed (recorded in the model file)
    /// A model to continue. Its vocabulary must be the corpora's, token for token.
    std::optional<ModelFile> start;
};

/// A training run: the model, the windows it saw and the loss of every epoch.
struct TrainingRun {
    SoloModel model;
    TrainingSet set;
    std::vector<EpochRecord> history;
};

/// Trains `network` for `epochs` epochs on `data` (batch_size as TrainOptions), calling
/// progress(record, epochs) after every epoch. @throws as JazzModel::fit. Allocates: the history.
template <typename Progress>
std::vector<EpochRecord> train_network(ImprovModel& network, const TrainingData& data, int epochs, int batch_size, Progress&& progress)
{
    std::vector<EpochRecord> history;
    history.reserve(static_cast<std::size_t>(std::max(epochs, 0)));
    FitOptions fit;
    fit.batch_size = batch_size;
    network.fit(
        data.X, data.Y, epochs,
        [&](int epoch, double loss, double accuracy) {
            history.push_back({ epoch, loss, accuracy });
            progress(history.back(), epochs);
        },
        fit);
    return history;
}

/// The training set of `corpora` and the model to train: a fresh one (weights from options.seed)
/// or the one in options.start. No epoch is run yet, so a caller can show the model first.
/// @throws make_training_set's errors; shape_error `jazzlstm.model.vocabulary_mismatch` when the
///         start model's vocabulary is not the corpora's; network_from_file's errors.
/// Allocates: yes.
inline TrainingRun start_training(const std::vector<Corpus>& corpora, const TrainOptions& options)
{
    TrainingRun run;
    run.set = make_training_set(corpora);
    if (options.start) {
        check_vocabulary(*options.start, run.set.vocabulary.tokens());
        run.model = solo_model_from_file(*options.start);
    } else {
        run.model.network = new_model(static_cast<int>(run.set.vocabulary.size()), options.seed);
        run.model.vocabulary = TokenVocabulary(run.set.vocabulary.tokens());
        run.model.info.epochs = 0;
    }
    return run;
}

/// Runs options.epochs epochs on run.set, calling progress(record, epochs) after every epoch,
/// appends them to run.history and records in run.model.info how the model was trained (its
/// epochs include those of the start model).
/// @throws limit_error `jazzlstm.improv.epoch_count` (checked before training) when the model's
///         epoch count plus options.epochs would overflow 64 bits; the errors of JazzModel::fit.
/// Allocates: the history.
template <typename Progress>
void run_training(TrainingRun& run, const TrainOptions& options, Progress&& progress)
{
    TrainingInfo& info = run.model.info;
    if (options.epochs > 0 && info.epochs > std::numeric_limits<std::int64_t>::max() - options.epochs)
        throw limit_error("jazzlstm.improv.epoch_count", "the model has been trained " + std::to_string(info.epochs)
                + " epochs: " + std::to_string(options.epochs) + " more would overflow the 64-bit epoch counter; train a fresh model");
    const std::vector<EpochRecord> history
        = train_network(*run.model.network, run.set.data, options.epochs, options.batch_size, progress);
    run.history.insert(run.history.end(), history.begin(), history.end());
    info.epochs += options.epochs;
    info.m = training_windows;
    info.seed = options.seed;
    info.window_seed = training_window_seed;
    if (!run.history.empty())
        info.final_loss = run.history.back().loss;
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
