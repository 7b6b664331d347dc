// A small deterministic synthesiser and 16-bit PCM WAV writer, so `jazzlstm improvise` can be
// heard without any sound library; FluidSynth is used instead when it and a GM soundfont exist
// (fluidsynth.hpp). Both are held to one cap on the render's length, checked before rendering.
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
    drum,   ///< unpitched: the pitch is a General MIDI percussion key (ride, hi-hat, bass drum, ...)
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

    /// How one General MIDI percussion key is drawn: noise for the metal and the snare's wires,
    /// a falling sine for the drum heads. A struck instrument rings for its own time whatever the
    /// MIDI note's length, so the sound's length is `ring` seconds from the onset.
    struct DrumShape {
        double ring;          // seconds of sound from the onset
        double noise_decay;   // time constant of the noise, seconds; 0 = no noise
        double noise_gain;
        double brightness;    // 0..1: how much of the noise is its high-passed part (cymbals near 1)
        double tone_hz;       // start frequency of the head's sine; 0 = none
        double tone_end_hz;   // the sine glides to this (a bass drum's pitch drops as it rings)
        double tone_decay;
        double tone_gain;
    };

    inline DrumShape drum_shape_of(int key)
    {
        switch (key) {
        case 35: case 36:                       // bass drums: a thump, no wires
            return { 0.35, 0.01, 0.15, 0.0, 110, 48, 0.09, 1.0 };
        case 38: case 40:                       // snares: wires over a short head tone
            return { 0.30, 0.07, 0.8, 0.6, 190, 170, 0.05, 0.5 };
        case 37: case 39:                       // side stick, hand clap
            return { 0.12, 0.025, 0.8, 0.7, 0, 0, 0, 0 };
        case 42: return { 0.12, 0.025, 0.6, 0.95, 0, 0, 0, 0 };   // closed hi-hat
        case 44: return { 0.10, 0.018, 0.5, 0.95, 0, 0, 0, 0 };   // pedal hi-hat: the foot's "chick"
        case 46: return { 0.60, 0.16, 0.5, 0.95, 0, 0, 0, 0 };    // open hi-hat
        case 49: case 52: case 55: case 57:     // crash, china, splash: long wash
            return { 2.5, 0.7, 0.45, 0.9, 0, 0, 0, 0 };
        case 51: case 59: case 53:              // rides and the bell: a ping that keeps shimmering
            return { 1.6, 0.45, 0.35, 0.97, 0, 0, 0, 0 };
        default:
            break;
        }
        if (key >= 41 && key <= 50) // toms, low to high: a pitched head, higher keys higher
            return { 0.45, 0.03, 0.2, 0.3, 80 + 12.0 * (key - 41), 70 + 10.0 * (key - 41), 0.14, 0.9 };
        return { 0.15, 0.04, 0.5, 0.7, 0, 0, 0, 0 }; // other percussion: a short knock
    }

    /// Seconds from a note's onset to the end of its sound.
    inline double sounding_seconds(const SynthNote& n)
    {
        if (n.timbre == Timbre::drum)
            return drum_shape_of(n.pitch).ring;
        return n.duration + shape_of(n.timbre).release;
    }

    /// Adds one drum stroke to the interleaved `out` (`frames` frames from the onset), the same
    /// in every channel: the kit sits in the middle, as a drummer behind the band. The noise comes
    /// from a generator seeded by the key and the onset, so a render is reproducible.
    inline void add_drum(float* out, std::size_t frames, std::size_t channels, double rate, const SynthNote& n)
    {
        const DrumShape d = drum_shape_of(n.pitch);
        const double amplitude = std::pow(n.velocity / 127.0, 1.5);
        std::uint32_t state = 0x9E3779B9u ^ (static_cast<std::uint32_t>(n.pitch) * 0x85EBCA6Bu)
            ^ static_cast<std::uint32_t>(std::llround(n.onset * rate));
        if (state == 0)
            state = 1;
        double previous_white = 0, low = 0;
        const double noise_fall = d.noise_decay > 0 ? std::exp(-1.0 / (d.noise_decay * rate)) : 0.0;
        const double tone_fall = d.tone_decay > 0 ? std::exp(-1.0 / (d.tone_decay * rate)) : 0.0;
        const double glide = d.tone_hz > 0 ? std::pow(d.tone_end_hz / d.tone_hz, 1.0 / (d.ring * rate)) : 1.0;
        double noise_level = d.noise_gain, tone_level = d.tone_gain, tone_hz = d.tone_hz, phase = 0;
        const std::size_t attack = static_cast<std::size_t>(0.001 * rate) + 1;  // 1 ms: no click
        const std::size_t fade = static_cast<std::size_t>(0.02 * rate) + 1;     // the ring's end fades out
        for (std::size_t s = 0; s < frames; ++s) {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            const double white = static_cast<double>(state) / 2147483648.0 - 1.0;
            // First difference = high-passed (cymbal sizzle); a one-pole low-pass = the darker body.
            const double high = 0.5 * (white - previous_white);
            previous_white = white;
            low += 0.2 * (white - low);
            double value = noise_level * (d.brightness * high + (1 - d.brightness) * low);
            if (d.tone_hz > 0) {
                value += tone_level * std::sin(phase);
                phase += 2 * pi * tone_hz / rate;
                tone_hz *= glide;
                tone_level *= tone_fall;
            }
            noise_level *= noise_fall;
            double envelope = ramp(static_cast<double>(s) / static_cast<double>(attack));
            if (s + fade > frames)
                envelope *= ramp(static_cast<double>(frames - s) / static_cast<double>(fade));
            for (std::size_t c = 0; c < channels; ++c)
                out[s * channels + c] += static_cast<float>(value * amplitude * envelope);
        }
    }

} // namespace detail

