// One measure → grammar tokens (grammar-spec §5, standard library only): deepjazz's `parse_melody`,
// typing each note C, S, A or X against its chord and giving it <UP,DOWN> from the previous note.
#pragma once

#include <jazzlstm/core/error.hpp>
#include <jazzlstm/core/limits.hpp>
#include <jazzlstm/music/grammar/last_chord.hpp>
#include <jazzlstm/music/grammar/token.hpp>
#include <jazzlstm/music/music21_behaviour.hpp>
#include <jazzlstm/music/notes.hpp>
#include <jazzlstm/music/theory/chord.hpp>
#include <jazzlstm/music/theory/interval.hpp>
#include <jazzlstm/music/theory/pitch.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace jazzlstm {

/// The TYPE deepjazz gives a note over a chord (§5): C for a chord tone, else S for a scale tone,
/// else A for an approach tone (a semitone from a chord pitch), else X. Allocates: no.
inline char tone_type(int midi, const ChordInfo& chord)
{
    if (is_chord_tone(midi, chord))
        return 'C';
    if (is_scale_tone(midi, chord))
        return 'S';
    if (is_approach_tone(midi, chord))
        return 'A';
    return 'X';
}

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
/// `jazzlstm.theory.empty_chord` for a chord without pitches, `jazzlstm.grammar.bad_duration`
/// for a negative duration; limit_error `jazzlstm.grammar.too_many_notes` for more than
/// limits::max_notes_per_measure elements, `jazzlstm.grammar.too_long` for an element longer
/// than max_token_quarters (its token could not be read back; context: element index).
/// Allocates: the result.
inline std::vector<ParsedElement> parse_measure_detailed(const std::vector<MelodyElement>& elements,
    const std::vector<Chord>& chords, Music21Behaviour behaviour = Music21Behaviour::music21_6)
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
            const char type = tone_type(e.midi, chord);
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
    Music21Behaviour behaviour = Music21Behaviour::music21_6)
{
    std::vector<std::string> out;
    for (auto& p : parse_measure_detailed(elements, chords, behaviour))
        out.push_back(std::move(p.text));
    return out;
}

} // namespace jazzlstm
