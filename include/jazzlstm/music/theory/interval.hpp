// Directed intervals as the grammar needs them (grammar-spec §6, standard library only): music21's
// interval names, reading them back, and diatonic and chromatic transposition.
#pragma once

#include <jazzlstm/core/error.hpp>
#include <jazzlstm/music/theory/pitch.hpp>

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace jazzlstm {

// ---------------------------------------------------------------------------------------
// Intervals (§6)

/// A directed interval as the grammar needs it: diatonic steps (`staff`, e.g. +2 for a
/// third up, -3 for a fourth down) and semitones. Its music21 `directedName` follows from
/// these two numbers alone (§6.1).
struct Interval {
    int staff = 0;
    int semitones = 0;

    /// Generic number with sign: staff+1 upwards (a unison is 1), staff−1 downwards.
    int generic() const noexcept { return staff >= 0 ? staff + 1 : staff - 1; }
    /// music21 `directedName` ("M-2", "P1", "d1", "dd5"). @throws argument_error
    /// `jazzlstm.theory.bad_interval` when the quality would need more than four d or A.
    std::string name() const;

    bool operator==(const Interval& o) const noexcept { return staff == o.staff && semitones == o.semitones; }
    bool operator!=(const Interval& o) const noexcept { return !(*this == o); }
};

namespace detail {
    constexpr std::array<int, 7> major_offsets = { 0, 2, 4, 5, 7, 9, 11 };

    /// Index into the specifier tables, or nullopt when out of range (music21 throws).
    inline std::optional<std::string_view> interval_specifier(int staff, int semis) noexcept
    {
        static constexpr std::array<std::string_view, 9> perfect = { "dddd", "ddd", "dd", "d", "P", "A", "AA", "AAA", "AAAA" };
        static constexpr std::array<std::string_view, 10> imperfect = { "dddd", "ddd", "dd", "d", "m", "M", "A", "AA", "AAA", "AAAA" };
        const int g = staff >= 0 ? staff + 1 : staff - 1;
        const int u = g < 0 ? -g : g;
        const int simple = (u - 1) % 7 + 1;
        const int octs = (u - 1) / 7;
        const int normal = major_offsets[static_cast<std::size_t>(simple - 1)] + 12 * octs;
        const int sign_g = g > 0 ? 1 : -1;
        const int sign_s = semis > 0 ? 1 : (semis < 0 ? -1 : 0);
        const int abs_s = semis < 0 ? -semis : semis;
        int these;
        if (g != 1 && sign_g != sign_s && semis != 0)
            these = -abs_s; // crossed, e.g. a diminished second spelled downwards
        else if (u == 1)
            these = semis; // signed: a falling chromatic unison is d1
        else
            these = abs_s;
        if (simple == 1 || simple == 4 || simple == 5) {
            const int index = 4 + these - normal;
            if (index < 0 || index >= static_cast<int>(perfect.size()))
                return std::nullopt;
            return perfect[static_cast<std::size_t>(index)];
        }
        const int index = 5 + these - normal;
        if (index < 0 || index >= static_cast<int>(imperfect.size()))
            return std::nullopt;
        return imperfect[static_cast<std::size_t>(index)];
    }
} // namespace detail

/// music21 `directedName` of the interval with `staff` diatonic steps and `semis` semitones
/// (§6.1). @throws argument_error `jazzlstm.theory.bad_interval` beyond four d or A.
inline std::string interval_name(int staff, int semis)
{
    const auto spec = detail::interval_specifier(staff, semis);
    if (!spec)
        throw argument_error("jazzlstm.theory.bad_interval",
            "no interval name for " + std::to_string(staff) + " diatonic steps and " + std::to_string(semis) + " semitones");
    const int g = staff >= 0 ? staff + 1 : staff - 1;
    return std::string(*spec) + std::to_string(g);
}

inline std::string Interval::name() const { return interval_name(staff, semitones); }

/// The interval from `from` to `to` (music21 `Interval(from, to)`). Allocates: no.
inline Interval interval_between(const SpelledPitch& from, const SpelledPitch& to) noexcept
{
    return Interval { to.dnn() - from.dnn(), to.ps() - from.ps() };
}

/// `interval.add([d, "m3"])` in closed form (§6.3): two more steps, three more semitones.
constexpr Interval add_minor_third(Interval d) noexcept { return Interval { d.staff + 2, d.semitones + 3 }; }
/// `interval.subtract([d, "m3"])` in closed form (§6.3).
constexpr Interval subtract_minor_third(Interval d) noexcept { return Interval { d.staff - 2, d.semitones - 3 }; }

/// Largest |generic number| accepted when reading interval names; three octaves more than
/// any two MIDI notes can span.
constexpr int max_generic_number = 99;

/// Reads a directed interval name: specifier (P M m, d…dddd, A…AAAA) followed by a signed
/// generic number without '+' or leading zeros ("M-2", "P1", "dd5", "A-4"). The specifier
/// must be one music21 can produce for that number (no "P3", no "m5"), and there is no
/// descending unison ("P-1"). Returns nullopt when malformed. Allocates: no.
inline std::optional<Interval> parse_interval(std::string_view text) noexcept
{
    std::size_t i = 0;
    while (i < text.size() && (text[i] == 'P' || text[i] == 'M' || text[i] == 'm' || text[i] == 'd' || text[i] == 'A'))
        ++i;
    const std::string_view spec = text.substr(0, i);
    if (spec.empty() || spec.size() > 4)
        return std::nullopt;
    bool negative = false;
    if (i < text.size() && text[i] == '-') {
        negative = true;
        ++i;
    }
    const std::size_t digits_at = i;
    int u = 0;
    for (; i < text.size(); ++i) {
        if (text[i] < '0' || text[i] > '9' || i - digits_at >= 3)
            return std::nullopt;
        u = u * 10 + (text[i] - '0');
    }
    if (i == digits_at || text[digits_at] == '0' || u > max_generic_number || (negative && u == 1))
        return std::nullopt;
    // Offset of the specifier from the perfect/major quality.
    int shift;
    const int simple = (u - 1) % 7 + 1;
    const bool perfectable = simple == 1 || simple == 4 || simple == 5;
    const char c = spec[0];
    for (char other : spec)
        if (other != c)
            return std::nullopt;
    if (c == 'P' || c == 'M' || c == 'm') {
        if (spec.size() != 1 || (c == 'P') != perfectable)
            return std::nullopt;
        shift = c == 'm' ? -1 : 0;
    } else if (c == 'd') {
        shift = -static_cast<int>(spec.size()) - (perfectable ? 0 : 1);
    } else {
        shift = static_cast<int>(spec.size());
    }
    const int octs = (u - 1) / 7;
    const int these = detail::major_offsets[static_cast<std::size_t>(simple - 1)] + 12 * octs + shift;
    Interval out;
    out.staff = negative ? -(u - 1) : u - 1;
    if (u == 1)
        out.semitones = these;
    else
        out.semitones = negative ? -these : these;
    // A name that §6.1 would spell differently (e.g. a "crossed" reading that is ambiguous)
    // is not one music21 produces.
    const auto again = detail::interval_specifier(out.staff, out.semitones);
    if (!again || *again != spec)
        return std::nullopt;
    return out;
}

/// Diatonic transposition as music21's `Pitch.transpose(Interval)`: the letter moves by
/// `d.staff` steps and the accidental is chosen to land `d.semitones` above (or below).
/// Beyond four sharps or flats music21 re-spells plainly; here that is the default spelling
/// of the target (its extra octave quirk for a correction of 12 or more cannot arise from
/// the intervals the grammar reads). The pitch-space value is always from.ps() + semitones.
inline SpelledPitch transpose(const SpelledPitch& from, Interval d) noexcept
{
    const int target_ps = from.ps() + d.semitones;
    const int target_dnn = from.dnn() + d.staff;
    // dnn = 7·octave + letter + 1
    SpelledPitch out;
    out.letter = detail::floor_mod(target_dnn - 1, 7);
    out.octave = detail::floor_div(target_dnn - 1, 7);
    out.alter = 0;
    out.alter = target_ps - out.ps();
    if (out.alter > 4 || out.alter < -4)
        return spell_midi(target_ps);
    return out;
}

/// Chromatic transposition followed by music21's `simplifyEnharmonic`: the default
/// spelling of ps + semitones (how unparse's candidate pitches are spelled).
inline SpelledPitch transpose_chromatic(const SpelledPitch& from, int semitones) noexcept
{
    return spell_midi(from.ps() + semitones);
}

} // namespace jazzlstm
