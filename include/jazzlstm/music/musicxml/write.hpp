// A solo as a MusicXML lead sheet (standard library only): title, tempo, key and 4/4, one part
// with the line in notated durations (ties across beats and bar lines, triplets as
// <time-modification> with brackets, beams per beat, rests) and the chord symbols as <harmony>
// above the right notes; optionally the comping as a second part on a grand staff.
// docs/musicxml.md lists the subset written.
// The pieces: lead_sheet_notation.hpp (what is shown), notation.hpp (durations), spelling.hpp
// (letters), elements.hpp (<note>, <measure>), comping.hpp (the chord part).
#pragma once

#include <jazzlstm/core/xml_text.hpp>
#include <jazzlstm/music/musicxml/comping.hpp>
#include <jazzlstm/music/musicxml/elements.hpp>
#include <jazzlstm/music/musicxml/lead_sheet_notation.hpp>
#include <jazzlstm/music/musicxml/notation.hpp>
#include <jazzlstm/music/musicxml/spelling.hpp>
#include <jazzlstm/music/notes.hpp>

#include <algorithm>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

namespace jazzlstm {

/// The MusicXML 3.1 partwise document of `sheet`. The line is made monophonic first (a note is cut
/// where the next one starts); gaps are rests; a measure with nothing is a whole-measure rest.
/// Allocates: yes.
inline std::string musicxml_lead_sheet(const LeadSheetNotation& sheet)
{
    constexpr ticks12 bar = 4 * twelfths_per_quarter;
    // The line: notes only, sorted, overlaps cut.
    std::vector<MelodyElement> line;
    for (const MelodyElement& e : sheet.melody)
        if (!e.is_rest && e.duration > 0 && e.offset >= 0)
            line.push_back(e);
    std::stable_sort(line.begin(), line.end(), [](const MelodyElement& a, const MelodyElement& b) { return a.offset < b.offset; });
    std::vector<MelodyElement> mono;
    for (const MelodyElement& e : line) {
        if (!mono.empty() && mono.back().offset == e.offset)
            mono.pop_back(); // the later of two simultaneous notes wins, as it would sound on top
        if (!mono.empty() && mono.back().offset + mono.back().duration > e.offset)
            mono.back().duration = e.offset - mono.back().offset;
        mono.push_back(e);
    }
    ticks12 end = 0;
    for (const auto& e : mono)
        end = std::max(end, e.offset + e.duration);
    for (const auto& c : sheet.chords)
        end = std::max(end, c.offset + 1);
    for (const Chord& c : sheet.comping)
        if (c.duration > 0 && c.offset >= 0 && !c.pitches.empty())
            end = std::max(end, c.offset + c.duration);
    std::size_t measures = std::max<std::size_t>(sheet.measures, static_cast<std::size_t>((end + bar - 1) / bar));
    measures = std::max<std::size_t>(measures, 1);

    std::string x;
    char buf[256];
    x += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<!DOCTYPE score-partwise PUBLIC \"-//Recordare//DTD MusicXML 3.1 Partwise//EN\" "
         "\"http://www.musicxml.org/dtds/partwise.dtd\">\n"
         "<score-partwise version=\"3.1\">\n";
    x += "  <work><work-title>" + detail::xml_escape(sheet.title) + "</work-title></work>\n";
    x += "  <identification><encoding><software>jazzlstm</software></encoding></identification>\n";
    x += "  <part-list>\n    <score-part id=\"P1\">\n      <part-name>" + detail::xml_escape(sheet.part_name) + "</part-name>\n";
    std::snprintf(buf, sizeof buf,
        "      <score-instrument id=\"P1-I1\"><instrument-name>%s</instrument-name></score-instrument>\n"
        "      <midi-instrument id=\"P1-I1\"><midi-channel>1</midi-channel><midi-program>%d</midi-program></midi-instrument>\n",
        detail::xml_escape(sheet.part_name).c_str(), std::clamp(sheet.midi_program, 0, 127) + 1);
    x += buf;
    x += "    </score-part>\n";
    if (!sheet.comping.empty()) {
        const std::string name = detail::xml_escape(sheet.comping_name);
        x += "    <score-part id=\"P2\">\n      <part-name>" + name + "</part-name>\n";
        std::snprintf(buf, sizeof buf,
            "      <score-instrument id=\"P2-I1\"><instrument-name>%s</instrument-name></score-instrument>\n"
            "      <midi-instrument id=\"P2-I1\"><midi-channel>2</midi-channel><midi-program>%d</midi-program></midi-instrument>\n",
            name.c_str(), std::clamp(sheet.comping_program, 0, 127) + 1);
        x += buf;
        x += "    </score-part>\n";
    }
    x += "  </part-list>\n  <part id=\"P1\">\n";

    // Where the written chord symbols start: a chord is named again only when it changes.
    std::vector<ticks12> change_at;
    for (std::size_t c = 0, named = 0; c < sheet.chords.size(); ++c)
        if (c == 0 || sheet.chords[c].symbol.name() != sheet.chords[named].symbol.name()) {
            change_at.push_back(sheet.chords[c].offset);
            named = c;
        }

    std::size_t next_chord = 0;
    std::string last_symbol;
    const ChordSymbol* sounding = nullptr;
    std::size_t next_note = 0;
    for (std::size_t m = 0; m < measures; ++m) {
        const ticks12 from = static_cast<ticks12>(m) * bar, to = from + bar;
        detail::open_measure(x, m, sheet.key_fifths, false);
        if (m == 0) {
            std::snprintf(buf, sizeof buf,
                "      <direction placement=\"above\"><direction-type><metronome><beat-unit>quarter</beat-unit>"
                "<per-minute>%g</per-minute></metronome></direction-type><sound tempo=\"%g\"/></direction>\n",
                sheet.tempo, sheet.tempo);
            x += buf;
        }
        // The measure's events: notes (cut at the bar lines) and the rests between them.
        std::vector<std::pair<std::pair<ticks12, ticks12>, int>> events;
        ticks12 at = 0;
        bool tie_in = false, tie_out = false;
        // Start from the last note of the measure before: it may sound on across the bar line.
        for (std::size_t i = next_note == 0 ? 0 : next_note - 1; i < mono.size() && mono[i].offset < to; ++i) {
            const ticks12 a = std::max(mono[i].offset, from) - from;
            const ticks12 b = std::min(mono[i].offset + mono[i].duration, to) - from;
            if (b <= a)
                continue;
            if (a > at)
                events.push_back({ { at, a }, -1 });
            events.push_back({ { a, b }, mono[i].midi });
            tie_in = tie_in || mono[i].offset < from;
            tie_out = mono[i].offset + mono[i].duration > to;
            at = b;
            next_note = i + 1;
        }
        if (at < bar)
            events.push_back({ { at, bar }, -1 });
        // A value is cut (a note tied) where a new chord symbol starts on a beat inside it, so the
        // symbol sits on a value of its own: LilyPond drops a <harmony> placed by <offset>.
        std::vector<ticks12> continued;
        for (std::size_t c = 0; c < change_at.size(); ++c) {
            const ticks12 t = change_at[c] - from;
            if (t <= 0 || t >= bar || t % twelfths_per_quarter != 0)
                continue;
            for (std::size_t e = 0; e < events.size(); ++e)
                if (events[e].first.first < t && t < events[e].first.second) {
                    auto piece = events[e];
                    events[e].first.second = t;
                    piece.first.first = t;
                    events.insert(events.begin() + static_cast<std::ptrdiff_t>(e) + 1, piece);
                    if (piece.second >= 0)
                        continued.push_back(t);
                    break;
                }
        }
        std::vector<NotatedNote> notes = notate_measure(events);
        for (std::size_t i = 1; i < notes.size(); ++i)
            if (notes[i].pitch >= 0 && std::find(continued.begin(), continued.end(), notes[i].start) != continued.end()) {
                notes[i].tie_stop = true;
                notes[i - 1].tie_start = true;
            }
        if (tie_in)
            notes.front().tie_stop = true;
        if (tie_out)
            notes.back().tie_start = true;

        // Beams: the beamable notes (eighths and shorter) of one beat, two or more in a row.
        std::vector<const char*> beam(notes.size(), nullptr);
        for (std::size_t i = 0; i < notes.size();) {
            auto beamable = [&](std::size_t k) {
                return notes[k].pitch >= 0 && notes[k].duration < twelfths_per_quarter
                    && std::string(notes[k].type) != "quarter" && std::string(notes[k].type) != "half";
            };
            if (!beamable(i)) {
                ++i;
                continue;
            }
            std::size_t j = i;
            const ticks12 beat_of = notes[i].start / twelfths_per_quarter;
            while (j + 1 < notes.size() && beamable(j + 1) && notes[j + 1].start / twelfths_per_quarter == beat_of)
                ++j;
            if (j > i) {
                beam[i] = "begin";
                for (std::size_t k = i + 1; k < j; ++k)
                    beam[k] = "continue";
                beam[j] = "end";
            }
            i = j + 1;
        }

        const bool whole_rest = notes.size() == 1 && notes[0].pitch < 0;
        for (std::size_t i = 0; i < notes.size(); ++i) {
            const NotatedNote& n = notes[i];
            const ticks12 start = from + n.start, stop = start + n.duration;
            // The chord symbols that start during this value, with their offset into it.
            while (next_chord < sheet.chords.size() && sheet.chords[next_chord].offset < stop) {
                const TimedChordSymbol& c = sheet.chords[next_chord++];
                sounding = &c.symbol;
                const std::string name = c.symbol.name();
                if (name == last_symbol)
                    continue; // a lead sheet names a chord again only when it changes
                last_symbol = name;
                const ChordSymbol& s = c.symbol;
                x += "      <harmony><root><root-step>";
                x += detail::letter_names[static_cast<std::size_t>(s.root_spelling.letter)];
                x += "</root-step>";
                if (s.root_spelling.alter)
                    x += "<root-alter>" + std::to_string(s.root_spelling.alter) + "</root-alter>";
                x += "</root><kind text=\"" + detail::xml_escape(s.suffix) + "\">" + s.kind + "</kind>";
                if (s.bass >= 0) {
                    x += "<bass><bass-step>";
                    x += detail::letter_names[static_cast<std::size_t>(s.bass_spelling.letter)];
                    x += "</bass-step>";
                    if (s.bass_spelling.alter)
                        x += "<bass-alter>" + std::to_string(s.bass_spelling.alter) + "</bass-alter>";
                    x += "</bass>";
                }
                for (const ChordDegree& d : s.degrees)
                    x += "<degree><degree-value>" + std::to_string(d.value) + "</degree-value><degree-alter>"
                        + std::to_string(d.alter) + "</degree-alter><degree-type>" + d.type + "</degree-type></degree>";
                if (c.offset > start)
                    x += "<offset>" + std::to_string(c.offset - start) + "</offset>";
                x += "</harmony>\n";
            }
            if (n.pitch < 0) {
                detail::append_note(x, n, nullptr, false, whole_rest, 1, 0, beam[i]);
            } else {
                const SpelledPitch p = spell_in_context(n.pitch, sheet.key_fifths, sounding);
                detail::append_note(x, n, &p, false, false, 1, 0, beam[i]);
            }
        }
        if (m + 1 == measures)
            x += "      <barline location=\"right\"><bar-style>light-heavy</bar-style></barline>\n";
        x += "    </measure>\n";
    }
    x += "  </part>\n";
    if (!sheet.comping.empty()) {
        x += "  <part id=\"P2\">\n";
        detail::append_comping_measures(x, sheet, measures);
        x += "  </part>\n";
    }
    x += "</score-partwise>\n";
    return x;
}

} // namespace jazzlstm
