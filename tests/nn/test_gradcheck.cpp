// Back-propagation through time checked against central finite differences in double:
// every element of every parameter tensor of a small model, and a sample of elements of the
// real-size model.
#include <jazzlstm/model.hpp>

#include "synthetic_corpus.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <memory>
#include <random>
#include <string>

// Each test file has a namespace of its own: a folder is compiled as one unity build, and
// this keeps a file's helpers apart from its neighbours'.
namespace jazzlstm_test_gradcheck {

namespace {

struct GradCheck {
    double worst_relative = 0.0;
    std::string worst_where;
    long checked = 0;
};

// |analytic − numeric| / max(|analytic|, |numeric|); elements whose gradient is exactly zero
// both ways (a token never fed) count as exact. Gradients below `floor` in size are compared
// on the absolute scale `floor`, where cancellation in f(p+h) − f(p−h) dominates.
double relative_error(double analytic, double numeric, double floor)
{
    const double scale = std::max({ std::abs(analytic), std::abs(numeric), floor });
    return scale == 0.0 ? 0.0 : std::abs(analytic - numeric) / scale;
}

/// Checks the elements of each tensor chosen by `pick(name, size)` (all when it returns
/// an empty list).
template <typename Model, typename Pick>
GradCheck check_gradients(Model& model, const jazzlstm::IndexSequences& X, const jazzlstm::IndexSequences& Y, double h,
    double floor, Pick&& pick)
{
    model.compute_gradients(X, Y);
    GradCheck result;
    model.for_each_param([&](const char* name, auto& value, const auto& grad) {
        const auto analytic = grad.eval(); // a copy: evaluate() leaves gradients alone, but be independent of that
        for (Eigen::Index e : pick(std::string(name), value.size())) {
            const double saved = value.data()[e];
            auto loss_at = [&](double offset) {
                value.data()[e] = saved + offset;
                return model.evaluate(X, Y).loss;
            };
            // Fourth-order central difference: with a loss of ~100 the two-point form's
            // cancellation error (ε·L/h) would swamp 1e-6 for gradients of 1e-4.
            const double numeric = (loss_at(-2 * h) - 8 * loss_at(-h) + 8 * loss_at(h) - loss_at(2 * h)) / (12 * h);
            value.data()[e] = saved;
            const double rel = relative_error(analytic.data()[e], numeric, floor);
            ++result.checked;
            if (rel > result.worst_relative) {
                result.worst_relative = rel;
                result.worst_where = std::string(name) + "[" + std::to_string(e) + "] analytic " + std::to_string(analytic.data()[e])
                    + " numeric " + std::to_string(numeric);
            }
        }
    });
    return result;
}

// Moves every weight (biases included) by up to ±0.5 so that no gate sits at a symmetric
// point that would hide a sign error.
template <typename Model>
void jitter_weights(Model& model, std::uint64_t seed)
{
    std::mt19937_64 rng(seed);
    model.for_each_param([&](const char*, auto& value, auto&) {
        for (Eigen::Index e = 0; e < value.size(); ++e)
            value.data()[e] += 0.5 * (2.0 * jazzlstm::canonical_double(rng) - 1.0);
    });
}

std::vector<Eigen::Index> all_elements(Eigen::Index size)
{
    std::vector<Eigen::Index> all(static_cast<std::size_t>(size));
    for (Eigen::Index e = 0; e < size; ++e)
        all[static_cast<std::size_t>(e)] = e;
    return all;
}

} // namespace

TEST_CASE("BPTT matches central differences on every parameter of a small model (n_a 4, V 5, Tx 3)")
{
    using Model = jazzlstm::JazzModel<double, 3, 4>;
    auto model = std::make_unique<Model>(5, 42);
    jitter_weights(*model, 3);
    jazzlstm::IndexSequences X(3, 4), Y(3, 4);
    // Every kind of step: x⟨0⟩ all-zero, a repeated token (its kernel column collects two
    // steps), a missing target in the middle, and the all-zero last target.
    X << jazzlstm::no_token, jazzlstm::no_token, jazzlstm::no_token, jazzlstm::no_token, //
        2, 0, 4, 2, //
        1, 2, 2, 3;
    Y << 2, 0, 4, jazzlstm::no_token, //
        1, 2, 2, 3, //
        jazzlstm::no_token, jazzlstm::no_token, jazzlstm::no_token, jazzlstm::no_token;

    const GradCheck r = check_gradients(*model, X, Y, 1e-3, 1e-6, [](const std::string&, Eigen::Index n) { return all_elements(n); });
    MESSAGE("small model: " << r.checked << " elements, worst relative error " << r.worst_relative << " at " << r.worst_where);
    CHECK(r.checked == model->param_count());
    CHECK(r.worst_relative < 1e-6);

    // The scatter-add touches only the kernel columns of tokens that were fed.
    jazzlstm::IndexSequences X2 = X;
    X2(1, 2) = 2; // token 4 no longer fed anywhere
    model->compute_gradients(X2, Y);
    CHECK(model->lstm().kernel_grad().col(4).isZero(0.0));
    CHECK_FALSE(model->lstm().kernel_grad().col(2).isZero(0.0));
}

TEST_CASE("BPTT with repeated windows: each distinct window computed once and weighted by its count")
{
    using Model = jazzlstm::JazzModel<double, 3, 4>;
    auto model = std::make_unique<Model>(5, 11);
    jitter_weights(*model, 8);
    const int none = jazzlstm::no_token;
    // Window (2, 1) three times, (0, 2) twice, (4, 3) once, interleaved.
    jazzlstm::IndexSequences X(3, 6), Y(3, 6);
    X << none, none, none, none, none, none, //
        2, 0, 2, 4, 0, 2, //
        1, 2, 1, 3, 2, 1;
    Y << 2, 0, 2, 4, 0, 2, //
        1, 2, 1, 3, 2, 1, //
        none, none, none, none, none, none;
    const GradCheck r = check_gradients(*model, X, Y, 1e-3, 1e-6, [](const std::string&, Eigen::Index n) { return all_elements(n); });
    CHECK(r.checked == model->param_count());
    CHECK(r.worst_relative < 1e-6);

    // The same loss and gradients as computing every window (merging off), to rounding.
    const double merged_loss = model->compute_gradients(X, Y).loss;
    std::vector<Eigen::VectorXd> merged;
    model->for_each_param([&](const char*, auto&, auto& grad) {
        merged.push_back(Eigen::Map<const Eigen::VectorXd>(grad.data(), grad.size()));
    });
    model->set_compute_options({ false, 1 });
    CHECK(model->compute_gradients(X, Y).loss == doctest::Approx(merged_loss).epsilon(1e-13));
    std::size_t i = 0;
    model->for_each_param([&](const char* name, auto&, auto& grad) {
        const Eigen::Map<const Eigen::VectorXd> each(grad.data(), grad.size());
        INFO(name);
        CHECK((each - merged[i]).cwiseAbs().maxCoeff() <= 1e-13 * (1.0 + each.cwiseAbs().maxCoeff()));
        ++i;
    });
}

TEST_CASE("BPTT with a scored last step and with no scored step at all (the trailing-step skip)")
{
    using Model = jazzlstm::JazzModel<double, 3, 4>;
    auto model = std::make_unique<Model>(5, 7);
    jitter_weights(*model, 5);
    jazzlstm::IndexSequences X(3, 2), Y(3, 2);
    X << jazzlstm::no_token, jazzlstm::no_token, 3, 1, 0, 4;
    // Only the last step is scored: every step must still be computed.
    Y << jazzlstm::no_token, jazzlstm::no_token, jazzlstm::no_token, jazzlstm::no_token, 2, jazzlstm::no_token;
    const GradCheck r = check_gradients(*model, X, Y, 1e-3, 1e-6, [](const std::string&, Eigen::Index n) { return all_elements(n); });
    CHECK(r.checked == model->param_count());
    CHECK(r.worst_relative < 1e-6);
    CHECK_FALSE(model->lstm().recurrent_kernel_grad().isZero(0.0));

    // Nothing scored: loss 0 and all gradients exactly 0.
    Y.setConstant(jazzlstm::no_token);
    CHECK(model->compute_gradients(X, Y).loss == 0.0);
    model->for_each_param([&](const char*, auto&, auto& grad) { CHECK(grad.isZero(0.0)); });
}

TEST_CASE("BPTT matches central differences on a sample of the real-size model (n_a 64, V 78, Tx 30)")
{
    using Model = jazzlstm::JazzModel<double, 30, 64>;
    auto model = std::make_unique<Model>(78, 9);
    const auto corpus = jazzlstm::test::synthetic_corpus(78, 200, 5);
    const auto w = jazzlstm::test::synthetic_windows(corpus, 30, 3, 6);
    // Train a few epochs so the gradients are not those of the symmetric start.
    model->fit(w.X, w.Y, 5);

    std::mt19937_64 rng(17);
    const GradCheck r = check_gradients(*model, w.X, w.Y, 1e-3, 1e-6, [&](const std::string& name, Eigen::Index n) {
        std::vector<Eigen::Index> pick;
        if (name == "lstm/kernel") {
            // Columns of fed tokens only (others are exactly zero): token of X(5, 0), all gates.
            const Eigen::Index col = w.X(5, 0);
            for (int r4 = 0; r4 < 4; ++r4)
                for (int u = 0; u < 64; u += 9)
                    pick.push_back(col * 256 + r4 * 64 + u);
        } else {
            for (int s = 0; s < 30; ++s)
                pick.push_back(static_cast<Eigen::Index>(rng() % static_cast<std::uint64_t>(n)));
        }
        return pick;
    });
    MESSAGE("real-size model: " << r.checked << " elements, worst relative error " << r.worst_relative << " at " << r.worst_where);
    CHECK(r.worst_relative < 1e-6);
}

} // namespace jazzlstm_test_gradcheck
