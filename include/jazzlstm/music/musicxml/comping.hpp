// The comping part of a lead sheet (standard library only): the voicings as played, cut into
// back-to-back spans, written on a grand staff (from middle C up on the treble staff), each
// note spelled for the chord symbol it sounds under.
#pragma once

#include <jazzlstm/music/musicxml/elements.hpp>
#include <jazzlstm/music/musicxml/lead_sheet_notation.hpp>
#include <jazzlstm/music/musicxml/notation.hpp>
#include <jazzlstm/music/musicxml/spelling.hpp>
#include <jazzlstm/music/notes.hpp>

#include <algorithm>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace jazzlstm {

namespace detail {

    /// One stretch of the comping in time: the chord sounding over [start, end) (none: a rest).
    struct CompingSpan {
        ticks12 start = 0, end = 0;
        const Chord* chord = nullptr;
        const ChordSymbol* symbol = nullptr; // the chord symbol named there, for spelling
    };

    /// The comping as back-to-back spans from 0 to `end`: a chord lasts until the next begins
    /// (a voicing is held for its chord, so a later one cuts it), gaps are rests.
    inline std::vector<CompingSpan> comping_spans(const LeadSheetNotation& sheet, ticks12 end)
    {
        std::vector<const Chord*> order;
        for (const Chord& c : sheet.comping)
            if (c.duration > 0 && c.offset >= 0 && c.offset < end && !c.pitches.empty())
                order.push_back(&c);
        std::stable_sort(order.begin(), order.end(), [](const Chord* a, const Chord* b) { return a->offset < b->offset; });
        std::vector<CompingSpan> spans;
        ticks12 at = 0;
        std::size_t symbol = 0;
        const ChordSymbol* named = nullptr;
        for (std::size_t i = 0; i < order.size(); ++i) {
            const Chord& c = *order[i];
            if (i + 1 < order.size() && order[i + 1]->offset == c.offset)
                continue; // of two chords struck together the later one is written
            if (c.offset > at)
                spans.push_back({ at, c.offset, nullptr, nullptr });
            const ticks12 next = i + 1 < order.size() ? order[i + 1]->offset : end;
            const ticks12 stop = std::min({ c.offset + c.duration, next, end });
            while (symbol < sheet.chords.size() && sheet.chords[symbol].offset <= c.offset)
                named = &sheet.chords[symbol++].symbol;
            spans.push_back({ c.offset, stop, &c, named });
            at = stop;
        }
        if (at < end)
            spans.push_back({ at, end, nullptr, nullptr });
        return spans;
    }

    /// The comping part's measures: per measure the treble staff (voice 1), a <backup>, the bass
    /// staff (voice 5). Each staff writes the chord's notes on its side of middle C as one chord
    /// value, tied across beats and bar lines like the line's notes; an empty side is a rest.
    inline void append_comping_measures(std::string& x, const LeadSheetNotation& sheet, std::size_t measures)
    {
        constexpr ticks12 bar = 4 * twelfths_per_quarter;
        const std::vector<CompingSpan> spans = comping_spans(sheet, static_cast<ticks12>(measures) * bar);
        char buf[320];
        std::size_t first_span = 0;
        for (std::size_t m = 0; m < measures; ++m) {
            const ticks12 from = static_cast<ticks12>(m) * bar, to = from + bar;
            open_measure(x, m, sheet.key_fifths, true);
            while (first_span < spans.size() && spans[first_span].end <= from)
                ++first_span;
            for (int staff = 1; staff <= 2; ++staff) {
                if (staff == 2) {
                    std::snprintf(buf, sizeof buf, "      <backup><duration>%d</duration></backup>\n", static_cast<int>(bar));
                    x += buf;
                }
                auto side = [&](const CompingSpan& span) {
                    std::vector<int> out;
                    if (span.chord)
                        for (int p : span.chord->pitches)
                            if ((staff == 1) == (p >= 60) && std::find(out.begin(), out.end(), p) == out.end())
                                out.push_back(p);
                    std::sort(out.begin(), out.end());
                    return out;
                };
                // Events index the spans; neighbouring rests merge into one.
                std::vector<std::pair<std::pair<ticks12, ticks12>, int>> events;
                std::vector<std::vector<int>> sides;
                std::vector<const ChordSymbol*> spelled_by;
                std::vector<bool> tie_in, tie_out;
                for (std::size_t i = first_span; i < spans.size() && spans[i].start < to; ++i) {
                    const ticks12 a = std::max(spans[i].start, from) - from, b = std::min(spans[i].end, to) - from;
                    std::vector<int> pitches = side(spans[i]);
                    if (pitches.empty() && !events.empty() && events.back().second < 0) {
                        events.back().first.second = b;
                        continue;
                    }
                    const int index = pitches.empty() ? -1 : static_cast<int>(sides.size());
                    if (index >= 0) {
                        sides.push_back(std::move(pitches));
                        spelled_by.push_back(spans[i].symbol);
                        tie_in.push_back(spans[i].start < from);
                        tie_out.push_back(spans[i].end > to);
                    }
                    events.push_back({ { a, b }, index });
                }
                std::vector<NotatedNote> values = notate_measure(events);
                const bool whole_rest = values.size() == 1 && values[0].pitch < 0;
                for (std::size_t v = 0; v < values.size(); ++v) {
                    NotatedNote n = values[v];
                    if (n.pitch < 0) {
                        append_note(x, n, nullptr, false, whole_rest, staff == 1 ? 1 : 5, staff, nullptr);
                        continue;
                    }
                    const std::size_t k = static_cast<std::size_t>(n.pitch);
                    // The first value of a span that came over the bar line, the last of one going on.
                    if (tie_in[k] && (v == 0 || values[v - 1].pitch != n.pitch))
                        n.tie_stop = true;
                    if (tie_out[k] && (v + 1 == values.size() || values[v + 1].pitch != n.pitch))
                        n.tie_start = true;
                    for (std::size_t j = 0; j < sides[k].size(); ++j) {
                        const SpelledPitch p = spell_in_context(sides[k][j], sheet.key_fifths, spelled_by[k]);
                        append_note(x, n, &p, j > 0, false, staff == 1 ? 1 : 5, staff, nullptr);
                    }
                }
            }
            if (m + 1 == measures)
                x += "      <barline location=\"right\"><bar-style>light-heavy</bar-style></barline>\n";
            x += "    </measure>\n";
        }
    }

} // namespace detail

} // namespace jazzlstm
