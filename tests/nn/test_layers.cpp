// Layers and the unrolled graph against a straightforward reference written here (naive
// loops in double over Keras's weight layout, explicit one-hot vectors), plus parameter
// counts, initialisers, the Keras weight conversion and the error paths.
#include <jazzlstm/model.hpp>

#include "synthetic_corpus.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <memory>
#include <random>
#include <type_traits>
#include <vector>

// Each test file has a namespace of its own: a folder is compiled as one unity build, and
// this keeps a file's helpers apart from its neighbours'.
namespace jazzlstm_test_layers {

using jazzlstm::no_token;

namespace {

/// The notebook's model written as plainly as possible, in double, from Keras weights.
struct Reference {
    jazzlstm::KerasWeights<double> w;
    int V;
    int na;

    static double sigmoid(double x) { return 1.0 / (1.0 + std::exp(-x)); }

    /// One LSTM step from a (dense) input vector x of size V; updates a and c.
    void lstm_step(const std::vector<double>& x, std::vector<double>& a, std::vector<double>& c) const
    {
        std::vector<double> z(static_cast<std::size_t>(4 * na));
        for (int g = 0; g < 4 * na; ++g) {
            double sum = w.lstm_bias(g);
            for (int k = 0; k < V; ++k)
                sum += x[static_cast<std::size_t>(k)] * w.lstm_kernel(k, g);
            for (int u = 0; u < na; ++u)
                sum += a[static_cast<std::size_t>(u)] * w.lstm_recurrent_kernel(u, g);
            z[static_cast<std::size_t>(g)] = sum;
        }
        for (int u = 0; u < na; ++u) {
            const auto U = static_cast<std::size_t>(u);
            const auto N = static_cast<std::size_t>(na);
            const double i = sigmoid(z[U]), f = sigmoid(z[N + U]), g = std::tanh(z[2 * N + U]), o = sigmoid(z[3 * N + U]);
            c[U] = f * c[U] + i * g;
            a[U] = o * std::tanh(c[U]);
        }
    }

    std::vector<double> dense_softmax(const std::vector<double>& a) const
    {
        std::vector<double> p(static_cast<std::size_t>(V));
        double max = -1e300;
        for (int k = 0; k < V; ++k) {
            double sum = w.dense_bias(k);
            for (int u = 0; u < na; ++u)
                sum += a[static_cast<std::size_t>(u)] * w.dense_kernel(u, k);
            p[static_cast<std::size_t>(k)] = sum;
            max = std::max(max, sum);
        }
        double total = 0;
        for (double& v : p)
            total += (v = std::exp(v - max));
        for (double& v : p)
            v /= total;
        return p;
    }

    std::vector<double> one_hot(int token) const
    {
        std::vector<double> x(static_cast<std::size_t>(V), 0.0);
        if (token != no_token)
            x[static_cast<std::size_t>(token)] = 1.0;
        return x;
    }

