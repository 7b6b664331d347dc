// Rendering the solo with FluidSynth when it and a General MIDI soundfont are installed, as a
// checked child (child_process.hpp): it reads the MIDI bytes and writes the WAV through
// descriptors of our own temporaries (/dev/fd/3 and /dev/fd/4, so no name of ours is ever read
// as an option or followed as a symlink), within a time and a size derived from the solo's
// duration, and its WAV counts only when its header is that of 16-bit stereo PCM at 44.1 kHz
// whose data fills the file and lasts as long as the solo (within one release tail). FluidSynth
// exits 0 when its writes fail (a full disk), so its exit status alone proves nothing.
#pragma once

#include "child_process.hpp"

#include <jazzlstm/core/atomic_file.hpp>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

namespace jazzlstm::app {

/// The soundfont FluidSynth renders with: $JAZZLSTM_SOUNDFONT when set, else Debian's
/// FluidR3_GM (package fluid-soundfont-gm).
inline std::filesystem::path soundfont_path()
{
    const char* chosen = std::getenv("JAZZLSTM_SOUNDFONT");
    return chosen && *chosen ? std::filesystem::path(chosen) : std::filesystem::path("/usr/share/sounds/sf2/FluidR3_GM.sf2");
}

/// The soundfont FluidSynth would use, if it and `fluidsynth` are installed; "" otherwise.
inline std::filesystem::path fluidsynth_soundfont()
{
    const std::filesystem::path soundfont = soundfont_path();
    std::error_code ec;
    if (!find_on_path("fluidsynth").empty() && std::filesystem::is_regular_file(soundfont, ec))
        return soundfont;
    return {};
}

/// The render's format, and how far its length may differ from the solo's.
struct WavExpectation {
    double seconds = 0;      ///< the solo's duration: the end of its last note
    int sample_rate = 44100;
    int channels = 2;
    double early = 0.1;      ///< FluidSynth stops on 64-frame periods
    double tail = 10.0;      ///< the release of the last notes (FluidR3's longest release is a few seconds)
};

namespace detail {

