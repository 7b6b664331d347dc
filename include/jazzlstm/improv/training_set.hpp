// The training set of one or more corpora: one vocabulary for all, and windows of Tx tokens drawn
// over every corpus without crossing from one file into the next (docs/generation.md, "Training").
//
// One corpus with the defaults gets the notebook's exact windows (m = 60, numpy seed 0). A corpus
// of many files gets windows in proportion to its size, each drawn uniformly over all the places
// a window fits in some file; a file shorter than a window is read as a loop (the piece da capo).
// A validation split holds out the end of every file long enough to spare a window.
#pragma once

#include <jazzlstm/core/error.hpp>
#include <jazzlstm/core/random.hpp>
#include <jazzlstm/core/vocabulary.hpp>
#include <jazzlstm/improv/network.hpp>
#include <jazzlstm/music/corpus.hpp>
#include <jazzlstm/nn/sequences.hpp>
#include <jazzlstm/nn/training_data.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace jazzlstm {

/// Most windows one training set may hold: two int matrices of Tx × m are allocated for them.
constexpr int max_training_windows = 1 << 20;

/// How to cut the windows.
struct TrainingSetOptions {
    /// Training windows; unset: the notebook's 60 for one corpus, a tenth of the tokens (each token
    /// in about three windows of 30) but at least 60 for several.
    std::optional<int> windows;
    /// Share of each corpus's tokens held out at its end for validation, 0 … 0.5 (0: none).
    double validation = 0;
};

/// The corpora turned into the network's input.
struct TrainingSet {
    Vocabulary vocabulary;                   ///< union of the corpora's vocabularies (sorted)
    std::vector<int> indices;                ///< all corpora's tokens, concatenated in file order
    std::vector<std::size_t> corpus_starts;  ///< where each corpus begins in `indices`
    TrainingData data;                       ///< the training windows
    TrainingData validation;                 ///< the held-out windows (no columns when there are none)
    bool notebook_windows = false;           ///< exactly the notebook's data_processing (one corpus, 60, seed 0)
    std::size_t looped = 0;                  ///< corpora shorter than a window, read as loops
    std::size_t held_out_tokens = 0;
    std::vector<std::string> notes;          ///< report lines

    int windows() const noexcept { return static_cast<int>(data.X.cols()); }
    int validation_windows() const noexcept { return static_cast<int>(validation.X.cols()); }
};

namespace detail {

    /// A stretch of `indices` windows are cut from.
    struct Span {
        std::size_t start = 0, length = 0;
        /// Window starts it offers: those where a window fits (the notebook's choice range), or one
        /// per token for a stretch too short for a window, whose windows wrap around.
        std::int64_t starts(int Tx) const
        {
            return length > static_cast<std::size_t>(Tx) ? static_cast<std::int64_t>(length) - Tx : static_cast<std::int64_t>(length);
        }
    };

    /// m windows drawn uniformly over all window starts of `spans`, with numpy's generator.
    inline TrainingData draw_windows(const std::vector<int>& indices, const std::vector<Span>& spans, int V, int m, int Tx, std::uint32_t seed)
    {
        TrainingData out;
        out.V = V;
        out.X.setConstant(Tx, m, no_token);
        out.Y.setConstant(Tx, m, no_token);
        std::vector<std::int64_t> ends; // cumulative window starts
        std::int64_t total = 0;
        for (const Span& s : spans)
            ends.push_back(total += s.starts(Tx));
        NumpyRandomState rs(seed);
        for (int i = 0; i < m; ++i) {
            const std::int64_t r = rs.choice(total);
            const std::size_t k = static_cast<std::size_t>(std::upper_bound(ends.begin(), ends.end(), r) - ends.begin());
            const Span& s = spans[k];
            const std::int64_t offset = r - (ends[k] - s.starts(Tx));
            out.start_indices.push_back(static_cast<std::int64_t>(s.start) + offset);
            for (int t = 1; t < Tx; ++t) {
                const int value = indices[s.start + static_cast<std::size_t>(offset + t) % s.length];
                out.X(t, i) = value;
                out.Y(t - 1, i) = value;
            }
        }
        return out;
    }

} // namespace detail

