// Music theory the jazz grammar needs, reproducing music21's behaviour from MIDI numbers alone
// (grammar-spec §4, §6, §7): the umbrella of music/theory/ (standard library only).
//
//   theory/pitch.hpp     SpelledPitch, music21's default spelling and pitch names
//   theory/interval.hpp  Interval, interval names, transposition
//   theory/scale.hpp     Major/Dorian derivation (the S-test) and the random hexatonic blues scale
//   theory/chord.hpp     chord root and quality, ChordInfo, the C/S/A tests
#pragma once

#include <jazzlstm/music/theory/pitch.hpp>
#include <jazzlstm/music/theory/interval.hpp>
#include <jazzlstm/music/theory/scale.hpp>
#include <jazzlstm/music/theory/chord.hpp>

// As before the split, the note types come with it.
#include <jazzlstm/music/notes.hpp>
