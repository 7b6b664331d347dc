// What the jazzlstm program writes: the solo as MIDI + WAV + SVG piano roll, and the training
// history as an SVG loss chart + CSV, all of one run in one OutputSet (core/output_set.hpp), so
// they are written all or nothing. One place decides the file names, so every subcommand agrees,
// and refuses names that would overwrite an input.
#pragma once

#include "child_process.hpp"
#include "fluidsynth.hpp"
#include "options.hpp"
#include "plot.hpp"
#include "svg.hpp"
#include "wav.hpp"

#include <jazzlstm/core/error.hpp>
#include <jazzlstm/core/output_set.hpp>
#include <jazzlstm/improv/solo.hpp>
#include <jazzlstm/music/midi.hpp>
#include <jazzlstm/music/notes.hpp>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include <stdlib.h> // mkdtemp, setenv

namespace jazzlstm::app {

/// The files of one run. `--out solo.mid` (or `--out solo`) gives solo.mid, solo.wav, solo.svg,
/// solo.loss.svg, solo.loss.csv and solo.model.json beside each other; `--out DIR/` (or an
/// existing folder) puts the default names in DIR.
struct OutputPaths {
    std::filesystem::path midi, wav, roll, loss_svg, loss_csv, model;
    std::filesystem::path musicxml, pdf; // the lead sheet (issue 12)
};

inline OutputPaths output_paths(const std::string& out, const std::string& default_base)
{
    std::filesystem::path base = out.empty() ? std::filesystem::path(default_base) : std::filesystem::path(out);
    std::error_code ec;
    if (!out.empty() && (out.back() == '/' || std::filesystem::is_directory(base, ec)))
        base /= default_base;
    const std::string ext = base.extension().string();
    if (ext == ".mid" || ext == ".midi" || ext == ".wav" || ext == ".svg" || ext == ".musicxml" || ext == ".pdf")
        base.replace_extension();
    auto with = [&](const char* suffix) {
        std::filesystem::path p = base;
        p += suffix;
        return p;
    };
    return { with(".mid"), with(".wav"), with(".svg"), with(".loss.svg"), with(".loss.csv"), with(".model.json"), with(".musicxml"), with(".pdf") };
}

/// The base name of a solo's files when --out is not given: `song-solo` for song.mid (in the
/// current folder), so the default can never be the input itself; `solo` for the embedded corpus.
inline std::string default_solo_base(const std::string& input, const std::string& embedded_name)
{
    if (input.empty() || input == embedded_name)
        return "solo";
    const std::string stem = std::filesystem::path(input).stem().string();
    return (stem.empty() ? std::string("solo") : stem + "-solo");
}

/// Refuses, before any work, an output that is the same file as an input: by identity when both
/// exist (hard links and symlinks included), else by canonical path.
/// @throws usage_error `jazzlstm.cli.output_is_input` (exit 2) naming both.
inline void refuse_overwriting_inputs(const std::vector<std::pair<std::string, std::filesystem::path>>& outputs,
    const std::vector<std::pair<std::string, std::filesystem::path>>& inputs)
{
    for (const auto& [what, out] : outputs) {
        for (const auto& [role, in] : inputs) {
            std::error_code ec;
            bool same = std::filesystem::exists(out, ec) && std::filesystem::exists(in, ec) && std::filesystem::equivalent(out, in, ec);
            if (!same) {
                std::error_code e1, e2;
                const auto a = std::filesystem::weakly_canonical(out, e1);
                const auto b = std::filesystem::weakly_canonical(in, e2);
                same = !e1 && !e2 && a == b;
            }
            if (same) {
                error_context c;
                c.file = out.string();
                throw usage_error("jazzlstm.cli.output_is_input",
                    "the " + what + " " + out.string() + " would overwrite the " + role + " " + in.string()
                        + "; choose another name with --out",
                    c);
            }
        }
    }
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

/// What add_solo() did, for the report.
struct SoloReport {
    bool wav_from_fluidsynth = false;
    std::string wav_warning; ///< why FluidSynth's render was not used, when it was tried
    double seconds = 0;      ///< the solo's length
};

/// Puts the solo's MIDI, WAV and SVG (the piano roll over its own chords, `roll`: the title, and
/// the source's register band and bar numbers when known) into `set`, computed in full: the render's length is checked
/// against the cap first (both synthesisers), the MIDI bytes go to their temporary, FluidSynth
/// (when installed) renders from it into the WAV's temporary and its result is verified; when it
/// fails the built-in synthesiser renders instead and the reason is in the report.
/// @throws limit_error `jazzlstm.wav.too_long`, the MIDI writer's errors, io_error with the system's reason.
/// Allocates: the outputs (the WAV goes to its temporary file, not to memory).
inline SoloReport add_solo(OutputSet& set, const Solo& solo, const midi::Score& score, const OutputPaths& paths,
    const RollSettings& roll, const SynthSettings& synth = {})
{
    SoloReport report;
    report.seconds = score_seconds(score);
    check_render_length(report.seconds + synth.tail, synth.max_seconds);
    const std::vector<std::uint8_t> midi_bytes = midi::serialize(midi::from_score(score));
    std::vector<RollNote> melody;
    std::vector<RollChord> chords;
    roll_of_solo(solo, melody, chords);
    std::string svg = piano_roll_svg(melody, chords, roll);

    TemporaryFile& midi_file = set.reserve(paths.midi);
    midi_file.write(midi_bytes);
    TemporaryFile& wav = set.reserve(paths.wav);
    WavExpectation want;
    want.seconds = report.seconds;
    const FluidSynthOutcome fluid = render_with_fluidsynth(midi_file, wav, want);
    report.wav_from_fluidsynth = fluid.ok;
    if (!fluid.ok) {
        if (fluid.used)
            report.wav_warning = fluid.problem + "; the WAV comes from the built-in synthesiser";
        wav.truncate();
        write_wav(wav, synth_notes(score), synth);
    }
    set.add(paths.roll, std::move(svg));
    return report;
}

/// Puts the loss chart and the CSV of a training run into `set`.
/// @throws the plot's errors (an empty or non-finite history).
inline void add_history(OutputSet& set, const std::vector<EpochRecord>& history, const OutputPaths& paths)
{
    set.add(paths.loss_csv, history_csv(history));
    set.add(paths.loss_svg, loss_plot_svg(history));
}

/// add_solo() into a set of its own, committed. @throws as add_solo and OutputSet::commit.
inline SoloReport write_solo(const Solo& solo, const midi::Score& score, const OutputPaths& paths, const RollSettings& roll)
{
    OutputSet set;
    const SoloReport report = add_solo(set, solo, score, paths, roll);
    set.commit();
    return report;
}

/// write_solo() with a piano roll titled `title` and nothing else marked.
inline SoloReport write_solo(const Solo& solo, const midi::Score& score, const OutputPaths& paths, const std::string& title)
{
    RollSettings roll;
    roll.title = title;
    return write_solo(solo, score, paths, roll);
}

// --- the lead sheet (issue 12) ---

/// Which notation program can print a lead sheet: "mscore3" (MuseScore 3), "lilypond"
/// (musicxml2ly + lilypond), or "" when neither is on the PATH.
inline std::string notation_program()
{
    if (!find_on_path("mscore3").empty())
        return "mscore3";
    if (!find_on_path("musicxml2ly").empty() && !find_on_path("lilypond").empty())
        return "lilypond";
    return "";
}

/// A lead sheet printed to PDF by a notation program: its name and the PDF's bytes.
struct PrintedSheet {
    std::string program; ///< "" when no notation program is installed (no bytes then)
    std::string pdf;
};

/// Prints the MusicXML text `musicxml` to PDF with the notation program, run as a checked child
/// (no shell, a time limit, killed with us) in a private temporary directory (mkdtemp) that is
/// removed afterwards, so that the PDF joins the run's output set like every other file. `label`
/// names the lead sheet in errors.
/// @throws io_error `jazzlstm.cli.pdf` when the program fails (its messages are in the error) or
///         the temporary directory cannot be made. Allocates: the PDF.
inline PrintedSheet print_pdf(const std::string& musicxml, const std::string& label)
{
    PrintedSheet printed;
    printed.program = notation_program();
    if (printed.program.empty())
        return printed;
    error_context context;
    context.file = label;
    std::error_code ec;
    std::string pattern = (std::filesystem::temp_directory_path(ec) / "jazzlstm-pdf-XXXXXX").string();
    if (ec || !::mkdtemp(pattern.data()))
        throw io_error("jazzlstm.cli.pdf", std::string("cannot make a temporary directory for the PDF: ") + std::strerror(errno), context);
    struct Cleanup {
        std::filesystem::path dir;
        ~Cleanup()
        {
            std::error_code ignored;
            std::filesystem::remove_all(dir, ignored);
        }
    } cleanup { pattern };
    const std::filesystem::path dir = pattern, xml = dir / "lead.musicxml", made = dir / "lead.pdf";
    {
        std::ofstream out(xml, std::ios::binary);
        out << musicxml;
        if (!out.flush())
            throw io_error("jazzlstm.cli.pdf", "cannot write the lead sheet for the notation program", context);
    }
    ChildLimits limits;
    limits.seconds = 120;
    const auto run = [&](const char* program, const std::vector<std::string>& args) {
        const ChildResult result = run_child(find_on_path(program), args, {}, limits);
        if (!result.ok())
            throw io_error("jazzlstm.cli.pdf", "the lead sheet could not be printed: " + result.describe(program) + "; " + result.errors.substr(0, 2000),
                context);
    };
    if (printed.program == "mscore3") {
        ::setenv("QT_QPA_PLATFORM", "offscreen", 0); // MuseScore needs no display for printing
        run("mscore3", { "mscore3", "-o", made.string(), xml.string() });
    } else {
        const std::string ly = (dir / "lead.ly").string();
        run("musicxml2ly", { "musicxml2ly", "--output=" + ly, xml.string() });
        run("lilypond", { "lilypond", "-s", "-o", (dir / "lead").string(), ly });
    }
    if (!std::filesystem::is_regular_file(made, ec) || std::filesystem::file_size(made, ec) == 0)
        throw io_error("jazzlstm.cli.pdf", printed.program + " wrote no PDF of the lead sheet", context);
    std::ifstream in(made, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    printed.pdf = bytes.str();
    return printed;
}

// --- end of the lead sheet ---

/// add_history() into a set of its own, committed.
inline void write_history(const std::vector<EpochRecord>& history, const OutputPaths& paths)
{
    OutputSet set;
    add_history(set, history, paths);
    set.commit();
}

} // namespace jazzlstm::app
