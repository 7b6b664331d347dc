// The bars of a corpus (standard library only): one Measure per 4-quarter bar of the melody, with
// the chord group paired with it and its tokens, and the pipeline's steps that make them.
#pragma once

#include <jazzlstm/core/error.hpp>
#include <jazzlstm/music/notes.hpp>

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace jazzlstm {

/// One bar of the corpus.
struct Measure {
    int index = 0;                         ///< deepjazz measure number (1-based; 0 is metadata)
    std::int64_t bar = 0;                  ///< int(offset / 4)
    std::vector<MelodyElement> elements;   ///< notes and rests starting in this bar
    std::vector<Chord> chords;             ///< the chord group paired with it
    bool chords_reused = false;            ///< no chord in this bar: the most recent one is used
    std::vector<std::string> tokens;
};

namespace detail {

    constexpr ticks12 twelfths_per_bar = 4 * twelfths_per_quarter;

    inline std::int64_t bar_of(ticks12 offset) { return offset / twelfths_per_bar; }

    /// The melody elements starting inside [lo, hi] as bars: runs of int(offset/4), as
    /// itertools.groupby makes them, numbered from 1.
    inline std::vector<Measure> melody_bars(const std::vector<MelodyElement>& melody, ticks12 lo, ticks12 hi)
    {
        std::vector<Measure> measures;
        for (const auto& m : melody) {
            if (m.offset < lo || m.offset > hi)
                continue;
            const std::int64_t bar = bar_of(m.offset);
            if (measures.empty() || measures.back().bar != bar) {
                Measure measure;
                measure.index = static_cast<int>(measures.size()) + 1;
                measure.bar = bar;
                measures.push_back(std::move(measure));
            }
            measures.back().elements.push_back(m);
        }
        return measures;
    }

    /// The chords starting inside the window, grouped by bar.
    struct BarChords {
        std::map<std::int64_t, std::vector<Chord>> groups;
        int runs = 0; ///< runs of equal bars in offset order: deepjazz's chord groups
    };

    inline BarChords chords_by_bar(const std::vector<Chord>& harmony, ticks12 lo, ticks12 hi)
    {
        BarChords out;
        std::int64_t last_bar = -1;
        for (const auto& c : harmony) {
            if (c.offset < lo || c.offset > hi)
                continue;
            const std::int64_t bar = bar_of(c.offset);
            if (bar != last_bar)
                ++out.runs;
            last_bar = bar;
            out.groups[bar].push_back(c);
        }
        return out;
    }

    /// Pairs each measure with the chords of its own bar. For the reference window this is
    /// deepjazz's pairing by run index; where a bar has no chord, the most recent chord before
    /// it (in `harmony`, sorted by offset, also before the window) carries on (deepjazz would have
    /// mis-paired or failed its length assertion). Returns the bars that reuse a chord.
    /// @throws argument_error `jazzlstm.corpus.no_chords` for a bar with no chord at or before it.
    inline std::vector<std::int64_t> pair_chords(std::vector<Measure>& measures, const BarChords& chords,
        const std::vector<Chord>& harmony)
    {
        std::vector<std::int64_t> reused_bars;
        for (auto& measure : measures) {
            const auto it = chords.groups.find(measure.bar);
            if (it != chords.groups.end()) {
                measure.chords = it->second;
                continue;
            }
            const ticks12 bar_start = measure.bar * twelfths_per_bar;
            // harmony is sorted by offset: the most recent chord is the last one before the bar.
            const auto after = std::lower_bound(harmony.begin(), harmony.end(), bar_start,
                [](const Chord& c, ticks12 at) { return c.offset < at; });
            const Chord* recent = after == harmony.begin() ? nullptr : &*std::prev(after);
            if (!recent)
                throw argument_error("jazzlstm.corpus.no_chords",
                    "bar " + std::to_string(measure.bar) + " has melody but no chord at or before it; start the window later");
            measure.chords = { *recent };
            measure.chords_reused = true;
            reused_bars.push_back(measure.bar);
        }
        return reused_bars;
    }

} // namespace detail

} // namespace jazzlstm
