// The jazz model of the notebook in C++ libtorch: the native alternative a C++ user would
// pick, timed like bench/pytorch_reference.py (same model, same loss, Keras's Adam, same
// windows) so that bench/compare can put it in the same table.
//
//     libtorch_reference [--threads N] [--min-seconds S] notebook | M,NA,V ...
//
// `cell` is the notebook's djmodel (one LSTMCell and one Linear per step), `fused` one
// nn::LSTM over the window and one Linear over all steps. `notebook` (m 60, n_a 64, V 78)
// times 100 epochs whole; M,NA,V sizes (uniform random tokens, all windows distinct) time
// single epochs after a warm-up, until --min-seconds of CPU time and at least 3 epochs (1
// when the warm-up took over 3 × --min-seconds; median). Prints JSON with process CPU
// seconds (every thread) and wall seconds.
// Built only with -DJAZZLSTM_BENCH_LIBTORCH=ON (needs Debian's libtorch-dev); not run by CI.
#include <torch/torch.h>
#include <torch/version.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace {

constexpr int Tx = 30;

struct Clocks {
    double cpu, wall;
};

Clocks now()
{
    timespec ts {};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
    return { double(ts.tv_sec) + 1e-9 * double(ts.tv_nsec), wall };
}

/// The notebook configuration's windows: a seeded random walk of 200 tokens (the content
/// does not change the cost), 60 windows at random starts, x<0> empty (-1).
torch::Tensor notebook_windows(int m, int V)
{
    std::mt19937 rng(3);
    std::vector<long> corpus(200);
    long note = 0;
    for (auto& c : corpus)
        c = note = (note + long(rng() % 7) + V - 3) % V;
    auto X = torch::full({ m, Tx }, -1, torch::kLong);
    auto x = X.accessor<long, 2>();
    for (int j = 0; j < m; ++j) {
        const auto s = long(rng() % (200 - Tx));
        for (int t = 1; t < Tx; ++t)
            x[j][t] = corpus[std::size_t(s + t)];
    }
    return X;
}

torch::Tensor random_windows(int m, int V)
{
    auto gen = at::detail::createCPUGenerator(3);
    auto X = torch::randint(0, V, { m, Tx }, gen, torch::kLong);
    X.select(1, 0).fill_(-1);
    return X;
}

/// Adam as Keras 2 applies it (eps outside the square root, legacy time-based decay).
struct KerasAdam {
    std::vector<torch::Tensor> params, m, v;
    long t = 0;
    explicit KerasAdam(std::vector<torch::Tensor> p) : params(std::move(p))
    {
        for (auto& q : params) {
            m.push_back(torch::zeros_like(q));
            v.push_back(torch::zeros_like(q));
        }
    }
    void step()
    {
        torch::NoGradGuard no_grad;
        const double lr = 0.01 / (1.0 + 0.01 * double(t));
        ++t;
        const double c1 = 1 - std::pow(0.9, double(t)), c2 = 1 - std::pow(0.999, double(t));
        for (std::size_t i = 0; i < params.size(); ++i) {
            const auto& g = params[i].grad();
            m[i].mul_(0.9).add_(g, 0.1);
            v[i].mul_(0.999).addcmul_(g, g, 0.001);
            params[i].addcdiv_(m[i], v[i].sqrt().add_(1e-7), -lr * std::sqrt(c2) / c1);
        }
    }
};

struct Model {
    int m, na, V;
    torch::Tensor X, Xt, Y;
    torch::nn::LSTMCell cell { nullptr };
    torch::nn::Linear dense { nullptr };
    torch::nn::LSTM fused { nullptr };

    Model(int m_, int na_, int V_, bool notebook) : m(m_), na(na_), V(V_)
    {
        torch::manual_seed(0);
        const auto idx = notebook ? notebook_windows(m, V) : random_windows(m, V);
        Y = torch::full_like(idx, -1);
        Y.narrow(1, 0, Tx - 1).copy_(idx.narrow(1, 1, Tx - 1));
        X = torch::zeros({ m, Tx, V });
        X.narrow(1, 1, Tx - 1).scatter_(2, idx.narrow(1, 1, Tx - 1).unsqueeze(2), 1.0);
        Xt = X.transpose(0, 1).contiguous();
        cell = torch::nn::LSTMCell(V, na);
        dense = torch::nn::Linear(na, V);
        fused = torch::nn::LSTM(torch::nn::LSTMOptions(V, na).batch_first(true));
    }

    struct Trainer {
        Model* model;
        bool use_cell;
        KerasAdam adam;
        double epoch()
        {
            auto& M = *model;
            for (auto& p : adam.params)
                p.mutable_grad() = torch::Tensor();
            const auto ce = torch::nn::CrossEntropyLossOptions().ignore_index(-1).reduction(torch::kSum);
            torch::Tensor loss;
            if (use_cell) {
                auto a = torch::zeros({ M.m, M.na });
                auto c = torch::zeros({ M.m, M.na });
                loss = torch::zeros({});
                for (int t = 0; t < Tx; ++t) {
                    std::tie(a, c) = M.cell(M.Xt[t], std::make_tuple(a, c));
                    loss = loss + torch::nn::functional::cross_entropy(M.dense(a), M.Y.select(1, t), ce);
                }
            } else {
                auto out = std::get<0>(M.fused(M.X));
                loss = torch::nn::functional::cross_entropy(M.dense(out).reshape({ -1, M.V }), M.Y.reshape({ -1 }), ce);
            }
            (loss / M.m).backward();
            adam.step();
            return loss.item<double>();
        }
    };

