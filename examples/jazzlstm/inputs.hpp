// Reading the program's inputs (MIDI files or the embedded corpus, and their corpora) and the
// console report every subcommand shares. Defined in cli_input.cpp.
#pragma once

#include "options.hpp"

#include <jazzlstm/music/corpus.hpp>
#include <jazzlstm/music/midi.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace jazzlstm::app {

/// The file name that stands for the embedded default corpus (examples/data/default_corpus.mid).
inline constexpr const char* default_corpus_name = "@default";

/// Reads a MIDI file, or the embedded corpus for "@default".
midi::File load_midi(const std::string& name);

/// The corpus of each file (a directory: of every MIDI file below it), built on every core and
/// reported unless quiet. A file that gives no corpus is reported and skipped, or with --strict
/// (and always when it is the only file) stops the run with its error.
/// @throws the first file's error when strict or alone; argument_error `jazzlstm.corpus.none`
///         when no file gives a corpus; io_error `jazzlstm.corpus.no_files` for an empty directory.
CorpusCollection load_corpora(const Options& options, const std::vector<std::string>& files);

/// Console output unless --quiet or --json.
inline bool chatty(const Options& options) { return !options.quiet && !options.json; }

/// "what      path" on the console unless quiet.
void report_file(const Options& options, const char* what, const std::filesystem::path& path);

} // namespace jazzlstm::app
