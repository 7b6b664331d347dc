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

TrainingRun train_from_options(const Options& options, const std::vector<Corpus>& corpora)
{
    TrainOptions train;
    train.epochs = options.epochs;
    train.batch_size = options.batch_size;
    train.seed = options.seed.value_or(default_seed);
    if (!options.model.empty())
        train.start = load_model_file(options.model);
    TrainingRun run = start_training(corpora, train);
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

void write_training_outputs(const Options& options, const TrainingRun& run, const std::filesystem::path& model_path,
    const OutputPaths& loss_paths, nlohmann::json& report)
{
    save_solo_model(model_path, run.model);
    write_history(run.history, loss_paths);
    report["final_loss"] = run.history.empty() ? 0.0 : run.history.back().loss;
    report["epochs"] = run.history.size();
    report["model"] = model_path.string();
    report["loss_csv"] = loss_paths.loss_csv.string();
    report["loss_svg"] = loss_paths.loss_svg.string();
    report_file(options, "model", model_path);
    report_file(options, "loss CSV", loss_paths.loss_csv);
    report_file(options, "loss chart", loss_paths.loss_svg);
}

int run_train(const Options& options)
{
    nlohmann::json report;
    const TrainingRun run = train_from_options(options, load_corpora(options, options.files));
    // --out names the model file; the loss CSV and chart go beside it (model.loss.csv, …).
    std::filesystem::path model_path = options.out.empty() ? std::filesystem::path("model.json") : std::filesystem::path(options.out);
    std::filesystem::path base = model_path;
    if (base.extension() == ".json")
        base.replace_extension();
    if (chatty(options))
        std::printf("\n");
    write_training_outputs(options, run, model_path, output_paths(base.string(), "model"), report);
    if (options.json)
        std::cout << report.dump(2) << "\n";
    return 0;
}

} // namespace jazzlstm::app
