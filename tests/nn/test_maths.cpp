// The activation policy (nn/activations.hpp) is really the model's: a rational approximation of
// tanh and sigmoid trains side by side with the exact policy to losses within a bound derived
// from its error, and a counting policy shows which calls training and generation make.
#include <jazzlstm/model.hpp>

#include "synthetic_corpus.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <random>
#include <vector>

// Each test file has a namespace of its own: a folder is compiled as one unity build, and
// this keeps a file's helpers apart from its neighbours'.
namespace jazzlstm_test_maths {

namespace {

/// tanh by its [7/6] Padé approximant (Lambert's continued fraction)
///   tanh x ≈ x(135135 + 17325x² + 378x⁴ + x⁶) / (135135 + 62370x² + 3150x⁴ + 28x⁶)
/// with x clamped to ±4.97, just below where the approximant reaches 1: the largest error,
/// 9.61e-5, is at the clamp. sigmoid x = (1 + tanh(x/2)) / 2 has half that, 4.81e-5. exp is
/// inherited from DefaultMaths.
struct RationalMaths : jazzlstm::DefaultMaths {
    static constexpr double tanh_error = 9.61e-5;
    static constexpr double sigmoid_error = 4.81e-5;

    template <typename Derived>
    static void tanh_inplace(const Eigen::ArrayBase<Derived>& x_) noexcept
    {
        auto& x = const_cast<Eigen::ArrayBase<Derived>&>(x_);
        using S = typename Derived::Scalar;
        const auto y = x.cwiseMax(S(-4.97)).cwiseMin(S(4.97));
        const auto y2 = y * y;
        x = y * (S(135135) + y2 * (S(17325) + y2 * (S(378) + y2))) / (S(135135) + y2 * (S(62370) + y2 * (S(3150) + y2 * S(28))));
    }

    template <typename Derived>
    static void sigmoid_inplace(const Eigen::ArrayBase<Derived>& x_) noexcept
    {
        auto& x = const_cast<Eigen::ArrayBase<Derived>&>(x_);
        using S = typename Derived::Scalar;
        x *= S(0.5);
        tanh_inplace(x);
        x = S(0.5) + S(0.5) * x;
    }
};

/// DefaultMaths, counting its calls (one call = one block of a column).
struct CountingMaths {
    static inline long sigmoid_calls = 0;
    static inline long tanh_calls = 0;
    static inline long exp_calls = 0;
    static void reset() { sigmoid_calls = tanh_calls = exp_calls = 0; }

