// Which tracks play the same material (standard library only): a track doubles another when
// most of its notes are also attacked there, at the same time (within a strum) and on the same
// pitch class (octave doublings are the same line). Sequenced files copy a part onto a second
// instrument; the part choice must neither pick a copy as the accompaniment of its original nor
// read the melody's copy as harmony.
#pragma once

#include <jazzlstm/music/corpus/onsets.hpp>
#include <jazzlstm/music/midi/score.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace jazzlstm {

namespace detail {

    /// The onsets of a track by pitch class, each list sorted.
    struct PitchClassOnsets {
        std::array<std::vector<std::uint64_t>, 12> onsets;
        std::size_t notes = 0;

        /// Allocates: the onset lists.
        explicit PitchClassOnsets(const midi::ScoreTrack& track)
        {
            for (const auto& n : track.notes)
                onsets[static_cast<std::size_t>(((n.pitch % 12) + 12) % 12)].push_back(n.on_tick);
            for (auto& list : onsets)
                std::sort(list.begin(), list.end());
            notes = track.notes.size();
        }

        /// True when a note of this pitch class starts within `strum` ticks of `on`. Allocates: no.
        bool attacks(int pitch, std::uint64_t on, std::uint64_t strum) const noexcept
        {
            const auto& list = onsets[static_cast<std::size_t>(((pitch % 12) + 12) % 12)];
            const auto it = std::lower_bound(list.begin(), list.end(), on > strum ? on - strum : 0);
            return it != list.end() && *it <= on + strum;
        }
    };

    /// Share of the notes of `a` that `b` attacks too (same pitch class, onset within `strum`).
    /// Allocates: no.
    inline double doubled_share(const midi::ScoreTrack& a, const PitchClassOnsets& b, std::uint64_t strum) noexcept
    {
        if (a.notes.empty())
            return 0;
        std::size_t hits = 0;
        for (const auto& n : a.notes)
            hits += b.attacks(n.pitch, n.on_tick, strum) ? 1 : 0;
        return static_cast<double>(hits) / static_cast<double>(a.notes.size());
    }

    /// Two tracks are copies of one part when each doubles this share of the other's notes.
    constexpr double duplicate_share = 0.8;

} // namespace detail

} // namespace jazzlstm
