// Grooving pattern similarity of a melody line (standard library only; Wu & Yang's Jazz
// Transformer, MusDr): how alike the onset patterns of its bars are.
#pragma once

#include <jazzlstm/music/metrics/line.hpp>

#include <bitset>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <vector>

namespace jazzlstm {

/// Positions of a bar's grooving vector.
constexpr std::size_t groove_positions = 64;

/// The grooving vector of each bar holding an onset, in bar order: bit floor(64·t / bar) set for
/// an onset at t twelfths into the bar (48 twelfths a bar: bit ⌊4t/3⌋). Allocates: the result.
inline std::vector<std::bitset<groove_positions>> grooving_vectors(const MetricLine& line)
{
    std::map<std::int64_t, std::bitset<groove_positions>> bars;
    for (const auto& n : line.notes) {
        const auto bit = static_cast<std::size_t>(position_in_bar(line, n.offset) * static_cast<ticks12>(groove_positions) / line.bar);
        bars[bar_index(line, n.offset)].set(bit);
    }
    std::vector<std::bitset<groove_positions>> out;
    out.reserve(bars.size());
    for (const auto& [bar, bits] : bars)
        out.push_back(bits);
    return out;
}

/// GS = mean over all pairs of bars (with an onset) of 1 − |g_i XOR g_j| / 64; nullopt with fewer
/// than two such bars. Allocates: the grooving vectors.
inline std::optional<double> grooving_similarity(const MetricLine& line)
{
    const auto vectors = grooving_vectors(line);
    if (vectors.size() < 2)
        return std::nullopt;
    double sum = 0;
    std::size_t pairs = 0;
    for (std::size_t i = 0; i < vectors.size(); ++i)
        for (std::size_t j = i + 1; j < vectors.size(); ++j) {
            sum += 1.0 - static_cast<double>((vectors[i] ^ vectors[j]).count()) / static_cast<double>(groove_positions);
            ++pairs;
        }
    return sum / static_cast<double>(pairs);
}

} // namespace jazzlstm
