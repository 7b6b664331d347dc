// One full-batch training epoch of the jazz model (m 60, Tx 30, n_a 64, V 78: forward,
// BPTT and the Adam step) and generating Ty = 50 tokens at batch 1.
#include <jazzlstm/model.hpp>

#include <benchmark/benchmark.h>

#include <memory>
#include <random>

namespace {

constexpr int Tx = 30;
constexpr int m = 60;
constexpr int V = 78;

/// Notebook-shaped windows over a seeded random-walk corpus (content does not change the cost).
struct Data {
    jazzlstm::IndexSequences X { Tx, m }, Y { Tx, m };
    Data()
    {
        std::mt19937_64 rng(3);
        std::vector<int> corpus(200);
        int note = 0;
        for (auto& c : corpus)
            c = note = (note + static_cast<int>(rng() % 7) + V - 3) % V;
        for (int j = 0; j < m; ++j) {
            const auto s = static_cast<std::size_t>(rng() % (200 - Tx));
            X(0, j) = jazzlstm::no_token;
            for (int t = 1; t < Tx; ++t)
                X(t, j) = corpus[s + static_cast<std::size_t>(t)];
            for (int t = 0; t + 1 < Tx; ++t)
                Y(t, j) = X(t + 1, j);
            Y(Tx - 1, j) = jazzlstm::no_token;
        }
    }
};

template <typename T>
void BM_training_epoch(benchmark::State& state)
{
    const Data data;
    auto model = std::make_unique<jazzlstm::JazzModel<T, Tx, 64>>(V, 1);
    model->train_step(data.X, data.Y); // sizes the buffers
    for (auto _ : state) {
        const auto stats = model->train_step(data.X, data.Y);
        benchmark::DoNotOptimize(stats.loss);
    }
    state.SetItemsProcessed(state.iterations()); // epochs
}

template <typename T>
void BM_generate_50(benchmark::State& state)
{
    using Model = jazzlstm::JazzModel<T, Tx, 64>;
    auto model = std::make_unique<Model>(V, 1);
    auto s = model->make_inference_state();
    int indices[50];
    for (auto _ : state) {
        model->template generate_into<50>(s, indices, &Model::argmax_chooser);
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
BENCHMARK_TEMPLATE(BM_generate_50, float)->Unit(benchmark::kMicrosecond);
BENCHMARK_TEMPLATE(BM_generate_50, double)->Unit(benchmark::kMicrosecond);
BENCHMARK_TEMPLATE(BM_generate_50_greedy, float)->Unit(benchmark::kMicrosecond);
BENCHMARK_TEMPLATE(BM_generate_50_greedy, double)->Unit(benchmark::kMicrosecond);

BENCHMARK_MAIN();
