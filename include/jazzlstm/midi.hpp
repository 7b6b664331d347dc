// Forwarding header, kept through release 0.2 and removed in 0.3: <jazzlstm/midi.hpp> moved to
// <jazzlstm/music/midi.hpp> when the tree was split into core/, nn/, music/ and improv/
// (docs/architecture.md). Include the new path; define JAZZLSTM_NO_MOVED_HEADER_NOTES to
// silence the note until then.
#pragma once
#ifndef JAZZLSTM_NO_MOVED_HEADER_NOTES
#pragma message("<jazzlstm/midi.hpp> moved to <jazzlstm/music/midi.hpp>; the old path is removed in 0.3")
#endif
#include <jazzlstm/music/midi.hpp>
