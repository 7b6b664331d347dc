// One bar of the default mode (standard library only): grammar tokens → notes and rests over the
// bar's chords, one after the other at their exact durations (the triplet grid kept), every pitch
// chosen by choose_pitch against the line so far; then how the bar meets the previous one (a tie
// or a pickup across the bar line). docs/generation.md has the rules.
#pragma once

#include <jazzlstm/music/grammar/last_chord.hpp>
#include <jazzlstm/music/grammar/token.hpp>
#include <jazzlstm/music/metrics/openings.hpp>
#include <jazzlstm/music/metrics/repetition.hpp>
#include <jazzlstm/music/metrics/rhythm.hpp>
#include <jazzlstm/music/notes.hpp>
#include <jazzlstm/music/style/pitch_choice.hpp>
#include <jazzlstm/music/style/source_style.hpp>
#include <jazzlstm/music/theory/chord.hpp>

#include <algorithm>
#include <cstddef>
#include <optional>
#include <vector>

namespace jazzlstm {

/// How the generation loop wants a bar played.
struct BarPlan {
    ticks12 span = 4 * twelfths_per_quarter;  ///< the bar's length
    BarOpening opening = BarOpening::downbeat;
    /// Motif recall: the steps (interval, duration) of an earlier bar to replay where the harmony
    /// allows; step k is aimed at by the bar's note k + 1.
    const std::vector<MotionStep>* recall = nullptr;
    Music21Behaviour behaviour = Music21Behaviour::music21_6;
};

/// The onset grid of the corpus pipeline: music21 quantises offsets to quarters of a beat and to
/// thirds of one, so a source melody starts notes only at 0, 3, 4, 6, 8 or 9 twelfths into a beat.
/// Token durations added up can land between (a sixteenth after a triplet eighth: 4 + 3 = 7);
/// such an onset moves to the nearest grid point, a triplet one on a tie (5 → 4, 7 → 8).
/// Allocates: no.
constexpr ticks12 snap_onset(ticks12 at) noexcept
{
    const ticks12 beat = at - ((at % beat_span) + beat_span) % beat_span;
    constexpr ticks12 nearest[beat_span] = { 0, 0, 3, 3, 4, 4, 6, 8, 8, 9, 9, 12 };
    return beat + nearest[at - beat];
}

/// Plays `tokens` over `chords` (offsets relative to the bar start), from the bar start, each
/// element where the previous one ended at its token's duration, its onset kept on the source's
/// grid (snap_onset, the previous element taking up the difference, so the triplet grid the tokens
/// carry is kept); a token of zero duration makes no sound and is skipped, an element whose onset
/// reaches the bar's end is dropped and the last one ends at the bar's end or before. Rests are rests; every note's pitch comes from choose_pitch (its type,
/// its <UP,DOWN> range from the previous note, the chord in force at its onset as deepjazz's
/// lastChord picks it) and moves `line` on. With a tie opening the first note, if the line has a
/// previous note, keeps that pitch (join_bar then ties the two). Velocities are left at 90
/// (apply_velocities sets them).
/// @throws argument_error `jazzlstm.grammar.no_chords` for a note without a chord,
///         `jazzlstm.theory.empty_chord` for a chord without pitches. Allocates: the result.
template <typename URBG>
std::vector<MelodyElement> realise_bar(const std::vector<Token>& tokens, const std::vector<Chord>& chords, LineState& line,
    const SourceStyle& style, URBG& rng, const BarPlan& plan, const PitchWeights& weights = {})
{
    std::vector<ChordInfo> info;
    info.reserve(chords.size());
    for (const auto& c : chords)
        info.push_back(analyse_chord(c.pitches, plan.behaviour));
    detail::LastChordLookup last_chord(chords, 0);
    std::vector<MelodyElement> out;
    ticks12 at = 0; // where the tokens' durations have got to
    std::size_t notes = 0;
    for (const auto& token : tokens) {
        const ticks12 duration = std::max<ticks12>(0, token.duration_x12());
        if (duration == 0)
            continue;
        const ticks12 onset = snap_onset(at);
        at += duration;
        if (onset >= plan.span)
            break;
        if (!out.empty()) {
            if (onset <= out.back().offset)
                continue; // snapped onto the previous onset: the token's time goes to the element before
            out.back().duration = onset - out.back().offset;
        }
        MelodyElement e;
        e.offset = onset;
        e.duration = std::min(at, plan.span) - onset;
        if (e.duration <= 0)
            continue;
        if (token.is_rest()) {
            e.is_rest = true;
            out.push_back(e);
            continue;
        }
        if (chords.empty())
            throw argument_error("jazzlstm.grammar.no_chords", "a note token needs at least one chord");
        if (notes == 0 && plan.opening == BarOpening::tie && line.last) {
            e.midi = *line.last;
        } else {
            PitchRequest request;
            request.type = token.type;
            if (token.range) {
                int a = token.range->first.semitones, b = token.range->second.semitones;
                request.range = std::make_pair(std::min(a, b), std::max(a, b));
            }
            if (plan.recall && notes >= 1 && notes - 1 < plan.recall->size() && line.last)
                request.target = *line.last + (*plan.recall)[notes - 1].first;
            e.midi = choose_pitch(request, info[last_chord.at(e.offset)], line, style, rng, weights);
        }
        line.play(e.midi, token.type);
        ++notes;
        out.push_back(e);
    }
    if (!out.empty()) // the time of tokens lost to snapping stays with the last element
        out.back().duration = std::max<ticks12>(1, std::min(at, plan.span) - out.back().offset);
    return out;
}

/// Appends a bar's elements (offsets relative to `bar_start`) to the solo so far, realising the
/// opening across the bar line: a tie lengthens the solo's last note by the bar's first note
/// (same pitch) and drops that note; a pickup starts the bar's first note `lead` twelfths early,
/// taken from the end of the solo's last element. Either needs the solo's last element to end on
/// the bar line (and, for a pickup, to be longer than `lead`, or a rest at least that long) and the
/// bar to open with a note; otherwise the bar opens as written. Returns the opening realised.
/// Allocates: the appended elements.
inline BarOpening join_bar(std::vector<MelodyElement>& solo, std::vector<MelodyElement> bar, ticks12 bar_start, BarOpening opening,
    ticks12 lead)
{
    for (auto& e : bar)
        e.offset += bar_start;
    MelodyElement* previous = solo.empty() ? nullptr : &solo.back();
    const bool meets = previous && previous->offset + previous->duration == bar_start;
    const bool opens_with_note = !bar.empty() && !bar.front().is_rest && bar.front().offset == bar_start;
    BarOpening done = bar.empty() || bar.front().is_rest ? BarOpening::rest : BarOpening::downbeat;
    if (opening == BarOpening::tie && meets && opens_with_note && !previous->is_rest && previous->midi == bar.front().midi) {
        previous->duration += bar.front().duration;
        bar.erase(bar.begin());
        done = BarOpening::tie;
    } else if (opening == BarOpening::pickup && meets && opens_with_note && lead > 0
        && (previous->is_rest ? previous->duration >= lead : previous->duration > lead)) {
        previous->duration -= lead;
        if (previous->duration == 0)
            solo.pop_back();
        bar.front().offset -= lead;
        bar.front().duration += lead;
        done = BarOpening::pickup;
    }
    solo.insert(solo.end(), bar.begin(), bar.end());
    return done;
}

} // namespace jazzlstm
