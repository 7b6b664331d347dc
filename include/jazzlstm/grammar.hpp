// The jazz grammar of deepjazz (grammar-spec §5, §10): one token `TYPE,DUR[,<UP,DOWN>]` per
// melody note or rest, and the way back from tokens to notes over a chord group.
// Standard library only; the network sees these tokens only as vocabulary indices.
#pragma once

#include <jazzlstm/error.hpp>
#include <jazzlstm/notes.hpp>
#include <jazzlstm/theory.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace jazzlstm {

// ---------------------------------------------------------------------------------------
// Tokens

/// Longest duration a token may carry, in quarter notes (the reference's longest is a
/// 71-quarter rest); keeps every duration exactly convertible to twelfths.
constexpr double max_token_quarters = 100000.0;

/// One grammar token. TYPE is C (chord tone), S (scale tone), A (approach tone), X (other)
/// or R (rest); the optional range is the pair <UP,DOWN> = (d + m3, d − m3) where d is the
/// interval from the previous note of the measure.
struct Token {
    char type = 'C';
    /// Duration in quarter notes, always set; equals twelfths/12 when `twelfths` is set.
    double quarter_length = 0;
    /// The exact duration in twelfths, when it is one (always, for tokens made from a
    /// measure or read from the reference's 3-decimal text).
    std::optional<ticks12> twelfths;
    /// <UP,DOWN>; absent for rests and for the first note of a measure.
    std::optional<std::pair<Interval, Interval>> range;

    bool is_rest() const noexcept { return type == 'R'; }
    /// The duration in twelfths, rounded to the nearest one when not exact.
    ticks12 duration_x12() const noexcept
    {
        return twelfths ? *twelfths : static_cast<ticks12>(std::llround(quarter_length * twelfths_per_quarter));
    }
    bool operator==(const Token& o) const noexcept
    {
        return type == o.type && twelfths == o.twelfths && (twelfths || quarter_length == o.quarter_length) && range == o.range;
    }
    bool operator!=(const Token& o) const noexcept { return !(*this == o); }
};

/// A token of exact duration `duration_x12` twelfths. Allocates: no.
inline Token make_token(char type, ticks12 duration_x12, std::optional<std::pair<Interval, Interval>> range = std::nullopt) noexcept
{
    Token t;
    t.type = type;
    t.twelfths = duration_x12;
    t.quarter_length = static_cast<double>(duration_x12) / twelfths_per_quarter;
    t.range = range;
    return t;
}

/// The token text exactly as deepjazz writes it: `R,0.250`, `C,0.500`, `S,0.250,<m2,P-4>`
/// (duration with printf "%.3f"). Allocates: the result.
inline std::string format_token(const Token& token)
{
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%c,%.3f", token.type, token.quarter_length);
    std::string out(buffer);
    if (token.range) {
        out += ",<";
        out += token.range->first.name();
        out += ',';
        out += token.range->second.name();
        out += '>';
    }
    return out;
}

/// Tokens joined with one space, as a grammar string.
inline std::string format_tokens(const std::vector<Token>& tokens)
{
    std::string out;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        if (i)
            out += ' ';
        out += format_token(tokens[i]);
    }
    return out;
}

namespace detail {
    [[noreturn]] inline void bad_token(std::string_view text, std::size_t position, const std::string& why)
    {
        error_context where;
        where.position = position;
        where.token = std::string(text);
        throw parse_error("jazzlstm.grammar.bad_token", why, std::move(where));
    }

    /// Reads a non-negative decimal "71", "0.250", "0.5" (no sign, exponent, inf or nan).
    inline std::optional<double> parse_decimal(std::string_view s) noexcept
    {
        std::size_t i = 0;
        std::int64_t whole = 0;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
            if (i >= 12)
                return std::nullopt;
            whole = whole * 10 + (s[i] - '0');
            ++i;
        }
        if (i == 0)
            return std::nullopt;
        double value = static_cast<double>(whole);
        if (i < s.size()) {
            if (s[i] != '.')
                return std::nullopt;
            ++i;
            const std::size_t start = i;
            std::int64_t fraction = 0;
            double scale = 1;
            while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
                if (i - start >= 12)
                    return std::nullopt;
                fraction = fraction * 10 + (s[i] - '0');
                scale *= 10;
                ++i;
            }
            if (i == start || i != s.size())
                return std::nullopt;
            value += static_cast<double>(fraction) / scale;
        }
        return value;
    }
} // namespace detail

