// Choosing the next token from the softmax output: greedy argmax (the notebook; nn/argmax.hpp,
// re-exported here) or temperature sampling, optionally cut to the top k tokens and/or the nucleus
// holding a share p of the mass, deterministic for a given seeded generator on every standard library;
// and sampling_distribution(), the exact law such a sampler draws from (for tests and for callers
// that show or reuse the distribution, as the Python binding does).
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
#include <numeric>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

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

namespace detail {

    /// @throws argument_error `jazzlstm.sampling.bad_temperature` unless T is finite and ≥ 0,
    ///         `jazzlstm.sampling.bad_truncation` unless top_k ≥ 0 and 0 < top_p ≤ 1.
    inline void check_sampling_settings(double temperature, int top_k, double top_p)
    {
        if (!(temperature >= 0.0) || !std::isfinite(temperature))
            throw argument_error("jazzlstm.sampling.bad_temperature",
                "temperature must be finite and >= 0, got " + std::to_string(temperature));
        if (top_k < 0 || !(top_p > 0.0 && top_p <= 1.0))
            throw argument_error("jazzlstm.sampling.bad_truncation",
                "top-k must be >= 0 and top-p in (0, 1], got " + std::to_string(top_k) + " and " + std::to_string(top_p));
    }

    /// The largest entry of `probs`, after checking that it is a probability vector one can draw from.
    /// @throws numeric_error `jazzlstm.sampling.bad_probabilities` (see TemperatureSampler).
    template <typename Derived>
    double largest_probability(const Eigen::MatrixBase<Derived>& probs)
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
        return largest;
    }

    /// At T = 1 the weights are the probabilities themselves, summed directly when that cannot
    /// overflow (every value ≤ 1).
    inline bool plain_weights(double temperature, double largest) noexcept { return temperature == 1.0 && largest <= 1.0; }

    /// w = exp((ln p − ln max) / T): p^(1/T) scaled so that the largest weight is 1, which neither
    /// overflows nor underflows to all zeros at tiny temperatures.
    inline double tempered_weight(double p, double log_largest, double inverse_t) noexcept
    {
        if (p <= 0.0)
            return 0.0;
        return std::exp((std::log(p) - log_largest) * inverse_t);
    }

    /// The tempered weights and the set a top-k / top-p cut keeps. One object serves both the
    /// sampler's draw and sampling_distribution(), so that the law a caller is shown is the law drawn.
    class TruncatedWeights {
    public:
        /// Fills weight(k) for every index and kept(0 … returned − 1), the kept indices in index
        /// order. `plain`: the weights are the probabilities themselves (T = 1).
        /// Allocates: only when a vector of a new, larger size is seen.
        template <typename Derived>
        std::size_t keep(const Eigen::MatrixBase<Derived>& probs, bool plain, double log_largest, double inverse_t,
            int top_k, double top_p)
        {
            const auto n = static_cast<std::size_t>(probs.size());
            if (weights_.size() < n) {
                weights_.resize(n);
                order_.resize(n);
            }
            std::size_t positive = 0;
            for (std::size_t k = 0; k < n; ++k) {
                const double p = static_cast<double>(probs(static_cast<Eigen::Index>(k)));
                weights_[k] = plain ? p : tempered_weight(p, log_largest, inverse_t);
                if (weights_[k] > 0.0)
                    order_[positive++] = static_cast<int>(k);
            }
            const auto first = order_.begin(), last = order_.begin() + static_cast<std::ptrdiff_t>(positive);
            std::sort(first, last, [this](int a, int b) {
                const double wa = weights_[static_cast<std::size_t>(a)], wb = weights_[static_cast<std::size_t>(b)];
                return wa != wb ? wa > wb : a < b;
            });
            std::size_t kept = positive;
            if (top_k > 0)
                kept = std::min(kept, static_cast<std::size_t>(top_k));
            if (top_p < 1.0) {
                double total = 0.0;
                for (std::size_t i = 0; i < kept; ++i)
                    total += weights_[static_cast<std::size_t>(order_[i])];
                double cumulative = 0.0;
                for (std::size_t i = 0; i < kept; ++i) {
                    cumulative += weights_[static_cast<std::size_t>(order_[i])];
                    // A relative tolerance, so that a nucleus of exactly p (0.4 of 1.0) is not missed by rounding.
                    if (cumulative >= top_p * total * (1.0 - 1e-12)) {
                        kept = i + 1;
                        break;
                    }
                }
            }
            std::sort(first, first + static_cast<std::ptrdiff_t>(kept));
            return kept;
        }

        double weight(std::size_t k) const noexcept { return weights_[k]; }
        int kept(std::size_t i) const noexcept { return order_[i]; }
        /// The sum of the first `count` kept weights (the normaliser of the cut law).
        double kept_total(std::size_t count) const noexcept
        {
            double total = 0.0;
            for (std::size_t i = 0; i < count; ++i)
                total += weights_[static_cast<std::size_t>(order_[i])];
            return total;
        }

    private:
        std::vector<double> weights_;
        std::vector<int> order_;
    };

} // namespace detail

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
///
/// Truncation (off by default, and then the draw is exactly the one above): after the temperature,
/// the tokens are ranked by weight (ties: lower index first); `top_k` > 0 keeps the first k of them,
/// then `top_p` < 1 keeps the shortest prefix of what is left whose share of the remaining weight
/// reaches p (the nucleus; at least one token). The kept weights are renormalised and the draw
/// walks them in index order, first k with u < cumulative / total, so the law is exactly
/// w_k / Σ_kept w on the kept set and 0 elsewhere.
template <typename URBG>
class TemperatureSampler {
public:
    /// @throws argument_error `jazzlstm.sampling.bad_temperature` unless T is finite and ≥ 0,
    ///         `jazzlstm.sampling.bad_truncation` unless top_k ≥ 0 and 0 < top_p ≤ 1.
    TemperatureSampler(double temperature, URBG rng, int top_k = 0, double top_p = 1.0)
        : temperature_(temperature)
        , top_k_(top_k)
        , top_p_(top_p)
        , rng_(std::move(rng))
    {
        detail::check_sampling_settings(temperature, top_k, top_p);
    }

