// The chords a solo is played over, bar by bar ("chord groups", the notebook's name).
#pragma once

#include <jazzlstm/music/band/voicing.hpp>
#include <jazzlstm/music/chart.hpp>
#include <jazzlstm/music/corpus.hpp>
#include <jazzlstm/music/notes.hpp>

#include <algorithm>
#include <cstdint>
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
    /// Bars in which the source has no melody: the default mode rests there (the form is kept bar
    /// for bar) and the notebook loop skips them (it never saw them). Empty, or one per group.
    std::vector<bool> rests;
    /// The source's own number of each bar (1-based), for pictures; empty = 1, 2, 3...
    std::vector<std::int64_t> bar_numbers;

    bool rest(std::size_t g) const noexcept { return g < rests.size() && rests[g]; }
};

namespace detail {

    /// The chords of a bar relative to its start, clipped to it.
    inline std::vector<Chord> bar_chords(const std::vector<Chord>& chords, std::int64_t bar, bool whole_bar)
    {
        const ticks12 start = static_cast<ticks12>(bar) * group_span;
        std::vector<Chord> group;
        for (const auto& c : chords) {
            Chord r = c;
            if (whole_bar || c.offset < start) {
                r.offset = 0;
                r.duration = group_span;
            } else {
                r.offset = c.offset - start;
                r.duration = std::min(c.duration, group_span - r.offset);
            }
            group.push_back(std::move(r));
        }
        return group;
    }

} // namespace detail

/// The chord groups to play over: one per bar from the corpus's first measure to its last, chords
/// relative to the bar start and clipped to the bar [0, 4) quarters. A measure's group is its
/// chords; a chord carried over from an earlier bar (Measure::chords_reused) sounds for the whole
/// bar. A bar between two measures that has no melody in the source is a rest group: its chords
/// are the harmony starting in it, or else the last chord before it for the whole bar.
/// Allocates: yes.
inline ChordGroups chord_groups(const Corpus& corpus)
{
    ChordGroups out;
    out.chord_group_count = corpus.chord_group_count;
    auto& groups = out.groups;
    for (std::size_t k = 0; k < corpus.measures.size(); ++k) {
        const Measure& m = corpus.measures[k];
        if (k > 0) {
            for (std::int64_t bar = corpus.measures[k - 1].bar + 1; bar < m.bar; ++bar) {
                const ticks12 start = static_cast<ticks12>(bar) * group_span;
                std::vector<Chord> inside;
                const Chord* before = nullptr;
                for (const auto& c : corpus.harmony) {
                    if (c.offset >= start && c.offset < start + group_span)
                        inside.push_back(c);
                    else if (c.offset < start)
                        before = &c;
                }
                if (inside.empty() && before)
                    inside.push_back(*before);
                groups.push_back(detail::bar_chords(inside, bar, inside.size() == 1 && inside.front().offset < start));
                out.rests.push_back(true);
                out.bar_numbers.push_back(bar + 1);
            }
        }
        groups.push_back(detail::bar_chords(m.chords, m.bar, m.chords_reused));
        out.rests.push_back(false);
        out.bar_numbers.push_back(m.bar + 1);
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

/// The form of `groups` played for `bar_count` bars: repeated from its first bar as many times as
/// needed, or cut. Rest bars stay rests where they fall, and bar numbers count on through the
/// repeats (a second chorus starts at the form's length + 1). The notebook's chord_group_count is
/// kept: --notebook plays the source's own groups and is never reshaped. Allocates: yes.
inline ChordGroups repeat_form(const ChordGroups& groups, std::size_t bar_count)
{
    ChordGroups out;
    out.chord_group_count = groups.chord_group_count;
    const std::size_t n = groups.groups.size();
    if (n == 0)
        return out;
    out.groups.reserve(bar_count);
    for (std::size_t i = 0; i < bar_count; ++i) {
        out.groups.push_back(groups.groups[i % n]);
        out.rests.push_back(groups.rest(i % n));
        out.bar_numbers.push_back(static_cast<std::int64_t>(i) + 1);
    }
    return out;
}

} // namespace jazzlstm
