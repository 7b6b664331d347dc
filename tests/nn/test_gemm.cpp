// detail::gemm, the product under every training step, against a plain triple loop in double:
// every tile shape the register blocking can pick (full tiles, narrower column tiles, fewer row
// packets, a ragged last packet, rows below one packet), depth and column blocks crossed, a
// strided right operand (the transposed products of the backward pass), = and +=.
#include <jazzlstm/nn/detail/gemm.hpp>

#include "support.hpp"

#include <Eigen/Core>

#include <cmath>
#include <random>
#include <vector>

// Each test file has a namespace of its own: a folder is compiled as one unity build, and
// this keeps a file's helpers apart from its neighbours'.
namespace jazzlstm_test_gemm {

using jazzlstm::detail::gemm;
using jazzlstm::detail::RightOperand;

template <typename T>
void check_product(Eigen::Index rows, Eigen::Index n, Eigen::Index depth, bool transposed_b, bool accumulate, std::mt19937& rng)
{
    using Matrix = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>;
    std::uniform_real_distribution<double> value(-1.0, 1.0);
    const Eigen::Index lda = rows + 3; // a leading dimension larger than the rows, as in the model's views
    std::vector<T> a(static_cast<std::size_t>(lda * depth + 1));
    for (auto& x : a)
        x = static_cast<T>(value(rng));
    Matrix b(transposed_b ? n : depth, transposed_b ? depth : n);
    for (Eigen::Index i = 0; i < b.size(); ++i)
        b.data()[i] = static_cast<T>(value(rng));
    const Eigen::Index ldc = rows + 1;
    std::vector<T> c(static_cast<std::size_t>(ldc * n));
    for (auto& x : c)
        x = static_cast<T>(value(rng));
    const std::vector<T> before = c;
    // Element (k, j) of the right operand: B(k, j), or the stored Bᵀ's (j, k).
    const RightOperand<T> right = transposed_b ? RightOperand<T> { b.data(), n, 1 } : RightOperand<T> { b.data(), 1, depth };
    if (accumulate)
        gemm<true>(rows, n, depth, a.data(), lda, right, c.data(), ldc);
    else
        gemm<false>(rows, n, depth, a.data(), lda, right, c.data(), ldc);
    double worst = 0;
    for (Eigen::Index j = 0; j < n; ++j)
        for (Eigen::Index i = 0; i < rows; ++i) {
            double sum = accumulate ? static_cast<double>(before[static_cast<std::size_t>(i + j * ldc)]) : 0.0;
            for (Eigen::Index k = 0; k < depth; ++k)
                sum += static_cast<double>(a[static_cast<std::size_t>(i + k * lda)])
                    * static_cast<double>(transposed_b ? b(j, k) : b(k, j));
            worst = std::max(worst, std::abs(sum - static_cast<double>(c[static_cast<std::size_t>(i + j * ldc)])));
        }
    const double tolerance = (std::is_same_v<T, float> ? 2e-6 : 1e-14) * static_cast<double>(depth + 1);
    INFO("rows " << rows << " n " << n << " depth " << depth << (transposed_b ? " Bt" : " B") << (accumulate ? " +=" : " ="));
    CHECK(worst <= tolerance);
    // The padding rows between rows and ldc are never written.
    for (Eigen::Index j = 0; j < n; ++j)
        CHECK(c[static_cast<std::size_t>(rows + j * ldc)] == before[static_cast<std::size_t>(rows + j * ldc)]);
}

TEST_CASE_TEMPLATE("gemm equals the triple loop for every tile shape, block edge and operand layout", T, float, double)
{
    std::mt19937 rng(11);
    // Rows: below one packet, one packet, a ragged packet, fewer packets than a row tile, the
    // model's 4·n_a and V. Columns: a full tile, narrower ones, past a column block (252 / 126).
    for (Eigen::Index rows : { 1, 3, 8, 16, 17, 40, 78, 256 })
        for (Eigen::Index n : { 1, 5, 6, 7, 13, 60 })
            for (Eigen::Index depth : { 0, 1, 64, 78 }) {
                check_product<T>(rows, n, depth, false, false, rng);
                check_product<T>(rows, n, depth, true, true, rng);
            }
    check_product<T>(256, 300, 300, false, true, rng); // both a depth block (256) and a column block crossed
    check_product<T>(64, 300, 300, true, false, rng);
}

} // namespace jazzlstm_test_gemm
