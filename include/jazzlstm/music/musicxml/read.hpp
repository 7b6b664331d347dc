// MusicXML lead sheets in (pugixml, the optional jazzlstm::musicxml component): the first part's
// chord symbols (<harmony>) as a chord chart with its form (repeat bar lines, volta brackets),
// tempo, key and title, and its melody (voice 1, ties joined) as notes. docs/musicxml.md lists the
// subset read.
#pragma once

#include <jazzlstm/core/error.hpp>
#include <jazzlstm/core/limits.hpp>
#include <jazzlstm/music/band/score.hpp>
#include <jazzlstm/music/band/voicing.hpp>
#include <jazzlstm/music/chart.hpp>
#include <jazzlstm/music/chord_symbol.hpp>
#include <jazzlstm/music/midi/score.hpp>
#include <jazzlstm/music/musicxml/write.hpp>
#include <jazzlstm/music/notes.hpp>

#include <pugixml.hpp>

#ifdef JAZZLSTM_HAVE_MXL
#include <jazzlstm/music/musicxml/mxl.hpp>
#endif

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>
#include <utility>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace jazzlstm {

/// A MusicXML lead sheet as read.
struct MusicXmlTune {
    ChordChart chart;                     ///< the changes in playing order (title, tempo, key too)
    std::vector<MelodyElement> melody;    ///< notes of voice 1 of the first part, ties joined, as written (no repeats)
    std::vector<TimedChordSymbol> chords; ///< the chord symbols as written (no repeats)
    std::size_t measures = 0;             ///< measures of the first part as written
    std::size_t notated_notes = 0;        ///< <note> elements with a pitch in voice 1 (tied values each count)
    std::size_t ties = 0;                 ///< ties joined
    std::size_t triplets = 0;             ///< notes with a 3:2 <time-modification>
};

namespace detail {

    [[noreturn]] inline void musicxml_fail(const std::string& id, const std::string& label, const std::string& measure,
        const std::string& what)
    {
        error_context context;
        context.file = label;
        context.token = measure.empty() ? "" : "measure " + measure;
        throw parse_error("jazzlstm.musicxml." + id, what, context);
    }

    /// The chord-symbol text of a <harmony>: root, the kind's suffix, its degrees and the bass;
    /// "" for kind "none" (N.C.).
    inline std::string harmony_text(const pugi::xml_node& h, bool& ok)
    {
        ok = true;
        const pugi::xml_node root = h.child("root");
        const std::string step = root.child_value("root-step");
        if (step.size() != 1 || letter_names.find(step[0]) == std::string_view::npos) {
            ok = false;
            return "";
        }
        auto accidental = [](int alter) { return alter > 0 ? std::string(static_cast<std::size_t>(alter), '#') : std::string(static_cast<std::size_t>(-alter), 'b'); };
        std::string text = step + accidental(root.child("root-alter").text().as_int());
        const std::string kind = h.child_value("kind");
        static const std::pair<const char*, const char*> kinds[] = {
            { "major", "" }, { "minor", "m" }, { "augmented", "+" }, { "diminished", "dim" }, { "dominant", "7" },
            { "major-seventh", "maj7" }, { "minor-seventh", "m7" }, { "diminished-seventh", "dim7" },
            { "augmented-seventh", "+7" }, { "half-diminished", "m7b5" }, { "major-minor", "m(maj7)" },
            { "major-sixth", "6" }, { "minor-sixth", "m6" }, { "dominant-ninth", "9" }, { "major-ninth", "maj9" },
            { "minor-ninth", "m9" }, { "dominant-11th", "11" }, { "major-11th", "maj11" }, { "minor-11th", "m11" },
            { "dominant-13th", "13" }, { "major-13th", "maj13" }, { "minor-13th", "m13" },
            { "suspended-second", "sus2" }, { "suspended-fourth", "sus4" }, { "power", "5" },
        };
        if (kind == "none")
            return "";
        const char* suffix = nullptr;
        for (const auto& k : kinds)
            if (kind == k.first)
                suffix = k.second;
        if (!suffix) {
            ok = false;
            return "";
        }
        std::string head = suffix, tail;
        const bool sus = kind.rfind("suspended", 0) == 0;
        for (const pugi::xml_node& d : h.children("degree")) {
            const int value = d.child("degree-value").text().as_int();
            const int alter = d.child("degree-alter").text().as_int();
            const std::string type = d.child_value("degree-type");
            if (type == "subtract")
                continue; // left out tones: the symbol still names the chord
            if (sus && type == "add" && (value == 7 || value == 9 || value == 13)) {
                if (value == 7)
                    head = (alter == 0 ? "maj7" : "7") + head;
                else
                    head = std::to_string(value) + head.substr(head.find("sus"));
                continue;
            }
            if (kind == "augmented" && type == "add" && value == 7 && alter == 0) {
                head = "+maj7";
                continue;
            }
            if (kind == "half-diminished" && type == "add" && value == 9 && alter == 0) {
                head = "m9b5";
                continue;
            }
            if (kind == "major-sixth" && type == "add" && value == 9 && alter == 0) {
                head = "6/9";
                continue;
            }
            if (alter == 0 && type == "add") {
                tail += "add" + std::to_string(value);
                continue;
            }
            tail += accidental(alter) + std::to_string(value);
        }
        text += head + tail;
        const pugi::xml_node bass = h.child("bass");
        if (bass) {
            const std::string bass_step = bass.child_value("bass-step");
            text += "/" + bass_step + accidental(bass.child("bass-alter").text().as_int());
        }
        return text;
    }

} // namespace detail

