// What a MusicXML lead sheet shows (standard library only): the line, the chord symbols on the
// piece's timeline, the optional comping part, title, tempo and key; and the symbols of a chart's
// bars placed on that timeline.
#pragma once

#include <jazzlstm/music/chart.hpp>
#include <jazzlstm/music/chord_symbol.hpp>
#include <jazzlstm/music/notes.hpp>

#include <cstddef>
#include <string>
#include <vector>

namespace jazzlstm {

/// A chord symbol at a time of the piece (twelfths of a quarter from the start).
struct TimedChordSymbol {
    ticks12 offset = 0;
    ChordSymbol symbol;
};

/// The chord symbols of the first `bar_count` chart bars, placed on a timeline of back-to-back
/// 4/4 bars: what a lead sheet of those bars writes above the staff.
inline std::vector<TimedChordSymbol> chart_chord_symbols(const std::vector<ChartBar>& bars, std::size_t bar_count)
{
    std::vector<TimedChordSymbol> symbols;
    for (std::size_t b = 0; b < bars.size() && b < bar_count; ++b)
        for (const ChartChord& c : bars[b].chords)
            symbols.push_back({ static_cast<ticks12>(b) * chart_bar_length + c.start, c.symbol });
    return symbols;
}

/// What a lead sheet shows.
struct LeadSheetNotation {
    std::string title = "jazzlstm solo";
    std::string part_name = "Solo";
    double tempo = 120;
    int key_fifths = 0;                   ///< −7 … 7
    int midi_program = 26;                ///< 0-based General MIDI program of the part
    std::vector<MelodyElement> melody;    ///< the line (rests may be omitted: gaps become rests)
    std::vector<TimedChordSymbol> chords; ///< in time order
    std::size_t measures = 0;             ///< at least this many 4/4 measures (0: as the line needs)
    /// The comping as played (each chord's voicing, offset and length): when not empty, a second
    /// part on a grand staff, notes from middle C up on the treble staff, the rest on the bass staff.
    std::vector<Chord> comping;
    std::string comping_name = "Chords";
    int comping_program = 0;              ///< 0-based General MIDI program of the chord part (piano)
};

} // namespace jazzlstm
