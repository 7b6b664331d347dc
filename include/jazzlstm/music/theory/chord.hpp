// Music theory the jazz grammar needs, reproducing music21's behaviour from MIDI numbers
// alone (grammar-spec §4, §6, §7): default spelling, interval names, chord root and
// quality, the Major/Dorian scale the S-test derives, approach tones, and the random
// hexatonic blues scale used when generating. Standard library only.
#pragma once

#include <jazzlstm/core/error.hpp>
#include <jazzlstm/core/random.hpp>
#include <jazzlstm/music/notes.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace jazzlstm {

namespace detail {

    /// Pitch class of the natural letters C D E F G A B.
    constexpr std::array<int, 7> natural_pc = { 0, 2, 4, 5, 7, 9, 11 };
    constexpr std::string_view letter_names = "CDEFGAB";

    constexpr int floor_div(int a, int b) noexcept { return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0); }
    constexpr int floor_mod(int a, int b) noexcept { return a - b * floor_div(a, b); }

    /// music21's fixed spelling table: (letter index, alter) per pitch class.
    constexpr std::array<std::array<int, 2>, 12> default_spelling_table = { {
        { 0, 0 }, { 0, 1 }, { 1, 0 }, { 2, -1 }, { 2, 0 }, { 3, 0 },
        { 3, 1 }, { 4, 0 }, { 4, 1 }, { 5, 0 }, { 6, -1 }, { 6, 0 },
    } };

} // namespace detail

// ---------------------------------------------------------------------------------------
// Spelled pitches (§4)

/// A pitch with its spelling, as music21 keeps it: letter (C=0 … B=6), alteration in
/// semitones (-1 flat, +1 sharp, ±2 double...) and octave.
struct SpelledPitch {
    int letter = 0;
    int alter = 0;
    int octave = 4;

    /// Diatonic note number: 7·octave + letter + 1 (C4 = 29).
    int dnn() const noexcept { return 7 * octave + letter + 1; }
    /// Pitch space number; equals the MIDI number for pitches inside 0..127 (C4 = 60).
    int ps() const noexcept { return 12 * (octave + 1) + detail::natural_pc[static_cast<std::size_t>(letter)] + alter; }
    int pitch_class() const noexcept { return detail::floor_mod(ps(), 12); }

    /// music21 `name`: letter plus '#' per sharp or '-' per flat ("E-", "F##").
    std::string name() const
    {
        std::string out(1, detail::letter_names[static_cast<std::size_t>(letter)]);
        out.append(static_cast<std::size_t>(alter > 0 ? alter : -alter), alter > 0 ? '#' : '-');
        return out;
    }
    /// music21 `nameWithOctave` ("E-5").
    std::string name_with_octave() const { return name() + std::to_string(octave); }

    bool operator==(const SpelledPitch& o) const noexcept { return letter == o.letter && alter == o.alter && octave == o.octave; }
    bool operator!=(const SpelledPitch& o) const noexcept { return !(*this == o); }
};

/// music21's default spelling of a MIDI number (C C# D E- E F F# G G# A B- B, octave =
/// midi/12 − 1, floored). Allocates: no.
inline SpelledPitch spell_midi(int midi) noexcept
{
    const auto& entry = detail::default_spelling_table[static_cast<std::size_t>(detail::floor_mod(midi, 12))];
    return SpelledPitch { entry[0], entry[1], detail::floor_div(midi, 12) - 1 };
}

/// Default name without octave ("E-" for 63).
inline std::string midi_name(int midi) { return spell_midi(midi).name(); }
/// Default name with octave ("E-4" for 63).
inline std::string midi_name_with_octave(int midi) { return spell_midi(midi).name_with_octave(); }

