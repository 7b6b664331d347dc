// A generated solo as a MIDI score: the solo line and its chords on tracks of their own.
#pragma once

#include <jazzlstm/core/error.hpp>
#include <jazzlstm/improv/solo.hpp>
#include <jazzlstm/music/midi.hpp>
#include <jazzlstm/music/notes.hpp>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

namespace jazzlstm {

/// The score of a generated solo: track 0 "Solo" (program 26, channel 0) with the melody
/// (rests skipped, each element's own velocity), track 1 "Chords" (program 0, channel 1, velocity 64)
/// with every chord's pitches in chord order; 480 ticks per quarter, one tempo, 4/4.
/// Elements and chords of zero duration are skipped (they cannot sound).
/// @throws argument_error `jazzlstm.improv.bad_solo` for a negative offset or duration, a pitch outside
///         0..127 or a tempo outside 20..400 bpm (the element or chord index is the context position).
inline midi::Score solo_score(const std::vector<MelodyElement>& melody, const std::vector<Chord>& chords, double bpm)
{
    constexpr int tpq = 480;
    constexpr std::uint64_t tick = tpq / twelfths_per_quarter;
    auto fail = [](const std::string& what, std::size_t index) {
        error_context context;
        context.position = index;
        throw argument_error("jazzlstm.improv.bad_solo", what, context);
    };
    if (!(bpm >= 20 && bpm <= 400))
        fail("tempo outside 20..400 bpm", 0);
    midi::Score score;
    score.ticks_per_quarter = tpq;
    score.tempos.push_back({ 0, static_cast<std::uint32_t>(60e6 / bpm + 0.5) });
    score.time_signatures.push_back({ 0, 4, 4 });
    score.tracks.resize(2);
    score.tracks[0].name = "Solo";
    score.tracks[0].channel = 0;
    score.tracks[0].program = 26;
    score.tracks[1].name = "Chords";
    score.tracks[1].channel = 1;
    score.tracks[1].program = 0;
    auto add = [&](midi::ScoreTrack& track, ticks12 offset, ticks12 duration, int pitch, int velocity) {
        midi::Note n;
        n.on_tick = static_cast<std::uint64_t>(offset) * tick;
        n.off_tick = static_cast<std::uint64_t>(offset + duration) * tick;
        n.onset = static_cast<double>(offset) / twelfths_per_quarter;
        n.duration = static_cast<double>(duration) / twelfths_per_quarter;
        n.pitch = pitch;
        n.velocity = std::clamp(velocity, 1, 127);
        n.channel = track.channel;
        track.notes.push_back(n);
    };
    for (std::size_t i = 0; i < melody.size(); ++i) {
        const MelodyElement& e = melody[i];
        if (e.offset < 0 || e.duration < 0)
            fail("melody element with a negative offset or duration", i);
        if (e.is_rest || e.duration == 0)
            continue;
        if (e.midi < 0 || e.midi > 127)
            fail("melody pitch outside 0..127", i);
        add(score.tracks[0], e.offset, e.duration, e.midi, e.velocity);
    }
    for (std::size_t i = 0; i < chords.size(); ++i) {
        const Chord& c = chords[i];
        if (c.offset < 0 || c.duration < 0)
            fail("chord with a negative offset or duration", i);
        if (c.duration == 0)
            continue;
        for (int p : c.pitches) {
            if (p < 0 || p > 127)
                fail("chord pitch outside 0..127", i);
            add(score.tracks[1], c.offset, c.duration, p, 64);
        }
    }
    auto by_onset = [](const midi::Note& a, const midi::Note& b) { return a.on_tick < b.on_tick; };
    for (auto& track : score.tracks)
        std::stable_sort(track.notes.begin(), track.notes.end(), by_onset);
    return score;
}

/// The score of a Solo (its melody over its own chords). @throws as above. Allocates: yes.
inline midi::Score solo_score(const Solo& solo, double bpm)
{
    return solo_score(solo.melody, solo.chords, bpm);
}

} // namespace jazzlstm