/// Reads a MusicXML (partwise) document. `label` names it in errors.
/// Allocates: yes.
/// @throws parse_error `jazzlstm.musicxml.syntax` (malformed XML: the byte offset and what pugixml
///         says), `.unsupported` (not score-partwise, or no part), `.time` (a measure not in 4/4:
///         the grammar improvises in 4/4 bars), `.chord` (a <harmony> that does not name a chord in
///         the vocabulary), `.no_harmony` (no chord symbols at all), `.duration` (a bad
///         <divisions> or <duration>), `.too_long` (more than 4096 measures); each names the measure.
inline MusicXmlTune read_musicxml(const std::string& text, const std::string& label = "<musicxml>")
{
    using detail::musicxml_fail;
    pugi::xml_document doc;
    const pugi::xml_parse_result parsed = doc.load_buffer(text.data(), text.size());
    if (!parsed) {
        error_context context;
        context.file = label;
        context.byte = static_cast<std::size_t>(parsed.offset);
        throw parse_error("jazzlstm.musicxml.syntax", std::string("malformed XML: ") + parsed.description(), context);
    }
    const pugi::xml_node score = doc.child("score-partwise");
    if (!score)
        musicxml_fail("unsupported", label, "",
            doc.child("score-timewise") ? "a timewise score: convert it to partwise (any notation program saves that)"
                                        : "not a MusicXML score (no <score-partwise>)");
    const pugi::xml_node part = score.child("part");
    if (!part)
        musicxml_fail("unsupported", label, "", "the score has no <part>");

    MusicXmlTune tune;
    ChordChart& chart = tune.chart;
    chart.title = score.child("work").child_value("work-title");
    if (chart.title.empty())
        chart.title = score.child_value("movement-title");

    std::vector<ChartBar> written;
    std::vector<std::pair<std::size_t, std::size_t>> repeats;
    constexpr std::size_t no_repeat = static_cast<std::size_t>(-1);
    std::size_t repeat_open = no_repeat; // written index of an open ||: (std::optional trips GCC 12's maybe-uninitialized)
    // Volta brackets: the pass numbers each written measure is played on (empty: every pass).
    std::vector<std::vector<int>> ending_of;
    std::vector<int> open_ending;
    long divisions = 0;
    int beats = 4, beat_type = 4;
    ticks12 bar_start = 0;
    std::optional<ChordSymbol> last_chord;
    bool tie_open = false;
    for (const pugi::xml_node& measure : part.children("measure")) {
        const std::string number = measure.attribute("number").value();
        if (tune.measures >= 4096)
            musicxml_fail("too_long", label, number, "more than 4096 measures");
        ++tune.measures;
        long position = 0; // in divisions from the bar line
        long voice_position = 0;
        ChartBar bar;
        bar.line = tune.measures;
        std::vector<ChartChord> chords;
        std::vector<int> ending = open_ending;
        auto twelfths = [&](long d) -> ticks12 {
            if (divisions <= 0)
                musicxml_fail("duration", label, number, "a duration before <divisions> is set");
            return static_cast<ticks12>(std::lround(static_cast<double>(d) * twelfths_per_quarter / static_cast<double>(divisions)));
        };
        for (const pugi::xml_node& e : measure.children()) {
            const std::string name = e.name();
            if (name == "attributes") {
                if (e.child("divisions")) {
                    divisions = e.child("divisions").text().as_int();
                    if (divisions <= 0 || divisions > 1000000)
                        musicxml_fail("duration", label, number, "<divisions> must be a positive number");
                }
                if (e.child("time")) {
                    beats = e.child("time").child("beats").text().as_int();
                    beat_type = e.child("time").child("beat-type").text().as_int();
                }
                if (e.child("key"))
                    chart.key_fifths = std::clamp(e.child("key").child("fifths").text().as_int(), -7, 7), chart.key_given = true;
            } else if (name == "direction" || name == "sound") {
                const pugi::xml_node sound = name == "sound" ? e : e.child("sound");
                double tempo = sound.attribute("tempo").as_double();
                if (!(tempo > 0))
                    tempo = e.child("direction-type").child("metronome").child("per-minute").text().as_double();
                if (tempo >= 20 && tempo <= 400 && !chart.tempo_given) {
                    chart.tempo = tempo;
                    chart.tempo_given = true;
                }
            } else if (name == "harmony") {
                bool ok = true;
                const std::string symbol = detail::harmony_text(e, ok);
                if (!ok)
                    musicxml_fail("chord", label, number, "a <harmony> with an unknown root or kind");
                if (symbol.empty())
                    continue; // N.C.: the previous chord rings on
                ChartChord chord;
                try {
                    chord.symbol = parse_chord_symbol(symbol);
                    // The kind's text, when it names the same chord, is the spelling the file shows.
                    const std::string shown = e.child("kind").attribute("text").value();
                    if (!shown.empty()) {
                        const std::string root_text = symbol.substr(0, symbol.size() > 1 && (symbol[1] == '#' || symbol[1] == 'b') ? 2 : 1);
                        const std::string bass = chord.symbol.bass >= 0 ? symbol.substr(symbol.rfind('/')) : "";
                        try {
                            ChordSymbol as_shown = parse_chord_symbol(root_text + shown + bass);
                            if (as_shown.pitch_class_mask() == chord.symbol.pitch_class_mask())
                                chord.symbol = as_shown;
                        } catch (const parse_error&) {
                        }
                    }
                } catch (const parse_error&) {
                    musicxml_fail("chord", label, number, "the chord symbol '" + symbol + "' is not in the vocabulary");
                }
                chord.start = std::max<ticks12>(0, twelfths(position + e.child("offset").text().as_int()));
                chords.push_back(chord);
                tune.chords.push_back({ bar_start + chord.start, chord.symbol });
            } else if (name == "backup") {
                position -= e.child("duration").text().as_int();
            } else if (name == "forward") {
                position += e.child("duration").text().as_int();
            } else if (name == "note") {
                if (e.child("grace") || e.child("cue"))
                    continue;
                const long duration = e.child("duration").text().as_int();
                if (duration < 0)
                    musicxml_fail("duration", label, number, "a negative <duration>");
                const bool chord_note = static_cast<bool>(e.child("chord"));
                const std::string voice = e.child_value("voice");
                const bool first_voice = voice.empty() || voice == "1";
                if (chord_note) {
                    continue; // the line's top note came first
                }
                if (first_voice && e.child("pitch")) {
                    const pugi::xml_node p = e.child("pitch");
                    const std::string step = p.child_value("step");
                    if (step.size() != 1 || detail::letter_names.find(step[0]) == std::string_view::npos)
                        musicxml_fail("duration", label, number, "a <pitch> without a valid <step>");
                    SpelledPitch sp { static_cast<int>(detail::letter_names.find(step[0])), p.child("alter").text().as_int(),
                        p.child("octave").text().as_int() };
                    const int midi = sp.ps();
                    ++tune.notated_notes;
                    if (e.child("time-modification") && e.child("time-modification").child("actual-notes").text().as_int() == 3)
                        ++tune.triplets;
                    bool tie_stop = false, tie_start = false;
                    for (const pugi::xml_node& t : e.children("tie")) {
                        tie_stop = tie_stop || std::string(t.attribute("type").value()) == "stop";
                        tie_start = tie_start || std::string(t.attribute("type").value()) == "start";
                    }
                    const ticks12 at = bar_start + twelfths(position);
                    const ticks12 length = twelfths(duration);
                    if (tie_stop && tie_open && !tune.melody.empty() && tune.melody.back().midi == midi
                        && tune.melody.back().offset + tune.melody.back().duration == at) {
                        tune.melody.back().duration += length;
                        ++tune.ties;
                    } else if (midi >= 0 && midi <= 127) {
                        MelodyElement m;
                        m.offset = at;
                        m.duration = length;
                        m.midi = midi;
                        tune.melody.push_back(m);
                    }
                    tie_open = tie_start;
                }
                if (first_voice)
                    voice_position = position + duration;
                position += duration;
            } else if (name == "barline") {
                const pugi::xml_node repeat = e.child("repeat");
                if (repeat && std::string(repeat.attribute("direction").value()) == "forward")
                    repeat_open = written.size();
                if (const pugi::xml_node volta = e.child("ending")) {
                    const std::string type = volta.attribute("type").value();
                    std::vector<int> passes;
                    const std::string numbers = volta.attribute("number").value(); // "1", "2", "1, 2"
                    for (std::size_t at = 0; at < numbers.size();) {
                        const std::size_t digits = numbers.find_first_of("0123456789", at);
                        if (digits == std::string::npos)
                            break;
                        const std::size_t end = numbers.find_first_not_of("0123456789", digits);
                        const std::string n = numbers.substr(digits, end == std::string::npos ? std::string::npos : end - digits);
                        if (n.size() <= 2)
                            passes.push_back(std::stoi(n));
                        at = end == std::string::npos ? numbers.size() : end;
                    }
                    if (type == "start") {
                        ending = passes;
                        open_ending = passes;
                    } else if (type == "stop" || type == "discontinue") {
                        if (ending.empty())
                            ending = passes;
                        open_ending.clear();
                    }
                }
                if (repeat && std::string(repeat.attribute("direction").value()) == "backward") {
                    const std::size_t first = repeat_open != no_repeat ? repeat_open : repeats.empty() ? 0 : repeats.back().second + 1;
                    repeats.push_back({ first, written.size() }); // this measure closes it
                    repeat_open = no_repeat;
                }
            }
        }
        (void)voice_position;
        if (beats != 4 || beat_type != 4)
            musicxml_fail("time", label, number,
                "a measure in " + std::to_string(beats) + "/" + std::to_string(beat_type)
                    + ": the grammar improvises in 4/4 bars only");
        // The bar's chords: those written here, else the one ringing on from before.
        std::sort(chords.begin(), chords.end(), [](const ChartChord& a, const ChartChord& b) { return a.start < b.start; });
        if (chords.empty() || chords.front().start > 0) {
            if (last_chord) {
                ChartChord held;
                held.symbol = *last_chord;
                chords.insert(chords.begin(), held);
            } else if (!chords.empty()) {
                chords.front().start = 0; // before the first symbol: the first chord
            }
        }
        for (std::size_t i = 0; i < chords.size(); ++i) {
            const ticks12 end = i + 1 < chords.size() ? chords[i + 1].start : chart_bar_length;
            chords[i].length = std::max<ticks12>(0, std::min(end, chart_bar_length) - chords[i].start);
        }
        chords.erase(std::remove_if(chords.begin(), chords.end(), [](const ChartChord& c) { return c.length <= 0; }), chords.end());
        if (!chords.empty())
            last_chord = chords.back().symbol;
        bar.chords = chords;
        written.push_back(bar);
        ending_of.push_back(ending);
        bar_start += chart_bar_length;
    }
    if (tune.measures == 0)
        musicxml_fail("unsupported", label, "", "the first part has no measures");
    if (tune.chords.empty())
        musicxml_fail("no_harmony", label, "1",
            "no chord symbols (<harmony>): add them in the notation program, or give the changes with --changes");
    // Measures before the first chord symbol play the first chord.
    for (ChartBar& bar : written)
        if (bar.chords.empty())
            bar.chords.push_back({ tune.chords.front().symbol, 0, chart_bar_length });
    // The form: each repeated section twice, a measure under a volta bracket only on its passes
    // (|: A |1. B :|2. C | plays A B A C); a bracket after the repeat plays when it is reached.
    auto plays_on = [&](std::size_t i, int pass) {
        return ending_of[i].empty() || std::find(ending_of[i].begin(), ending_of[i].end(), pass) != ending_of[i].end();
    };
    std::size_t next = 0;
    for (const auto& [first, last] : repeats) {
        for (; next < first; ++next)
            chart.bars.push_back(written[next]);
        for (int pass = 1; pass <= 2; ++pass)
            for (std::size_t i = first; i <= last && i < written.size(); ++i)
                if (plays_on(i, pass))
                    chart.bars.push_back(written[i]);
        next = last + 1;
    }
    for (; next < written.size(); ++next)
        chart.bars.push_back(written[next]);
    return tune;
}