    /// Σ over steps of the batch-mean cross-entropy.
    double loss(const jazzlstm::IndexSequences& X, const jazzlstm::IndexSequences& Y) const
    {
        double total = 0;
        for (Eigen::Index j = 0; j < X.cols(); ++j) {
            std::vector<double> a(static_cast<std::size_t>(na), 0.0), c = a;
            for (Eigen::Index t = 0; t < X.rows(); ++t) {
                lstm_step(one_hot(X(t, j)), a, c);
                const auto p = dense_softmax(a);
                const auto y = one_hot(Y(t, j));
                for (int k = 0; k < V; ++k)
                    total -= y[static_cast<std::size_t>(k)] * (y[static_cast<std::size_t>(k)] > 0 ? std::log(p[static_cast<std::size_t>(k)]) : 0.0);
            }
        }
        return total / static_cast<double>(X.cols());
    }
};

template <typename T>
jazzlstm::KerasWeights<double> to_double(const jazzlstm::KerasWeights<T>& w)
{
    return { w.lstm_kernel.template cast<double>(), w.lstm_recurrent_kernel.template cast<double>(),
        w.lstm_bias.template cast<double>(), w.dense_kernel.template cast<double>(), w.dense_bias.template cast<double>() };
}

template <typename T>
double tolerance()
{
    return std::is_same<T, float>::value ? 2e-5 : 1e-12;
}

} // namespace

TEST_CASE("parameter counts equal Keras's for V = 78 and V = 90")
{
    auto m78 = std::make_unique<jazzlstm::JazzModel<float>>(78);
    auto m90 = std::make_unique<jazzlstm::JazzModel<float>>(90);
    CHECK(m78->lstm().param_count() == 36608);
    CHECK(m78->dense().param_count() == 5070);
    CHECK(m78->param_count() == 41678);
    CHECK(m90->lstm().param_count() == 39680);
    CHECK(m90->dense().param_count() == 5850);
    CHECK(m90->param_count() == 45530);
    const std::string s78 = m78->summary();
    const std::string s90 = m90->summary();
    MESSAGE("summary() for V = 78:\n" << s78);
    MESSAGE("summary() for V = 90:\n" << s90);
    CHECK(s78.find("Total params: 41,678\n") != std::string::npos);
    CHECK(s90.find("Total params: 45,530\n") != std::string::npos);
    CHECK(s78.find("36,608") != std::string::npos);
    CHECK(s90.find("5,850") != std::string::npos);
}

TEST_CASE_TEMPLATE("LSTM step and Dense softmax match the naive reference", T, float, double)
{
    constexpr int NA = 8;
    const int V = 11;
    using Model = jazzlstm::JazzModel<T, 4, NA>;
    auto model = std::make_unique<Model>(V, 21);
    std::mt19937_64 rng(4);
    model->for_each_param([&](const char*, auto& value, auto&) {
        for (Eigen::Index e = 0; e < value.size(); ++e)
            value.data()[e] += static_cast<T>(0.3 * (2 * jazzlstm::canonical_double(rng) - 1));
    });
    const Reference ref { to_double(model->keras_weights()), V, NA };

    // A batch of three: a token, the all-zero input, another token; random prior state.
    using State = typename Model::StateMatrix;
    State a_prev(NA, 3), c_prev(NA, 3), a(NA, 3), c(NA, 3), tanh_c(NA, 3);
    typename Model::GateMatrix gates(4 * NA, 3);
    for (Eigen::Index e = 0; e < a_prev.size(); ++e) {
        a_prev.data()[e] = static_cast<T>(2 * jazzlstm::canonical_double(rng) - 1);
        c_prev.data()[e] = static_cast<T>(2 * jazzlstm::canonical_double(rng) - 1);
    }
    const int tokens[3] = { 7, no_token, 0 };
    model->lstm().forward_step([&](Eigen::Index j) { return tokens[j]; }, a_prev, c_prev, gates, c, tanh_c, a);

    typename Model::Matrix logits(V, 3);
    model->dense().forward(a, logits);
    jazzlstm::softmax_columns_inplace(logits);

    for (int j = 0; j < 3; ++j) {
        std::vector<double> ra(NA), rc(NA);
        for (int u = 0; u < NA; ++u) {
            ra[static_cast<std::size_t>(u)] = static_cast<double>(a_prev(u, j));
            rc[static_cast<std::size_t>(u)] = static_cast<double>(c_prev(u, j));
        }
        ref.lstm_step(ref.one_hot(tokens[j]), ra, rc);
        for (int u = 0; u < NA; ++u) {
            CHECK(static_cast<double>(a(u, j)) == doctest::Approx(ra[static_cast<std::size_t>(u)]).epsilon(tolerance<T>()));
            CHECK(static_cast<double>(c(u, j)) == doctest::Approx(rc[static_cast<std::size_t>(u)]).epsilon(tolerance<T>()));
        }
        // Dense applied to the reference a, to test Dense on its own.
        const auto p = ref.dense_softmax(ra);
        for (int k = 0; k < V; ++k)
            CHECK(static_cast<double>(logits(k, j)) == doctest::Approx(p[static_cast<std::size_t>(k)]).epsilon(tolerance<T>()));
        CHECK(static_cast<double>(logits.col(j).sum()) == doctest::Approx(1.0).epsilon(tolerance<T>()));
    }
}

TEST_CASE_TEMPLATE("the unrolled training graph and the generation step match the reference", T, float, double)
{
    using Model = jazzlstm::JazzModel<T, 30, 64>;
    const auto corpus = jazzlstm::test::synthetic_corpus(78, 200, 3);
    const auto w = jazzlstm::test::synthetic_windows(corpus, 30, 7, 4);
    auto model = std::make_unique<Model>(78, 8);
    model->fit(w.X, w.Y, 3); // leave the symmetric start
    const Reference ref { to_double(model->keras_weights()), 78, 64 };

    const double loss = model->evaluate(w.X, w.Y).loss;
    CHECK(loss == doctest::Approx(ref.loss(w.X, w.Y)).epsilon(std::is_same<T, float>::value ? 1e-5 : 1e-12));

    // Generation: x⟨1⟩ = 0, a = c = 0, then the fed tokens; compare every distribution.
    auto state = model->make_inference_state();
    std::vector<double> a(64, 0.0), c(64, 0.0);
    int token = no_token;
    for (int t = 0; t < 12; ++t) {
        const auto& p = model->step(state, token);
        ref.lstm_step(ref.one_hot(token), a, c);
        const auto rp = ref.dense_softmax(a);
        double worst = 0;
        for (int k = 0; k < 78; ++k)
            worst = std::max(worst, std::abs(static_cast<double>(p(k)) - rp[static_cast<std::size_t>(k)]));
        CHECK(worst < tolerance<T>());
        CHECK(state.last_token() == token);
        token = corpus[static_cast<std::size_t>(t)];
    }
}

TEST_CASE_TEMPLATE("initialisation follows Keras and is deterministic", T, float, double)
{
    using Model = jazzlstm::JazzModel<T>;
    auto model = std::make_unique<Model>(78, 123);
    const auto w = model->keras_weights();

    const double lstm_limit = std::sqrt(6.0 / (78 + 256));
    const double dense_limit = std::sqrt(6.0 / (64 + 78));
    CHECK(w.lstm_kernel.cwiseAbs().maxCoeff() <= static_cast<T>(lstm_limit));
    CHECK(w.dense_kernel.cwiseAbs().maxCoeff() <= static_cast<T>(dense_limit));
    // U(−l, l) has variance l²/3; 20 k draws give the sample variance to about 1 %.
    const double var = static_cast<double>(w.lstm_kernel.squaredNorm()) / static_cast<double>(w.lstm_kernel.size());
    CHECK(var == doctest::Approx(lstm_limit * lstm_limit / 3).epsilon(0.05));
    CHECK(std::abs(static_cast<double>(w.lstm_kernel.mean())) < 0.01);

    // Orthogonal recurrent kernel (64 × 256): orthonormal rows.
    const Eigen::MatrixXd uut = w.lstm_recurrent_kernel.template cast<double>() * w.lstm_recurrent_kernel.template cast<double>().transpose();
    CHECK((uut - Eigen::MatrixXd::Identity(64, 64)).cwiseAbs().maxCoeff() < (std::is_same<T, float>::value ? 1e-5 : 1e-12));

    // unit_forget_bias: the f block is 1, the rest 0; Dense bias 0.
    CHECK(w.lstm_bias.segment(0, 64).isZero(0));
    CHECK((w.lstm_bias.segment(64, 64).array() == T(1)).all());
    CHECK(w.lstm_bias.segment(128, 128).isZero(0));
    CHECK(w.dense_bias.isZero(0));

    // Same seed, bit-identical weights; another seed, other weights; a caller URBG works alike.
    auto same = std::make_unique<Model>(78, 123);
    std::mt19937_64 rng(123);
    auto from_rng = std::make_unique<Model>(78, rng);
    auto other = std::make_unique<Model>(78, 124);
    const auto ws = same->keras_weights();
    const auto wr = from_rng->keras_weights();
    CHECK(ws.lstm_kernel == w.lstm_kernel);
    CHECK(ws.lstm_recurrent_kernel == w.lstm_recurrent_kernel);
    CHECK(ws.dense_kernel == w.dense_kernel);
    CHECK(wr.lstm_recurrent_kernel == w.lstm_recurrent_kernel);
    CHECK(wr.dense_kernel == w.dense_kernel);
    CHECK(other->keras_weights().lstm_kernel != w.lstm_kernel);
}

TEST_CASE("uniform and normal draws come from the generator's bits alone")
{
    // The 53-bit uniform of a known 64-bit word, by hand.
    struct Fixed {
        using result_type = std::uint64_t;
        static constexpr result_type min() { return 0; }
        static constexpr result_type max() { return ~result_type(0); }
        result_type value;
        result_type operator()() { return value; }
    };
    Fixed half { std::uint64_t(1) << 63 };
    CHECK(jazzlstm::canonical_double(half) == 0.5);
    Fixed top { ~std::uint64_t(0) };
    CHECK(jazzlstm::canonical_double(top) == 1.0 - 0x1.0p-53);

    std::mt19937_64 rng(1);
    jazzlstm::NormalDraw normal;
    double sum = 0, sum2 = 0;
    const int n = 20000;
    for (int i = 0; i < n; ++i) {
        const double x = normal(rng);
        sum += x;
        sum2 += x * x;
    }
    CHECK(std::abs(sum / n) < 0.03);
    CHECK(sum2 / n == doctest::Approx(1.0).epsilon(0.03));
}

TEST_CASE_TEMPLATE("Keras weights round-trip, and a wrong shape leaves the model unchanged", T, float, double)
{
    using Model = jazzlstm::JazzModel<T>;
    auto a = std::make_unique<Model>(78, 1);
    auto b = std::make_unique<Model>(78, 2);
    const auto wa = a->keras_weights();
    b->set_keras_weights(wa);
    const auto wb = b->keras_weights();
    CHECK(wb.lstm_kernel == wa.lstm_kernel);
    CHECK(wb.lstm_recurrent_kernel == wa.lstm_recurrent_kernel);
    CHECK(wb.lstm_bias == wa.lstm_bias);
    CHECK(wb.dense_kernel == wa.dense_kernel);
    CHECK(wb.dense_bias == wa.dense_bias);
    // Keras layout: row k of the kernel is what token k adds to the gates.
    CHECK(a->lstm().kernel().col(5) == wa.lstm_kernel.row(5).transpose());

    auto c = std::make_unique<Model>(90, 3);
    const auto before = c->keras_weights();
    auto bad = wa; // V = 78 weights into a V = 90 model
    try {
        c->set_keras_weights(bad);
        FAIL("no exception");
    } catch (const jazzlstm::shape_error& e) {
        CHECK(e.id() == "jazzlstm.model.shape");
        CHECK(std::string(e.what()).find("lstm_kernel is 78x256, expected 90x256") != std::string::npos);
    }
    auto late = c->keras_weights();
    late.dense_bias.resize(89); // only the last tensor is wrong: nothing may be copied
    late.lstm_bias.setConstant(T(7));
    CHECK_THROWS_AS(c->set_keras_weights(late), jazzlstm::shape_error);
    CHECK(c->keras_weights().lstm_bias == before.lstm_bias);
    CHECK(c->keras_weights().lstm_kernel == before.lstm_kernel);
}

TEST_CASE("malformed batches and tokens are rejected with stable ids")
{
    using Model = jazzlstm::JazzModel<float, 5, 4>;
    auto model = std::make_unique<Model>(6, 1);
    jazzlstm::IndexSequences X = jazzlstm::IndexSequences::Constant(5, 2, 1);
    jazzlstm::IndexSequences Y = X;
    auto id_of = [&](auto&& f) -> std::string {
        try {
            f();
        } catch (const jazzlstm::error& e) {
            return e.id();
        }
        return "none";
    };
    CHECK(id_of([&] { model->evaluate(X, Y); }) == "none");
    CHECK(id_of([&] { model->evaluate(X.topRows(4), Y.topRows(4)); }) == "jazzlstm.model.batch_shape");
    CHECK(id_of([&] { model->evaluate(X, Y.leftCols(1)); }) == "jazzlstm.model.batch_shape");
    Y(2, 1) = 6;
    CHECK(id_of([&] { model->evaluate(X, Y); }) == "jazzlstm.model.token_range");
    Y(2, 1) = -2;
    CHECK(id_of([&] { model->train_step(X, Y); }) == "jazzlstm.model.token_range");
    CHECK(id_of([&] { model->fit(X, X, -1); }) == "jazzlstm.model.epochs");
    CHECK(id_of([] { Model m(0); }) == "jazzlstm.model.values");
    auto state = model->make_inference_state();
    CHECK(id_of([&] { model->step(state, 6); }) == "jazzlstm.model.token_range");
    CHECK(id_of([&] { model->generate<5>([](const auto&) { return 9; }); }) == "jazzlstm.model.token_range");
    CHECK(id_of([&] { model->prepare(0); }) == "jazzlstm.model.batch");
}

TEST_CASE("a non-finite loss stops training before the weights change")
{
    using Model = jazzlstm::JazzModel<double, 5, 4>;
    auto model = std::make_unique<Model>(6, 1);
    auto w = model->keras_weights();
    w.dense_bias(2) = std::numeric_limits<double>::quiet_NaN();
    model->set_keras_weights(w);
    jazzlstm::IndexSequences X = jazzlstm::IndexSequences::Constant(5, 2, 1);
    try {
        model->fit(X, X, 3);
        FAIL("no exception");
    } catch (const jazzlstm::numeric_error& e) {
        CHECK(e.id() == "jazzlstm.model.non_finite");
    }
    CHECK(model->optimizer().iterations() == 0);
    CHECK(model->keras_weights().lstm_kernel == w.lstm_kernel);
}

TEST_CASE("fused softmax cross-entropy: loss from the logits, accuracy breaks ties low, no_token not scored")
{
    Eigen::MatrixXd z(3, 4);
    z << 1, 1, 3, 0, //
        2, 2, 0, 0, //
        2, 2, 1, 0;
    const int y[4] = { 1, 2, 0, jazzlstm::no_token };
    const auto sums = jazzlstm::softmax_cross_entropy_inplace(z, [&](Eigen::Index k) { return y[k]; });
    CHECK(sums.scored == 3);
    CHECK(sums.correct == 2); // column 1 ties at 1 and 2: the argmax is 1, not the target 2
    const double tie = std::log(std::exp(1.0) + 2 * std::exp(2.0)) - 2.0;
    CHECK(sums.loss_sum == doctest::Approx(2 * tie + std::log(std::exp(3.0) + 1.0 + std::exp(1.0)) - 3.0).epsilon(1e-12));
    CHECK(z.col(0).sum() == doctest::Approx(1.0));
    CHECK(z(1, 0) == doctest::Approx(std::exp(2.0) / (std::exp(1.0) + 2 * std::exp(2.0))));
}

TEST_CASE("one argmax: the accuracy, the greedy step and the greedy sampler agree on ties and NaN")
{
    const double nan = std::numeric_limits<double>::quiet_NaN();
    Eigen::MatrixXd z(4, 2);
    z << 0, 5, //
        3, nan, //
        3, 9, //
        1, nan;
    const int y[2] = { 1, 1 }; // column 0 ties at 1 and 2; column 1's first NaN is at 1
    const auto sums = jazzlstm::softmax_cross_entropy_inplace(z, [&](Eigen::Index k) { return y[k]; });
    CHECK(sums.correct == 2);

    // The greedy step: zero kernels, so the logits are the Dense bias.
    using Model = jazzlstm::JazzModel<double, 4, 3>;
    auto model = std::make_unique<Model>(6, 1);
    model->dense().kernel().setZero();
    model->dense().bias() << 1, 4, 2, 4, 0, 3;
    auto state = model->make_inference_state();
    CHECK(model->step_greedy(state, no_token) == 1);
    model->dense().bias()(3) = nan;
    model->dense().bias()(5) = 7;
    CHECK(model->step_greedy(state, no_token) == 3);
    CHECK(jazzlstm::argmax(model->dense().bias()) == 3);

    Eigen::VectorXd p(4);
    p << 0.1, 0.4, 0.1, 0.4;
    auto greedy = jazzlstm::make_temperature_sampler(0.0, std::mt19937(3));
    CHECK(greedy(p) == 1);
    CHECK(jazzlstm::argmax(p) == 1);
}

} // namespace jazzlstm_test_layers
