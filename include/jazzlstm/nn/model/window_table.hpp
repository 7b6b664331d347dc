// The distinct windows of a training batch. The notebook draws its 60 start indices with
// replacement, so about 10 windows repeat; computing each distinct window once, weighted by
// its count, gives the same loss and gradients for less arithmetic (the loss is a sum over
// windows, and equal windows have equal terms).
//
// Windows are hashed with core/fnv.hpp's FNV-1a into an open-addressing table, and equal
// hashes are confirmed by comparing the windows in full, so a collision costs time, never
// correctness. Batches are checked here too, before they are compacted.
#pragma once

#include <jazzlstm/core/error.hpp>
#include <jazzlstm/core/fnv.hpp>
#include <jazzlstm/nn/sequences.hpp>

#include <Eigen/Core>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

namespace jazzlstm::detail {

/// @throws shape_error (`jazzlstm.model.batch_shape`) unless X and Y are both Tx × m with m ≥ 1;
/// argument_error (`jazzlstm.model.token_range`) for an index outside [0, values) (context:
/// position t + Tx·j and the index). Allocates: only for the message.
template <int Tx>
void check_batch(const IndexSequences& X, const IndexSequences& Y, int values)
{
    if (X.rows() != Tx || Y.rows() != Tx || X.cols() != Y.cols() || X.cols() < 1) {
        std::ostringstream msg;
        msg << "X is " << X.rows() << " x " << X.cols() << " and Y is " << Y.rows() << " x " << Y.cols()
            << "; both must be Tx x m with Tx = " << Tx << " and m >= 1";
        throw shape_error("jazzlstm.model.batch_shape", msg.str());
    }
    for (const IndexSequences* s : { &X, &Y })
        for (Eigen::Index j = 0; j < s->cols(); ++j)
            for (Eigen::Index t = 0; t < Tx; ++t) {
                const int k = (*s)(t, j);
                if (k != no_token && (k < 0 || k >= values)) {
                    error_context where;
                    where.position = static_cast<std::size_t>(j * Tx + t);
                    where.token = std::to_string(k);
                    throw argument_error("jazzlstm.model.token_range",
                        std::string(s == &X ? "X" : "Y") + "(" + std::to_string(t) + ", " + std::to_string(j)
                            + ") is outside [0, " + std::to_string(values) + ")",
                        where);
                }
            }
}

/// Distinct (X, Y) windows of Tx steps, stored column by column in order of first appearance,
/// with how often each occurs in its batch.
template <int Tx>
class WindowTable {
public:
    /// Sizes the buffers for m windows. Allocates: only when growing.
    void reserve(Eigen::Index m)
    {
        if (x_.cols() >= m)
            return;
        x_.resize(Tx, m);
        y_.resize(Tx, m);
        count_.resize(m);
        hash_.resize(static_cast<std::size_t>(m));
        table_.assign(static_cast<std::size_t>(table_size(m)), -1);
    }

    /// Copies the distinct windows of columns [start, start + m) of (X, Y) into columns
    /// [offset, offset + u) in order of first appearance, with their counts, and returns u.
    /// With `merge` false every window is its own entry (count 1). Allocates: no (after
    /// reserve(offset + m)).
    Eigen::Index compact(const IndexSequences& X, const IndexSequences& Y, Eigen::Index start, Eigen::Index m,
        Eigen::Index offset, bool merge)
    {
        const std::size_t mask = static_cast<std::size_t>(table_size(m)) - 1;
        std::fill(table_.begin(), table_.begin() + static_cast<std::ptrdiff_t>(mask + 1), -1);
        Eigen::Index unique = 0;
        for (Eigen::Index j = start; j < start + m; ++j) {
            const std::uint64_t h = window_hash(X, Y, j);
            std::size_t slot = static_cast<std::size_t>(h) & mask;
            Eigen::Index match = -1;
            if (merge)
                for (; table_[slot] >= 0; slot = (slot + 1) & mask) {
                    const Eigen::Index q = offset + table_[slot];
                    if (hash_[static_cast<std::size_t>(q)] == h && x_.col(q) == X.col(j) && y_.col(q) == Y.col(j)) {
                        match = q;
                        break;
                    }
                }
            if (match >= 0) {
                ++count_(match);
                continue;
            }
            const Eigen::Index q = offset + unique;
            x_.col(q) = X.col(j);
            y_.col(q) = Y.col(j);
            count_(q) = 1;
            hash_[static_cast<std::size_t>(q)] = h;
            if (merge)
                table_[slot] = unique;
            ++unique;
        }
        return unique;
    }

    /// 1 + the last step with a scored target among the n windows from column col0. Later
    /// steps feed nothing to the loss (the notebook's Y⟨Tx−1⟩ is all no_token), so the training
    /// pass skips them: neither their LSTM step nor their Dense output, softmax or gradients
    /// (their dL/da = dL/dc = 0, so their gate gradients are zero too). Allocates: no.
    Eigen::Index scored_steps(Eigen::Index col0, Eigen::Index n) const noexcept
    {
        for (Eigen::Index t = Tx; t > 0; --t)
            for (Eigen::Index j = 0; j < n; ++j)
                if (y_(t - 1, col0 + j) != no_token)
                    return t;
        return 0;
    }

    /// Tx × windows: the inputs and targets of the distinct windows.
    const IndexSequences& x() const noexcept { return x_; }
    const IndexSequences& y() const noexcept { return y_; }
    /// How often each distinct window occurs in its batch.
    const Eigen::VectorXi& counts() const noexcept { return count_; }

private:
    static Eigen::Index table_size(Eigen::Index m)
    {
        Eigen::Index size = 16;
        while (size < 2 * m)
            size *= 2;
        return size;
    }

    static std::uint64_t window_hash(const IndexSequences& X, const IndexSequences& Y, Eigen::Index j) noexcept
    {
        Fnv1a64 hash; // over both columns
        for (const IndexSequences* s : { &X, &Y })
            for (Eigen::Index t = 0; t < Tx; ++t)
                hash.feed_u32(static_cast<std::uint32_t>((*s)(t, j)));
        return hash.value();
    }

    IndexSequences x_;
    IndexSequences y_;
    Eigen::VectorXi count_;
    std::vector<std::uint64_t> hash_;
    std::vector<Eigen::Index> table_; // slot → window index relative to the batch's offset, or −1
};

} // namespace jazzlstm::detail
