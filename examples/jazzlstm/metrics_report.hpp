// The figures of music/metrics/ for people and for programs: the table `jazzlstm evaluate`
// prints, the one-line summary after improvise/generate, and their JSON.
#pragma once

#include <jazzlstm/improv/solo_metrics.hpp>
#include <jazzlstm/music/metrics.hpp>
#include <jazzlstm/music/chord_symbols.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

namespace jazzlstm::app {

namespace detail {

    inline nlohmann::json optional_number(const std::optional<double>& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); }

    inline std::string num(double v, int digits = 2)
    {
        char buffer[48];
        std::snprintf(buffer, sizeof buffer, "%.*f", digits, v);
        return buffer;
    }

    inline std::string num(const std::optional<double>& v, int digits = 2) { return v ? num(*v, digits) : std::string("-"); }

    inline std::string percent(double v) { return num(100 * v, 0) + "%"; }
    inline std::string percent(const std::optional<double>& v) { return v ? percent(*v) : std::string("-"); }

    inline const char* opening_name(std::size_t k)
    {
        static const char* names[] = { "downbeat", "tie", "pickup", "rest" };
        return names[k];
    }

    inline const char* onset_name(std::size_t k)
    {
        static const char* names[] = { "on_beat", "eighth", "sixteenth", "triplet", "other" };
        return names[k];
    }

    /// "1/4", "1/3", "1", "1+1/2" for a duration in twelfths.
    inline std::string duration_name(ticks12 d)
    {
        const ticks12 whole = d / 12, rest = d % 12;
        std::string s = whole ? std::to_string(whole) : "";
        if (rest) {
            ticks12 a = rest, b = 12;
            for (ticks12 g = 12; g > 1; --g)
                if (a % g == 0 && b % g == 0) {
                    a /= g;
                    b /= g;
                }
            s += (whole ? "+" : "") + std::to_string(a) + "/" + std::to_string(b);
        }
        return s.empty() ? "0" : s;
    }

    inline const HumanReference* human(const std::string& name)
    {
        for (const auto& r : weimar_references())
            if (name == r.name)
                return &r;
        return nullptr;
    }

} // namespace detail

/// Every figure of one line as JSON (null where a figure does not exist).
inline nlohmann::json metrics_json(const MelodyMetrics& m)
{
    using detail::optional_number;
    nlohmann::json durations = nlohmann::json::object();
    for (const auto& [d, count] : m.rhythm.durations)
        durations[detail::duration_name(d)] = count;
    nlohmann::json onsets = nlohmann::json::object(), openings = nlohmann::json::object();
    for (std::size_t k = 0; k < onset_class_count; ++k)
        onsets[detail::onset_name(k)] = m.rhythm.onsets[k];
    for (std::size_t k = 0; k < bar_opening_count; ++k)
        openings[detail::opening_name(k)] = m.openings.shares[k];
    return {
        { "notes", m.reg.notes },
        { "bars", m.bars },
        { "register",
            { { "min", m.reg.min }, { "max", m.reg.max }, { "mean", m.reg.mean }, { "p2", m.reg.p2 }, { "p98", m.reg.p98 },
                { "range", m.reg.max - m.reg.min }, { "below_chord_top", optional_number(m.reg.below_chord_top) } } },
        { "intervals",
            { { "mean_abs", m.intervals.mean_abs }, { "max_abs", m.intervals.max_abs }, { "over_octave", m.intervals.over_octave },
                { "longest_run_semitones", m.intervals.longest_run_semitones }, { "longest_run_notes", m.intervals.longest_run_notes },
                { "across_bar_lines_mean_abs", optional_number(m.intervals.across_mean_abs) },
                { "inside_bars_mean_abs", optional_number(m.intervals.inside_mean_abs) },
                { "across_bar_lines_over_octave", optional_number(m.intervals.across_over_octave) } } },
        { "rhythm",
            { { "durations", durations }, { "triplet_share", m.rhythm.triplet_share }, { "onsets", onsets },
                { "swing_ratio", optional_number(m.rhythm.swing_ratio) }, { "swing_beats", m.rhythm.swing_beats },
                { "velocity_mean", m.rhythm.velocity_mean }, { "velocity_sd", m.rhythm.velocity_sd },
                { "velocity_min", m.rhythm.velocity_min }, { "velocity_max", m.rhythm.velocity_max } } },
        { "bar_openings", openings },
        { "pitch_classes",
            { { "h1", optional_number(m.pitch_classes.h1) }, { "h4", optional_number(m.pitch_classes.h4) },
                { "chord_tone_ratio", optional_number(m.pitch_classes.chord_tone_ratio) },
                { "scale_consistency", m.pitch_classes.scale_consistency },
                { "scale", std::string(lead_sheet_name(m.pitch_classes.scale_tonic)) + (m.pitch_classes.scale_minor ? " minor" : " major") } } },
        { "grooving_similarity", optional_number(m.grooving_similarity) },
        { "self_repetition", optional_number(m.self_repetition) },
        { "bpm", optional_number(m.bpm) },
    };
}

