// Choosing the next token from the softmax output: greedy argmax (the notebook; nn/argmax.hpp,
// re-exported here) or temperature sampling, deterministic for a given seeded generator on every standard library.
//
// The choosers are functors callable as `int(const Eigen::Ref<const Eigen::Matrix<T,-1,1>>&)`
// (any Eigen vector expression works), so the model's generation loop can take either.
#pragma once

#include <jazzlstm/core/config.hpp>
#include <jazzlstm/core/error.hpp>
#include <jazzlstm/core/random.hpp>
#include <jazzlstm/nn/argmax.hpp>

#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <type_traits>
#include <utility>

namespace jazzlstm {

/// Writes the one-hot vector of `index` into `out` (all zeros, a 1 at `index`); `no_token`
/// (any negative index) gives the all-zero vector. Allocates: no.
template <typename Derived>
void one_hot_into(int index, Eigen::MatrixBase<Derived>& out) noexcept
{
    JAZZLSTM_ASSERT(index < out.size());
    out.setZero();
    if (index >= 0)
        out(index) = typename Derived::Scalar(1);
}

/// The one-hot vector of `index` with `V` entries; a negative index (no_token) gives all zeros.
/// @throws argument_error `jazzlstm.sampling.bad_index` when index ≥ V or V < 0.
/// Allocates: yes (the returned vector).
template <typename T = float>
Eigen::Matrix<T, Eigen::Dynamic, 1> one_hot(int index, int V)
{
    if (V < 0 || index >= V)
        throw argument_error("jazzlstm.sampling.bad_index",
            "one-hot index " + std::to_string(index) + " outside [0, " + std::to_string(V) + ")");
    Eigen::Matrix<T, Eigen::Dynamic, 1> out(V);
    one_hot_into(index, out);
    return out;
}

/// Samples from probabilities sharpened or flattened by a temperature: p_k^(1/T), renormalised.
/// T = 1 samples the model's own distribution, T → 0 approaches argmax, T = 0 is exactly
/// greedy (and draws nothing from the generator). Weights are computed in log space,
/// w_k = exp((ln p_k − max_j ln p_j) / T), so tiny temperatures neither overflow nor underflow
/// to an all-zero vector; the inputs need not sum to 1.
///
/// One draw = one `canonical_double` (two outputs of a 32-bit URBG, one of a 64-bit URBG).
/// With T = 1 and an MT19937 the draw follows numpy's legacy `RandomState.choice(len(p), p=p)`
/// step for step (random_sample, cumulative sum divided by the total, first entry above u).
/// The generator is held by value; `engine()` exposes it.
template <typename URBG>
class TemperatureSampler {
public:
    /// @throws argument_error `jazzlstm.sampling.bad_temperature` unless T is finite and ≥ 0.
    TemperatureSampler(double temperature, URBG rng)
        : temperature_(temperature)
        , rng_(std::move(rng))
    {
        if (!(temperature >= 0.0) || !std::isfinite(temperature))
            throw argument_error("jazzlstm.sampling.bad_temperature",
                "temperature must be finite and >= 0, got " + std::to_string(temperature));
    }

    double temperature() const noexcept { return temperature_; }
    URBG& engine() noexcept { return rng_; }

    /// Draws one index. Zero probabilities are never drawn.
    /// @throws numeric_error `jazzlstm.sampling.bad_probabilities` for an empty vector, a NaN or
    ///         negative entry, or no positive entry (context.position = offending index).
    /// Allocates: no.
    template <typename Derived>
    int operator()(const Eigen::MatrixBase<Derived>& probs)
    {
        const Eigen::Index n = probs.size();
        if (n == 0)
            throw numeric_error("jazzlstm.sampling.bad_probabilities", "empty probability vector");
        double largest = 0.0;
        for (Eigen::Index k = 0; k < n; ++k) {
            const double p = static_cast<double>(probs(k));
            if (!(p >= 0.0) || std::isinf(p)) {
                error_context where;
                where.position = static_cast<std::size_t>(k);
                where.token = std::to_string(p);
                throw numeric_error("jazzlstm.sampling.bad_probabilities", "probability is negative, NaN or infinite", std::move(where));
            }
            largest = std::max(largest, p);
        }
        if (!(largest > 0.0))
            throw numeric_error("jazzlstm.sampling.bad_probabilities", "no probability is positive");
        if (temperature_ == 0.0)
            return argmax(probs);

        // At T = 1 the weights are the probabilities themselves, so that the draw is numpy's
        // legacy `choice(n, p=p)`: cdf = cumsum(p) / sum, first k with u < cdf_k.
        const bool plain = temperature_ == 1.0 && largest <= 1.0; // sums of values ≤ 1 cannot overflow
        const double log_largest = std::log(largest);
        const double inverse_t = 1.0 / temperature_;
        double total = 0.0;
        for (Eigen::Index k = 0; k < n; ++k)
            total += plain ? static_cast<double>(probs(k)) : weight(static_cast<double>(probs(k)), log_largest, inverse_t);
        const double u = canonical_double(rng_);
        double cumulative = 0.0;
        int last_positive = 0;
        for (Eigen::Index k = 0; k < n; ++k) {
            const double w = plain ? static_cast<double>(probs(k)) : weight(static_cast<double>(probs(k)), log_largest, inverse_t);
            if (w <= 0.0)
                continue;
            cumulative += w;
            last_positive = static_cast<int>(k);
            if (u < cumulative / total)
                return last_positive;
        }
        return last_positive; // not reached at T = 1; elsewhere only if rounding left u above the last ratio
    }

private:
    static double weight(double p, double log_largest, double inverse_t) noexcept
    {
        if (p <= 0.0)
            return 0.0;
        return std::exp((std::log(p) - log_largest) * inverse_t);
    }

    double temperature_;
    URBG rng_;
};

/// Builds a TemperatureSampler, deducing the generator type.
/// @throws argument_error `jazzlstm.sampling.bad_temperature`.
template <typename URBG>
TemperatureSampler<std::decay_t<URBG>> make_temperature_sampler(double temperature, URBG&& rng)
{
    return TemperatureSampler<std::decay_t<URBG>>(temperature, std::forward<URBG>(rng));
}

} // namespace jazzlstm
