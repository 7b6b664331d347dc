// Matrix products that never touch the heap.
//
// Eigen's GEMM packs its operands into blocks of kc·mc and kc·nc scalars. It takes them
// from the stack (alloca) when they fit in EIGEN_STACK_ALLOCATION_LIMIT bytes and from
// malloc otherwise, on every call. Splitting a product into sub-products whose depth × rows
// and depth × columns fit under that limit keeps every pack on the stack, so training
// epochs allocate nothing. The split costs a few percent at the sizes of the jazz model.
#pragma once

#include <Eigen/Core>

#include <algorithm>
#include <type_traits>

namespace jazzlstm::detail {

/// dst = lhs·rhs (accumulate = false) or dst += lhs·rhs (accumulate = true), computed as
/// stack-packed sub-products. Operands may be blocks or transposes. Allocates: no (with
/// Eigen's default EIGEN_STACK_ALLOCATION_LIMIT on a platform with alloca).
template <typename Dst, typename Lhs, typename Rhs>
void product(Dst&& dst, const Lhs& lhs, const Rhs& rhs, bool accumulate) noexcept
{
    using Scalar = typename std::decay_t<Dst>::Scalar;
    using Eigen::Index;
    constexpr Index limit = Index(EIGEN_STACK_ALLOCATION_LIMIT / sizeof(Scalar));
    const Index rows = dst.rows();
    const Index cols = dst.cols();
    const Index depth = lhs.cols();
    if (rows == 0 || cols == 0)
        return;
    if (depth == 0) {
        if (!accumulate)
            dst.setZero();
        return;
    }
    const Index row_chunk = std::min(rows, std::max<Index>(1, limit / std::min<Index>(depth, 64)));
    const Index depth_chunk = std::min(depth, std::max<Index>(1, limit / row_chunk));
    const Index col_chunk = std::min(cols, std::max<Index>(1, limit / depth_chunk));
    for (Index r0 = 0; r0 < rows; r0 += row_chunk) {
        const Index r = std::min(row_chunk, rows - r0);
        for (Index c0 = 0; c0 < cols; c0 += col_chunk) {
            const Index c = std::min(col_chunk, cols - c0);
            auto d = dst.block(r0, c0, r, c);
            for (Index k0 = 0; k0 < depth; k0 += depth_chunk) {
                const Index k = std::min(depth_chunk, depth - k0);
                if (!accumulate && k0 == 0)
                    d.noalias() = lhs.block(r0, k0, r, k) * rhs.block(k0, c0, k, c);
                else
                    d.noalias() += lhs.block(r0, k0, r, k) * rhs.block(k0, c0, k, c);
            }
        }
    }
}

} // namespace jazzlstm::detail
