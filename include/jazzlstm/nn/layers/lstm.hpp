// The notebook's LSTM_cell: Keras LSTM(n_a, return_state=True) applied one step at a time.
//
// Storage is transposed with respect to Keras so that the batch runs along columns:
//   kernel_    (4·NA × V)  = Keras kernel (V × 4·NA) transposed; column k is what a
//                            one-hot input with a 1 at k adds, contiguous for the gather;
//   recurrent_ (4·NA × NA) = Keras recurrent_kernel transposed;
//   bias_      (4·NA).
// Gate blocks are stacked in Keras's order i, f, c (the candidate, called g below), o.
// Conversion to and from Keras's layout happens only in JazzModel::keras_weights() and
// JazzModel::set_keras_weights().
#pragma once

#include <jazzlstm/nn/activations.hpp>
#include <jazzlstm/core/config.hpp>
#include <jazzlstm/nn/detail/gemm.hpp>
#include <jazzlstm/nn/initializers.hpp>
#include <jazzlstm/nn/sequences.hpp>

#include <Eigen/Core>

namespace jazzlstm {

/// One LSTM cell with NA units over one-hot inputs of size `input_size()` given as token
/// indices. It holds parameters and their gradients only; per-step state lives in
/// caller-owned buffers, so one object serves every step of an unrolled graph.
template <typename T, int NA, typename Maths = DefaultMaths>
class LSTM {
public:
    static_assert(NA > 0, "LSTM needs at least one unit");
    static constexpr int units = NA;
    static constexpr int gate_rows = 4 * NA;

    using Scalar = T;
    /// 4·NA × n: stacked gates (i, f, g, o), one column per example.
    using GateMatrix = Eigen::Matrix<T, 4 * NA, Eigen::Dynamic>;
    /// NA × n: hidden or cell state, one column per example.
    using StateMatrix = Eigen::Matrix<T, NA, Eigen::Dynamic>;
    using GateVector = Eigen::Matrix<T, 4 * NA, 1>;
    using StateVector = Eigen::Matrix<T, NA, 1>;
    /// NA × 4·NA: the recurrent kernel transposed, the layout backward_step streams (heap
    /// storage: at n_a 256 it is larger than Eigen's fixed-size limit).
    using TransposedGateMatrix = Eigen::Matrix<T, NA, Eigen::Dynamic>;

    /// Zero weights for inputs of `input_size` values. Allocates: yes (the weight matrices).
    explicit LSTM(int input_size)
        : kernel_(GateMatrix::Zero(gate_rows, input_size))
        , recurrent_(GateMatrix::Zero(gate_rows, NA))
        , bias_(GateVector::Zero())
        , kernel_grad_(GateMatrix::Zero(gate_rows, input_size))
        , recurrent_grad_(GateMatrix::Zero(gate_rows, NA))
        , bias_grad_(GateVector::Zero())
        , recurrent_transposed_(TransposedGateMatrix::Zero(NA, gate_rows))
    {
    }

    /// Keras's default initialisation: glorot_uniform kernel, orthogonal recurrent kernel,
    /// zero bias with the forget-gate block set to 1 (unit_forget_bias). Draws are made
    /// in Keras's element order (kernel first). Allocates: yes (QR workspace).
    template <typename URBG>
    void initialize(URBG& rng)
    {
        glorot_uniform<T>(input_size(), gate_rows, rng, [&](int r, int c, T v) { kernel_(c, r) = v; });
        orthogonal<T>(NA, gate_rows, rng, [&](int r, int c, T v) { recurrent_(c, r) = v; });
        bias_.setZero();
        bias_.template segment<NA>(NA).setOnes();
    }

    int input_size() const noexcept { return static_cast<int>(kernel_.cols()); }
    /// 4·NA·(V + NA + 1), as Keras counts it.
    long param_count() const noexcept { return long(gate_rows) * (input_size() + NA + 1); }

    GateMatrix& kernel() noexcept { return kernel_; }
    const GateMatrix& kernel() const noexcept { return kernel_; }
    GateMatrix& recurrent_kernel() noexcept { return recurrent_; }
    const GateMatrix& recurrent_kernel() const noexcept { return recurrent_; }
    GateVector& bias() noexcept { return bias_; }
    const GateVector& bias() const noexcept { return bias_; }
    const GateMatrix& kernel_grad() const noexcept { return kernel_grad_; }
    const GateMatrix& recurrent_kernel_grad() const noexcept { return recurrent_grad_; }
    const GateVector& bias_grad() const noexcept { return bias_grad_; }

    /// Calls f(name, value, gradient) for the three parameter tensors in Keras's order.
    template <typename F>
    void for_each_param(F&& f)
    {
        f("lstm/kernel", kernel_, kernel_grad_);
        f("lstm/recurrent_kernel", recurrent_, recurrent_grad_);
        f("lstm/bias", bias_, bias_grad_);
    }

    void zero_grad() noexcept
    {
        kernel_grad_.setZero();
        recurrent_grad_.setZero();
        bias_grad_.setZero();
    }

