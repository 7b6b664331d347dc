// The chords a solo is played over, bar by bar ("chord groups", the notebook's name).
#pragma once

#include <jazzlstm/music/band/voicing.hpp>
#include <jazzlstm/music/chart.hpp>
#include <jazzlstm/music/corpus.hpp>
#include <jazzlstm/music/notes.hpp>

#include <algorithm>
#include <utility>
#include <vector>

namespace jazzlstm {

/// A chord group (one bar of 4/4) in twelfths of a quarter.
constexpr ticks12 group_span = 4 * twelfths_per_quarter;

/// The bars of chords to improvise over.
struct ChordGroups {
    std::vector<std::vector<Chord>> groups; ///< one per bar; chord offsets relative to the bar start
    /// The number of chord groups the notebook's own pipeline would have made (its `len(chords)`),
    /// which the notebook loop divides by 3; for a corpus, Corpus::chord_group_count.
    int chord_group_count = 0;
};

/// The chord groups to play over: one per corpus measure (1…N), chords relative to the bar
/// start and clipped to the bar [0, 4) quarters. A chord carried over from an earlier bar
/// (Measure::chords_reused) sounds for the whole bar.
/// Allocates: yes.
inline ChordGroups chord_groups(const Corpus& corpus)
{
    ChordGroups out;
    out.chord_group_count = corpus.chord_group_count;
    auto& groups = out.groups;
    groups.reserve(corpus.measures.size());
    for (const auto& m : corpus.measures) {
        const ticks12 start = static_cast<ticks12>(m.bar) * group_span;
        std::vector<Chord> group;
        for (const auto& c : m.chords) {
            Chord r = c;
            if (m.chords_reused || c.offset < start) {
                r.offset = 0;
                r.duration = group_span;
            } else {
                r.offset = c.offset - start;
                r.duration = std::min(c.duration, group_span - r.offset);
            }
            group.push_back(std::move(r));
        }
        groups.push_back(std::move(group));
    }
    return out;
}

/// The chord groups of chart bars (chart_form: the form repeated or cut to length): one group per
/// bar, each chord voiced with smooth voice leading in the comping register over its root
/// (voice_bars). The notebook's count is three per bar plus three, so that `--notebook` plays
/// every bar. Allocates: yes.
inline ChordGroups chord_groups(const std::vector<ChartBar>& bars, const VoicingRange& range = {})
{
    ChordGroups out;
    out.groups = voice_bars(bars, range);
    out.chord_group_count = 3 * (static_cast<int>(out.groups.size()) + 1);
    return out;
}

} // namespace jazzlstm
