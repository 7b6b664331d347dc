// The jazz grammar of deepjazz (grammar-spec §5, §10): one token `TYPE,DUR[,<UP,DOWN>]` per
// melody note or rest, and the way back from tokens to notes over a chord group.
// Standard library only; the network sees these tokens only as vocabulary indices.
#pragma once

#include <jazzlstm/core/error.hpp>
#include <jazzlstm/core/limits.hpp>
#include <jazzlstm/music/notes.hpp>
#include <jazzlstm/music/theory.hpp>

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

// ---------------------------------------------------------------------------------------
// Measure → tokens (§5)

/// What parse_measure decided for one element.
namespace detail {

/// deepjazz's `lastChord`: the last chord of the group starting at or before a time. When an
/// element precedes every chord, deepjazz overwrites the first chord's offset (with the bar
/// start when parsing, 0 when unparsing) and keeps that for the rest of the group; `at` does
/// the same, so the fallback is written once for both directions.
class LastChordLookup {
public:
    LastChordLookup(const std::vector<Chord>& chords, ticks12 fallback_offset)
        : chords_(chords)
        , fallback_offset_(fallback_offset)
        , first_offset_(chords.empty() ? 0 : chords.front().offset)
    {
    }

    /// Index of the chord in force at `at`; 0 when no chord starts early enough even after the fallback.
    std::size_t at(ticks12 at_time)
    {
        std::optional<std::size_t> k = find(at_time);
        if (!k) {
            first_offset_ = fallback_offset_;
            k = find(at_time);
        }
        return k ? *k : 0;
    }

private:
    std::optional<std::size_t> find(ticks12 at_time) const
    {
        std::optional<std::size_t> found;
        for (std::size_t k = 0; k < chords_.size(); ++k)
            if ((k == 0 ? first_offset_ : chords_[k].offset) <= at_time)
                found = k;
        return found;
    }