/// Reads a music21 pitch name such as "B-", "F##" or "E-5" (the octave is optional and
/// defaults to 4 and cannot be negative). Returns nullopt for anything else. Allocates: no.
inline std::optional<SpelledPitch> parse_pitch_name(std::string_view text) noexcept
{
    if (text.empty())
        return std::nullopt;
    const auto letter = detail::letter_names.find(text[0]);
    if (letter == std::string_view::npos)
        return std::nullopt;
    SpelledPitch p { static_cast<int>(letter), 0, 4 };
    std::size_t i = 1;
    // music21 never mixes '#' and '-' in one name; the octave cannot be negative here.
    while (i < text.size() && (text[i] == '#' || text[i] == '-')) {
        if (i > 4 || (i > 1 && text[i] != text[i - 1]))
            return std::nullopt;
        p.alter += text[i] == '#' ? 1 : -1;
        ++i;
    }
    if (i < text.size()) {
        int octave = 0;
        std::size_t digits = 0;
        for (; i < text.size(); ++i, ++digits) {
            if (text[i] < '0' || text[i] > '9' || digits >= 3)
                return std::nullopt;
            octave = octave * 10 + (text[i] - '0');
        }
        p.octave = octave;
    }
    return p;
}

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

// ---------------------------------------------------------------------------------------
// Chords (§7.1, §7.2)

/// The two music21 behaviours of `Chord.root()`/`quality` (grammar-spec §0, §7.2). They agree
/// on every Metheny chord; they differ on some others.
enum class ChordBehaviour {
    music21_5, ///< music21 3.1 … 6.1: unique perfect root, else the bass if all are perfect
    music21_6, ///< music21 6.5 … 6.7: first perfect root; an altered unison makes "other"
};

enum class ChordQuality { major, minor, augmented, diminished, other };

/// music21's spelling of the quality ("major", "other"...).
inline std::string_view quality_name(ChordQuality q) noexcept
{
    switch (q) {
    case ChordQuality::major: return "major";
    case ChordQuality::minor: return "minor";
    case ChordQuality::augmented: return "augmented";
    case ChordQuality::diminished: return "diminished";
    case ChordQuality::other: break;
    }
    return "other";
}

/// Default-spelled pitches of a chord, in chord order. Allocates: the result.
inline std::vector<SpelledPitch> spell_chord(const std::vector<int>& midi)
{
    std::vector<SpelledPitch> out;
    out.reserve(midi.size());
    for (int m : midi)
        out.push_back(spell_midi(m));
    return out;
}

namespace detail {
    /// ((dnn(q) − dnn(r)) mod 7) + 1
    inline int chord_step(const SpelledPitch& r, const SpelledPitch& q) noexcept { return floor_mod(q.dnn() - r.dnn(), 7) + 1; }
    /// (ps(q) − ps(r)) mod 12
    inline int chord_semitones(const SpelledPitch& r, const SpelledPitch& q) noexcept { return floor_mod(q.ps() - r.ps(), 12); }
} // namespace detail

/// Index (into `pitches`) of music21's `Chord.root()` (§7.2). @throws argument_error
/// `jazzlstm.theory.empty_chord` for an empty chord. Allocates: a little scratch.
inline std::size_t chord_root_index(const std::vector<SpelledPitch>& pitches, ChordBehaviour behaviour)
{
    if (pitches.empty())
        throw argument_error("jazzlstm.theory.empty_chord", "a chord needs at least one pitch");
    std::vector<std::size_t> unique; // first pitch of each letter, in chord order
    bool seen[7] = {};
    for (std::size_t i = 0; i < pitches.size(); ++i) {
        const auto l = static_cast<std::size_t>(pitches[i].letter);
        if (!seen[l]) {
            seen[l] = true;
            unique.push_back(i);
        }
    }
    if (unique.size() == 1)
        return 0;
    static constexpr std::array<int, 6> order = { 3, 5, 7, 2, 4, 6 };
    // 1/(i+6) scaled by lcm(6..11) = 27720 keeps the score comparison exact.
    static constexpr std::array<int, 6> weight = { 27720 / 6, 27720 / 7, 27720 / 8, 27720 / 9, 27720 / 10, 27720 / 11 };
    const std::size_t needed = unique.size() - 1;
    std::vector<bool> perfect(unique.size());
    std::vector<int> score(unique.size());
    for (std::size_t k = 0; k < unique.size(); ++k) {
        const SpelledPitch& p = pitches[unique[k]];
        bool has[8] = {};
        for (const auto& q : pitches)
            has[detail::chord_step(p, q)] = true;
        bool all = true;
        int s = 0;
        for (std::size_t i = 0; i < order.size(); ++i) {
            const bool h = has[order[i]];
            if (i < needed && !h)
                all = false;
            if (h)
                s += weight[i];
        }
        perfect[k] = all;
        score[k] = s;
    }
    auto best_score = [&]() {
        std::size_t best = 0;
        for (std::size_t k = 1; k < unique.size(); ++k)
            if (score[k] > score[best])
                best = k;
        return unique[best];
    };
    std::size_t perfect_count = 0;
    for (bool b : perfect)
        perfect_count += b ? 1 : 0;
    if (behaviour == ChordBehaviour::music21_6) {
        for (std::size_t k = 0; k < unique.size(); ++k)
            if (perfect[k])
                return unique[k];
        return best_score();
    }
    if (perfect_count == 1) {
        for (std::size_t k = 0; k < unique.size(); ++k)
            if (perfect[k])
                return unique[k];
    }
    if (perfect_count == unique.size()) {
        std::size_t bass = unique[0];
        for (std::size_t k = 1; k < unique.size(); ++k) {
            const auto& c = pitches[unique[k]];
            const auto& b = pitches[bass];
            if (c.dnn() < b.dnn() || (c.dnn() == b.dnn() && c.ps() < b.ps()))
                bass = unique[k];
        }
        return bass;
    }
    return best_score();
}

