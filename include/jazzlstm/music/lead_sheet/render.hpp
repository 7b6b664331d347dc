// A parsed lead sheet rendered as a two-track score (standard library only): the chords voiced
// with smooth voice leading and played in the bars' comping patterns, the melody with ties and
// accents.
#pragma once

#include <jazzlstm/core/error.hpp>
#include <jazzlstm/music/chord_symbols.hpp>
#include <jazzlstm/music/lead_sheet/parse.hpp>
#include <jazzlstm/music/midi/score.hpp>
#include <jazzlstm/music/notes.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

namespace jazzlstm {

/// Places the chord's tones: the root in the bass (F2..E3), the other tones within one octave
/// starting between F3 and E4, at the position closest to `previous` (smooth voice leading).
/// Returns root first, then the upper tones ascending; `previous` becomes the upper tones.
inline std::vector<int> voice_chord(const ChordSymbol& chord, std::vector<int>& previous)
{
    const int bass = 41 + (chord.root - 41 % 12 + 24) % 12;
    std::vector<int> best;
    int best_cost = -1;
    for (int low = 53; low <= 64; ++low) {
        std::vector<int> upper;
        for (int interval : chord.intervals()) {
            if (interval == 0)
                continue;
            int pc = (chord.root + interval) % 12;
            upper.push_back(low + ((pc - low % 12) + 12) % 12);
        }
        std::sort(upper.begin(), upper.end());
        int cost = 0;
        if (previous.size() == upper.size()) {
            for (std::size_t i = 0; i < upper.size(); ++i)
                cost += std::abs(upper[i] - previous[i]);
        } else {
            int mean_new = 0, mean_old = 0;
            for (int p : upper)
                mean_new += p;
            for (int p : previous)
                mean_old += p;
            cost = previous.empty() ? std::abs(mean_new / static_cast<int>(upper.size()) - 62)
                                    : std::abs(mean_new / static_cast<int>(upper.size()) - mean_old / static_cast<int>(previous.size()));
        }
        if (best_cost < 0 || cost < best_cost) {
            best_cost = cost;
            best = upper;
        }
    }
    previous = best;
    std::vector<int> pitches{ bass };
    pitches.insert(pitches.end(), best.begin(), best.end());
    return pitches;
}

/// Renders the lead sheet as a score of two tracks at 480 ticks per quarter: "Guitar" (program 26,
/// channel 0) with the melody, and "Piano" (program 0, channel 1) comping the chords with the bars'
/// patterns. A hit sounds the chord current at each moment: it is cut at a chord change, and the
/// new chord starts there. Velocities follow the metre (and accents) so the file is not flat.
/// @throws argument_error `jazzlstm.leadsheet.silent_chord` when a pattern leaves a chord unsounded.
inline midi::Score lead_sheet_score(const LeadSheet& sheet)
{
    constexpr int tpq = 480;
    constexpr std::uint64_t tick = tpq / twelfths_per_quarter;
    midi::Score score;
    score.ticks_per_quarter = tpq;
    score.tempos.push_back({ 0, static_cast<std::uint32_t>(60e6 / sheet.tempo + 0.5) });
    score.time_signatures.push_back({ 0, 4, 4 });
    midi::ScoreTrack melody, comp;
    melody.name = "Guitar";
    melody.channel = 0;
    melody.program = 26;
    comp.name = "Piano";
    comp.channel = 1;
    comp.program = 0;

    auto add_note = [&](midi::ScoreTrack& track, ticks12 on, ticks12 length, int pitch, int velocity) {
        midi::Note note;
        note.on_tick = static_cast<std::uint64_t>(on) * tick;
        note.off_tick = static_cast<std::uint64_t>(on + length) * tick;
        note.onset = static_cast<double>(on) / twelfths_per_quarter;
        note.duration = static_cast<double>(length) / twelfths_per_quarter;
        note.pitch = pitch;
        note.velocity = velocity;
        note.channel = track.channel;
        track.notes.push_back(note);
    };

    std::vector<int> voicing;
    bool tied = false;
    for (std::size_t b = 0; b < sheet.bars.size(); ++b) {
        const LeadBar& bar = sheet.bars[b];
        const ticks12 bar_start = static_cast<ticks12>(b) * lead_bar_length;
        for (const LeadNote& note : bar.melody) {
            if (note.is_rest)
                continue;
            if (tied) {
                // Extend the previous note instead of striking it again.
                midi::Note& last = melody.notes.back();
                last.off_tick += static_cast<std::uint64_t>(note.length) * tick;
                last.duration += static_cast<double>(note.length) / twelfths_per_quarter;
            } else {
                const ticks12 in_beat = note.start % twelfths_per_quarter;
                const ticks12 beat = note.start / twelfths_per_quarter;
                int velocity = in_beat == 0 ? (beat % 2 == 0 ? 92 : 86) : in_beat == 8 ? 84 : 78;
                if (note.accent)
                    velocity += 16;
                add_note(melody, bar_start + note.start, note.length, note.pitch, std::min(velocity, 127));
            }
            tied = note.tie;
        }
        const auto& hits = sheet.patterns.at(bar.pattern);
        for (const LeadChord& chord : bar.chords) {
            const std::vector<int> pitches = voice_chord(chord.symbol, voicing);
            bool sounded = false;
            for (const CompHit& hit : hits) {
                const ticks12 from = std::max(hit.start, chord.start);
                const ticks12 to = std::min(hit.start + hit.length, chord.start + chord.length);
                if (from >= to)
                    continue;
                const int velocity = from == 0 ? 70 : 62;
                for (int p : pitches)
                    add_note(comp, bar_start + from, to - from, p, velocity);
                sounded = true;
            }
            if (!sounded) {
                error_context context;
                context.line = bar.line;
                context.token = chord.symbol.name();
                throw argument_error("jazzlstm.leadsheet.silent_chord",
                    "pattern '" + bar.pattern + "' never sounds this chord; choose a pattern with a hit inside it", context);
            }
        }
    }
    score.tracks.push_back(melody);
    score.tracks.push_back(comp);
    return score;
}

} // namespace jazzlstm
