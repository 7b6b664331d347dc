// Training the real-size model (n_a 64, Tx 30, m 60, V 78) on a fixed synthetic corpus,
// determinism, mini-batches, and generation through the trained layers.
#include <jazzlstm/model.hpp>

#include "synthetic_corpus.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <memory>
#include <vector>

// Each test file has a namespace of its own: a folder is compiled as one unity build, and
// this keeps a file's helpers apart from its neighbours'.
namespace jazzlstm_test_training {

using jazzlstm::no_token;

namespace {
const auto& corpus()
{
    static const auto c = jazzlstm::test::synthetic_corpus(78, 200, 2024);
    return c;
}
const auto& windows()
{
    static const auto w = jazzlstm::test::synthetic_windows(corpus(), 30, 60, 0);
    return w;
}
} // namespace

// Under ASan + UBSan (JAZZLSTM_SANITIZE) the Eigen kernels run ~30x slower: the double run alone
// took 65 s there, so the sanitizer suite trains the float model only (same code, same shapes).
#ifdef JAZZLSTM_SANITIZE
#define JAZZLSTM_TRAINING_SCALARS float
#else
#define JAZZLSTM_TRAINING_SCALARS float, double
#endif

TEST_CASE_TEMPLATE("100 full-batch epochs on the synthetic corpus learn it", T, JAZZLSTM_TRAINING_SCALARS)
{
    auto model = std::make_unique<jazzlstm::JazzModel<T>>(78, 1);
    std::vector<int> epochs_seen;
    std::vector<double> losses;
    const auto history = model->fit(windows().X, windows().Y, 100, [&](int epoch, double loss, double accuracy) {
        epochs_seen.push_back(epoch);
        losses.push_back(loss);
        CHECK(accuracy >= 0.0);
        CHECK(accuracy <= 1.0);
    });
    REQUIRE(history.size() == 100);
    CHECK(epochs_seen.front() == 1);
    CHECK(epochs_seen.back() == 100);
    CHECK(losses[41] == history[41].loss);
    CHECK(model->optimizer().iterations() == 100);

    // 29 of the 30 outputs are scored; near-uniform predictions at the start.
    const double uniform = 29 * std::log(78.0);
    MESSAGE("epoch 1 loss " << history.front().loss << " (29 ln 78 = " << uniform << "), epoch 100 loss "
                            << history.back().loss << ", accuracy " << history.back().accuracy);
    CHECK(std::abs(history.front().loss - uniform) < 0.03 * uniform);
    CHECK(history.back().loss < 0.25 * uniform);
    CHECK(history.back().accuracy > 0.6);
    // The loss never explodes on the way down.
    for (std::size_t e = 1; e < history.size(); ++e)
        CHECK(std::isfinite(history[e].loss));
}

TEST_CASE("same seed: bit-identical weights, losses and generated indices")
{
    using Model = jazzlstm::JazzModel<float>;
    auto run = [](std::uint64_t seed) {
        auto model = std::make_unique<Model>(78, seed);
        auto history = model->fit(windows().X, windows().Y, 10);
        auto generated = model->generate<50>();
        return std::make_tuple(std::move(model), std::move(history), std::move(generated));
    };
    auto [m1, h1, g1] = run(77);
    auto [m2, h2, g2] = run(77);
    auto [m3, h3, g3] = run(78);
    for (std::size_t e = 0; e < h1.size(); ++e) {
        CHECK(h1[e].loss == h2[e].loss);
        CHECK(h1[e].accuracy == h2[e].accuracy);
    }
    CHECK(g1.indices == g2.indices);
    CHECK(m1->keras_weights().lstm_recurrent_kernel == m2->keras_weights().lstm_recurrent_kernel);
    CHECK(m1->keras_weights().dense_kernel == m2->keras_weights().dense_kernel);
    CHECK(h1.back().loss != h3.back().loss);
}

TEST_CASE("generation: indices and one-hot rows agree, the chooser drives the inputs")
{
    using Model = jazzlstm::JazzModel<float>;
    auto model = std::make_unique<Model>(78, 5);
    model->fit(windows().X, windows().Y, 40);

    const auto greedy = model->generate<50>();
    REQUIRE(greedy.indices.size() == 50);
    REQUIRE(greedy.one_hot.rows() == 50);
    REQUIRE(greedy.one_hot.cols() == 78);
    for (int t = 0; t < 50; ++t) {
        Eigen::Index arg = 0;
        greedy.one_hot.row(t).maxCoeff(&arg);
        CHECK(arg == greedy.indices[static_cast<std::size_t>(t)]);
        CHECK(greedy.one_hot.row(t).sum() == 1.0f);
    }

    // Replaying with the step API: the first input is the all-zero x, then each choice.
    auto state = model->make_inference_state();
    int token = no_token;
    for (int t = 0; t < 50; ++t) {
        const auto& p = model->step(state, token);
        token = jazzlstm::argmax(p);
        CHECK(token == greedy.indices[static_cast<std::size_t>(t)]);
    }

    // The greedy fast path (no softmax) picks exactly what argmax of the softmax picks.
    state.reset();
    int greedy_direct[50];
    model->generate_greedy_into<50>(state, greedy_direct);
    const auto via_chooser = model->generate<50>(jazzlstm::argmax);
    for (int t = 0; t < 50; ++t)
        CHECK(greedy_direct[t] == via_chooser.indices[static_cast<std::size_t>(t)]);

    // A chooser that ignores the probabilities: the sequence is the chooser's.
    int calls = 0;
    const auto scripted = model->generate<20>([&](const Eigen::Ref<const Model::Vector>& p) {
        CHECK(p.sum() == doctest::Approx(1.0f).epsilon(1e-5));
        return (calls++ * 7) % 78;
    });
    for (int t = 0; t < 20; ++t)
        CHECK(scripted.indices[static_cast<std::size_t>(t)] == (t * 7) % 78);

    // The step API continues a state: reset() returns to x0 = a0 = c0 = 0.
    state.reset();
    CHECK(state.last_token() == no_token);
    CHECK(state.a().isZero(0));
    const auto first = model->step(state, no_token);
    CHECK(jazzlstm::argmax(first) == greedy.indices[0]);
}

TEST_CASE("mini-batches: Keras-like batch_size gives two Adam steps per epoch for m = 60")
{
    using Model = jazzlstm::JazzModel<double>;
    auto full = std::make_unique<Model>(78, 9);
    auto batched = std::make_unique<Model>(78, 9);
    const auto hf = full->fit(windows().X, windows().Y, 3);
    const auto hb = batched->fit(windows().X, windows().Y, 3, jazzlstm::FitOptions { 32 });
    CHECK(full->optimizer().iterations() == 3);
    CHECK(batched->optimizer().iterations() == 6);
    // Epoch 1's first batch sees the initial weights, the second one updated weights, so
    // the figures differ but stay on the same scale.
    CHECK(hb[0].loss == doctest::Approx(hf[0].loss).epsilon(0.02));
    CHECK(hb[2].loss < hf[2].loss);

    // The epoch loss of batches is their size-weighted mean: check it on an evaluate() split.
    auto probe = std::make_unique<Model>(78, 9);
    const double whole = probe->evaluate(windows().X, windows().Y).loss;
    const jazzlstm::IndexSequences X1 = windows().X.leftCols(32), Y1 = windows().Y.leftCols(32);
    const jazzlstm::IndexSequences X2 = windows().X.rightCols(28), Y2 = windows().Y.rightCols(28);
    const double split = (32 * probe->evaluate(X1, Y1).loss + 28 * probe->evaluate(X2, Y2).loss) / 60;
    CHECK(split == doctest::Approx(whole).epsilon(1e-12));
    CHECK(hf[0].loss == doctest::Approx(whole).epsilon(1e-12));
}

} // namespace jazzlstm_test_training