    /// Adds another layer's gradients to this one's (the shards of a split batch). Allocates: no.
    void add_gradients(const LSTM& other) noexcept
    {
        kernel_grad_ += other.kernel_grad_;
        recurrent_grad_ += other.recurrent_grad_;
        bias_grad_ += other.bias_grad_;
    }

    /// One step for m examples (m = gates.cols()). `token(j)` is example j's input index or
    /// no_token (an all-zero input: the gather is skipped). Writes the activated gates
    /// (kept for the backward pass), c⟨t⟩, tanh(c⟨t⟩) and a⟨t⟩. The four gate products are one
    /// 4·NA × NA by NA × m product, skipped when the caller knows a_prev is zero (the first
    /// step of the notebook's graph). Allocates: no.
    template <typename Tokens>
    void forward_step(const Tokens& token, const Eigen::Ref<const StateMatrix>& a_prev,
        const Eigen::Ref<const StateMatrix>& c_prev, Eigen::Ref<GateMatrix> gates, Eigen::Ref<StateMatrix> c,
        Eigen::Ref<StateMatrix> tanh_c, Eigen::Ref<StateMatrix> a, bool a_prev_is_zero = false) const noexcept
    {
        const Eigen::Index m = gates.cols();
        for (Eigen::Index j = 0; j < m; ++j) {
            const int k = token(j);
            JAZZLSTM_ASSERT(k == no_token || (k >= 0 && k < input_size()));
            if (k == no_token)
                gates.col(j) = bias_;
            else
                gates.col(j) = bias_ + kernel_.col(k);
        }
        if (!a_prev_is_zero)
            detail::gemm<true>(gate_rows, m, NA, recurrent_.data(), gate_rows,
                detail::RightOperand<T> { a_prev.data(), 1, a_prev.outerStride() }, gates.data(), gates.outerStride());
        // Column by column, so that a column's gates, c and a stay in registers / L1 between
        // the activations and the cell update (the whole 4·NA × m block does not fit in L1).
        for (Eigen::Index j = 0; j < m; ++j) {
            auto z = gates.col(j);
            activate(z);
            auto i = z.template head<NA>().array();
            auto f = z.template segment<NA>(NA).array();
            auto g = z.template segment<NA>(2 * NA).array();
            auto o = z.template tail<NA>().array();
            auto cj = c.col(j);
            auto tcj = tanh_c.col(j);
            cj.array() = f * c_prev.col(j).array() + i * g;
            tcj = cj;
            Maths::tanh_inplace(tcj.array());
            a.col(j).array() = o * tcj.array();
        }
    }

    /// Batch-1 step on fixed-size vectors (the generation path). `gates` is scratch.
    /// a and c are updated in place. Allocates: no.
    void forward_one(int token, StateVector& a, StateVector& c, GateVector& gates) const noexcept;

    /// Copies the recurrent kernel into the transposed layout that backward_step reads, so that
    /// recurrent_kernelᵀ·dz streams SIMD packets without a per-step transpose. Call it after
    /// any change of the weights and before backward_step (JazzModel does so at the start of
    /// every backward pass). Allocates: no.
    void prepare_backward() noexcept { recurrent_transposed_ = recurrent_.transpose(); }

    /// Backward through one step. In: the step's activated gates, c⟨t−1⟩, tanh(c⟨t⟩), the
    /// total gradient `da` of the loss with respect to a⟨t⟩, and in `dc` the gradient with
    /// respect to c⟨t⟩ that arrives from step t+1. Out: `dz` (gradient with respect to the
    /// gate pre-activations), `dc` overwritten with the gradient with respect to c⟨t−1⟩,
    /// and, when `with_da_prev`, `da_prev` = recurrent_kernelᵀ·dz. Allocates: no.
    void backward_step(const Eigen::Ref<const GateMatrix>& gates, const Eigen::Ref<const StateMatrix>& c_prev,
        const Eigen::Ref<const StateMatrix>& tanh_c, const Eigen::Ref<const StateMatrix>& da,
        Eigen::Ref<StateMatrix> dc, Eigen::Ref<GateMatrix> dz, Eigen::Ref<StateMatrix> da_prev,
        bool with_da_prev) const noexcept;

    /// recurrent_grad += dz · a_prevᵀ over all columns at once: column t·m + j of `dz` and
    /// `a_prev` belongs to step t, example j, so the recurrent gradient of the whole unrolled
    /// graph is one product. The first `zero_state_columns` columns may be declared to have
    /// a_prev = 0 (step 0 of the graph); the product then skips them. Allocates: no.
    void accumulate_recurrent_gradient(const Eigen::Ref<const GateMatrix>& dz, const Eigen::Ref<const StateMatrix>& a_prev,
        Eigen::Index zero_state_columns = 0) noexcept;

