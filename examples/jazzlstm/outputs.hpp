// What the jazzlstm program writes: the solo as MIDI + WAV + SVG piano roll, and the training
// history as an SVG loss chart + CSV. One place decides the file names, so every subcommand agrees.
#pragma once

#include "plot.hpp"
#include "svg.hpp"
#include "wav.hpp"

#include <jazzlstm/core/atomic_file.hpp>
#include <jazzlstm/core/error.hpp>
#include <jazzlstm/improv/solo.hpp>
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

/// The piano roll of a solo: its melody notes (rests skipped) over its own chords, exactly as
/// they were generated (nothing is re-detected from the MIDI notes). Allocates: yes.
inline void roll_of_solo(const Solo& solo, std::vector<RollNote>& melody, std::vector<RollChord>& chords)
{
    melody.clear();
    chords.clear();
    const double quarter = twelfths_per_quarter;
    for (const auto& e : solo.melody)
        if (!e.is_rest && e.duration > 0)
            melody.push_back({ static_cast<double>(e.offset) / quarter, static_cast<double>(e.duration) / quarter, e.midi });
    for (const auto& c : solo.chords)
        if (c.duration > 0 && !c.pitches.empty())
            chords.push_back({ static_cast<double>(c.offset) / quarter, static_cast<double>(c.duration) / quarter, c.pitches });
}

/// What write_solo() did, for the report.
struct SoloReport {
    bool wav_from_fluidsynth = false;
};

/// Writes the solo as MIDI (its score), then WAV (FluidSynth when available, else the built-in
/// synthesiser) and the SVG piano roll of the solo over its own chords (`roll`: the title, and
/// the source's register band and bar numbers when known).
/// @throws the midi writer's errors, io_error when a file cannot be written.
inline SoloReport write_solo(const Solo& solo, const midi::Score& score, const OutputPaths& paths, const RollSettings& roll)
{
    SoloReport report;
    midi::write_file(midi::from_score(score), paths.midi);
    report.wav_from_fluidsynth = render_with_fluidsynth(paths.midi, paths.wav);
    if (!report.wav_from_fluidsynth)
        write_wav(paths.wav, synth_notes(score));
    std::vector<RollNote> melody;
    std::vector<RollChord> chords;
    roll_of_solo(solo, melody, chords);
    write_file_atomically(paths.roll, piano_roll_svg(melody, chords, roll), "jazzlstm.io.write");
    return report;
}

/// write_solo() with a piano roll titled `title` and nothing else marked.
inline SoloReport write_solo(const Solo& solo, const midi::Score& score, const OutputPaths& paths, const std::string& title)
{
    RollSettings roll;
    roll.title = title;
    return write_solo(solo, score, paths, roll);
}

/// Writes the loss chart and the CSV of a training run.
inline void write_history(const std::vector<EpochRecord>& history, const OutputPaths& paths)
{
    write_file_atomically(paths.loss_csv, history_csv(history), "jazzlstm.io.write");
    write_file_atomically(paths.loss_svg, loss_plot_svg(history), "jazzlstm.io.write");
}

} // namespace jazzlstm::app
