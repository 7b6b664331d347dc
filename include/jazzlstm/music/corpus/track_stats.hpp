// What the part choice measures on one track (standard library only): its attacks, its top
// line, its register, how densely and how continuously it plays. Raw notes, before music21's
// import, so the figures do not depend on the music21 behaviour. docs/corpus.md explains each.
#pragma once

#include <jazzlstm/music/corpus/onsets.hpp>
#include <jazzlstm/music/midi/score.hpp>

#include <algorithm>
#include <bitset>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

namespace jazzlstm {

/// What the part choice measured on one track, how it scored it and why.
struct TrackStats {
    int track = -1;              ///< index usable in CorpusOptions (file track, or virtual track)
    std::string name;
    int channel = -1;            ///< 0-based; 9 is General MIDI percussion
    int program = -1;
    std::size_t notes = 0;
    std::size_t onsets = 0;      ///< attacks: notes starting within a 32nd note of each other count once
    double chordal_share = 0;    ///< share of attacks with three or more pitches (chords, strums)
    double dyad_share = 0;       ///< share of attacks with two pitches (double stops, dyads)
    double held_share = 0;       ///< share of attacks made while an earlier note still sounds (by more than a 16th)
    double motion = 0;           ///< share of the top line's steps that change pitch (re-strikes merged)
    double leap_share = 0;       ///< share of the top line's steps of three semitones or more
    double step_share = 0;       ///< share of the top line's steps of one or two semitones
    double mean_pitch = 0;       ///< over all notes
    double line_pitch = 0;       ///< over the top line (what is heard as the register of a lead)
    std::size_t line_pitches = 0;///< distinct pitches of the top line
    double prominence = 0;       ///< share of its attacks at which it sounds above every other pitched part (lead candidates)
    int max_polyphony = 0;       ///< most notes sounding at once (a note-off frees its key before a note-on at the same tick)
    double simultaneous_share = 0; ///< share of notes starting within max(1, TPQ/16) ticks of another note
    int lowest_pitch = -1;       ///< MIDI key; -1 without notes
    int highest_pitch = -1;
    double mean_duration = 0;    ///< quarter notes
    double density = 0;          ///< attacks per bar, counting bars in which the track attacks
    double continuity = 0;       ///< share of the piece's bars in which the track sounds
    double coverage = 0;         ///< share of the melody's bars in which it sounds (accompaniment candidates)
    int doubles = -1;            ///< the track this one copies (see doubling.hpp), -1 when none
    double doubled = 0;          ///< share of this track's notes that `doubles` (or the melody) plays too
    double lead_score = 0;       ///< 0 when not a melody candidate
    double chord_score = 0;      ///< 0 when not a chord-track candidate
    std::string verdict;         ///< why the scores are what they are, for people
};

namespace detail {

    /// Bars [first, last] in which a track sounds, merged into disjoint runs.
    using BarRuns = std::vector<std::pair<std::uint64_t, std::uint64_t>>;

    inline std::uint64_t ticks_per_bar(int ticks_per_quarter) { return 4 * static_cast<std::uint64_t>(std::max(1, ticks_per_quarter)); }

    /// The bars a track's notes overlap, as sorted disjoint runs (a note held for many bars is
    /// one run, never one entry per bar). Allocates: the runs.
    inline BarRuns sounding_bars(const std::vector<const midi::Note*>& sorted, int ticks_per_quarter)
    {
        const std::uint64_t bar = ticks_per_bar(ticks_per_quarter);
        BarRuns runs;
        for (const midi::Note* n : sorted) {
            const std::uint64_t first = n->on_tick / bar;
            const std::uint64_t last = std::max(n->on_tick, n->off_tick > 0 ? n->off_tick - 1 : 0) / bar;
            if (!runs.empty() && first <= runs.back().second + 1)
                runs.back().second = std::max(runs.back().second, last);
            else
                runs.emplace_back(first, last);
        }
        return runs;
    }

    inline std::uint64_t bar_count(const BarRuns& runs, std::uint64_t lo, std::uint64_t hi)
    {
        std::uint64_t n = 0;
        for (const auto& [a, b] : runs) {
            const std::uint64_t x = std::max(a, lo), y = std::min(b, hi);
            if (x <= y)
                n += y - x + 1;
        }
        return n;
    }

    inline bool sounds_in(const BarRuns& runs, std::uint64_t bar)
    {
        const auto it = std::upper_bound(runs.begin(), runs.end(), bar, [](std::uint64_t b, const auto& r) { return b < r.first; });
        return it != runs.begin() && std::prev(it)->second >= bar;
    }

    /// Everything measure_track_alone needs to keep for the later steps of the choice.
    struct MeasuredTrack {
        TrackStats stats;
        BarRuns sounding;
        std::vector<std::uint64_t> onset_bars; ///< sorted, unique
    };

