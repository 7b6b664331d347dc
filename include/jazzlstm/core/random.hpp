// The library's one random module (standard library only): numpy's legacy generator for the
// notebook's draws, and the uniform doubles, bounded integers and seed mixing everything else uses.
//
// The notebook draws its 60 training windows with `np.random.seed(0)` followed by
// `np.random.choice(len(corpus) - Tx)`; reproducing those windows exactly needs the same
// generator (MT19937), the same seeding routine and the same bounded-integer algorithm.
// Everything else (weight initialisation, sampling, the grammar's choices) draws from any
// full-width URBG through the functions below rather than through std distributions, whose
// algorithms are implementation-defined: a seed then gives the same model and the same solo with
// every standard library.
#pragma once

#include <jazzlstm/core/error.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <type_traits>

namespace jazzlstm {

/// The 32-bit Mersenne Twister (Matsumoto & Nishimura 1998), seeded like the reference
/// `init_genrand`; numpy's legacy `RandomState` uses exactly this seeding for an integer seed.
///
/// Written out rather than taken from `std::mt19937` so that the state layout, seeding and
/// `discard` are ours to document; its output equals `std::mt19937` for the same seed (tested).
/// Satisfies UniformRandomBitGenerator. Allocates: no.
class MT19937 {
public:
    using result_type = std::uint32_t;

    static constexpr std::size_t state_size = 624;
    static constexpr std::uint32_t default_seed = 5489u;

    static constexpr result_type min() noexcept { return 0; }
    static constexpr result_type max() noexcept { return 0xFFFFFFFFu; }

    explicit MT19937(std::uint32_t seed_value = default_seed) noexcept { seed(seed_value); }

    /// `init_genrand(s)`: the 32-bit seeding routine (not `init_by_array`).
    void seed(std::uint32_t s) noexcept
    {
        state_[0] = s;
        for (std::size_t i = 1; i < state_size; ++i) {
            const std::uint32_t previous = state_[i - 1];
            state_[i] = 1812433253u * (previous ^ (previous >> 30)) + static_cast<std::uint32_t>(i);
        }
        next_ = state_size; // regenerate on the first draw, as the reference does
    }

    /// The next 32-bit output (`genrand_int32`).
    result_type operator()() noexcept
    {
        if (next_ >= state_size)
            twist();
        std::uint32_t y = state_[next_++];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9D2C5680u;
        y ^= (y << 15) & 0xEFC60000u;
        y ^= y >> 18;
        return y;
    }

    void discard(unsigned long long count) noexcept
    {
        for (; count > 0; --count)
            (void)(*this)();
    }

private:
    void twist() noexcept
    {
        constexpr std::uint32_t upper = 0x80000000u;
        constexpr std::uint32_t lower = 0x7FFFFFFFu;
        constexpr std::uint32_t matrix_a = 0x9908B0DFu;
        constexpr std::size_t shift = 397;
        for (std::size_t i = 0; i < state_size; ++i) {
            const std::uint32_t y = (state_[i] & upper) | (state_[(i + 1) % state_size] & lower);
            state_[i] = state_[(i + shift) % state_size] ^ (y >> 1) ^ ((y & 1u) ? matrix_a : 0u);
        }
        next_ = 0;
    }

    std::array<std::uint32_t, state_size> state_{};
    std::size_t next_ = state_size;
};

/// A double uniform in [0, 1) from a URBG's raw bits. A 32-bit generator gives numpy's
/// `random_sample` (two outputs: 27 + 26 bits), a 64-bit one the top 53 bits of one output.
/// The URBG must produce the full 32- or 64-bit range (std::mt19937, std::mt19937_64, MT19937).
/// Allocates: no.
template <typename URBG>
double canonical_double(URBG& rng)
{
    static_assert(URBG::min() == 0, "the URBG must start at 0");
    constexpr auto top = static_cast<std::uint64_t>(URBG::max());
    static_assert(top == 0xFFFFFFFFu || top == ~std::uint64_t { 0 }, "the URBG must produce full 32-bit or 64-bit words");
    if constexpr (top == 0xFFFFFFFFu) {
        const auto a = static_cast<std::uint32_t>(rng()) >> 5;
        const auto b = static_cast<std::uint32_t>(rng()) >> 6;
        return (a * 67108864.0 + b) / 9007199254740992.0;
    } else {
        const auto x = static_cast<std::uint64_t>(rng()) >> 11;
        return static_cast<double>(x) / 9007199254740992.0;
    }
}

/// The subset of numpy's legacy `np.random.RandomState` that the notebook uses, with the
/// same outputs for the same integer seed: `seed`, `randint`, `choice(n)` and `random_sample`.
/// Allocates: no.
class NumpyRandomState {
public:
    /// `np.random.seed(seed)` with an integer seed (numpy accepts 0 … 2^32−1).
    explicit NumpyRandomState(std::uint32_t seed_value = 0) noexcept : engine_(seed_value) { }

    void seed(std::uint32_t seed_value) noexcept { engine_.seed(seed_value); }

