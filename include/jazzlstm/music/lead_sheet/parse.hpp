// The lead-sheet text format of the embedded corpus and its parser (standard library only).
//
// Format (docs/cli.md has the full description), one statement per line:
//   # comment                      ('#' starting a word starts a comment; F#5 and F#m7 are not comments)
//   title Any text
//   tempo 132                      (quarter notes per minute)
//   pattern NAME START:LEN ...     (comping hits, quarters from the bar line)
//   section NAME                   (a label; kept for reports only)
//   CHORD:LEN ... | PATTERN | NOTE:LEN ...        (one 4/4 bar)
// Lengths and starts are 3, 1/2, 2/3, 1+1/2: exact multiples of 1/12 quarter. A note is a pitch
// such as Bb4, F#5, C6, or r for a rest; a trailing ~ ties it to the next note (same pitch), a
// trailing > accents it. Chords and notes of a bar must each fill exactly 4 quarters.
#pragma once

#include <jazzlstm/core/error.hpp>
#include <jazzlstm/music/chord_symbols.hpp>
#include <jazzlstm/music/notes.hpp>
#include <jazzlstm/music/theory/pitch.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace jazzlstm {

/// One comping hit of a pattern, in twelfths of a quarter from the bar line.
struct CompHit {
    ticks12 start = 0;
    ticks12 length = 0;
};

struct LeadChord {
    ChordSymbol symbol;
    ticks12 start = 0;   ///< from the bar line
    ticks12 length = 0;
};

struct LeadNote {
    bool is_rest = false;
    int pitch = 0;
    ticks12 start = 0;   ///< from the bar line
    ticks12 length = 0;
    bool tie = false;    ///< continues into the next note
    bool accent = false;
    std::size_t line = 0;
    std::size_t column = 0;
};

struct LeadBar {
    std::string section;
    std::vector<LeadChord> chords;
    std::string pattern;
    std::vector<LeadNote> melody;
    std::size_t line = 0;
};

struct LeadSheet {
    std::string title;
    double tempo = 120;
    std::map<std::string, std::vector<CompHit>> patterns;
    std::vector<LeadBar> bars;
};

constexpr ticks12 lead_bar_length = 4 * twelfths_per_quarter;

namespace detail {

    struct LeadWord {
        std::string text;
        std::size_t column;  // 1-based
    };

    inline std::vector<LeadWord> lead_words(const std::string& line)
    {
        std::vector<LeadWord> words;
        std::size_t i = 0;
        while (i < line.size()) {
            while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r'))
                ++i;
            if (i >= line.size() || line[i] == '#')
                break;
            std::size_t start = i;
            while (i < line.size() && line[i] != ' ' && line[i] != '\t' && line[i] != '\r')
                ++i;
            words.push_back({ line.substr(start, i - start), start + 1 });
        }
        return words;
    }

    [[noreturn]] inline void lead_fail(const std::string& id, const std::string& label, std::size_t line, std::size_t column,
        const std::string& token, const std::string& detail)
    {
        error_context context;
        context.file = label;
        context.line = line;
        context.column = column;
        context.token = token;
        throw parse_error("jazzlstm.leadsheet." + id, detail, context);
    }

    // "3", "1/2", "1+2/3" → twelfths; -1 when malformed or not a multiple of 1/12.
    inline ticks12 parse_quarters(const std::string& text)
    {
        auto number = [](const std::string& s, long& out) {
            if (s.empty() || s.size() > 6 || s.find_first_not_of("0123456789") != std::string::npos)
                return false;
            out = std::strtol(s.c_str(), nullptr, 10);
            return true;
        };
        long whole = 0, num = 0, den = 1;
        std::string rest = text;
        std::size_t plus = rest.find('+');
        if (plus != std::string::npos) {
            if (!number(rest.substr(0, plus), whole))
                return -1;
            rest = rest.substr(plus + 1);
            if (rest.find('/') == std::string::npos)
                return -1;
        }
        std::size_t slash = rest.find('/');
        if (slash == std::string::npos) {
            if (!number(rest, num))
                return -1;
        } else if (!number(rest.substr(0, slash), num) || !number(rest.substr(slash + 1), den) || den == 0) {
            return -1;
        }
        long twelfths = num * twelfths_per_quarter;
        if (twelfths % den != 0)
            return -1;
        return static_cast<ticks12>(whole * twelfths_per_quarter + twelfths / den);
    }

