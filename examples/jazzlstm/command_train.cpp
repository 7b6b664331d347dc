// jazzlstm train DIR|FILE...: train on one or more files (a directory: every MIDI file below it)
// and write a model file with its loss history. Also the training half of improvise.
#include "commands.hpp"
#include "session.hpp"

#include <jazzlstm/nn/model_file.hpp>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>

#include <unistd.h> // isatty: a live progress line only on a terminal

namespace jazzlstm::app {

namespace {

bool stdout_is_terminal() { return isatty(fileno(stdout)) != 0; }

std::string duration_text(double seconds)
{
    char buffer[32];
    if (seconds < 60)
        std::snprintf(buffer, sizeof buffer, "%.0fs", seconds);
    else if (seconds < 3600)
        std::snprintf(buffer, sizeof buffer, "%dm%02ds", static_cast<int>(seconds) / 60, static_cast<int>(seconds) % 60);
    else
        std::snprintf(buffer, sizeof buffer, "%dh%02dm", static_cast<int>(seconds) / 3600, (static_cast<int>(seconds) / 60) % 60);
    return buffer;
}

/// Keras-like progress: a plain "Epoch 7/100 - loss: 93.1234 - val_loss: 95.0000 - ETA 12s" line
/// per epoch when stdout is a file or a pipe, one live line with a bar on a terminal.
struct EpochPrinter {
    bool quiet = false;
    bool terminal = false;
    std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();

