// Which music21 generation the music side imitates (standard library only). Between music21 6.1
// and 6.5 both the MIDI import (rests, zero durations; grammar-spec §2) and the chord rules the
// grammar relies on (root and quality; §7.2) changed; one choice sets both, so a corpus and the
// solos generated from it always agree.
#pragma once

namespace jazzlstm {

/// Which music21 generation to imitate. They differ in rests and zero durations when importing,
/// and in the root and quality of some chords (they agree on every Metheny chord).
enum class Music21Behaviour {
    /// music21 6.5–6.7: gap rests in voice 0, 0.25 minimum, zero-tick notes are grace notes;
    /// a chord's root is its first perfect root, and an altered unison makes its quality "other".
    music21_6,
    /// music21 3.1–6.1: no rests, zero-tick notes last 1.0, durations may quantise to 0; a chord's
    /// root is its unique perfect root, else the bass if all are perfect.
    music21_5,
};

/// Short name used in reports and docs ("music21_6" / "music21_5").
inline const char* behaviour_name(Music21Behaviour behaviour)
{
    return behaviour == Music21Behaviour::music21_5 ? "music21_5" : "music21_6";
}

} // namespace jazzlstm