    double temperature() const noexcept { return temperature_; }
    int top_k() const noexcept { return top_k_; }
    double top_p() const noexcept { return top_p_; }
    URBG& engine() noexcept { return rng_; }

    /// Draws one index. Zero probabilities are never drawn.
    /// @throws numeric_error `jazzlstm.sampling.bad_probabilities` for an empty vector, a NaN or
    ///         negative entry, or no positive entry (context.position = offending index).
    /// Allocates: no without truncation; with it, a ranking buffer the first time a vector of a
    /// new, larger size is seen.
    template <typename Derived>
    int operator()(const Eigen::MatrixBase<Derived>& probs)
    {
        const Eigen::Index n = probs.size();
        const double largest = detail::largest_probability(probs);
        if (temperature_ == 0.0)
            return argmax(probs);

        // At T = 1 the weights are the probabilities themselves, so that the draw is numpy's
        // legacy `choice(n, p=p)`: cdf = cumsum(p) / sum, first k with u < cdf_k.
        const bool plain = detail::plain_weights(temperature_, largest);
        const double log_largest = std::log(largest);
        const double inverse_t = 1.0 / temperature_;
        if (top_k_ > 0 || top_p_ < 1.0)
            return truncated(probs, plain, log_largest, inverse_t);
        double total = 0.0;
        for (Eigen::Index k = 0; k < n; ++k)
            total += plain ? static_cast<double>(probs(k)) : detail::tempered_weight(static_cast<double>(probs(k)), log_largest, inverse_t);
        const double u = canonical_double(rng_);
        double cumulative = 0.0;
        int last_positive = 0;
        for (Eigen::Index k = 0; k < n; ++k) {
            const double w = plain ? static_cast<double>(probs(k)) : detail::tempered_weight(static_cast<double>(probs(k)), log_largest, inverse_t);
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
    template <typename Derived>
    int truncated(const Eigen::MatrixBase<Derived>& probs, bool plain, double log_largest, double inverse_t)
    {
        const std::size_t keep = cut_.keep(probs, plain, log_largest, inverse_t, top_k_, top_p_);
        const double total = cut_.kept_total(keep);
        const double u = canonical_double(rng_);
        double cumulative = 0.0;
        for (std::size_t i = 0; i < keep; ++i) {
            cumulative += cut_.weight(static_cast<std::size_t>(cut_.kept(i)));
            if (u < cumulative / total)
                return cut_.kept(i);
        }
        return cut_.kept(keep - 1); // only if rounding left u above the last ratio
    }

    double temperature_;
    int top_k_;
    double top_p_;
    URBG rng_;
    detail::TruncatedWeights cut_; // truncation only
};

/// Builds a TemperatureSampler, deducing the generator type.
/// @throws argument_error `jazzlstm.sampling.bad_temperature`, `jazzlstm.sampling.bad_truncation`.
template <typename URBG>
TemperatureSampler<std::decay_t<URBG>> make_temperature_sampler(double temperature, URBG&& rng, int top_k = 0, double top_p = 1.0)
{
    return TemperatureSampler<std::decay_t<URBG>>(temperature, std::forward<URBG>(rng), top_k, top_p);
}

/// The law a TemperatureSampler with these settings draws from for `probs`: entry k is the chance
/// of index k (w_k / Σ_kept w on the kept set, exactly 0 elsewhere; T = 0: 1 at the argmax). Built
/// from the same weights and the same cut as the draw itself, so what a caller shows or tests is what
/// is sampled.
/// @throws argument_error `jazzlstm.sampling.bad_temperature`, `jazzlstm.sampling.bad_truncation`;
///         numeric_error `jazzlstm.sampling.bad_probabilities` (as the sampler's draw).
/// Allocates: yes (the returned vector and the ranking buffer).
template <typename Derived>
Eigen::VectorXd sampling_distribution(const Eigen::MatrixBase<Derived>& probs, double temperature, int top_k = 0, double top_p = 1.0)
{
    detail::check_sampling_settings(temperature, top_k, top_p);
    const double largest = detail::largest_probability(probs);
    Eigen::VectorXd law = Eigen::VectorXd::Zero(probs.size());
    if (temperature == 0.0) {
        law(argmax(probs)) = 1.0;
        return law;
    }
    detail::TruncatedWeights cut;
    const bool plain = detail::plain_weights(temperature, largest);
    const std::size_t keep = cut.keep(probs, plain, std::log(largest), 1.0 / temperature, top_k, top_p);
    const double total = cut.kept_total(keep);
    for (std::size_t i = 0; i < keep; ++i) {
        const auto k = static_cast<std::size_t>(cut.kept(i));
        law(static_cast<Eigen::Index>(k)) = cut.weight(k) / total;
    }
    return law;
}

} // namespace jazzlstm
