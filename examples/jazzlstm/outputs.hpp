// What the jazzlstm program writes: the solo as MIDI + WAV + SVG piano roll, and the training
// history as an SVG loss chart + CSV. One place decides the file names, so every subcommand agrees.
#pragma once

#include <jazzlstm/core/atomic_file.hpp>
#include "plot.hpp"
#include "svg.hpp"
#include "wav.hpp"

#include <jazzlstm/core/error.hpp>
#include <jazzlstm/music/midi.hpp>
#include <jazzlstm/music/notes.hpp>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

namespace jazzlstm::app {

/// The files of one run. `--out solo.mid` (or `--out solo`) gives solo.mid, solo.wav, solo.svg,
/// solo.loss.svg and solo.loss.csv beside each other.
struct OutputPaths {
    std::filesystem::path midi, wav, roll, loss_svg, loss_csv;
};

inline OutputPaths output_paths(const std::string& out, const std::string& default_base)
{
    std::filesystem::path base = out.empty() ? std::filesystem::path(default_base) : std::filesystem::path(out);
    const std::string ext = base.extension().string();
    if (ext == ".mid" || ext == ".midi" || ext == ".wav" || ext == ".svg")
        base.replace_extension();
    auto with = [&](const char* suffix) {
        std::filesystem::path p = base;
        p += suffix;
        return p;
    };
    return { with(".mid"), with(".wav"), with(".svg"), with(".loss.svg"), with(".loss.csv") };
}

/// The score of a generated solo: track 0 "Solo" (program 26, channel 0) with the melody
/// (rests skipped, each element's own velocity), track 1 "Chords" (program 0, channel 1, velocity 64)
/// with every chord's pitches in chord order; 480 ticks per quarter, one tempo, 4/4.
/// Elements and chords of zero duration are skipped (they cannot sound).
/// @throws argument_error `jazzlstm.cli.bad_solo` for a negative offset or duration, a pitch outside
///         0..127 or a tempo outside 20..400 bpm (the element or chord index is the context position).
inline midi::Score solo_score(const std::vector<MelodyElement>& melody, const std::vector<Chord>& chords, double bpm)
{
    constexpr int tpq = 480;
    constexpr std::uint64_t tick = tpq / twelfths_per_quarter;
    auto fail = [](const std::string& what, std::size_t index) {
        error_context context;
        context.position = index;
        throw argument_error("jazzlstm.cli.bad_solo", what, context);
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

/// Roll input from a score: melody notes of one track, chords of others (notes that start
/// together, within 1/16 quarter, form one chord).
inline void roll_from_score(const midi::Score& score, int melody_track, const std::vector<int>& chord_tracks,
    std::vector<RollNote>& melody, std::vector<RollChord>& chords)
{
    melody.clear();
    chords.clear();
    if (melody_track >= 0 && melody_track < static_cast<int>(score.tracks.size()))
        for (const auto& n : score.tracks[static_cast<std::size_t>(melody_track)].notes)
            melody.push_back({ n.onset, n.duration, n.pitch });
    std::vector<midi::Note> notes;
    for (int t : chord_tracks)
        if (t >= 0 && t < static_cast<int>(score.tracks.size()))
            for (const auto& n : score.tracks[static_cast<std::size_t>(t)].notes)
                notes.push_back(n);
    std::stable_sort(notes.begin(), notes.end(), [](const midi::Note& a, const midi::Note& b) { return a.onset < b.onset; });
    for (const auto& n : notes) {
        if (chords.empty() || n.onset - chords.back().onset > 1.0 / 16) {
            chords.push_back({ n.onset, n.duration, {} });
        }
        chords.back().pitches.push_back(n.pitch);
        chords.back().duration = std::max(chords.back().duration, n.onset + n.duration - chords.back().onset);
    }
}

/// What write_solo() did, for the report.
struct SoloReport {
    bool wav_from_fluidsynth = false;
};

/// Writes the solo score as MIDI, then WAV (FluidSynth when available, else the built-in synth)
/// and the SVG piano roll (melody = `melody_track`, chords = `chord_tracks`).
/// @throws the midi writer's errors, io_error when a file cannot be written.
inline SoloReport write_solo(const midi::Score& score, int melody_track, const std::vector<int>& chord_tracks,
    const OutputPaths& paths, const std::string& title)
{
    SoloReport report;
    midi::write_file(midi::from_score(score), paths.midi);
    report.wav_from_fluidsynth = render_with_fluidsynth(paths.midi, paths.wav);
    if (!report.wav_from_fluidsynth)
        write_wav(paths.wav, synth_notes(score));
    std::vector<RollNote> melody;
    std::vector<RollChord> chords;
    roll_from_score(score, melody_track, chord_tracks, melody, chords);
    RollSettings settings;
    settings.title = title;
    write_file_atomically(paths.roll, piano_roll_svg(melody, chords, settings), "jazzlstm.io.write");
    return report;
}

/// Writes the loss chart and the CSV of a training run.
inline void write_history(const std::vector<EpochRecord>& history, const OutputPaths& paths)
{
    write_file_atomically(paths.loss_csv, history_csv(history), "jazzlstm.io.write");
    write_file_atomically(paths.loss_svg, loss_plot_svg(history), "jazzlstm.io.write");
}

} // namespace jazzlstm::app
