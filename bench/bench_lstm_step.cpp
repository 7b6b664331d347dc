// The LSTM step kernel of the jazz model (n_a 64, V 78): batch 1 and batch 60, forward
// alone and forward + backward, plus the full batch-1 generation step (LSTM + Dense + softmax).
#include <jazzlstm/model.hpp>

#include <benchmark/benchmark.h>

#include <memory>
#include <random>

namespace {

constexpr int NA = 64;
constexpr int V = 78;

template <typename T>
struct StepFixture {
    using Layer = jazzlstm::LSTM<T, NA>;
    std::unique_ptr<Layer> lstm;
    typename Layer::StateMatrix a_prev, c_prev, a, c, tanh_c, da, dc, da_prev;
    typename Layer::GateMatrix gates, dz;
    std::vector<int> tokens;

    explicit StepFixture(int m)
        : lstm(std::make_unique<Layer>(V))
        , a_prev(Layer::StateMatrix::Random(NA, m))
        , c_prev(Layer::StateMatrix::Random(NA, m))
        , a(NA, m)
        , c(NA, m)
        , tanh_c(NA, m)
        , da(Layer::StateMatrix::Random(NA, m))
        , dc(Layer::StateMatrix::Zero(NA, m))
        , da_prev(NA, m)
        , gates(4 * NA, m)
        , dz(4 * NA, m)
        , tokens(static_cast<std::size_t>(m))
    {
        std::mt19937_64 rng(1);
        lstm->initialize(rng);
        lstm->prepare_backward();
        for (auto& t : tokens)
            t = static_cast<int>(rng() % V);
    }
    void forward()
    {
        lstm->forward_step([this](Eigen::Index j) { return tokens[static_cast<std::size_t>(j)]; }, a_prev, c_prev, gates, c,
            tanh_c, a);
    }
    void backward() { lstm->backward_step(gates, c_prev, tanh_c, da, dc, dz, da_prev, true); }
};

template <typename T>
void BM_lstm_step_forward(benchmark::State& state)
{
    StepFixture<T> f(static_cast<int>(state.range(0)));
    for (auto _ : state) {
        f.forward();
        benchmark::DoNotOptimize(f.a.data());
        benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(state.iterations()); // steps
}

template <typename T>
void BM_lstm_step_forward_backward(benchmark::State& state)
{
    StepFixture<T> f(static_cast<int>(state.range(0)));
    for (auto _ : state) {
        f.forward();
        f.backward();
        benchmark::DoNotOptimize(f.da_prev.data());
        benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(state.iterations());
}

/// What one generated token costs: LSTM step, Dense, softmax, batch 1.
template <typename T>
void BM_generation_step(benchmark::State& state)
{
    using Model = jazzlstm::JazzModel<T>;
    auto model = std::make_unique<Model>(V, 1);
    auto s = model->make_inference_state();
    int token = 5;
    for (auto _ : state) {
        const auto& p = model->step(s, token);
        benchmark::DoNotOptimize(p.data());
        token = (token + 1) % V;
    }
    state.SetItemsProcessed(state.iterations());
}

/// The greedy token: LSTM step, fused Dense + argmax, no softmax.
template <typename T>
void BM_generation_step_greedy(benchmark::State& state)
{
    using Model = jazzlstm::JazzModel<T>;
    auto model = std::make_unique<Model>(V, 1);
    auto s = model->make_inference_state();
    int token = 5;
    for (auto _ : state) {
        const int next = model->step_greedy(s, token);
        benchmark::DoNotOptimize(next);
        token = (token + 1) % V;
    }
    state.SetItemsProcessed(state.iterations());
}

} // namespace

BENCHMARK_TEMPLATE(BM_lstm_step_forward, float)->Arg(1)->Arg(60);
BENCHMARK_TEMPLATE(BM_lstm_step_forward, double)->Arg(1)->Arg(60);
BENCHMARK_TEMPLATE(BM_lstm_step_forward_backward, float)->Arg(1)->Arg(60);
BENCHMARK_TEMPLATE(BM_lstm_step_forward_backward, double)->Arg(1)->Arg(60);
BENCHMARK_TEMPLATE(BM_generation_step, float);
BENCHMARK_TEMPLATE(BM_generation_step, double);
BENCHMARK_TEMPLATE(BM_generation_step_greedy, float);
BENCHMARK_TEMPLATE(BM_generation_step_greedy, double);

BENCHMARK_MAIN();
