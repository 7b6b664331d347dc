// From a MIDI score to the token corpus deepjazz trains on (standard library only).
//
// The pipeline is grammar-spec §3: import the melody and chord tracks as music21 does
// (music21_import.hpp), merge the melody's voices, keep the chords of the accompaniment,
// cut a window by start offset, group both into 4-quarter bars, and turn each bar into
// grammar tokens. Which tracks to use comes from an explicit choice, the `metheny` preset
// (the reference run) or an automatic heuristic that explains itself. docs/corpus.md has
// the details and the heuristic's scores.
#pragma once

#include <jazzlstm/core/error.hpp>
#include <jazzlstm/core/vocabulary.hpp>
#include <jazzlstm/music/corpus/measures.hpp>
#include <jazzlstm/music/corpus/options.hpp>
#include <jazzlstm/music/corpus/part_choice.hpp>
#include <jazzlstm/music/corpus/tracks.hpp>
#include <jazzlstm/music/grammar/parse.hpp>
#include <jazzlstm/music/midi/read.hpp>
#include <jazzlstm/music/midi/score.hpp>
#include <jazzlstm/music/music21_behaviour.hpp>
#include <jazzlstm/music/music21_import.hpp>
#include <jazzlstm/music/notes.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <limits>
#include <string>
#include <utility>
#include <vector>

namespace jazzlstm {

/// The training corpus and everything needed to explain it.
struct Corpus {
    Music21Behaviour behaviour = Music21Behaviour::music21_6;
    std::vector<Measure> measures;    ///< measures 1…N
    int measure_count = 0;            ///< deepjazz's len(measures): N + 1 (group 0 = metadata)
    int chord_group_count = 0;        ///< deepjazz's len(chords) after it deletes the last group
    std::vector<std::string> tokens;  ///< all measures' tokens in order
    Vocabulary vocabulary;            ///< sorted unique tokens
    PartChoice parts;
    std::vector<std::string> notes;   ///< human-readable report lines
    /// Every chord of the chord tracks starting inside the window (absolute offsets, onset order):
    /// the accompaniment bar by bar, bars without melody included.
    std::vector<Chord> harmony;
    /// The tempo in effect at the window's start (the file's last tempo change at or before it;
    /// 120 bpm, the MIDI default, when there is none).
    double bpm = 120;

    /// Token indices in the corpus vocabulary. Allocates: the result.
    std::vector<int> indices() const { return vocabulary.encode(tokens); }
};

/// Turns one bar (melody elements in order, its chord group) into grammar tokens;
/// grammar.hpp's parse_measure has this shape.
using MeasureTokenizer = std::function<std::vector<std::string>(const std::vector<MelodyElement>&, const std::vector<Chord>&)>;

namespace detail {

    /// An element of a part with the keys that order a merge of voices or parts.
    struct Ordered {
        const PartElement* element;
        std::size_t source; ///< part, then voice
        std::size_t position;
    };

    inline std::vector<const PartElement*> merge_by_offset(std::vector<Ordered> all)
    {
        std::stable_sort(all.begin(), all.end(), [](const Ordered& a, const Ordered& b) {
            if (a.element->offset != b.element->offset)
                return a.element->offset < b.element->offset;
            if (a.source != b.source)
                return a.source < b.source;
            return a.position < b.position;
        });
        std::vector<const PartElement*> out;
        out.reserve(all.size());
        for (const auto& o : all)
            out.push_back(o.element);
        return out;
    }

    /// The tempo in bpm at `at` twelfths: the last tempo change at or before it, else 120.
    inline double tempo_at(const midi::Score& score, ticks12 at)
    {
        double bpm = 120;
        for (const auto& t : score.tempos) {
            // t.tick / tpq quarters ≤ at / 12, kept in integers.
            if (static_cast<long double>(t.tick) * twelfths_per_quarter > static_cast<long double>(at) * score.ticks_per_quarter)
                break;
            if (t.microseconds_per_quarter > 0)
                bpm = 60e6 / t.microseconds_per_quarter;
        }
        return bpm;
    }

