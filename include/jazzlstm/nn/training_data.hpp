// The notebook's training windows: `data_processing(corpus, values_indices, m=60, Tx=30)`.
//
// m windows of Tx tokens are cut from the corpus at offsets drawn by numpy's legacy generator,
// so that with seed 0 they are the very windows the notebook trained on (grammar-spec §9).
// Network side: receives token indices (std::vector<int>), never token strings.
#pragma once

#include <jazzlstm/core/error.hpp>
#include <jazzlstm/core/random.hpp>
#include <jazzlstm/nn/sequences.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace jazzlstm {

/// The windows of one call to `make_training_data`, as token indices.
struct TrainingData {
    IndexSequences X;   ///< Tx × m: X(0, i) = no_token, X(t, i) = window_i[t] for t ≥ 1
    IndexSequences Y;   ///< Tx × m: Y(t, i) = X(t+1, i) for t < Tx−1, Y(Tx−1, i) = no_token
    int V = 0;          ///< number of distinct values (the one-hot depth)
    std::vector<std::int64_t> start_indices; ///< the m window offsets s_i, in draw order
};

/// A dense one-hot tensor in C (numpy) order: element (i, j, k) is data[(i·dim1 + j)·dim2 + k].
template <typename T>
struct OneHotTensor {
    std::ptrdiff_t dim0 = 0;
    std::ptrdiff_t dim1 = 0;
    std::ptrdiff_t dim2 = 0;
    std::vector<T> data;

    T operator()(std::ptrdiff_t i, std::ptrdiff_t j, std::ptrdiff_t k) const { return data[static_cast<std::size_t>((i * dim1 + j) * dim2 + k)]; }
};

/// Cuts m training windows of length Tx out of `corpus`, exactly as the notebook does:
/// `np.random.seed(seed)`, then for each i, s = choice(len(corpus) − Tx) and the window is
/// corpus[s : s+Tx]; the window's first token is never used (X starts with an all-zero row).
/// @param corpus token indices, each in [0, V)
/// @param V      vocabulary size (one-hot depth)
/// @param m      number of windows (the notebook: 60)
/// @param Tx     window length (the notebook: 30)
/// @param seed   numpy seed (the notebook: 0)
/// @throws argument_error `jazzlstm.training.bad_size` (V, m or Tx ≤ 0),
///         `jazzlstm.training.corpus_too_short` (fewer than Tx+1 tokens),
///         `jazzlstm.training.index_out_of_range` (a corpus index outside [0, V); context.position).
/// Allocates: yes (the two Tx × m matrices).
inline TrainingData make_training_data(const std::vector<int>& corpus, int V, int m = 60, int Tx = 30, std::uint32_t seed = 0)
{
    if (V <= 0 || m <= 0 || Tx <= 0)
        throw argument_error("jazzlstm.training.bad_size",
            "V, m and Tx must be positive, got V=" + std::to_string(V) + ", m=" + std::to_string(m) + ", Tx=" + std::to_string(Tx));
    if (corpus.size() < static_cast<std::size_t>(Tx) + 1)
        throw argument_error("jazzlstm.training.corpus_too_short",
            "a corpus of " + std::to_string(corpus.size()) + " tokens is shorter than Tx+1 = " + std::to_string(Tx + 1));
    for (std::size_t p = 0; p < corpus.size(); ++p) {
        if (corpus[p] < 0 || corpus[p] >= V) {
            error_context where;
            where.position = p;
            where.token = std::to_string(corpus[p]);
            throw argument_error("jazzlstm.training.index_out_of_range",
                "token index outside [0, " + std::to_string(V) + ")", std::move(where));
        }
    }

    TrainingData out;
    out.V = V;
    out.X.setConstant(Tx, m, no_token);
    out.Y.setConstant(Tx, m, no_token);
    out.start_indices.reserve(static_cast<std::size_t>(m));
    NumpyRandomState rs(seed);
    const auto range = static_cast<std::int64_t>(corpus.size()) - Tx;
    for (int i = 0; i < m; ++i) {
        const std::int64_t s = rs.choice(range);
        out.start_indices.push_back(s);
        for (int t = 1; t < Tx; ++t) {
            const int value = corpus[static_cast<std::size_t>(s + t)];
            out.X(t, i) = value;
            out.Y(t - 1, i) = value;
        }
    }
    return out;
}

namespace detail {

    template <typename T>
    OneHotTensor<T> one_hot_tensor(const IndexSequences& sequences, int V, bool batch_major)
    {
        if (V <= 0)
            throw argument_error("jazzlstm.training.bad_size", "V must be positive, got " + std::to_string(V));
        OneHotTensor<T> out;
        const std::ptrdiff_t steps = sequences.rows();
        const std::ptrdiff_t batch = sequences.cols();
        out.dim0 = batch_major ? batch : steps;
        out.dim1 = batch_major ? steps : batch;
        out.dim2 = V;
        out.data.assign(static_cast<std::size_t>(steps * batch * V), T(0));
        for (std::ptrdiff_t i = 0; i < batch; ++i) {
            for (std::ptrdiff_t t = 0; t < steps; ++t) {
                const int value = sequences(t, i);
                if (value == no_token)
                    continue;
                if (value < 0 || value >= V) {
                    error_context where;
                    where.position = static_cast<std::size_t>(i * steps + t);
                    where.token = std::to_string(value);
                    throw argument_error("jazzlstm.training.index_out_of_range",
                        "token index outside [0, " + std::to_string(V) + ") at step " + std::to_string(t) + " of sequence " + std::to_string(i),
                        std::move(where));
                }
                const std::ptrdiff_t row = batch_major ? i * steps + t : t * batch + i;
                out.data[static_cast<std::size_t>(row * V + value)] = T(1);
            }
        }
        return out;
    }

} // namespace detail

/// One-hot expansion in batch-major order, the notebook's X layout: shape m × Tx × V
/// (element (i, t, v) = 1 iff sequences(t, i) == v; no_token rows stay all zero).
/// @throws argument_error `jazzlstm.training.index_out_of_range`, `jazzlstm.training.bad_size`.
/// Allocates: yes (m·Tx·V elements).
template <typename T = float>
OneHotTensor<T> one_hot_batch_major(const IndexSequences& sequences, int V)
{
    return detail::one_hot_tensor<T>(sequences, V, true);
}

/// One-hot expansion in time-major order, the notebook's Y layout after `np.swapaxes(Y, 0, 1)`:
/// shape Tx × m × V (element (t, i, v) = 1 iff sequences(t, i) == v).
/// @throws argument_error `jazzlstm.training.index_out_of_range`, `jazzlstm.training.bad_size`.
/// Allocates: yes (Tx·m·V elements).
template <typename T = float>
OneHotTensor<T> one_hot_time_major(const IndexSequences& sequences, int V)
{
    return detail::one_hot_tensor<T>(sequences, V, false);
}

/// The notebook's dense X (m × Tx × V) of a TrainingData. Allocates: yes.
template <typename T = float>
OneHotTensor<T> dense_x(const TrainingData& data) { return one_hot_batch_major<T>(data.X, data.V); }

/// The notebook's dense Y (Tx × m × V) of a TrainingData. Allocates: yes.
template <typename T = float>
OneHotTensor<T> dense_y(const TrainingData& data) { return one_hot_time_major<T>(data.Y, data.V); }

} // namespace jazzlstm
