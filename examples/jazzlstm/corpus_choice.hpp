// From command-line options to the corpus pipeline's options, and a report of the part choice.
#pragma once

#include "options.hpp"

#include <jazzlstm/music/corpus.hpp>
#include <jazzlstm/music/music21_import.hpp>

#include <cstdio>
#include <string>

namespace jazzlstm::app {

/// The corpus options a command line asks for: `--preset metheny` (music21 6, with rests) or
/// `--preset metheny-no-rests` (music21 5), else the explicit tracks and window, else automatic.
inline CorpusOptions corpus_options(const Options& options)
{
    if (!options.preset.empty())
        return corpus_preset(options.preset);
    CorpusOptions corpus;
    corpus.melody = options.melody_track;
    corpus.chords = options.chord_tracks;
    if (options.window) {
        corpus.window_lo = options.window->first;
        corpus.window_hi = options.window->second;
    }
    return corpus;
}

/// True when the command line chose parts or a window itself (a failure is then the user's data).
inline bool corpus_explicit(const Options& options)
{
    return !options.preset.empty() || !options.melody_track.empty() || !options.chord_tracks.empty() || options.window;
}

/// Three lines for people: which tracks and window, the counts, and why.
inline std::string corpus_report(const Corpus& corpus)
{
    auto track_label = [&](int index) {
        for (const auto& t : corpus.parts.tracks)
            if (t.track == index)
                return std::to_string(index) + " '" + t.name + "'";
        return std::to_string(index);
    };
    std::string chords;
    for (int c : corpus.parts.chords)
        chords += (chords.empty() ? "" : ", ") + track_label(c);
    char window[96];
    std::snprintf(window, sizeof window, "%.3f..%.3f", static_cast<double>(corpus.parts.window_lo) / twelfths_per_quarter,
        static_cast<double>(corpus.parts.window_hi) / twelfths_per_quarter);
    std::string text = std::string("corpus (") + (corpus.parts.automatic ? "automatic" : "chosen") + ", "
        + behaviour_name(corpus.behaviour) + "): melody track " + track_label(corpus.parts.melody) + ", chords track"
        + (corpus.parts.chords.size() == 1 ? " " : "s ") + chords + ", window " + window + " quarters\n";
    text += "  " + std::to_string(corpus.measures.size()) + " measures, " + std::to_string(corpus.tokens.size()) + " tokens, vocabulary "
        + std::to_string(corpus.vocabulary.size()) + "\n";
    if (!corpus.parts.explanation.empty())
        text += "  why: " + corpus.parts.explanation + "\n";
    return text;
}

} // namespace jazzlstm::app
