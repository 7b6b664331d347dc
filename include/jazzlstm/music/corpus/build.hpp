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
#include <jazzlstm/music/grammar.hpp>
#include <jazzlstm/music/midi.hpp>
#include <jazzlstm/music/music21_import.hpp>
#include <jazzlstm/music/notes.hpp>
#include <jazzlstm/core/vocabulary.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <iterator>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace jazzlstm {

/// How to build a corpus. Empty `melody` / `chords` mean "choose automatically".
struct CorpusOptions {
    Music21Behaviour behaviour = Music21Behaviour::music21_6;
    /// Melody track: a track index ("11") or a track name (case-insensitive, "guitar").
    std::string melody;
    /// Chord track(s), same forms; several are merged in the order given.
    std::vector<std::string> chords;
    /// Window of start offsets in quarter notes, both ends inclusive; absent = whole piece.
    std::optional<double> window_lo;
    std::optional<double> window_hi;
    /// deepjazz drops chords found in the melody part; with this set, their top note is kept.
    bool melody_chords_top_note = false;
};

/// The reference run of grammar-spec §3: melody = track 11 (Guitar), chords = track 6
/// (Piano), offsets 476…548, music21 6 behaviour unless told otherwise.
inline CorpusOptions metheny_preset(Music21Behaviour behaviour = Music21Behaviour::music21_6)
{
    CorpusOptions options;
    options.behaviour = behaviour;
    options.melody = "11";
    options.chords = { "6" };
    options.window_lo = 476.0;
    options.window_hi = 548.0;
    return options;
}

/// Options of a named preset: "metheny" (music21 6) or "metheny_m5" (music21 5, no rests).
/// @throws argument_error `jazzlstm.corpus.preset` for another name
inline CorpusOptions corpus_preset(const std::string& name)
{
    if (name == "metheny" || name == "metheny_m6")
        return metheny_preset(Music21Behaviour::music21_6);
    if (name == "metheny_m5")
        return metheny_preset(Music21Behaviour::music21_5);
    throw argument_error("jazzlstm.corpus.preset", "unknown preset '" + name + "' (known: metheny, metheny_m5)");
}

/// What the automatic choice measured on one track, and how it scored it.
struct TrackStats {
    int track = -1;              ///< index usable in CorpusOptions (file track, or virtual track)
    std::string name;
    int channel = -1;            ///< 0-based; 9 is General MIDI percussion
    int program = -1;
    std::size_t notes = 0;
    double polyphony = 0;        ///< share of notes sounding together with another note
    double chordal_share = 0;    ///< share of notes whose onset group (within TPQ/16) has ≥ 3 notes
    double mean_pitch = 0;
    double mean_duration = 0;    ///< quarter notes
    double lead_score = 0;       ///< 0 when not eligible as melody
    double chord_score = 0;      ///< 0 when not eligible as accompaniment
    std::string verdict;         ///< one line: why the scores are what they are
};

/// The tracks and window a corpus was built from, and why.
struct PartChoice {
    int melody = -1;
    std::vector<int> chords;
    ticks12 window_lo = 0;        ///< inclusive, twelfths
    ticks12 window_hi = 0;        ///< inclusive, twelfths
    bool automatic = false;       ///< tracks chosen by the heuristic
    std::vector<TrackStats> tracks; ///< every track with notes, in index order
    std::string explanation;      ///< one or two sentences for people
};

/// One bar of the corpus.
struct Measure {
    int index = 0;                         ///< deepjazz measure number (1-based; 0 is metadata)
    std::int64_t bar = 0;                  ///< int(offset / 4)
    std::vector<MelodyElement> elements;   ///< notes and rests starting in this bar
    std::vector<Chord> chords;             ///< the chord group paired with it
    bool chords_reused = false;            ///< no chord in this bar: the most recent one is used
    std::vector<std::string> tokens;
};

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

    /// Token indices in the corpus vocabulary. Allocates: the result.
    std::vector<int> indices() const { return vocabulary.encode(tokens); }
};

/// Turns one bar (melody elements in order, its chord group) into grammar tokens;
/// grammar.hpp's parse_measure has this shape.
using MeasureTokenizer = std::function<std::vector<std::string>(const std::vector<MelodyElement>&, const std::vector<Chord>&)>;