    inline std::uint32_t le(const unsigned char* p, int bytes)
    {
        std::uint32_t v = 0;
        for (int k = bytes - 1; k >= 0; --k)
            v = (v << 8) | p[k];
        return v;
    }

} // namespace detail

/// Why the WAV in `file` is not the complete render `want` describes ("" when it is).
/// Allocates: only the message.
inline std::string wav_problem(const TemporaryFile& file, const WavExpectation& want)
{
    const std::uintmax_t size = file.size();
    unsigned char head[12];
    if (size < 44 || file.read_at(0, head, 12) != 12)
        return "its WAV has " + std::to_string(size) + " bytes, no complete header";
    if (std::string(reinterpret_cast<char*>(head), 4) != "RIFF" || std::string(reinterpret_cast<char*>(head + 8), 4) != "WAVE")
        return "its output is no RIFF/WAVE file";
    if (detail::le(head + 4, 4) + std::uintmax_t { 8 } != size)
        return "its WAV header announces " + std::to_string(detail::le(head + 4, 4) + std::uintmax_t { 8 }) + " bytes but the file has "
            + std::to_string(size) + " (a write failed: is the disk full?)";
    bool have_format = false;
    for (std::uintmax_t at = 12; at + 8 <= size;) {
        unsigned char chunk[24];
        if (file.read_at(at, chunk, 8) != 8)
            break;
        const std::string id(reinterpret_cast<char*>(chunk), 4);
        const std::uintmax_t length = detail::le(chunk + 4, 4);
        if (id == "fmt ") {
            if (length < 16 || file.read_at(at + 8, chunk + 8, 16) != 16)
                return "its WAV format chunk is cut";
            const unsigned format = detail::le(chunk + 8, 2), channels = detail::le(chunk + 10, 2), bits = detail::le(chunk + 22, 2);
            const std::uint32_t rate = detail::le(chunk + 12, 4);
            if ((format != 1 && format != 0xFFFE) || bits != 16 || channels != static_cast<unsigned>(want.channels)
                || rate != static_cast<std::uint32_t>(want.sample_rate))
                return "its WAV is not 16-bit PCM, " + std::to_string(want.channels) + " channels at " + std::to_string(want.sample_rate) + " Hz";
            have_format = true;
        } else if (id == "data") {
            if (!have_format)
                return "its WAV has data before its format";
            if (at + 8 + length != size)
                return "its WAV data chunk announces " + std::to_string(length) + " bytes but " + std::to_string(size - at - 8)
                    + " follow (a write failed: is the disk full?)";
            const double seconds = static_cast<double>(length) / (2.0 * want.channels * want.sample_rate);
            if (seconds < want.seconds - want.early || seconds > want.seconds + want.tail) {
                char text[160];
                std::snprintf(text, sizeof text, "its WAV lasts %.2f s but the solo %.2f s", seconds, want.seconds);
                return text;
            }
            return "";
        }
        at += 8 + length + (length & 1);
    }
    return "its WAV has no data chunk";
}

/// What render_with_fluidsynth did.
struct FluidSynthOutcome {
    bool used = false;       ///< FluidSynth and the soundfont exist, so it was tried
    bool ok = false;         ///< `wav` holds its complete, verified render
    std::string problem;     ///< why not, for a warning
    ChildResult child;
};

/// The time FluidSynth may take: the solo's own duration plus 60 s (it renders many times faster
/// than real time; slower means it is stuck), or $JAZZLSTM_FLUIDSYNTH_TIMEOUT seconds in all.
inline double fluidsynth_time_limit(double solo_seconds)
{
    const char* text = std::getenv("JAZZLSTM_FLUIDSYNTH_TIMEOUT");
    char* end = nullptr;
    const double chosen = text && *text ? std::strtod(text, &end) : 0.0;
    return end && !*end && chosen > 0 ? chosen : 60.0 + solo_seconds;
}

/// Renders the MIDI bytes held by `midi` into `wav` with FluidSynth (when installed) and checks the
/// result against `want`. `wav` must be empty; on failure it may hold anything (the caller
/// truncates it before writing another render). Allocates: the arguments and messages.
inline FluidSynthOutcome render_with_fluidsynth(const TemporaryFile& midi, TemporaryFile& wav, const WavExpectation& want)
{
    FluidSynthOutcome outcome;
    const std::filesystem::path soundfont = fluidsynth_soundfont();
    if (soundfont.empty())
        return outcome;
    outcome.used = true;
    if (::access("/dev/fd", X_OK) != 0) {
        outcome.problem = "FluidSynth needs /dev/fd to read and write our files";
        return outcome;
    }
    const std::string program = find_on_path("fluidsynth");
    const std::vector<std::string> args = { "fluidsynth", "-ni", "-q", "-F", "/dev/fd/3", "-T", "wav", "-O", "s16", "-r",
        std::to_string(want.sample_rate), "--", soundfont.string(), "/dev/fd/4" };
    ChildLimits limits;
    limits.seconds = fluidsynth_time_limit(want.seconds);
    // The most a complete render can hold, and a little for the header and the last period.
    limits.output_bytes = static_cast<std::uintmax_t>((want.seconds + want.tail) * want.sample_rate * want.channels * 2) + 65536;
    limits.watched_descriptor = wav.descriptor();
    outcome.child = run_child(program, args, { wav.descriptor(), midi.descriptor() }, limits);
    if (!outcome.child.ok()) {
        outcome.problem = outcome.child.describe("FluidSynth");
        return outcome;
    }
    const std::string problem = wav_problem(wav, want);
    if (!problem.empty()) {
        outcome.problem = "FluidSynth exited normally but " + problem;
        return outcome;
    }
    outcome.ok = true;
    return outcome;
}

} // namespace jazzlstm::app
