// jazzlstm train FILE...: train on one or more files and write a model file with its loss
// history. Also the training half of improvise.
#include "commands.hpp"
#include "session.hpp"

#include <jazzlstm/nn/model_file.hpp>

#include <cstdio>
#include <iostream>
#include <string>

#include <unistd.h> // isatty: a live progress line only on a terminal

namespace jazzlstm::app {

namespace {

bool stdout_is_terminal() { return isatty(fileno(stdout)) != 0; }

/// Keras-like progress: a plain "Epoch 7/100 - loss: 93.1234" line per epoch when stdout is a
/// file or a pipe, one live line with a bar on a terminal.
struct EpochPrinter {
    bool quiet = false;
    bool terminal = false;

    void operator()(const EpochRecord& r, int epochs) const
    {
        if (quiet)
            return;
        if (!terminal) {
            std::printf("Epoch %d/%d - loss: %.4f\n", r.epoch, epochs, r.loss);
            return;
        }
        constexpr int width = 30;
        const int done = epochs > 0 ? static_cast<int>(static_cast<long long>(width) * r.epoch / epochs) : width;
        std::string bar(static_cast<std::size_t>(done), '=');
        if (done < width)
            bar += '>';
        bar.resize(width, '.');
        std::printf("\rEpoch %d/%d [%s] - loss: %.4f - accuracy: %.4f", r.epoch, epochs, bar.c_str(), r.loss, r.accuracy);
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
    if (chatty(options)) {
        std::cout << run.model.network->summary();
        std::printf("training: %zu tokens, %d windows of %d (numpy seed %u), %s, %d epoch%s%s\n", run.set.indices.size(),
            training_windows, ImprovModel::time_steps, static_cast<unsigned>(training_window_seed),
            options.batch_size == 0 || options.batch_size >= training_windows
                ? "one full-batch Adam step per epoch"
                : ("Adam steps on consecutive batches of " + std::to_string(options.batch_size) + " ("
                      + std::to_string((training_windows + options.batch_size - 1) / options.batch_size) + " per epoch)")
                      .c_str(),
            options.epochs, options.epochs == 1 ? "" : "s",
            options.model.empty() ? "" : (", continuing " + options.model).c_str());
    }
    EpochPrinter printer { !chatty(options), stdout_is_terminal() };
    run_training(run, train, printer);
    run.model.default_ty = options.ty;
    return run;
}

void add_training_outputs(const TrainingRun& run, const std::filesystem::path& model_path, const OutputPaths& loss_paths,
    OutputSet& set, Written& written, nlohmann::json& report)
{
    set.add(model_path, dump_model_file(to_model_file(run.model)), "jazzlstm.model.write_failed");
    add_history(set, run.history, loss_paths);
    report["final_loss"] = run.history.empty() ? 0.0 : run.history.back().loss;
    report["epochs"] = run.history.size();
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
    const TrainingRun run = train_from_options(options, load_corpora(options, options.files), options.files);
    if (chatty(options))
        std::printf("\n");
    OutputSet set;
    Written written;
    add_training_outputs(run, model_path, loss_paths, set, written, report);
    set.commit();
    report_written(options, written);
    if (options.json)
        print_json(report);
    return 0;
}

} // namespace jazzlstm::app
