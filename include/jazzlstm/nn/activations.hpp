// The activation functions of the jazz LSTM as a policy type (RTNeural's maths provider idea),
// so that a faster approximation or a more exact variant can be swapped in without touching
// the layers: JazzModel<T, Tx, NA, Maths> hands its policy to the LSTM (gates and tanh(c)),
// to the training loss's softmax and to the generation step's softmax.
//
// A policy is a type with three static, in-place, non-allocating functions over Eigen arrays:
//   sigmoid_inplace(x)   x ← 1 / (1 + exp(−x))
//   tanh_inplace(x)      x ← tanh(x)
//   exp_inplace(x)       x ← exp(x)        (the softmax's; x ≤ 0 there, shifted by the max)
// Deriving from DefaultMaths and hiding some of them replaces only those (docs/numerics.md).
#pragma once

#include <Eigen/Core>

#include <cmath>

namespace jazzlstm {

/// The activations Keras uses in the notebook's model: sigmoid (the LSTM's recurrent
/// activation; not hard_sigmoid) and tanh, and exp for the softmax, through Eigen's
/// vectorised functions. Every function works in place on caller-owned storage.
struct DefaultMaths {
    /// x ← 1 / (1 + exp(−x)). Eigen's `logistic` is vectorised (a rational approximation
    /// for float, exp-based otherwise). Allocates: no.
    template <typename Derived>
    static void sigmoid_inplace(const Eigen::ArrayBase<Derived>& x_) noexcept
    {
        // Eigen's idiom for writable block arguments: const in the signature, cast away here.
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

    /// x ← exp(x). Allocates: no.
    template <typename Derived>
    static void exp_inplace(const Eigen::ArrayBase<Derived>& x_) noexcept
    {
        auto& x = const_cast<Eigen::ArrayBase<Derived>&>(x_);
        x = x.exp();
    }
};

namespace detail {

    /// One column of logits → its softmax, given the column's maximum; returns Σ exp(z − max),
    /// from which the loss forms log-probabilities. The one softmax of the library: the loss
    /// and softmax_columns_inplace both call it. Allocates: no.
    template <typename Maths, typename Column>
    typename Column::Scalar softmax_column_inplace(Column& col, typename Column::Scalar max) noexcept
    {
        using Scalar = typename Column::Scalar;
        col.array() -= max;
        Maths::exp_inplace(col.array());
        const Scalar sum = col.sum();
        col *= Scalar(1) / sum;
        return sum;
    }

} // namespace detail

/// Replaces each column of `z` (logits, one column per example) by its softmax.
/// Written column by column on purpose: the broadcast form
/// `(z.colwise() - z.rowwise().maxCoeff())` is not vectorised by Eigen 3.4 and is
/// several times slower at 78 × 60. Allocates: no.
template <typename Maths = DefaultMaths, typename Derived>
void softmax_columns_inplace(const Eigen::MatrixBase<Derived>& z_) noexcept
{
    auto& z = const_cast<Eigen::MatrixBase<Derived>&>(z_);
    for (Eigen::Index j = 0; j < z.cols(); ++j) {
        auto col = z.col(j);
        detail::softmax_column_inplace<Maths>(col, col.maxCoeff());
    }
}

} // namespace jazzlstm
