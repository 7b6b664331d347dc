// The yardstick for the training epoch: only the matrix products of one full-batch epoch of
// the seed configuration (m 60, Tx 30, n_a 64, V 78), done with plain Eigen at the same
// shapes (Eigen may allocate its packing buffers here; nothing else is computed). An epoch
// of the model that is no slower than this has hidden the element-wise work, the loss and Adam.
#include <Eigen/Core>

#include <benchmark/benchmark.h>

namespace {

constexpr int Tx = 30;
constexpr int m = 60;
constexpr int NA = 64;
constexpr int V = 78;
constexpr int n = Tx * m;

template <typename T>
struct Shapes {
    using M = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>;
    M R = M::Random(4 * NA, NA), R_grad = M::Zero(4 * NA, NA);
    M W = M::Random(V, NA), W_grad = M::Zero(V, NA);
    M a = M::Random(NA, n + m), gates = M::Random(4 * NA, n), dz = M::Random(4 * NA, n);
    M logits = M::Zero(V, n), da = M::Zero(NA, n), da_prev = M::Zero(NA, m);

    void epoch()
    {
        // Forward: Tx − 1 recurrent products (a⟨0⟩ = 0 is skipped, as the model does), then
        // the Dense layer over all Tx·m columns.
        for (int t = 1; t < Tx; ++t)
            gates.middleCols(t * m, m).noalias() += R * a.middleCols(t * m, m);
        logits.noalias() = W * a.middleCols(m, n);
        // Backward: Dense weight gradient and dL/da, Tx − 1 products through the recurrent
        // kernel, then the recurrent weight gradient over the (Tx − 1)·m live columns.
        W_grad.noalias() += logits * a.middleCols(m, n).transpose();
        da.noalias() = W.transpose() * logits;
        for (int t = Tx - 1; t > 0; --t)
            da_prev.noalias() = R.transpose() * dz.middleCols(t * m, m);
        R_grad.noalias() += dz.rightCols(n - m) * a.middleCols(m, n - m).transpose();
    }

    static double flops()
    {
        const double rec = 2.0 * 4 * NA * NA * m * (Tx - 1);
        const double dense = 2.0 * V * NA * n;
        return 3 * rec + 3 * dense;
    }
};

template <typename T>
void BM_epoch_products(benchmark::State& state)
{
    Shapes<T> s;
    for (auto _ : state) {
        s.epoch();
        benchmark::DoNotOptimize(s.R_grad.data());
        benchmark::DoNotOptimize(s.da_prev.data());
        benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(state.iterations()); // epochs
    state.counters["GFLOPS"] = benchmark::Counter(Shapes<T>::flops() * double(state.iterations()) * 1e-9,
        benchmark::Counter::kIsRate);
}

} // namespace

BENCHMARK_TEMPLATE(BM_epoch_products, float)->Unit(benchmark::kMillisecond);
BENCHMARK_TEMPLATE(BM_epoch_products, double)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
