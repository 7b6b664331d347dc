// A solo as a MusicXML lead sheet (standard library only): title, tempo, key and 4/4, one part
// with the line in notated durations (ties across beats and bar lines, triplets as
// <time-modification> with brackets, beams per beat, rests) and the chord symbols as <harmony>
// above the right notes; optionally the comping as a second part on a grand staff.
// docs/musicxml.md lists the subset written.
#pragma once

#include <jazzlstm/core/xml_text.hpp>
#include <jazzlstm/music/chord_symbol.hpp>
#include <jazzlstm/music/notes.hpp>
#include <jazzlstm/music/theory/pitch.hpp>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

namespace jazzlstm {

/// A chord symbol at a time of the piece (twelfths of a quarter from the start).
struct TimedChordSymbol {
    ticks12 offset = 0;
    ChordSymbol symbol;
};

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

/// One written note or rest: a notated value inside a measure.
struct NotatedNote {
    ticks12 start = 0;        ///< from the bar line
    ticks12 duration = 0;
    int pitch = -1;           ///< MIDI number, −1 for a rest
    bool tie_start = false, tie_stop = false;
    bool triplet = false;
    bool tuplet_start = false, tuplet_stop = false;
    const char* type = "quarter";
    int dots = 0;
};

namespace detail {

    inline const char* binary_type(ticks12 d, int& dots)
    {
        dots = d == 36 || d == 18 || d == 9 ? 1 : 0;
        switch (d) {
        case 48: return "whole";
        case 36: case 24: return "half";
        case 18: case 12: return "quarter";
        case 9: case 6: return "eighth";
        default: return "16th";
        }
    }
    inline const char* triplet_type(ticks12 d)
    {
        switch (d) {
        case 16: return "half";
        case 8: return "quarter";
        case 4: return "eighth";
        case 2: return "16th";
        default: return "32nd";
        }
    }

    /// Adds the notated pieces of [a, b) (inside one beat of a measure) to `out`.
    inline void notate_in_beat(ticks12 a, ticks12 b, bool triplet, int pitch, std::vector<NotatedNote>& out)
    {
        while (a < b) {
            const ticks12 in_beat = a % twelfths_per_quarter;
            ticks12 piece = 1;
            if (triplet) {
                for (ticks12 p : { 8, 4, 2, 1 })
                    if (a + p <= b && (in_beat % p == 0 || (p == 8 && in_beat == 4))) {
                        piece = p;
                        break;
                    }
            } else {
                for (ticks12 p : { 12, 9, 6, 3 })
                    if (a + p <= b && (p == 9 ? in_beat % 12 <= 3 : in_beat % p == 0)) {
                        piece = p;
                        break;
                    }
            }
            NotatedNote n;
            n.start = a;
            n.duration = piece;
            n.pitch = pitch;
            n.triplet = triplet;
            n.type = triplet ? triplet_type(piece) : binary_type(piece, n.dots);
            out.push_back(n);
            a += piece;
        }
    }

} // namespace detail

/// The notated values of one 4/4 measure whose events (pitch or −1 for a rest) cover [0, 48)
/// contiguously: a beat with a boundary off the sixteenth grid is a triplet beat (one bracket);
/// notes are cut at beats and tied, except values that start on a beat and fill whole
/// non-triplet beats (half on 1 or 3, dotted half on 1, or on 2 for a note, whole). Allocates: yes.
inline std::vector<NotatedNote> notate_measure(const std::vector<std::pair<std::pair<ticks12, ticks12>, int>>& events)
{
    constexpr ticks12 beat = twelfths_per_quarter;
    bool triplet_beat[4] = { false, false, false, false };
    for (const auto& e : events)
        for (ticks12 t : { e.first.first, e.first.second })
            if (t % beat != 0 && t % 3 != 0)
                triplet_beat[t / beat] = true;
    std::vector<NotatedNote> out;
    for (const auto& e : events) {
        ticks12 a = e.first.first;
        const ticks12 b = e.first.second;
        const int pitch = e.second;
        const std::size_t first = out.size();
        while (a < b) {
            const int k = a / beat;
            if (a % beat == 0 && !triplet_beat[k]) {
                // Whole beats in one value where the metre allows it.
                ticks12 whole = 0;
                while (a + whole + beat <= b && !triplet_beat[(a + whole) / beat])
                    whole += beat;
                ticks12 value = 0;
                if (whole >= 48 && a == 0)
                    value = 48;
                else if (whole >= 36 && (a == 0 || (a == 12 && pitch >= 0))) // a rest shows beat 3
                    value = 36;
                else if (whole >= 24 && a % 24 == 0)
                    value = 24;
                else if (whole >= 12)
                    value = 12;
                if (value > 0) {
                    NotatedNote n;
                    n.start = a;
                    n.duration = value;
                    n.pitch = pitch;
                    n.type = detail::binary_type(value, n.dots);
                    out.push_back(n);
                    a += value;
                    continue;
                }
            }
            const ticks12 beat_end = (k + 1) * beat;
            detail::notate_in_beat(a, std::min(b, beat_end), triplet_beat[k], pitch, out);
            a = std::min(b, beat_end);
        }
        if (pitch >= 0)
            for (std::size_t i = first; i + 1 < out.size(); ++i) {
                out[i].tie_start = true;
                out[i + 1].tie_stop = true;
            }
    }
    for (std::size_t i = 0; i < out.size(); ++i) {
        if (!out[i].triplet)
            continue;
        out[i].tuplet_start = out[i].start % beat == 0;
        out[i].tuplet_stop = (out[i].start + out[i].duration) % beat == 0;
    }
    return out;
}

namespace detail {