inline nlohmann::json originality_json(const Originality& o)
{
    return { { "longest_copied_run", o.longest_copied_run }, { "copied_4grams", detail::optional_number(o.copied_4grams) },
        { "longest_copied_tokens", o.longest_copied_tokens },
        { "copied_token_4grams", detail::optional_number(o.copied_token_4grams) } };
}

inline nlohmann::json goals_json(const std::vector<StyleGoal>& goals)
{
    nlohmann::json out = nlohmann::json::array();
    for (const auto& g : goals)
        out.push_back({ { "id", g.id }, { "text", g.text }, { "applies", g.applies }, { "passed", g.passed }, { "value", g.value },
            { "limit", g.limit } });
    return out;
}

/// A solo's evaluation as JSON: "solo", "source", "originality", "goals", "goals_met", "human".
inline nlohmann::json evaluation_json(const SoloEvaluation& e)
{
    nlohmann::json human = nlohmann::json::object();
    for (const auto& r : weimar_references())
        human[r.name] = { { "mean", r.mean }, { "sd", r.sd } };
    return { { "solo", metrics_json(e.solo) }, { "source", metrics_json(e.source) }, { "originality", originality_json(e.originality) },
        { "goals", goals_json(e.goals) }, { "goals_met", e.goals_met() }, { "goals_total", e.goals.size() }, { "human", human } };
}

/// One line after improvise/generate: where the solo sits against its source, and the goals met.
inline std::string style_summary(const SoloEvaluation& e)
{
    using detail::num;
    using detail::percent;
    const auto& s = e.solo;
    const auto& t = e.source;
    std::string line = "style: " + std::to_string(s.reg.notes) + " notes " + lead_sheet_name_with_octave(s.reg.min) + "-"
        + lead_sheet_name_with_octave(s.reg.max) + " (source " + lead_sheet_name_with_octave(t.reg.min) + "-" + lead_sheet_name_with_octave(t.reg.max)
        + "), run " + std::to_string(s.intervals.longest_run_semitones) + " st (" + std::to_string(t.intervals.longest_run_semitones)
        + "), bar-line leap " + num(s.intervals.across_mean_abs, 1) + " vs " + num(s.intervals.inside_mean_abs, 1) + " inside ("
        + num(t.intervals.across_mean_abs, 1) + "), triplets " + percent(s.rhythm.triplet_share) + " (" + percent(t.rhythm.triplet_share)
        + "), chord tones " + percent(s.pitch_classes.chord_tone_ratio) + " (" + percent(t.pitch_classes.chord_tone_ratio)
        + "), copied run " + std::to_string(e.originality.longest_copied_run) + ", " + num(s.bpm, 0) + " bpm; goals "
        + std::to_string(e.goals_met()) + "/" + std::to_string(e.goals.size());
    std::string failed;
    for (const auto& g : e.goals)
        if (!g.passed)
            failed += (failed.empty() ? "" : ", ") + g.id;
    if (!failed.empty())
        line += " (missed: " + failed + ")";
    return line;
}

