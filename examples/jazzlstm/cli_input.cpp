// Reading the program's inputs: MIDI files or the embedded corpus, and their corpora; the report.
#include "inputs.hpp"
#include "corpus_choice.hpp"

#include "jazzlstm_default_corpus.hpp"

#include <jazzlstm/core/text.hpp>

#ifdef JAZZLSTM_HAVE_MUSICXML
#include <jazzlstm/music/musicxml/read.hpp>
#endif

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>

#include <unistd.h> // isatty: a live progress line only on a terminal

namespace jazzlstm::app {

namespace {

#ifdef JAZZLSTM_HAVE_MUSICXML
    // Directories given as inputs are searched for lead sheets too when this program reads them.
    constexpr bool musicxml_input = true;
#else
    constexpr bool musicxml_input = false;
#endif

} // namespace

#ifndef JAZZLSTM_HAVE_MUSICXML
namespace {

    [[noreturn]] void no_musicxml(const std::string& name)
    {
        error_context context;
        context.file = name;
        throw usage_error("jazzlstm.cli.no_musicxml", "this jazzlstm was built without MusicXML input (install libpugixml-dev and rebuild)", context);
    }

} // namespace
#endif

ChordChart read_tune_chart(const std::string& name)
{
#ifdef JAZZLSTM_HAVE_MUSICXML
    return read_musicxml_file(name).chart;
#else
    no_musicxml(name);
#endif
}

midi::File load_midi(const std::string& name)
{
    if (name == default_corpus_name)
        return midi::parse(embedded::default_corpus_mid, embedded::default_corpus_mid_size, "@default (embedded corpus)");
    if (is_musicxml_path(name)) {
#ifdef JAZZLSTM_HAVE_MUSICXML
        return midi::from_score(tune_score(read_musicxml_file(name)));
#else
        no_musicxml(name);
#endif
    }
    return midi::read_file(name);
}

void rethrow_naming(const jazzlstm::error& e, const std::string& file, const std::string& note)
{
    error_context c = e.context();
    if (c.file.empty())
        c.file = file;
    const std::string detail = note.empty() ? e.detail() : e.detail() + " " + note;
    if (dynamic_cast<const parse_error*>(&e))
        throw parse_error(e.id(), detail, c);
    if (dynamic_cast<const shape_error*>(&e))
        throw shape_error(e.id(), detail, c);
    if (dynamic_cast<const io_error*>(&e))
        throw io_error(e.id(), detail, c);
    if (dynamic_cast<const limit_error*>(&e))
        throw limit_error(e.id(), detail, c);
    if (dynamic_cast<const numeric_error*>(&e))
        throw numeric_error(e.id(), detail, c);
    if (dynamic_cast<const usage_error*>(&e))
        throw usage_error(e.id(), detail, c);
    throw argument_error(e.id(), detail, c);
}

CorpusCollection load_corpora(const Options& options, const std::vector<std::string>& names)
{
    std::vector<std::string> files;
    for (const auto& name : names) {
        if (name == default_corpus_name) {
            files.push_back(name);
            continue;
        }
        for (const auto& path : corpus_files(name, musicxml_input))
            files.push_back(path.string());
    }
    CollectionOptions run;
    run.strict = options.strict || files.size() == 1;
    const bool live = chatty(options) && files.size() > 1 && isatty(fileno(stdout)) != 0;
    CorpusCollection collection = build_corpora(files, corpus_options(options), run, load_midi, [&](std::size_t done, std::size_t total) {
        if (live) {
            std::printf("\rreading MIDI files: %zu/%zu", done, total);
            std::fflush(stdout);
        }
    });
    if (live)
        std::printf("\n");
    if (chatty(options)) {
        if (collection.corpora.size() <= 3)
            for (std::size_t k = 0; k < collection.corpora.size(); ++k)
                std::cout << collection.files[k] << ": " << corpus_report(collection.corpora[k]);
        for (const auto& f : collection.failures)
            std::printf("skipped: %s\n", f.message.c_str());
        if (files.size() > 1)
            std::printf("read %zu files: %zu corpora, %zu skipped, %zu tokens\n", files.size(), collection.corpora.size(),
                collection.failures.size(), collection.tokens);
    }
    if (collection.corpora.empty())
        throw argument_error("jazzlstm.corpus.none", "none of the " + std::to_string(files.size()) + " files gives a corpus (first: "
                + (collection.failures.empty() ? std::string("none") : collection.failures.front().file + ": " + collection.failures.front().message) + ")");
    return collection;
}

void report_written(const Options& options, const Written& written)
{
    for (const auto& warning : written.warnings)
        std::fprintf(stderr, "jazzlstm: warning: %s\n", warning.c_str());
    if (!chatty(options))
        return;
    for (const auto& [what, path] : written.files)
        std::printf("%-10s %s\n", what.c_str(), path.string().c_str());
}

std::vector<std::pair<std::string, std::filesystem::path>> input_files(const Options& options)
{
    std::vector<std::pair<std::string, std::filesystem::path>> inputs;
    // A directory stands for the files it holds: an output may not replace one of them either.
    for (const auto& f : options.files) {
        if (f == default_corpus_name)
            continue;
        std::error_code ec;
        if (!std::filesystem::is_directory(f, ec)) {
            inputs.push_back({ "input MIDI file", f });
            continue;
        }
        try {
            for (const auto& path : corpus_files(f, musicxml_input))
                inputs.push_back({ is_musicxml_path(path) ? "input lead sheet" : "input MIDI file", path });
        } catch (const jazzlstm::error&) {
            // An empty or unreadable directory holds no input to protect; reading it reports that.
        }
    }
    if (!options.model.empty())
        inputs.push_back({ "input model", options.model });
    std::error_code ec;
    if (!options.changes.empty() && options.changes.find('|') == std::string::npos && std::filesystem::is_regular_file(options.changes, ec))
        inputs.push_back({ "chord chart", options.changes });
    return inputs;
}

std::string json_text(const std::string& text) { return utf8_text(text); }

void print_json(const nlohmann::json& report)
{
    // Every string put into a report went through json_text(); `replace` is the last guard.
    std::cout << report.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

void finish_stdout()
{
    // errno still holds the reason of the write that failed (nothing since has touched it), or
    // fflush sets it now.
    std::cout.flush();
    const bool flushed = std::fflush(stdout) == 0;
    if (!flushed || std::ferror(stdout) || !std::cout) {
        const int code = errno;
        std::clearerr(stdout);
        error_context c;
        c.file = "standard output";
        throw io_error("jazzlstm.io.write",
            std::string("cannot write the report") + (code ? std::string(": ") + std::strerror(code) : std::string()), c);
    }
}

} // namespace jazzlstm::app