    /// The letter alteration a key signature of `fifths` gives each letter C…B.
    inline std::array<int, 7> key_alterations(int fifths)
    {
        std::array<int, 7> alter {};
        static constexpr int sharps[7] = { 3, 0, 4, 1, 5, 2, 6 }; // F C G D A E B
        static constexpr int flats[7] = { 6, 2, 5, 1, 4, 0, 3 };  // B E A D G C F
        for (int i = 0; i < std::min(std::abs(fifths), 7); ++i)
            alter[static_cast<std::size_t>(fifths > 0 ? sharps[i] : flats[i])] = fifths > 0 ? 1 : -1;
        return alter;
    }

} // namespace detail

/// The spelling of MIDI pitch `midi`: as a tone of `chord` when it is one (the degree decides the
/// letter: the b9 of G7 is Ab, the #9 of C7 is D#), else the key's letter when the key signature
/// has one for it, else a sharp in sharp keys and the lead-sheet spelling (flats but F#) otherwise.
/// Allocates: no.
inline SpelledPitch spell_in_context(int midi, int key_fifths, const ChordSymbol* chord) noexcept
{
    const int pc = detail::floor_mod(midi, 12);
    SpelledPitch p;
    bool found = false;
    if (chord)
        for (const ChordTone& t : chord->tones)
            if (detail::floor_mod(chord->root + t.semitones, 12) == pc) {
                p = spell_chord_tone(*chord, t);
                found = std::abs(p.alter) <= 1 || t.degree == 7; // Bbb for a dim7's 7th, no other doubles
                break;
            }
    if (!found) {
        const auto alter = detail::key_alterations(key_fifths);
        for (int letter = 0; letter < 7 && !found; ++letter)
            if (detail::floor_mod(detail::natural_pc[static_cast<std::size_t>(letter)] + alter[static_cast<std::size_t>(letter)], 12) == pc) {
                p = SpelledPitch { letter, alter[static_cast<std::size_t>(letter)], 4 };
                found = true;
            }
    }
    if (!found) {
        static constexpr int sharp_letter[12] = { 0, 0, 1, 1, 2, 3, 3, 4, 4, 5, 5, 6 };
        p = key_fifths > 0 ? SpelledPitch { sharp_letter[pc], pc - detail::natural_pc[static_cast<std::size_t>(sharp_letter[pc])], 4 }
                           : spell_lead_sheet(pc);
    }
    // The octave of the written letter: B#3 sounds as C4, Cb4 as B3.
    p.octave = detail::floor_div(midi - detail::natural_pc[static_cast<std::size_t>(p.letter)] - p.alter, 12) - 1;
    return p;
}

namespace detail {

