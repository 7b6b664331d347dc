// The two steps that improvise combines: train, then generate. Only command_train.cpp and
// command_generate.cpp define them, so the model's templates are compiled in those two files
// alone; the other subcommands include the lighter inputs.hpp and commands.hpp. Both steps put
// their files into one OutputSet, which the subcommand commits at its very end.
#pragma once

#include "inputs.hpp"
#include "options.hpp"
#include "outputs.hpp"

#include <jazzlstm/core/output_set.hpp>
#include <jazzlstm/improv/chord_groups.hpp>
#include <jazzlstm/improv/generate.hpp>
#include <jazzlstm/improv/solo_model.hpp>
#include <jazzlstm/improv/training.hpp>
#include <jazzlstm/music/chart.hpp>
#include <jazzlstm/music/corpus.hpp>
#include <jazzlstm/music/midi.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace jazzlstm::app {

/// The model summary, the training plan and per-epoch progress, then the trained model (fresh,
/// or continuing --model with the same vocabulary). `files` name the corpora in errors.
/// (command_train.cpp)
TrainingRun train_from_options(const Options& options, const std::vector<Corpus>& corpora, const std::vector<std::string>& files);

/// Puts the model file and the loss CSV and chart of a run into `set`, and their paths into
/// `written` and `report`. (command_train.cpp)
void add_training_outputs(const Options& options, const TrainingRun& run, const std::filesystem::path& model_path, const OutputPaths& loss_paths,
    OutputSet& set, Written& written, nlohmann::json& report);

/// The chart to play over: --changes (a file's text, or the text itself), else the chord symbols of
/// a MusicXML input; none for a MIDI input (its corpus's chords are played). (command_generate.cpp)
std::optional<ChordChart> chosen_chart(const Options& options);

/// Improvises over the chords of `corpus` and puts the solo's files into `set`. (command_generate.cpp)
Solo generate_into(const SoloModel& model, const Corpus& corpus, const Options& options, std::uint64_t seed,
    const OutputPaths& paths, OutputSet& set, Written& written, nlohmann::json& report);

} // namespace jazzlstm::app