namespace detail {

    constexpr ticks12 twelfths_per_bar = 4 * twelfths_per_quarter;

    inline std::int64_t bar_of(ticks12 offset) { return offset / twelfths_per_bar; }

    inline std::string lower(std::string s)
    {
        for (auto& c : s)
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return s;
    }

    /// Tracks as the chooser sees them: the file's tracks at their own indices, then one
    /// virtual track per channel for every track that mixes channels (format 0 files).
    /// A mixed track keeps its index but is never chosen automatically.
    struct SourceTrack {
        midi::ScoreTrack track;
        bool mixed = false;     ///< notes on several channels
        int split_from = -1;    ///< for a virtual track, the file track it came from
    };

    /// First program change per (file track, channel); only a midi::File has them.
    using ChannelPrograms = std::map<std::pair<int, int>, int>;

    inline ChannelPrograms channel_programs(const midi::File& file)
    {
        ChannelPrograms programs;
        for (std::size_t t = 0; t < file.tracks.size(); ++t)
            for (const auto& e : file.tracks[t].events)
                if (e.is_channel() && e.kind() == 0xC0 && !e.data.empty())
                    programs.emplace(std::make_pair(static_cast<int>(t), e.channel()), e.data[0]);
        return programs;
    }

    inline std::vector<SourceTrack> source_tracks(const midi::Score& score, const ChannelPrograms& programs)
    {
        std::vector<SourceTrack> out;
        out.reserve(score.tracks.size());
        std::vector<SourceTrack> virtual_tracks;
        for (std::size_t t = 0; t < score.tracks.size(); ++t) {
            const auto& track = score.tracks[t];
            std::set<int> channels;
            for (const auto& n : track.notes)
                channels.insert(n.channel);
            SourceTrack source { track, channels.size() > 1, -1 };
            if (source.mixed) {
                for (const int channel : channels) {
                    SourceTrack part;
                    part.split_from = static_cast<int>(t);
                    part.track.name = (track.name.empty() ? "track " + std::to_string(t) : track.name) + " / channel "
                        + std::to_string(channel + 1);
                    part.track.channel = channel;
                    const auto known = programs.find({ static_cast<int>(t), channel });
                    part.track.program = known != programs.end() ? known->second : (channel == track.channel ? track.program : -1);
                    for (const auto& n : track.notes)
                        if (n.channel == channel)
                            part.track.notes.push_back(n);
                    virtual_tracks.push_back(std::move(part));
                }
            }
            out.push_back(std::move(source));
        }
        for (auto& v : virtual_tracks)
            out.push_back(std::move(v));
        return out;
    }

