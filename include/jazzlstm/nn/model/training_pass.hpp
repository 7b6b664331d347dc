// The unrolled training graph of JazzModel, forward and backward over a batch of distinct
// windows (model/window_table.hpp):
//   a⟨0⟩ = c⟨0⟩ = 0
//   for t in 0..Tx−1:  x = reshapor(X[t]);  a⟨t+1⟩, c⟨t+1⟩ = LSTM(x, a⟨t⟩, c⟨t⟩);  ŷ⟨t⟩ = softmax(Dense(a⟨t+1⟩))
//   loss = Σ_t (1/m) Σ_j CE(ŷ⟨t⟩_j, Y[t]_j)
// Every step's cache (gates, c, tanh c, a) is a column block of a few buffers allocated once
// in prepare(), so the Dense layer and the LSTM's weight gradients are each ONE product over
// all Tx·m columns (see docs/architecture.md for the backward equations).
//
// A batch of at least parallel_min_windows distinct windows is cut into two shards whose
// forward and backward passes run on two threads, the second on a replica of the layers; the
// cut does not depend on the thread count, so neither do the results.
#pragma once

#include <jazzlstm/nn/activations.hpp>
#include <jazzlstm/nn/detail/worker.hpp>
#include <jazzlstm/nn/layers/dense.hpp>
#include <jazzlstm/nn/layers/lstm.hpp>
#include <jazzlstm/nn/layers/reshape.hpp>
#include <jazzlstm/nn/loss.hpp>
#include <jazzlstm/nn/model/options.hpp>
#include <jazzlstm/nn/model/window_table.hpp>
#include <jazzlstm/nn/sequences.hpp>

#include <Eigen/Core>

#include <memory>
#include <thread>

namespace jazzlstm::detail {

/// The step buffers of the unrolled graph and the two-shard split of a batch.
/// `Maths` is the activation policy (nn/activations.hpp) of the LSTM and the loss's softmax.
template <typename T, int Tx, int NA, typename Maths>
class TrainingPass {
public:
    using LSTMLayer = LSTM<T, NA, Maths>;
    using DenseLayer = Dense<T, NA>;
    using Matrix = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>;
    using StateMatrix = typename LSTMLayer::StateMatrix;
    using GateMatrix = typename LSTMLayer::GateMatrix;

    /// Distinct windows per batch from which a batch is split into two shards.
    static constexpr int parallel_min_windows = 256;

    explicit TrainingPass(int values) noexcept
        : values_(values)
    {
    }

    /// Batches of up to `capacity()` windows fit the buffers.
    int capacity() const noexcept { return capacity_; }

    /// Sizes the buffers for batches of up to `max_batch` windows. Allocates: only when growing.
    void prepare(int max_batch);

    /// Forward (and backward) over the u distinct windows of `windows` stored from column col0,
    /// which stand for a batch of m windows; with `with_gradients`, overwrites the gradients of
    /// `lstm` and `dense` with d loss / d parameter. Allocates: the replica and the helper
    /// thread on the first batch of at least parallel_min_windows distinct windows, else no.
    EpochStats run(LSTMLayer& lstm, DenseLayer& dense, const WindowTable<Tx>& windows, Eigen::Index col0,
        Eigen::Index u, Eigen::Index m, bool with_gradients, int threads);

private:
    // Column k = t·n + j of a shard's step buffers belongs to step t, window j of the shard.
    struct StepColumns {
        const IndexSequences& s;
        Eigen::Index row, col0;
        int operator()(Eigen::Index j) const { return s(row, col0 + j); }
    };
    struct AllColumns {
        const IndexSequences& s;
        Eigen::Index n, col0;
        int operator()(Eigen::Index k) const { return s(k / n, col0 + k % n); }
    };
    struct ColumnWeights {
        const Eigen::VectorXi& w;
        Eigen::Index n, col0;
        int operator()(Eigen::Index k) const { return w(col0 + k % n); }
    };

    // One shard: windows [col0, col0 + n) of the table, using the layers `lstm` and `dense`
    // and the step buffers from shard column `first` on (a shard of n windows owns (Tx+1)·n
    // columns of a_ and c_, Tx·n of the per-step buffers and n of da_next_ / dc_). `scale` is
    // 1/m of the whole batch.
    struct Shard {
        TrainingPass* pass;
        const WindowTable<Tx>* windows;
        LSTMLayer* lstm;
        DenseLayer* dense;
        Eigen::Index col0, n, first;
        T scale;
        bool with_gradients;
        CrossEntropySums sums;

