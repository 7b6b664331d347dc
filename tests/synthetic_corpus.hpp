// A fixed synthetic corpus and notebook-style training windows for the network tests, so
// they do not depend on the MIDI pipeline. Everything is drawn from explicit generator bits.
#pragma once

#include <jazzlstm/nn/sequences.hpp>

#include <cstdint>
#include <random>
#include <vector>

namespace jazzlstm::test {

/// A seeded "melody" over `values` tokens: a repeated 16-token motif whose notes move by
/// small random steps, with one random token in eight replaced, so there is structure to
/// learn and noise that cannot be learnt.
inline std::vector<int> synthetic_corpus(int values, int length, std::uint64_t seed)
{
    std::mt19937_64 rng(seed);
    std::vector<int> motif(16);
    int note = static_cast<int>(rng() % static_cast<std::uint64_t>(values));
    for (int& m : motif) {
        note = (note + static_cast<int>(rng() % 7) - 3 + values) % values;
        m = note;
    }
    std::vector<int> corpus(static_cast<std::size_t>(length));
    int shift = 0;
    for (int i = 0; i < length; ++i) {
        if (i % 16 == 0)
            shift = static_cast<int>(rng() % 5);
        int token = (motif[static_cast<std::size_t>(i % 16)] + shift) % values;
        if (rng() % 8 == 0)
            token = static_cast<int>(rng() % static_cast<std::uint64_t>(values));
        corpus[static_cast<std::size_t>(i)] = token;
    }
    return corpus;
}

struct Windows {
    IndexSequences X;
    IndexSequences Y;
};

/// The notebook's data_processing: m windows of Tx tokens at seeded offsets; X[0] is the
/// all-zero input, X[t] = window[t], Y[t] = X[t+1], Y[Tx−1] is the all-zero target.
inline Windows synthetic_windows(const std::vector<int>& corpus, int Tx, int m, std::uint64_t seed)
{
    std::mt19937_64 rng(seed);
    Windows w { IndexSequences(Tx, m), IndexSequences(Tx, m) };
    const auto span = static_cast<std::uint64_t>(corpus.size()) - static_cast<std::uint64_t>(Tx);
    for (int j = 0; j < m; ++j) {
        const auto s = static_cast<std::size_t>(rng() % span);
        w.X(0, j) = no_token;
        for (int t = 1; t < Tx; ++t)
            w.X(t, j) = corpus[s + static_cast<std::size_t>(t)];
        for (int t = 0; t + 1 < Tx; ++t)
            w.Y(t, j) = w.X(t + 1, j);
        w.Y(Tx - 1, j) = no_token;
    }
    return w;
}

} // namespace jazzlstm::test