/// music21's `Chord.quality` for the given root index (§7.2). Allocates: no.
inline ChordQuality chord_quality(const std::vector<SpelledPitch>& pitches, std::size_t root, ChordBehaviour behaviour) noexcept
{
    const SpelledPitch& r = pitches[root];
    std::optional<int> third, fifth, unison;
    bool mixed_thirds = false, mixed_fifths = false, mixed_unisons = false;
    for (const auto& q : pitches) {
        const int step = detail::chord_step(r, q);
        const int sc = detail::chord_semitones(r, q);
        auto note = [sc](std::optional<int>& first, bool& mixed) {
            if (!first)
                first = sc;
            else if (*first != sc)
                mixed = true;
        };
        if (step == 3)
            note(third, mixed_thirds);
        else if (step == 5)
            note(fifth, mixed_fifths);
        else if (step == 1)
            note(unison, mixed_unisons);
    }
    if (!third)
        return ChordQuality::other;
    if (behaviour == ChordBehaviour::music21_6 && mixed_unisons)
        return ChordQuality::other;
    if (mixed_thirds)
        return ChordQuality::other;
    if (!fifth) {
        if (*third == 4)
            return ChordQuality::major;
        if (*third == 3)
            return ChordQuality::minor;
        return ChordQuality::other;
    }
    if (mixed_fifths)
        return ChordQuality::other;
    if (*third == 4 && *fifth == 7)
        return ChordQuality::major;
    if (*third == 3 && *fifth == 7)
        return ChordQuality::minor;
    if (*third == 4 && *fifth == 8)
        return ChordQuality::augmented;
    if (*third == 3 && *fifth == 6)
        return ChordQuality::diminished;
    return ChordQuality::other;
}

// ---------------------------------------------------------------------------------------
// Scales (§7.3, §7.5)

enum class ScaleKind {
    major,           ///< steps 2 2 1 2 2 2 1
    dorian,          ///< steps 2 1 2 2 2 1 2
    hexatonic_blues, ///< music21 WeightedHexatonicBlues: T m3 P4 [A4] P5 m7 (generation only)
};

inline std::string_view scale_kind_name(ScaleKind k) noexcept
{
    switch (k) {
    case ScaleKind::major: return "major";
    case ScaleKind::dorian: return "dorian";
    case ScaleKind::hexatonic_blues: break;
    }
    return "hexatonic blues";
}

/// A scale music21 derived: its tonic (octave 4) and the names of its degrees in order.
struct Scale {
    ScaleKind kind = ScaleKind::major;
    SpelledPitch tonic;
    std::vector<std::string> names;

    /// "B- dorian", the form the reference JSON uses.
    std::string description() const { return tonic.name() + " " + std::string(scale_kind_name(kind)); }
    /// True when `name` (e.g. "E-") is one of the degree names; spelling matters (§7.3).
    bool contains_name(std::string_view name) const noexcept
    {
        for (const auto& n : names)
            if (n == name)
                return true;
        return false;
    }
};