/// Reads one token (`TYPE,DUR` or `TYPE,DUR,<UP,DOWN>`). DUR is a plain decimal; when it
/// lies within 0.0005 of a twelfth (the reference's `%.3f` text always does) the token keeps
/// the exact twelfth. UP and DOWN are music21 directed interval names (parse_interval).
/// @param position index of the token in its sequence, reported in errors.
/// @throws parse_error `jazzlstm.grammar.bad_token` (context: position, token text) for an
/// empty token, unknown TYPE, bad or too long duration, malformed interval part, an interval
/// part on a rest, or extra fields. Allocates: no (beyond the exception).
inline Token parse_token(std::string_view text, std::size_t position = 0)
{
    if (text.empty())
        detail::bad_token(text, position, "empty token");
    const char type = text[0];
    if (type != 'C' && type != 'S' && type != 'A' && type != 'X' && type != 'R')
        detail::bad_token(text, position, "TYPE must be one of C S A X R");
    if (text.size() < 2 || text[1] != ',')
        detail::bad_token(text, position, "expected ',' after TYPE");
    const std::string_view rest = text.substr(2);
    const std::size_t comma = rest.find(',');
    const std::string_view dur_text = rest.substr(0, comma);
    const auto quarters = detail::parse_decimal(dur_text);
    if (!quarters)
        detail::bad_token(text, position, "DUR must be a non-negative decimal number");
    if (*quarters > max_token_quarters)
        detail::bad_token(text, position, "DUR longer than " + std::to_string(static_cast<long>(max_token_quarters)) + " quarters");
    Token token;
    token.type = type;
    token.quarter_length = *quarters;
    const double x12 = *quarters * twelfths_per_quarter;
    const double nearest = std::round(x12);
    if (std::fabs(nearest - x12) <= 0.0005 * twelfths_per_quarter) {
        token.twelfths = static_cast<ticks12>(nearest);
        token.quarter_length = nearest / twelfths_per_quarter;
    }
    if (comma == std::string_view::npos)
        return token;
    if (type == 'R')
        detail::bad_token(text, position, "a rest has no interval part");
    const std::string_view range = rest.substr(comma + 1);
    if (range.size() < 2 || range.front() != '<' || range.back() != '>')
        detail::bad_token(text, position, "interval part must be <UP,DOWN>");
    const std::string_view inner = range.substr(1, range.size() - 2);
    const std::size_t middle = inner.find(',');
    if (middle == std::string_view::npos || inner.find(',', middle + 1) != std::string_view::npos)
        detail::bad_token(text, position, "interval part must hold exactly two intervals");
    const auto up = parse_interval(inner.substr(0, middle));
    const auto down = parse_interval(inner.substr(middle + 1));
    if (!up || !down)
        detail::bad_token(text, position, "malformed interval name");
    token.range = std::make_pair(*up, *down);
    return token;
}

