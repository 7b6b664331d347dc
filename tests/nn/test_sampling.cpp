#define EIGEN_RUNTIME_NO_MALLOC
#if defined(__GNUC__) && !defined(__clang__)
// The replacement operator new/delete below pair malloc with free; GCC cannot see that once
// they are inlined into a new/delete pair (std::function's heap copy of a sampler) and warns.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif
#include <jazzlstm/core/random.hpp>
#include <jazzlstm/nn/sampling.hpp>
#include <jazzlstm/nn/sequences.hpp>

#include "support.hpp"

#include <array>
#include <atomic>
#include <cmath>
#include <cstdlib>
#include <functional>
#include <new>
#include <utility>
#include <random>
#include <vector>


// Counts every global allocation so the tests can prove that a draw allocates nothing.
namespace {
std::atomic<long> g_allocations { 0 };
}
void* operator new(std::size_t size)
{
    ++g_allocations;
    if (void* p = std::malloc(size == 0 ? 1 : size))
        return p;
    throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

using jazzlstm::argmax;
using jazzlstm::make_temperature_sampler;

namespace {

/// Draws `n` indices and returns the count of each.
template <typename Sampler>
std::vector<long> histogram(Sampler& sampler, const Eigen::VectorXd& p, long n)
{
    std::vector<long> counts(static_cast<std::size_t>(p.size()), 0);
    for (long k = 0; k < n; ++k)
        ++counts[static_cast<std::size_t>(sampler(p))];
    return counts;
}

/// Pearson's chi-square of `counts` against p^(1/T) renormalised (computed here directly).
double chi_square(const std::vector<long>& counts, const Eigen::VectorXd& p, double T, long n)
{
    double z = 0;
    for (Eigen::Index k = 0; k < p.size(); ++k)
        z += std::pow(p(k), 1.0 / T);
    double chi = 0;
    for (Eigen::Index k = 0; k < p.size(); ++k) {
        const double expected = n * std::pow(p(k), 1.0 / T) / z;
        if (expected == 0) {
            CHECK(counts[static_cast<std::size_t>(k)] == 0);
            continue;
        }
        const double d = counts[static_cast<std::size_t>(k)] - expected;
        chi += d * d / expected;
    }
    return chi;
}

} // namespace

TEST_CASE("one-hot and argmax are inverse; argmax breaks ties low and stops at NaN like numpy")
{
    const int V = 78;
    for (int index = 0; index < V; ++index) {
        const Eigen::VectorXf v = jazzlstm::one_hot<float>(index, V);
        CHECK(v.sum() == 1.0f);
        CHECK(argmax(v) == index);
    }
    CHECK(jazzlstm::one_hot<double>(jazzlstm::no_token, 4).isZero());
    Eigen::VectorXd ties(5);
    ties << 0.1, 0.3, 0.2, 0.3, 0.1;
    CHECK(argmax(ties) == 1);
    ties(3) = std::nan("");
    CHECK(argmax(ties) == 3);
    CHECK(argmax(Eigen::VectorXd()) == -1);
    CHECK(jazzlstm::argmax(ties.head(3)) == 1);
    CHECK(jazzlstm::argmax(ties.array()) == 3); // arrays too
    CHECK_THROWS_AS(jazzlstm::one_hot<float>(4, 4), jazzlstm::argument_error);
    Eigen::VectorXd into = Eigen::VectorXd::Constant(3, 7.0);
    jazzlstm::one_hot_into(2, into);
    CHECK(into == Eigen::Vector3d(0, 0, 1));
}

TEST_CASE("canonical_double: numpy's random_sample for 32-bit generators, top 53 bits for 64-bit ones")
{
    jazzlstm::MT19937 mt(0);
    CHECK(jazzlstm::canonical_double(mt) == 0.5488135039273248); // np.random.seed(0); np.random.rand()
    std::mt19937_64 wide(9), copy(9);
    const double u = jazzlstm::canonical_double(wide);
    CHECK(u == std::ldexp(static_cast<double>(copy() >> 11), -53));
    std::mt19937 narrow(1);
    for (int k = 0; k < 1000; ++k) {
        const double x = jazzlstm::canonical_double(narrow);
        REQUIRE(x >= 0.0);
        REQUIRE(x < 1.0);
    }
}

TEST_CASE("temperature sampling draws p^(1/T) renormalised")
{
    Eigen::VectorXd p(6);
    p << 0.05, 0.1, 0.2, 0.3, 0.35, 0.0;
    const long n = 200000;
    // 4 degrees of freedom (5 non-zero categories): P(chi^2 > 25) ≈ 5e-5.
    for (double T : { 1.0, 0.7, 2.0 }) {
        CAPTURE(T);
        auto sampler = make_temperature_sampler(T, jazzlstm::MT19937(2024));
        const auto counts = histogram(sampler, p, n);
        const double chi = chi_square(counts, p, T, n);
        CAPTURE(chi);
        CHECK(chi < 25.0);
    }
    // A wrong exponent is detected by the same bound: T = 0.7 draws against the T = 1 law.
    auto sharp = make_temperature_sampler(0.7, std::mt19937(5));
    CHECK(chi_square(histogram(sharp, p, n), p, 1.0, n) > 1000.0);
    // Unnormalised inputs and tiny magnitudes are fine: only ratios matter.
    Eigen::VectorXd tiny(3);
    tiny << 1e-300, 2e-300, 0.0;
    auto plain = make_temperature_sampler(1.0, std::mt19937_64(77));
    const auto counts = histogram(plain, tiny, 30000);
    CHECK(chi_square(counts, tiny / 3e-300, 1.0, 30000) < 20.0);
}

TEST_CASE("small temperatures approach argmax; T = 0 is greedy and draws nothing")
{
    Eigen::VectorXf p(5);
    p << 0.1f, 0.3f, 0.05f, 0.35f, 0.2f;
    auto cold = make_temperature_sampler(0.01, jazzlstm::MT19937(1));
    bool all_argmax = true;
    for (int k = 0; k < 5000; ++k)
        all_argmax = all_argmax && cold(p) == 3; // (0.3/0.35)^100 ≈ 2e-7
    CHECK(all_argmax);

    // Equal maxima at T = 1e-3 would overflow p^(1/T) computed directly; in log space they split evenly.
    Eigen::VectorXd tie(3);
    tie << 0.4, 0.2, 0.4;
    auto frozen = make_temperature_sampler(1e-3, std::mt19937(3));
    const auto counts = histogram(frozen, tie, 20000);
    CHECK(counts[1] == 0);
    CHECK(std::abs(counts[0] - 10000) < 500);

    jazzlstm::MT19937 before(8);
    auto greedy = make_temperature_sampler(0.0, before);
    for (int k = 0; k < 10; ++k)
        CHECK(greedy(p) == 3);
    CHECK(greedy.engine()() == before()); // the generator was not advanced
}

TEST_CASE("same seed, same sequence; another seed, another sequence")
{
    Eigen::VectorXd p = Eigen::VectorXd::Constant(78, 1.0 / 78);
    auto a = make_temperature_sampler(1.0, std::mt19937(42));
    auto b = make_temperature_sampler(1.0, std::mt19937(42));
    auto c = make_temperature_sampler(1.0, std::mt19937(43));
    std::vector<int> sa, sb, sc;
    for (int k = 0; k < 200; ++k) {
        sa.push_back(a(p));
        sb.push_back(b(p));
        sc.push_back(c(p));
    }
    CHECK(sa == sb);
    CHECK(sa != sc);
    // With a uniform law the index is floor(u·V) up to rounding: pin the first draw by hand.
    jazzlstm::MT19937 mt(0);
    auto d = make_temperature_sampler(1.0, mt);
    CHECK(d(p) == static_cast<int>(0.5488135039273248 * 78)); // 42
}

TEST_CASE("at T = 1 with MT19937 the draws follow numpy's legacy choice(n, p=p)")
{
    // np.random.seed(0); np.random.rand(5) = 0.5488, 0.7152, 0.6028, 0.5449, 0.4237, and
    // choice takes the first k with u < cumsum(p)_k / sum(p); for p = (0.5, 0.2, 0.3) the
    // cdf is (0.5, 0.7, 1.0), so the draws are 1, 2, 1, 1, 0.
    Eigen::VectorXd p(3);
    p << 0.5, 0.2, 0.3;
    auto sampler = make_temperature_sampler(1.0, jazzlstm::MT19937(0));
    std::vector<int> draws;
    for (int k = 0; k < 5; ++k)
        draws.push_back(sampler(p));
    CHECK(draws == std::vector<int> { 1, 2, 1, 1, 0 });
}

namespace {

/// A 64-bit generator that returns the words giving the scripted uniforms u (canonical_double
/// takes the top 53 bits), so a test can ask for the index a given u maps to.
struct ScriptedUniforms {
    using result_type = std::uint64_t;
    static constexpr result_type min() { return 0; }
    static constexpr result_type max() { return ~result_type { 0 }; }
    std::vector<double> us;
    std::size_t next = 0;
    result_type operator()() { return static_cast<result_type>(std::ldexp(us.at(next++), 53)) << 11; }
};

/// The index each u gives with the sampler's settings.
std::vector<int> draws_for(double T, int top_k, double top_p, const Eigen::VectorXd& p, const std::vector<double>& us)
{
    auto sampler = make_temperature_sampler(T, ScriptedUniforms { us, 0 }, top_k, top_p);
    std::vector<int> out;
    for (std::size_t k = 0; k < us.size(); ++k)
        out.push_back(sampler(p));
    return out;
}

} // namespace

TEST_CASE("top-k and top-p keep exactly the ranked set and renormalise it")
{
    Eigen::VectorXd p(4);
    p << 0.1, 0.4, 0.2, 0.3;
    // top-k 2 keeps indices 1 (0.4) and 3 (0.3): in index order the cdf is 4/7, 1 (the u are put
    // 1e-9 either side of the step, which rounding cannot cross).
    const double below = 4.0 / 7 - 1e-9, above = 4.0 / 7 + 1e-9;
    CHECK(draws_for(1.0, 2, 1.0, p, { 0.0, below, above, 0.999 }) == std::vector<int> { 1, 1, 3, 3 });
    // top-p 0.6: ranked 0.4, 0.3 reach 0.7 ≥ 0.6: the same set; top-p 0.4: 0.4 alone reaches it.
    CHECK(draws_for(1.0, 0, 0.6, p, { below, above }) == std::vector<int> { 1, 3 });
    CHECK(draws_for(1.0, 0, 0.4, p, { 0.0, 0.5, 0.999 }) == std::vector<int> { 1, 1, 1 });
    // top-p 0.75 needs 0.4 + 0.3 + 0.2: indices 1, 2, 3 with cdf 4/9, 6/9, 1.
    CHECK(draws_for(1.0, 0, 0.75, p, { 0.44, 0.45, 0.66, 0.67 }) == std::vector<int> { 1, 2, 2, 3 });
    // With T = 0.5 the weights are p² (0.01, 0.16, 0.04, 0.09 of 0.30): top-p 0.8 keeps 0.16 + 0.09
    // (0.833 of the mass), so index 1 has 0.64 and index 3 0.36.
    CHECK(draws_for(0.5, 0, 0.8, p, { 0.639, 0.641 }) == std::vector<int> { 1, 3 });
    // Both: top-k 3 leaves 0.4, 0.3, 0.2 (0.9); top-p 0.6 of that is reached by 0.4 + 0.3.
    CHECK(draws_for(1.0, 3, 0.6, p, { below, above }) == std::vector<int> { 1, 3 });
    // Ties rank the lower index first.
    const Eigen::VectorXd flat = Eigen::VectorXd::Constant(4, 0.25);
    CHECK(draws_for(1.0, 2, 1.0, flat, { 0.49, 0.5 }) == std::vector<int> { 0, 1 });
    // A cut that keeps every token draws exactly as no cut does.
    auto whole = make_temperature_sampler(0.7, std::mt19937_64(3));
    auto cut = make_temperature_sampler(0.7, std::mt19937_64(3), 10, 1.0);
    for (int k = 0; k < 200; ++k)
        REQUIRE(whole(p) == cut(p));
}

TEST_CASE("sampling_distribution is the law the sampler draws, step for step")
{
    using jazzlstm::sampling_distribution;
    Eigen::VectorXd p(5);
    p << 0.1, 0.4, 0.0, 0.2, 0.3;
    // Worked out by hand: top-k 2 keeps 0.4 and 0.3 (4/7, 3/7); top-p 0.7 the same two (0.4 + 0.3
    // reaches 0.7 exactly); top-p 0.71 needs 0.2 too (4/9, 2/9, 3/9); at T = 0.5 the weights are p²
    // (0.01, 0.16, 0, 0.04, 0.09 of 0.30); T = 0 puts everything on the argmax; a zero stays zero.
    const auto near = [](const Eigen::VectorXd& got, std::vector<double> want, double epsilon = 1e-12) {
        REQUIRE(got.size() == static_cast<Eigen::Index>(want.size()));
        for (std::size_t k = 0; k < want.size(); ++k)
            CHECK(got(static_cast<Eigen::Index>(k)) == doctest::Approx(want[k]).epsilon(epsilon));
    };
    near(sampling_distribution(p, 1.0), { 0.1, 0.4, 0.0, 0.2, 0.3 });
    near(sampling_distribution(p, 1.0, 2), { 0, 4.0 / 7, 0, 0, 3.0 / 7 });
    near(sampling_distribution(p, 1.0, 0, 0.7), { 0, 4.0 / 7, 0, 0, 3.0 / 7 });
    near(sampling_distribution(p, 1.0, 0, 0.71), { 0, 4.0 / 9, 0, 2.0 / 9, 3.0 / 9 });
    near(sampling_distribution(p, 0.5), { 0.01 / 0.3, 0.16 / 0.3, 0, 0.04 / 0.3, 0.09 / 0.3 });
    near(sampling_distribution(p, 0.5, 3), { 0, 0.16 / 0.29, 0, 0.04 / 0.29, 0.09 / 0.29 });
    near(sampling_distribution(p, 0.0, 1, 0.1), { 0, 1, 0, 0, 0 });
    near(sampling_distribution(Eigen::Vector3d(0.25, 0.25, 0.5), 1.0, 2), { 1.0 / 3, 0, 2.0 / 3 });
    // The same law, unnormalised and in float (the model's output), up to float rounding.
    const Eigen::VectorXf scaled = (p * 7.0).cast<float>();
    near(sampling_distribution(scaled, 1.0, 2), { 0, 4.0 / 7, 0, 0, 3.0 / 7 }, 1e-6);

    // The draw walks this law's cdf: a u just below a cumulative step gives that index, just
    // above it the next kept one, for every setting and every kept index.
    const std::vector<std::pair<int, double>> cuts { { 0, 1.0 }, { 2, 1.0 }, { 0, 0.71 }, { 3, 0.6 }, { 4, 0.95 } };
    for (double T : { 0.3, 0.5, 1.0, 1.7 })
        for (const auto& [k, top_p] : cuts) {
            const Eigen::VectorXd law = sampling_distribution(p, T, k, top_p);
            CHECK(law.sum() == doctest::Approx(1.0).epsilon(1e-12));
            double cumulative = 0;
            int previous = -1;
            for (Eigen::Index i = 0; i < law.size(); ++i) {
                if (law(i) == 0)
                    continue;
                if (previous >= 0) {
                    INFO("T " << T << ", top-k " << k << ", top-p " << top_p << ", index " << i);
                    CHECK(draws_for(T, k, top_p, p, { cumulative - 1e-9, cumulative + 1e-9 }) == std::vector<int> { previous, static_cast<int>(i) });
                }
                cumulative += law(i);
                previous = static_cast<int>(i);
            }
        }
    CHECK_THROWS_AS(sampling_distribution(p, 1.0, -1), jazzlstm::argument_error);
    CHECK_THROWS_AS(sampling_distribution(p, -1.0), jazzlstm::argument_error);
    CHECK_THROWS_AS(sampling_distribution(Eigen::VectorXd::Zero(3), 1.0), jazzlstm::numeric_error);
}

TEST_CASE("top-k and top-p draw the renormalised law, the same sequence for the same seed")
{
    Eigen::VectorXd p(6);
    p << 0.05, 0.1, 0.2, 0.3, 0.35, 0.0;
    const long n = 200000;
    // T = 0.7, top-k 3: weights p^(1/0.7) of indices 2, 3, 4 only.
    auto sampler = make_temperature_sampler(0.7, std::mt19937_64(11), 3);
    const auto counts = histogram(sampler, p, n);
    CHECK(counts[0] == 0);
    CHECK(counts[1] == 0);
    Eigen::VectorXd kept = p;
    kept(0) = kept(1) = 0;
    CHECK(chi_square(counts, kept, 0.7, n) < 20.0); // 2 degrees of freedom
    auto a = make_temperature_sampler(1.0, std::mt19937_64(5), 0, 0.9);
    auto b = make_temperature_sampler(1.0, std::mt19937_64(5), 0, 0.9);
    for (int k = 0; k < 100; ++k)
        REQUIRE(a(p) == b(p));
    for (auto [k, top_p] : { std::pair<int, double> { -1, 1.0 }, { 0, 0.0 }, { 0, 1.5 }, { 0, std::nan("") } }) {
        try {
            make_temperature_sampler(1.0, std::mt19937(1), k, top_p);
            FAIL("accepted top-k " << k << ", top-p " << top_p);
        } catch (const jazzlstm::argument_error& e) {
            CHECK(e.id() == "jazzlstm.sampling.bad_truncation");
        }
    }
}

TEST_CASE("choosers fit the model's chooser signature for float and double")
{
    using Chooser = std::function<int(const Eigen::Ref<const Eigen::VectorXf>&)>;
    Chooser greedy = jazzlstm::argmax;
    Chooser sampled = make_temperature_sampler(0.5, std::mt19937(1));
    Eigen::VectorXf p(3);
    p << 0.2f, 0.7f, 0.1f;
    CHECK(greedy(p) == 1);
    const int s = sampled(p);
    CHECK((s >= 0 && s < 3));
    std::function<int(const Eigen::Ref<const Eigen::VectorXd>&)> dbl = make_temperature_sampler(0.0, std::mt19937(1));
    CHECK(dbl(p.cast<double>()) == 1);
}

TEST_CASE("a draw allocates nothing")
{
    Eigen::VectorXf p = Eigen::VectorXf::LinSpaced(90, 0.0f, 1.0f);
    auto sampler = make_temperature_sampler(0.8, jazzlstm::MT19937(1));
    const jazzlstm::Argmax greedy;
    Eigen::Ref<const Eigen::VectorXf> ref(p);
    const long before = g_allocations.load();
    Eigen::internal::set_is_malloc_allowed(false);
    long sum = 0;
    for (int k = 0; k < 1000; ++k)
        sum += sampler(ref) + greedy(ref) + sampler(p.head(50));
    Eigen::internal::set_is_malloc_allowed(true);
    CHECK(g_allocations.load() == before);
    CHECK(sum > 0);
}

TEST_CASE("bad temperatures and bad probability vectors are typed errors")
{
    for (double T : { -0.5, std::nan(""), HUGE_VAL }) {
        try {
            make_temperature_sampler(T, std::mt19937(1));
            FAIL("temperature " << T << " accepted");
        } catch (const jazzlstm::argument_error& e) {
            CHECK(e.id() == "jazzlstm.sampling.bad_temperature");
        }
    }
    auto sampler = make_temperature_sampler(1.0, std::mt19937(1));
    Eigen::VectorXd p(3);
    for (double bad : { -0.1, std::nan(""), HUGE_VAL }) {
        p << 0.5, bad, 0.5;
        try {
            sampler(p);
            FAIL("probability " << bad << " accepted");
        } catch (const jazzlstm::numeric_error& e) {
            CHECK(e.id() == "jazzlstm.sampling.bad_probabilities");
            REQUIRE(e.context().position.has_value());
            CHECK(*e.context().position == 1);
        }
    }
    CHECK_THROWS_AS(sampler(Eigen::VectorXd::Zero(4)), jazzlstm::numeric_error);
    CHECK_THROWS_AS(sampler(Eigen::VectorXd()), jazzlstm::numeric_error);
}