/// The 15 candidate tonics music21's `derive` tries, in its order (C- last, at octave 4 so
/// its ps is 59, which the tie rule uses).
inline const std::array<SpelledPitch, 15>& scale_tonic_candidates() noexcept
{
    static const std::array<SpelledPitch, 15> candidates = { {
        { 0, 0, 4 }, { 0, 1, 4 }, { 1, -1, 4 }, { 1, 0, 4 }, { 1, 1, 4 }, { 2, -1, 4 }, { 2, 0, 4 }, { 3, 0, 4 },
        { 3, 1, 4 }, { 4, 0, 4 }, { 4, 1, 4 }, { 5, 0, 4 }, { 6, -1, 4 }, { 6, 0, 4 }, { 0, -1, 4 },
    } };
    return candidates;
}

namespace detail {
    struct ScaleDegree {
        int letter_steps; ///< letters above the tonic
        int semitones;    ///< semitones above the tonic
    };
    inline std::vector<ScaleDegree> scale_degrees(ScaleKind kind, bool with_raised_fourth)
    {
        switch (kind) {
        case ScaleKind::major: return { { 0, 0 }, { 1, 2 }, { 2, 4 }, { 3, 5 }, { 4, 7 }, { 5, 9 }, { 6, 11 } };
        case ScaleKind::dorian: return { { 0, 0 }, { 1, 2 }, { 2, 3 }, { 3, 5 }, { 4, 7 }, { 5, 9 }, { 6, 10 } };
        case ScaleKind::hexatonic_blues: break;
        }
        if (with_raised_fourth)
            return { { 0, 0 }, { 2, 3 }, { 3, 5 }, { 3, 6 }, { 4, 7 }, { 6, 10 } };
        return { { 0, 0 }, { 2, 3 }, { 3, 5 }, { 4, 7 }, { 6, 10 } };
    }

    inline Scale build_scale(ScaleKind kind, const SpelledPitch& tonic, bool with_raised_fourth)
    {
        Scale s;
        s.kind = kind;
        s.tonic = tonic;
        for (const auto& d : scale_degrees(kind, with_raised_fourth))
            s.names.push_back(transpose(tonic, Interval { d.letter_steps, d.semitones }).name());
        return s;
    }

    /// How many of the distinct pitch classes in `target` (a 12-bit mask) the scale holds.
    inline int scale_matches(ScaleKind kind, const SpelledPitch& tonic, bool with_raised_fourth, unsigned target) noexcept
    {
        unsigned mask = 0;
        for (const auto& d : scale_degrees(kind, with_raised_fourth))
            mask |= 1u << floor_mod(tonic.pitch_class() + d.semitones, 12);
        int count = 0;
        for (unsigned bits = mask & target; bits != 0; bits &= bits - 1)
            ++count;
        return count;
    }

    inline unsigned pitch_class_mask(const std::vector<int>& midi) noexcept
    {
        unsigned mask = 0;
        for (int m : midi)
            mask |= 1u << floor_mod(m, 12);
        return mask;
    }

    /// music21's tie rule (§7.3): most matches, then the higher tonic ps, then the later
    /// candidate. `count_of(index)` returns the matches of candidate `index`.
    template <typename CountOf>
    std::size_t best_tonic(CountOf&& count_of)
    {
        const auto& candidates = scale_tonic_candidates();
        std::size_t best = 0;
        int best_count = -1;
        for (std::size_t i = 0; i < candidates.size(); ++i) {
            const int c = count_of(i);
            if (c > best_count || (c == best_count && candidates[i].ps() >= candidates[best].ps())) {
                best = i;
                best_count = c;
            }
        }
        return best;
    }
} // namespace detail

/// The degree names of a Major or Dorian scale on `tonic`, in order (the `scale_spellings`
/// table of the reference). For hexatonic blues this is the form with the A4.
inline std::vector<std::string> scale_names(ScaleKind kind, const SpelledPitch& tonic)
{
    return detail::build_scale(kind, tonic, true).names;
}

