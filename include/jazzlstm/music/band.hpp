// The rhythm section under a solo (standard library only): the umbrella of music/band/.
//
//   band/voicing.hpp       comping voicings with smooth voice leading (voice_lead, voice_bars)
//   band/walking_bass.hpp  BandNote, walking_bass
//   band/drums.hpp         swing_drums (General MIDI percussion, channel 10)
//   band/score.hpp         the band's tracks in a MIDI score
#pragma once

#include <jazzlstm/music/band/drums.hpp>
#include <jazzlstm/music/band/score.hpp>
#include <jazzlstm/music/band/voicing.hpp>
#include <jazzlstm/music/band/walking_bass.hpp>
