// A register-blocked matrix product for the small, fixed shapes of the jazz model.
//
// Eigen's general GEMM packs both operands into panel buffers on every call. At the model's
// shapes (4·n_a × n_a by n_a × m, 28 times a step, and a few long, thin products) the packing
// and its edge handling cost a third of the time: Eigen reaches 57–71 % of this CPU's FMA
// peak there, this kernel 90–95 % (docs/performance.md). It needs no packing because every
// operand it streams is already laid out for it: the left operand is column-major (one SIMD
// packet is a run of rows) and the right operand is read one scalar at a time and broadcast,
// so it may have any strides. A tile of mr packets × nr columns lives in registers for the
// whole depth loop; the left tile (mr·packet rows × depth) is reused from L1 across the
// columns of the right operand.
//
// SIMD comes from Eigen's packet primitives, so the same code is AVX-512, AVX2, SSE, NEON or
// scalar depending on how the including program is compiled; nothing here forces flags.
#pragma once

#include <Eigen/Core>

#include <algorithm>
#include <cstddef>

namespace jazzlstm::detail {

template <typename T>
struct GemmTraits {
    using Packet = typename Eigen::internal::packet_traits<T>::type;
    static constexpr int packet = Eigen::internal::unpacket_traits<Packet>::size;
    /// Packets per row tile and columns per tile, so that mr·nr accumulators + mr operands + 1
    /// broadcast fit the register file: 4 × 6 with 32 vector registers (AVX-512, NEON), 2 × 6
    /// with 16 (AVX2, SSE). Each broadcast feeds mr FMAs, each loaded packet nr; on a 16-register
    /// Zen 3 the 2 × 6 tile runs the model's products at 54–88 GFLOP/s against 34–65 for the
    /// 4 × 3 one it replaced (docs/performance.md). Every element still sums over the depth in
    /// order, so the tile shape changes no result.
    static constexpr int mr = EIGEN_ARCH_DEFAULT_NUMBER_OF_REGISTERS >= 32 ? 4 : 2;
    static constexpr int nr = 6;
};

/// Strided view of the right operand: element (k, j) is at data[k·depth_stride + j·col_stride].
template <typename T>
struct RightOperand {
    const T* data;
    Eigen::Index depth_stride;
    Eigen::Index col_stride;
};

/// One tile: rows [0, MR·packet) × columns [0, NR) of C (= or +=) A·B, over `depth`.
/// `keep_from` > 0 marks a tile that overlaps rows an earlier tile already wrote (the ragged
/// last packet of a row count that is not a multiple of the packet): only rows from
/// keep_from on are stored.
template <typename T, int MR, int NR, bool Accumulate>
inline void gemm_tile(Eigen::Index depth, const T* a, Eigen::Index lda, const T* b, Eigen::Index b_depth,
    Eigen::Index b_col, T* c, Eigen::Index ldc, int keep_from) noexcept
{
    using namespace Eigen::internal;
    using Packet = typename GemmTraits<T>::Packet;
    constexpr int P = GemmTraits<T>::packet;
    Packet acc[MR][NR];
    for (int j = 0; j < NR; ++j)
        for (int i = 0; i < MR; ++i)
            acc[i][j] = Accumulate ? ploadu<Packet>(c + i * P + j * ldc) : pset1<Packet>(T(0));
    for (Eigen::Index k = 0; k < depth; ++k) {
        Packet lhs[MR];
        for (int i = 0; i < MR; ++i)
            lhs[i] = ploadu<Packet>(a + i * P + k * lda);
        const T* bk = b + k * b_depth;
        for (int j = 0; j < NR; ++j) {
            const Packet rhs = pset1<Packet>(bk[j * b_col]);
            for (int i = 0; i < MR; ++i)
                acc[i][j] = pmadd(lhs[i], rhs, acc[i][j]);
        }
    }
    for (int j = 0; j < NR; ++j)
        for (int i = 0; i < MR; ++i) {
            if (keep_from == 0) {
                pstoreu(c + i * P + j * ldc, acc[i][j]);
            } else {
                alignas(64) T lanes[P];
                pstoreu(lanes, acc[i][j]);
                for (int r = keep_from; r < P; ++r)
                    c[i * P + j * ldc + r] = lanes[r];
            }
        }
}

/// Columns [0, n) of one row tile, in blocks of nr plus one narrower block.
template <typename T, int MR, bool Accumulate>
inline void gemm_row_tile(Eigen::Index n, Eigen::Index depth, const T* a, Eigen::Index lda, RightOperand<T> b, T* c,
    Eigen::Index ldc, int keep_from) noexcept
{
    constexpr int NR = GemmTraits<T>::nr;
    Eigen::Index j = 0;
    for (; j + NR <= n; j += NR)
        gemm_tile<T, MR, NR, Accumulate>(depth, a, lda, b.data + j * b.col_stride, b.depth_stride, b.col_stride,
            c + j * ldc, ldc, keep_from);
    const int rest = static_cast<int>(n - j);
    const T* bj = b.data + j * b.col_stride;
    T* cj = c + j * ldc;
    // NR is at most 6; the switch instantiates each narrower tile once.
    switch (rest) {
    case 5: if constexpr (NR > 5) gemm_tile<T, MR, 5, Accumulate>(depth, a, lda, bj, b.depth_stride, b.col_stride, cj, ldc, keep_from); break;
    case 4: if constexpr (NR > 4) gemm_tile<T, MR, 4, Accumulate>(depth, a, lda, bj, b.depth_stride, b.col_stride, cj, ldc, keep_from); break;
    case 3: if constexpr (NR > 3) gemm_tile<T, MR, 3, Accumulate>(depth, a, lda, bj, b.depth_stride, b.col_stride, cj, ldc, keep_from); break;
    case 2: if constexpr (NR > 2) gemm_tile<T, MR, 2, Accumulate>(depth, a, lda, bj, b.depth_stride, b.col_stride, cj, ldc, keep_from); break;
    case 1: gemm_tile<T, MR, 1, Accumulate>(depth, a, lda, bj, b.depth_stride, b.col_stride, cj, ldc, keep_from); break;
    default: break;
    }
}

/// All row tiles of one (depth block × column block) of the product.
template <bool Accumulate, typename T>
void gemm_block(Eigen::Index rows, Eigen::Index n, Eigen::Index depth, const T* a, Eigen::Index lda, RightOperand<T> b, T* c,
    Eigen::Index ldc) noexcept
{
    constexpr int P = GemmTraits<T>::packet;
    constexpr int MR = GemmTraits<T>::mr;
    const Eigen::Index packets = rows / P;
    Eigen::Index p = 0;
    for (; p + MR <= packets; p += MR)
        gemm_row_tile<T, MR, Accumulate>(n, depth, a + p * P, lda, b, c + p * P, ldc, 0);
    switch (packets - p) {
    case 3: gemm_row_tile<T, 3, Accumulate>(n, depth, a + p * P, lda, b, c + p * P, ldc, 0); break;
    case 2: gemm_row_tile<T, 2, Accumulate>(n, depth, a + p * P, lda, b, c + p * P, ldc, 0); break;
    case 1: gemm_row_tile<T, 1, Accumulate>(n, depth, a + p * P, lda, b, c + p * P, ldc, 0); break;
    default: break;
    }
    if (const Eigen::Index ragged = rows % P; ragged != 0) {
        // One more packet ending at the last row; its first P − ragged rows are done.
        const Eigen::Index start = rows - P;
        gemm_row_tile<T, 1, Accumulate>(n, depth, a + start, lda, b, c + start, ldc, static_cast<int>(P - ragged));
    }
}

/// C (rows × n, column-major, leading dimension ldc) = A·B, or += A·B when `Accumulate`.
/// A is rows × depth, column-major with leading dimension lda (unit row stride, so a packet
/// is a run of rows); B is given by a RightOperand. C must not alias A or B.
/// Long products are cut into blocks of depth_block × column_block, so that the slices of
/// A and B a block re-reads stay in L2 (the model's own shapes are one block, or a few).
/// Allocates: no.
template <bool Accumulate, typename T>
void gemm(Eigen::Index rows, Eigen::Index n, Eigen::Index depth, const T* a, Eigen::Index lda, RightOperand<T> b, T* c,
    Eigen::Index ldc) noexcept
{
    constexpr int P = GemmTraits<T>::packet;
    constexpr Eigen::Index depth_block = 256;
    constexpr Eigen::Index column_block = 42 * GemmTraits<T>::nr;
    if (rows == 0 || n == 0)
        return;
    if (rows < P) { // narrower than one packet: plain loops
        for (Eigen::Index j = 0; j < n; ++j)
            for (Eigen::Index i = 0; i < rows; ++i) {
                T sum = Accumulate ? c[i + j * ldc] : T(0);
                for (Eigen::Index k = 0; k < depth; ++k)
                    sum += a[i + k * lda] * b.data[k * b.depth_stride + j * b.col_stride];
                c[i + j * ldc] = sum;
            }
        return;
    }
    if (depth == 0) {
        if (!Accumulate)
            for (Eigen::Index j = 0; j < n; ++j)
                std::fill(c + j * ldc, c + j * ldc + rows, T(0));
        return;
    }
    for (Eigen::Index k0 = 0; k0 < depth; k0 += depth_block) {
        const Eigen::Index kk = std::min(depth_block, depth - k0);
        for (Eigen::Index j0 = 0; j0 < n; j0 += column_block) {
            const Eigen::Index nn = std::min(column_block, n - j0);
            const RightOperand<T> bb { b.data + k0 * b.depth_stride + j0 * b.col_stride, b.depth_stride, b.col_stride };
            if (Accumulate || k0 > 0)
                gemm_block<true>(rows, nn, kk, a + k0 * lda, lda, bb, c + j0 * ldc, ldc);
            else
                gemm_block<false>(rows, nn, kk, a + k0 * lda, lda, bb, c + j0 * ldc, ldc);
        }
    }
}

} // namespace jazzlstm::detail
