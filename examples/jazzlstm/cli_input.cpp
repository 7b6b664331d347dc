// Reading the program's inputs: MIDI files or the embedded corpus, and their corpora.
#include "inputs.hpp"
#include "corpus_choice.hpp"

#include "jazzlstm_default_corpus.hpp"

#ifdef JAZZLSTM_HAVE_MUSICXML
#include <jazzlstm/music/musicxml/read.hpp>
#endif

#include <cstdio>
#include <filesystem>
#include <iostream>

namespace jazzlstm::app {

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
    const std::string ext = std::filesystem::path(name).extension().string();
    if (ext == ".musicxml" || ext == ".xml" || ext == ".mxl") {
#ifdef JAZZLSTM_HAVE_MUSICXML
        return midi::from_score(tune_score(read_musicxml_file(name)));
#else
        no_musicxml(name);
#endif
    }
    return midi::read_file(name);
}

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

void report_file(const Options& options, const char* what, const std::filesystem::path& path)
{
    if (chatty(options))
        std::printf("%-10s %s\n", what, path.string().c_str());
}

} // namespace jazzlstm::app
