// numpy's legacy `np.random` (RandomState) for the few calls the notebook makes, bit for bit.
//
// The notebook draws its 60 training windows with `np.random.seed(0)` followed by
// `np.random.choice(len(corpus) - Tx)`; reproducing those windows exactly needs the same
// generator (MT19937), the same seeding routine and the same bounded-integer algorithm.
// Network side: standard library only, no Eigen needed.
#pragma once

#include <jazzlstm/core/error.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

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
    double random_sample() noexcept
    {
        const std::uint32_t a = engine_() >> 5;
        const std::uint32_t b = engine_() >> 6;
        return (a * 67108864.0 + b) / 9007199254740992.0;
    }

    /// The underlying generator, e.g. to hand it to a sampler as its URBG.
    MT19937& engine() noexcept { return engine_; }

private:
    MT19937 engine_;
};

} // namespace jazzlstm
