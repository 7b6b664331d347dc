// One full-batch training epoch of the jazz model (m 60, Tx 30, n_a 64, V 78: forward,
// BPTT and the Adam step) and generating Ty = 50 tokens at batch 1.
#include <jazzlstm/model.hpp>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <random>
#include <vector>

namespace {

constexpr int Tx = 30;
constexpr int m = 60;
constexpr int V = 78;

/// The seed configuration's windows exactly as the notebook draws them: numpy seed 0 picks
/// 60 start indices with replacement among len(corpus) − Tx = 163 (the 78-value reference
/// corpus has 193 tokens), so 11 windows repeat and 49 are distinct, as on the real data
/// (metheny_reference.json). The corpus is a seeded random walk: the tokens themselves do
/// not change the cost, only which windows repeat does.
struct Data {
    jazzlstm::TrainingData windows;
    Data()
    {
        std::mt19937_64 rng(3);
        std::vector<int> corpus(193);
        int note = 0;
        for (auto& c : corpus)
            c = note = (note + static_cast<int>(rng() % 7) + V - 3) % V;
        windows = jazzlstm::make_training_data(corpus, V, m, Tx, 0);
    }
    long distinct() const
    {
        std::vector<std::int64_t> s = windows.start_indices;
        std::sort(s.begin(), s.end());
        return static_cast<long>(std::unique(s.begin(), s.end()) - s.begin());
    }
};

template <typename T>
void run_epochs(benchmark::State& state, bool merge_duplicates)
{
    const Data data;
    auto model = std::make_unique<jazzlstm::JazzModel<T, Tx, 64>>(V, 1);
    model->set_compute_options({ merge_duplicates, 1 });
    const auto& X = data.windows.X;
    const auto& Y = data.windows.Y;
    model->train_step(X, Y); // sizes the buffers
    for (auto _ : state) {
        const auto stats = model->train_step(X, Y);
        benchmark::DoNotOptimize(stats.loss);
    }
    state.SetItemsProcessed(state.iterations()); // epochs
    state.counters["computed_windows"] = merge_duplicates ? double(data.distinct()) : double(m);
}

/// One full-batch epoch as the library runs it: forward, BPTT and Adam over the 49 distinct
/// windows, each weighted by its count (the same loss and gradients as all 60).
template <typename T>
void BM_training_epoch(benchmark::State& state)
{
    run_epochs<T>(state, true);
}

/// The same epoch computing all 60 windows (merging off): the cost for 60 distinct windows,
/// and the like-for-like comparison with bench_gemm's products of 60 windows.
template <typename T>
void BM_training_epoch_all60(benchmark::State& state)
{
    run_epochs<T>(state, false);
}

template <typename T>
void BM_generate_50(benchmark::State& state)
{
    using Model = jazzlstm::JazzModel<T, Tx, 64>;
    auto model = std::make_unique<Model>(V, 1);
    auto s = model->make_inference_state();
    int indices[50];
    for (auto _ : state) {
        model->template generate_into<50>(s, indices, jazzlstm::argmax);
        benchmark::DoNotOptimize(indices);
    }
    state.SetItemsProcessed(state.iterations() * 50); // tokens
}

/// The greedy fast path (fused Dense + argmax, no softmax) that generate<Ty>() uses.
template <typename T>
void BM_generate_50_greedy(benchmark::State& state)
{
    using Model = jazzlstm::JazzModel<T, Tx, 64>;
    auto model = std::make_unique<Model>(V, 1);
    auto s = model->make_inference_state();
    int indices[50];
    for (auto _ : state) {
        model->template generate_greedy_into<50>(s, indices);
        benchmark::DoNotOptimize(indices);
    }
    state.SetItemsProcessed(state.iterations() * 50); // tokens
}

} // namespace

BENCHMARK_TEMPLATE(BM_training_epoch, float)->Unit(benchmark::kMillisecond);
BENCHMARK_TEMPLATE(BM_training_epoch, double)->Unit(benchmark::kMillisecond);
BENCHMARK_TEMPLATE(BM_training_epoch_all60, float)->Unit(benchmark::kMillisecond);
BENCHMARK_TEMPLATE(BM_training_epoch_all60, double)->Unit(benchmark::kMillisecond);
BENCHMARK_TEMPLATE(BM_generate_50, float)->Unit(benchmark::kMicrosecond);
BENCHMARK_TEMPLATE(BM_generate_50, double)->Unit(benchmark::kMicrosecond);
BENCHMARK_TEMPLATE(BM_generate_50_greedy, float)->Unit(benchmark::kMicrosecond);
BENCHMARK_TEMPLATE(BM_generate_50_greedy, double)->Unit(benchmark::kMicrosecond);

BENCHMARK_MAIN();
