// Plain value types the music side passes around (standard library only).
//
// Time is kept in integer twelfths of a quarter note: every value the reference grammar
// produces (quantised to the union of the 1/4 and 1/3 grids) is an exact multiple of 1/12,
// so integers avoid every floating-point tie the Python original had to live with.
#pragma once

#include <cstdint>
#include <vector>

namespace jazzlstm {

/// Integer twelfths of a quarter note.
using ticks12 = std::int64_t;

constexpr ticks12 twelfths_per_quarter = 12;

/// One melody element: a single note, or a rest.
struct MelodyElement {
    ticks12 offset = 0;    ///< onset, in twelfths of a quarter from the start of the piece
    ticks12 duration = 0;  ///< length, in twelfths of a quarter
    bool is_rest = false;
    int midi = 0;          ///< MIDI key number (0..127); ignored for rests
    int velocity = 90;     ///< used only when writing MIDI

    bool operator==(const MelodyElement& other) const
    {
        return offset == other.offset && duration == other.duration && is_rest == other.is_rest
            && (is_rest || midi == other.midi);
    }
};

/// One chord of the accompaniment; pitch order is the order of the note-ons, which the
/// reference keeps everywhere (it decides roots and ties).
struct Chord {
    ticks12 offset = 0;
    ticks12 duration = 0;
    std::vector<int> pitches;  ///< MIDI key numbers in chord order
};

} // namespace jazzlstm
