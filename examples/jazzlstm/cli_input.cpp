// Reading the program's inputs: MIDI files or the embedded corpus, and their corpora; the report.
#include "inputs.hpp"
#include "corpus_choice.hpp"

#include "jazzlstm_default_corpus.hpp"

#include <jazzlstm/core/text.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>

namespace jazzlstm::app {

midi::File load_midi(const std::string& name)
{
    if (name == default_corpus_name)
        return midi::parse(embedded::default_corpus_mid, embedded::default_corpus_mid_size, "@default (embedded corpus)");
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

std::vector<Corpus> load_corpora(const Options& options, const std::vector<std::string>& files)
{
    std::vector<Corpus> corpora;
    for (const auto& name : files) {
        try {
            corpora.push_back(build_corpus(load_midi(name), corpus_options(options)));
        } catch (const jazzlstm::error& e) {
            rethrow_naming(e, name);
        }
        if (chatty(options))
            std::cout << name << ": " << corpus_report(corpora.back());
    }
    return corpora;
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
    for (const auto& f : options.files)
        if (f != default_corpus_name)
            inputs.push_back({ "input MIDI file", f });
    if (!options.model.empty())
        inputs.push_back({ "input model", options.model });
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
