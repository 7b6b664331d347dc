// The notebook's `reshapor = Reshape((1, n_values))`: it only adds a length-1 time axis so
// that Keras's LSTM accepts one step. With token indices in columns there is nothing to move,
// so this layer is the identity; it exists so the graph and summary() read like the notebook.
#pragma once

namespace jazzlstm {

/// Reshape((1, V)) of the notebook: maps a step's token indices to themselves.
/// Holds no parameters. Allocates: no.
struct Reshape {
    static constexpr int param_count = 0;

    /// Returns its argument: an index column already is a (1, V) one-hot row per example.
    template <typename Tokens>
    const Tokens& operator()(const Tokens& tokens) const noexcept
    {
        return tokens;
    }
};

} // namespace jazzlstm
