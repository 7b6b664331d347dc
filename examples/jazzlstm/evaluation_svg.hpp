// The chart of `jazzlstm evaluate --svg`: the solo and its training melody as two piano-roll strips
// on one pitch scale and one time scale (the training melody's p2-p98 band shaded on both), then
// their pitch-class and duration histograms side by side. A pure function of its input.
#pragma once

#include "metrics_report.hpp"
#include "svg.hpp"

#include <jazzlstm/music/metrics.hpp>
#include <jazzlstm/music/chord_symbols.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace jazzlstm::app {

/// What evaluation_svg draws; `source` may be null (the solo alone).
struct EvaluationChart {
    const MetricLine* solo = nullptr;
    std::string solo_name;
    const MetricLine* source = nullptr;
    std::string source_name;
};

namespace detail {

    inline std::string rect(double x, double y, double w, double h, const std::string& cls)
    {
        return "<rect class=\"" + cls + "\" x=\"" + fmt(x) + "\" y=\"" + fmt(y) + "\" width=\"" + fmt(std::max(w, 0.5)) + "\" height=\""
            + fmt(std::max(h, 0.0)) + "\"/>\n";
    }

    inline std::string text(double x, double y, const std::string& body, const std::string& cls, const char* anchor = "start")
    {
        return "<text class=\"" + cls + "\" x=\"" + fmt(x) + "\" y=\"" + fmt(y) + "\" text-anchor=\"" + anchor + "\">" + xml_escape(body)
            + "</text>\n";
    }

    /// A line's span from the bar line before its first note to the end of its last note, in twelfths.
    inline std::pair<ticks12, ticks12> line_span(const MetricLine& line)
    {
        if (line.notes.empty())
            return { 0, line.bar };
        const ticks12 start = line.origin + bar_index(line, line.notes.front().offset) * line.bar;
        ticks12 end = start;
        for (const auto& n : line.notes)
            end = std::max(end, n.offset + n.duration);
        return { start, end };
    }

    inline std::array<double, 12> pitch_class_shares(const MetricLine& line)
    {
        std::array<double, 12> shares {};
        for (const auto& n : line.notes)
            shares[static_cast<std::size_t>(((n.pitch % 12) + 12) % 12)] += 1;
        for (auto& s : shares)
            s = line.notes.empty() ? 0 : s / static_cast<double>(line.notes.size());
        return shares;
    }

    inline std::map<ticks12, double> duration_shares(const MetricLine& line)
    {
        std::map<ticks12, double> shares;
        for (const auto& n : line.notes)
            shares[n.duration] += 1.0 / static_cast<double>(line.notes.size());
        return shares;
    }

} // namespace detail