    /// Adds the bias gradient and the input kernel gradient of any set of columns; `token(k)`
    /// gives the input index fed in column k (or no_token). The kernel gradient is a
    /// scatter-add of dz columns into the columns of the tokens that were fed, never a one-hot
    /// product; a training graph calls it per step while that step's dz is still in cache.
    /// Allocates: no.
    template <typename Tokens>
    void accumulate_input_gradients(const Tokens& token, const Eigen::Ref<const GateMatrix>& dz) noexcept
    {
        for (Eigen::Index k = 0; k < dz.cols(); ++k) {
            const auto dzk = dz.col(k);
            bias_grad_ += dzk;
            const int x = token(k);
            if (x != no_token)
                kernel_grad_.col(x) += dzk;
        }
    }

private:
    template <typename Gates>
    static void activate(Gates& gates) noexcept
    {
        Maths::sigmoid_inplace(gates.template topRows<2 * NA>().array());
        Maths::tanh_inplace(gates.template middleRows<NA>(2 * NA).array());
        Maths::sigmoid_inplace(gates.template bottomRows<NA>().array());
    }

    GateMatrix kernel_;
    GateMatrix recurrent_;
    GateVector bias_;
    GateMatrix kernel_grad_;
    GateMatrix recurrent_grad_;
    GateVector bias_grad_;
    TransposedGateMatrix recurrent_transposed_; // snapshot taken by prepare_backward()
};

// The products are defined out of the class, so they are not inline: an explicit instantiation
// (nn/model_instances.hpp) then holds them for the translation units that declare it extern.

template <typename T, int NA, typename Maths>
void LSTM<T, NA, Maths>::forward_one(int token, StateVector& a, StateVector& c, GateVector& gates) const noexcept
{
    JAZZLSTM_ASSERT(token == no_token || (token >= 0 && token < input_size()));
    if (token == no_token)
        gates = bias_;
    else
        gates = bias_ + kernel_.col(token);
    // A fixed-size view lets Eigen specialise the GEMV for 4·NA × NA.
    gates.noalias() += Eigen::Map<const Eigen::Matrix<T, 4 * NA, NA>, Eigen::Aligned16>(recurrent_.data()) * a;
    activate(gates);
    c.array() = gates.template segment<NA>(NA).array() * c.array()
        + gates.template head<NA>().array() * gates.template segment<NA>(2 * NA).array();
    a = c;
    Maths::tanh_inplace(a.array());
    a.array() *= gates.template tail<NA>().array();
}

template <typename T, int NA, typename Maths>
void LSTM<T, NA, Maths>::backward_step(const Eigen::Ref<const GateMatrix>& gates, const Eigen::Ref<const StateMatrix>& c_prev,
    const Eigen::Ref<const StateMatrix>& tanh_c, const Eigen::Ref<const StateMatrix>& da,
    Eigen::Ref<StateMatrix> dc, Eigen::Ref<GateMatrix> dz, Eigen::Ref<StateMatrix> da_prev,
    bool with_da_prev) const noexcept
{
    // Column by column, for the locality reason given in forward_step.
    for (Eigen::Index j = 0; j < gates.cols(); ++j) {
        const auto z = gates.col(j);
        auto i = z.template head<NA>().array();
        auto f = z.template segment<NA>(NA).array();
        auto g = z.template segment<NA>(2 * NA).array();
        auto o = z.template tail<NA>().array();
        auto dzj = dz.col(j);
        auto dca = dc.col(j).array();
        const auto tc = tanh_c.col(j).array();
        const auto daa = da.col(j).array();
        dca += daa * o * (T(1) - tc * tc);
        dzj.template tail<NA>().array() = daa * tc * o * (T(1) - o);
        dzj.template head<NA>().array() = dca * g * i * (T(1) - i);
        dzj.template segment<NA>(NA).array() = dca * c_prev.col(j).array() * f * (T(1) - f);
        dzj.template segment<NA>(2 * NA).array() = dca * i * (T(1) - g * g);
        dca *= f;
    }
    if (with_da_prev) {
        JAZZLSTM_ASSERT(recurrent_transposed_ == recurrent_.transpose() && "call prepare_backward() first");
        detail::gemm<false>(NA, dz.cols(), gate_rows, recurrent_transposed_.data(), NA,
            detail::RightOperand<T> { dz.data(), 1, dz.outerStride() }, da_prev.data(), da_prev.outerStride());
    }
}

template <typename T, int NA, typename Maths>
void LSTM<T, NA, Maths>::accumulate_recurrent_gradient(const Eigen::Ref<const GateMatrix>& dz, const Eigen::Ref<const StateMatrix>& a_prev,
    Eigen::Index zero_state_columns) noexcept
{
    JAZZLSTM_ASSERT(a_prev.cols() == dz.cols() && zero_state_columns <= dz.cols());
    const Eigen::Index live = dz.cols() - zero_state_columns;
    // recurrent_grad += dz · a_prevᵀ: a_prevᵀ(k, j) = a_prev(j, k), so the right operand's
    // depth runs along a_prev's columns and its columns along a_prev's rows.
    detail::gemm<true>(gate_rows, NA, live, dz.data() + zero_state_columns * dz.outerStride(), dz.outerStride(),
        detail::RightOperand<T> { a_prev.data() + zero_state_columns * a_prev.outerStride(), a_prev.outerStride(), 1 },
        recurrent_grad_.data(), gate_rows);
}

} // namespace jazzlstm