/// music21 `MajorScale().derive(chord)` / `DorianScale().derive(chord)` (§7.3): the
/// candidate tonic whose scale holds the most of the chord's pitch classes, with the tie
/// rule. @throws argument_error `jazzlstm.theory.random_scale` for hexatonic blues (use
/// derive_blues_scale). Allocates: the result.
inline Scale derive_scale(ScaleKind kind, const std::vector<int>& chord_midi)
{
    if (kind == ScaleKind::hexatonic_blues)
        throw argument_error("jazzlstm.theory.random_scale", "the hexatonic blues scale is random; call derive_blues_scale");
    const unsigned target = detail::pitch_class_mask(chord_midi);
    const auto& candidates = scale_tonic_candidates();
    const std::size_t best = detail::best_tonic([&](std::size_t i) { return detail::scale_matches(kind, candidates[i], false, target); });
    return detail::build_scale(kind, candidates[best], false);
}

/// The scale the S-test uses for a chord: Major when its quality is major, else Dorian.
inline Scale derive_chord_scale(const std::vector<int>& chord_midi, ChordQuality quality)
{
    return derive_scale(quality == ChordQuality::major ? ScaleKind::major : ScaleKind::dorian, chord_midi);
}

/// music21 `WeightedHexatonicBlues().derive(chord)` followed by `getPitches()` (§7.5): each
/// realisation passes through the A4 with probability ½, once per candidate tonic while
/// deriving and once more for the returned names. Allocates: the result.
template <typename URBG>
Scale derive_blues_scale(const std::vector<int>& chord_midi, URBG& rng)
{
    const unsigned target = detail::pitch_class_mask(chord_midi);
    const auto& candidates = scale_tonic_candidates();
    const std::size_t best = detail::best_tonic([&](std::size_t i) {
        const bool raised = uniform_below(rng, 2) == 1;
        return detail::scale_matches(ScaleKind::hexatonic_blues, candidates[i], raised, target);
    });
    const bool raised = uniform_below(rng, 2) == 1;
    return detail::build_scale(ScaleKind::hexatonic_blues, candidates[best], raised);
}

/// Everything the grammar asks of one chord, computed once.
struct ChordInfo {
    std::vector<int> midi;                ///< chord order
    std::vector<SpelledPitch> pitches;    ///< default spellings, chord order
    std::size_t root_index = 0;
    ChordQuality quality = ChordQuality::other;
    Scale scale;                          ///< Major if quality is major, else Dorian
    unsigned pitch_class_mask = 0;

    const SpelledPitch& root() const { return pitches[root_index]; }
};

/// Root, quality and S-test scale of a chord. @throws argument_error
/// `jazzlstm.theory.empty_chord` for no pitches. Allocates: the result.
inline ChordInfo analyse_chord(const std::vector<int>& midi, ChordBehaviour behaviour)
{
    ChordInfo info;
    info.midi = midi;
    info.pitches = spell_chord(midi);
    info.root_index = chord_root_index(info.pitches, behaviour);
    info.quality = chord_quality(info.pitches, info.root_index, behaviour);
    info.scale = derive_chord_scale(midi, info.quality);
    info.pitch_class_mask = detail::pitch_class_mask(midi);
    return info;
}

/// C-test (§7.1): the note's default name is among the chord's names, i.e. its pitch class.
inline bool is_chord_tone(int midi, const ChordInfo& chord) noexcept
{
    return (chord.pitch_class_mask >> detail::floor_mod(midi, 12)) & 1u;
}

/// S-test (§7.3): the note's default name is one of the derived scale's spelled names.
inline bool is_scale_tone(int midi, const ChordInfo& chord) { return chord.scale.contains_name(midi_name(midi)); }

/// A-test (§7.4): a semitone away from some chord pitch.
inline bool is_approach_tone(int midi, const ChordInfo& chord) noexcept
{
    const unsigned m = chord.pitch_class_mask;
    const int pc = detail::floor_mod(midi, 12);
    return ((m >> detail::floor_mod(pc - 1, 12)) & 1u) || ((m >> detail::floor_mod(pc + 1, 12)) & 1u);
}

} // namespace jazzlstm