/// The table `jazzlstm evaluate` prints: each figure of the solo, beside the source's when given
/// and beside the human reference where there is one; then the goals.
inline std::string metrics_table(const MelodyMetrics& solo, const MelodyMetrics* source, const SoloEvaluation* evaluation)
{
    using detail::num;
    using detail::percent;
    std::string out;
    auto row = [&](const std::string& name, const std::string& a, const std::string& b, const char* reference = nullptr) {
        char buffer[256];
        std::string human;
        if (reference)
            if (const HumanReference* r = detail::human(reference))
                human = num(r->mean) + " +- " + num(r->sd);
        std::snprintf(buffer, sizeof buffer, "  %-30s %-26s %-26s %s\n", name.c_str(), a.c_str(), source ? b.c_str() : "", human.c_str());
        out += buffer;
    };
    const MelodyMetrics& t = source ? *source : solo;
    auto range = [](const MelodyMetrics& m) {
        return m.reg.notes ? lead_sheet_name_with_octave(m.reg.min) + "-" + lead_sheet_name_with_octave(m.reg.max) + " (" + std::to_string(m.reg.max - m.reg.min) + ")"
                           : std::string("-");
    };
    auto durations = [](const MelodyMetrics& m) {
        std::vector<std::pair<std::size_t, ticks12>> top;
        for (const auto& [d, n] : m.rhythm.durations)
            top.push_back({ n, d });
        std::sort(top.begin(), top.end(), [](const auto& a, const auto& b) { return a.first != b.first ? a.first > b.first : a.second < b.second; });
        std::string s;
        for (std::size_t k = 0; k < top.size() && k < 4; ++k)
            s += (k ? " " : "") + detail::duration_name(top[k].second) + ":" + percent(static_cast<double>(top[k].first) / static_cast<double>(m.reg.notes));
        return s.empty() ? std::string("-") : s;
    };
    auto shares = [](const auto& values, std::size_t n) {
        std::string s;
        for (std::size_t k = 0; k < n; ++k)
            s += (k ? "/" : "") + detail::num(100 * values[k], 0);
        return s;
    };
    char header[256];
    std::snprintf(header, sizeof header, "  %-30s %-26s %-26s %s\n", "figure", "solo", source ? "source" : "", "human (Weimar, mean +- sd)");
    out += header;
    row("notes / bars", std::to_string(solo.reg.notes) + " / " + std::to_string(solo.bars), std::to_string(t.reg.notes) + " / " + std::to_string(t.bars));
    row("tempo (bpm)", num(solo.bpm, 1), num(t.bpm, 1));
    row("range (semitones)", range(solo), range(t), "pitch_range");
    row("mean pitch", num(solo.reg.mean, 1), num(t.reg.mean, 1));
    row("p2 - p98", num(solo.reg.p2, 1) + " - " + num(solo.reg.p98, 1), num(t.reg.p2, 1) + " - " + num(t.reg.p98, 1));
    row("below the chord's top", percent(solo.reg.below_chord_top), percent(t.reg.below_chord_top));
    row("mean |interval|", num(solo.intervals.mean_abs), num(t.intervals.mean_abs), "mean_abs_interval");
    row("max |interval|, > octave", std::to_string(solo.intervals.max_abs) + ", " + percent(solo.intervals.over_octave),
        std::to_string(t.intervals.max_abs) + ", " + percent(t.intervals.over_octave));
    row("longest one-way run", std::to_string(solo.intervals.longest_run_semitones) + " st / " + std::to_string(solo.intervals.longest_run_notes) + " notes",
        std::to_string(t.intervals.longest_run_semitones) + " st / " + std::to_string(t.intervals.longest_run_notes) + " notes");
    row("leap across bar lines", num(solo.intervals.across_mean_abs), num(t.intervals.across_mean_abs));
    row("leap inside bars", num(solo.intervals.inside_mean_abs), num(t.intervals.inside_mean_abs));
    row("bar-line leaps > octave", percent(solo.intervals.across_over_octave), percent(t.intervals.across_over_octave));
    row("durations (most common)", durations(solo), durations(t));
    row("triplet durations", percent(solo.rhythm.triplet_share), percent(t.rhythm.triplet_share));
    row("onsets beat/8th/16th/trip/other", shares(solo.rhythm.onsets, onset_class_count), shares(t.rhythm.onsets, onset_class_count));
    row("swing ratio (two-note beats)", num(solo.rhythm.swing_ratio) + " (" + std::to_string(solo.rhythm.swing_beats) + ")",
        num(t.rhythm.swing_ratio) + " (" + std::to_string(t.rhythm.swing_beats) + ")");
    row("velocity mean +- sd", num(solo.rhythm.velocity_mean, 0) + " +- " + num(solo.rhythm.velocity_sd, 1),
        num(t.rhythm.velocity_mean, 0) + " +- " + num(t.rhythm.velocity_sd, 1));
    row("bar openings down/tie/pick/rest", shares(solo.openings.shares, bar_opening_count), shares(t.openings.shares, bar_opening_count));
    row("pitch-class entropy H1", num(solo.pitch_classes.h1), num(t.pitch_classes.h1), "h1");
    row("pitch-class entropy H4", num(solo.pitch_classes.h4), num(t.pitch_classes.h4), "h4");
    row("grooving similarity GS", num(solo.grooving_similarity), num(t.grooving_similarity), "grooving_similarity");
    row("chord-tone ratio", num(solo.pitch_classes.chord_tone_ratio), num(t.pitch_classes.chord_tone_ratio), "chord_tone_ratio");
    row("scale consistency", num(solo.pitch_classes.scale_consistency), num(t.pitch_classes.scale_consistency), "scale_consistency");
    row("self-repetition (4-grams)", percent(solo.self_repetition), percent(t.self_repetition));
    if (evaluation) {
        const Originality& o = evaluation->originality;
        out += "\n  against the source: longest copied run " + std::to_string(o.longest_copied_run) + " (interval, duration) pairs, "
            + percent(o.copied_4grams) + " of the 4-grams copied; tokens: longest copied run " + std::to_string(o.longest_copied_tokens)
            + ", " + percent(o.copied_token_4grams) + " of the 4-grams copied\n";
        out += "\n  goals: " + std::to_string(evaluation->goals_met()) + " of " + std::to_string(evaluation->goals.size()) + " met\n";
        for (const auto& g : evaluation->goals) {
            char buffer[256];
            std::snprintf(buffer, sizeof buffer, "    [%s] %-16s %-70s %s (limit %s)\n", !g.applies ? "n/a " : g.passed ? " ok " : "MISS",
                g.id.c_str(), g.text.c_str(), num(g.value).c_str(), num(g.limit).c_str());
            out += buffer;
        }
    }
    return out;
}

} // namespace jazzlstm::app
