// The notebook's `densor = Dense(n_values, activation='softmax')`, applied to a⟨t⟩.
//
// Storage: kernel_ (V × NA) = Keras kernel (NA × V) transposed, so logits of m examples are
// one V × NA by NA × m product; bias_ (V). The softmax itself is in loss.hpp / activations.hpp
// because training fuses it with the cross-entropy.
#pragma once

#include <jazzlstm/nn/detail/gemm.hpp>
#include <jazzlstm/nn/initializers.hpp>

#include <Eigen/Core>

namespace jazzlstm {

/// Dense(V) on NA inputs; the softmax is applied by the caller. Holds parameters and their
/// gradients only.
template <typename T, int NA>
class Dense {
public:
    using Scalar = T;
    using KernelMatrix = Eigen::Matrix<T, Eigen::Dynamic, NA>;
    using Vector = Eigen::Matrix<T, Eigen::Dynamic, 1>;
    using Matrix = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>;
    using StateMatrix = Eigen::Matrix<T, NA, Eigen::Dynamic>;
    using StateVector = Eigen::Matrix<T, NA, 1>;

    /// Zero weights for `output_size` classes. Allocates: yes.
    explicit Dense(int output_size)
        : kernel_(KernelMatrix::Zero(output_size, NA))
        , bias_(Vector::Zero(output_size))
        , kernel_grad_(KernelMatrix::Zero(output_size, NA))
        , bias_grad_(Vector::Zero(output_size))
        , kernel_transposed_(NA, output_size)
    {
    }

    /// glorot_uniform kernel (fan_in NA, fan_out V, Keras element order), zero bias.
    /// Allocates: no.
    template <typename URBG>
    void initialize(URBG& rng)
    {
        glorot_uniform<T>(NA, output_size(), rng, [&](int r, int c, T v) { kernel_(c, r) = v; });
        bias_.setZero();
    }

    int output_size() const noexcept { return static_cast<int>(kernel_.rows()); }
    /// NA·V + V, as Keras counts it.
    long param_count() const noexcept { return long(output_size()) * (NA + 1); }

    KernelMatrix& kernel() noexcept { return kernel_; }
    const KernelMatrix& kernel() const noexcept { return kernel_; }
    Vector& bias() noexcept { return bias_; }
    const Vector& bias() const noexcept { return bias_; }
    const KernelMatrix& kernel_grad() const noexcept { return kernel_grad_; }
    const Vector& bias_grad() const noexcept { return bias_grad_; }

    template <typename F>
    void for_each_param(F&& f)
    {
        f("dense/kernel", kernel_, kernel_grad_);
        f("dense/bias", bias_, bias_grad_);
    }

    void zero_grad() noexcept
    {
        kernel_grad_.setZero();
        bias_grad_.setZero();
    }

    /// Adds another layer's gradients to this one's (the shards of a split batch). Allocates: no.
    void add_gradients(const Dense& other) noexcept
    {
        kernel_grad_ += other.kernel_grad_;
        bias_grad_ += other.bias_grad_;
    }

    /// logits = kernel·a + bias for every column of `a`. Allocates: no.
    void forward(const Eigen::Ref<const StateMatrix>& a, Eigen::Ref<Matrix> logits) const noexcept;

    /// Batch-1 logits on a fixed-size state. Allocates: no.
    void forward_one(const StateVector& a, Vector& logits) const noexcept
    {
        logits_one(a, logits);
    }

    /// Given dL/dlogits for all columns, adds the weight gradients (one product over all
    /// columns, which is how the Dense layer shared by Tx steps collects them) and writes
    /// da = kernelᵀ·dlogits. Allocates: no.
    void backward(const Eigen::Ref<const Matrix>& dlogits, const Eigen::Ref<const StateMatrix>& a,
        Eigen::Ref<StateMatrix> da) noexcept;

private:
    // Eigen's GEMV leaves the V mod packet rows that end each column (14 of 78) to scalar
    // code, a third of a generation step; the packet kernel ends on an overlapping packet.
    void logits_one(const StateVector& a, Vector& logits) const noexcept;

    KernelMatrix kernel_;
    Vector bias_;
    KernelMatrix kernel_grad_;
    Vector bias_grad_;
    StateMatrix kernel_transposed_; // NA × V scratch of backward()
};

// The products are defined out of the class, so they are not inline: an explicit instantiation
// (nn/model_instances.hpp) then holds them for the translation units that declare it extern.

template <typename T, int NA>
void Dense<T, NA>::forward(const Eigen::Ref<const StateMatrix>& a, Eigen::Ref<Matrix> logits) const noexcept
{
    detail::gemm<false>(output_size(), a.cols(), NA, kernel_.data(), kernel_.outerStride(),
        detail::RightOperand<T> { a.data(), 1, a.outerStride() }, logits.data(), logits.outerStride());
    logits.colwise() += bias_;
}

template <typename T, int NA>
void Dense<T, NA>::backward(const Eigen::Ref<const Matrix>& dlogits, const Eigen::Ref<const StateMatrix>& a,
    Eigen::Ref<StateMatrix> da) noexcept
{
    const Eigen::Index cols = dlogits.cols();
    // kernel_grad += dlogits · aᵀ (aᵀ read in place: depth along a's columns).
    detail::gemm<true>(output_size(), NA, cols, dlogits.data(), dlogits.outerStride(),
        detail::RightOperand<T> { a.data(), a.outerStride(), 1 }, kernel_grad_.data(), kernel_grad_.outerStride());
    bias_grad_.noalias() += dlogits.rowwise().sum();
    // da = kernelᵀ · dlogits through a transposed copy (V·NA scalars, once per call), so
    // the product streams packets of units.
    kernel_transposed_ = kernel_.transpose();
    detail::gemm<false>(NA, cols, output_size(), kernel_transposed_.data(), NA,
        detail::RightOperand<T> { dlogits.data(), 1, dlogits.outerStride() }, da.data(), da.outerStride());
}

template <typename T, int NA>
void Dense<T, NA>::logits_one(const StateVector& a, Vector& logits) const noexcept
{
    detail::gemm<false>(output_size(), 1, NA, kernel_.data(), kernel_.outerStride(),
        detail::RightOperand<T> { a.data(), 1, NA }, logits.data(), logits.size());
    logits += bias_;
}

} // namespace jazzlstm
