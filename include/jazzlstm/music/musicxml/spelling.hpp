// Which letter a written note gets (standard library only): as a tone of the chord it sounds
// over when it is one, else from the key signature, else the lead-sheet default.
#pragma once

#include <jazzlstm/music/chord_symbol.hpp>
#include <jazzlstm/music/theory/pitch.hpp>

#include <algorithm>
#include <array>
#include <cstdlib>

namespace jazzlstm {

namespace detail {

    /// The letter alteration a key signature of `fifths` gives each letter C…B.
    inline std::array<int, 7> key_alterations(int fifths)
    {
        std::array<int, 7> alter {};
        static constexpr int sharps[7] = { 3, 0, 4, 1, 5, 2, 6 }; // F C G D A E B
        static constexpr int flats[7] = { 6, 2, 5, 1, 4, 0, 3 };  // B E A D G C F
        for (int i = 0; i < std::min(std::abs(fifths), 7); ++i)
            alter[static_cast<std::size_t>(fifths > 0 ? sharps[i] : flats[i])] = fifths > 0 ? 1 : -1;
        return alter;
    }

} // namespace detail

/// The spelling of MIDI pitch `midi`: as a tone of `chord` when it is one (the degree decides the
/// letter: the b9 of G7 is Ab, the #9 of C7 is D#), else the key's letter when the key signature
/// has one for it, else a sharp in sharp keys and the lead-sheet spelling (flats but F#) otherwise.
/// Allocates: no.
inline SpelledPitch spell_in_context(int midi, int key_fifths, const ChordSymbol* chord) noexcept
{
    const int pc = detail::floor_mod(midi, 12);
    SpelledPitch p;
    bool found = false;
    if (chord)
        for (const ChordTone& t : chord->tones)
            if (detail::floor_mod(chord->root + t.semitones, 12) == pc) {
                p = spell_chord_tone(*chord, t);
                found = std::abs(p.alter) <= 1 || t.degree == 7; // Bbb for a dim7's 7th, no other doubles
                break;
            }
    if (!found) {
        const auto alter = detail::key_alterations(key_fifths);
        for (int letter = 0; letter < 7 && !found; ++letter)
            if (detail::floor_mod(detail::natural_pc[static_cast<std::size_t>(letter)] + alter[static_cast<std::size_t>(letter)], 12) == pc) {
                p = SpelledPitch { letter, alter[static_cast<std::size_t>(letter)], 4 };
                found = true;
            }
    }
    if (!found) {
        static constexpr int sharp_letter[12] = { 0, 0, 1, 1, 2, 3, 3, 4, 4, 5, 5, 6 };
        p = key_fifths > 0 ? SpelledPitch { sharp_letter[pc], pc - detail::natural_pc[static_cast<std::size_t>(sharp_letter[pc])], 4 }
                           : spell_lead_sheet(pc);
    }
    // The octave of the written letter: B#3 sounds as C4, Cb4 as B3.
    p.octave = detail::floor_div(midi - detail::natural_pc[static_cast<std::size_t>(p.letter)] - p.alter, 12) - 1;
    return p;
}

} // namespace jazzlstm