/// Splits a grammar string on whitespace (runs count as one separator) and reads every
/// token; errors carry the token's index. Allocates: the result.
inline std::vector<Token> parse_tokens(std::string_view text)
{
    std::vector<Token> out;
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r'))
            ++i;
        const std::size_t start = i;
        while (i < text.size() && !(text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r'))
            ++i;
        if (i > start)
            out.push_back(parse_token(text.substr(start, i - start), out.size()));
    }
    return out;
}

/// True when `text` is one token that parse_token accepts and format_token writes back
/// unchanged (the canonical `%.3f` form). Allocates: a little.
inline bool is_canonical_token(std::string_view text)
{
    try {
        return format_token(parse_token(text)) == text;
    } catch (const parse_error&) {
        return false;
    }
}

// ---------------------------------------------------------------------------------------
// Measure → tokens (§5)

/// What parse_measure decided for one element.
struct ParsedElement {
    Token token;
    std::string text;                    ///< format_token(token)
    std::size_t chord_index = 0;         ///< the chord (`lastChord`) the element was tested against
    bool chord_fallback_to_first = false;///< no chord started at or before it: the first was used
};

/// deepjazz `parse_melody` for one measure with full detail (§5). Elements are taken in the
/// given order; their offsets are absolute or bar-relative alike, as long as the chords'
/// offsets use the same origin. Rests give `R,DUR`; notes are typed C, S, A or X against the
/// last chord starting at or before them (the first chord when none does) and carry
/// <UP,DOWN> from the previous note of the measure.
/// @throws argument_error `jazzlstm.grammar.no_chords` when there are elements but no chords,
/// `jazzlstm.theory.empty_chord` for a chord without pitches. Allocates: the result.
inline std::vector<ParsedElement> parse_measure_detailed(const std::vector<MelodyElement>& elements,
    const std::vector<Chord>& chords, ChordBehaviour behaviour = ChordBehaviour::music21_6)
{
    std::vector<ParsedElement> out;
    if (elements.empty())
        return out;
    if (chords.empty())
        throw argument_error("jazzlstm.grammar.no_chords", "a measure with melody needs at least one chord");
    std::vector<ChordInfo> info;
    info.reserve(chords.size());
    for (const auto& c : chords)
        info.push_back(analyse_chord(c.pitches, behaviour));

    const ticks12 bar = 4 * twelfths_per_quarter;
    const ticks12 first_offset = elements.front().offset;
    const ticks12 bar_start = first_offset - (((first_offset % bar) + bar) % bar);
    // deepjazz overwrites the first chord's offset with the bar start the first time an
    // element precedes every chord, and keeps it for the rest of the measure.
    ticks12 first_chord_offset = chords.front().offset;
    auto last_chord = [&](ticks12 at) -> std::optional<std::size_t> {
        std::optional<std::size_t> found;
        for (std::size_t k = 0; k < chords.size(); ++k)
            if ((k == 0 ? first_chord_offset : chords[k].offset) <= at)
                found = k;
        return found;
    };

    std::optional<SpelledPitch> previous;
    out.reserve(elements.size());
    for (const auto& e : elements) {
        ParsedElement p;
        std::optional<std::size_t> k = last_chord(e.offset);
        if (!k) {
            first_chord_offset = bar_start;
            k = last_chord(e.offset);
        }
        bool original_found = false;
        for (const auto& c : chords)
            original_found = original_found || c.offset <= e.offset;
        p.chord_fallback_to_first = !original_found;
        // An element before the bar start (unsorted input) still gets the first chord.
        p.chord_index = k ? *k : 0;
        const ChordInfo& chord = info[p.chord_index];

        if (e.is_rest) {
            p.token = make_token('R', e.duration);
        } else {
            char type = 'X';
            if (is_chord_tone(e.midi, chord))
                type = 'C';
            else if (is_scale_tone(e.midi, chord))
                type = 'S';
            else if (is_approach_tone(e.midi, chord))
                type = 'A';
            const SpelledPitch here = spell_midi(e.midi);
            std::optional<std::pair<Interval, Interval>> range;
            if (previous) {
                const Interval d = interval_between(*previous, here);
                range = std::make_pair(add_minor_third(d), subtract_minor_third(d));
            }
            p.token = make_token(type, e.duration, range);
            previous = here;
        }
        p.text = format_token(p.token);
        out.push_back(std::move(p));
    }
    return out;
}

/// deepjazz `parse_melody` for one measure: its tokens, in element order (§5).
/// @throws as parse_measure_detailed. Allocates: the result.
inline std::vector<std::string> parse_measure(const std::vector<MelodyElement>& elements, const std::vector<Chord>& chords,
    ChordBehaviour behaviour = ChordBehaviour::music21_6)
{
    std::vector<std::string> out;
    for (auto& p : parse_measure_detailed(elements, chords, behaviour))
        out.push_back(std::move(p.text));
    return out;
}

} // namespace jazzlstm
