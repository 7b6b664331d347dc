// Music theory the jazz grammar needs, as music21 computes it: the umbrella of music/theory/
// (standard library only).
#pragma once

#include <jazzlstm/music/theory/chord.hpp>
