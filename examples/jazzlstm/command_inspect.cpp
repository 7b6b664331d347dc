// jazzlstm inspect FILE: the tracks of a MIDI file, the parts the corpus pipeline would choose
// and why, and the corpus it would build.
#include "commands.hpp"
#include "inputs.hpp"
#include "corpus_choice.hpp"

#include <jazzlstm/music/chord_symbols.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <string>
#include <utility>
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
    const CorpusAttempt attempt = try_corpus(file, options);  // first, so an explicit failure prints only its error
    const std::vector<TrackStats> stats = measure_tracks(score);

    if (options.json) {
        nlohmann::json report;
        report["file"] = name;
        report["format"] = file.format;
        report["ticks_per_quarter"] = file.ticks_per_quarter;
        report["tempo_bpm"] = bpm;
        report["length_quarters"] = end;
        report["tracks"] = nlohmann::json::array();
        for (std::size_t i = 0; i < score.tracks.size(); ++i) {
            const auto& t = score.tracks[i];
            const TrackStats& s = stats[i];
            report["tracks"].push_back({ { "index", i }, { "name", t.name }, { "channel", t.channel }, { "program", t.program },
                { "notes", s.notes }, { "max_polyphony", s.max_polyphony }, { "chord_share", s.simultaneous_share },
                { "lowest", s.lowest_pitch }, { "highest", s.highest_pitch }, { "mean_duration", s.mean_duration } });
        }
        if (attempt.ok) {
            const Corpus& c = attempt.corpus;
            nlohmann::json tracks = nlohmann::json::array();
            for (const auto& t : c.parts.tracks)
                tracks.push_back({ { "track", t.track }, { "name", t.name }, { "lead_score", t.lead_score },
                    { "chord_score", t.chord_score }, { "verdict", t.verdict } });
            report["corpus"] = { { "behaviour", behaviour_name(c.behaviour) }, { "automatic", c.parts.automatic },
                { "melody", c.parts.melody }, { "chords", c.parts.chords },
                { "window_lo", static_cast<double>(c.parts.window_lo) / twelfths_per_quarter },
                { "window_hi", static_cast<double>(c.parts.window_hi) / twelfths_per_quarter },
                { "measures", c.measures.size() }, { "tokens", c.tokens.size() }, { "vocabulary", c.vocabulary.size() },
                { "explanation", c.parts.explanation }, { "scores", tracks } };
        } else {
            report["corpus"] = { { "error", attempt.failure } };
        }
        std::cout << report.dump(2) << "\n";
        return 0;
    }
    if (options.quiet)
        return 0;
    std::printf("%s: format %d, %d ticks per quarter, %zu tracks, %.1f bpm, %.2f quarters (%.1f bars of 4/4)\n", name.c_str(),
        file.format, file.ticks_per_quarter, file.tracks.size(), bpm, end, end / 4);
    std::printf("%5s  %-20s %7s %7s %6s %9s %7s %-9s %8s\n", "track", "name", "channel", "program", "notes", "polyphony",
        "chords", "range", "mean dur");
    for (std::size_t i = 0; i < score.tracks.size(); ++i) {
        const auto& t = score.tracks[i];
        const TrackStats& s = stats[i];
        std::string range = s.notes ? lead_sheet_name_with_octave(s.lowest_pitch) + "-" + lead_sheet_name_with_octave(s.highest_pitch) : "-";
        std::string channel = t.channel >= 0 ? std::to_string(t.channel) : "-";
        std::string program = t.program >= 0 ? std::to_string(t.program) : "-";
        std::printf("%5zu  %-20s %7s %7s %6zu %9d %6.0f%% %-9s %8.3f\n", i, t.name.substr(0, 20).c_str(), channel.c_str(),
            program.c_str(), s.notes, s.max_polyphony, 100 * s.simultaneous_share, range.c_str(), s.mean_duration);
    }
    if (attempt.ok)
        std::cout << "\n" << corpus_report(attempt.corpus);
    else
        std::cout << "\ncorpus: none (" << attempt.failure << ")\n";
    return 0;
}

} // namespace jazzlstm::app
