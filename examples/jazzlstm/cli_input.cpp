// Reading the program's inputs: MIDI files or the embedded corpus, and their corpora.
#include "inputs.hpp"
#include "corpus_choice.hpp"

#include "jazzlstm_default_corpus.hpp"

#include <cstdio>
#include <iostream>

namespace jazzlstm::app {

midi::File load_midi(const std::string& name)
{
    if (name == default_corpus_name)
        return midi::parse(embedded::default_corpus_mid, embedded::default_corpus_mid_size, "@default (embedded corpus)");
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
