// Activation functions of the jazz LSTM as a policy type, so that a faster or more exact
// variant can be swapped in without touching the layers (RTNeural's maths provider idea).
#pragma once

#include <Eigen/Core>

#include <cmath>

namespace jazzlstm {

/// The activations Keras uses in the notebook's model: sigmoid (the LSTM's recurrent
/// activation; not hard_sigmoid), tanh and a column-wise softmax.
///
/// Every function works in place on caller-owned storage and never allocates.
struct DefaultMaths {
    /// x ← 1 / (1 + exp(−x)). Eigen's `logistic` is vectorised (a rational approximation
    /// for float, exp-based otherwise). Allocates: no.
    template <typename Derived>
    static void sigmoid_inplace(const Eigen::ArrayBase<Derived>& x_) noexcept
    {
        auto& x = const_cast<Eigen::ArrayBase<Derived>&>(x_);
        x = x.logistic();
    }

    /// x ← tanh(x). Allocates: no.
    template <typename Derived>
    static void tanh_inplace(const Eigen::ArrayBase<Derived>& x_) noexcept
    {
        auto& x = const_cast<Eigen::ArrayBase<Derived>&>(x_);
        x = x.tanh();
    }

    /// Replaces each column of `z` (logits, one column per example) by its softmax.
    /// Written column by column on purpose: the broadcast form
    /// `(z.colwise() - z.rowwise().maxCoeff())` is not vectorised by Eigen 3.4 and is
    /// several times slower at 78 × 60. Allocates: no.
    template <typename Derived>
    static void softmax_columns_inplace(const Eigen::MatrixBase<Derived>& z_) noexcept
    {
        auto& z = const_cast<Eigen::MatrixBase<Derived>&>(z_);
        using Scalar = typename Derived::Scalar;
        for (Eigen::Index j = 0; j < z.cols(); ++j) {
            auto col = z.col(j).array();
            const Scalar max = col.maxCoeff();
            col = (col - max).exp();
            col *= Scalar(1) / col.sum();
        }
    }
};

} // namespace jazzlstm
