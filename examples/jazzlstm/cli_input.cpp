// Reading the program's inputs: MIDI files or the embedded corpus, and their corpora.
#include "inputs.hpp"
#include "corpus_choice.hpp"

#include "jazzlstm_default_corpus.hpp"

#include <cstdio>
#include <iostream>

#include <unistd.h> // isatty: a live progress line only on a terminal

namespace jazzlstm::app {

midi::File load_midi(const std::string& name)
{
    if (name == default_corpus_name)
        return midi::parse(embedded::default_corpus_mid, embedded::default_corpus_mid_size, "@default (embedded corpus)");
    return midi::read_file(name);
}

CorpusCollection load_corpora(const Options& options, const std::vector<std::string>& names)
{
    std::vector<std::string> files;
    for (const auto& name : names) {
        if (name == default_corpus_name) {
            files.push_back(name);
            continue;
        }
        for (const auto& path : midi_files(name))
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

void report_file(const Options& options, const char* what, const std::filesystem::path& path)
{
    if (chatty(options))
        std::printf("%-10s %s\n", what, path.string().c_str());
}

} // namespace jazzlstm::app
