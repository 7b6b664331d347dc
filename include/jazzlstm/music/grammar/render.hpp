// Grammar tokens → notes over a chord group (grammar-spec §10, standard library only): the Coursera
// post-processing, deepjazz's prune_grammar, unparse_grammar, prune_notes and clean_up_notes, and
// render_group chaining them.
#pragma once

#include <jazzlstm/core/error.hpp>
#include <jazzlstm/core/random.hpp>
#include <jazzlstm/music/grammar/last_chord.hpp>
#include <jazzlstm/music/grammar/token.hpp>
#include <jazzlstm/music/music21_behaviour.hpp>
#include <jazzlstm/music/notes.hpp>
#include <jazzlstm/music/theory/chord.hpp>
#include <jazzlstm/music/theory/interval.hpp>
#include <jazzlstm/music/theory/pitch.hpp>
#include <jazzlstm/music/theory/scale.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace jazzlstm {

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

/// Which A and X tokens of a sequence become C.
enum class Retype {
    none,
    /// The notebook's `replace(' A', ' C')`, `replace(' X', ' C')` (§10.1): every token after the
    /// first (the first is the `C,0.25` it prepends).
    after_first,
    /// Every token, the first included (for a sequence with no `C,0.25` in front of it).
    all,
};

/// The Coursera post-processing of a sampled sequence: the A and X tokens `which` names become
/// C, keeping their duration and interval part (by default every one after the first, as the
/// notebook's string replacement does, §10.1). Allocates: the result.
inline std::vector<Token> retype_approach_and_other(std::vector<Token> tokens, Retype which = Retype::after_first)
{
    if (which == Retype::none)
        return tokens;
    for (std::size_t i = which == Retype::all ? 0 : 1; i < tokens.size(); ++i)
        if (tokens[i].type == 'A' || tokens[i].type == 'X')
            tokens[i].type = 'C';
    return tokens;
}

/// A token that may open a group without help: a note (not a rest) without an interval part,
/// since the interval of a group's first note would be relative to nothing (deepjazz's rule).
inline bool opens_group(const Token& token) noexcept { return !token.is_rest() && !token.range; }

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
        const Scale scale = chord.quality == TriadQuality::major ? chord.scale : derive_blues_scale(chord.midi, rng);
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
    Placement placement = Placement::reference, Music21Behaviour behaviour = Music21Behaviour::music21_6)
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

/// When render_group puts `C,0.25` in front of the sampled tokens.
enum class ChordPrefix {
    always,      ///< the notebook: the first sampled token always has a previous note
    when_needed, ///< only when the first sampled token cannot open a group (see opens_group)
    never,
};

/// How render_group turns one group's sampled tokens into notes. The defaults are the notebook's
/// loop; `{ Placement::sequential, ChordPrefix::when_needed, Retype::all, 4 quarters }` is the
/// continuous line of the jazzlstm program (docs/grammar.md).
struct RenderOptions {
    Placement placement = Placement::reference;
    ChordPrefix prefix = ChordPrefix::always;
    /// Which A/X tokens become C, counted in the sequence with its prefix: with a prefix,
    /// `after_first` retypes every sampled token; without one, the first keeps its type.
    Retype retype = Retype::after_first;
    /// When set, only elements starting before this offset (twelfths from the group start) are
    /// kept, each cut to end by it; the notebook does not clip (its groups overlap).
    std::optional<ticks12> clip_to;
    Music21Behaviour behaviour = Music21Behaviour::music21_6;
};

/// Whether render_group puts `C,0.25` in front of `sampled` under `options` (never in front of
/// an empty sequence with ChordPrefix::when_needed). Allocates: no.
inline bool prepends_chord_token(const std::vector<Token>& sampled, const RenderOptions& options) noexcept
{
    switch (options.prefix) {
    case ChordPrefix::always: return true;
    case ChordPrefix::when_needed: return !sampled.empty() && !opens_group(sampled.front());
    case ChordPrefix::never: break;
    }
    return false;
}

/// A group's sampled tokens to notes in one call (§10.1): the optional `C,0.25` prefix, A/X → C,
/// prune_grammar, unparse_grammar, prune_notes, clean_up_notes, then the optional clip. Offsets
/// are relative to the group start, like the chords'. @throws as unparse_grammar.
/// Allocates: the result and scratch.
template <typename URBG>
std::vector<MelodyElement> render_group(const std::vector<Token>& sampled, const std::vector<Chord>& chords, URBG& rng,
    const RenderOptions& options = {})
{
    std::vector<Token> tokens;
    tokens.reserve(sampled.size() + 1);
    if (prepends_chord_token(sampled, options))
        tokens.push_back(make_token('C', twelfths_per_quarter / 4));
    tokens.insert(tokens.end(), sampled.begin(), sampled.end());
    tokens = retype_approach_and_other(std::move(tokens), options.retype);
    tokens = prune_grammar(tokens, rng);
    std::vector<MelodyElement> elements
        = clean_up_notes(prune_notes(unparse_grammar(tokens, chords, rng, options.placement, options.behaviour)));
    if (!options.clip_to)
        return elements;
    const ticks12 end = *options.clip_to;
    std::vector<MelodyElement> kept;
    kept.reserve(elements.size());
    for (MelodyElement e : elements) {
        if (e.offset >= end)
            continue;
        e.duration = std::min(e.duration, end - e.offset);
        kept.push_back(e);
    }
    return kept;
}

} // namespace jazzlstm