/// The cap on a render's length, checked before anything is rendered (both synthesisers).
/// @throws limit_error `jazzlstm.wav.too_long` naming the length, the cap and what to do.
inline void check_render_length(double seconds, double max_seconds)
{
    if (!(seconds <= max_seconds))
        throw limit_error("jazzlstm.wav.too_long",
            "the solo would last " + std::to_string(static_cast<long long>(std::ceil(seconds))) + " s, over the cap of "
                + std::to_string(static_cast<long long>(max_seconds))
                + " s for its WAV; improvise over fewer bars (--window LO:HI) or with fewer tokens per bar (--ty)");
}

namespace detail {

    /// The float mix of `notes` (interleaved) and its absolute peak; checks as synthesize().
    inline std::vector<float> mix_notes(const std::vector<SynthNote>& notes, const SynthSettings& settings, float& peak)
    {
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
            end = std::max(end, n.onset + sounding_seconds(n));
        }
        check_render_length(end + settings.tail, settings.max_seconds);
        const double total_seconds = end + settings.tail;
        const std::size_t frames = static_cast<std::size_t>(std::ceil(total_seconds * rate));
        const std::size_t channels = static_cast<std::size_t>(settings.channels);
        std::vector<float> mix(frames * channels, 0.0f);
        for (const SynthNote& n : notes) {
            if (n.timbre == Timbre::drum) {
                const auto first = std::min(frames, static_cast<std::size_t>(std::llround(n.onset * rate)));
                const std::size_t length = std::min(frames - first, static_cast<std::size_t>(std::llround(sounding_seconds(n) * rate)));
                add_drum(mix.data() + first * channels, length, channels, rate, n);
                continue;
            }
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
        peak = 0;
        for (float v : mix)
            peak = std::max(peak, std::fabs(v));
        return mix;
    }

    /// Samples [first, last) of the mix as 16-bit values under one global gain.
    inline void to_pcm(const std::vector<float>& mix, double gain, std::size_t first, std::size_t last, std::int16_t* out)
    {
        for (std::size_t i = first; i < last; ++i) {
            const double v = std::nearbyint(mix[i] * gain);
            out[i - first] = static_cast<std::int16_t>(std::clamp(v, -32767.0, 32767.0));
        }
    }

} // namespace detail

/// Renders `notes` to interleaved 16-bit samples. Identical input gives identical samples.
/// Allocates: the output buffer and one float mix buffer of the same length.
/// @throws argument_error `jazzlstm.wav.bad_note` for a negative/non-finite time, a pitch outside 0..127
///         or a velocity outside 1..127; `jazzlstm.wav.bad_settings` for an unsupported rate or channel count;
///         limit_error `jazzlstm.wav.too_long` when the render would exceed `settings.max_seconds`.
inline std::vector<std::int16_t> synthesize(const std::vector<SynthNote>& notes, const SynthSettings& settings = {})
{
    float peak = 0;
    const std::vector<float> mix = detail::mix_notes(notes, settings, peak);
    // Normalise the whole piece to one peak: a global gain keeps the dynamics and never clips.
    const double gain = peak > 0 ? settings.peak * 32767.0 / peak : 0.0;
    std::vector<std::int16_t> samples(mix.size());
    detail::to_pcm(mix, gain, 0, mix.size(), samples.data());
    return samples;
}

