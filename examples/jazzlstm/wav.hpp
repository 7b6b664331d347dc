// A small deterministic synthesiser and 16-bit PCM WAV writer, so `jazzlstm improvise` can be
// heard without any sound library; FluidSynth is used instead when it and a GM soundfont exist.
#pragma once

#include <jazzlstm/core/atomic_file.hpp>

#include <jazzlstm/core/error.hpp>
#include <jazzlstm/music/midi.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

namespace jazzlstm::app {

/// Tone colour of a synthesised note.
enum class Timbre {
    pluck,  ///< guitar-like: fast attack, exponential decay, upper partials fading first
    organ,  ///< soft sustained tone for comping chords
};

/// One note to render, in seconds.
struct SynthNote {
    double onset = 0;     ///< seconds from the start
    double duration = 0;  ///< seconds the key is held (the release follows)
    int pitch = 69;       ///< MIDI key number, A4 = 69
    int velocity = 90;    ///< 1..127
    Timbre timbre = Timbre::pluck;
};

struct SynthSettings {
    int sample_rate = 44100;
    int channels = 2;            ///< 1 = mono, 2 = stereo (melody a little right, chords a little left)
    double a4 = 440.0;           ///< tuning reference in Hz
    double tail = 0.5;           ///< silence after the last release, seconds
    double peak = 0.89;          ///< output peak after normalisation (-1 dBFS), so nothing clips
    double max_seconds = 3600;   ///< refuse longer renders (the buffer is allocated up front)
};

namespace detail {

    constexpr double pi = 3.14159265358979323846;

    struct TimbreShape {
        double attack;           // seconds
        double release;          // seconds
        double decay;            // amplitude time constant of the fundamental, seconds; 0 = sustained
        double gain;
        double partials[4];      // amplitudes of harmonics 1..4
    };

    // Partial amplitudes satisfy 2·a2 + a3 + 4·a4 < 1: the waveform then crosses zero exactly
    // twice per period (sin x·(1 + 2a2 cos x + a3(3 − 4 sin²x) + ...) keeps the sign of sin x),
    // so the pitch stays measurable and no partial can dominate the fundamental.
    inline TimbreShape shape_of(Timbre timbre)
    {
        if (timbre == Timbre::organ)
            return { 0.025, 0.12, 0.0, 0.28, { 1.0, 0.30, 0.10, 0.0 } };  // 4-5 notes per chord: keep them under the melody
        return { 0.004, 0.06, 0.8, 1.0, { 1.0, 0.25, 0.15, 0.08 } };
    }

