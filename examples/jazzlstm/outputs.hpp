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
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace jazzlstm::app {

/// The files of one run. `--out solo.mid` (or `--out solo`) gives solo.mid, solo.wav, solo.svg,
/// solo.loss.svg and solo.loss.csv beside each other.
struct OutputPaths {
    std::filesystem::path midi, wav, roll, loss_svg, loss_csv;
    std::filesystem::path musicxml, pdf; // the lead sheet (issue 12)
};

inline OutputPaths output_paths(const std::string& out, const std::string& default_base)
{
    std::filesystem::path base = out.empty() ? std::filesystem::path(default_base) : std::filesystem::path(out);
    const std::string ext = base.extension().string();
    if (ext == ".mid" || ext == ".midi" || ext == ".wav" || ext == ".svg" || ext == ".musicxml" || ext == ".pdf")
        base.replace_extension();
    auto with = [&](const char* suffix) {
        std::filesystem::path p = base;
        p += suffix;
        return p;
    };
    return { with(".mid"), with(".wav"), with(".svg"), with(".loss.svg"), with(".loss.csv"), with(".musicxml"), with(".pdf") };
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
/// synthesiser) and the SVG piano roll of the solo over its own chords.
/// @throws the midi writer's errors, io_error when a file cannot be written.
inline SoloReport write_solo(const Solo& solo, const midi::Score& score, const OutputPaths& paths, const std::string& title)
{
    SoloReport report;
    midi::write_file(midi::from_score(score), paths.midi);
    report.wav_from_fluidsynth = render_with_fluidsynth(paths.midi, paths.wav);
    if (!report.wav_from_fluidsynth)
        write_wav(paths.wav, synth_notes(score));
    std::vector<RollNote> melody;
    std::vector<RollChord> chords;
    roll_of_solo(solo, melody, chords);
    RollSettings settings;
    settings.title = title;
    write_file_atomically(paths.roll, piano_roll_svg(melody, chords, settings), "jazzlstm.io.write");
    return report;
}

// --- the lead sheet (issue 12) ---

/// Which notation program can print a lead sheet: "mscore3" (MuseScore 3), "lilypond"
/// (musicxml2ly + lilypond), or "" when neither is on the PATH.
inline std::string notation_program()
{
    if (detail::on_path("mscore3"))
        return "mscore3";
    if (detail::on_path("musicxml2ly") && detail::on_path("lilypond"))
        return "lilypond";
    return "";
}

/// Prints `musicxml` as `pdf` with the notation program; the PDF appears whole or not at all.
/// Returns the program used, "" when none is installed.
/// @throws io_error `jazzlstm.cli.pdf` when the program fails (its log is in the message).
inline std::string write_pdf(const std::filesystem::path& musicxml, const std::filesystem::path& pdf)
{
    const std::string program = notation_program();
    if (program.empty())
        return "";
    std::error_code ec;
    const std::filesystem::path work = pdf.parent_path().empty() ? std::filesystem::path(".") : pdf.parent_path();
    std::filesystem::path tmp = work / ("." + pdf.filename().string() + ".tmp");
    std::filesystem::path log = tmp;
    log += ".log";
    std::filesystem::path made = tmp;
    made += ".pdf";
    std::string command;
    if (program == "mscore3") {
        command = "QT_QPA_PLATFORM=offscreen mscore3 -o " + detail::shell_quote(made.string()) + " "
            + detail::shell_quote(musicxml.string()) + " >" + detail::shell_quote(log.string()) + " 2>&1";
    } else {
        std::filesystem::path ly = tmp;
        ly += ".ly";
        command = "musicxml2ly --output=" + detail::shell_quote(ly.string()) + " " + detail::shell_quote(musicxml.string())
            + " >" + detail::shell_quote(log.string()) + " 2>&1 && lilypond -s -o " + detail::shell_quote(tmp.string()) + " "
            + detail::shell_quote(ly.string()) + " >>" + detail::shell_quote(log.string()) + " 2>&1; status=$?; rm -f "
            + detail::shell_quote(ly.string()) + "; exit $status";
    }
    const int status = std::system(command.c_str());
    std::string output;
    {
        std::ifstream in(log);
        std::ostringstream text;
        text << in.rdbuf();
        output = text.str();
    }
    std::filesystem::remove(log, ec);
    if (status != 0 || !std::filesystem::is_regular_file(made, ec) || std::filesystem::file_size(made, ec) == 0) {
        std::filesystem::remove(made, ec);
        error_context context;
        context.file = musicxml.string();
        throw io_error("jazzlstm.cli.pdf", program + " could not print the lead sheet: " + output.substr(0, 2000), context);
    }
    std::filesystem::rename(made, pdf, ec);
    if (ec) {
        std::filesystem::remove(made, ec);
        error_context context;
        context.file = pdf.string();
        throw io_error("jazzlstm.cli.pdf", "cannot move the PDF into place: " + ec.message(), context);
    }
    return program;
}

// --- end of the lead sheet ---

/// Writes the loss chart and the CSV of a training run.
inline void write_history(const std::vector<EpochRecord>& history, const OutputPaths& paths)
{
    write_file_atomically(paths.loss_csv, history_csv(history), "jazzlstm.io.write");
    write_file_atomically(paths.loss_svg, loss_plot_svg(history), "jazzlstm.io.write");
}

} // namespace jazzlstm::app
