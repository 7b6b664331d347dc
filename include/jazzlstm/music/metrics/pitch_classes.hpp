// Pitch-class figures of a melody line (standard library only): pitch-class entropy per bar and
// per four bars (the Jazz Transformer / MusDr convention), the chord-tone ratio against the
// harmony, and scale consistency over the 24 major and natural-minor scales.
#pragma once

#include <jazzlstm/music/metrics/line.hpp>

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>

namespace jazzlstm {

namespace detail {

    inline int pitch_class(int pitch) noexcept { return ((pitch % 12) + 12) % 12; }

    /// H = −Σ p log₂ p of a pitch-class histogram; 0 for an empty one.
    inline double entropy_bits(const std::array<std::size_t, 12>& counts) noexcept
    {
        std::size_t total = 0;
        for (auto c : counts)
            total += c;
        double h = 0;
        for (auto c : counts)
            if (c) {
                const double p = static_cast<double>(c) / static_cast<double>(total);
                h -= p * std::log2(p);
            }
        return h == 0 ? 0.0 : h; // never −0
    }

} // namespace detail

struct PitchClassFigures {
    /// Mean pitch-class entropy of the note onsets per bar (H1) and per window of four bars moved
    /// one bar at a time (H4), in bits; bars and windows without an onset are skipped. H4 needs a
    /// line spanning at least four bars.
    std::optional<double> h1, h4;
    /// Duration-weighted share of the notes with a chord in effect (chord_at) whose pitch class is
    /// one of that chord's; nullopt when no note has a chord.
    std::optional<double> chord_tone_ratio;
    /// The largest share of notes inside one of the 24 major / natural-minor scales; 0 when empty.
    double scale_consistency = 0;
    int scale_tonic = 0;     ///< pitch class of the best scale's tonic (the first best, C major first)
    bool scale_minor = false;
};

/// The pitch-class figures of a line. Allocates: a map of the bars.
inline PitchClassFigures pitch_class_figures(const MetricLine& line)
{
    PitchClassFigures f;
    if (line.notes.empty())
        return f;

    std::map<std::int64_t, std::array<std::size_t, 12>> bars;
    for (const auto& n : line.notes)
        ++bars[bar_index(line, n.offset)][static_cast<std::size_t>(detail::pitch_class(n.pitch))];
    double h1 = 0;
    for (const auto& [bar, counts] : bars)
        h1 += detail::entropy_bits(counts);
    f.h1 = h1 / static_cast<double>(bars.size());
    const std::int64_t first = bars.begin()->first, last = bars.rbegin()->first;
    if (last - first + 1 >= 4) {
        double h4 = 0;
        std::size_t windows = 0;
        for (std::int64_t start = first; start + 3 <= last; ++start) {
            std::array<std::size_t, 12> counts {};
            bool any = false;
            for (std::int64_t b = start; b < start + 4; ++b) {
                const auto it = bars.find(b);
                if (it == bars.end())
                    continue;
                any = true;
                for (std::size_t pc = 0; pc < 12; ++pc)
                    counts[pc] += it->second[pc];
            }
            if (!any)
                continue;
            h4 += detail::entropy_bits(counts);
            ++windows;
        }
        if (windows)
            f.h4 = h4 / static_cast<double>(windows);
    }

    double weighted = 0, in_chord = 0;
    for (const auto& n : line.notes) {
        const Chord* c = chord_at(line, n.offset);
        if (!c)
            continue;
        const auto w = static_cast<double>(n.duration);
        weighted += w;
        for (int p : c->pitches)
            if (detail::pitch_class(p) == detail::pitch_class(n.pitch)) {
                in_chord += w;
                break;
            }
    }
    if (weighted > 0)
        f.chord_tone_ratio = in_chord / weighted;

    std::array<std::size_t, 12> counts {};
    for (const auto& n : line.notes)
        ++counts[static_cast<std::size_t>(detail::pitch_class(n.pitch))];
    constexpr std::array<int, 7> major = { 0, 2, 4, 5, 7, 9, 11 };
    constexpr std::array<int, 7> minor = { 0, 2, 3, 5, 7, 8, 10 };
    std::size_t best = 0;
    for (int m = 0; m < 2; ++m)
        for (int tonic = 0; tonic < 12; ++tonic) {
            std::size_t inside = 0;
            for (int step : m == 0 ? major : minor)
                inside += counts[static_cast<std::size_t>((tonic + step) % 12)];
            if (inside > best) {
                best = inside;
                f.scale_tonic = tonic;
                f.scale_minor = m == 1;
            }
        }
    f.scale_consistency = static_cast<double>(best) / static_cast<double>(line.notes.size());
    return f;
}

} // namespace jazzlstm
