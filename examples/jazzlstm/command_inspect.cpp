// jazzlstm inspect FILE: the tracks of a MIDI file with what the part choice measured on each,
// its scores and the reason for each verdict, and the corpus it would build (or why none).
#include "commands.hpp"
#include "inputs.hpp"
#include "corpus_choice.hpp"

#include <jazzlstm/music/chord_symbols.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

namespace jazzlstm::app {

namespace {

// The corpus the options would train on, or the reason there is none. With explicit parts or a
// preset a failure is the user's (rethrown: exit 1); in automatic mode it is only reported.
struct CorpusAttempt {
    bool ok = false;
    Corpus corpus;
    std::string failure;
};

CorpusAttempt try_corpus(const midi::File& file, const Options& options)
{
    CorpusAttempt attempt;
    try {
        attempt.corpus = build_corpus(file, corpus_options(options));
        attempt.ok = true;
    } catch (const jazzlstm::error& e) {
        if (corpus_explicit(options))
            throw;
        attempt.failure = e.what();
    }
    return attempt;
}

nlohmann::json stats_json(const TrackStats& t)
{
    return { { "track", t.track }, { "name", json_text(t.name) }, { "channel", t.channel }, { "program", t.program }, { "notes", t.notes },
        { "attacks", t.onsets }, { "chordal_share", t.chordal_share }, { "dyad_share", t.dyad_share }, { "held_share", t.held_share },
        { "motion", t.motion }, { "leap_share", t.leap_share }, { "step_share", t.step_share }, { "mean_pitch", t.mean_pitch },
        { "line_pitch", t.line_pitch }, { "line_pitches", t.line_pitches }, { "lowest", t.lowest_pitch }, { "highest", t.highest_pitch }, { "max_polyphony", t.max_polyphony },
        { "mean_duration", t.mean_duration }, { "density", t.density }, { "continuity", t.continuity }, { "coverage", t.coverage },
        { "prominence", t.prominence }, { "doubles", t.doubles }, { "doubled", t.doubled }, { "lead_score", t.lead_score },
        { "chord_score", t.chord_score }, { "verdict", json_text(t.verdict) } };
}

std::string score_text(double score) { return score > 0 ? jazzlstm::detail::fixed(score) : "-"; }

} // namespace

int run_inspect(const Options& options)
{
    const std::string& name = options.files.front();
    const midi::File file = load_midi(name);
    const midi::Score score = midi::to_score(file);
    double end = 0;
    for (const auto& t : score.tracks)
        for (const auto& n : t.notes)
            end = std::max(end, n.onset + n.duration);
    const double bpm = score.tempos.empty() ? 120.0 : 60e6 / score.tempos.front().microseconds_per_quarter;
    CorpusAttempt attempt;
    try {
        attempt = try_corpus(file, options); // first, so an explicit failure prints only its error
    } catch (const jazzlstm::error& e) {
        rethrow_naming(e, name);
    }
    const CorpusOptions corpus_opts = corpus_options(options);
    const PartChoice choice = attempt.ok ? attempt.corpus.parts : choose_parts(file, corpus_opts);

    if (options.json) {
        nlohmann::json report;
        report["file"] = json_text(name);
        report["format"] = file.format;
        report["ticks_per_quarter"] = file.ticks_per_quarter;
        report["tempo_bpm"] = bpm;
        report["length_quarters"] = end;
        report["tracks"] = nlohmann::json::array();
        for (const auto& t : choice.tracks)
            report["tracks"].push_back(stats_json(t));
        if (attempt.ok) {
            const Corpus& c = attempt.corpus;
            report["corpus"] = { { "behaviour", behaviour_name(c.behaviour) }, { "automatic", c.parts.automatic },
                { "melody", c.parts.melody }, { "melody_top_note", c.parts.melody_top_note }, { "chords", c.parts.chords },
                { "harmony", c.parts.harmony }, { "inferred_harmony", c.parts.inferred_harmony }, { "fallback", c.parts.fallback },
                { "window_lo", static_cast<double>(c.parts.window_lo) / twelfths_per_quarter },
                { "window_hi", static_cast<double>(c.parts.window_hi) / twelfths_per_quarter },
                { "measures", c.measures.size() }, { "tokens", c.tokens.size() }, { "vocabulary", c.vocabulary.size() },
                { "explanation", json_text(c.parts.explanation) }, { "notes", c.notes } };
        } else {
            report["corpus"] = { { "error", json_text(attempt.failure) } };
        }
        report["warnings"] = nlohmann::json::array();
        for (const auto& w : file.warnings)
            report["warnings"].push_back({ { "byte", w.byte }, { "track", w.track }, { "message", w.message } });
        report["dropped_events"] = file.dropped_events;
        print_json(report);
        return 0;
    }
    if (options.quiet)
        return 0;
    std::printf("%s: format %d, %d ticks per quarter, %zu tracks, %.1f bpm, %.2f quarters (%.1f bars of 4/4)\n", name.c_str(),
        file.format, file.ticks_per_quarter, file.tracks.size(), bpm, end, end / 4);
    std::printf("%5s  %-20s %7s %7s %6s %7s %6s %6s %5s %5s %-9s %5s %6s\n", "track", "name", "channel", "program", "notes", "attacks",
        "chords", "dyads", "held", "line", "range", "lead", "chords");
    for (const auto& t : choice.tracks) {
        const std::string range = t.notes ? lead_sheet_name_with_octave(t.lowest_pitch) + "-" + lead_sheet_name_with_octave(t.highest_pitch) : "-";
        const std::string channel = t.channel >= 0 ? std::to_string(t.channel) : "-";
        const std::string program = t.program >= 0 ? std::to_string(t.program) : "-";
        std::printf("%5d  %-20s %7s %7s %6zu %7zu %5.0f%% %5.0f%% %4.0f%% %5.1f %-9s %5s %6s\n", t.track, t.name.substr(0, 20).c_str(),
            channel.c_str(), program.c_str(), t.notes, t.onsets, 100 * t.chordal_share, 100 * t.dyad_share, 100 * t.held_share,
            t.line_pitch, range.c_str(), score_text(t.lead_score).c_str(), score_text(t.chord_score).c_str());
        std::printf("       %s\n", t.verdict.c_str());
    }
    for (const auto& w : file.warnings)
        std::printf("warning: byte %zu, track %d: %s\n", w.byte, w.track, w.message.c_str());
    if (file.dropped_events > file.warnings.size())
        std::printf("warning: %zu more malformed events dropped\n", file.dropped_events - file.warnings.size());
    if (attempt.ok)
        std::cout << "\n" << corpus_report(attempt.corpus);
    else
        std::cout << "\ncorpus: none (" << attempt.failure << ")\n";
    return 0;
}

} // namespace jazzlstm::app
