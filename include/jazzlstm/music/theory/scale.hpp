// The scales music21 derives from a chord (grammar-spec §7.3, §7.5, standard library only): Major
// and Dorian for the S-test, and the random hexatonic blues scale used when generating.
#pragma once

#include <jazzlstm/core/error.hpp>
#include <jazzlstm/core/random.hpp>
#include <jazzlstm/music/theory/interval.hpp>
#include <jazzlstm/music/theory/pitch.hpp>

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace jazzlstm {

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

} // namespace jazzlstm
