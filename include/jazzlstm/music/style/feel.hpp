// The feel of the default mode (standard library only): the source's swing on straight eighth
// pairs, and velocities from the source's accents by beat position. docs/generation.md.
#pragma once

#include <jazzlstm/core/random.hpp>
#include <jazzlstm/music/metrics/rhythm.hpp>
#include <jazzlstm/music/notes.hpp>
#include <jazzlstm/music/style/source_style.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <map>
#include <vector>

namespace jazzlstm {

/// The fewest two-note beats of a source whose swing ratio is trusted.
constexpr std::size_t min_swing_beats = 8;

/// Swings straight eighth pairs towards the source's swing ratio. A beat whose only onsets are two
/// notes, on the beat and on its eighth off-beat, the first lasting until the second, becomes a
/// triplet pair (8 + 4 twelfths: the long-short of swing on the grammar's own grid). k such beats,
/// drawn at random, change so that Σ p / Σ (12 − p) over the melody's two-note beats comes as close
/// as it can to the source's ratio: k = (r·S − L) / (2 + 2r) for the current sums L, S and target
/// r. Nothing changes when the source's ratio rests on fewer than min_swing_beats beats or is not
/// above the melody's. Offsets are absolute, bars of 48 from 0. Returns the number of beats swung.
/// Allocates: the beat index.
template <typename URBG>
std::size_t apply_swing(std::vector<MelodyElement>& melody, const SourceStyle& style, URBG& rng)
{
    if (!style.swing_ratio || style.swing_beats < min_swing_beats)
        return 0;
    std::map<std::int64_t, std::vector<std::size_t>> beats; // every element's onset, notes and rests
    for (std::size_t i = 0; i < melody.size(); ++i)
        if (melody[i].duration > 0 && melody[i].offset >= 0)
            beats[melody[i].offset / beat_span].push_back(i);
    double long_part = 0, short_part = 0;
    std::vector<std::pair<std::size_t, std::size_t>> straight;
    for (const auto& [beat, members] : beats) {
        std::vector<std::size_t> notes;
        for (std::size_t i : members)
            if (!melody[i].is_rest)
                notes.push_back(i);
        if (notes.size() != 2 || melody[notes[0]].offset % beat_span != 0)
            continue;
        const ticks12 p = melody[notes[1]].offset % beat_span;
        long_part += static_cast<double>(p);
        short_part += static_cast<double>(beat_span - p);
        const MelodyElement& a = melody[notes[0]];
        const MelodyElement& b = melody[notes[1]];
        if (members.size() == 2 && p == beat_span / 2 && a.offset + a.duration == b.offset && b.duration > 2)
            straight.push_back({ notes[0], notes[1] });
    }
    const double r = *style.swing_ratio;
    if (straight.empty() || !(short_part > 0) || !(r > long_part / short_part))
        return 0;
    const double wanted = (r * short_part - long_part) / (2 + 2 * r);
    const auto k = std::min(straight.size(), static_cast<std::size_t>(std::max(0.0, std::round(wanted))));
    for (std::size_t i = 0; i < k; ++i) {
        const std::size_t j = i + static_cast<std::size_t>(uniform_below(rng, straight.size() - i));
        std::swap(straight[i], straight[j]);
        MelodyElement& a = melody[straight[i].first];
        MelodyElement& b = melody[straight[i].second];
        a.duration += 2;
        b.offset += 2;
        b.duration -= 2;
    }
    return k;
}

/// Sets every note's velocity from the source's accents: the mean velocity of its position in the
/// bar (SourceStyle::velocity_at) plus the source's spread around those means times a draw of mean
/// 0 and standard deviation 1 (the sum of two uniforms, shifted and scaled: bounded, and the same
/// on every platform), rounded and kept in 1..127. Offsets are absolute, bars of 48 from 0.
/// Allocates: no.
template <typename URBG>
void apply_velocities(std::vector<MelodyElement>& melody, const SourceStyle& style, URBG& rng)
{
    constexpr ticks12 bar = 4 * twelfths_per_quarter;
    for (auto& e : melody) {
        if (e.is_rest)
            continue;
        const double noise = (canonical_double(rng) + canonical_double(rng) - 1.0) * std::sqrt(6.0);
        const double v = style.velocity_at(((e.offset % bar) + bar) % bar) + style.velocity_spread * noise;
        e.velocity = static_cast<int>(std::clamp(std::lround(v), 1L, 127L));
    }
}

} // namespace jazzlstm
