// Hand-made melody elements for the music tests (the metrics, the default mode's style rules).
#pragma once

#include <jazzlstm/music/notes.hpp>

namespace jazzlstm::test {

/// A note at `offset` twelfths lasting `duration`, of MIDI pitch `pitch`.
inline MelodyElement note(ticks12 offset, ticks12 duration, int pitch, int velocity = 90)
{
    MelodyElement e;
    e.offset = offset;
    e.duration = duration;
    e.midi = pitch;
    e.velocity = velocity;
    return e;
}

/// A rest at `offset` twelfths lasting `duration`.
inline MelodyElement rest(ticks12 offset, ticks12 duration)
{
    MelodyElement e;
    e.offset = offset;
    e.duration = duration;
    e.is_rest = true;
    return e;
}

} // namespace jazzlstm::test
