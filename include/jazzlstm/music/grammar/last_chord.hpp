// deepjazz's `lastChord` (grammar-spec §5, §10.3): which chord of a group is in force at a time,
// shared by the measure → tokens and the tokens → notes directions (standard library only).
#pragma once

#include <jazzlstm/music/notes.hpp>

#include <cstddef>
#include <optional>
#include <vector>

namespace jazzlstm {

namespace detail {

/// deepjazz's `lastChord`: the last chord of the group starting at or before a time. When an
/// element precedes every chord, deepjazz overwrites the first chord's offset (with the bar
/// start when parsing, 0 when unparsing) and keeps that for the rest of the group; `at` does
/// the same, so the fallback is written once for both directions.
class LastChordLookup {
public:
    LastChordLookup(const std::vector<Chord>& chords, ticks12 fallback_offset)
        : chords_(chords)
        , fallback_offset_(fallback_offset)
        , first_offset_(chords.empty() ? 0 : chords.front().offset)
    {
    }

    /// Index of the chord in force at `at`; 0 when no chord starts early enough even after the fallback.
    std::size_t at(ticks12 at_time)
    {
        std::optional<std::size_t> k = find(at_time);
        if (!k) {
            first_offset_ = fallback_offset_;
            k = find(at_time);
        }
        return k ? *k : 0;
    }

private:
    std::optional<std::size_t> find(ticks12 at_time) const
    {
        std::optional<std::size_t> found;
        for (std::size_t k = 0; k < chords_.size(); ++k)
            if ((k == 0 ? first_offset_ : chords_[k].offset) <= at_time)
                found = k;
        return found;
    }

    const std::vector<Chord>& chords_;
    ticks12 fallback_offset_;
    ticks12 first_offset_;
};

} // namespace detail

} // namespace jazzlstm
