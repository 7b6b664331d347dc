// jazzlstm: learn a jazz soloist's style from a MIDI file and improvise new solos over its chords.
//
//   jazzlstm improvise [FILE.mid] [options]   train, then write solo.mid / solo.wav / solo.svg
//   jazzlstm train FILE.mid... [--out M]      train and save a model (default model.json)
//   jazzlstm generate --model M [FILE.mid]    improvise from a saved model over FILE's chords
//   jazzlstm inspect FILE.mid                 list tracks (name, channel, program, notes, polyphony)
//
// The file name "@default" stands for the embedded default corpus (examples/data/default_corpus.mid,
// compiled into the program), which `improvise` uses when no file is given.
// Exit status: 0 success, 1 bad data or a file error, 2 wrong usage.
#include "corpus_choice.hpp"
#include "improviser.hpp"
#include "options.hpp"
#include "outputs.hpp"

#include "jazzlstm_default_corpus.hpp"

#include <jazzlstm/core/config.hpp>
#include <jazzlstm/music/corpus.hpp>
#include <jazzlstm/core/error.hpp>
#include <jazzlstm/music/midi.hpp>
#include <jazzlstm/nn/model_file.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <unistd.h> // isatty: a live progress line only on a terminal

namespace {

using namespace jazzlstm;
using namespace jazzlstm::app;

constexpr const char* default_corpus_name = "@default";

/// Reads a MIDI file, or the embedded corpus for "@default".
midi::File load_midi(const std::string& name)
{
    if (name == default_corpus_name)
        return midi::parse(embedded::default_corpus_mid, embedded::default_corpus_mid_size, "@default (embedded corpus)");
    return midi::read_file(name);
}

// The corpus the options would train on, or the reason there is none. With explicit parts or a
// preset a failure is the user's (rethrown: exit 1); in automatic mode it is only reported.
struct CorpusAttempt {
    bool ok = false;
    Corpus corpus;
    std::string failure;
};

CorpusAttempt try_corpus(const midi::File& file, const Options& options)
{
    CorpusAttempt attempt;
    try {
        attempt.corpus = build_corpus(file, corpus_options(options));
        attempt.ok = true;
    } catch (const jazzlstm::error& e) {
        if (corpus_explicit(options))
            throw;
        attempt.failure = e.what();
    }
    return attempt;
}

int run_inspect(const Options& options)
{
    const std::string& name = options.files.front();
    const midi::File file = load_midi(name);
    const midi::Score score = midi::to_score(file);
    double end = 0;
    for (const auto& t : score.tracks)
        for (const auto& n : t.notes)
            end = std::max(end, n.onset + n.duration);
    const double bpm = score.tempos.empty() ? 120.0 : 60e6 / score.tempos.front().microseconds_per_quarter;
    const CorpusAttempt attempt = try_corpus(file, options);  // first, so an explicit failure prints only its error
    const std::vector<TrackStats> stats = measure_tracks(score);

    if (options.json) {
        nlohmann::json report;
        report["file"] = name;
        report["format"] = file.format;
        report["ticks_per_quarter"] = file.ticks_per_quarter;
        report["tempo_bpm"] = bpm;
        report["length_quarters"] = end;
        report["tracks"] = nlohmann::json::array();
        for (std::size_t i = 0; i < score.tracks.size(); ++i) {
            const auto& t = score.tracks[i];
            const TrackStats& s = stats[i];
            report["tracks"].push_back({ { "index", i }, { "name", t.name }, { "channel", t.channel }, { "program", t.program },
                { "notes", s.notes }, { "max_polyphony", s.max_polyphony }, { "chord_share", s.simultaneous_share },
                { "lowest", s.lowest_pitch }, { "highest", s.highest_pitch }, { "mean_duration", s.mean_duration } });
        }
        if (attempt.ok) {
            const Corpus& c = attempt.corpus;
            nlohmann::json tracks = nlohmann::json::array();
            for (const auto& t : c.parts.tracks)
                tracks.push_back({ { "track", t.track }, { "name", t.name }, { "lead_score", t.lead_score },
                    { "chord_score", t.chord_score }, { "verdict", t.verdict } });
            report["corpus"] = { { "behaviour", behaviour_name(c.behaviour) }, { "automatic", c.parts.automatic },
                { "melody", c.parts.melody }, { "chords", c.parts.chords },
                { "window_lo", static_cast<double>(c.parts.window_lo) / twelfths_per_quarter },
                { "window_hi", static_cast<double>(c.parts.window_hi) / twelfths_per_quarter },
                { "measures", c.measures.size() }, { "tokens", c.tokens.size() }, { "vocabulary", c.vocabulary.size() },
                { "explanation", c.parts.explanation }, { "scores", tracks } };
        } else {
            report["corpus"] = { { "error", attempt.failure } };
        }
        std::cout << report.dump(2) << "\n";
        return 0;
    }
    if (options.quiet)
        return 0;
    std::printf("%s: format %d, %d ticks per quarter, %zu tracks, %.1f bpm, %.2f quarters (%.1f bars of 4/4)\n", name.c_str(),
        file.format, file.ticks_per_quarter, file.tracks.size(), bpm, end, end / 4);
    std::printf("%5s  %-20s %7s %7s %6s %9s %7s %-9s %8s\n", "track", "name", "channel", "program", "notes", "polyphony",
        "chords", "range", "mean dur");
    for (std::size_t i = 0; i < score.tracks.size(); ++i) {
        const auto& t = score.tracks[i];
        const TrackStats& s = stats[i];
        std::string range = s.notes ? lead_sheet_name_with_octave(s.lowest_pitch) + "-" + lead_sheet_name_with_octave(s.highest_pitch) : "-";
        std::string channel = t.channel >= 0 ? std::to_string(t.channel) : "-";
        std::string program = t.program >= 0 ? std::to_string(t.program) : "-";
        std::printf("%5zu  %-20s %7s %7s %6zu %9d %6.0f%% %-9s %8.3f\n", i, t.name.substr(0, 20).c_str(), channel.c_str(),
            program.c_str(), s.notes, s.max_polyphony, 100 * s.simultaneous_share, range.c_str(), s.mean_duration);
    }
    if (attempt.ok)
        std::cout << "\n" << corpus_report(attempt.corpus);
    else
        std::cout << "\ncorpus: none (" << attempt.failure << ")\n";
    return 0;
}

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

bool chatty(const Options& options) { return !options.quiet && !options.json; }

/// The corpus of each file (or of the embedded corpus), reported unless quiet.
std::vector<Corpus> load_corpora(const Options& options, const std::vector<std::string>& files)
{
    std::vector<Corpus> corpora;
    for (const auto& name : files) {
        corpora.push_back(build_corpus(load_midi(name), corpus_options(options)));
        if (chatty(options))
            std::cout << name << ": " << corpus_report(corpora.back());
    }
    return corpora;
}

struct Trained {
    std::unique_ptr<ImprovModel> model;
    TrainingSet set;
    std::vector<EpochRecord> history;
    TrainingInfo info;
    std::uint64_t seed = default_seed;
};

/// Builds the corpora, the windows and the model (fresh, or from --model with the same
/// vocabulary), prints the summary and trains with per-epoch progress.
Trained train_on(const Options& options, const std::vector<std::string>& files)
{
    Trained t;
    const std::vector<Corpus> corpora = load_corpora(options, files);
    t.set = make_training_set(corpora);
    t.seed = options.seed.value_or(default_seed);
    const int V = static_cast<int>(t.set.vocabulary.size());
    int previous_epochs = 0;
    if (!options.model.empty()) {
        const ModelFile start = load_model_file(options.model);
        check_vocabulary(start, t.set.vocabulary.tokens());
        t.model = model_from_file(start);
        previous_epochs = start.hyper.training.epochs;
    } else {
        t.model = new_model(V, t.seed);
    }
    if (chatty(options)) {
        std::cout << t.model->summary();
        std::printf("training: %zu tokens, %d windows of %d (numpy seed %u), %s, %d epoch%s%s\n", t.set.indices.size(),
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
    t.history = train_model(*t.model, t.set.data, options.epochs, options.batch_size, printer);
    t.info.epochs = previous_epochs + options.epochs;
    t.info.m = training_windows;
    t.info.seed = t.seed;
    t.info.window_seed = training_window_seed;
    if (!t.history.empty())
        t.info.final_loss = t.history.back().loss;
    t.info.precision = "float32";
    t.info.source = "jazzlstm";
    return t;
}

std::filesystem::path with_suffix(std::filesystem::path base, const char* suffix)
{
    base += suffix;
    return base;
}

void report_file(const Options& options, const char* what, const std::filesystem::path& path)
{
    if (chatty(options))
        std::printf("%-10s %s\n", what, path.string().c_str());
}

/// Generates over the chords of `corpus` and writes the solo files; returns the generation.
Solo generate_and_write(const ImprovModel& model, const std::vector<std::string>& vocabulary, const Corpus& corpus,
    const Options& options, std::uint64_t seed, const OutputPaths& paths, nlohmann::json& report)
{
    GenerationSettings settings;
    // The notebook is greedy: --notebook means temperature 0 unless a temperature is given.
    settings.temperature = options.notebook && !options.was_given("temperature") ? 0.0 : options.temperature;
    settings.ty = options.ty;
    settings.notebook = options.notebook;
    settings.seed = seed;
    settings.behaviour = corpus.behaviour;
    const Solo solo = improvise(model, vocabulary, chord_groups(corpus), corpus.chord_group_count, settings);
    if (chatty(options)) {
        std::printf("\nPredicting new values for different set of chords (%s, temperature %g, seed %llu).\n",
            options.notebook ? "notebook loop" : "one continuous line", settings.temperature,
            static_cast<unsigned long long>(seed));
        for (const auto& g : solo.groups)
            std::printf("Generated %zu sounds using the predicted values for the set of chords (\"%d\") and after pruning"
                        " (%zu notes, %zu tokens)\n",
                g.elements, g.group, g.notes, g.tokens);
    }
    if (solo.groups.empty())
        throw argument_error("jazzlstm.cli.no_groups", "the corpus has no chord group to play over (--notebook needs at least 6)");
    const midi::Score score = solo_score(solo.melody, solo.chords, options.bpm);
    const SoloReport written = write_solo(score, 0, { 1 }, paths, "jazzlstm solo");
    std::size_t notes = 0;
    for (const auto& g : solo.groups)
        notes += g.notes;
    report["groups"] = nlohmann::json::array();
    for (const auto& g : solo.groups)
        report["groups"].push_back({ { "group", g.group }, { "tokens", g.tokens }, { "elements", g.elements }, { "notes", g.notes } });
    report["notes"] = notes;
    report["midi"] = paths.midi.string();
    report["wav"] = paths.wav.string();
    report["svg"] = paths.roll.string();
    if (chatty(options)) {
        std::printf("%zu notes over %zu chord groups at %g bpm\n\n", notes, solo.groups.size(), options.bpm);
        report_file(options, "solo MIDI", paths.midi);
        report_file(options, written.wav_from_fluidsynth ? "WAV (fluidsynth)" : "WAV", paths.wav);
        report_file(options, "piano roll", paths.roll);
    }
    return solo;
}

void write_training_outputs(const Options& options, const Trained& t, const std::filesystem::path& model_path,
    const OutputPaths& loss_paths, nlohmann::json& report)
{
    save_model_file(model_path, make_model_file(*t.model, t.set.vocabulary, t.info, options.ty));
    write_history(t.history, loss_paths);
    report["final_loss"] = t.history.empty() ? 0.0 : t.history.back().loss;
    report["epochs"] = t.history.size();
    report["model"] = model_path.string();
    report["loss_csv"] = loss_paths.loss_csv.string();
    report["loss_svg"] = loss_paths.loss_svg.string();
    if (chatty(options)) {
        report_file(options, "model", model_path);
        report_file(options, "loss CSV", loss_paths.loss_csv);
        report_file(options, "loss chart", loss_paths.loss_svg);
    }
}

int run_train(const Options& options)
{
    nlohmann::json report;
    const Trained t = train_on(options, options.files);
    // --out names the model file; the loss CSV and chart go beside it (model.loss.csv, …).
    std::filesystem::path model_path = options.out.empty() ? std::filesystem::path("model.json") : std::filesystem::path(options.out);
    std::filesystem::path base = model_path;
    if (base.extension() == ".json")
        base.replace_extension();
    if (chatty(options))
        std::printf("\n");
    write_training_outputs(options, t, model_path, output_paths(base.string(), "model"), report);
    if (options.json)
        std::cout << report.dump(2) << "\n";
    return 0;
}

int run_generate(const Options& options)
{
    nlohmann::json report;
    const ModelFile file = load_model_file(options.model);
    const std::unique_ptr<ImprovModel> model = model_from_file(file);
    const std::string source = options.files.empty() ? default_corpus_name : options.files.front();
    const Corpus corpus = build_corpus(load_midi(source), corpus_options(options));
    if (chatty(options)) {
        std::printf("%s: V = %d, trained %d epochs, final loss %s\n", options.model.c_str(), file.hyper.V,
            file.hyper.training.epochs,
            file.hyper.training.final_loss ? std::to_string(*file.hyper.training.final_loss).c_str() : "unknown");
        std::cout << source << ": " << corpus_report(corpus);
    }
    // Without --seed, the model's own seed: train + generate then give improvise's solo.
    const std::uint64_t seed = options.seed.value_or(file.hyper.training.seed);
    generate_and_write(*model, file.vocabulary, corpus, options, seed, output_paths(options.out, "solo"), report);
    if (options.json)
        std::cout << report.dump(2) << "\n";
    return 0;
}

int run_improvise(const Options& options)
{
    nlohmann::json report;
    const std::vector<std::string> files = options.files.empty() ? std::vector<std::string> { default_corpus_name } : options.files;
    const Trained t = train_on(options, files);
    const OutputPaths paths = output_paths(options.out, "solo");
    std::filesystem::path base = paths.midi;
    base.replace_extension();
    // The chords come from the (first) training file's corpus.
    const Corpus corpus = build_corpus(load_midi(files.front()), corpus_options(options));
    generate_and_write(*t.model, t.set.vocabulary.tokens(), corpus, options, t.seed, paths, report);
    write_training_outputs(options, t, with_suffix(base, ".model.json"), paths, report);
    if (options.json)
        std::cout << report.dump(2) << "\n";
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    Options options;
    try {
        options = parse_command_line(argc, argv);
    } catch (const usage_error& e) {
        std::cerr << "jazzlstm: " << e.detail() << "\n";
        return 2;
    }
    if (options.version) {
        std::cout << "jazzlstm " << JAZZLSTM_VERSION_MAJOR << "." << JAZZLSTM_VERSION_MINOR << "." << JAZZLSTM_VERSION_PATCH
                  << "\n";
        return 0;
    }
    if (options.help) {
        std::cout << help_text(options.command);
        return 0;
    }
    try {
        switch (options.command) {
        case Command::inspect: return run_inspect(options);
        case Command::train: return run_train(options);
        case Command::generate: return run_generate(options);
        case Command::improvise: return run_improvise(options);
        case Command::none: break;
        }
    } catch (const usage_error& e) {
        std::cerr << "jazzlstm: " << e.detail() << "\n";
        return 2;
    } catch (const jazzlstm::error& e) {
        std::cerr << "jazzlstm: " << e.what() << "\n";
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "jazzlstm: " << e.what() << "\n";
        return 1;
    }
    std::cerr << help_text(Command::none);
    return 2;
}