    /// Index of a track named by number or by name (case-insensitive, whole name).
    inline int resolve_track(const std::vector<SourceTrack>& tracks, const std::string& spec, const char* role)
    {
        const bool numeric = !spec.empty() && std::all_of(spec.begin(), spec.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
        if (numeric) {
            const unsigned long index = spec.size() > 9 ? tracks.size() : std::stoul(spec);
            if (index < tracks.size())
                return static_cast<int>(index);
            throw argument_error("jazzlstm.corpus.track", std::string(role) + " track " + spec + " does not exist (the file has "
                    + std::to_string(tracks.size()) + " tracks, counting split channels)");
        }
        const std::string wanted = lower(spec);
        for (std::size_t t = 0; t < tracks.size(); ++t)
            if (lower(tracks[t].track.name) == wanted)
                return static_cast<int>(t);
        std::string names;
        for (std::size_t t = 0; t < tracks.size(); ++t)
            if (!tracks[t].track.notes.empty())
                names += (names.empty() ? "" : ", ") + std::to_string(t) + " '" + tracks[t].track.name + "'";
        throw argument_error("jazzlstm.corpus.track", std::string(role) + " track '" + spec + "' not found; tracks with notes: " + names);
    }

    inline bool is_bass_program(int program) { return program >= 32 && program <= 39; }
    /// Strings, ensembles, choirs and synth pads: sustained backgrounds, rarely the comping.
    inline bool is_pad_program(int program) { return (program >= 48 && program <= 54) || (program >= 88 && program <= 95); }

    /// Raw statistics of a track (before music21's import: they must not depend on it).
    inline TrackStats measure_track(const midi::ScoreTrack& track, int index, int ticks_per_quarter)
    {
        TrackStats s;
        s.track = index;
        s.name = track.name;
        s.channel = track.channel;
        if (s.channel < 0 && !track.notes.empty())
            s.channel = track.notes.front().channel;
        s.program = track.program;
        s.notes = track.notes.size();
        if (track.notes.empty())
            return s;
        const auto tol = static_cast<std::uint64_t>(ticks_per_quarter);
        // Sort a copy by onset: the note list is in note-on order already, but virtual tracks
        // and merged files keep that only per channel.
        std::vector<const midi::Note*> sorted;
        for (const auto& n : track.notes)
            sorted.push_back(&n);
        std::stable_sort(sorted.begin(), sorted.end(), [](const midi::Note* a, const midi::Note* b) { return a->on_tick < b->on_tick; });

        std::vector<bool> overlapped(sorted.size(), false);
        std::size_t holder = 0; // note reaching furthest so far
        double pitch_sum = 0, duration_sum = 0;
        for (std::size_t i = 0; i < sorted.size(); ++i) {
            const auto* n = sorted[i];
            pitch_sum += n->pitch;
            duration_sum += static_cast<double>(n->off_tick - std::min(n->off_tick, n->on_tick)) / ticks_per_quarter;
            // Overlap counts when it is longer than the chord tolerance (16·overlap > TPQ),
            // so legato joins and quantisation slop are not polyphony.
            if (i > 0 && 16 * (sorted[holder]->off_tick > n->on_tick ? sorted[holder]->off_tick - n->on_tick : 0) > tol) {
                overlapped[i] = true;
                overlapped[holder] = true;
            }
            if (i == 0 || n->off_tick > sorted[holder]->off_tick)
                holder = i;
        }
        std::size_t in_chords = 0;
        for (std::size_t i = 0; i < sorted.size();) {
            std::size_t j = i + 1;
            while (j < sorted.size() && 16 * (sorted[j]->on_tick - sorted[i]->on_tick) <= tol)
                ++j;
            if (j - i >= 3)
                in_chords += j - i;
            i = j;
        }
        const auto n = static_cast<double>(sorted.size());
        s.polyphony = static_cast<double>(std::count(overlapped.begin(), overlapped.end(), true)) / n;
        s.chordal_share = static_cast<double>(in_chords) / n;
        s.mean_pitch = pitch_sum / n;
        s.mean_duration = duration_sum / n;
        return s;
    }

    /// Bars (int(onset/4 quarters)) in which the track starts a note.
    inline std::set<std::uint64_t> note_bars(const midi::ScoreTrack& track, int ticks_per_quarter)
    {
        std::set<std::uint64_t> bars;
        for (const auto& n : track.notes)
            bars.insert(n.on_tick / (4 * static_cast<std::uint64_t>(ticks_per_quarter)));
        return bars;
    }

    inline std::string fixed(double value, int digits = 2)
    {
        std::ostringstream out;
        out.setf(std::ios::fixed);
        out.precision(digits);
        out << value;
        return out.str();
    }

    inline std::string label(const TrackStats& s)
    {
        return "track " + std::to_string(s.track) + " '" + s.name + "'";
    }

    /// The automatic choice (docs/corpus.md, "Automatic part choice"). Fills `choice`.
    /// With `forced_melody` ≥ 0 only the chord track is chosen, around that melody.
    inline void choose_parts(const std::vector<SourceTrack>& tracks, int ticks_per_quarter, PartChoice& choice, int forced_melody = -1)
    {
        std::vector<TrackStats>& stats = choice.tracks;
        stats.clear();
        for (std::size_t t = 0; t < tracks.size(); ++t)
            if (!tracks[t].track.notes.empty())
                stats.push_back(measure_track(tracks[t].track, static_cast<int>(t), ticks_per_quarter));

        const auto drums = [](const TrackStats& s) { return s.channel == 9; };
        const auto mixed = [&](const TrackStats& s) { return tracks[static_cast<std::size_t>(s.track)].mixed; };

        // Melody: a mostly monophonic, busy track in a melodic register.
        std::size_t busiest_lead = 0;
        for (auto& s : stats) {
            std::string why;
            if (mixed(s))
                why = "mixes channels (its channels are scored as virtual tracks)";
            else if (drums(s))
                why = "drums (channel 10)";
            else if (is_bass_program(s.program) || s.mean_pitch < 48)
                why = "bass (program " + std::to_string(s.program) + ", mean pitch " + fixed(s.mean_pitch, 1) + ")";
            else if (s.mean_duration < 1.0 / 16)
                why = "percussive (mean duration " + fixed(s.mean_duration, 3) + " quarters)";
            else if (s.notes < 16)
                why = "too few notes";
            if (!why.empty()) {
                s.verdict = "not a candidate: " + why;
                continue;
            }
            s.lead_score = -1; // eligible, scored below
            busiest_lead = std::max(busiest_lead, s.notes);
        }
        for (auto& s : stats) {
            if (s.lead_score == 0)
                continue;
            const double activity = std::sqrt(static_cast<double>(s.notes) / static_cast<double>(busiest_lead));
            const double register_fit = (s.mean_pitch >= 55 && s.mean_pitch <= 84) ? 1.0 : 0.5;
            const double timbre = is_pad_program(s.program) ? 0.5 : 1.0;
            s.lead_score = (1 - s.polyphony) * activity * register_fit * timbre;
            s.verdict = "lead " + fixed(s.lead_score) + " = monophony " + fixed(1 - s.polyphony) + " x activity " + fixed(activity)
                + " x register " + fixed(register_fit) + (timbre < 1 ? " x pad 0.50" : "");
        }
        const TrackStats* lead = nullptr;
        for (const auto& s : stats)
            if (forced_melody >= 0 ? s.track == forced_melody : (s.lead_score > 0 && (!lead || s.lead_score > lead->lead_score)))
                lead = &s;
        if (!lead)
            throw argument_error("jazzlstm.corpus.no_melody",
                "no track looks like a melody (every track with notes is drums, bass, percussive or nearly empty); name one explicitly");
        choice.melody = lead->track;
        const auto lead_bars = note_bars(tracks[static_cast<std::size_t>(lead->track)].track, ticks_per_quarter);

        // Chords: a track that plays groups of three or more notes together, through the melody.
        std::size_t busiest_comp = 0;
        std::vector<double> coverage(stats.size(), 0);
        for (std::size_t k = 0; k < stats.size(); ++k) {
            auto& s = stats[k];
            if (s.track == lead->track || mixed(s) || drums(s) || is_bass_program(s.program) || s.mean_pitch < 48
                || s.mean_duration < 1.0 / 16 || s.chordal_share <= 0)
                continue;
            const auto bars = note_bars(tracks[static_cast<std::size_t>(s.track)].track, ticks_per_quarter);
            std::size_t covered = 0;
            for (const auto b : lead_bars)
                if (bars.count(b) || (b > 0 && bars.count(b - 1)))
                    ++covered;
            coverage[k] = static_cast<double>(covered) / static_cast<double>(lead_bars.size());
            s.chord_score = -1;
            busiest_comp = std::max(busiest_comp, s.notes);
        }
        for (std::size_t k = 0; k < stats.size(); ++k) {
            auto& s = stats[k];
            if (s.chord_score == 0)
                continue;
            const double activity = std::sqrt(static_cast<double>(s.notes) / static_cast<double>(busiest_comp));
            const double sustain = s.mean_duration > 2.5 ? 0.3 : 1.0;
            const double timbre = is_pad_program(s.program) ? 0.3 : 1.0;
            s.chord_score = s.chordal_share * activity * coverage[k] * sustain * timbre;
            s.verdict += std::string(s.verdict.empty() ? "" : "; ") + "chords " + fixed(s.chord_score) + " = chordal " + fixed(s.chordal_share)
                + " x activity " + fixed(activity) + " x coverage " + fixed(coverage[k]) + (sustain < 1 ? " x sustained 0.30" : "")
                + (timbre < 1 ? " x pad/strings 0.30" : "");
        }
        const TrackStats* comp = nullptr;
        for (const auto& s : stats)
            if (s.chord_score > 0 && (!comp || s.chord_score > comp->chord_score))
                comp = &s;
        if (!comp)
            throw argument_error("jazzlstm.corpus.no_chords",
                "no track besides the melody (" + label(*lead) + ") plays chords of three or more notes; name a chord track explicitly");
        choice.chords = { comp->track };

        const TrackStats* lead2 = nullptr;
        const TrackStats* comp2 = nullptr;
        for (const auto& s : stats) {
            if (&s != lead && s.lead_score > 0 && (!lead2 || s.lead_score > lead2->lead_score))
                lead2 = &s;
            if (&s != comp && s.chord_score > 0 && (!comp2 || s.chord_score > comp2->chord_score))
                comp2 = &s;
        }
        std::string text = "melody: " + label(*lead) + ", the most monophonic busy track in a melodic register (" + lead->verdict + ")";
        if (lead2)
            text += "; next best " + label(*lead2) + " at " + fixed(lead2->lead_score);
        text += ". chords: " + label(*comp) + ", the busiest track playing 3-note chords through the melody (chords " + fixed(comp->chord_score)
            + ", " + fixed(100 * comp->chordal_share, 0) + "% of its notes in chords)";
        if (comp2)
            text += "; next best " + label(*comp2) + " at " + fixed(comp2->chord_score);
        text += ". Drums, bass, pads and strings are excluded or marked down; override with explicit tracks.";
        choice.explanation = text;
        choice.automatic = true;
    }

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

    inline ticks12 to_twelfths(double quarters, const char* what)
    {
        if (!std::isfinite(quarters) || quarters < 0 || quarters > 1e12)
            throw argument_error("jazzlstm.corpus.window", std::string(what) + " of the window must be a finite number of quarters >= 0");
        return static_cast<ticks12>(std::llround(quarters * twelfths_per_quarter));
    }

} // namespace detail

namespace detail {

