// Keras's weight initialisers (glorot_uniform, orthogonal, zeros) drawn from explicit
// 64-bit generator bits (core/random.hpp), so that a seed gives the same weights with every standard library.
#pragma once

#include <jazzlstm/core/random.hpp>

#include <Eigen/Core>
#include <Eigen/QR>

#include <cmath>
#include <cstdint>
#include <random>

namespace jazzlstm {

/// Standard normal by Box–Muller (both values of a pair are used, in order), again to stay
/// independent of std::normal_distribution. Holds the spare value between calls.
class NormalDraw {
public:
    template <typename URBG>
    double operator()(URBG& rng)
    {
        if (have_spare_) {
            have_spare_ = false;
            return spare_;
        }
        const double u1 = open_unit_double(rng);
        const double u2 = canonical_double(rng);
        const double radius = std::sqrt(-2.0 * std::log(u1));
        const double angle = 6.283185307179586476925 * u2;
        spare_ = radius * std::sin(angle);
        have_spare_ = true;
        return radius * std::cos(angle);
    }

private:
    double spare_ = 0.0;
    bool have_spare_ = false;
};

/// Fills `w` (Keras shape fan_in × fan_out, any storage order the caller maps) with
/// glorot_uniform: U(−l, l), l = sqrt(6 / (fan_in + fan_out)). Draws are taken in Keras's
/// row-major element order of the (fan_in × fan_out) kernel. Allocates: no.
template <typename T, typename URBG, typename Setter>
void glorot_uniform(int fan_in, int fan_out, URBG& rng, Setter&& set)
{
    const double limit = std::sqrt(6.0 / static_cast<double>(fan_in + fan_out));
    for (int r = 0; r < fan_in; ++r)
        for (int c = 0; c < fan_out; ++c)
            set(r, c, static_cast<T>((2.0 * canonical_double(rng) - 1.0) * limit));
}

/// Keras's orthogonal initialiser for a (rows × cols) kernel, gain 1: a normal matrix of
/// shape (max × min) is QR-factorised, Q's columns are sign-fixed by diag(R), and Q is
/// transposed when rows < cols (the LSTM's n_a × 4·n_a recurrent kernel). Allocates: yes.
template <typename T, typename URBG, typename Setter>
void orthogonal(int rows, int cols, URBG& rng, Setter&& set)
{
    const int big = rows > cols ? rows : cols;
    const int small = rows > cols ? cols : rows;
    Eigen::MatrixXd a(big, small);
    NormalDraw normal;
    for (int r = 0; r < big; ++r)
        for (int c = 0; c < small; ++c)
            a(r, c) = normal(rng);
    Eigen::HouseholderQR<Eigen::MatrixXd> qr(a);
    Eigen::MatrixXd q = qr.householderQ() * Eigen::MatrixXd::Identity(big, small);
    const Eigen::MatrixXd& packed = qr.matrixQR();
    for (int c = 0; c < small; ++c)
        if (packed(c, c) < 0)
            q.col(c) = -q.col(c);
    for (int r = 0; r < rows; ++r)
        for (int c = 0; c < cols; ++c)
            set(r, c, static_cast<T>(rows < cols ? q(c, r) : q(r, c)));
}

} // namespace jazzlstm
