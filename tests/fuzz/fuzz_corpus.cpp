// Fuzz target: the corpus pipeline on arbitrary MIDI bytes (midi.hpp → corpus.hpp → vocabulary.hpp).
//
// Bytes → midi::parse → build_corpus with the automatic part choice, in both music21 behaviours
// (first byte's low bit). It must succeed or throw a jazzlstm::error. A corpus it builds must be
// consistent: tokens non-empty and canonical grammar tokens, the vocabulary sorted and unique,
// indices in [0, V) that decode back to the tokens, and chosen tracks that exist.
#include "fuzz_support.hpp"

#include <jazzlstm/music/corpus.hpp>
#include <jazzlstm/music/grammar.hpp>
#include <jazzlstm/music/midi.hpp>

#include <algorithm>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace jazzlstm;
    if (size == 0)
        return 0;
    midi::ReadLimits limits;
    limits.max_bytes = std::size_t { 1 } << 20;
    limits.max_events = std::size_t { 1 } << 16;
    return fuzz::guarded([&] {
        CorpusOptions options;
        options.behaviour = (data[0] & 1) ? Music21Behaviour::music21_5 : Music21Behaviour::music21_6;
        const midi::File file = midi::parse(data + 1, size - 1, "<fuzz>", limits);
        const Corpus corpus = build_corpus(file, options);

        fuzz::require(!corpus.tokens.empty(), "a built corpus has tokens");
        const auto& vocab = corpus.vocabulary.tokens();
        fuzz::require(!vocab.empty() && std::is_sorted(vocab.begin(), vocab.end())
                && std::adjacent_find(vocab.begin(), vocab.end()) == vocab.end(),
            "the vocabulary is sorted and unique");
        for (const auto& token : vocab)
            fuzz::require(is_canonical_token(token), "every vocabulary entry is a canonical grammar token");
        std::vector<int> indices;
        fuzz::must_succeed("Corpus::indices", [&] { indices = corpus.indices(); });
        fuzz::require(indices.size() == corpus.tokens.size(), "one index per token");
        for (const int index : indices)
            fuzz::require(index >= 0 && static_cast<std::size_t>(index) < vocab.size(), "indices lie in [0, V)");
        fuzz::require(corpus.vocabulary.decode(indices) == corpus.tokens, "indices decode back to the tokens");
        fuzz::require(corpus.parts.melody >= 0, "a melody track was chosen");
        fuzz::require(corpus.parts.window_lo <= corpus.parts.window_hi, "the window is ordered");
    });
}
