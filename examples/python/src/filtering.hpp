// Top-k and nucleus (top-p) filtering of a softmax output, for jazzlstm.Model.generate.
//
// The library's sampler (nn/sampling.hpp) has temperature only; top-k / top-p are planned there
// (a later issue). Until then the module filters here and draws with the library's own
// TemperatureSampler from the kept tokens, so the draw itself is the library's. When the
// library gains them this file goes and the module calls the library.
//
// The distribution drawn from, for temperature T > 0 (T = 0 is argmax, unfiltered):
//   q_k ∝ p_k^(1/T)                                   the tempered distribution
//   top-k: keep the k largest q (ties: lower index first), renormalise
//   top-p: keep the smallest prefix of those, largest first, whose mass reaches p
//          (at least one token), renormalise
// the order of the steps as in common practice (temperature, then top-k, then top-p).
#pragma once

#include <jazzlstm/core/error.hpp>

#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>
#include <vector>

namespace jazzlstm::python {

struct Filter {
    int top_k = 0;        ///< 0 = no top-k
    double top_p = 1.0;   ///< 1 = no nucleus
    bool active() const noexcept { return top_k > 0 || top_p < 1.0; }
};

/// @throws argument_error `jazzlstm.python.top_k` (k < 0) or `jazzlstm.python.top_p` (p outside (0, 1]).
inline Filter make_filter(int top_k, double top_p)
{
    if (top_k < 0)
        throw argument_error("jazzlstm.python.top_k", "top_k must be >= 1 (or None), got " + std::to_string(top_k));
    if (!(top_p > 0.0 && top_p <= 1.0))
        throw argument_error("jazzlstm.python.top_p", "top_p must be in (0, 1] (or None), got " + std::to_string(top_p));
    return { top_k, top_p };
}

/// The tempered, filtered, renormalised distribution (double), as described above; entries that
/// are filtered out are exactly 0. `order` is scratch. T must be > 0.
/// @throws numeric_error `jazzlstm.sampling.bad_probabilities` when no entry is positive.
template <typename Vector>
void filtered_distribution(const Vector& p, double temperature, const Filter& filter, Eigen::VectorXd& q, std::vector<int>& order)
{
    const Eigen::Index n = p.size();
    q.resize(n);
    double largest = 0.0;
    for (Eigen::Index k = 0; k < n; ++k) {
        const double v = static_cast<double>(p(k));
        if (!(v >= 0.0) || std::isinf(v))
            throw numeric_error("jazzlstm.sampling.bad_probabilities", "probability is negative, NaN or infinite");
        largest = std::max(largest, v);
    }
    if (!(largest > 0.0))
        throw numeric_error("jazzlstm.sampling.bad_probabilities", "no probability is positive");
    const double log_largest = std::log(largest);
    double total = 0.0;
    for (Eigen::Index k = 0; k < n; ++k) {
        const double v = static_cast<double>(p(k));
        q(k) = v > 0.0 ? std::exp((std::log(v) - log_largest) / temperature) : 0.0;
        total += q(k);
    }
    q /= total;
    if (!filter.active())
        return;
    order.resize(static_cast<std::size_t>(n));
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return q(a) > q(b); });
    std::size_t positive = 0;
    while (positive < order.size() && q(order[positive]) > 0.0)
        ++positive;
    std::size_t keep = positive;
    if (filter.top_k > 0)
        keep = std::min(keep, static_cast<std::size_t>(filter.top_k));
    if (filter.top_p < 1.0) {
        double mass = 0.0;
        for (std::size_t i = 0; i < keep; ++i)
            mass += q(order[i]);
        double cumulative = 0.0;
        std::size_t prefix = 0;
        while (prefix < keep) {
            cumulative += q(order[prefix]) / mass;
            ++prefix;
            if (cumulative >= filter.top_p)
                break;
        }
        keep = prefix;
    }
    double kept = 0.0;
    for (std::size_t i = 0; i < keep; ++i)
        kept += q(order[i]);
    for (std::size_t i = keep; i < order.size(); ++i)
        q(order[i]) = 0.0;
    q /= kept;
}

} // namespace jazzlstm::python
