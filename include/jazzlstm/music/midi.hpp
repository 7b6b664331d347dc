// Standard MIDI Files: the umbrella of music/midi/ (standard library only).
//
//   midi/events.hpp  Event, Track, File and the meta event types the library interprets
//   midi/read.hpp    parse, read_file, ReadLimits and the caps
//   midi/write.hpp   serialize, write_file
//   midi/score.hpp   the note-level Score, to_score, from_score
//
// docs/midi.md has the support matrix, the limits and the table of error ids.
#pragma once

#include <jazzlstm/music/midi/events.hpp>
#include <jazzlstm/music/midi/read.hpp>
#include <jazzlstm/music/midi/write.hpp>
#include <jazzlstm/music/midi/score.hpp>
