// A generated solo as a MusicXML lead sheet: its line under the chord symbols of the bars it
// was played over, and optionally the voicings it was played with as a chord part.
#pragma once

#include <jazzlstm/improv/solo.hpp>
#include <jazzlstm/music/chart.hpp>
#include <jazzlstm/music/musicxml/write.hpp>

#include <algorithm>
#include <cstddef>
#include <vector>

namespace jazzlstm {

/// The lead sheet of `solo` improvised over `bars`: one measure per chord group played (the
/// solo may stop before the chart does), the symbols of those bars, and with `chord_part` the
/// voicings as the MIDI score's chord track plays them. Title, tempo and key stay the
/// LeadSheetNotation defaults for the caller to set.
inline LeadSheetNotation solo_lead_sheet(const Solo& solo, const std::vector<ChartBar>& bars, bool chord_part)
{
    LeadSheetNotation sheet;
    sheet.melody = solo.melody;
    sheet.measures = std::min(bars.size(), solo.groups.size());
    sheet.chords = chart_chord_symbols(bars, sheet.measures);
    if (chord_part)
        sheet.comping = solo.chords;
    return sheet;
}

} // namespace jazzlstm