    Trainer trainer(bool use_cell)
    {
        auto params = dense->parameters();
        for (auto& p : use_cell ? cell->parameters() : fused->parameters())
            params.push_back(p);
        return Trainer { this, use_cell, KerasAdam(params) };
    }
};

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    const auto n = v.size();
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

std::string notebook()
{
    Model model(60, 64, 78, true);
    std::ostringstream out;
    out << "{\"m\": 60, \"n_a\": 64, \"V\": 78";
    for (const bool use_cell : { true, false }) {
        auto trainer = model.trainer(use_cell);
        trainer.epoch();
        const auto start = now();
        for (int e = 0; e < 100; ++e)
            trainer.epoch();
        const auto stop = now();
        const char* name = use_cell ? "cell" : "fused";
        out << ", \"" << name << "_100_epochs_cpu_s\": " << stop.cpu - start.cpu << ", \"" << name
            << "_100_epochs_wall_s\": " << stop.wall - start.wall;
    }
    torch::NoGradGuard no_grad;
    std::vector<double> steps;
    for (int rep = 0; rep < 5; ++rep) {
        auto a = torch::zeros({ 1, 64 });
        auto c = torch::zeros({ 1, 64 });
        auto x = torch::zeros({ 1, 78 });
        x[0][5] = 1.0;
        const auto start = now();
        for (int i = 0; i < 2000; ++i) {
            std::tie(a, c) = model.cell(x, std::make_tuple(a, c));
            torch::softmax(model.dense(a), 1).argmax().item<long>();
        }
        steps.push_back((now().cpu - start.cpu) / 2000);
    }
    out << ", \"step_batch1_cpu_s\": " << median(steps) << "}";
    return out.str();
}

std::string sized(int m, int na, int V, double min_seconds)
{
    Model model(m, na, V, false);
    std::ostringstream out;
    out << "{\"m\": " << m << ", \"n_a\": " << na << ", \"V\": " << V;
    for (const bool use_cell : { true, false }) {
        auto trainer = model.trainer(use_cell);
        const auto warm = now();
        trainer.epoch(); // warm-up: allocator, thread pools, first-touch
        const std::size_t least = now().cpu - warm.cpu > 3 * min_seconds ? 1 : 3;
        std::vector<double> cpu, wall;
        double total = 0;
        while (cpu.size() < least || (total < min_seconds && cpu.size() < 50)) {
            const auto start = now();
            trainer.epoch();
            const auto stop = now();
            cpu.push_back(stop.cpu - start.cpu);
            wall.push_back(stop.wall - start.wall);
            total += cpu.back();
        }
        const char* name = use_cell ? "cell" : "fused";
        out << ", \"" << name << "_epoch_cpu_s\": " << median(cpu) << ", \"" << name
            << "_epoch_wall_s\": " << median(wall) << ", \"" << name << "_epochs_timed\": " << cpu.size();
    }
    out << "}";
    return out.str();
}

} // namespace

int main(int argc, char** argv)
{
    int threads = 1;
    double min_seconds = 1.0;
    std::vector<std::string> sizes;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--threads" && i + 1 < argc)
            threads = std::atoi(argv[++i]);
        else if (arg == "--min-seconds" && i + 1 < argc)
            min_seconds = std::atof(argv[++i]);
        else
            sizes.push_back(arg);
    }
    if (threads < 1) {
        std::fprintf(stderr, "libtorch_reference: --threads needs a positive count\n");
        return 2;
    }
    if (sizes.empty())
        sizes.push_back("notebook");
    torch::set_num_threads(threads);
    std::printf("{\"torch\": \"%d.%d.%d\", \"threads\": %d, \"results\": [", TORCH_VERSION_MAJOR,
        TORCH_VERSION_MINOR, TORCH_VERSION_PATCH, torch::get_num_threads());
    for (std::size_t i = 0; i < sizes.size(); ++i) {
        std::string row;
        if (sizes[i] == "notebook") {
            row = notebook();
        } else {
            int m = 0, na = 0, V = 0;
            if (std::sscanf(sizes[i].c_str(), "%d,%d,%d", &m, &na, &V) != 3 || m < 1 || na < 1 || V < 2) {
                std::fprintf(stderr, "libtorch_reference: size '%s' is not M,NA,V\n", sizes[i].c_str());
                return 2;
            }
            row = sized(m, na, V, min_seconds);
        }
        std::printf("%s%s\n", i ? ",\n" : "\n", row.c_str());
        std::fflush(stdout);
        std::fprintf(stderr, "libtorch_reference: %s done\n", sizes[i].c_str());
    }
    std::printf("]}\n");
    return 0;
}
