// The melody every metric reads (standard library only): one note per onset, the highest of the
// notes starting together, on the 1/12-quarter grid, with the harmony it was played over and the
// bar lines it is measured against. docs/metrics.md defines each figure on this line.
#pragma once

#include <jazzlstm/music/notes.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

namespace jazzlstm {

/// One note of a melody line (twelfths of a quarter, as everywhere on the music side).
struct LineNote {
    ticks12 offset = 0;
    ticks12 duration = 0;
    int pitch = 60;
    int velocity = 90;
};

/// A melody as the metrics see it.
struct MetricLine {
    std::vector<LineNote> notes;     ///< onset order, one per onset (the highest note starting there)
    std::vector<Chord> chords;       ///< the harmony, onset order, absolute offsets
    ticks12 bar = 4 * twelfths_per_quarter; ///< bar length (4/4)
    ticks12 origin = 0;              ///< a bar line: bar k spans [origin + k·bar, origin + (k+1)·bar)
    std::optional<double> bpm;       ///< the tempo it is played at, when known
};

namespace detail {

    inline std::int64_t floor_div(std::int64_t a, std::int64_t b) noexcept
    {
        const std::int64_t q = a / b;
        return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
    }

} // namespace detail

/// The bar of an offset on a line's bar grid. Allocates: no.
inline std::int64_t bar_index(const MetricLine& line, ticks12 offset) noexcept
{
    return detail::floor_div(offset - line.origin, line.bar);
}

/// The position of an offset inside its bar, 0 ≤ result < bar. Allocates: no.
inline ticks12 position_in_bar(const MetricLine& line, ticks12 offset) noexcept
{
    return offset - line.origin - bar_index(line, offset) * line.bar;
}

/// The chord in effect at `offset`: the last one starting at or before it (the harmony holds until
/// the next change, as deepjazz's lastChord does); null before the first chord. Chords must be in
/// onset order. Allocates: no.
inline const Chord* chord_at(const MetricLine& line, ticks12 offset) noexcept
{
    const auto after = std::upper_bound(line.chords.begin(), line.chords.end(), offset,
        [](ticks12 at, const Chord& c) { return at < c.offset; });
    if (after == line.chords.begin())
        return nullptr;
    return &*std::prev(after);
}

/// The line of a melody: rests and zero-length notes dropped, the highest note kept where several
/// start together, then onset order; chords in onset order (those without pitches dropped, equal
/// repeats at one offset kept once). Allocates: the result.
inline MetricLine metric_line(const std::vector<MelodyElement>& elements, const std::vector<Chord>& chords)
{
    MetricLine line;
    std::vector<MelodyElement> notes;
    for (const auto& e : elements)
        if (!e.is_rest && e.duration > 0)
            notes.push_back(e);
    std::stable_sort(notes.begin(), notes.end(), [](const MelodyElement& a, const MelodyElement& b) { return a.offset < b.offset; });
    for (std::size_t i = 0; i < notes.size();) {
        std::size_t top = i, j = i + 1;
        while (j < notes.size() && notes[j].offset == notes[i].offset) {
            if (notes[j].midi > notes[top].midi)
                top = j;
            ++j;
        }
        line.notes.push_back({ notes[top].offset, notes[top].duration, notes[top].midi, notes[top].velocity });
        i = j;
    }
    for (const auto& c : chords)
        if (!c.pitches.empty())
            line.chords.push_back(c);
    std::stable_sort(line.chords.begin(), line.chords.end(), [](const Chord& a, const Chord& b) { return a.offset < b.offset; });
    line.chords.erase(std::unique(line.chords.begin(), line.chords.end(),
                          [](const Chord& a, const Chord& b) { return a.offset == b.offset && a.pitches == b.pitches; }),
        line.chords.end());
    return line;
}

/// The pitches of a line's notes in onset order. Allocates: the result.
inline std::vector<int> line_pitches(const MetricLine& line)
{
    std::vector<int> out;
    out.reserve(line.notes.size());
    for (const auto& n : line.notes)
        out.push_back(n.pitch);
    return out;
}

/// The bars [first, last] that hold an onset of the line; {0, −1} for an empty line. Allocates: no.
inline std::pair<std::int64_t, std::int64_t> note_bar_span(const MetricLine& line) noexcept
{
    if (line.notes.empty())
        return { 0, -1 };
    return { bar_index(line, line.notes.front().offset), bar_index(line, line.notes.back().offset) };
}

} // namespace jazzlstm