    /// Appends the <note> element of `n` (a rest when `pitch` is null). `chord_member` marks the
    /// second and later notes of a chord, which share the first one's time.
    inline void append_note(std::string& x, const NotatedNote& n, const SpelledPitch* pitch, bool chord_member, bool whole_rest,
        int voice, int staff, const char* beam)
    {
        x += "      <note>";
        if (chord_member)
            x += "<chord/>";
        if (!pitch) {
            x += whole_rest ? "<rest measure=\"yes\"/>" : "<rest/>";
        } else {
            x += "<pitch><step>";
            x += letter_names[static_cast<std::size_t>(pitch->letter)];
            x += "</step>";
            if (pitch->alter)
                x += "<alter>" + std::to_string(pitch->alter) + "</alter>";
            x += "<octave>" + std::to_string(pitch->octave) + "</octave></pitch>";
        }
        x += "<duration>" + std::to_string(n.duration) + "</duration>";
        if (n.tie_stop)
            x += "<tie type=\"stop\"/>";
        if (n.tie_start)
            x += "<tie type=\"start\"/>";
        x += "<voice>" + std::to_string(voice) + "</voice>";
        if (!whole_rest) {
            x += "<type>" + std::string(n.type) + "</type>";
            for (int d = 0; d < n.dots; ++d)
                x += "<dot/>";
        }
        if (n.triplet)
            x += "<time-modification><actual-notes>3</actual-notes><normal-notes>2</normal-notes></time-modification>";
        if (staff > 0)
            x += "<staff>" + std::to_string(staff) + "</staff>";
        if (beam)
            x += "<beam number=\"1\">" + std::string(beam) + "</beam>";
        // A chord's tuplet bracket belongs to its first note only.
        const bool tuplet = !chord_member && (n.tuplet_start || n.tuplet_stop);
        if (n.tie_start || n.tie_stop || tuplet) {
            x += "<notations>";
            if (n.tie_stop)
                x += "<tied type=\"stop\"/>";
            if (n.tie_start)
                x += "<tied type=\"start\"/>";
            if (!chord_member && n.tuplet_start)
                x += "<tuplet type=\"start\" bracket=\"yes\"/>";
            if (!chord_member && n.tuplet_stop)
                x += "<tuplet type=\"stop\"/>";
            x += "</notations>";
        }
        x += "</note>\n";
    }

    /// Opens measure `m` (0-based); the first also gets the attributes: divisions, key, 4/4 and
    /// the clefs (treble; with `grand_staff` treble and bass on two staves).
    inline void open_measure(std::string& x, std::size_t m, int key_fifths, bool grand_staff)
    {
        char buf[400];
        std::snprintf(buf, sizeof buf, "    <measure number=\"%zu\">\n", m + 1);
        x += buf;
        if (m != 0)
            return;
        std::snprintf(buf, sizeof buf,
            "      <attributes><divisions>%d</divisions><key><fifths>%d</fifths></key>"
            "<time><beats>4</beats><beat-type>4</beat-type></time>%s</attributes>\n",
            static_cast<int>(twelfths_per_quarter), std::clamp(key_fifths, -7, 7),
            grand_staff ? "<staves>2</staves><clef number=\"1\"><sign>G</sign><line>2</line></clef>"
                          "<clef number=\"2\"><sign>F</sign><line>4</line></clef>"
                        : "<clef><sign>G</sign><line>2</line></clef>");
        x += buf;
    }

    /// One stretch of the comping in time: the chord sounding over [start, end) (none: a rest).
    struct CompingSpan {
        ticks12 start = 0, end = 0;
        const Chord* chord = nullptr;
        const ChordSymbol* symbol = nullptr; // the chord symbol named there, for spelling
    };

    /// The comping as back-to-back spans from 0 to `end`: a chord lasts until the next begins
    /// (a voicing is held for its chord, so a later one cuts it), gaps are rests.
    inline std::vector<CompingSpan> comping_spans(const LeadSheetNotation& sheet, ticks12 end)
    {
        std::vector<const Chord*> order;
        for (const Chord& c : sheet.comping)
            if (c.duration > 0 && c.offset >= 0 && c.offset < end && !c.pitches.empty())
                order.push_back(&c);
        std::stable_sort(order.begin(), order.end(), [](const Chord* a, const Chord* b) { return a->offset < b->offset; });
        std::vector<CompingSpan> spans;
        ticks12 at = 0;
        std::size_t symbol = 0;
        const ChordSymbol* named = nullptr;
        for (std::size_t i = 0; i < order.size(); ++i) {
            const Chord& c = *order[i];
            if (i + 1 < order.size() && order[i + 1]->offset == c.offset)
                continue; // of two chords struck together the later one is written
            if (c.offset > at)
                spans.push_back({ at, c.offset, nullptr, nullptr });
            const ticks12 next = i + 1 < order.size() ? order[i + 1]->offset : end;
            const ticks12 stop = std::min({ c.offset + c.duration, next, end });
            while (symbol < sheet.chords.size() && sheet.chords[symbol].offset <= c.offset)
                named = &sheet.chords[symbol++].symbol;
            spans.push_back({ c.offset, stop, &c, named });
            at = stop;
        }
        if (at < end)
            spans.push_back({ at, end, nullptr, nullptr });
        return spans;
    }

