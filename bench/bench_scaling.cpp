// Training time per epoch as the batch m, the units n_a and the vocabulary V grow (Tx 30,
// full batch + Adam, float, all windows distinct). Arguments: m, V, threads; n_a is a
// template argument (64, 128, 256). Reports wall time and process CPU time (both threads):
// bench/compare compares one thread on CPU time and two threads on wall time. Time must grow
// linearly with m (and with Tx, which is fixed here); with threads 2, batches of 256+
// distinct windows are split over two threads (smaller ones run on one).
#include <jazzlstm/model.hpp>

#include <benchmark/benchmark.h>

#include <memory>
#include <random>

namespace {

constexpr int Tx = 30;

template <int NA>
void BM_scaling_epoch(benchmark::State& state)
{
    const int m = static_cast<int>(state.range(0));
    const int V = static_cast<int>(state.range(1));
    const int threads = static_cast<int>(state.range(2));
    jazzlstm::IndexSequences X(Tx, m), Y(Tx, m);
    std::mt19937_64 rng(3);
    for (int j = 0; j < m; ++j) {
        X(0, j) = jazzlstm::no_token;
        for (int t = 1; t < Tx; ++t)
            X(t, j) = static_cast<int>(rng() % static_cast<unsigned>(V));
        for (int t = 0; t + 1 < Tx; ++t)
            Y(t, j) = X(t + 1, j);
        Y(Tx - 1, j) = jazzlstm::no_token;
    }
    auto model = std::make_unique<jazzlstm::JazzModel<float, Tx, NA>>(V, 1);
    model->set_compute_options({ true, threads });
    model->train_step(X, Y); // sizes the buffers and starts the helper thread
    for (auto _ : state) {
        const auto stats = model->train_step(X, Y);
        benchmark::DoNotOptimize(stats.loss);
    }
    state.SetItemsProcessed(state.iterations()); // epochs
    state.counters["windows/s"] = benchmark::Counter(double(m) * double(state.iterations()), benchmark::Counter::kIsRate);
}

void shapes(benchmark::internal::Benchmark* b)
{
    for (int V : { 78, 500 })
        for (int m : { 60, 600, 6000 })
            for (int threads : { 1, 2 })
                b->Args({ m, V, threads });
    // Process CPU time counts both threads; the iteration count follows wall time.
    b->ArgNames({ "m", "V", "threads" })->Unit(benchmark::kMillisecond)->MinTime(0.2)->MeasureProcessCPUTime()->UseRealTime();
}

} // namespace

BENCHMARK_TEMPLATE(BM_scaling_epoch, 64)->Apply(shapes);
BENCHMARK_TEMPLATE(BM_scaling_epoch, 128)->Apply(shapes);
BENCHMARK_TEMPLATE(BM_scaling_epoch, 256)->Apply(shapes);

BENCHMARK_MAIN();
