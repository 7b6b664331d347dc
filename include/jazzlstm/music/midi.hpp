// Standard MIDI Files: the umbrella of music/midi/ (standard library only).
// docs/midi.md has the support matrix, the limits and the table of error ids.
#pragma once

#include <jazzlstm/music/midi/read.hpp>