    template <typename Derived>
    static void sigmoid_inplace(const Eigen::ArrayBase<Derived>& x) noexcept
    {
        ++sigmoid_calls;
        jazzlstm::DefaultMaths::sigmoid_inplace(x);
    }
    template <typename Derived>
    static void tanh_inplace(const Eigen::ArrayBase<Derived>& x) noexcept
    {
        ++tanh_calls;
        jazzlstm::DefaultMaths::tanh_inplace(x);
    }
    template <typename Derived>
    static void exp_inplace(const Eigen::ArrayBase<Derived>& x) noexcept
    {
        ++exp_calls;
        jazzlstm::DefaultMaths::exp_inplace(x);
    }
};

template <typename T>
double max_error(void (*approx)(Eigen::Array<T, Eigen::Dynamic, 1>&), double (*exact)(double))
{
    Eigen::Array<T, Eigen::Dynamic, 1> x = Eigen::Array<T, Eigen::Dynamic, 1>::LinSpaced(480001, T(-12), T(12));
    const Eigen::Array<T, Eigen::Dynamic, 1> x0 = x;
    approx(x);
    double worst = 0;
    for (Eigen::Index k = 0; k < x.size(); ++k)
        worst = std::max(worst, std::abs(double(x(k)) - exact(double(x0(k)))));
    return worst;
}

} // namespace

TEST_CASE_TEMPLATE("the rational policy's error is the documented one", T, float, double)
{
    using A = Eigen::Array<T, Eigen::Dynamic, 1>;
    const double tanh_err = max_error<T>([](A& x) { RationalMaths::tanh_inplace(x); }, [](double v) { return std::tanh(v); });
    const double sigmoid_err = max_error<T>([](A& x) { RationalMaths::sigmoid_inplace(x); },
        [](double v) { return 1.0 / (1.0 + std::exp(-v)); });
    const double rounding = std::is_same<T, float>::value ? 3e-7 : 1e-12;
    CHECK(tanh_err <= RationalMaths::tanh_error + rounding);
    CHECK(tanh_err >= 0.99 * RationalMaths::tanh_error);
    CHECK(sigmoid_err <= RationalMaths::sigmoid_error + rounding);
}

// The tolerance, derived. To first order the loss moves by Σ_u (∂L/∂u)·e_u over the activation
// outputs u, with |e_u| ≤ ε = 9.61e-5 (tanh; sigmoid 4.81e-5). The activations of a window feed
// its loss through products of gates bounded by 1, so the sum of their |∂L/∂u| is of the order
// of L itself, and |ΔL| ≲ ε·L: a relative tolerance of ε on every epoch's loss. Training adds
// a drift of the weights, which Adam's normalised steps keep of the same order (each step moves
// a weight by about lr whatever the gradient's size, and by less where the two models' gradients
// agree). Measured here: at most 1.0e-5 relative over 30 epochs (epochs 1-3 differ by < 1e-13:
// the first pre-activations are small, where the approximant is exact to 1e-10), and 3e-8
// relative between the two policies at the same final weights.
TEST_CASE("a model trained with the rational policy follows the exact one")
{
    using Exact = jazzlstm::JazzModel<double, 30, 64>;
    using Rational = jazzlstm::JazzModel<double, 30, 64, RationalMaths>;
    const auto corpus = jazzlstm::test::synthetic_corpus(78, 400, 5);
    const auto w = jazzlstm::test::synthetic_windows(corpus, 30, 60, 6);
    auto exact = std::make_unique<Exact>(78, 11);
    auto rational = std::make_unique<Rational>(78, 11);
    const int epochs = 30;
    const auto a = exact->fit(w.X, w.Y, epochs);
    const auto b = rational->fit(w.X, w.Y, epochs);
    const double tolerance = RationalMaths::tanh_error;
    double largest = 0;
    for (std::size_t e = 0; e < a.size(); ++e) {
        CHECK(std::abs(b[e].loss - a[e].loss) <= tolerance * a[e].loss);
        largest = std::max(largest, std::abs(b[e].loss - a[e].loss) / a[e].loss);
    }
    CHECK(largest > 1e-7); // the policy was used: the two did not train identically
    CHECK(a.back().loss < 0.7 * a.front().loss); // and both learned
    CHECK(b.back().loss < 0.7 * b.front().loss);

    // At the same weights only the activations differ.
    auto probe = std::make_unique<Exact>(78, 11);
    probe->set_keras_weights(rational->keras_weights());
    const double L = probe->evaluate(w.X, w.Y).loss;
    CHECK(std::abs(rational->evaluate(w.X, w.Y).loss - L) <= tolerance * L);
}

TEST_CASE("the model calls the policy it was given, in training and in generation")
{
    using Model = jazzlstm::JazzModel<float, 8, 16, CountingMaths>;
    static_assert(std::is_same<Model::LSTMLayer, jazzlstm::LSTM<float, 16, CountingMaths>>::value, "");
    const auto corpus = jazzlstm::test::synthetic_corpus(20, 200, 1);
    const auto w = jazzlstm::test::synthetic_windows(corpus, 8, 12, 2);
    auto model = std::make_unique<Model>(20, 3);
    model->set_compute_options({ false, 1 }); // every window its own column
    const long steps = 7;                      // Y⟨7⟩ is no_token: steps 0..6 are computed
    const long columns = steps * 12;

    CountingMaths::reset();
    model->evaluate(w.X, w.Y);
    // Per column of a step: sigmoid on i, f and on o; tanh on g and on c; one softmax.
    CHECK(CountingMaths::sigmoid_calls == 2 * columns);
    CHECK(CountingMaths::tanh_calls == 2 * columns);
    CHECK(CountingMaths::exp_calls == columns);

    CountingMaths::reset();
    model->fit(w.X, w.Y, 2); // the backward pass reuses the forward pass's activations
    CHECK(CountingMaths::sigmoid_calls == 2 * 2 * columns);
    CHECK(CountingMaths::tanh_calls == 2 * 2 * columns);
    CHECK(CountingMaths::exp_calls == 2 * columns);

    // The same arithmetic as DefaultMaths, so the same bits.
    auto plain = std::make_unique<jazzlstm::JazzModel<float, 8, 16>>(20, 3);
    plain->set_compute_options({ false, 1 });
    plain->fit(w.X, w.Y, 2);
    CHECK(plain->keras_weights().lstm_kernel == model->keras_weights().lstm_kernel);
    CHECK(plain->evaluate(w.X, w.Y).loss == model->evaluate(w.X, w.Y).loss);

    CountingMaths::reset();
    const auto greedy = model->generate<10>(); // argmax of the logits: no softmax
    CHECK(CountingMaths::sigmoid_calls == 2 * 10);
    CHECK(CountingMaths::tanh_calls == 2 * 10);
    CHECK(CountingMaths::exp_calls == 0);
    CHECK(greedy.indices == plain->generate<10>().indices);

    CountingMaths::reset();
    model->generate<10>(jazzlstm::make_temperature_sampler(1.0, std::mt19937(4)));
    CHECK(CountingMaths::sigmoid_calls == 2 * 10);
    CHECK(CountingMaths::tanh_calls == 2 * 10);
    CHECK(CountingMaths::exp_calls == 10);
}

} // namespace jazzlstm_test_maths
