// Reading the program's inputs (MIDI files or the embedded corpus, and their corpora), the
// console and JSON report every subcommand shares, and the checks that come before any work.
// Defined in cli_input.cpp.
#pragma once

#include "options.hpp"

#include <jazzlstm/core/error.hpp>
#include <jazzlstm/music/corpus.hpp>
#include <jazzlstm/music/chart.hpp>
#include <jazzlstm/music/midi.hpp>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <utility>
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

/// The corpus of each file (a directory: of every MIDI file below it), built on every core and
/// reported unless quiet. A file that gives no corpus is reported and skipped, or with --strict
/// (and always when it is the only file) stops the run with its error.
/// @throws the first file's error when strict or alone; argument_error `jazzlstm.corpus.none`
///         when no file gives a corpus; io_error `jazzlstm.corpus.no_files` for an empty directory.
CorpusCollection load_corpora(const Options& options, const std::vector<std::string>& files);

/// Rethrows `e` as the same kind of jazzlstm error with `file` as its context (unless it already
/// names one) and `note` after its sentence.
[[noreturn]] void rethrow_naming(const jazzlstm::error& e, const std::string& file, const std::string& note = {});

/// Console output unless --quiet or --json.
inline bool chatty(const Options& options) { return !options.quiet && !options.json; }

/// The files a run wrote, listed once they are all in place.
struct Written {
    std::vector<std::pair<std::string, std::filesystem::path>> files; ///< label, path
    std::vector<std::string> warnings;
};

/// Prints what was written ("label      path") unless quiet, and the warnings on stderr.
void report_written(const Options& options, const Written& written);

/// The MIDI and model files the command reads, labelled for the output_is_input message.
std::vector<std::pair<std::string, std::filesystem::path>> input_files(const Options& options);

/// Prints `report` as JSON on stdout; text that is not UTF-8 (a Latin-1 track name, a path) is
/// read as Latin-1 first, so the writer never fails.
void print_json(const nlohmann::json& report);

/// `text` for a JSON report: UTF-8, or read as Latin-1.
std::string json_text(const std::string& text);

/// Flushes standard output and checks every write to it succeeded.
/// @throws io_error `jazzlstm.io.write` with the system's reason (a full disk, a closed pipe).
void finish_stdout();

} // namespace jazzlstm::app
