// Grammar tokens (grammar-spec §5, standard library only): `TYPE,DUR[,<UP,DOWN>]`, written exactly
// as deepjazz writes them and read back with every error located.
#pragma once

#include <jazzlstm/core/error.hpp>
#include <jazzlstm/core/limits.hpp>
#include <jazzlstm/music/notes.hpp>
#include <jazzlstm/music/theory/interval.hpp>

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
constexpr double max_token_quarters = limits::max_token_quarters;

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
/// @param max_tokens the cap (default limits::max_tokens); callers may lower it.
/// @throws parse_error as parse_token; limit_error `jazzlstm.grammar.too_many_tokens` beyond
/// `max_tokens` tokens (context: position of the first token over the cap).
inline std::vector<Token> parse_tokens(std::string_view text, std::size_t max_tokens = limits::max_tokens)
{
    std::vector<Token> out;
    std::size_t i = 0;
    while (i < text.size()) {
        if (out.size() >= max_tokens) {
            error_context where;
            where.position = out.size();
            throw limit_error("jazzlstm.grammar.too_many_tokens",
                "more than " + std::to_string(max_tokens) + " tokens in one text", std::move(where));
        }
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

} // namespace jazzlstm
