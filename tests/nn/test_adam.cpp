// Keras 2 legacy Adam (lr 0.01, β 0.9/0.999, ε 1e-7, decay 0.01) against the recurrence
// written out here independently, and its use by JazzModel::train_step.
#include <jazzlstm/model.hpp>

#include "synthetic_corpus.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <memory>

// Each test file has a namespace of its own: a folder is compiled as one unity build, and
// this keeps a file's helpers apart from its neighbours'.
namespace jazzlstm_test_adam {

namespace {

/// The Keras update for one scalar, spelled out: returns p after `steps` updates.
struct ScalarAdam {
    long double p, m = 0, v = 0;
    long iterations = 0;
    void update(long double g)
    {
        const long double lr = 0.01L, b1 = 0.9L, b2 = 0.999L, eps = 1e-7L, decay = 0.01L;
        const long double lr_decayed = lr * (1.0L / (1.0L + decay * iterations));
        const long double t = iterations + 1;
        const long double lr_hat = lr_decayed * std::sqrt(1.0L - std::pow(b2, t)) / (1.0L - std::pow(b1, t));
        m = b1 * m + (1 - b1) * g;
        v = b2 * v + (1 - b2) * g * g;
        p = p - lr_hat * m / (std::sqrt(v) + eps);
        ++iterations;
    }
};

} // namespace

TEST_CASE_TEMPLATE("Adam's first three updates follow Keras's legacy recurrence", T, float, double)
{
    const double tol = std::is_same<T, float>::value ? 1e-6 : 1e-14;
    jazzlstm::Adam<T> adam;
    adam.add_slot(3);
    // Dynamic vectors: GCC 12 misreads vector loads through a Map of a fixed 3-vector.
    Eigen::Matrix<T, Eigen::Dynamic, 1> p(3), g(3);
    p << T(1.0), T(-2.0), T(0.25);
    ScalarAdam ref[3] = { { 1.0L }, { -2.0L }, { 0.25L } };
    const double grads[3][3] = { { 0.5, -0.3, 0.1 }, { -1e-3, -2e-3, 4e-3 }, { 0.0, 2.0, -2.0 } };

    // The first step size by hand: 0.01 · sqrt(1 − 0.999) / (1 − 0.9).
    CHECK(adam.next_step_size() == doctest::Approx(0.0031622776601683794).epsilon(1e-15));
    for (int step = 0; step < 3; ++step) {
        for (int e = 0; e < 3; ++e) {
            g(e) = static_cast<T>(grads[e][step]);
            ref[e].update(static_cast<long double>(g(e)));
        }
        adam.step([&](auto&& f) { f("p", p, g); });
        CHECK(adam.iterations() == step + 1);
        for (int e = 0; e < 3; ++e)
            CHECK(static_cast<double>(p(e)) == doctest::Approx(static_cast<double>(ref[e].p)).epsilon(tol));
    }
    // Step 1 of element 0, fully by hand: m = 0.05, v = 0.00025.
    const double first = 1.0 - 0.0031622776601683794 * 0.05 / (std::sqrt(0.00025) + 1e-7);
    ScalarAdam once { 1.0L };
    once.update(0.5L);
    CHECK(static_cast<double>(once.p) == doctest::Approx(first).epsilon(1e-15));
    // The decay slows step 3: lr / (1 + 0.01 · 2).
    CHECK(adam.next_step_size() == doctest::Approx(0.01 / 1.03 * std::sqrt(1 - std::pow(0.999, 4)) / (1 - std::pow(0.9, 4))));
}

TEST_CASE("the first float Adam step equals the double one to 1e-7 relative (1 - beta is rounded once)")
{
    // Gradients that are powers of two keep g and g² exact in float, and p = 0 makes the new
    // weight the update itself, so only Adam's own roundings remain. With 1 − β computed in
    // float (1 − float(0.999) = 0.000999987) the update was 6.6e-6 too large.
    jazzlstm::Adam<float> adam_f;
    jazzlstm::Adam<double> adam_d;
    adam_f.add_slot(6);
    adam_d.add_slot(6);
    Eigen::VectorXf pf = Eigen::VectorXf::Zero(6), gf(6);
    Eigen::VectorXd pd = Eigen::VectorXd::Zero(6), gd(6);
    gf << 1.0f, -0.5f, 0.25f, 4.0f, -0.0078125f, 2.0f;
    gd = gf.cast<double>();
    adam_f.step([&](auto&& f) { f("p", pf, gf); });
    adam_d.step([&](auto&& f) { f("p", pd, gd); });
    for (int k = 0; k < 6; ++k) {
        CHECK(std::abs(double(pf(k)) - pd(k)) <= 1e-7 * std::abs(pd(k)));
        CHECK(std::abs(double(adam_f.first_moment(0)(k)) - adam_d.first_moment(0)(k)) <= 1e-7 * std::abs(adam_d.first_moment(0)(k)));
        CHECK(std::abs(double(adam_f.second_moment(0)(k)) - adam_d.second_moment(0)(k)) <= 1e-7 * adam_d.second_moment(0)(k));
    }
}

TEST_CASE("train_step applies one Adam update to the gradients of compute_gradients")
{
    using Model = jazzlstm::JazzModel<double, 6, 8>;
    const auto corpus = jazzlstm::test::synthetic_corpus(10, 60, 1);
    const auto w = jazzlstm::test::synthetic_windows(corpus, 6, 5, 2);
    auto model = std::make_unique<Model>(10, 3);
    model->compute_gradients(w.X, w.Y);
    const auto g = model->dense().kernel_grad().eval();
    const auto before = model->dense().kernel().eval();
    model->train_step(w.X, w.Y);
    for (Eigen::Index e = 0; e < g.size(); e += 7) {
        ScalarAdam ref { before.data()[e] };
        ref.update(g.data()[e]);
        CHECK(model->dense().kernel().data()[e] == doctest::Approx(static_cast<double>(ref.p)).epsilon(1e-13));
    }
    CHECK(model->optimizer().iterations() == 1);
}

TEST_CASE("Adam rejects impossible settings")
{
    jazzlstm::AdamSettings bad;
    bad.beta_2 = 1.0;
    try {
        jazzlstm::Adam<float> adam(bad);
        FAIL("no exception");
    } catch (const jazzlstm::argument_error& e) {
        CHECK(e.id() == "jazzlstm.adam.settings");
    }
}

} // namespace jazzlstm_test_adam
