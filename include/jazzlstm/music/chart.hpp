// Chord charts: the changes of a tune as a musician types them (standard library only).
//
//   title Blues in F
//   key F                      (tonic and optional m / minor: the spelling of the written solo)
//   tempo 140                  (quarter notes per minute)
//   time 4/4                   (the only metre the grammar plays)
//   [A]                        (a section; also "section A")
//   | F7 | Bb7 | F7 | % |      (bars between bar lines; % repeats the previous bar)
//   ||: Dm7 G7 | C6 :||        (the bars between ||: and :|| are played twice)
//   | Dm7:3 G7:1 | C / / A7 |  (lengths in quarters as in the lead-sheet format; "/" holds a beat)
//
// Chords without a length split the rest of the bar evenly. docs/charts.md has the full syntax,
// five standards' changes and the chord vocabulary (chord_symbol.hpp).
#pragma once

#include <jazzlstm/core/error.hpp>
#include <jazzlstm/music/chord_symbol.hpp>
#include <jazzlstm/music/chord_symbols.hpp>
#include <jazzlstm/music/lead_sheet/parse.hpp>
#include <jazzlstm/music/notes.hpp>

#include <algorithm>
#include <cstdlib>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace jazzlstm {

/// One chord of a chart bar, in twelfths of a quarter from the bar line.
struct ChartChord {
    ChordSymbol symbol;
    ticks12 start = 0;
    ticks12 length = 0;
};

struct ChartBar {
    std::vector<ChartChord> chords;
    std::string section;   ///< the section the bar is in ("" before the first)
    std::size_t line = 0;  ///< where it was written (1-based)
    std::size_t column = 0;
};

/// A parsed chart: its bars in playing order (repeats expanded, % resolved).
struct ChordChart {
    std::string title;
    double tempo = 120;
    bool tempo_given = false;
    int key_fifths = 0;        ///< MusicXML <fifths>: −7 … 7
    bool key_minor = false;
    bool key_given = false;
    int beats = 4, beat_type = 4;
    std::vector<ChartBar> bars;
};

/// The length of a chart bar (4/4) in twelfths.
constexpr ticks12 chart_bar_length = 4 * twelfths_per_quarter;

namespace detail {

    [[noreturn]] inline void chart_fail(const std::string& id, const std::string& label, std::size_t line,
        std::size_t column, const std::string& token, const std::string& what)
    {
        error_context context;
        context.file = label;
        context.line = line;
        context.column = column;
        context.token = token;
        throw parse_error("jazzlstm.chart." + id, what, context);
    }

    /// The key signature of a tonic ("F", "Bb", "C#") in fifths; minor keys are 3 fifths flatter.
    inline bool key_fifths(const std::string& tonic, bool minor, int& fifths)
    {
        std::string_view s = tonic;
        SpelledPitch p;
        if (!eat_note(s, p) || !s.empty())
            return false;
        static constexpr int letter_fifths[7] = { 0, 2, 4, -1, 1, 3, 5 };
        fifths = letter_fifths[p.letter] + 7 * p.alter - (minor ? 3 : 0);
        return fifths >= -7 && fifths <= 7;
    }

    struct ChartWord {
        std::string text;
        std::size_t column; // 1-based
        bool bar_line;
    };

    /// Splits a line into words and bar lines (|, ||, |:, :|, ||:, :||, also attached to chords).
    inline std::vector<ChartWord> chart_words(const std::string& line)
    {
        std::vector<ChartWord> words;
        std::size_t i = 0;
        auto starts_bar_line = [&](std::size_t k) {
            return line[k] == '|' || (line[k] == ':' && k + 1 < line.size() && line[k + 1] == '|');
        };
        while (i < line.size()) {
            const char c = line[i];
            if (c == ' ' || c == '\t' || c == '\r') {
                ++i;
                continue;
            }
            if (c == '#' && (i == 0 || line[i - 1] == ' ' || line[i - 1] == '\t' || line[i - 1] == '|'))
                break; // a comment; F#7 is a chord
            const std::size_t start = i;
            if (starts_bar_line(i)) {
                while (i < line.size() && (line[i] == '|' || line[i] == ':'))
                    ++i;
                words.push_back({ line.substr(start, i - start), start + 1, true });
                continue;
            }
            while (i < line.size() && line[i] != ' ' && line[i] != '\t' && line[i] != '\r' && !starts_bar_line(i))
                ++i;
            words.push_back({ line.substr(start, i - start), start + 1, false });
        }
        return words;
    }

} // namespace detail

