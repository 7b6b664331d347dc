// The band's parts as tracks of a MIDI score (standard library only): bass and drums on tracks of
// their own, General MIDI programs, drums on channel 10.
#pragma once

#include <jazzlstm/music/band/walking_bass.hpp>
#include <jazzlstm/music/midi/score.hpp>
#include <jazzlstm/music/notes.hpp>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

namespace jazzlstm {

/// General MIDI programs (0-based) and channels (0-based) of the band.
namespace band_midi {
    constexpr int bass_program = 32;  ///< Acoustic Bass
    constexpr int bass_channel = 2;
    constexpr int drum_channel = 9;   ///< "channel 10", the GM percussion channel
}

/// Appends `notes` as a track named `name` on `channel` with `program` to `score` (whose
/// ticks_per_quarter must be a multiple of 12). Allocates: yes.
inline void add_band_track(midi::Score& score, const std::string& name, int channel, int program, const std::vector<BandNote>& notes)
{
    const std::uint64_t tick = static_cast<std::uint64_t>(score.ticks_per_quarter / twelfths_per_quarter);
    midi::ScoreTrack track;
    track.name = name;
    track.channel = channel;
    track.program = program;
    for (const BandNote& b : notes) {
        midi::Note n;
        n.on_tick = static_cast<std::uint64_t>(b.offset) * tick;
        n.off_tick = static_cast<std::uint64_t>(b.offset + b.duration) * tick;
        n.onset = static_cast<double>(b.offset) / twelfths_per_quarter;
        n.duration = static_cast<double>(b.duration) / twelfths_per_quarter;
        n.pitch = b.pitch;
        n.velocity = std::clamp(b.velocity, 1, 127);
        n.channel = channel;
        track.notes.push_back(n);
    }
    std::stable_sort(track.notes.begin(), track.notes.end(), [](const midi::Note& a, const midi::Note& b) { return a.on_tick < b.on_tick; });
    score.tracks.push_back(std::move(track));
}

/// Adds the walking bass ("Bass", Acoustic Bass, channel 3) and the drums ("Drums", channel 10)
/// to `score`. Allocates: yes.
inline void add_band_tracks(midi::Score& score, const std::vector<BandNote>& bass, const std::vector<BandNote>& drums)
{
    add_band_track(score, "Bass", band_midi::bass_channel, band_midi::bass_program, bass);
    add_band_track(score, "Drums", band_midi::drum_channel, 0, drums);
}

} // namespace jazzlstm