    // Raised-cosine ramp 0→1 over [0, 1]: smooth at both ends, hence no clicks.
    inline double ramp(double x)
    {
        if (x <= 0)
            return 0;
        if (x >= 1)
            return 1;
        return 0.5 - 0.5 * std::cos(pi * x);
    }

} // namespace detail

/// Renders `notes` to interleaved 16-bit samples. Identical input gives identical samples.
/// Allocates: the output buffer and one float mix buffer of the same length.
/// @throws argument_error `jazzlstm.wav.bad_note` for a negative/non-finite time, a pitch outside 0..127
///         or a velocity outside 1..127; `jazzlstm.wav.bad_settings` for an unsupported rate or channel count;
///         limit_error `jazzlstm.wav.too_long` when the render would exceed `settings.max_seconds`.
inline std::vector<std::int16_t> synthesize(const std::vector<SynthNote>& notes, const SynthSettings& settings = {})
{
    using namespace detail;
    if (settings.sample_rate < 8000 || settings.sample_rate > 192000 || (settings.channels != 1 && settings.channels != 2)
        || !(settings.a4 > 0) || !(settings.peak > 0 && settings.peak <= 1) || !(settings.tail >= 0))
        throw argument_error("jazzlstm.wav.bad_settings", "sample rate 8000..192000, 1 or 2 channels, a4 > 0, peak in (0, 1]");
    const double rate = settings.sample_rate;
    double end = 0;
    for (std::size_t i = 0; i < notes.size(); ++i) {
        const SynthNote& n = notes[i];
        if (!std::isfinite(n.onset) || !std::isfinite(n.duration) || n.onset < 0 || n.duration < 0 || n.pitch < 0
            || n.pitch > 127 || n.velocity < 1 || n.velocity > 127) {
            error_context context;
            context.position = i;
            throw argument_error("jazzlstm.wav.bad_note", "note with a negative or non-finite time, or pitch/velocity out of range",
                context);
        }
        end = std::max(end, n.onset + n.duration + shape_of(n.timbre).release);
    }
    const double total_seconds = end + settings.tail;
    if (total_seconds > settings.max_seconds)
        throw limit_error("jazzlstm.wav.too_long",
            "the render would last " + std::to_string(total_seconds) + " s, over the cap of "
                + std::to_string(settings.max_seconds) + " s");
    const std::size_t frames = static_cast<std::size_t>(std::ceil(total_seconds * rate));
    const std::size_t channels = static_cast<std::size_t>(settings.channels);
    std::vector<float> mix(frames * channels, 0.0f);

    for (const SynthNote& n : notes) {
        const TimbreShape shape = shape_of(n.timbre);
        const double frequency = settings.a4 * std::pow(2.0, (n.pitch - 69) / 12.0);
        const double amplitude = shape.gain * std::pow(n.velocity / 127.0, 1.5);
        // Equal-power pan: melody slightly right, chords slightly left.
        const double pan = n.timbre == Timbre::pluck ? 0.60 : 0.40;
        const double left = channels == 2 ? std::cos(pan * pi / 2) * std::sqrt(2.0) : 1.0;
        const double right = channels == 2 ? std::sin(pan * pi / 2) * std::sqrt(2.0) : 1.0;
        const double attack = std::min(shape.attack, std::max(n.duration, 1e-3) / 2);
        const auto first = static_cast<std::size_t>(std::llround(n.onset * rate));
        const auto held = static_cast<std::size_t>(std::llround(n.duration * rate));
        const auto released = static_cast<std::size_t>(std::llround(shape.release * rate));
        const std::size_t last = std::min(frames, first + held + released);
        int partials = 0;
        for (int k = 0; k < 4; ++k)
            if (shape.partials[k] > 0 && frequency * (k + 1) < rate * 0.45)  // no aliasing
                partials = k + 1;
        // Each partial is a rotating phasor and a decaying amplitude advanced by one
        // multiplication per sample: the same sine and exponential as calling sin/exp at every
        // sample, at a fraction of the cost (a song is millions of samples per partial).
        double re[4], im[4], rot_re[4], rot_im[4], level[4], fall[4];
        for (int k = 0; k < partials; ++k) {
            const double step = 2 * pi * frequency * (k + 1) / rate;
            re[k] = 1;
            im[k] = 0;
            rot_re[k] = std::cos(step);
            rot_im[k] = std::sin(step);
            level[k] = shape.partials[k];
            fall[k] = shape.decay > 0 ? std::exp(-(k + 1) / (shape.decay * rate)) : 1.0;
        }
        // The release ramp multiplies the decayed level, so it starts where the decay left off.
        for (std::size_t s = first; s < last; ++s) {
            const double t = static_cast<double>(s - first) / rate;
            double envelope = ramp(t / attack);
            if (s >= first + held)
                envelope *= 1.0 - ramp(static_cast<double>(s - first - held) / static_cast<double>(std::max<std::size_t>(released, 1)));
            double value = 0;
            for (int k = 0; k < partials; ++k) {
                value += level[k] * im[k];
                const double next_re = re[k] * rot_re[k] - im[k] * rot_im[k];
                im[k] = re[k] * rot_im[k] + im[k] * rot_re[k];
                re[k] = next_re;
                level[k] *= fall[k];
            }
            value *= amplitude * envelope;
            if (channels == 2) {
                mix[2 * s] += static_cast<float>(value * left);
                mix[2 * s + 1] += static_cast<float>(value * right);
            } else {
                mix[s] += static_cast<float>(value);
            }
        }
    }

    // Normalise the whole piece to one peak: a global gain keeps the dynamics and never clips.
    float peak = 0;
    for (float v : mix)
        peak = std::max(peak, std::fabs(v));
    const double gain = peak > 0 ? settings.peak * 32767.0 / peak : 0.0;
    std::vector<std::int16_t> samples(mix.size());
    for (std::size_t i = 0; i < mix.size(); ++i) {
        double v = std::nearbyint(mix[i] * gain);
        samples[i] = static_cast<std::int16_t>(std::clamp(v, -32767.0, 32767.0));
    }
    return samples;
}

/// The bytes of a canonical 44-byte-header PCM WAV file holding `samples` (interleaved, 16-bit).
/// Allocates: the result.
inline std::vector<std::uint8_t> wav_bytes(const std::vector<std::int16_t>& samples, int channels, int sample_rate)
{
    const std::uint32_t data_size = static_cast<std::uint32_t>(samples.size() * 2);
    // Written by index into a sized buffer (GCC 12 misreads insert-after-reserve as an overflow).
    std::vector<std::uint8_t> out(44 + static_cast<std::size_t>(data_size));
    std::size_t at = 0;
    auto tag = [&](const char* t) {
        for (int i = 0; i < 4; ++i)
            out[at++] = static_cast<std::uint8_t>(t[i]);
    };
    auto u32 = [&](std::uint32_t v) {
        for (int i = 0; i < 4; ++i)
            out[at++] = static_cast<std::uint8_t>(v >> (8 * i));
    };
    auto u16 = [&](std::uint32_t v) {
        out[at++] = static_cast<std::uint8_t>(v);
        out[at++] = static_cast<std::uint8_t>(v >> 8);
    };
    tag("RIFF");
    u32(36 + data_size);
    tag("WAVE");
    tag("fmt ");
    u32(16);
    u16(1);  // PCM
    u16(static_cast<std::uint32_t>(channels));
    u32(static_cast<std::uint32_t>(sample_rate));
    u32(static_cast<std::uint32_t>(sample_rate * channels * 2));
    u16(static_cast<std::uint32_t>(channels * 2));
    u16(16);
    tag("data");
    u32(data_size);
    for (std::int16_t s : samples)
        u16(static_cast<std::uint16_t>(s));
    return out;
}

/// Seconds at a position in quarter notes, following the score's tempo map (120 bpm before the
/// first tempo event, as the SMF standard says).
inline double seconds_at(const midi::Score& score, double quarters)
{
    const double tpq = score.ticks_per_quarter > 0 ? score.ticks_per_quarter : 480;
    double seconds = 0;
    double position = 0;        // quarters
    double spq = 0.5;           // seconds per quarter
    for (const auto& change : score.tempos) {
        const double at = static_cast<double>(change.tick) / tpq;
        if (at >= quarters)
            break;
        seconds += (at - position) * spq;
        position = at;
        spq = change.microseconds_per_quarter / 1e6;
    }
    return seconds + (quarters - position) * spq;
}

/// Default timbre of a track: keyboards and organs (GM programs 0..23) comp, everything else plucks.
inline Timbre timbre_for_program(int program)
{
    return program >= 0 && program <= 23 ? Timbre::organ : Timbre::pluck;
}

/// The notes of every track of `score` in seconds (channel 10 drums left out), timbre by program.
inline std::vector<SynthNote> synth_notes(const midi::Score& score)
{
    std::vector<SynthNote> notes;
    for (const auto& track : score.tracks) {
        const Timbre timbre = timbre_for_program(track.program);
        for (const auto& n : track.notes) {
            if (n.channel == 9)
                continue;
            SynthNote s;
            s.onset = seconds_at(score, n.onset);
            s.duration = seconds_at(score, n.onset + n.duration) - s.onset;
            s.pitch = n.pitch;
            s.velocity = std::clamp(n.velocity, 1, 127);
            s.timbre = timbre;
            notes.push_back(s);
        }
    }
    return notes;
}

/// Renders and writes a WAV file atomically. @throws as synthesize(), io_error on write failure.
inline void write_wav(const std::filesystem::path& path, const std::vector<SynthNote>& notes, const SynthSettings& settings = {})
{
    write_file_atomically(path, wav_bytes(synthesize(notes, settings), settings.channels, settings.sample_rate), "jazzlstm.io.write");
}

namespace detail {