/// Parses a chord chart. `label` names the input in error messages.
/// Allocates: yes.
/// @throws parse_error with line:column and the word: `jazzlstm.chart.chord` (an unknown chord
///         symbol; the message names the bar), `.syntax`, `.duration`, `.bar_length` (lengths that
///         do not fill 4 quarters, or a chord count that does not split them evenly),
///         `.empty_bar` (nothing between two bar lines), `.repeat` (% with no bar before it, a
///         repeat opened twice or never closed), `.time` (a metre other than 4/4), `.key`,
///         `.tempo`, `.empty` (no bars at all).
inline ChordChart parse_chord_chart(const std::string& text, const std::string& label = "<chart>")
{
    using detail::chart_fail;
    ChordChart chart;
    std::string section;
    std::vector<ChartBar> written;                 // bars as written
    std::vector<std::pair<std::size_t, std::size_t>> repeats; // [first, last] written bars
    constexpr std::size_t no_repeat = static_cast<std::size_t>(-1);
    std::size_t repeat_open = no_repeat; // written index of an open ||: (std::optional trips GCC 12's maybe-uninitialized)
    std::size_t repeat_line = 0, repeat_column = 0;
    std::size_t line_number = 0, pos = 0;

    struct Pending {
        std::vector<detail::ChartWord> words;
        std::size_t line = 0, column = 0;
    };
    auto close_bar = [&](Pending& bar) {
        if (bar.words.empty())
            return;
        ChartBar out;
        out.section = section;
        out.line = bar.line;
        out.column = bar.column;
        const std::size_t number = written.size() + 1;
        if (bar.words.size() == 1 && bar.words[0].text == "%") {
            if (written.empty())
                chart_fail("repeat", label, bar.line, bar.column, "%", "% repeats the previous bar, and there is none");
            out.chords = written.back().chords;
            written.push_back(out);
            bar.words.clear();
            return;
        }
        // Each word is a chord (with an optional :LENGTH) or "/" (the previous chord holds).
        struct Slot {
            std::size_t word;
            ticks12 length; // -1: split evenly
        };
        std::vector<Slot> slots;
        ticks12 given = 0;
        int open = 0;
        for (std::size_t w = 0; w < bar.words.size(); ++w) {
            const auto& word = bar.words[w];
            if (word.text == "%")
                chart_fail("syntax", label, bar.line, word.column, word.text, "% stands alone in its bar");
            const std::size_t colon = word.text.rfind(':');
            ticks12 length = -1;
            if (colon != std::string::npos) {
                length = detail::parse_quarters(word.text.substr(colon + 1));
                if (length <= 0)
                    chart_fail("duration", label, bar.line, word.column + colon + 1, word.text,
                        "a length is a positive number of quarters, a multiple of 1/12 (1, 1/2, 2/3, 1+1/2)");
                given += length;
            } else {
                ++open;
            }
            slots.push_back({ w, length });
        }
        const ticks12 rest = chart_bar_length - given;
        if (rest < 0 || (open == 0 && rest != 0) || (open > 0 && (rest == 0 || rest % open != 0)))
            chart_fail("bar_length", label, bar.line, bar.column, bar.words[0].text,
                "bar " + std::to_string(number) + ": the chords must fill 4 quarters"
                    + (open > 0 && rest > 0 ? " (" + std::to_string(open) + " chords do not split " + std::to_string(rest)
                                   + "/12 quarters evenly: give their lengths, e.g. C:2 F:1 G:1)"
                                            : " (they last " + std::to_string(given) + "/12)"));
        ticks12 at = 0;
        for (const Slot& slot : slots) {
            const auto& word = bar.words[slot.word];
            const ticks12 length = slot.length < 0 ? rest / open : slot.length;
            const std::string head = word.text.substr(0, word.text.rfind(':'));
            if (head == "/") {
                if (out.chords.empty()) {
                    if (written.empty() || written.back().chords.empty())
                        chart_fail("syntax", label, bar.line, word.column, word.text, "/ holds the previous chord, and there is none");
                    ChartChord held = written.back().chords.back();
                    held.start = 0;
                    held.length = length;
                    out.chords.push_back(held);
                } else {
                    out.chords.back().length += length;
                }
                at += length;
                continue;
            }
            ChartChord chord;
            try {
                chord.symbol = parse_chord_symbol(head);
            } catch (const parse_error&) {
                chart_fail("chord", label, bar.line, word.column, head,
                    "bar " + std::to_string(number) + ": unknown chord symbol (docs/charts.md lists the vocabulary)");
            }
            chord.start = at;
            chord.length = length;
            at += length;
            out.chords.push_back(chord);
        }
        written.push_back(out);
        bar.words.clear();
    };

    while (pos <= text.size()) {
        const std::size_t newline = text.find('\n', pos);
        const std::string line = text.substr(pos, newline == std::string::npos ? std::string::npos : newline - pos);
        pos = newline == std::string::npos ? text.size() + 1 : newline + 1;
        ++line_number;
        const auto words = detail::chart_words(line);
        if (words.empty())
            continue;
        const std::string& keyword = words[0].text;
        auto argument = [&](std::size_t n) -> const detail::ChartWord& {
            if (words.size() <= n)
                chart_fail("syntax", label, line_number, words[0].column, keyword, keyword + " needs a value");
            return words[n];
        };
        if (keyword == "title") {
            // The words up to a comment, with the spaces between them.
            if (words.size() > 1) {
                const std::size_t start = words[1].column - 1;
                chart.title = line.substr(start, words.back().column - 1 + words.back().text.size() - start);
            }
            continue;
        }
        if (keyword == "tempo") {
            const auto& w = argument(1);
            char* end = nullptr;
            const double bpm = std::strtod(w.text.c_str(), &end);
            if (*end != '\0' || !(bpm >= 20 && bpm <= 400) || words.size() > 2)
                chart_fail("tempo", label, line_number, w.column, w.text, "tempo is one number of quarters per minute, 20..400");
            chart.tempo = bpm;
            chart.tempo_given = true;
            continue;
        }
        if (keyword == "time") {
            const auto& w = argument(1);
            if (w.text != "4/4" || words.size() > 2)
                chart_fail("time", label, line_number, w.column, w.text,
                    "the grammar improvises in 4/4 bars only: write time 4/4 (or leave the line out)");
            continue;
        }
        if (keyword == "key") {
            const auto& w = argument(1);
            std::string tonic = w.text;
            bool minor = false;
            if (words.size() > 2) {
                minor = words[2].text == "minor" || words[2].text == "m";
                if (!minor && words[2].text != "major")
                    chart_fail("key", label, line_number, words[2].column, words[2].text, "write key F, key Bb minor or key Dm");
            } else if (tonic.size() > 1 && tonic.back() == 'm') {
                minor = true;
                tonic.pop_back();
            }
            if (!detail::key_fifths(tonic, minor, chart.key_fifths))
                chart_fail("key", label, line_number, w.column, w.text, "write key F, key Bb minor or key Dm");
            chart.key_minor = minor;
            chart.key_given = true;
            continue;
        }
        if (keyword == "section") {
            section = words.size() > 1 ? words[1].text : "";
            continue;
        }

        // A line of bars.
        Pending bar;
        bool after_bar_line = false;
        for (const auto& word : words) {
            if (!word.bar_line) {
                if (word.text.size() > 2 && word.text.front() == '[' && word.text.back() == ']' && bar.words.empty()) {
                    section = word.text.substr(1, word.text.size() - 2);
                    continue;
                }
                if (bar.words.empty()) {
                    bar.line = line_number;
                    bar.column = word.column;
                }
                bar.words.push_back(word);
                after_bar_line = false;
                continue;
            }
            const std::string& b = word.text;
            if (b != "|" && b != "||" && b != "|:" && b != "||:" && b != ":|" && b != ":||" && b != ":||:" && b != "|]")
                chart_fail("syntax", label, line_number, word.column, b, "a bar line is |, ||, ||: or :||");
            if (after_bar_line && bar.words.empty() && b.front() == '|' && !(b.size() > 1 && b.back() == ':'))
                chart_fail("empty_bar", label, line_number, word.column, b, "an empty bar: write a chord or % between the bar lines");
            close_bar(bar);
            if (b.front() == ':') {
                // Without ||: a repeat goes back to the start, or to the end of the previous repeat.
                const std::size_t first = repeat_open != no_repeat ? repeat_open : repeats.empty() ? 0 : repeats.back().second + 1;
                if (first >= written.size())
                    chart_fail("repeat", label, line_number, word.column, b, ":|| closes a repeat with no bar in it");
                repeats.push_back({ first, written.size() - 1 });
                repeat_open = no_repeat;
            }
            if (b.back() == ':') {
                if (repeat_open != no_repeat)
                    chart_fail("repeat", label, line_number, word.column, b, "a repeat opened inside another: close it with :|| first");
                repeat_open = written.size();
                repeat_line = line_number;
                repeat_column = word.column;
            }
            after_bar_line = true;
        }
        close_bar(bar);
    }
    if (repeat_open != no_repeat)
        chart_fail("repeat", label, repeat_line, repeat_column, "||:", "a repeat that is never closed with :||");
    if (written.empty())
        chart_fail("empty", label, line_number, 1, "", "the chart has no bars (write them like | Dm7 G7 | Cmaj7 |)");

    // The playing order: each repeated span twice.
    std::size_t next = 0;
    for (const auto& [first, last] : repeats) {
        for (; next < first; ++next)
            chart.bars.push_back(written[next]);
        for (int pass = 0; pass < 2; ++pass)
            for (std::size_t i = first; i <= last; ++i)
                chart.bars.push_back(written[i]);
        next = last + 1;
    }
    for (; next < written.size(); ++next)
        chart.bars.push_back(written[next]);
    return chart;
}

