// How a melody line's bars open (standard library only): on the downbeat, with a tie from the
// previous bar, with a pickup (an anticipation tied over the bar line) or with a rest. A line
// that never crosses a bar line restarts at every bar; a soloist does not.
#pragma once

#include <jazzlstm/music/metrics/line.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <set>
#include <vector>

namespace jazzlstm {

enum class BarOpening { downbeat, tie, pickup, rest };
constexpr std::size_t bar_opening_count = 4;

/// A note sounding across a bar line that started at most this long before it is a pickup (an
/// anticipation); an earlier one is a tie.
constexpr ticks12 pickup_reach = twelfths_per_quarter / 2;

struct OpeningFigures {
    std::size_t bars = 0;                              ///< bars classified
    std::array<std::size_t, bar_opening_count> counts {};
    std::array<double, bar_opening_count> shares {};   ///< counts / bars (0 when no bar)
    /// Median distance of a pickup's onset before the bar line, and median length of an opening
    /// rest (to the bar's first onset), in twelfths; 0 when there is none.
    ticks12 pickup_lead = 0;
    ticks12 rest_length = 0;
};

namespace detail {

    inline ticks12 median_of(std::vector<ticks12> values)
    {
        if (values.empty())
            return 0;
        std::sort(values.begin(), values.end());
        return values[(values.size() - 1) / 2];
    }

} // namespace detail

/// Classifies every bar that holds melody (an onset, or a note sounding into it), except the first
/// such bar, which has nothing before it: downbeat when a note starts on its bar line, else pickup
/// or tie when a note sounds across the bar line (pickup if it started within pickup_reach), else
/// rest. Allocates: the bar set.
inline OpeningFigures opening_figures(const MetricLine& line)
{
    OpeningFigures f;
    std::set<std::int64_t> bars;
    for (const auto& n : line.notes) {
        bars.insert(bar_index(line, n.offset));
        if (n.duration > 0)
            for (std::int64_t b = bar_index(line, n.offset) + 1; b <= bar_index(line, n.offset + n.duration - 1); ++b)
                bars.insert(b);
    }
    if (bars.size() < 2)
        return f;
    std::vector<ticks12> leads, rests;
    std::size_t next = 0; // first note not starting before the current bar line
    for (auto it = std::next(bars.begin()); it != bars.end(); ++it) {
        const ticks12 start = line.origin + *it * line.bar;
        while (next < line.notes.size() && line.notes[next].offset < start)
            ++next;
        BarOpening kind = BarOpening::rest;
        if (next < line.notes.size() && line.notes[next].offset == start) {
            kind = BarOpening::downbeat;
        } else {
            // The note sounding across the bar line, if any: the latest onset before it that lasts past it.
            for (std::size_t k = next; k-- > 0;) {
                const LineNote& n = line.notes[k];
                if (n.offset + n.duration > start) {
                    kind = start - n.offset <= pickup_reach ? BarOpening::pickup : BarOpening::tie;
                    if (kind == BarOpening::pickup)
                        leads.push_back(start - n.offset);
                    break;
                }
                if (start - n.offset > 16 * line.bar)
                    break; // nothing this old still sounds in a melody
            }
            if (kind == BarOpening::rest && next < line.notes.size() && line.notes[next].offset < start + line.bar)
                rests.push_back(line.notes[next].offset - start);
        }
        ++f.counts[static_cast<std::size_t>(kind)];
        ++f.bars;
    }
    for (std::size_t k = 0; k < bar_opening_count; ++k)
        f.shares[k] = static_cast<double>(f.counts[k]) / static_cast<double>(f.bars);
    f.pickup_lead = detail::median_of(leads);
    f.rest_length = detail::median_of(rests);
    return f;
}

} // namespace jazzlstm