    /// The pipeline; `programs` fills in the programs of split channels when known.
    inline Corpus build_corpus_from(const midi::Score& score, const ChannelPrograms& programs, const CorpusOptions& options,
        const MeasureTokenizer& tokenize)
    {
        const auto tracks = detail::source_tracks(score, programs);
        Corpus corpus;
        corpus.behaviour = options.behaviour;
        PartChoice& choice = corpus.parts;

        if (options.melody.empty() || options.chords.empty()) {
            const int forced = options.melody.empty() ? -1 : detail::resolve_track(tracks, options.melody, "melody");
            detail::choose_parts(tracks, score.ticks_per_quarter, choice, forced);
        } else {
            for (std::size_t t = 0; t < tracks.size(); ++t)
                if (!tracks[t].track.notes.empty())
                    choice.tracks.push_back(detail::measure_track(tracks[t].track, static_cast<int>(t), score.ticks_per_quarter));
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
        corpus.notes.push_back(choice.explanation);

        // Import as music21 would.
        const auto import = [&](int index) {
            return import_track(tracks[static_cast<std::size_t>(index)].track, score.ticks_per_quarter, options.behaviour, index);
        };
        const ImportedPart melody_part = import(choice.melody);
        std::vector<ImportedPart> chord_parts;
        for (const int c : choice.chords)
            chord_parts.push_back(import(c));

        // Melody: voices merged (v0's elements first at equal offsets, then v1, ...).
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
            throw argument_error("jazzlstm.corpus.no_melody", "the melody track " + std::to_string(choice.melody) + " has no single notes to learn from",
                error_context { {}, {}, {}, {}, choice.melody, {}, {} });
        if (melody_chords > 0)
            corpus.notes.push_back(std::to_string(melody_chords) + " chords in the melody track were "
                + (options.melody_chords_top_note ? "reduced to their top note" : "dropped (deepjazz keeps single notes and rests only)"));

        // Harmony: chords only, parts in the order given, voices by index.
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

        // Window by start offset, both ends inclusive.
        if (options.window_lo || options.window_hi) {
            choice.window_lo = options.window_lo ? detail::to_twelfths(*options.window_lo, "start") : 0;
            choice.window_hi = options.window_hi ? detail::to_twelfths(*options.window_hi, "end") : std::numeric_limits<ticks12>::max();
            if (choice.window_hi < choice.window_lo)
                throw argument_error("jazzlstm.corpus.window", "the window ends before it starts");
        } else {
            // Whole piece: from the first bar holding a melody note with a chord at or before
            // it, to the last melody note.
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
        const auto inside = [&](ticks12 offset) { return offset >= choice.window_lo && offset <= choice.window_hi; };

        // Bars as runs of int(offset/4), as itertools.groupby makes them.
        for (const auto& m : melody) {
            if (!inside(m.offset))
                continue;
            const std::int64_t bar = detail::bar_of(m.offset);
            if (corpus.measures.empty() || corpus.measures.back().bar != bar) {
                Measure measure;
                measure.index = static_cast<int>(corpus.measures.size()) + 1;
                measure.bar = bar;
                corpus.measures.push_back(std::move(measure));
            }
            corpus.measures.back().elements.push_back(m);
        }
        std::map<std::int64_t, std::vector<Chord>> groups;
        int chord_runs = 0;
        std::int64_t last_bar = -1;
        for (const auto& c : harmony) {
            if (!inside(c.offset))
                continue;
            const std::int64_t bar = detail::bar_of(c.offset);
            if (bar != last_bar)
                ++chord_runs;
            last_bar = bar;
            groups[bar].push_back(c);
        }
        corpus.measure_count = static_cast<int>(corpus.measures.size()) + 1;
        // deepjazz: group 0 is metadata, then one group per run, then it deletes the last one.
        corpus.chord_group_count = chord_runs;
        if (corpus.measures.empty())
            throw argument_error("jazzlstm.corpus.empty", "no melody element starts inside the window");

        // Pair each measure with the chords of its own bar. For the reference window this is
        // deepjazz's pairing by run index; where a bar has no chord, the most recent chord before
        // it carries on (deepjazz would have mis-paired or failed its length assertion).
        std::vector<std::int64_t> reused_bars;
        for (auto& measure : corpus.measures) {
            const auto it = groups.find(measure.bar);
            if (it != groups.end()) {
                measure.chords = it->second;
                continue;
            }
            const ticks12 bar_start = measure.bar * detail::twelfths_per_bar;
            // harmony is sorted by offset: the most recent chord is the last one before the bar.
            const auto after = std::lower_bound(harmony.begin(), harmony.end(), bar_start,
                [](const Chord& c, ticks12 at) { return c.offset < at; });
            const Chord* recent = after == harmony.begin() ? nullptr : &*std::prev(after);
            if (!recent)
                throw argument_error("jazzlstm.corpus.no_chords",
                    "bar " + std::to_string(measure.bar) + " has melody but no chord at or before it; start the window later");
            measure.chords = { *recent };
            measure.chords_reused = true;
            reused_bars.push_back(measure.bar);
        }
        if (!reused_bars.empty()) {
            std::string list;
            for (const auto b : reused_bars)
                list += (list.empty() ? "" : " ") + std::to_string(b);
            corpus.notes.push_back(std::to_string(reused_bars.size()) + " bar(s) with melody but no chord reuse the most recent chord: " + list);
        }

        if (corpus.measure_count != corpus.chord_group_count)
            corpus.notes.push_back("deepjazz would stop here: " + std::to_string(corpus.measure_count) + " measures but "
                + std::to_string(corpus.chord_group_count) + " chord groups (it pairs them by position); chords are paired by bar instead");

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

/// The grammar's chord rules of the music21 generation being imitated (the root and quality
/// of a chord changed between 6.1 and 6.5, grammar-spec §7).
inline ChordBehaviour chord_behaviour(Music21Behaviour behaviour)
{
    return behaviour == Music21Behaviour::music21_5 ? ChordBehaviour::music21_5 : ChordBehaviour::music21_6;
}

/// deepjazz's grammar as a MeasureTokenizer: parse_measure with the chord rules of `behaviour`.
inline MeasureTokenizer grammar_tokenizer(Music21Behaviour behaviour)
{
    const ChordBehaviour chords = chord_behaviour(behaviour);
    return [chords](const std::vector<MelodyElement>& elements, const std::vector<Chord>& group) {
        return parse_measure(elements, group, chords);
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