/// The chords of a lead sheet (the embedded corpus's format) as a chart: title, tempo, sections
/// and the chords of every bar. Allocates: yes.
inline ChordChart chart_of_lead_sheet(const LeadSheet& sheet)
{
    ChordChart chart;
    chart.title = sheet.title;
    chart.tempo = sheet.tempo;
    chart.tempo_given = true;
    for (const LeadBar& bar : sheet.bars) {
        ChartBar out;
        out.section = bar.section;
        out.line = bar.line;
        out.column = 1;
        for (const LeadChord& c : bar.chords)
            out.chords.push_back({ c.symbol, c.start, c.length });
        chart.bars.push_back(out);
    }
    return chart;
}

/// Reads `text` as a chord chart, or as a lead sheet when it defines comping patterns (a line
/// starting with "pattern"). Allocates: yes. @throws the errors of either parser.
inline ChordChart parse_changes(const std::string& text, const std::string& label = "<chart>")
{
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t first = text.find_first_not_of(" \t\r", pos);
        if (first != std::string::npos && text.compare(first, 8, "pattern ") == 0)
            return chart_of_lead_sheet(parse_lead_sheet(text, label));
        const std::size_t newline = text.find('\n', pos);
        if (newline == std::string::npos)
            break;
        pos = newline + 1;
    }
    return parse_chord_chart(text, label);
}