/// The chart as an SVG document. Melody rects carry class "note solo" / "note source", the band
/// "band", histogram bars "bar solo" / "bar source". Allocates: the returned string.
inline std::string evaluation_svg(const EvaluationChart& chart)
{
    using detail::fmt;
    using detail::rect;
    using detail::text;
    std::vector<const MetricLine*> lines = { chart.solo };
    std::vector<std::string> names = { chart.solo_name };
    if (chart.source) {
        lines.push_back(chart.source);
        names.push_back(chart.source_name);
    }
    int lo = 127, hi = 0;
    ticks12 longest = 48;
    for (const MetricLine* line : lines) {
        for (const auto& n : line->notes) {
            lo = std::min(lo, n.pitch);
            hi = std::max(hi, n.pitch);
        }
        const auto [start, end] = detail::line_span(*line);
        longest = std::max(longest, end - start);
    }
    if (lo > hi) {
        lo = 60;
        hi = 72;
    }
    lo = std::max(0, lo - 2);
    hi = std::min(127, hi + 2);
    std::optional<std::pair<double, double>> band;
    if (chart.source && !chart.source->notes.empty()) {
        const RegisterFigures r = register_figures(*chart.source);
        band = std::make_pair(r.p2, r.p98);
    }

    const double width = 960, left = 48, right = 16, strip_top_gap = 30;
    const double roll_w = width - left - right;
    const double twelfth_w = roll_w / static_cast<double>(longest);
    const double sh = std::clamp(150.0 / (hi - lo + 1), 2.0, 6.0);
    const double strip_h = (hi - lo + 1) * sh;
    const double hist_h = 150, hist_top_gap = 50;
    const double strips_h = static_cast<double>(lines.size()) * (strip_h + strip_top_gap);
    const double height = 40 + strips_h + hist_top_gap + hist_h + 40;

    std::string s;
    s += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + fmt(width) + "\" height=\"" + fmt(height) + "\" viewBox=\"0 0 " + fmt(width)
        + " " + fmt(height) + "\" font-family=\"sans-serif\">\n";
    s += "<style>.solo{fill:#d9472b}.source{fill:#3b6fb6}.band{fill:#3b6fb6;fill-opacity:0.12}.frame{fill:none;stroke:#999}"
         ".barline{stroke:#ddd;stroke-width:0.5}.label{font-size:11px;fill:#222}.axis{font-size:8px;fill:#555}"
         ".title{font-size:14px}</style>\n";
    s += "<rect x=\"0\" y=\"0\" width=\"" + fmt(width) + "\" height=\"" + fmt(height) + "\" fill=\"#ffffff\"/>\n";
    s += text(left, 20, chart.source ? "solo (red) and training melody (blue), one pitch and time scale; band: the training's p2-p98"
                                     : "solo",
        "title");

    double y = 40;
    for (std::size_t k = 0; k < lines.size(); ++k) {
        const MetricLine& line = *lines[k];
        const std::string cls = k == 0 ? "solo" : "source";
        const auto [start, end] = detail::line_span(line);
        s += "<g class=\"strip " + cls + "-strip\">\n";
        s += text(left, y + 14, names[k] + " (" + std::to_string(line.notes.size()) + " notes)", "label");
        const double top = y + strip_top_gap - 8;
        auto y_of = [&](double pitch) { return top + (hi - pitch) * sh; };
        if (band)
            s += rect(left, y_of(band->second + 0.5), roll_w, (band->second - band->first + 1) * sh, "band");
        for (int p = lo; p <= hi; ++p)
            if (p % 12 == 0)
                s += text(left - 4, y_of(p) + sh, lead_sheet_name_with_octave(p), "axis", "end");
        for (ticks12 b = 0; b <= end - start; b += line.bar)
            s += "<line class=\"barline\" x1=\"" + fmt(left + static_cast<double>(b) * twelfth_w) + "\" y1=\"" + fmt(top) + "\" x2=\""
                + fmt(left + static_cast<double>(b) * twelfth_w) + "\" y2=\"" + fmt(top + strip_h) + "\"/>\n";
        for (const auto& n : line.notes)
            s += rect(left + static_cast<double>(n.offset - start) * twelfth_w, y_of(n.pitch), static_cast<double>(n.duration) * twelfth_w,
                sh, "note " + cls);
        s += "<rect class=\"frame\" x=\"" + fmt(left) + "\" y=\"" + fmt(top) + "\" width=\"" + fmt(roll_w) + "\" height=\"" + fmt(strip_h)
            + "\"/>\n";
        s += "</g>\n";
        y += strip_h + strip_top_gap;
    }

    // Histograms: pitch classes left, durations right, the solo's bar beside the source's.
    const double hist_y = y + hist_top_gap, hist_w = (roll_w - 40) / 2;
    auto histogram = [&](double x0, const std::string& title, const std::vector<std::string>& labels,
                         const std::vector<std::array<double, 2>>& values, const std::string& group) {
        double peak = 0;
        for (const auto& v : values)
            peak = std::max({ peak, v[0], v[1] });
        if (!(peak > 0))
            peak = 1;
        std::string g = "<g class=\"histogram " + group + "\">\n";
        g += text(x0, hist_y - 8, title, "label");
        const double slot = hist_w / static_cast<double>(std::max<std::size_t>(labels.size(), 1));
        const double bar_w = slot * (chart.source ? 0.4 : 0.7);
        for (std::size_t i = 0; i < labels.size(); ++i) {
            const double x = x0 + static_cast<double>(i) * slot + slot * 0.1;
            for (std::size_t side = 0; side < (chart.source ? 2u : 1u); ++side) {
                const double h = values[i][side] / peak * hist_h;
                g += rect(x + static_cast<double>(side) * bar_w, hist_y + hist_h - h, bar_w, h, side == 0 ? "bar solo" : "bar source");
            }
            g += text(x + bar_w, hist_y + hist_h + 12, labels[i], "axis", "middle");
        }
        g += "<line class=\"barline\" x1=\"" + fmt(x0) + "\" y1=\"" + fmt(hist_y + hist_h) + "\" x2=\"" + fmt(x0 + hist_w) + "\" y2=\""
            + fmt(hist_y + hist_h) + "\"/>\n";
        return g + "</g>\n";
    };
    const auto solo_pc = detail::pitch_class_shares(*chart.solo);
    const auto source_pc = chart.source ? detail::pitch_class_shares(*chart.source) : std::array<double, 12> {};
    std::vector<std::string> pc_labels;
    std::vector<std::array<double, 2>> pc_values;
    for (int pc = 0; pc < 12; ++pc) {
        pc_labels.push_back(lead_sheet_name(pc));
        pc_values.push_back({ solo_pc[static_cast<std::size_t>(pc)], source_pc[static_cast<std::size_t>(pc)] });
    }
    s += histogram(left, "pitch classes (share of notes)", pc_labels, pc_values, "pitch-classes");

    // Durations: the ten most common over both lines, in duration order.
    const auto solo_d = detail::duration_shares(*chart.solo);
    const auto source_d = chart.source ? detail::duration_shares(*chart.source) : std::map<ticks12, double> {};
    std::map<ticks12, double> combined = solo_d;
    for (const auto& [d, v] : source_d)
        combined[d] += v;
    std::vector<std::pair<double, ticks12>> ranked;
    for (const auto& [d, v] : combined)
        ranked.push_back({ v, d });
    std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.first != b.first ? a.first > b.first : a.second < b.second; });
    if (ranked.size() > 10)
        ranked.resize(10);
    std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.second < b.second; });
    std::vector<std::string> d_labels;
    std::vector<std::array<double, 2>> d_values;
    for (const auto& [v, d] : ranked) {
        d_labels.push_back(detail::duration_name(d));
        const auto a = solo_d.find(d), b = source_d.find(d);
        d_values.push_back({ a == solo_d.end() ? 0 : a->second, b == source_d.end() ? 0 : b->second });
    }
    s += histogram(left + hist_w + 40, "durations in quarters (share of notes)", d_labels, d_values, "durations");
    s += "</svg>\n";
    return s;
}

} // namespace jazzlstm::app
