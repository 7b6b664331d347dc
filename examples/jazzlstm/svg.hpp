// SVG piano roll of a solo over its chords: time in quarters left to right, pitch bottom to top,
// bar lines and numbers, chord symbols above the chords, a pitch axis with note names.
// Output is a pure function of the input (fixed number formatting, no clocks, no locale).
#pragma once

#include <jazzlstm/core/xml_text.hpp>
#include <jazzlstm/music/chord_symbols.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace jazzlstm::app {

/// A melody note of the roll, in quarter notes.
struct RollNote {
    double onset = 0;
    double duration = 0;
    int pitch = 60;
};

/// A chord of the roll: its pitches sound together from `onset` for `duration` quarters.
struct RollChord {
    double onset = 0;
    double duration = 0;
    std::vector<int> pitches;
};

struct RollSettings {
    std::string title;
    int beats_per_bar = 4;
    double quarter_width = 22;   ///< pixels per quarter note
    double semitone_height = 7;  ///< pixels per semitone
    int first_bar_number = 1;
    /// The source's register (its melody's 2nd to 98th percentile), shaded behind the notes.
    std::optional<std::pair<double, double>> band;
    /// The source's number of each bar (1-based); empty = first_bar_number, +1, ...
    std::vector<std::int64_t> bar_numbers;
};

namespace detail {

    inline std::string fmt(double value)
    {
        char buffer[32];
        std::snprintf(buffer, sizeof buffer, "%.2f", value);
        std::string text = buffer;
        // Trim "12.50" to "12.5" and "12.00" to "12": shorter files, same numbers.
        while (!text.empty() && text.back() == '0')
            text.pop_back();
        if (!text.empty() && text.back() == '.')
            text.pop_back();
        if (text == "-0")
            text = "0";
        return text;
    }

    using jazzlstm::detail::xml_escape;

    inline bool is_black_key(int pitch)
    {
        int pc = pitch % 12;
        return pc == 1 || pc == 3 || pc == 6 || pc == 8 || pc == 10;
    }

} // namespace detail

