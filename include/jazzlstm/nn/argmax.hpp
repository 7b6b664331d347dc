// The library's one argmax, with numpy's policy: ties go to the lowest index and the first NaN
// wins. Greedy generation, the greedy sampler (temperature 0) and the training accuracy all
// use it, so they agree on every input, including the degenerate ones.
//
// A function object rather than a function template, so that `jazzlstm::argmax` itself can be
// handed to the model as a chooser.
#pragma once

#include <Eigen/Core>

#include <cmath>

namespace jazzlstm {

/// Index of the largest element: ties go to the lowest index and the first NaN wins, as in
/// `numpy.argmax`. Returns −1 for an empty vector. Allocates: no.
struct Argmax {
    template <typename Derived>
    int operator()(const Eigen::DenseBase<Derived>& values) const noexcept
    {
        const Eigen::Index n = values.size();
        if (n == 0)
            return -1;
        auto best_value = values.coeff(0);
        if (std::isnan(best_value))
            return 0;
        Eigen::Index best = 0;
        for (Eigen::Index k = 1; k < n; ++k) {
            const auto v = values.coeff(k);
            // One comparison per element: !(v <= best) is v > best or v is NaN.
            if (!(v <= best_value)) {
                if (std::isnan(v))
                    return static_cast<int>(k);
                best_value = v;
                best = k;
            }
        }
        return static_cast<int>(best);
    }
};

inline constexpr Argmax argmax {};

} // namespace jazzlstm
