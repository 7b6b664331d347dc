// From a MIDI score to the token corpus deepjazz trains on (standard library only).
//
// The pipeline is grammar-spec §3: import the melody track as music21 does (music21_import.hpp)
// and merge its voices, read the harmony (per beat from the harmony parts, or as music21's
// chords for the reference presets), cut a window by start offset, group both into 4-quarter
// bars, and turn each bar into grammar tokens. Which tracks to use comes from an explicit
// choice, the `metheny` preset (the reference run) or the automatic choice of part_choice.hpp,
// which explains itself. docs/corpus.md has the details and the scores.
#pragma once

#include <jazzlstm/core/error.hpp>
#include <jazzlstm/core/vocabulary.hpp>
#include <jazzlstm/music/corpus/doubling.hpp>
#include <jazzlstm/music/corpus/harmony.hpp>
#include <jazzlstm/music/corpus/measures.hpp>
#include <jazzlstm/music/corpus/onsets.hpp>
#include <jazzlstm/music/corpus/options.hpp>
#include <jazzlstm/music/corpus/part_choice.hpp>
#include <jazzlstm/music/corpus/tracks.hpp>
#include <jazzlstm/music/grammar/parse.hpp>
#include <jazzlstm/music/midi/read.hpp>
#include <jazzlstm/music/midi/score.hpp>
#include <jazzlstm/music/music21_import.hpp>
#include <jazzlstm/music/notes.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <iterator>
#include <limits>
#include <map>
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
    /// The harmony starting inside the window (absolute offsets, onset order): with music21's
    /// reading every chord of the chord tracks, bars without melody included; read per beat, the
    /// chords of the bars with melody.
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

    /// The melody part's elements: its voices merged by offset (v0's elements first at equal
    /// offsets, then v1, ...), zero durations lengthened to 0.25 as deepjazz does. Chords are
    /// dropped as deepjazz drops them, or give their top note with `top_note`; `chords` counts them.
    inline std::vector<MelodyElement> melody_elements(const ImportedPart& part, bool top_note, std::size_t& chords)
    {
        std::vector<Ordered> order;
        for (std::size_t v = 0; v < part.voices.size(); ++v)
            for (std::size_t i = 0; i < part.voices[v].size(); ++i)
                order.push_back({ &part.voices[v][i], v, i });
        std::vector<MelodyElement> melody;
        chords = 0;
        for (const PartElement* e : merge_by_offset(std::move(order))) {
            MelodyElement m;
            m.offset = e->offset;
            m.duration = e->duration == 0 ? 3 : e->duration;
            m.is_rest = e->is_rest();
            m.velocity = e->velocity;
            if (e->is_chord()) {
                ++chords;
                if (!top_note)
                    continue;
                m.midi = *std::max_element(e->pitches.begin(), e->pitches.end());
            } else if (!m.is_rest) {
                m.midi = e->pitches.front();
            }
            melody.push_back(m);
        }
        return melody;
    }

    /// music21's reading of the harmony: the chords (never single notes or rests) of the chord
    /// parts, merged by offset, then part in the order given, then voice, then order in the voice.
    inline std::vector<Chord> music21_harmony(const std::vector<ImportedPart>& parts)
    {
        std::vector<Ordered> order;
        std::size_t source = 0;
        for (const auto& part : parts) {
            for (const auto& voice : part.voices) {
                for (std::size_t i = 0; i < voice.size(); ++i)
                    if (voice[i].is_chord())
                        order.push_back({ &voice[i], source, i });
                ++source;
            }
        }
        std::vector<Chord> harmony;
        for (const PartElement* e : merge_by_offset(std::move(order)))
            harmony.push_back(Chord { e->offset, e->duration, e->pitches });
        return harmony;
    }

    /// deepjazz's pairing (music21 reading): each measure gets the chords of its own bar; a bar
    /// without one reuses the most recent chord before it, else the first one after it.
    /// Returns deepjazz's chord-group count. Adds report lines to `notes`.
    inline int pair_music21_chords(std::vector<Measure>& measures, const std::vector<Chord>& harmony, const PartChoice& choice,
        std::vector<std::string>& notes)
    {
        const BarChords groups = chords_by_bar(harmony, choice.window_lo, choice.window_hi);
        const std::vector<std::int64_t> reused_bars = pair_chords(measures, groups, harmony);
        const int chord_runs = groups.runs;
        if (!reused_bars.empty()) {
            std::string list;
            for (const auto b : reused_bars)
                list += (list.empty() ? "" : " ") + std::to_string(b);
            notes.push_back(std::to_string(reused_bars.size()) + " bar(s) with melody but no chord reuse the nearest chord: " + list);
        }
        return chord_runs;
    }

    /// The harmony read per beat (harmony.hpp) from the choice's parts, paired with each measure.
    inline void pair_beat_chords(std::vector<Measure>& measures, const std::vector<SourceTrack>& tracks, const PartChoice& choice,
        int ticks_per_quarter, std::vector<std::string>& notes)
    {
        const midi::ScoreTrack melody_line = top_line(tracks[static_cast<std::size_t>(choice.melody)].track, ticks_per_quarter);
        const PitchClassOnsets melody(melody_line);
        const std::uint64_t strum = strum_ticks(ticks_per_quarter);
        // A part whose top line carries much of the tune (a piano right hand doubling the lead)
        // lends the harmony only its other notes, and so does the melody's own track named as a
        // chord track (a solo piano: the tune on top, the chords below).
        const auto notes_of = [&](const std::vector<int>& indices) {
            std::vector<const midi::ScoreTrack*> plain, doubling;
            for (const int t : indices) {
                const midi::ScoreTrack& track = tracks[static_cast<std::size_t>(t)].track;
                const bool doubles
                    = t == choice.melody || doubled_share(melody_line, PitchClassOnsets(top_line(track, ticks_per_quarter)), strum) >= 0.5;
                (doubles ? doubling : plain).push_back(&track);
            }
            HarmonyNotes all = harmony_notes(plain, ticks_per_quarter);
            const HarmonyNotes rest = harmony_notes(doubling, ticks_per_quarter, &melody);
            all.notes.insert(all.notes.end(), rest.notes.begin(), rest.notes.end());
            std::stable_sort(all.notes.begin(), all.notes.end(), [](const midi::Note* a, const midi::Note* b) { return a->on_tick < b->on_tick; });
            return all;
        };
        const HarmonyNotes primary = notes_of(choice.harmony);
        const HarmonyNotes fallback = notes_of(choice.fallback);
        std::vector<std::int64_t> bars;
        for (const auto& m : measures)
            bars.push_back(m.bar);
        const std::vector<BarHarmony> harmony = read_harmony(primary, fallback, bars);
        if (harmony.empty())
            throw argument_error("jazzlstm.corpus.no_chords", "the harmony part(s) play no note in or before the melody's bars");
        std::size_t from_fallback = 0, held = 0, ahead = 0;
        for (std::size_t i = 0; i < measures.size(); ++i) {
            measures[i].chords = harmony[i].chords;
            measures[i].chords_reused = harmony[i].from == BarHarmony::From::held || harmony[i].from == BarHarmony::From::ahead;
            from_fallback += harmony[i].from == BarHarmony::From::fallback ? 1 : 0;
            held += harmony[i].from == BarHarmony::From::held ? 1 : 0;
            ahead += harmony[i].from == BarHarmony::From::ahead ? 1 : 0;
        }
        std::string line = "harmony read per beat";
        if (from_fallback)
            line += "; " + std::to_string(from_fallback) + " bar(s) from the other parts, where the chord track is silent";
        if (held)
            line += "; " + std::to_string(held) + " bar(s) with no harmony hold the chord before them";
        if (ahead)
            line += "; " + std::to_string(ahead) + " bar(s) before the accompaniment starts take its first chord";
        notes.push_back(line);
    }

    /// What the options fix of the choice: named tracks resolved to indices.
    /// @throws argument_error `jazzlstm.corpus.track` for a track the file does not have.
    inline PartRequest part_request(const std::vector<SourceTrack>& tracks, const CorpusOptions& options)
    {
        PartRequest request;
        if (!options.melody.empty())
            request.melody = resolve_track(tracks, options.melody, "melody");
        for (const auto& spec : options.chords)
            request.chords.push_back(resolve_track(tracks, spec, "chord"));
        request.melody_top_note = options.melody_top_note;
        return request;
    }

    /// The pipeline; `programs` fills in the programs of split channels when known.
    inline Corpus build_corpus_from(const midi::Score& score, const ChannelPrograms& programs, const CorpusOptions& options,
        const MeasureTokenizer& tokenize)
    {
        if (score.ticks_per_quarter <= 0)
            throw argument_error("jazzlstm.import.division", "ticks per quarter must be positive, got " + std::to_string(score.ticks_per_quarter));
        const auto tracks = detail::source_tracks(score, programs);
        Corpus corpus;
        corpus.behaviour = options.behaviour;
        PartChoice& choice = corpus.parts;

        const PartRequest request = part_request(tracks, options);
        detail::choose_parts(tracks, score.ticks_per_quarter, request, choice);
        if (!choice.failure_id.empty()) {
            error_context where;
            if (request.melody >= 0)
                where.track = request.melody;
            throw argument_error(choice.failure_id, choice.failure, std::move(where));
        }
        corpus.notes.push_back(choice.explanation);

        // The melody, imported as music21 would import it (its top line when asked or chosen so).
        const SourceTrack& melody_source = tracks[static_cast<std::size_t>(choice.melody)];
        const ImportedPart melody_part = import_track(choice.melody_top_note ? top_line(melody_source.track, score.ticks_per_quarter) : melody_source.track,
            score.ticks_per_quarter, options.behaviour, choice.melody);
        std::size_t melody_chords = 0;
        const std::vector<MelodyElement> melody = detail::melody_elements(melody_part, choice.melody_top_note, melody_chords);
        if (std::none_of(melody.begin(), melody.end(), [](const MelodyElement& m) { return !m.is_rest; }))
            throw argument_error("jazzlstm.corpus.no_melody",
                "the melody track " + std::to_string(choice.melody) + " has no single notes to learn from (all " + std::to_string(melody_chords)
                    + " of its attacks are chords); --melody-top-note reads their top note",
                error_context { {}, {}, {}, {}, choice.melody, {}, {} });
        if (melody_chords > 0)
            corpus.notes.push_back(std::to_string(melody_chords) + " chords in the melody track were "
                + (choice.melody_top_note ? "reduced to their top note" : "dropped (deepjazz keeps single notes and rests only; --melody-top-note keeps their top note)"));

        const bool music21 = options.harmony == HarmonyReading::music21_chords;
        std::vector<Chord> harmony;
        if (music21) {
            std::vector<ImportedPart> chord_parts;
            for (const int c : choice.harmony)
                chord_parts.push_back(import_track(tracks[static_cast<std::size_t>(c)].track, score.ticks_per_quarter, options.behaviour, c));
            harmony = detail::music21_harmony(chord_parts);
            if (harmony.empty())
                throw argument_error("jazzlstm.corpus.no_chords", "the chord track(s) contain no chords (groups of notes starting together)");
        }

        // Window by start offset, both ends inclusive; by default the whole melody.
        if (options.window_lo || options.window_hi) {
            choice.window_lo = options.window_lo ? detail::to_twelfths(*options.window_lo, "start") : 0;
            choice.window_hi = options.window_hi ? detail::to_twelfths(*options.window_hi, "end") : std::numeric_limits<ticks12>::max();
            if (choice.window_hi < choice.window_lo)
                throw argument_error("jazzlstm.corpus.window", "the window ends before it starts");
        } else {
            ticks12 first_note = -1, last_note = 0;
            for (const auto& m : melody)
                if (!m.is_rest) {
                    if (first_note < 0)
                        first_note = m.offset;
                    last_note = m.offset;
                }
            choice.window_lo = detail::bar_of(first_note) * detail::twelfths_per_bar;
            choice.window_hi = last_note;
        }
        corpus.bpm = detail::tempo_at(score, choice.window_lo);
        // Bars as runs of int(offset/4), as itertools.groupby makes them.
        corpus.measures = detail::melody_bars(melody, choice.window_lo, choice.window_hi);
        corpus.measure_count = static_cast<int>(corpus.measures.size()) + 1;
        if (corpus.measures.empty()) {
            // Say why: a window given that misses the melody, or chords that only start after it.
            const auto quarters = [](ticks12 t) {
                char text[32];
                std::snprintf(text, sizeof text, "%g", static_cast<double>(t) / twelfths_per_quarter);
                return std::string(text);
            };
            const std::string melody_name = "the melody (track " + std::to_string(choice.melody) + " '"
                + tracks[static_cast<std::size_t>(choice.melody)].track.name + "')";
            const std::string span = melody.empty() ? std::string(" has no element at all")
                                                    : " plays from " + quarters(melody.front().offset) + " to " + quarters(melody.back().offset) + " quarters";
            if (options.window_lo || options.window_hi)
                throw argument_error("jazzlstm.corpus.empty", "no note or rest of " + melody_name + " starts inside the window "
                        + quarters(choice.window_lo) + ".." + quarters(choice.window_hi) + " quarters; " + melody_name.substr(4) + span
                        + ": move --window there");
            throw argument_error("jazzlstm.corpus.empty", "no note or rest of " + melody_name + " starts inside its bars; "
                    + melody_name.substr(4) + span + ": choose the parts with --melody-track and --chord-tracks (`jazzlstm inspect` lists them)");
        }

        if (music21) {
            // deepjazz: group 0 is metadata, then one group per run, then it deletes the last one.
            corpus.chord_group_count = detail::pair_music21_chords(corpus.measures, harmony, choice, corpus.notes);
            for (const auto& c : harmony)
                if (c.offset >= choice.window_lo && c.offset <= choice.window_hi)
                    corpus.harmony.push_back(c);
            if (corpus.measure_count != corpus.chord_group_count)
                corpus.notes.push_back("deepjazz would stop here: " + std::to_string(corpus.measure_count) + " measures but "
                    + std::to_string(corpus.chord_group_count) + " chord groups (it pairs them by position); chords are paired by bar instead");
        } else {
            detail::pair_beat_chords(corpus.measures, tracks, choice, score.ticks_per_quarter, corpus.notes);
            // As deepjazz would count them had every melody bar its own chords.
            corpus.chord_group_count = static_cast<int>(corpus.measures.size());
        }
        if (!music21)
            for (const auto& measure : corpus.measures)
                corpus.harmony.insert(corpus.harmony.end(), measure.chords.begin(), measure.chords.end());

        for (auto& measure : corpus.measures) {
            measure.tokens = tokenize(measure.elements, measure.chords);
            corpus.tokens.insert(corpus.tokens.end(), measure.tokens.begin(), measure.tokens.end());
        }
        if (corpus.tokens.empty())
            throw argument_error("jazzlstm.corpus.empty", "the melody (track " + std::to_string(choice.melody)
                    + ") gave no grammar token in the " + std::to_string(corpus.measures.size())
                    + " measure(s) of the window; choose another --melody-track or a wider --window");
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

/// The part choice build_corpus makes for these options, with every track's statistics, scores
/// and verdict, without building the corpus: a file the choice refuses comes back with
/// `failure_id` and `failure` set instead of an exception, so a report can show why.
/// @throws argument_error `jazzlstm.corpus.track` for a named track that does not exist,
///         `jazzlstm.import.division` for ticks per quarter ≤ 0.
/// Allocates: proportional to the notes of the file.
inline PartChoice choose_parts(const midi::File& file, const CorpusOptions& options = {})
{
    const midi::Score score = midi::to_score(file);
    if (score.ticks_per_quarter <= 0)
        throw argument_error("jazzlstm.import.division", "ticks per quarter must be positive, got " + std::to_string(score.ticks_per_quarter));
    const auto tracks = detail::source_tracks(score, detail::channel_programs(file));
    PartChoice choice;
    detail::choose_parts(tracks, score.ticks_per_quarter, detail::part_request(tracks, options), choice);
    return choice;
}

/// Reads a MIDI file and builds its corpus.
/// @throws the reader's io_error / parse_error / limit_error (jazzlstm.midi.*), and as build_corpus.
inline Corpus load_corpus(const std::filesystem::path& path, const CorpusOptions& options = {})
{
    return build_corpus(midi::read_file(path), options);
}

} // namespace jazzlstm
