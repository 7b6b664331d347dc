// What to build a corpus from (standard library only): the tracks, the window, the music21
// generation to imitate, and the named presets of the reference run.
#pragma once

#include <jazzlstm/core/error.hpp>
#include <jazzlstm/music/music21_behaviour.hpp>

#include <optional>
#include <string>
#include <vector>

namespace jazzlstm {

/// How to build a corpus. Empty `melody` / `chords` mean "choose automatically".
struct CorpusOptions {
    Music21Behaviour behaviour = Music21Behaviour::music21_6;
    /// Melody track: a track index ("11") or a track name (case-insensitive, "guitar").
    std::string melody;
    /// Chord track(s), same forms; several are merged in the order given.
    std::vector<std::string> chords;
    /// Window of start offsets in quarter notes, both ends inclusive; absent = whole piece.
    std::optional<double> window_lo;
    std::optional<double> window_hi;
    /// deepjazz drops chords found in the melody part; with this set, their top note is kept.
    bool melody_chords_top_note = false;
};

/// The reference run of grammar-spec §3: melody = track 11 (Guitar), chords = track 6
/// (Piano), offsets 476…548, music21 6 behaviour unless told otherwise.
inline CorpusOptions metheny_preset(Music21Behaviour behaviour = Music21Behaviour::music21_6)
{
    CorpusOptions options;
    options.behaviour = behaviour;
    options.melody = "11";
    options.chords = { "6" };
    options.window_lo = 476.0;
    options.window_hi = 548.0;
    return options;
}

/// The presets' names, as the program and the library both spell them: "metheny" (music21 6,
/// with rests: 90 values) and "metheny-no-rests" (music21 5: the older notebook's 78 values).
inline const std::vector<std::string>& corpus_preset_names()
{
    static const std::vector<std::string> names { "metheny", "metheny-no-rests" };
    return names;
}

/// The preset a name stands for: one of corpus_preset_names(), or a spelling of an earlier
/// release ("metheny_m6", "metheny_m5"), kept as an alias.
/// @throws argument_error `jazzlstm.corpus.preset` for another name, listing the known ones.
inline CorpusOptions corpus_preset(const std::string& name)
{
    if (name == "metheny" || name == "metheny_m6")
        return metheny_preset(Music21Behaviour::music21_6);
    if (name == "metheny-no-rests" || name == "metheny_m5")
        return metheny_preset(Music21Behaviour::music21_5);
    throw argument_error("jazzlstm.corpus.preset", "unknown preset '" + name + "' (known: metheny, metheny-no-rests)");
}

} // namespace jazzlstm
