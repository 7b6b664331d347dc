// Chords as music21 analyses them (grammar-spec §7.1, §7.2, standard library only): root and
// quality, the S-test scale, and the C/S/A tests the grammar types a note with.
#pragma once

#include <jazzlstm/core/error.hpp>
#include <jazzlstm/music/music21_behaviour.hpp>
#include <jazzlstm/music/theory/pitch.hpp>
#include <jazzlstm/music/theory/scale.hpp>

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

namespace jazzlstm {

// ---------------------------------------------------------------------------------------
// Chords (§7.1, §7.2)

/// music21's `Chord.quality`: what the third and fifth above the root make of the chord's triad.
/// (A chord *symbol*'s type, "m7" or "7b9", is ChordType in chord_symbols.hpp.)
enum class TriadQuality { major, minor, augmented, diminished, other };

/// music21's spelling of the triad quality ("major", "other"...).
inline std::string_view quality_name(TriadQuality q) noexcept
{
    switch (q) {
    case TriadQuality::major: return "major";
    case TriadQuality::minor: return "minor";
    case TriadQuality::augmented: return "augmented";
    case TriadQuality::diminished: return "diminished";
    case TriadQuality::other: break;
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

/// Index (into `pitches`) of music21's `Chord.root()` (§7.2) in the given generation's rule. @throws argument_error
/// `jazzlstm.theory.empty_chord` for an empty chord. Allocates: a little scratch.
inline std::size_t chord_root_index(const std::vector<SpelledPitch>& pitches, Music21Behaviour behaviour)
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
    if (behaviour == Music21Behaviour::music21_6) {
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
inline TriadQuality chord_quality(const std::vector<SpelledPitch>& pitches, std::size_t root, Music21Behaviour behaviour) noexcept
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
        return TriadQuality::other;
    if (behaviour == Music21Behaviour::music21_6 && mixed_unisons)
        return TriadQuality::other;
    if (mixed_thirds)
        return TriadQuality::other;
    if (!fifth) {
        if (*third == 4)
            return TriadQuality::major;
        if (*third == 3)
            return TriadQuality::minor;
        return TriadQuality::other;
    }
    if (mixed_fifths)
        return TriadQuality::other;
    if (*third == 4 && *fifth == 7)
        return TriadQuality::major;
    if (*third == 3 && *fifth == 7)
        return TriadQuality::minor;
    if (*third == 4 && *fifth == 8)
        return TriadQuality::augmented;
    if (*third == 3 && *fifth == 6)
        return TriadQuality::diminished;
    return TriadQuality::other;
}

/// The scale the S-test uses for a chord: Major when its quality is major, else Dorian.
inline Scale derive_chord_scale(const std::vector<int>& chord_midi, TriadQuality quality)
{
    return derive_scale(quality == TriadQuality::major ? ScaleKind::major : ScaleKind::dorian, chord_midi);
}

/// Everything the grammar asks of one chord, computed once.
struct ChordInfo {
    std::vector<int> midi;                ///< chord order
    std::vector<SpelledPitch> pitches;    ///< default spellings, chord order
    std::size_t root_index = 0;
    TriadQuality quality = TriadQuality::other;
    Scale scale;                          ///< Major if quality is major, else Dorian
    unsigned pitch_class_mask = 0;

    const SpelledPitch& root() const { return pitches[root_index]; }
};

/// Root, quality and S-test scale of a chord. @throws argument_error
/// `jazzlstm.theory.empty_chord` for no pitches. Allocates: the result.
inline ChordInfo analyse_chord(const std::vector<int>& midi, Music21Behaviour behaviour)
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