    /// The statistics of one track that depend on it alone. Allocates: yes.
    inline MeasuredTrack measure_track_alone(const midi::ScoreTrack& track, int index, int ticks_per_quarter)
    {
        MeasuredTrack m;
        TrackStats& s = m.stats;
        s.track = index;
        s.name = track.name;
        s.channel = track.channel;
        if (s.channel < 0 && !track.notes.empty())
            s.channel = track.notes.front().channel;
        s.program = track.program;
        s.notes = track.notes.size();
        if (track.notes.empty())
            return m;
        const int tpq = std::max(1, ticks_per_quarter);
        const auto sorted = notes_by_onset(track);
        const auto groups = onset_groups(sorted, strum_ticks(tpq));
        s.onsets = groups.size();

        double pitch_sum = 0, duration_sum = 0;
        s.lowest_pitch = 127;
        s.highest_pitch = 0;
        for (const midi::Note* n : sorted) {
            pitch_sum += n->pitch;
            duration_sum += static_cast<double>(n->off_tick - std::min(n->off_tick, n->on_tick)) / tpq;
            s.lowest_pitch = std::min(s.lowest_pitch, n->pitch);
            s.highest_pitch = std::max(s.highest_pitch, n->pitch);
        }
        const auto count = static_cast<double>(sorted.size());
        s.mean_pitch = pitch_sum / count;
        s.mean_duration = duration_sum / count;

        // Attacks: chords, dyads, and attacks over a note still held from an earlier one (a
        // sixteenth of overlap is legato, more is a second voice).
        std::size_t chords = 0, dyads = 0, held = 0;
        std::uint64_t reach = 0; // latest end among earlier attacks
        const auto legato = static_cast<std::uint64_t>(tpq / 4);
        double line_sum = 0;
        std::bitset<128> line_set;
        for (std::size_t g = 0; g < groups.size(); ++g) {
            const int top = sorted[groups[g].top]->pitch;
            if (top >= 0 && top < 128)
                line_set.set(static_cast<std::size_t>(top));
            chords += groups[g].pitches >= 3 ? 1 : 0;
            dyads += groups[g].pitches == 2 ? 1 : 0;
            if (g > 0 && reach > groups[g].on + legato)
                ++held;
            reach = std::max(reach, groups[g].off_max);
            line_sum += sorted[groups[g].top]->pitch;
        }
        const auto attacks = static_cast<double>(groups.size());
        s.chordal_share = static_cast<double>(chords) / attacks;
        s.dyad_share = static_cast<double>(dyads) / attacks;
        s.held_share = static_cast<double>(held) / attacks;
        s.line_pitch = line_sum / attacks;
        s.line_pitches = line_set.count();

        // The top line's steps; re-striking one pitch within a sixteenth (tremolo, mallet rolls)
        // is one sustained note, not a step.
        std::size_t steps = 0, moves = 0, leaps = 0, small = 0;
        for (std::size_t g = 1; g < groups.size(); ++g) {
            const int interval = std::abs(sorted[groups[g].top]->pitch - sorted[groups[g - 1].top]->pitch);
            if (interval == 0 && groups[g].on - groups[g - 1].on <= legato)
                continue;
            ++steps;
            moves += interval != 0 ? 1 : 0;
            leaps += interval >= 3 ? 1 : 0;
            small += interval >= 1 && interval <= 2 ? 1 : 0;
        }
        if (steps > 0) {
            s.motion = static_cast<double>(moves) / static_cast<double>(steps);
            s.leap_share = static_cast<double>(leaps) / static_cast<double>(steps);
            s.step_share = static_cast<double>(small) / static_cast<double>(steps);
        }

        const std::uint64_t bar = ticks_per_bar(tpq);
        for (const auto& g : groups)
            if (m.onset_bars.empty() || m.onset_bars.back() != g.on / bar)
                m.onset_bars.push_back(g.on / bar);
        s.density = attacks / static_cast<double>(m.onset_bars.size());
        m.sounding = sounding_bars(sorted, tpq);

        // Most notes sounding at once: a sweep with note-offs before note-ons at equal ticks, so
        // a legato line counts as monophonic.
        std::vector<std::pair<std::uint64_t, int>> edges;
        edges.reserve(2 * sorted.size());
        for (const midi::Note* n : sorted) {
            edges.push_back({ n->on_tick, +1 });
            edges.push_back({ n->off_tick, -1 });
        }
        std::sort(edges.begin(), edges.end());
        int sounding = 0;
        for (const auto& edge : edges) {
            sounding += edge.second;
            s.max_polyphony = std::max(s.max_polyphony, sounding);
        }
        // Notes starting together with another one, within max(1, TPQ/16) ticks (inspect's column).
        const auto near = static_cast<std::uint64_t>(std::max(1, tpq / 16));
        std::size_t together = 0;
        for (std::size_t i = 0; i < sorted.size(); ++i) {
            const bool near_previous = i > 0 && sorted[i]->on_tick - sorted[i - 1]->on_tick <= near;
            const bool near_next = i + 1 < sorted.size() && sorted[i + 1]->on_tick - sorted[i]->on_tick <= near;
            together += near_previous || near_next ? 1 : 0;
        }
        s.simultaneous_share = static_cast<double>(together) / count;
        return m;
    }

} // namespace detail

/// What the part choice measures on one track by itself (before music21's import, so it does
/// not depend on the behaviour), as `jazzlstm inspect` lists it; the scores, the continuity,
/// coverage, prominence and copies need the other tracks and stay 0 here (choose_parts fills them).
/// @param index stored as TrackStats::track. Allocates: a little scratch.
inline TrackStats measure_track(const midi::ScoreTrack& track, int index, int ticks_per_quarter)
{
    return detail::measure_track_alone(track, index, ticks_per_quarter).stats;
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

} // namespace jazzlstm