/// Whether this build reads compressed MusicXML (.mxl): jazzlstm::musicxml was built with libzip.
constexpr bool reads_compressed_musicxml() noexcept
{
#ifdef JAZZLSTM_HAVE_MXL
    return true;
#else
    return false;
#endif
}

/// Reads a .musicxml or .xml file, or a compressed .mxl when reads_compressed_musicxml().
/// Allocates: yes. @throws io_error `jazzlstm.musicxml.read` when the file cannot be read or is
/// larger than limits::max_midi_bytes (64 MiB) or is .mxl in a build without libzip; for .mxl
/// read_mxl_score's errors; and read_musicxml's errors, naming the file (and the archive's entry).
inline MusicXmlTune read_musicxml_file(const std::filesystem::path& path)
{
    error_context context;
    context.file = path.string();
    if (path.extension() == ".mxl") {
#ifdef JAZZLSTM_HAVE_MXL
        std::string entry;
        const std::string bytes = read_mxl_score(path, &entry);
        return read_musicxml(bytes, path.string() + " (" + entry + ")");
#else
        throw io_error("jazzlstm.musicxml.read",
            "compressed MusicXML (.mxl) is not read by this build (jazzlstm::musicxml without libzip): save it as .musicxml, or "
            "install libzip-dev and rebuild",
            context);
#endif
    }
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw io_error("jazzlstm.musicxml.read", "cannot open the file", context);
    std::ostringstream text;
    text << in.rdbuf();
    const std::string bytes = text.str();
    if (bytes.size() > limits::max_midi_bytes)
        throw io_error("jazzlstm.musicxml.read", "the file is too large for a lead sheet", context);
    return read_musicxml(bytes, path.string());
}

