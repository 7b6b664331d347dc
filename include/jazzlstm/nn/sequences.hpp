// Batches of token-index sequences: how the network side receives its data.
//
// The network never multiplies by a one-hot matrix: a one-hot row is stored as the index
// of its 1, and an all-zero row (the notebook's x<0> and last target) as `no_token`.
#pragma once

#include <Eigen/Core>

namespace jazzlstm {

/// Marks an all-zero one-hot row: no input at this step, or no target to score.
constexpr int no_token = -1;

/// Token indices, one column per example and one row per time step (Tx × m).
using IndexSequences = Eigen::Matrix<int, Eigen::Dynamic, Eigen::Dynamic>;

} // namespace jazzlstm
