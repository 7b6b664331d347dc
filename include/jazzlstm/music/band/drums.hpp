// A swing drum part (standard library only): the ride cymbal's "ding, ding-da" with the skip note
// on the last triplet of beats 2 and 4, the hi-hat closed by the foot on 2 and 4, and the bass
// drum feathered on every beat. General MIDI percussion keys (channel 10). docs/band.md.
#pragma once

#include <jazzlstm/music/band/walking_bass.hpp>
#include <jazzlstm/music/notes.hpp>

#include <vector>

namespace jazzlstm {

/// General MIDI percussion keys the drum part uses.
namespace gm_drum {
    constexpr int bass_drum = 36;
    constexpr int pedal_hi_hat = 44;
    constexpr int ride_cymbal = 51;
    constexpr int crash_cymbal = 49;
}

/// The drum part for `bars` bars of 4/4: per bar, ride on every beat (2 and 4 louder) and on the
/// third triplet of 2 and 4 (swing), pedal hi-hat on 2 and 4, bass drum softly on every beat, and a
/// crash with the first downbeat. Notes last a triplet eighth. Allocates: yes.
inline std::vector<BandNote> swing_drums(std::size_t bars)
{
    constexpr ticks12 beat = twelfths_per_quarter;
    constexpr ticks12 skip = 2 * beat / 3; // the swung "and": the last triplet eighth of the beat
    constexpr ticks12 length = beat / 3;
    std::vector<BandNote> out;
    out.reserve(bars * 11 + 1);
    for (std::size_t b = 0; b < bars; ++b) {
        const ticks12 bar = static_cast<ticks12>(b) * 4 * beat;
        if (b == 0)
            out.push_back({ 0, beat, gm_drum::crash_cymbal, 84 });
        for (int k = 0; k < 4; ++k) {
            const ticks12 at = bar + k * beat;
            const bool backbeat = k % 2 == 1;
            out.push_back({ at, length, gm_drum::ride_cymbal, backbeat ? 92 : 80 });
            out.push_back({ at, length, gm_drum::bass_drum, 40 });
            if (backbeat) {
                out.push_back({ at, length, gm_drum::pedal_hi_hat, 76 });
                out.push_back({ at + skip, length, gm_drum::ride_cymbal, 64 });
            }
        }
    }
    return out;
}

} // namespace jazzlstm