    /// numpy's legacy bounded integer in [0, range] (inclusive): mask = smallest 2^k−1 ≥ range,
    /// draw, AND with the mask, reject while above range. Ranges that fit 32 bits use one 32-bit
    /// output per try; wider ranges use two (high word first), as numpy does. range 0 draws nothing.
    std::uint64_t bounded(std::uint64_t range) noexcept
    {
        if (range == 0)
            return 0;
        std::uint64_t mask = range;
        mask |= mask >> 1;
        mask |= mask >> 2;
        mask |= mask >> 4;
        mask |= mask >> 8;
        mask |= mask >> 16;
        mask |= mask >> 32;
        if (range <= 0xFFFFFFFFu) {
            std::uint64_t value;
            do
                value = engine_() & mask;
            while (value > range);
            return value;
        }
        std::uint64_t value;
        do {
            const std::uint64_t high = engine_();
            value = ((high << 32) | engine_()) & mask;
        } while (value > range);
        return value;
    }

    /// `np.random.randint(low, high)`: a uniform integer in [low, high).
    /// @throws argument_error `jazzlstm.random.empty_range` when low ≥ high (numpy raises ValueError).
    std::int64_t randint(std::int64_t low, std::int64_t high)
    {
        if (low >= high)
            throw argument_error("jazzlstm.random.empty_range",
                "randint needs low < high, got [" + std::to_string(low) + ", " + std::to_string(high) + ")");
        const std::uint64_t range = static_cast<std::uint64_t>(high) - static_cast<std::uint64_t>(low) - 1u;
        return static_cast<std::int64_t>(static_cast<std::uint64_t>(low) + bounded(range));
    }

    /// `np.random.choice(n)` for an integer n: the same draw as `randint(0, n)`.
    /// @throws argument_error `jazzlstm.random.empty_range` when n ≤ 0.
    std::int64_t choice(std::int64_t n)
    {
        if (n <= 0)
            throw argument_error("jazzlstm.random.empty_range",
                "choice needs a population of at least 1, got " + std::to_string(n));
        return randint(0, n);
    }

    /// `np.random.random_sample()`: a double in [0, 1) from two 32-bit outputs (27 + 26 bits).
    double random_sample() noexcept { return canonical_double(engine_); }

    /// The underlying generator, e.g. to hand it to a sampler as its URBG.
    MT19937& engine() noexcept { return engine_; }

private:
    MT19937 engine_;
};

/// A double uniform in the open interval (0, 1) from one output of a 64-bit URBG:
/// (k + ½)·2⁻⁵³ for the top 53 bits k, so a logarithm of it never sees zero. Allocates: no.
template <typename URBG>
double open_unit_double(URBG& rng)
{
    static_assert(URBG::min() == 0 && static_cast<std::uint64_t>(URBG::max()) == ~std::uint64_t { 0 },
        "open_unit_double needs a full 64-bit generator such as std::mt19937_64");
    return (static_cast<double>(static_cast<std::uint64_t>(rng()) >> 11) + 0.5) * 0x1.0p-53;
}

/// Uniform integer in [0, n) from any full-width unsigned URBG, by rejection (values below
/// 2⁶⁴ mod n are redrawn, so no residue is favoured). A 32-bit generator supplies each 64-bit
/// word as two outputs, high first. Returns 0 for n = 0 without drawing. This is not numpy's
/// algorithm (NumpyRandomState::bounded is, where the notebook's draws must be matched).
/// Allocates: no.
template <typename URBG>
std::uint64_t uniform_below(URBG& rng, std::uint64_t n)
{
    using R = typename URBG::result_type;
    static_assert(std::is_unsigned_v<R>, "the generator must produce unsigned integers");
    static_assert(URBG::min() == 0, "the generator must start at 0");
    static_assert(URBG::max() == std::numeric_limits<std::uint64_t>::max() || URBG::max() == std::numeric_limits<std::uint32_t>::max(),
        "the generator must produce full 32- or 64-bit words (mt19937, mt19937_64...)");
    if (n == 0)
        return 0;
    auto draw = [&rng]() -> std::uint64_t {
        if constexpr (URBG::max() == std::numeric_limits<std::uint64_t>::max()) {
            return static_cast<std::uint64_t>(rng());
        } else {
            const std::uint64_t high = static_cast<std::uint64_t>(rng());
            return (high << 32) | static_cast<std::uint64_t>(rng());
        }
    };
    const std::uint64_t threshold = (0 - n) % n;
    for (;;) {
        const std::uint64_t x = draw();
        if (x >= threshold)
            return x % n;
    }
}

/// Python's `random.choice([-1, 1])` stand-in: −1 or +1 with equal probability. Allocates: no.
template <typename URBG>
int random_sign(URBG& rng)
{
    return uniform_below(rng, 2) == 0 ? -1 : 1;
}

/// splitmix64 of (seed, stream): independent, well-mixed 64-bit seeds for several generators
/// derived from one user seed, so that e.g. changing how many draws one stream makes never
/// shifts another. Allocates: no.
constexpr std::uint64_t mix_seed(std::uint64_t seed, std::uint64_t stream) noexcept
{
    std::uint64_t z = seed + 0x9E3779B97F4A7C15ull * (stream + 1);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

} // namespace jazzlstm