    // "Bb4", "F#5", "C-1" → MIDI number; -1 when malformed or outside 0..127.
    inline int parse_lead_pitch(const std::string& text)
    {
        const auto letter = text.size() < 2 ? std::string_view::npos : letter_names.find(text[0]);
        if (letter == std::string_view::npos)
            return -1;
        SpelledPitch pitch { static_cast<int>(letter), 0, 4 };
        std::size_t i = 1;
        if (text[i] == '#' || text[i] == 'b') {
            pitch.alter = text[i] == '#' ? 1 : -1;
            ++i;
        }
        std::string octave_text = text.substr(i);
        bool negative = !octave_text.empty() && octave_text[0] == '-';
        std::string digits = negative ? octave_text.substr(1) : octave_text;
        if (digits.size() != 1 || digits[0] < '0' || digits[0] > '9')
            return -1;
        pitch.octave = (digits[0] - '0') * (negative ? -1 : 1);
        const int midi = pitch.ps();
        return midi >= 0 && midi <= 127 ? midi : -1;
    }

} // namespace detail

/// Parses the lead-sheet text. `label` names the input in error messages.
/// @throws parse_error `jazzlstm.leadsheet.*` with line:column and the offending word:
///         `.syntax`, `.duration`, `.pitch`, `.chord`, `.bar_length`, `.pattern`, `.tie`, `.empty`.
inline LeadSheet parse_lead_sheet(const std::string& text, const std::string& label = "<lead sheet>")
{
    using detail::lead_fail;
    LeadSheet sheet;
    std::string section;
    std::size_t line_number = 0;
    std::size_t pos = 0;
    while (pos <= text.size()) {
        std::size_t newline = text.find('\n', pos);
        std::string line = text.substr(pos, newline == std::string::npos ? std::string::npos : newline - pos);
        pos = newline == std::string::npos ? text.size() + 1 : newline + 1;
        ++line_number;
        auto words = detail::lead_words(line);
        if (words.empty())
            continue;
        const std::string& keyword = words[0].text;
        if (keyword == "title") {
            std::size_t start = words.size() > 1 ? words[1].column - 1 : line.size();
            sheet.title = line.substr(start);
            while (!sheet.title.empty() && (sheet.title.back() == ' ' || sheet.title.back() == '\r'))
                sheet.title.pop_back();
            continue;
        }
        if (keyword == "tempo") {
            if (words.size() != 2)
                lead_fail("syntax", label, line_number, words[0].column, keyword, "tempo needs one number");
            char* end = nullptr;
            double bpm = std::strtod(words[1].text.c_str(), &end);
            if (*end != '\0' || !(bpm >= 20 && bpm <= 400))
                lead_fail("syntax", label, line_number, words[1].column, words[1].text, "tempo must be 20..400");
            sheet.tempo = bpm;
            continue;
        }
        if (keyword == "section") {
            section = words.size() > 1 ? words[1].text : "";
            continue;
        }
        if (keyword == "pattern") {
            if (words.size() < 3)
                lead_fail("pattern", label, line_number, words[0].column, keyword, "pattern needs a name and hits");
            std::vector<CompHit> hits;
            for (std::size_t w = 2; w < words.size(); ++w) {
                const auto& word = words[w];
                std::size_t colon = word.text.find(':');
                ticks12 start = colon == std::string::npos ? -1 : detail::parse_quarters(word.text.substr(0, colon));
                ticks12 length = colon == std::string::npos ? -1 : detail::parse_quarters(word.text.substr(colon + 1));
                if (start < 0 || length <= 0)
                    lead_fail("duration", label, line_number, word.column, word.text, "a hit is START:LENGTH in quarters");
                if (start + length > lead_bar_length || (!hits.empty() && start < hits.back().start + hits.back().length))
                    lead_fail("pattern", label, line_number, word.column, word.text,
                        "hits must be in order, not overlap, and end by the bar line");
                hits.push_back({ start, length });
            }
            sheet.patterns[words[1].text] = hits;
            continue;
        }

        // A bar: three fields separated by '|'.
        LeadBar bar;
        bar.section = section;
        bar.line = line_number;
        int field = 0;
        ticks12 chord_time = 0, melody_time = 0;
        for (const auto& word : words) {
            if (word.text == "|") {
                if (++field > 2)
                    lead_fail("syntax", label, line_number, word.column, word.text, "a bar has three fields: chords | pattern | melody");
                continue;
            }
            if (field == 1) {
                if (!bar.pattern.empty())
                    lead_fail("syntax", label, line_number, word.column, word.text, "one pattern name per bar");
                if (!sheet.patterns.count(word.text))
                    lead_fail("pattern", label, line_number, word.column, word.text, "unknown pattern (define it first)");
                bar.pattern = word.text;
                continue;
            }
            std::size_t colon = word.text.rfind(':');
            if (colon == std::string::npos || colon == 0)
                lead_fail("syntax", label, line_number, word.column, word.text, "expected NAME:LENGTH");
            std::string head = word.text.substr(0, colon);
            std::string tail = word.text.substr(colon + 1);
            bool tie = false, accent = false;
            while (!tail.empty() && (tail.back() == '~' || tail.back() == '>')) {
                (tail.back() == '~' ? tie : accent) = true;
                tail.pop_back();
            }
            ticks12 length = detail::parse_quarters(tail);
            if (length <= 0)
                lead_fail("duration", label, line_number, word.column + colon + 1, word.text,
                    "length must be a positive multiple of 1/12 quarter (e.g. 1, 1/2, 2/3, 1+1/2)");
            if (field == 0) {
                if (tie || accent)
                    lead_fail("syntax", label, line_number, word.column, word.text, "chords take no ~ or >");
                LeadChord chord;
                chord.symbol = [&] {
                    try {
                        return parse_chord_symbol(head);
                    } catch (const parse_error&) {
                        lead_fail("chord", label, line_number, word.column, head, "unknown chord symbol");
                    }
                }();
                chord.start = chord_time;
                chord.length = length;
                chord_time += length;
                bar.chords.push_back(chord);
            } else {
                LeadNote note;
                note.line = line_number;
                note.column = word.column;
                if (head == "r") {
                    note.is_rest = true;
                    if (tie)
                        lead_fail("tie", label, line_number, word.column, word.text, "a rest cannot be tied");
                } else {
                    note.pitch = detail::parse_lead_pitch(head);
                    if (note.pitch < 0)
                        lead_fail("pitch", label, line_number, word.column, head, "expected a pitch such as Bb4, F#5 or r");
                }
                note.start = melody_time;
                note.length = length;
                note.tie = tie;
                note.accent = accent;
                melody_time += length;
                bar.melody.push_back(note);
            }
        }
        if (field != 2)
            lead_fail("syntax", label, line_number, words[0].column, words[0].text,
                "expected a directive (title, tempo, pattern, section) or a bar: chords | pattern | melody");
        if (chord_time != lead_bar_length || bar.chords.empty())
            lead_fail("bar_length", label, line_number, words[0].column, words[0].text,
                "the chords of a bar must last 4 quarters (they last " + std::to_string(chord_time) + "/12)");
        if (melody_time != lead_bar_length)
            lead_fail("bar_length", label, line_number, words[0].column, words[0].text,
                "the melody of a bar must last 4 quarters (it lasts " + std::to_string(melody_time) + "/12)");
        if (bar.pattern.empty())
            lead_fail("pattern", label, line_number, words[0].column, words[0].text, "the bar names no comping pattern");
        sheet.bars.push_back(bar);
    }
    if (sheet.bars.empty())
        lead_fail("empty", label, line_number, 1, "", "no bars");

    // Ties join the same pitch across notes (and bar lines).
    const LeadNote* previous = nullptr;
    for (const auto& bar : sheet.bars)
        for (const auto& note : bar.melody) {
            if (previous && previous->tie && (note.is_rest || note.pitch != previous->pitch))
                lead_fail("tie", label, note.line, note.column, lead_sheet_name_with_octave(previous->pitch),
                    "a tie must continue into the same pitch");
            previous = &note;
        }
    if (previous && previous->tie)
        lead_fail("tie", label, previous->line, previous->column, lead_sheet_name_with_octave(previous->pitch),
            "the last note is tied to nothing");
    return sheet;
}

} // namespace jazzlstm