/// One vocabulary for all corpora (their union), their token indices concatenated in the order
/// given, and the windows of options (see the file comment). With one corpus and the defaults
/// this is exactly the notebook's X/Y.
/// @throws argument_error `jazzlstm.improv.no_corpus` for no corpora, `jazzlstm.improv.validation`
///         for a share outside [0, 0.5] or a split no corpus is long enough for (it needs
///         2·(Tx+1) tokens), `jazzlstm.improv.windows` for fewer than one window; limit_error
///         `jazzlstm.improv.too_many_windows` above max_training_windows.
/// Allocates: yes.
inline TrainingSet make_training_set(const std::vector<Corpus>& corpora, const TrainingSetOptions& options = {})
{
    if (corpora.empty())
        throw argument_error("jazzlstm.improv.no_corpus", "no corpus to train on");
    const int Tx = SoloNetwork::time_steps;
    const double v = options.validation;
    if (!(v >= 0 && v <= 0.5))
        throw argument_error("jazzlstm.improv.validation", "the validation share must be in 0 .. 0.5, got " + std::to_string(v));
    TrainingSet set;
    std::vector<std::vector<std::string>> all;
    for (const auto& c : corpora)
        all.push_back(c.tokens);
    set.vocabulary = Vocabulary::from_corpora(all);
    for (const auto& c : corpora) {
        set.corpus_starts.push_back(set.indices.size());
        const std::vector<int> part = set.vocabulary.encode(c.tokens);
        set.indices.insert(set.indices.end(), part.begin(), part.end());
    }
    const int V = static_cast<int>(set.vocabulary.size());

    std::vector<detail::Span> train, held;
    std::size_t longest = 0, train_tokens = 0;
    for (std::size_t k = 0; k < corpora.size(); ++k) {
        const std::size_t n = corpora[k].tokens.size();
        if (n == 0)
            continue;
        longest = std::max(longest, n);
        const std::size_t window = static_cast<std::size_t>(Tx) + 1;
        std::size_t hold = 0;
        if (v > 0 && n >= 2 * window)
            hold = std::min(n - window, std::max(window, static_cast<std::size_t>(std::ceil(static_cast<double>(n) * v))));
        train.push_back({ set.corpus_starts[k], n - hold });
        train_tokens += n - hold;
        set.looped += n - hold <= static_cast<std::size_t>(Tx) ? 1 : 0;
        if (hold > 0) {
            held.push_back({ set.corpus_starts[k] + n - hold, hold });
            set.held_out_tokens += hold;
        }
    }
    if (v > 0 && held.empty())
        throw argument_error("jazzlstm.improv.validation", "no corpus is long enough to hold out a window: that takes "
                + std::to_string(2 * (Tx + 1)) + " tokens, and the longest has " + std::to_string(longest));

    const long long wanted = options.windows ? *options.windows
        : corpora.size() == 1             ? training_windows
                                          : std::max<long long>(training_windows, static_cast<long long>((train_tokens + 9) / 10));
    if (wanted < 1)
        throw argument_error("jazzlstm.improv.windows", "at least one training window is needed, got " + std::to_string(wanted));
    if (wanted > max_training_windows)
        throw limit_error("jazzlstm.improv.too_many_windows",
            std::to_string(wanted) + " windows exceed the cap of " + std::to_string(max_training_windows));
    const int m = static_cast<int>(wanted);

    if (corpora.size() == 1 && v == 0 && set.indices.size() > static_cast<std::size_t>(Tx)) {
        // The notebook's data_processing, draw for draw.
        set.data = make_training_data(set.indices, V, m, Tx, training_window_seed);
        set.notebook_windows = m == training_windows;
    } else {
        set.data = detail::draw_windows(set.indices, train, V, m, Tx, training_window_seed);
    }
    if (!held.empty()) {
        const int mv = std::max(1, static_cast<int>(std::lround(static_cast<double>(m) * v / (1 - v))));
        set.validation = detail::draw_windows(set.indices, held, V, std::min(mv, max_training_windows), Tx, training_window_seed + 1);
    } else {
        set.validation.V = V;
        set.validation.X.resize(Tx, 0);
        set.validation.Y.resize(Tx, 0);
    }

    set.notes.push_back(std::to_string(set.indices.size()) + " tokens in " + std::to_string(corpora.size()) + " corpus(es), vocabulary "
        + std::to_string(V) + "; " + std::to_string(m) + " windows of " + std::to_string(Tx)
        + (set.notebook_windows ? " (the notebook's, numpy seed 0)" : corpora.size() > 1 ? ", none across two files" : ""));
    if (set.looped)
        set.notes.push_back(std::to_string(set.looped) + " corpus(es) shorter than a window (" + std::to_string(Tx + 1)
            + " tokens) are read as loops");
    if (!held.empty())
        set.notes.push_back("validation: the last " + std::to_string(set.held_out_tokens) + " tokens of " + std::to_string(held.size())
            + " corpus(es), " + std::to_string(set.validation_windows()) + " windows");
    return set;
}

} // namespace jazzlstm