    inline ticks12 to_twelfths(double quarters, const char* what)
    {
        if (!std::isfinite(quarters) || quarters < 0 || quarters > 1e12)
            throw argument_error("jazzlstm.corpus.window", std::string(what) + " of the window must be a finite number of quarters >= 0");
        return static_cast<ticks12>(std::llround(quarters * twelfths_per_quarter));
    }

    /// Step 1, the part choice: explicit tracks resolved, the rest chosen automatically, and the
    /// explanation that names both.
    inline PartChoice choose_corpus_parts(const std::vector<SourceTrack>& tracks, int ticks_per_quarter, const CorpusOptions& options)
    {
        PartChoice choice;
        if (options.melody.empty() || options.chords.empty()) {
            const int forced = options.melody.empty() ? -1 : detail::resolve_track(tracks, options.melody, "melody");
            detail::choose_parts(tracks, ticks_per_quarter, choice, forced);
        } else {
            for (std::size_t t = 0; t < tracks.size(); ++t)
                if (!tracks[t].track.notes.empty())
                    choice.tracks.push_back(measure_track(tracks[t].track, static_cast<int>(t), ticks_per_quarter));
        }
        if (!options.melody.empty())
            choice.melody = detail::resolve_track(tracks, options.melody, "melody");
        if (!options.chords.empty()) {
            choice.chords.clear();
            for (const auto& spec : options.chords)
                choice.chords.push_back(detail::resolve_track(tracks, spec, "chord"));
        }
        if (!options.melody.empty() || !options.chords.empty()) {
            std::string text = "melody: track " + std::to_string(choice.melody) + " '" + tracks[static_cast<std::size_t>(choice.melody)].track.name + "'";
            text += options.melody.empty() ? " (automatic)" : " (explicit)";
            text += "; chords:";
            for (const int c : choice.chords)
                text += " track " + std::to_string(c) + " '" + tracks[static_cast<std::size_t>(c)].track.name + "'";
            text += options.chords.empty() ? " (automatic)." : " (explicit).";
            if (choice.automatic)
                text += " " + choice.explanation;
            choice.explanation = text;
        }
        return choice;
    }

    /// Step 3, the melody: the imported part's voices merged (v0's elements first at equal
    /// offsets, then v1, ...), zero lengths made 0.25 as deepjazz does, chords dropped (or reduced
    /// to their top note). Adds a line to `notes` when the part held chords.
    inline std::vector<MelodyElement> melody_line(const ImportedPart& melody_part, const CorpusOptions& options,
        std::vector<std::string>& notes)
    {
        std::vector<detail::Ordered> melody_order;
        for (std::size_t v = 0; v < melody_part.voices.size(); ++v)
            for (std::size_t i = 0; i < melody_part.voices[v].size(); ++i)
                melody_order.push_back({ &melody_part.voices[v][i], v, i });
        std::vector<MelodyElement> melody;
        std::size_t melody_chords = 0;
        bool melody_has_note = false;
        for (const PartElement* e : detail::merge_by_offset(std::move(melody_order))) {
            MelodyElement m;
            m.offset = e->offset;
            // deepjazz lengthens every zero-length element of the melody to 0.25.
            m.duration = e->duration == 0 ? 3 : e->duration;
            m.is_rest = e->is_rest();
            m.velocity = e->velocity;
            if (e->is_chord()) {
                ++melody_chords;
                if (!options.melody_chords_top_note)
                    continue;
                m.midi = *std::max_element(e->pitches.begin(), e->pitches.end());
            } else if (!m.is_rest) {
                m.midi = e->pitches.front();
            }
            melody_has_note = melody_has_note || !m.is_rest;
            melody.push_back(m);
        }
        if (!melody_has_note)
            throw argument_error("jazzlstm.corpus.no_melody", "the melody track " + std::to_string(melody_part.track) + " has no single notes to learn from",
                error_context { {}, {}, {}, {}, melody_part.track, {}, {} });
        if (melody_chords > 0)
            notes.push_back(std::to_string(melody_chords) + " chords in the melody track were "
                + (options.melody_chords_top_note ? "reduced to their top note" : "dropped (deepjazz keeps single notes and rests only)"));
        return melody;
    }

