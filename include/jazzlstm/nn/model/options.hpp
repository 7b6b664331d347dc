// The small value types of JazzModel's training interface: what an epoch reports, how fit
// batches the windows, and how the arithmetic is run (none of which changes the mathematics).
#pragma once

namespace jazzlstm {

/// Loss and accuracy of one epoch (or one batch).
struct EpochStats {
    double loss = 0.0;     ///< Σ over the Tx outputs of the batch-mean cross-entropy
    double accuracy = 0.0; ///< fraction of scored steps whose argmax equals the target
};

/// Options of JazzModel::fit.
struct FitOptions {
    /// 0 (the default) = one full-batch Adam step per epoch, as the issue asks. A positive
    /// value splits the m windows into consecutive batches of that size (the last one
    /// shorter), one Adam step each, like Keras's batch_size but without shuffling.
    int batch_size = 0;
};

/// How JazzModel runs training arithmetic; none of it changes the mathematics.
struct ComputeOptions {
    /// Compute each distinct window of a batch once, weighted by how often it occurs.
    bool merge_duplicate_windows = true;
    /// Threads for the two shards of a large batch: 1 runs them one after the other on the
    /// caller's thread. Results are identical for any value.
    int threads = 2;
};

} // namespace jazzlstm
