// Which tracks are the melody and the chords (standard library only): per-track statistics, the
// automatic choice's scores and verdicts (docs/corpus.md, "Automatic part choice"), and the
// PartChoice a corpus records.
#pragma once

#include <jazzlstm/core/error.hpp>
#include <jazzlstm/music/corpus/tracks.hpp>
#include <jazzlstm/music/midi/score.hpp>
#include <jazzlstm/music/notes.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace jazzlstm {

/// What measure_track found on one track and, in a PartChoice, how the automatic choice scored it.
struct TrackStats {
    int track = -1;              ///< index usable in CorpusOptions (file track, or virtual track)
    std::string name;
    int channel = -1;            ///< 0-based; 9 is General MIDI percussion; the first note's when the track has none
    int program = -1;
    std::size_t notes = 0;
    double polyphony = 0;        ///< share of notes sounding together with another note (overlap > TPQ/16)
    int max_polyphony = 0;       ///< most notes sounding at once (a note-off frees its key before a note-on at the same tick)
    double chordal_share = 0;    ///< share of notes whose onset group (within TPQ/16) has ≥ 3 notes
    double simultaneous_share = 0; ///< share of notes starting within max(1, TPQ/16) ticks of another note
    int lowest_pitch = -1;       ///< MIDI key; -1 without notes
    int highest_pitch = -1;
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

/// Raw statistics of a track (before music21's import: the part choice must not depend on it),
/// as the automatic choice scores them and `jazzlstm inspect` lists them.
/// @param index stored as TrackStats::track. Allocates: a little scratch.
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

    // Most notes sounding at once: a sweep with note-offs before note-ons at equal ticks, so a
    // legato line counts as monophonic.
    std::vector<std::pair<std::uint64_t, int>> edges;
    edges.reserve(2 * sorted.size());
    s.lowest_pitch = 127;
    s.highest_pitch = 0;
    for (const auto& note : track.notes) {
        edges.push_back({ note.on_tick, +1 });
        edges.push_back({ note.off_tick, -1 });
        s.lowest_pitch = std::min(s.lowest_pitch, note.pitch);
        s.highest_pitch = std::max(s.highest_pitch, note.pitch);
    }
    std::sort(edges.begin(), edges.end());
    int sounding = 0;
    for (const auto& edge : edges) {
        sounding += edge.second;
        s.max_polyphony = std::max(s.max_polyphony, sounding);
    }
    // Notes starting together with another one, within max(1, TPQ/16) ticks.
    const auto near = static_cast<std::uint64_t>(std::max(1, ticks_per_quarter / 16));
    std::size_t together = 0;
    for (std::size_t i = 0; i < sorted.size(); ++i) {
        const bool near_previous = i > 0 && sorted[i]->on_tick - sorted[i - 1]->on_tick <= near;
        const bool near_next = i + 1 < sorted.size() && sorted[i + 1]->on_tick - sorted[i]->on_tick <= near;
        if (near_previous || near_next)
            ++together;
    }
    s.simultaneous_share = static_cast<double>(together) / n;
    return s;
}

/// The statistics of every track of a score, empty ones too, at their file indices.
/// Allocates: the result.
inline std::vector<TrackStats> measure_tracks(const midi::Score& score)
{
    std::vector<TrackStats> stats;
    stats.reserve(score.tracks.size());
    for (std::size_t t = 0; t < score.tracks.size(); ++t)
        stats.push_back(measure_track(score.tracks[t], static_cast<int>(t), score.ticks_per_quarter));
    return stats;
}

namespace detail {

    inline bool is_bass_program(int program) { return program >= 32 && program <= 39; }
    /// Strings, ensembles, choirs and synth pads: sustained backgrounds, rarely the comping.
    inline bool is_pad_program(int program) { return (program >= 48 && program <= 54) || (program >= 88 && program <= 95); }

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

} // namespace detail

} // namespace jazzlstm
