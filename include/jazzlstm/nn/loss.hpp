// Softmax + categorical cross-entropy over columns, fused so the loss is taken from the
// logits (log-sum-exp) rather than from rounded probabilities.
//
// Convention (Keras, several outputs): the model's loss is the sum over the Tx outputs of
// each output's batch-mean cross-entropy. A no_token target is an all-zero one-hot row: its
// cross-entropy is 0, it still counts in the batch size m, and its gradient is 0.
// TF-Keras computes the cross-entropy of a Softmax output from the logits, without the 1e-7
// clipping of the probability path, which is what this matches.
#pragma once

#include <jazzlstm/nn/activations.hpp>
#include <jazzlstm/nn/argmax.hpp>
#include <jazzlstm/nn/sequences.hpp>

#include <Eigen/Core>

#include <cmath>

namespace jazzlstm {

/// Sums over a set of columns; loss = sum / m for a batch of m.
struct CrossEntropySums {
    double loss_sum = 0.0; ///< Σ −log p(target) over scored columns
    long scored = 0;       ///< columns whose target is not no_token
    long correct = 0;      ///< scored columns whose argmax (nn/argmax.hpp) is the target
};

/// Every column counts once (the default column weight).
struct UnitWeights {
    int operator()(Eigen::Index) const noexcept { return 1; }
};

/// Turns each column of `z` (logits) into its softmax in place and returns the cross-entropy
/// sums against `target(k)` for column k (no_token: not scored). Column k stands for
/// `weight(k)` identical examples (a training batch with repeated windows computes each
/// distinct window once): its loss, scored and correct counts are multiplied by it.
/// Allocates: no.
template <typename Maths = DefaultMaths, typename Derived, typename Targets, typename Weights = UnitWeights>
CrossEntropySums softmax_cross_entropy_inplace(const Eigen::MatrixBase<Derived>& z_, const Targets& target,
    const Weights& weight = Weights {}) noexcept
{
    auto& z = const_cast<Eigen::MatrixBase<Derived>&>(z_);
    using Scalar = typename Derived::Scalar;
    CrossEntropySums sums;
    for (Eigen::Index k = 0; k < z.cols(); ++k) {
        auto col = z.col(k);
        const int y = target(k);
        // The accuracy's argmax is generation's (nn/argmax.hpp), taken on the logits: the
        // softmax is monotonic, but rounding could tie probabilities that the logits order.
        const int best = argmax(col);
        const Scalar max = col(best);
        const Scalar z_y = y == no_token ? Scalar(0) : col(y);
        const bool correct = y != no_token && best == y;
        const Scalar sum = detail::softmax_column_inplace<Maths>(col, max);
        if (y != no_token) {
            const int w = weight(k);
            sums.loss_sum += w * (static_cast<double>(max) + std::log(static_cast<double>(sum)) - static_cast<double>(z_y));
            sums.scored += w;
            sums.correct += correct ? w : 0;
        }
    }
    return sums;
}

/// Turns softmax outputs `p` in place into dL/dlogits for L = (1/m)·Σ cross-entropy:
/// (p − onehot(y)) · scale · weight(k) with scale = 1/m; zero for no_token columns.
/// Allocates: no.
template <typename Derived, typename Targets, typename Weights = UnitWeights>
void softmax_cross_entropy_gradient_inplace(const Eigen::MatrixBase<Derived>& p_, const Targets& target,
    typename Derived::Scalar scale, const Weights& weight = Weights {}) noexcept
{
    using Scalar = typename Derived::Scalar;
    auto& p = const_cast<Eigen::MatrixBase<Derived>&>(p_);
    for (Eigen::Index k = 0; k < p.cols(); ++k) {
        const int y = target(k);
        if (y == no_token) {
            p.col(k).setZero();
        } else {
            const Scalar s = scale * static_cast<Scalar>(weight(k));
            p.col(k) *= s;
            p(y, k) -= s;
        }
    }
}

} // namespace jazzlstm
