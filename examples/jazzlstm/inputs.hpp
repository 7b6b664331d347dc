// Reading the program's inputs (MIDI files or the embedded corpus, and their corpora) and the
// console report every subcommand shares. Defined in cli_input.cpp.
#pragma once

#include "options.hpp"

#include <jazzlstm/music/corpus.hpp>
#include <jazzlstm/music/chart.hpp>
#include <jazzlstm/music/midi.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace jazzlstm::app {

/// The file name that stands for the embedded default corpus (examples/data/default_corpus.mid).
inline constexpr const char* default_corpus_name = "@default";

/// Reads a MIDI file, the embedded corpus for "@default", or a MusicXML lead sheet (.musicxml,
/// .xml) as the MIDI file of its melody and voiced chords (tune_score).
midi::File load_midi(const std::string& name);

/// The changes of a MusicXML lead sheet (its chord symbols, form, tempo, key and title).
/// @throws usage_error `jazzlstm.cli.no_musicxml` when the program was built without pugixml, and
/// the reader's errors.
ChordChart read_tune_chart(const std::string& name);

/// The corpus of each file, built once, reported unless quiet.
std::vector<Corpus> load_corpora(const Options& options, const std::vector<std::string>& files);

/// Console output unless --quiet or --json.
inline bool chatty(const Options& options) { return !options.quiet && !options.json; }

/// "what      path" on the console unless quiet.
void report_file(const Options& options, const char* what, const std::filesystem::path& path);

} // namespace jazzlstm::app
