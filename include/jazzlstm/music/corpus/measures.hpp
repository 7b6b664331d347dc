// The bars of a corpus (standard library only): one Measure per 4-quarter bar of the melody, with
// the chord group paired with it and its tokens.
#pragma once

#include <jazzlstm/music/notes.hpp>

#include <cstdint>
#include <string>
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

} // namespace detail

} // namespace jazzlstm