    const std::vector<Chord>& chords_;
    ticks12 fallback_offset_;
    ticks12 first_offset_;
};

} // namespace detail

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
/// `jazzlstm.theory.empty_chord` for a chord without pitches, `jazzlstm.grammar.bad_duration`
/// for a negative duration; limit_error `jazzlstm.grammar.too_many_notes` for more than
/// limits::max_notes_per_measure elements, `jazzlstm.grammar.too_long` for an element longer
/// than max_token_quarters (its token could not be read back; context: element index).
/// Allocates: the result.
inline std::vector<ParsedElement> parse_measure_detailed(const std::vector<MelodyElement>& elements,
    const std::vector<Chord>& chords, ChordBehaviour behaviour = ChordBehaviour::music21_6)
{
    std::vector<ParsedElement> out;
    if (elements.empty())
        return out;
    if (elements.size() > limits::max_notes_per_measure)
        throw limit_error("jazzlstm.grammar.too_many_notes",
            std::to_string(elements.size()) + " notes and rests in one measure exceed the cap of "
                + std::to_string(limits::max_notes_per_measure));
    if (chords.empty())
        throw argument_error("jazzlstm.grammar.no_chords", "a measure with melody needs at least one chord");
    std::vector<ChordInfo> info;
    info.reserve(chords.size());
    for (const auto& c : chords)
        info.push_back(analyse_chord(c.pitches, behaviour));

    const ticks12 bar = 4 * twelfths_per_quarter;
    const ticks12 first_offset = elements.front().offset;
    const ticks12 bar_start = first_offset - (((first_offset % bar) + bar) % bar);
    detail::LastChordLookup last_chord(chords, bar_start);

    std::optional<SpelledPitch> previous;
    out.reserve(elements.size());
    for (const auto& e : elements) {
        // Every token written must read back (parse_token caps DUR), or a saved corpus or model
        // vocabulary could not be used again.
        if (e.duration < 0 || e.duration > static_cast<ticks12>(max_token_quarters) * twelfths_per_quarter) {
            error_context where;
            where.position = static_cast<std::size_t>(&e - elements.data());
            where.token = std::to_string(e.duration) + "/12";
            if (e.duration < 0)
                throw argument_error("jazzlstm.grammar.bad_duration", "an element with a negative duration", std::move(where));
            throw limit_error("jazzlstm.grammar.too_long",
                "an element longer than " + std::to_string(static_cast<long>(max_token_quarters)) + " quarters cannot be a token",
                std::move(where));
        }
        ParsedElement p;
        const std::size_t k = last_chord.at(e.offset);
        bool original_found = false;
        for (const auto& c : chords)
            original_found = original_found || c.offset <= e.offset;
        p.chord_fallback_to_first = !original_found;
        // An element before the bar start (unsorted input) still gets the first chord.
        p.chord_index = k;
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

// ---------------------------------------------------------------------------------------
// Tokens → notes (§10). Randomness comes from the caller's seeded generator through
// uniform_below, never from std distributions, so a seed gives the same solo on
// every platform.

/// Where unparse_grammar puts element n of a group.
enum class Placement {
    /// As deepjazz: the offset is advanced *before* placing, so element n starts at the sum
    /// of durations 0…n and the first note sits at its own duration, not at 0 (§10.3).
    reference,
    /// Each element starts where the previous one ended (the first at 0).
    sequential,
};

/// The Coursera post-processing of a sampled sequence: every A or X token after the first
/// becomes C, keeping its duration and interval part (`replace(' A', ' C')`,
/// `replace(' X', ' C')`, §10.1). Allocates: the result.
inline std::vector<Token> retype_approach_and_other(std::vector<Token> tokens)
{
    for (std::size_t i = 1; i < tokens.size(); ++i)
        if (tokens[i].type == 'A' || tokens[i].type == 'X')
            tokens[i].type = 'C';
    return tokens;
}

/// deepjazz `prune_grammar` (§10.2): every duration snaps to the 1/4 grid, down or (with
/// probability ½) up by a further 0.25 even when already on the grid, so 0.25 → 0.5 and a
/// 0.083 rest may become 0. TYPE and interval part are kept; the result is always exact
/// twelfths. deepjazz writes these with Python's str(float) ("0.25"); format_token writes
/// the canonical "%.3f" ("0.250"), which parse_token reads back to the same token.
/// Allocates: the result.
template <typename URBG>
std::vector<Token> prune_grammar(const std::vector<Token>& tokens, URBG& rng)
{
    std::vector<Token> out;
    out.reserve(tokens.size());
    for (const auto& t : tokens) {
        ticks12 quarter_units; // whole quarters of a quarter (0.25) below the duration
        if (t.twelfths)
            quarter_units = *t.twelfths / 3;
        else
            quarter_units = static_cast<ticks12>(std::floor(t.quarter_length * 4.0));
        if (random_sign(rng) > 0)
            ++quarter_units;
        out.push_back(make_token(t.type, 3 * quarter_units, t.range));
    }
    return out;
}

namespace detail {
    /// Moves a pitch by whole octaves into MIDI 0..127 (the reference has no such bound).
    inline SpelledPitch clamp_to_midi(SpelledPitch p) noexcept
    {
        while (p.ps() > 127)
            --p.octave;
        while (p.ps() < 0)
            ++p.octave;
        return p;
    }

    /// deepjazz `__generate_scale_tone`: a random name of the chord's scale (Major when the
    /// chord is major, else the random hexatonic blues) at the octave of a random chord pitch.
    template <typename URBG>
    SpelledPitch generate_scale_tone(const ChordInfo& chord, URBG& rng)
    {
        // A major chord's S-test scale is already its Major derivation.
        const Scale scale = chord.quality == ChordQuality::major ? chord.scale : derive_blues_scale(chord.midi, rng);
        const std::string& name = scale.names[static_cast<std::size_t>(uniform_below(rng, scale.names.size()))];
        std::vector<SpelledPitch> sorted = chord.pitches;
        std::stable_sort(sorted.begin(), sorted.end(), [](const SpelledPitch& a, const SpelledPitch& b) { return a.ps() < b.ps(); });
        const int octave = sorted[static_cast<std::size_t>(uniform_below(rng, sorted.size()))].octave;
        SpelledPitch p = *parse_pitch_name(name);
        p.octave = octave;
        return p;
    }

    inline bool fits_type(char type, int midi, const ChordInfo& chord)
    {
        if (type == 'C')
            return is_chord_tone(midi, chord);
        if (type == 'S')
            return is_scale_tone(midi, chord);
        return is_approach_tone(midi, chord);
    }
} // namespace detail

/// deepjazz `unparse_grammar` (§10.3): turns tokens into notes and rests over one chord
/// group. Chord offsets must be relative to the group start (the notebook inserts them at
/// offset mod 4); the returned offsets are relative to the same start.
///  * 2-term tokens: C takes a random chord pitch; S a random tone of the chord's scale
///    (Major, or the random hexatonic blues) at a random chord octave; A and X that tone
///    moved by a random semitone. Octaves below 4 become 4.
///  * 4-term tokens: candidates are the default-spelled pitches between the previous note
///    moved by the lower and by the upper of <UP,DOWN> (the one with more semitones is
///    upper; on a tie DOWN is), kept if they pass the C/S/A test; one is picked at random
///    (avoiding the previous pitch when there is a choice), or, with none, the previous note
///    moves a whole tone up or down. Octaves below 3 become 3.
///  * The chord used is the last one starting at or before the element (see Placement); when
///    none does, the first chord's offset becomes 0 for the rest of the group.
/// Departures from deepjazz, all documented in docs/grammar.md: a 4-term token with no
/// previous note is treated as a 2-term token (deepjazz would crash); candidates outside
/// MIDI 0..127 are dropped and a result outside it moves by octaves into range; durations
/// that are not whole twelfths are rounded to the nearest twelfth.
/// @throws argument_error `jazzlstm.grammar.no_chords` when a note token comes with no chord,
/// `jazzlstm.theory.empty_chord` for a chord without pitches. Allocates: the result.
template <typename URBG>
std::vector<MelodyElement> unparse_grammar(const std::vector<Token>& tokens, const std::vector<Chord>& chords, URBG& rng,
    Placement placement = Placement::reference, ChordBehaviour behaviour = ChordBehaviour::music21_6)
{
    std::vector<MelodyElement> out;
    out.reserve(tokens.size());
    std::vector<ChordInfo> info;
    info.reserve(chords.size());
    for (const auto& c : chords)
        info.push_back(analyse_chord(c.pitches, behaviour));
    detail::LastChordLookup last_chord(chords, 0);

    ticks12 current = 0;
    std::optional<SpelledPitch> previous;
    for (const auto& token : tokens) {
        const ticks12 duration = std::max<ticks12>(0, token.duration_x12());
        ticks12 at = current;
        current += duration;
        if (placement == Placement::reference)
            at = current;
        MelodyElement e;
        e.offset = at;
        e.duration = duration;
        if (token.is_rest()) {
            e.is_rest = true;
            out.push_back(e);
            continue;
        }
        if (chords.empty())
            throw argument_error("jazzlstm.grammar.no_chords", "unparse_grammar needs at least one chord for a note");
        const ChordInfo& chord = info[last_chord.at(at)];

        SpelledPitch pitch;
        if (!token.range || !previous) {
            if (token.type == 'C') {
                pitch = chord.pitches[static_cast<std::size_t>(uniform_below(rng, chord.pitches.size()))];
            } else if (token.type == 'S') {
                pitch = detail::generate_scale_tone(chord, rng);
            } else {
                const SpelledPitch tone = detail::generate_scale_tone(chord, rng);
                const int sign = random_sign(rng);
                pitch = transpose(tone, Interval { sign, sign });
            }
            if (pitch.octave < 4)
                pitch.octave = 4;
        } else {
            Interval upper = token.range->first;
            Interval lower = token.range->second;
            if (upper.semitones <= lower.semitones)
                std::swap(upper, lower);
            const int low = transpose(*previous, lower).ps();
            const int high = transpose(*previous, upper).ps();
            const std::string previous_name = previous->name_with_octave();
            std::vector<int> candidates;
            for (int m = std::max(low, 0); m <= std::min(high, 127); ++m)
                if (detail::fits_type(token.type, m, chord))
                    candidates.push_back(m);
            if (candidates.size() > 1) {
                std::vector<int> fresh;
                for (int m : candidates)
                    if (midi_name_with_octave(m) != previous_name)
                        fresh.push_back(m);
                pitch = spell_midi(fresh[static_cast<std::size_t>(uniform_below(rng, fresh.size()))]);
            } else if (candidates.size() == 1) {
                pitch = spell_midi(candidates.front());
            } else {
                const int sign = random_sign(rng);
                pitch = transpose(*previous, Interval { sign, 2 * sign });
            }
            if (pitch.octave < 3)
                pitch.octave = 3;
        }
        pitch = detail::clamp_to_midi(pitch);
        e.midi = pitch.ps();
        previous = pitch;
        out.push_back(e);
    }
    return out;
}

/// deepjazz `prune_notes` (§10.4): in the consecutive pairs (0,1), (2,3)… of the input,
/// taken before any removal, the second of two notes with the same pitch is dropped
/// (deepjazz compares nameWithOctave; elements here carry MIDI numbers, so two spellings
/// of one pitch count as the same). Allocates: the result.
inline std::vector<MelodyElement> prune_notes(const std::vector<MelodyElement>& elements)
{
    std::vector<MelodyElement> out;
    out.reserve(elements.size());
    for (std::size_t i = 0; i < elements.size(); ++i) {
        const bool second = i % 2 == 1;
        if (second && !elements[i - 1].is_rest && !elements[i].is_rest && elements[i - 1].midi == elements[i].midi)
            continue;
        out.push_back(elements[i]);
    }
    return out;
}

/// deepjazz `clean_up_notes` (§10.5), on the elements in offset order (a stable sort, as a
/// music21 stream keeps them): a zero duration becomes 0.25, and an element followed by a
/// *note* at the same offset loses that note (whatever the first element is, a rest too).
/// Allocates: the result.
inline std::vector<MelodyElement> clean_up_notes(std::vector<MelodyElement> elements)
{
    std::stable_sort(elements.begin(), elements.end(), [](const MelodyElement& a, const MelodyElement& b) { return a.offset < b.offset; });
    std::vector<MelodyElement> out;
    out.reserve(elements.size());
    for (std::size_t i = 0; i < elements.size(); ++i) {
        if (i > 0 && elements[i].offset == elements[i - 1].offset && !elements[i].is_rest)
            continue;
        MelodyElement e = elements[i];
        if (e.duration == 0)
            e.duration = twelfths_per_quarter / 4;
        out.push_back(e);
    }
    return out;
}

/// How render_group turns one group's sampled tokens into notes.
struct RenderOptions {
    Placement placement = Placement::reference;
    /// Prepend `C,0.25` as the notebook does, so the first sampled token has a previous note.
    bool prepend_chord_token = true;
    /// Apply retype_approach_and_other (the notebook's A/X → C replacement).
    bool retype = true;
    ChordBehaviour behaviour = ChordBehaviour::music21_6;
};

/// The notebook's per-group post-processing in one call (§10.1): optional `C,0.25` prefix,
/// A/X → C, prune_grammar, unparse_grammar, prune_notes, clean_up_notes. Offsets are
/// relative to the group start, like the chords'. @throws as unparse_grammar.
/// Allocates: the result and scratch.
template <typename URBG>
std::vector<MelodyElement> render_group(const std::vector<Token>& sampled, const std::vector<Chord>& chords, URBG& rng,
    const RenderOptions& options = {})
{
    std::vector<Token> tokens;
    tokens.reserve(sampled.size() + 1);
    if (options.prepend_chord_token)
        tokens.push_back(make_token('C', twelfths_per_quarter / 4));
    tokens.insert(tokens.end(), sampled.begin(), sampled.end());
    if (options.retype)
        tokens = retype_approach_and_other(std::move(tokens));
    tokens = prune_grammar(tokens, rng);
    return clean_up_notes(prune_notes(unparse_grammar(tokens, chords, rng, options.placement, options.behaviour)));
}

} // namespace jazzlstm
