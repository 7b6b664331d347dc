// Durations as a musician writes them (standard library only): a 4/4 measure of sounding events
// cut into notated values: binary values with dots, triplet beats with their brackets, ties
// across beats, and the whole-beat values that are written without a tie.
#pragma once

#include <jazzlstm/music/notes.hpp>

#include <algorithm>
#include <utility>
#include <vector>

namespace jazzlstm {

/// One written note or rest: a notated value inside a measure.
struct NotatedNote {
    ticks12 start = 0;        ///< from the bar line
    ticks12 duration = 0;
    int pitch = -1;           ///< MIDI number, −1 for a rest
    bool tie_start = false, tie_stop = false;
    bool triplet = false;
    bool tuplet_start = false, tuplet_stop = false;
    const char* type = "quarter";
    int dots = 0;
};

namespace detail {

    inline const char* binary_type(ticks12 d, int& dots)
    {
        dots = d == 36 || d == 18 || d == 9 ? 1 : 0;
        switch (d) {
        case 48: return "whole";
        case 36: case 24: return "half";
        case 18: case 12: return "quarter";
        case 9: case 6: return "eighth";
        default: return "16th";
        }
    }
    inline const char* triplet_type(ticks12 d)
    {
        switch (d) {
        case 16: return "half";
        case 8: return "quarter";
        case 4: return "eighth";
        case 2: return "16th";
        default: return "32nd";
        }
    }

    /// Adds the notated pieces of [a, b) (inside one beat of a measure) to `out`.
    inline void notate_in_beat(ticks12 a, ticks12 b, bool triplet, int pitch, std::vector<NotatedNote>& out)
    {
        while (a < b) {
            const ticks12 in_beat = a % twelfths_per_quarter;
            ticks12 piece = 1;
            if (triplet) {
                for (ticks12 p : { 8, 4, 2, 1 })
                    if (a + p <= b && (in_beat % p == 0 || (p == 8 && in_beat == 4))) {
                        piece = p;
                        break;
                    }
            } else {
                for (ticks12 p : { 12, 9, 6, 3 })
                    if (a + p <= b && (p == 9 ? in_beat % 12 <= 3 : in_beat % p == 0)) {
                        piece = p;
                        break;
                    }
            }
            NotatedNote n;
            n.start = a;
            n.duration = piece;
            n.pitch = pitch;
            n.triplet = triplet;
            n.type = triplet ? triplet_type(piece) : binary_type(piece, n.dots);
            out.push_back(n);
            a += piece;
        }
    }

} // namespace detail

/// The notated values of one 4/4 measure whose events (pitch or −1 for a rest) cover [0, 48)
/// contiguously: a beat with a boundary off the sixteenth grid is a triplet beat (one bracket);
/// notes are cut at beats and tied, except values that start on a beat and fill whole
/// non-triplet beats (half on 1 or 3, dotted half on 1, or on 2 for a note, whole). Allocates: yes.
inline std::vector<NotatedNote> notate_measure(const std::vector<std::pair<std::pair<ticks12, ticks12>, int>>& events)
{
    constexpr ticks12 beat = twelfths_per_quarter;
    bool triplet_beat[4] = { false, false, false, false };
    for (const auto& e : events)
        for (ticks12 t : { e.first.first, e.first.second })
            if (t % beat != 0 && t % 3 != 0)
                triplet_beat[t / beat] = true;
    std::vector<NotatedNote> out;
    for (const auto& e : events) {
        ticks12 a = e.first.first;
        const ticks12 b = e.first.second;
        const int pitch = e.second;
        const std::size_t first = out.size();
        while (a < b) {
            const int k = a / beat;
            if (a % beat == 0 && !triplet_beat[k]) {
                // Whole beats in one value where the metre allows it.
                ticks12 whole = 0;
                while (a + whole + beat <= b && !triplet_beat[(a + whole) / beat])
                    whole += beat;
                ticks12 value = 0;
                if (whole >= 48 && a == 0)
                    value = 48;
                else if (whole >= 36 && (a == 0 || (a == 12 && pitch >= 0))) // a rest shows beat 3
                    value = 36;
                else if (whole >= 24 && a % 24 == 0)
                    value = 24;
                else if (whole >= 12)
                    value = 12;
                if (value > 0) {
                    NotatedNote n;
                    n.start = a;
                    n.duration = value;
                    n.pitch = pitch;
                    n.type = detail::binary_type(value, n.dots);
                    out.push_back(n);
                    a += value;
                    continue;
                }
            }
            const ticks12 beat_end = (k + 1) * beat;
            detail::notate_in_beat(a, std::min(b, beat_end), triplet_beat[k], pitch, out);
            a = std::min(b, beat_end);
        }
        if (pitch >= 0)
            for (std::size_t i = first; i + 1 < out.size(); ++i) {
                out[i].tie_start = true;
                out[i + 1].tie_stop = true;
            }
    }
    for (std::size_t i = 0; i < out.size(); ++i) {
        if (!out[i].triplet)
            continue;
        out[i].tuplet_start = out[i].start % beat == 0;
        out[i].tuplet_stop = (out[i].start + out[i].duration) % beat == 0;
    }
    return out;
}

} // namespace jazzlstm