    /// Step 4, the harmony: the chords (groups of two or more notes) of the chord parts, merged
    /// by offset, parts in the order given and voices by index.
    inline std::vector<Chord> harmony_line(const std::vector<ImportedPart>& chord_parts)
    {
        std::vector<detail::Ordered> harmony_order;
        std::size_t source = 0;
        for (const auto& part : chord_parts) {
            for (const auto& voice : part.voices) {
                for (std::size_t i = 0; i < voice.size(); ++i)
                    if (voice[i].is_chord())
                        harmony_order.push_back({ &voice[i], source, i });
                ++source;
            }
        }
        std::vector<Chord> harmony;
        for (const PartElement* e : detail::merge_by_offset(std::move(harmony_order)))
            harmony.push_back(Chord { e->offset, e->duration, e->pitches });
        if (harmony.empty())
            throw argument_error("jazzlstm.corpus.no_chords", "the chord track(s) contain no chords (groups of notes starting together)");
        return harmony;
    }

    /// Step 5, the window of start offsets (both ends inclusive, twelfths): the options' window,
    /// else from the first bar holding a melody note with a chord at or before it to the last
    /// melody note.
    inline void choose_window(const std::vector<MelodyElement>& melody, const std::vector<Chord>& harmony,
        const CorpusOptions& options, PartChoice& choice)
    {
        if (options.window_lo || options.window_hi) {
            choice.window_lo = options.window_lo ? detail::to_twelfths(*options.window_lo, "start") : 0;
            choice.window_hi = options.window_hi ? detail::to_twelfths(*options.window_hi, "end") : std::numeric_limits<ticks12>::max();
            if (choice.window_hi < choice.window_lo)
                throw argument_error("jazzlstm.corpus.window", "the window ends before it starts");
            return;
        }
        ticks12 first_note = -1, last_note = 0;
        for (const auto& m : melody)
            if (!m.is_rest) {
                if (first_note < 0)
                    first_note = m.offset;
                last_note = m.offset;
            }
        const std::int64_t start_bar = std::max(detail::bar_of(first_note), detail::bar_of(harmony.front().offset));
        choice.window_lo = start_bar * detail::twelfths_per_bar;
        choice.window_hi = last_note;
    }

