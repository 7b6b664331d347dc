// Spelled pitches as music21 keeps them (grammar-spec §4, standard library only): letter,
// alteration and octave, music21's default spelling of a MIDI number and its pitch names, and the
// lead-sheet spelling and names (Bb, Eb4) that chord symbols and the program's labels use.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

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

    /// A lead sheet's spelling: flats for the black keys except F#.
    constexpr std::array<std::array<int, 2>, 12> lead_sheet_spelling_table = { {
        { 0, 0 }, { 1, -1 }, { 1, 0 }, { 2, -1 }, { 2, 0 }, { 3, 0 },
        { 3, 1 }, { 4, 0 }, { 5, -1 }, { 5, 0 }, { 6, -1 }, { 6, 0 },
    } };

} // namespace detail

/// How a pitch name writes its accidentals.
enum class PitchNotation {
    music21,    ///< '#' and '-' ("E-4", "F#4"): music21's names, as the grammar and the reference use them
    lead_sheet, ///< '#' and 'b' ("Eb4", "F#4"): chord symbols, lead sheets and the program's labels
};

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

    /// music21 `name`: letter plus '#' per sharp or '-' per flat ("E-", "F##"); with
    /// PitchNotation::lead_sheet a flat is 'b' ("Eb").
    std::string name(PitchNotation notation = PitchNotation::music21) const
    {
        std::string out(1, detail::letter_names[static_cast<std::size_t>(letter)]);
        const char flat = notation == PitchNotation::music21 ? '-' : 'b';
        out.append(static_cast<std::size_t>(alter > 0 ? alter : -alter), alter > 0 ? '#' : flat);
        return out;
    }
    /// music21 `nameWithOctave` ("E-5"), or "Eb5" with PitchNotation::lead_sheet.
    std::string name_with_octave(PitchNotation notation = PitchNotation::music21) const
    {
        return name(notation) + std::to_string(octave);
    }

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

/// A lead sheet's spelling of a MIDI number (C Db D Eb E F F# G Ab A Bb B, octave = midi/12 − 1,
/// floored). Allocates: no.
inline SpelledPitch spell_lead_sheet(int midi) noexcept
{
    const auto& entry = detail::lead_sheet_spelling_table[static_cast<std::size_t>(detail::floor_mod(midi, 12))];
    return SpelledPitch { entry[0], entry[1], detail::floor_div(midi, 12) - 1 };
}

/// Lead-sheet name without octave ("Eb" for 63; a pitch class 0..11 names itself: "Bb" for 10).
inline std::string lead_sheet_name(int midi) { return spell_lead_sheet(midi).name(PitchNotation::lead_sheet); }
/// Lead-sheet name with octave ("Eb4" for 63, "C-1" for 0).
inline std::string lead_sheet_name_with_octave(int midi)
{
    return spell_lead_sheet(midi).name_with_octave(PitchNotation::lead_sheet);
}

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

} // namespace jazzlstm