    void operator()(const EpochRecord& r, int epochs) const
    {
        if (quiet)
            return;
        const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        const double eta = r.epoch > 0 ? elapsed / r.epoch * (epochs - r.epoch) : 0;
        std::string validation;
        if (r.validation_loss) {
            char buffer[64];
            std::snprintf(buffer, sizeof buffer, " - val_loss: %.4f", *r.validation_loss);
            validation = buffer;
        }
        if (!terminal) {
            std::printf("Epoch %d/%d - loss: %.4f%s - ETA %s\n", r.epoch, epochs, r.loss, validation.c_str(), duration_text(eta).c_str());
            return;
        }
        constexpr int width = 30;
        const int done = epochs > 0 ? static_cast<int>(static_cast<long long>(width) * r.epoch / epochs) : width;
        std::string bar(static_cast<std::size_t>(done), '=');
        if (done < width)
            bar += '>';
        bar.resize(width, '.');
        std::printf("\rEpoch %d/%d [%s] - loss: %.4f - accuracy: %.4f%s - ETA %s   ", r.epoch, epochs, bar.c_str(), r.loss, r.accuracy,
            validation.c_str(), duration_text(eta).c_str());
        if (r.epoch == epochs)
            std::printf("\n");
        std::fflush(stdout);
    }
};

} // namespace

TrainingRun train_from_options(const Options& options, const std::vector<Corpus>& corpora, const std::vector<std::string>& files)
{
    TrainOptions train;
    train.epochs = options.epochs;
    train.batch_size = options.batch_size;
    train.seed = options.seed.value_or(default_seed);
    train.windows.windows = options.windows;
    train.windows.validation = options.validation;
    train.patience = options.patience;
    train.units = options.units;
    // The notebook's windows need Tx + 1 tokens; say which file gave how many and what to change.
    std::size_t total = 0;
    std::string counts;
    for (std::size_t k = 0; k < corpora.size(); ++k) {
        total += corpora[k].tokens.size();
        counts += (k ? ", " : "") + (k < files.size() ? files[k] : std::string("?")) + ": " + std::to_string(corpora[k].tokens.size());
    }
    if (!corpora.empty() && total < static_cast<std::size_t>(ImprovModel::time_steps) + 1)
        throw argument_error("jazzlstm.training.corpus_too_short",
            "the corpus has " + std::to_string(total) + " tokens (" + counts + "); the training windows need at least "
                + std::to_string(ImprovModel::time_steps + 1) + " (Tx + 1): give a longer solo or several files, widen --window, or"
                + " choose a melody track with more notes (--melody-track; `jazzlstm inspect` lists them)");
    if (!options.model.empty()) {
        try {
            train.start = load_model_file(options.model);
        } catch (const jazzlstm::error& e) {
            rethrow_naming(e, options.model);
        }
    }
    TrainingRun run;
    try {
        run = start_training(corpora, train);
    } catch (const shape_error& e) {
        if (e.id() != "jazzlstm.model.vocabulary_mismatch")
            throw;
        rethrow_naming(e, options.model,
            "(the vocabulary of the model file against the corpus of " + counts.substr(0, counts.find(':'))
                + (files.size() > 1 ? " and the other files" : "") + "; continue a model only on the corpus it was trained on)");
    }
    const int m = run.set.windows();
    const int batch = effective_batch(options.batch_size, m);
    if (chatty(options)) {
        std::cout << run.model.network->summary();
        for (const auto& line : run.set.notes)
            std::printf("training: %s\n", line.c_str());
        std::printf("training: %s, %d epoch%s%s%s\n",
            batch >= m ? "one full-batch Adam step per epoch"
                       : ("Adam steps on batches of " + std::to_string(batch) + ", shuffled every epoch (" + std::to_string((m + batch - 1) / batch)
                             + " per epoch)")
                             .c_str(),
            options.epochs, options.epochs == 1 ? "" : "s",
            options.patience > 0 ? (", stopping after " + std::to_string(options.patience) + " without a better "
                                       + (run.set.validation_windows() ? "validation loss" : "loss"))
                                       .c_str()
                                 : "",
            options.model.empty() ? "" : (", continuing " + options.model).c_str());
    }
    EpochPrinter printer { !chatty(options), stdout_is_terminal(), std::chrono::steady_clock::now() };
    try {
        run_training(run, train, printer);
    } catch (const limit_error& e) {
        if (e.id() != "jazzlstm.improv.epoch_count")
            throw;
        rethrow_naming(e, options.model); // the count is the model file's: say which file
    }
    if (chatty(options) && options.patience > 0) {
        if (printer.terminal && run.stopped_early)
            std::printf("\n");
        std::printf("kept the model of epoch %d%s\n", run.best_epoch, run.stopped_early ? " (stopped early)" : "");
    }
    run.model.default_ty = options.ty;
    return run;
}

void add_training_outputs(const Options& options, const TrainingRun& run, const std::filesystem::path& model_path, const OutputPaths& loss_paths,
    OutputSet& set, Written& written, nlohmann::json& report)
{
    set.add(model_path, dump_model_file(to_model_file(run.model)), "jazzlstm.model.write_failed");
    add_history(set, run.history, loss_paths);
    report["final_loss"] = run.model.info.final_loss.value_or(0.0);
    report["epochs"] = run.history.size();
    report["windows"] = run.set.windows();
    report["validation_windows"] = run.set.validation_windows();
    if (!run.history.empty() && run.history.back().validation_loss)
        report["final_validation_loss"] = *run.history.back().validation_loss;
    if (options.patience > 0) {
        report["best_epoch"] = run.best_epoch;
        report["stopped_early"] = run.stopped_early;
    }
    report["units"] = run.model.network->units();
    report["model"] = json_text(model_path.string());
    report["loss_csv"] = json_text(loss_paths.loss_csv.string());
    report["loss_svg"] = json_text(loss_paths.loss_svg.string());
    written.files.push_back({ "model", model_path });
    written.files.push_back({ "loss CSV", loss_paths.loss_csv });
    written.files.push_back({ "loss chart", loss_paths.loss_svg });
}

int run_train(const Options& options)
{
    // --out names the model file; the loss CSV and chart go beside it (model.loss.csv, …).
    std::filesystem::path model_path = options.out.empty() ? std::filesystem::path("model.json") : std::filesystem::path(options.out);
    std::error_code ec;
    if (!options.out.empty() && (options.out.back() == '/' || std::filesystem::is_directory(model_path, ec)))
        model_path /= "model.json";
    std::filesystem::path base = model_path;
    if (base.extension() == ".json")
        base.replace_extension();
    const OutputPaths loss_paths = output_paths(base.string(), "model");
    refuse_overwriting_inputs({ { "model", model_path }, { "loss CSV", loss_paths.loss_csv }, { "loss chart", loss_paths.loss_svg } },
        input_files(options));

    nlohmann::json report;
    const CorpusCollection collection = load_corpora(options, options.files);
    const TrainingRun run = train_from_options(options, collection.corpora, collection.files);
    if (chatty(options))
        std::printf("\n");
    report["files"] = nlohmann::json::array();
    for (const auto& f : collection.files)
        report["files"].push_back(json_text(f));
    report["skipped"] = nlohmann::json::array();
    for (const auto& f : collection.failures)
        report["skipped"].push_back({ { "file", json_text(f.file) }, { "id", f.id }, { "error", json_text(f.message) } });
    report["tokens"] = collection.tokens;
    OutputSet set;
    Written written;
    add_training_outputs(options, run, model_path, loss_paths, set, written, report);
    set.commit();
    report_written(options, written);
    if (options.json)
        print_json(report);
    return 0;
}

} // namespace jazzlstm::app