    /// The comping part's measures: per measure the treble staff (voice 1), a <backup>, the bass
    /// staff (voice 5). Each staff writes the chord's notes on its side of middle C as one chord
    /// value, tied across beats and bar lines like the line's notes; an empty side is a rest.
    inline void append_comping_measures(std::string& x, const LeadSheetNotation& sheet, std::size_t measures)
    {
        constexpr ticks12 bar = 4 * twelfths_per_quarter;
        const std::vector<CompingSpan> spans = comping_spans(sheet, static_cast<ticks12>(measures) * bar);
        char buf[320];
        std::size_t first_span = 0;
        for (std::size_t m = 0; m < measures; ++m) {
            const ticks12 from = static_cast<ticks12>(m) * bar, to = from + bar;
            open_measure(x, m, sheet.key_fifths, true);
            while (first_span < spans.size() && spans[first_span].end <= from)
                ++first_span;
            for (int staff = 1; staff <= 2; ++staff) {
                if (staff == 2) {
                    std::snprintf(buf, sizeof buf, "      <backup><duration>%d</duration></backup>\n", static_cast<int>(bar));
                    x += buf;
                }
                auto side = [&](const CompingSpan& span) {
                    std::vector<int> out;
                    if (span.chord)
                        for (int p : span.chord->pitches)
                            if ((staff == 1) == (p >= 60) && std::find(out.begin(), out.end(), p) == out.end())
                                out.push_back(p);
                    std::sort(out.begin(), out.end());
                    return out;
                };
                // Events index the spans; neighbouring rests merge into one.
                std::vector<std::pair<std::pair<ticks12, ticks12>, int>> events;
                std::vector<std::vector<int>> sides;
                std::vector<const ChordSymbol*> spelled_by;
                std::vector<bool> tie_in, tie_out;
                for (std::size_t i = first_span; i < spans.size() && spans[i].start < to; ++i) {
                    const ticks12 a = std::max(spans[i].start, from) - from, b = std::min(spans[i].end, to) - from;
                    std::vector<int> pitches = side(spans[i]);
                    if (pitches.empty() && !events.empty() && events.back().second < 0) {
                        events.back().first.second = b;
                        continue;
                    }
                    const int index = pitches.empty() ? -1 : static_cast<int>(sides.size());
                    if (index >= 0) {
                        sides.push_back(std::move(pitches));
                        spelled_by.push_back(spans[i].symbol);
                        tie_in.push_back(spans[i].start < from);
                        tie_out.push_back(spans[i].end > to);
                    }
                    events.push_back({ { a, b }, index });
                }
                std::vector<NotatedNote> values = notate_measure(events);
                const bool whole_rest = values.size() == 1 && values[0].pitch < 0;
                for (std::size_t v = 0; v < values.size(); ++v) {
                    NotatedNote n = values[v];
                    if (n.pitch < 0) {
                        append_note(x, n, nullptr, false, whole_rest, staff == 1 ? 1 : 5, staff, nullptr);
                        continue;
                    }
                    const std::size_t k = static_cast<std::size_t>(n.pitch);
                    // The first value of a span that came over the bar line, the last of one going on.
                    if (tie_in[k] && (v == 0 || values[v - 1].pitch != n.pitch))
                        n.tie_stop = true;
                    if (tie_out[k] && (v + 1 == values.size() || values[v + 1].pitch != n.pitch))
                        n.tie_start = true;
                    for (std::size_t j = 0; j < sides[k].size(); ++j) {
                        const SpelledPitch p = spell_in_context(sides[k][j], sheet.key_fifths, spelled_by[k]);
                        append_note(x, n, &p, j > 0, false, staff == 1 ? 1 : 5, staff, nullptr);
                    }
                }
            }
            if (m + 1 == measures)
                x += "      <barline location=\"right\"><bar-style>light-heavy</bar-style></barline>\n";
            x += "    </measure>\n";
        }
    }

} // namespace detail

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