/// The tune as a MIDI score to train on: track "Melody" (program 26, channel 0) with the line as
/// written and track "Chords" (program 0, channel 1) with each chord symbol voiced over its root
/// (voice_lead) until the next one; 480 ticks per quarter, the tune's tempo, 4/4.
/// Allocates: yes.
inline midi::Score tune_score(const MusicXmlTune& tune)
{
    midi::Score score;
    score.ticks_per_quarter = 480;
    score.tempos.push_back({ 0, static_cast<std::uint32_t>(60e6 / tune.chart.tempo + 0.5) });
    score.time_signatures.push_back({ 0, 4, 4 });
    std::vector<BandNote> melody, chords;
    for (const MelodyElement& e : tune.melody)
        if (e.duration > 0)
            melody.push_back({ e.offset, e.duration, e.midi, 90 });
    const ticks12 end = static_cast<ticks12>(tune.measures) * chart_bar_length;
    std::vector<int> previous;
    for (std::size_t i = 0; i < tune.chords.size(); ++i) {
        const ticks12 from = tune.chords[i].offset;
        const ticks12 to = i + 1 < tune.chords.size() ? tune.chords[i + 1].offset : end;
        if (to <= from)
            continue;
        previous = voice_lead(tune.chords[i].symbol, previous);
        chords.push_back({ from, to - from, voicing_bass(tune.chords[i].symbol), 64 });
        for (int p : previous)
            chords.push_back({ from, to - from, p, 64 });
    }
    add_band_track(score, "Melody", 0, 26, melody);
    add_band_track(score, "Chords", 1, 0, chords);
    return score;
}

} // namespace jazzlstm