/// The bars to play: the form `choruses` times, or exactly `bars` bars (the form repeated and cut)
/// when `bars` > 0. Allocates: yes.
/// @throws argument_error `jazzlstm.chart.length` when the result would be empty or longer than
///         `max_bars`.
inline std::vector<ChartBar> chart_form(const ChordChart& chart, int choruses, int bars = 0, int max_bars = 4096)
{
    const long long total = bars > 0 ? bars : static_cast<long long>(choruses) * static_cast<long long>(chart.bars.size());
    if (chart.bars.empty() || total <= 0 || total > max_bars)
        throw argument_error("jazzlstm.chart.length",
            "the solo would last " + std::to_string(total) + " bars; give 1.." + std::to_string(max_bars)
                + " (--choruses N or --bars N)");
    std::vector<ChartBar> out;
    out.reserve(static_cast<std::size_t>(total));
    for (long long i = 0; i < total; ++i)
        out.push_back(chart.bars[static_cast<std::size_t>(i) % chart.bars.size()]);
    return out;
}

/// Chart bars named from sounding chords (one group of Chords per 4/4 bar, offsets from the bar
/// line), as for a solo over a MIDI file's chords: each chord is named with chord_name and read
/// back as a symbol; a set the namer does not know ("C?") becomes the triad of its bass, and a
/// group without chords holds the previous chord. Allocates: yes.
inline std::vector<ChartBar> chart_of_chords(const std::vector<std::vector<Chord>>& groups)
{
    std::vector<ChartBar> bars;
    for (std::size_t g = 0; g < groups.size(); ++g) {
        ChartBar bar;
        bar.line = g + 1;
        for (const Chord& c : groups[g]) {
            if (c.pitches.empty() || c.duration <= 0)
                continue;
            std::string name = chord_name(c.pitches);
            ChartChord chord;
            try {
                chord.symbol = parse_chord_symbol(name);
            } catch (const parse_error&) {
                chord.symbol = parse_chord_symbol(lead_sheet_name(*std::min_element(c.pitches.begin(), c.pitches.end())));
            }
            chord.start = std::clamp<ticks12>(c.offset, 0, chart_bar_length - 1);
            chord.length = std::clamp<ticks12>(c.duration, 1, chart_bar_length - chord.start);
            bar.chords.push_back(chord);
        }
        if (bar.chords.empty() && !bars.empty() && !bars.back().chords.empty()) {
            ChartChord held = bars.back().chords.back();
            held.start = 0;
            held.length = chart_bar_length;
            bar.chords.push_back(held);
        }
        bars.push_back(bar);
    }
    return bars;
}

} // namespace jazzlstm