        static void run(void* self) noexcept
        {
            auto* s = static_cast<Shard*>(self);
            s->sums = s->pass->forward(*s);
            if (s->with_gradients)
                s->pass->backward(*s);
        }
    };

    CrossEntropySums forward(const Shard& s) noexcept;
    void backward(const Shard& s) noexcept;

    // The second shard's layers: a copy of the weights and its own gradients.
    struct Replica {
        explicit Replica(int values)
            : lstm(values)
            , dense(values)
        {
        }
        LSTMLayer lstm;
        DenseLayer dense;
    };

    Reshape reshapor_; // x = reshapor(X[t]), as the notebook's graph writes it
    int values_;
    int capacity_ = 0;
    StateMatrix a_;      // NA × (Tx+1)·m: a⟨0⟩ (zeros) … a⟨Tx⟩
    StateMatrix c_;      // NA × (Tx+1)·m
    StateMatrix tanh_c_; // NA × Tx·m
    GateMatrix gates_;   // 4·NA × Tx·m, activated
    GateMatrix dz_;      // 4·NA × Tx·m, gradient w.r.t. pre-activations
    Matrix probs_;       // V × Tx·m: logits, then softmax, then dL/dlogits
    StateMatrix da_;     // NA × Tx·m: Dense's contribution to dL/da, then the total
    StateMatrix da_next_;
    StateMatrix dc_;
    std::unique_ptr<Replica> replica_;
    std::unique_ptr<Worker> worker_; // last: destroyed (joined) first
};

template <typename T, int Tx, int NA, typename Maths>
void TrainingPass<T, Tx, NA, Maths>::prepare(int max_batch)
{
    if (max_batch <= capacity_)
        return;
    const Eigen::Index cols = Eigen::Index(Tx) * max_batch;
    a_.resize(NA, cols + max_batch);
    c_.resize(NA, cols + max_batch);
    tanh_c_.resize(NA, cols);
    gates_.resize(4 * NA, cols);
    dz_.resize(4 * NA, cols);
    probs_.resize(values_, cols);
    da_.resize(NA, cols);
    da_next_.resize(NA, max_batch);
    dc_.resize(NA, max_batch);
    capacity_ = max_batch;
}

template <typename T, int Tx, int NA, typename Maths>
EpochStats TrainingPass<T, Tx, NA, Maths>::run(LSTMLayer& lstm, DenseLayer& dense, const WindowTable<Tx>& windows,
    Eigen::Index col0, Eigen::Index u, Eigen::Index m, bool with_gradients, int threads)
{
    const T scale = T(1) / T(m);
    Shard shards[2] = { { this, &windows, &lstm, &dense, col0, u, 0, scale, with_gradients, {} }, {} };
    int count = 1;
    if (u >= parallel_min_windows) {
        const Eigen::Index half = u / 2;
        if (!replica_)
            replica_ = std::make_unique<Replica>(values_);
        replica_->lstm.kernel() = lstm.kernel();
        replica_->lstm.recurrent_kernel() = lstm.recurrent_kernel();
        replica_->lstm.bias() = lstm.bias();
        replica_->dense.kernel() = dense.kernel();
        replica_->dense.bias() = dense.bias();
        shards[0].n = half;
        shards[1] = { this, &windows, &replica_->lstm, &replica_->dense, col0 + half, u - half, half, scale, with_gradients, {} };
        count = 2;
    }
    const bool threaded = count == 2 && threads > 1 && std::thread::hardware_concurrency() > 1;
    if (threaded) {
        if (!worker_)
            worker_ = std::make_unique<Worker>();
        worker_->start(&Shard::run, &shards[1]);
    }
    Shard::run(&shards[0]);
    if (threaded)
        worker_->wait();
    else if (count == 2)
        Shard::run(&shards[1]);
    CrossEntropySums sums = shards[0].sums;
    if (count == 2) {
        sums.loss_sum += shards[1].sums.loss_sum;
        sums.scored += shards[1].sums.scored;
        sums.correct += shards[1].sums.correct;
        if (with_gradients) {
            lstm.add_gradients(replica_->lstm);
            dense.add_gradients(replica_->dense);
        }
    }
    EpochStats stats;
    stats.loss = sums.loss_sum / double(m);
    stats.accuracy = sums.scored > 0 ? double(sums.correct) / double(sums.scored) : 0.0;
    return stats;
}

template <typename T, int Tx, int NA, typename Maths>
CrossEntropySums TrainingPass<T, Tx, NA, Maths>::forward(const Shard& s) noexcept
{
    const IndexSequences& x = s.windows->x();
    const Eigen::Index n = s.n;
    const Eigen::Index steps = s.windows->scored_steps(s.col0, n);
    auto a = a_.middleCols((Tx + 1) * s.first, (Tx + 1) * n);
    auto c = c_.middleCols((Tx + 1) * s.first, (Tx + 1) * n);
    auto tanh_c = tanh_c_.middleCols(Tx * s.first, Tx * n);
    auto gates = gates_.middleCols(Tx * s.first, Tx * n);
    a.leftCols(n).setZero();
    c.leftCols(n).setZero();
    for (Eigen::Index t = 0; t < steps; ++t) {
        const Eigen::Index k = t * n;
        s.lstm->forward_step(reshapor_(StepColumns { x, t, s.col0 }), a.middleCols(k, n), c.middleCols(k, n), gates.middleCols(k, n),
            c.middleCols(k + n, n), tanh_c.middleCols(k, n), a.middleCols(k + n, n), t == 0);
    }
    const Eigen::Index live = steps * n;
    auto probs = probs_.middleCols(Tx * s.first, live);
    s.dense->forward(a.middleCols(n, live), probs);
    return softmax_cross_entropy_inplace<Maths>(probs, AllColumns { s.windows->y(), n, s.col0 },
        ColumnWeights { s.windows->counts(), n, s.col0 });
}

template <typename T, int Tx, int NA, typename Maths>
void TrainingPass<T, Tx, NA, Maths>::backward(const Shard& s) noexcept
{
    LSTMLayer& lstm = *s.lstm;
    lstm.zero_grad();
    s.dense->zero_grad();
    const IndexSequences& x = s.windows->x();
    const Eigen::Index n = s.n;
    const Eigen::Index steps = s.windows->scored_steps(s.col0, n);
    if (steps == 0)
        return;
    const Eigen::Index live = steps * n;
    auto a = a_.middleCols((Tx + 1) * s.first, (Tx + 1) * n);
    auto c = c_.middleCols((Tx + 1) * s.first, (Tx + 1) * n);
    auto tanh_c = tanh_c_.middleCols(Tx * s.first, Tx * n);
    auto gates = gates_.middleCols(Tx * s.first, Tx * n);
    auto dz = dz_.middleCols(Tx * s.first, Tx * n);
    auto da_all = da_.middleCols(Tx * s.first, Tx * n);
    auto dlogits = probs_.middleCols(Tx * s.first, live);
    softmax_cross_entropy_gradient_inplace(dlogits, AllColumns { s.windows->y(), n, s.col0 }, s.scale,
        ColumnWeights { s.windows->counts(), n, s.col0 });
    s.dense->backward(dlogits, a.middleCols(n, live), da_all.leftCols(live));
    lstm.prepare_backward();
    auto dc = dc_.middleCols(s.first, n);
    auto da_next = da_next_.middleCols(s.first, n);
    dc.setZero();
    for (Eigen::Index t = steps - 1; t >= 0; --t) {
        const Eigen::Index k = t * n;
        auto da_t = da_all.middleCols(k, n);
        if (t < steps - 1)
            da_t += da_next;
        lstm.backward_step(gates.middleCols(k, n), c.middleCols(k, n), tanh_c.middleCols(k, n), da_t, dc,
            dz.middleCols(k, n), da_next, t > 0);
        lstm.accumulate_input_gradients(reshapor_(StepColumns { x, t, s.col0 }), dz.middleCols(k, n));
    }
    lstm.accumulate_recurrent_gradient(dz.leftCols(live), a.leftCols(live), n);
}

} // namespace jazzlstm::detail
