// Fuzz target: chord charts and chord symbols (music/chart.hpp, music/chord_symbol.hpp).
//
// The bytes are a chart (or a lead sheet) for parse_changes. A chart it accepts must have bars
// that each last 4 quarters with chords in order; every chord's canonical name must parse back
// to the same pitch classes; and the chart must voice (every voice in the comping register), walk
// a bass line (one note per beat, in range) and write a MusicXML lead sheet. Rejections must be
// jazzlstm errors.
#include "fuzz_support.hpp"

#include <jazzlstm/music/band.hpp>
#include <jazzlstm/music/chart.hpp>
#include <jazzlstm/music/musicxml/write.hpp>

#include <random>
#include <string>

namespace {

using namespace jazzlstm;

void check_chart(const ChordChart& chart)
{
    fuzz::require(!chart.bars.empty(), "an accepted chart has bars");
    const std::vector<ChartBar> bars = chart_form(chart, 1, static_cast<int>(std::min<std::size_t>(chart.bars.size(), 64)));
    LeadSheetNotation sheet;
    for (std::size_t b = 0; b < bars.size(); ++b) {
        ticks12 at = 0;
        for (const ChartChord& c : bars[b].chords) {
            fuzz::require(c.start == at && c.length > 0, "chords follow each other inside the bar");
            at += c.length;
            const ChordSymbol again = parse_chord_symbol(c.symbol.name());
            fuzz::require(again.pitch_class_mask() == c.symbol.pitch_class_mask(), "a canonical name reads back as the same chord");
            fuzz::require(again.name() == c.symbol.name(), "a canonical name is canonical");
            sheet.chords.push_back({ static_cast<ticks12>(b) * chart_bar_length + c.start, c.symbol });
        }
        fuzz::require(at == chart_bar_length, "a bar lasts 4 quarters");
    }
    for (const auto& group : voice_bars(bars))
        for (const Chord& c : group)
            for (std::size_t k = 1; k < c.pitches.size(); ++k)
                fuzz::require(c.pitches[k] >= 52 && c.pitches[k] < 64 + 12, "voices in the comping register");
    std::mt19937_64 rng(1);
    const auto line = walking_bass(bars, rng);
    fuzz::require(line.size() == bars.size() * 4, "one bass note per beat");
    for (const BandNote& n : line)
        fuzz::require(n.pitch >= 28 && n.pitch <= 55, "bass in range");
    const std::string xml = musicxml_lead_sheet(sheet);
    fuzz::require(xml.find("</score-partwise>") != std::string::npos, "a whole document");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    return fuzz::guarded([&] {
        if (size > 4096)
            return; // charts are short; the cap keeps each input fast
        const std::string text(reinterpret_cast<const char*>(data), size);
        ChordChart chart;
        bool accepted = false;
        try {
            chart = parse_changes(text, "<fuzz>");
            accepted = true;
        } catch (const jazzlstm::error&) {
        }
        if (accepted)
            check_chart(chart);
    });
}