    /// The pipeline (grammar-spec §3) as its named steps; `programs` fills in the programs of
    /// split channels when known.
    inline Corpus build_corpus_from(const midi::Score& score, const ChannelPrograms& programs, const CorpusOptions& options,
        const MeasureTokenizer& tokenize)
    {
        const auto tracks = detail::source_tracks(score, programs);
        Corpus corpus;
        corpus.behaviour = options.behaviour;
        corpus.parts = choose_corpus_parts(tracks, score.ticks_per_quarter, options);
        PartChoice& choice = corpus.parts;
        corpus.notes.push_back(choice.explanation);

        // Step 2: import as music21 would.
        const auto import = [&](int index) {
            return import_track(tracks[static_cast<std::size_t>(index)].track, score.ticks_per_quarter, options.behaviour, index);
        };
        const ImportedPart melody_part = import(choice.melody);
        std::vector<ImportedPart> chord_parts;
        for (const int c : choice.chords)
            chord_parts.push_back(import(c));

        const std::vector<MelodyElement> melody = melody_line(melody_part, options, corpus.notes);
        const std::vector<Chord> harmony = harmony_line(chord_parts);
        choose_window(melody, harmony, options, choice);
        corpus.bpm = detail::tempo_at(score, choice.window_lo);

        // Step 6: bars, and the chord group of each (measures.hpp).
        corpus.measures = melody_bars(melody, choice.window_lo, choice.window_hi);
        const BarChords groups = chords_by_bar(harmony, choice.window_lo, choice.window_hi);
        for (const auto& c : harmony)
            if (c.offset >= choice.window_lo && c.offset <= choice.window_hi)
                corpus.harmony.push_back(c);
        corpus.measure_count = static_cast<int>(corpus.measures.size()) + 1;
        // deepjazz: group 0 is metadata, then one group per run, then it deletes the last one.
        corpus.chord_group_count = groups.runs;
        if (corpus.measures.empty())
            throw argument_error("jazzlstm.corpus.empty", "no melody element starts inside the window");
        const std::vector<std::int64_t> reused_bars = pair_chords(corpus.measures, groups, harmony);
        if (!reused_bars.empty()) {
            std::string list;
            for (const auto b : reused_bars)
                list += (list.empty() ? "" : " ") + std::to_string(b);
            corpus.notes.push_back(std::to_string(reused_bars.size()) + " bar(s) with melody but no chord reuse the most recent chord: " + list);
        }
        if (corpus.measure_count != corpus.chord_group_count)
            corpus.notes.push_back("deepjazz would stop here: " + std::to_string(corpus.measure_count) + " measures but "
                + std::to_string(corpus.chord_group_count) + " chord groups (it pairs them by position); chords are paired by bar instead");

        // Step 7: the tokens of every bar, and the vocabulary.
        for (auto& measure : corpus.measures) {
            measure.tokens = tokenize(measure.elements, measure.chords);
            corpus.tokens.insert(corpus.tokens.end(), measure.tokens.begin(), measure.tokens.end());
        }
        if (corpus.tokens.empty())
            throw argument_error("jazzlstm.corpus.empty", "the chosen melody produced no tokens");
        corpus.vocabulary = Vocabulary(corpus.tokens);
        corpus.notes.push_back(std::string(behaviour_name(options.behaviour)) + ": " + std::to_string(corpus.measures.size()) + " measures (bars "
            + std::to_string(corpus.measures.front().bar) + "-" + std::to_string(corpus.measures.back().bar) + "), "
            + std::to_string(corpus.tokens.size()) + " tokens, vocabulary " + std::to_string(corpus.vocabulary.size()));
        return corpus;
    }

} // namespace detail

/// Builds the corpus of a score.
/// @param score the parsed MIDI file (midi.hpp)
/// @param options tracks, window and behaviour; empty tracks mean the automatic choice
/// @param tokenize turns a bar into tokens (grammar.hpp's parse_measure)
/// @throws argument_error `jazzlstm.corpus.track` (unknown track), `jazzlstm.corpus.window`,
///   `jazzlstm.corpus.no_melody`, `jazzlstm.corpus.no_chords`, `jazzlstm.corpus.empty`;
///   whatever `tokenize` throws.
/// Allocates: proportional to the notes of the chosen tracks.
inline Corpus build_corpus(const midi::Score& score, const CorpusOptions& options, const MeasureTokenizer& tokenize)
{
    return detail::build_corpus_from(score, {}, options, tokenize);
}

/// As build_corpus(Score, …) from the file itself, which also knows the program of every
/// channel of a mixed (format 0) track.
/// @throws as midi::to_score and build_corpus.
inline Corpus build_corpus(const midi::File& file, const CorpusOptions& options, const MeasureTokenizer& tokenize)
{
    return detail::build_corpus_from(midi::to_score(file), detail::channel_programs(file), options, tokenize);
}

/// deepjazz's grammar as a MeasureTokenizer: parse_measure with the chord rules of `behaviour`.
inline MeasureTokenizer grammar_tokenizer(Music21Behaviour behaviour)
{
    return [behaviour](const std::vector<MelodyElement>& elements, const std::vector<Chord>& group) {
        return parse_measure(elements, group, behaviour);
    };
}

/// Builds the corpus of a score with deepjazz's grammar (parse_measure).
/// @throws as build_corpus with a tokenizer, and the grammar's errors.
/// Allocates: proportional to the notes of the chosen tracks.
inline Corpus build_corpus(const midi::Score& score, const CorpusOptions& options = {})
{
    return build_corpus(score, options, grammar_tokenizer(options.behaviour));
}

/// build_corpus(File, …) with deepjazz's grammar.
inline Corpus build_corpus(const midi::File& file, const CorpusOptions& options = {})
{
    return build_corpus(file, options, grammar_tokenizer(options.behaviour));
}

/// Reads a MIDI file and builds its corpus.
/// @throws the reader's io_error / parse_error / limit_error (jazzlstm.midi.*), and as build_corpus.
inline Corpus load_corpus(const std::filesystem::path& path, const CorpusOptions& options = {})
{
    return build_corpus(midi::read_file(path), options);
}

} // namespace jazzlstm
