// Adam exactly as Keras 2's (legacy) optimizer, including its time-based `decay`.
#pragma once

#include <jazzlstm/core/config.hpp>
#include <jazzlstm/core/error.hpp>

#include <Eigen/Core>

#include <cmath>
#include <vector>

namespace jazzlstm {

/// Hyper-parameters; the defaults are the notebook's Adam(lr=0.01, beta_1=0.9,
/// beta_2=0.999, decay=0.01) with Keras's epsilon 1e-7.
struct AdamSettings {
    double learning_rate = 0.01;
    double beta_1 = 0.9;
    double beta_2 = 0.999;
    double epsilon = 1e-7;
    double decay = 0.01;
};

/// Keras 2 legacy Adam. With i = iterations done before this update and t = i + 1:
///   lr_t  = lr / (1 + decay·i)
///   lr̂    = lr_t · sqrt(1 − β2^t) / (1 − β1^t)
///   m ← β1·m + (1 − β1)·g,  v ← β2·v + (1 − β2)·g²,  p ← p − lr̂·m / (sqrt(v) + ε)
/// Note ε is added to sqrt(v) unscaled by the bias correction (Keras, not the paper).
template <typename T>
class Adam {
public:
    using Array = Eigen::Array<T, Eigen::Dynamic, 1>;

    /// @throws argument_error (`jazzlstm.adam.settings`) for a non-positive rate, β outside
    /// [0, 1), negative ε or decay.
    explicit Adam(AdamSettings settings = {})
        : settings_(settings)
    {
        const auto& s = settings_;
        if (!(s.learning_rate > 0) || !(s.beta_1 >= 0 && s.beta_1 < 1) || !(s.beta_2 >= 0 && s.beta_2 < 1)
            || !(s.epsilon >= 0) || !(s.decay >= 0))
            throw argument_error("jazzlstm.adam.settings", "Adam needs lr > 0, 0 <= beta < 1, epsilon >= 0, decay >= 0");
    }

    /// Registers a parameter tensor of `size` elements; slots are then updated in the order
    /// they were added. Allocates: yes (the two moment arrays).
    void add_slot(Eigen::Index size)
    {
        m_.push_back(Array::Zero(size));
        v_.push_back(Array::Zero(size));
    }

    const AdamSettings& settings() const noexcept { return settings_; }
    long iterations() const noexcept { return iterations_; }
    const Array& first_moment(std::size_t slot) const { return m_.at(slot); }
    const Array& second_moment(std::size_t slot) const { return v_.at(slot); }

    /// Step size lr̂ of the next update. Allocates: no.
    double next_step_size() const noexcept
    {
        const double lr_t = settings_.learning_rate / (1.0 + settings_.decay * static_cast<double>(iterations_));
        const double t = static_cast<double>(iterations_ + 1);
        return lr_t * std::sqrt(1.0 - std::pow(settings_.beta_2, t)) / (1.0 - std::pow(settings_.beta_1, t));
    }

    /// One update of every slot. `for_each_param(f)` must call f(name, value, gradient) for
    /// the registered tensors in registration order (contiguous Eigen objects).
    /// Allocates: no.
    template <typename ForEachParam>
    void step(ForEachParam&& for_each_param) noexcept
    {
        const T lr_hat = static_cast<T>(next_step_size());
        const T b1 = static_cast<T>(settings_.beta_1);
        const T b2 = static_cast<T>(settings_.beta_2);
        // 1 − β in double, rounded once: 1 − float(0.999) is 0.000999987, 1.3e-5 below 0.001,
        // which made every float update 6.6e-6 (relative) larger than Keras's, whose bias
        // correction (in lr_hat) uses the exact β.
        const T one_minus_b1 = static_cast<T>(1.0 - settings_.beta_1);
        const T one_minus_b2 = static_cast<T>(1.0 - settings_.beta_2);
        const T eps = static_cast<T>(settings_.epsilon);
        std::size_t slot = 0;
        for_each_param([&](const char*, auto& value, const auto& grad) {
            JAZZLSTM_ASSERT(slot < m_.size() && m_[slot].size() == value.size());
            Eigen::Map<Array> p(value.data(), value.size());
            Eigen::Map<const Array> g(grad.data(), grad.size());
            Array& m = m_[slot];
            Array& v = v_[slot];
            m = b1 * m + one_minus_b1 * g;
            v = b2 * v + one_minus_b2 * g.square();
            p -= lr_hat * m / (v.sqrt() + eps);
            ++slot;
        });
        ++iterations_;
    }

    /// Forgets the moments and the iteration count. Allocates: no.
    void reset() noexcept
    {
        for (auto& m : m_)
            m.setZero();
        for (auto& v : v_)
            v.setZero();
        iterations_ = 0;
    }

private:
    AdamSettings settings_;
    std::vector<Array> m_;
    std::vector<Array> v_;
    long iterations_ = 0;
};

} // namespace jazzlstm