    inline std::string shell_quote(const std::string& text)
    {
        std::string quoted = "'";
        for (char c : text) {
            if (c == '\'')
                quoted += "'\\''";
            else
                quoted += c;
        }
        return quoted + "'";
    }

    inline bool on_path(const std::string& program)
    {
        const char* path = std::getenv("PATH");
        if (path == nullptr)
            return false;
        std::string all = path;
        std::size_t start = 0;
        while (start <= all.size()) {
            std::size_t colon = all.find(':', start);
            std::string dir = all.substr(start, colon == std::string::npos ? std::string::npos : colon - start);
            if (!dir.empty()) {
                std::error_code ec;
                if (std::filesystem::is_regular_file(std::filesystem::path(dir) / program, ec))
                    return true;
            }
            if (colon == std::string::npos)
                break;
            start = colon + 1;
        }
        return false;
    }

} // namespace detail

/// The General MIDI soundfont FluidSynth would use, if it and `fluidsynth` are installed; "" otherwise.
inline std::filesystem::path fluidsynth_soundfont()
{
    const std::filesystem::path soundfont = "/usr/share/sounds/sf2/FluidR3_GM.sf2";
    std::error_code ec;
    if (detail::on_path("fluidsynth") && std::filesystem::is_regular_file(soundfont, ec))
        return soundfont;
    return {};
}

/// Renders `midi_file` to `wav` with FluidSynth (through a temporary file, renamed when complete).
/// Returns false, leaving `wav` untouched, when FluidSynth or the soundfont is missing or fails;
/// the caller then falls back to synthesize().
inline bool render_with_fluidsynth(const std::filesystem::path& midi_file, const std::filesystem::path& wav)
{
    const std::filesystem::path soundfont = fluidsynth_soundfont();
    if (soundfont.empty())
        return false;
    std::filesystem::path tmp = wav;
    tmp += ".tmp.wav";
    const std::string command = "fluidsynth -ni -F " + detail::shell_quote(tmp.string()) + " -r 44100 "
        + detail::shell_quote(soundfont.string()) + " " + detail::shell_quote(midi_file.string()) + " >/dev/null 2>&1";
    std::error_code ec;
    if (std::system(command.c_str()) != 0 || !std::filesystem::is_regular_file(tmp, ec)
        || std::filesystem::file_size(tmp, ec) <= 44) {
        std::filesystem::remove(tmp, ec);
        return false;
    }
    std::filesystem::rename(tmp, wav, ec);
    if (ec) {
        std::filesystem::remove(tmp, ec);
        return false;
    }
    return true;
}

} // namespace jazzlstm::app
