// The training set of one or more corpora: one vocabulary for all, and the notebook's windows.
#pragma once

#include <jazzlstm/core/error.hpp>
#include <jazzlstm/core/vocabulary.hpp>
#include <jazzlstm/improv/network.hpp>
#include <jazzlstm/music/corpus.hpp>
#include <jazzlstm/nn/training_data.hpp>

#include <string>
#include <vector>

namespace jazzlstm {

/// The corpora of one or more files turned into the network's input.
struct TrainingSet {
    Vocabulary vocabulary;      ///< union of the corpora's vocabularies (sorted)
    std::vector<int> indices;   ///< all corpora's tokens, concatenated in file order
    TrainingData data;          ///< the notebook's windows over `indices`
};

/// One vocabulary for all corpora (their union), the token indices of the corpora concatenated
/// in the order given, and the notebook's m = 60 windows of Tx = 30 cut from that sequence with
/// numpy seed 0. With one corpus this is exactly the notebook's X/Y; with several, a window may
/// straddle the join of two files (documented in docs/cli.md).
/// @throws argument_error `jazzlstm.improv.no_corpus` for no corpora, and make_training_data's
///         `jazzlstm.training.corpus_too_short` when all corpora hold fewer than 31 tokens.
/// Allocates: yes.
inline TrainingSet make_training_set(const std::vector<Corpus>& corpora)
{
    if (corpora.empty())
        throw argument_error("jazzlstm.improv.no_corpus", "no corpus to train on");
    TrainingSet set;
    std::vector<std::vector<std::string>> all;
    for (const auto& c : corpora)
        all.push_back(c.tokens);
    set.vocabulary = Vocabulary::from_corpora(all);
    for (const auto& c : corpora) {
        const std::vector<int> part = set.vocabulary.encode(c.tokens);
        set.indices.insert(set.indices.end(), part.begin(), part.end());
    }
    if (set.indices.size() < static_cast<std::size_t>(ImprovModel::time_steps) + 1)
        throw argument_error("jazzlstm.training.corpus_too_short", "the corpora hold " + std::to_string(set.indices.size())
                + " tokens; the training windows need at least " + std::to_string(ImprovModel::time_steps + 1)
                + " (Tx + 1): train on a longer solo or on several files, or on a wider window of the piece");
    set.data = make_training_data(set.indices, static_cast<int>(set.vocabulary.size()), training_windows,
        ImprovModel::time_steps, training_window_seed);
    return set;
}

} // namespace jazzlstm
