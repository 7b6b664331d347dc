// How training is computed, not what: a large batch split into two shards (one per thread)
// must give the gradients of the whole batch, the same bits with one thread or two, and
// ComputeOptions must reject nonsense.
#include <jazzlstm/model.hpp>

#include "synthetic_corpus.hpp"

#include <doctest/doctest.h>

#include <memory>
#include <random>
#include <string>
#include <vector>

// Each test file has a namespace of its own: a folder is compiled as one unity build, and
// this keeps a file's helpers apart from its neighbours'.
namespace jazzlstm_test_compute {

namespace {

using Model = jazzlstm::JazzModel<double, 30, 16>;

std::vector<Eigen::VectorXd> gradients(Model& model)
{
    std::vector<Eigen::VectorXd> out;
    model.for_each_param([&](const char*, auto&, auto& grad) {
        out.push_back(Eigen::Map<const Eigen::VectorXd>(grad.data(), grad.size()));
    });
    return out;
}

// Windows of uniformly random tokens: at this length every window is distinct.
jazzlstm::test::Windows random_windows(int values, int m, std::uint64_t seed)
{
    std::mt19937_64 rng(seed);
    jazzlstm::test::Windows w { jazzlstm::IndexSequences(30, m), jazzlstm::IndexSequences(30, m) };
    for (int j = 0; j < m; ++j) {
        w.X(0, j) = jazzlstm::no_token;
        for (int t = 1; t < 30; ++t)
            w.X(t, j) = static_cast<int>(rng() % static_cast<std::uint64_t>(values));
        for (int t = 0; t + 1 < 30; ++t)
            w.Y(t, j) = w.X(t + 1, j);
        w.Y(29, j) = jazzlstm::no_token;
    }
    return w;
}

} // namespace

TEST_CASE("a batch of 256+ distinct windows is split in two shards whose gradients add up to the batch's")
{
    constexpr int V = 20;
    constexpr int m = 300;
    static_assert(m >= Model::parallel_min_windows, "the batch must be large enough to be split");
    const auto w = random_windows(V, m, 4);
    auto model = std::make_unique<Model>(V, 3);
    const double loss = model->compute_gradients(w.X, w.Y).loss;
    const auto whole = gradients(*model);

    // The two halves on their own (each below the split size): the batch loss is the
    // size-weighted mean of theirs, and so are the gradients.
    const int half = m / 2;
    const jazzlstm::IndexSequences X1 = w.X.leftCols(half), Y1 = w.Y.leftCols(half);
    const jazzlstm::IndexSequences X2 = w.X.rightCols(m - half), Y2 = w.Y.rightCols(m - half);
    const double loss1 = model->compute_gradients(X1, Y1).loss;
    const auto g1 = gradients(*model);
    const double loss2 = model->compute_gradients(X2, Y2).loss;
    const auto g2 = gradients(*model);
    CHECK(loss == doctest::Approx((half * loss1 + (m - half) * loss2) / m).epsilon(1e-12));
    for (std::size_t i = 0; i < whole.size(); ++i) {
        const Eigen::VectorXd combined = (half * g1[i] + (m - half) * g2[i]) / double(m);
        CHECK((whole[i] - combined).cwiseAbs().maxCoeff() <= 1e-12 * (1.0 + combined.cwiseAbs().maxCoeff()));
    }
}

TEST_CASE("one thread and two threads train the same bits")
{
    constexpr int V = 20;
    const auto w = random_windows(V, 400, 6);
    auto one = std::make_unique<Model>(V, 5);
    auto two = std::make_unique<Model>(V, 5);
    one->set_compute_options({ true, 1 });
    two->set_compute_options({ true, 2 });
    const auto h1 = one->fit(w.X, w.Y, 3);
    const auto h2 = two->fit(w.X, w.Y, 3);
    for (std::size_t e = 0; e < h1.size(); ++e) {
        CHECK(h1[e].loss == h2[e].loss);
        CHECK(h1[e].accuracy == h2[e].accuracy);
    }
    CHECK(one->lstm().recurrent_kernel() == two->lstm().recurrent_kernel());
    CHECK(one->dense().kernel() == two->dense().kernel());
    // And training moved: the loss fell over the three epochs.
    CHECK(h1.back().loss < h1.front().loss);
}

TEST_CASE("mini-batches with repeated windows train like merging off, to rounding")
{
    constexpr int V = 20;
    auto w = random_windows(V, 90, 8);
    for (int j = 30; j < 90; ++j) { // every window three times, interleaved across batches
        w.X.col(j) = w.X.col(j % 30);
        w.Y.col(j) = w.Y.col(j % 30);
    }
    auto merged = std::make_unique<Model>(V, 2);
    auto each = std::make_unique<Model>(V, 2);
    each->set_compute_options({ false, 1 });
    const auto hm = merged->fit(w.X, w.Y, 4, jazzlstm::FitOptions { 32 });
    const auto he = each->fit(w.X, w.Y, 4, jazzlstm::FitOptions { 32 });
    for (std::size_t e = 0; e < hm.size(); ++e) {
        CHECK(hm[e].loss == doctest::Approx(he[e].loss).epsilon(1e-10));
        CHECK(hm[e].accuracy == doctest::Approx(he[e].accuracy).epsilon(1e-12));
    }
    CHECK((merged->lstm().kernel() - each->lstm().kernel()).cwiseAbs().maxCoeff() < 1e-9);
}

TEST_CASE("ComputeOptions rejects fewer than one thread")
{
    auto model = std::make_unique<Model>(5, 1);
    std::string id;
    try {
        model->set_compute_options({ true, 0 });
    } catch (const jazzlstm::argument_error& e) {
        id = e.id();
    }
    CHECK(id == "jazzlstm.model.threads");
    CHECK(model->compute_options().threads >= 1);
}

} // namespace jazzlstm_test_compute
