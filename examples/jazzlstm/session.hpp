// What the subcommands of the jazzlstm program share: reading inputs, the console report, and
// the two steps that improvise combines (train, then generate). Each subcommand lives in its own
// command_<name>.cpp; only command_train.cpp and command_generate.cpp run the network, so the
// model's templates are compiled in those two files alone.
#pragma once

#include "options.hpp"
#include "outputs.hpp"

#include <jazzlstm/improv/chord_groups.hpp>
#include <jazzlstm/improv/generate.hpp>
#include <jazzlstm/improv/solo_model.hpp>
#include <jazzlstm/improv/training.hpp>
#include <jazzlstm/music/corpus.hpp>
#include <jazzlstm/music/midi.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace jazzlstm::app {

/// The file name that stands for the embedded default corpus (examples/data/default_corpus.mid).
inline constexpr const char* default_corpus_name = "@default";

/// Reads a MIDI file, or the embedded corpus for "@default". (cli_input.cpp)
midi::File load_midi(const std::string& name);

/// The corpus of each file, built once, reported unless quiet. (cli_input.cpp)
std::vector<Corpus> load_corpora(const Options& options, const std::vector<std::string>& files);

/// Console output unless --quiet or --json.
inline bool chatty(const Options& options) { return !options.quiet && !options.json; }

/// "what      path" on the console unless quiet. (cli_input.cpp)
void report_file(const Options& options, const char* what, const std::filesystem::path& path);

/// The model summary, the training plan and per-epoch progress, then the trained model (fresh,
/// or continuing --model with the same vocabulary). (command_train.cpp)
TrainingRun train_from_options(const Options& options, const std::vector<Corpus>& corpora);

/// The model file and the loss CSV and chart of a run, with their paths in `report`. (command_train.cpp)
void write_training_outputs(const Options& options, const TrainingRun& run, const std::filesystem::path& model_path,
    const OutputPaths& loss_paths, nlohmann::json& report);

/// Improvises over the chords of `corpus` and writes the solo's files. (command_generate.cpp)
Solo generate_and_write(const SoloModel& model, const Corpus& corpus, const Options& options, std::uint64_t seed,
    const OutputPaths& paths, nlohmann::json& report);

int run_inspect(const Options& options);
int run_train(const Options& options);
int run_generate(const Options& options);
int run_improvise(const Options& options);

} // namespace jazzlstm::app