/// The canonical 44-byte header of a 16-bit PCM WAV file with `data_size` bytes of samples.
/// @throws limit_error `jazzlstm.wav.too_long` when the data does not fit the format's 32-bit sizes.
inline std::vector<std::uint8_t> wav_header(std::uint64_t data_size, int channels, int sample_rate)
{
    if (data_size > 0xFFFFFFFFull - 36)
        throw limit_error("jazzlstm.wav.too_long", "a WAV file holds at most 4 GiB of samples");
    const auto size = static_cast<std::uint32_t>(data_size);
    std::vector<std::uint8_t> out(44);
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
    u32(36 + size);
    tag("WAVE");
    tag("fmt ");
    u32(16);
    u16(1); // PCM
    u16(static_cast<std::uint32_t>(channels));
    u32(static_cast<std::uint32_t>(sample_rate));
    u32(static_cast<std::uint32_t>(sample_rate * channels * 2));
    u16(static_cast<std::uint32_t>(channels * 2));
    u16(16);
    tag("data");
    u32(size);
    return out;
}

/// The bytes of a canonical 44-byte-header PCM WAV file holding `samples` (interleaved, 16-bit).
/// Allocates: the result.
inline std::vector<std::uint8_t> wav_bytes(const std::vector<std::int16_t>& samples, int channels, int sample_rate)
{
    std::vector<std::uint8_t> out = wav_header(std::uint64_t { samples.size() } * 2, channels, sample_rate);
    // Written by index into a sized buffer (GCC 12 misreads insert-after-reserve as an overflow).
    std::size_t at = out.size();
    out.resize(at + samples.size() * 2);
    for (std::int16_t s : samples) {
        const auto v = static_cast<std::uint16_t>(s);
        out[at++] = static_cast<std::uint8_t>(v);
        out[at++] = static_cast<std::uint8_t>(v >> 8);
    }
    return out;
}

/// Renders `notes` and writes the WAV into `file` (header, then the samples in pieces of 64 Ki
/// values, so the samples never exist twice in memory). Identical bytes to wav_bytes(synthesize()).
/// @throws as synthesize(); io_error from the file. Allocates: the float mix and one piece.
inline void write_wav(TemporaryFile& file, const std::vector<SynthNote>& notes, const SynthSettings& settings = {})
{
    float peak = 0;
    const std::vector<float> mix = detail::mix_notes(notes, settings, peak);
    const double gain = peak > 0 ? settings.peak * 32767.0 / peak : 0.0;
    file.write(wav_header(std::uint64_t { mix.size() } * 2, settings.channels, settings.sample_rate));
    constexpr std::size_t piece = 1 << 16;
    std::vector<std::int16_t> samples(piece);
    std::vector<std::uint8_t> bytes(2 * piece);
    for (std::size_t first = 0; first < mix.size(); first += piece) {
        const std::size_t last = std::min(mix.size(), first + piece);
        detail::to_pcm(mix, gain, first, last, samples.data());
        for (std::size_t k = 0; k < last - first; ++k) {
            const auto v = static_cast<std::uint16_t>(samples[k]);
            bytes[2 * k] = static_cast<std::uint8_t>(v);
            bytes[2 * k + 1] = static_cast<std::uint8_t>(v >> 8);
        }
        file.write(bytes.data(), 2 * (last - first));
    }
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

/// The notes of every track of `score` in seconds, timbre by program; notes on channel 10 are
/// the drum kit (their pitch is the General MIDI percussion key).
inline std::vector<SynthNote> synth_notes(const midi::Score& score)
{
    std::vector<SynthNote> notes;
    for (const auto& track : score.tracks) {
        const Timbre pitched = timbre_for_program(track.program);
        for (const auto& n : track.notes) {
            const Timbre timbre = n.channel == 9 ? Timbre::drum : pitched;
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

/// Seconds from the start of `score` to the end of its last note (its MIDI file's length).
inline double score_seconds(const midi::Score& score)
{
    double end = 0;
    for (const auto& track : score.tracks)
        for (const auto& n : track.notes)
            end = std::max(end, n.onset + n.duration);
    return seconds_at(score, end);
}

/// Renders and writes a WAV file atomically. @throws as synthesize(), io_error on write failure.
inline void write_wav(const std::filesystem::path& path, const std::vector<SynthNote>& notes, const SynthSettings& settings = {})
{
    TemporaryFile file(path, "jazzlstm.io.write");
    write_wav(file, notes, settings);
    file.sync();
    file.commit();
}

} // namespace jazzlstm::app