/// The piano roll as an SVG document. Melody rects carry class "note melody", chord rects
/// "note chord"; chord symbols (class "chord-label") are written where the name changes.
/// Allocates: the returned string.
inline std::string piano_roll_svg(const std::vector<RollNote>& melody, const std::vector<RollChord>& chords,
    const RollSettings& settings = {})
{
    using detail::fmt;
    int lo = 127, hi = 0;
    double end = 0;
    for (const auto& n : melody) {
        lo = std::min(lo, n.pitch);
        hi = std::max(hi, n.pitch);
        end = std::max(end, n.onset + n.duration);
    }
    for (const auto& c : chords) {
        for (int p : c.pitches) {
            lo = std::min(lo, p);
            hi = std::max(hi, p);
        }
        end = std::max(end, c.onset + c.duration);
    }
    if (lo > hi) {
        lo = 60;
        hi = 72;
    }
    if (settings.band) {
        lo = std::min(lo, static_cast<int>(std::floor(settings.band->first)));
        hi = std::max(hi, static_cast<int>(std::ceil(settings.band->second)));
    }
    lo = std::max(0, lo - 2);
    hi = std::min(127, hi + 2);
    const int beats = std::max(1, settings.beats_per_bar);
    const int bars = std::max(1, static_cast<int>(std::ceil(end / beats - 1e-9)));
    const double qw = settings.quarter_width;
    const double sh = settings.semitone_height;
    const double left = 44, top = settings.title.empty() ? 46 : 66, right = 12, bottom = 16;
    const double roll_w = bars * beats * qw;
    const double roll_h = (hi - lo + 1) * sh;
    const double width = left + roll_w + right;
    const double height = top + roll_h + bottom;
    auto x_of = [&](double q) { return left + q * qw; };
    auto y_of = [&](int pitch) { return top + (hi - pitch) * sh; };  // top edge of the pitch row

    std::string s;
    s += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + fmt(width) + "\" height=\"" + fmt(height)
        + "\" viewBox=\"0 0 " + fmt(width) + " " + fmt(height) + "\" font-family=\"sans-serif\">\n";
    s += "<style>.melody{fill:#d9472b}.chord{fill:#3b6fb6;fill-opacity:0.55}.bar{stroke:#555;stroke-width:1}"
         ".beat{stroke:#ccc;stroke-width:0.5}.chord-label{font-size:11px;font-weight:bold;fill:#1d3d6b}"
         ".bar-number{font-size:9px;fill:#666}.pitch-label{font-size:8px;fill:#444}.band{fill:#e3a21a;fill-opacity:0.13}"
         ".band-label{font-size:8px;fill:#a06d00}</style>\n";
    s += "<rect x=\"0\" y=\"0\" width=\"" + fmt(width) + "\" height=\"" + fmt(height) + "\" fill=\"#ffffff\"/>\n";
    if (!settings.title.empty())
        s += "<text class=\"title\" x=\"" + fmt(left) + "\" y=\"18\" font-size=\"14\">" + detail::xml_escape(settings.title)
            + "</text>\n";

    // Pitch rows: black keys shaded, every C and G named on the axis.
    s += "<g class=\"pitch-axis\">\n";
    for (int p = lo; p <= hi; ++p) {
        if (detail::is_black_key(p))
            s += "<rect x=\"" + fmt(left) + "\" y=\"" + fmt(y_of(p)) + "\" width=\"" + fmt(roll_w) + "\" height=\"" + fmt(sh)
                + "\" fill=\"#f0f0f0\"/>\n";
        if (p % 12 == 0 || p % 12 == 7)
            s += "<text class=\"pitch-label\" x=\"" + fmt(left - 4) + "\" y=\"" + fmt(y_of(p) + sh - 1)
                + "\" text-anchor=\"end\">" + lead_sheet_name_with_octave(p) + "</text>\n";
        if (p % 12 == 0)
            s += "<line class=\"octave\" x1=\"" + fmt(left) + "\" y1=\"" + fmt(y_of(p) + sh) + "\" x2=\"" + fmt(left + roll_w)
                + "\" y2=\"" + fmt(y_of(p) + sh) + "\" stroke=\"#bbb\" stroke-width=\"0.5\"/>\n";
    }
    s += "</g>\n";

    // The source's register, under everything else.
    if (settings.band) {
        const double y_top = y_of(static_cast<int>(std::floor(settings.band->second))), y_bottom = y_of(static_cast<int>(std::ceil(settings.band->first))) + sh;
        s += "<g class=\"register\">\n<rect class=\"band\" x=\"" + fmt(left) + "\" y=\"" + fmt(y_top) + "\" width=\"" + fmt(roll_w)
            + "\" height=\"" + fmt(std::max(sh, y_bottom - y_top)) + "\"/>\n";
        s += "<text class=\"band-label\" x=\"" + fmt(left + roll_w - 2) + "\" y=\"" + fmt(y_top + 8)
            + "\" text-anchor=\"end\">source register " + lead_sheet_name_with_octave(static_cast<int>(std::ceil(settings.band->first))) + "-"
            + lead_sheet_name_with_octave(static_cast<int>(std::floor(settings.band->second))) + "</text>\n</g>\n";
    }

    // Beat and bar lines, bar numbers above the roll.
    s += "<g class=\"grid\">\n";
    for (int b = 0; b <= bars * beats; ++b) {
        const bool bar = b % beats == 0;
        s += "<line class=\"" + std::string(bar ? "bar" : "beat") + "\" x1=\"" + fmt(x_of(b)) + "\" y1=\"" + fmt(top)
            + "\" x2=\"" + fmt(x_of(b)) + "\" y2=\"" + fmt(top + roll_h) + "\"/>\n";
        if (bar && b < bars * beats) {
            const std::size_t index = static_cast<std::size_t>(b / beats);
            const std::int64_t number = index < settings.bar_numbers.size() ? settings.bar_numbers[index]
                                                                             : settings.first_bar_number + static_cast<std::int64_t>(index);
            s += "<text class=\"bar-number\" x=\"" + fmt(x_of(b) + 2) + "\" y=\"" + fmt(top - 4) + "\">" + std::to_string(number)
                + "</text>\n";
        }
    }
    s += "</g>\n";

    // Chords under the melody, so the solo stays readable where they overlap.
    s += "<g class=\"chords\">\n";
    std::string previous;
    double row_end[2] = { -1e9, -1e9 };  // right edge of the last label on each of two rows
    for (const auto& c : chords) {
        for (int p : c.pitches)
            s += "<rect class=\"note chord\" x=\"" + fmt(x_of(c.onset)) + "\" y=\"" + fmt(y_of(p) + 0.5) + "\" width=\""
                + fmt(std::max(1.0, c.duration * qw - 1)) + "\" height=\"" + fmt(sh - 1) + "\"/>\n";
        std::string name = chord_name(c.pitches);
        if (name != previous) {
            // Labels that would collide with the previous one move up a row (about 8.5 px per character).
            const double x = x_of(c.onset) + 1;
            const int row = x < row_end[0] + 2 && x >= row_end[1] + 2 ? 1 : 0;
            row_end[row] = x + 8.5 * static_cast<double>(name.size());
            s += "<text class=\"chord-label\" x=\"" + fmt(x) + "\" y=\"" + fmt(top - 14 - 12 * row) + "\">"
                + detail::xml_escape(name) + "</text>\n";
        }
        previous = name;
    }
    s += "</g>\n";

    s += "<g class=\"melody-notes\">\n";
    for (const auto& n : melody)
        s += "<rect class=\"note melody\" x=\"" + fmt(x_of(n.onset)) + "\" y=\"" + fmt(y_of(n.pitch)) + "\" width=\""
            + fmt(std::max(1.0, n.duration * qw - 1)) + "\" height=\"" + fmt(sh) + "\" rx=\"1.5\"/>\n";
    s += "</g>\n";
    s += "</svg>\n";
    return s;
}

} // namespace jazzlstm::app
