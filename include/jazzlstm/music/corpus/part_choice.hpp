// Which tracks are the melody and where the harmony comes from (standard library only): the
// automatic choice's scores and verdicts, and the PartChoice a corpus records. The rules and
// the cases behind them are in docs/corpus.md, "Automatic part choice".
#pragma once

#include <jazzlstm/music/corpus/doubling.hpp>
#include <jazzlstm/music/corpus/track_stats.hpp>
#include <jazzlstm/music/corpus/tracks.hpp>
#include <jazzlstm/music/midi/score.hpp>
#include <jazzlstm/music/notes.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace jazzlstm {

/// The tracks and window a corpus is built from, and why.
struct PartChoice {
    int melody = -1;
    std::vector<int> chords;      ///< the chord track(s): named, or the automatic one; empty when the harmony is inferred
    std::vector<int> harmony;     ///< every track the harmony is read from (the chord tracks, or the inferred parts)
    std::vector<int> fallback;    ///< parts read in bars where the automatic chord track is silent
    bool inferred_harmony = false;///< no track plays chords: harmony from the other pitched parts together
    bool melody_top_note = false; ///< the melody is read as its top line (double stops, dyads, voices)
    ticks12 window_lo = 0;        ///< inclusive, twelfths
    ticks12 window_hi = 0;        ///< inclusive, twelfths
    bool automatic = false;       ///< some track was chosen by the heuristic
    std::vector<TrackStats> tracks; ///< every track with notes, in index order
    std::string explanation;      ///< a few sentences for people
    std::string failure_id;       ///< set when no corpus can be built: `jazzlstm.corpus.no_melody` / `no_chords`
    std::string failure;          ///< what failed, the candidates and the options that override it

    /// The statistics of track `index`, or nullptr when it has no notes.
    const TrackStats* stats(int index) const
    {
        for (const auto& t : tracks)
            if (t.track == index)
                return &t;
        return nullptr;
    }
};

/// What the caller fixed; everything else the choice decides.
struct PartRequest {
    int melody = -1;              ///< a track index, or -1 to choose
    std::vector<int> chords;      ///< track indices, or empty to choose
    bool melody_top_note = false; ///< read the melody as its top line even when it was named
};

namespace detail {

    inline bool is_bass_program(int program) { return program >= 32 && program <= 39; }
    /// Strings, ensembles, choirs and synth pads: sustained backgrounds, rarely the lead or the comping.
    inline bool is_pad_program(int program) { return (program >= 48 && program <= 54) || (program >= 88 && program <= 95); }

    inline bool is_bass(const TrackStats& s) { return is_bass_program(s.program) || s.mean_pitch < 48; }

    inline std::string fixed(double value, int digits = 2)
    {
        std::ostringstream out;
        out.setf(std::ios::fixed);
        out.precision(digits);
        out << value;
        return out.str();
    }

    inline std::string percent(double share) { return fixed(100 * share, 0) + "%"; }

    inline std::string label(const TrackStats& s) { return "track " + std::to_string(s.track) + " '" + s.name + "'"; }

    /// The thresholds of the choice, named once (docs/corpus.md gives the reasons).
    struct ChoiceRules {
        static constexpr std::size_t min_lead_onsets = 8;       ///< fewer attacks are a fill, not a line
        static constexpr double max_lead_chordal = 0.3;         ///< beyond: a chord part, not a lead
        static constexpr double max_lead_held = 0.5;            ///< beyond: a polyphonic texture, not a line
        static constexpr double max_pad_held = 0.25;            ///< a pad sound holding notes under its attacks
        static constexpr std::size_t min_lead_pitches = 4;      ///< fewer: a figure, not a tune
        static constexpr double min_lead_density = 1.25;        ///< attacks per bar; fewer: hits or a bass pattern, not a line
        static constexpr std::size_t max_prominence_candidates = 16;
        static constexpr std::size_t min_pattern_steps = 8;
        static constexpr double pattern_leaps = 0.8;            ///< arpeggio: almost every step a leap ...
        static constexpr double pattern_steps = 0.1;            ///< ... and almost none a step
        static constexpr double min_chord_share = 0.2;          ///< a chord track plays chords on this share of its attacks
        static constexpr double lead_register_lo = 55, lead_register_hi = 84; ///< G3 .. C6
    };

    /// Lead-line chordality: chords count against a lead unless its top line moves like a tune
    /// (a melody harmonised in block voices), which comping's top voice rarely does.
    inline double lead_chordal(const TrackStats& s) { return s.chordal_share * (1 - s.motion); }

    /// How much a track sounds like one line: chords cost half an attack, and the other half
    /// unless the top line moves; attacks over a held note cost in full.
    inline double lead_texture(const TrackStats& s) { return (1 - lead_chordal(s)) * (1 - s.chordal_share / 2) * (1 - s.held_share); }

    inline double register_fit(double pitch)
    {
        const double below = ChoiceRules::lead_register_lo - pitch, above = pitch - ChoiceRules::lead_register_hi;
        const double distance = std::max({ 0.0, below, above });
        return std::max(0.25, 1 - 0.75 * distance / 12);
    }

    /// Attacks per bar: a lead attacks at least twice a bar where it plays; beyond 16 it is a
    /// tremolo or a run of grace notes.
    inline double density_fit(double per_bar) { return per_bar < 2 ? per_bar / 2 : (per_bar > 16 ? 16 / per_bar : 1.0); }

    /// Why a track cannot be the lead, or "" when it can.
    inline std::string lead_exclusion(const TrackStats& s, bool mixed)
    {
        if (mixed)
            return "mixes channels (its channels are scored as virtual tracks)";
        if (s.channel == 9)
            return "drums (channel 10)";
        if (is_bass(s))
            return "bass (program " + std::to_string(s.program) + ", mean pitch " + fixed(s.mean_pitch, 1) + ")";
        if (s.mean_duration < 1.0 / 16)
            return "percussive (mean duration " + fixed(s.mean_duration, 3) + " quarters)";
        if (s.onsets < ChoiceRules::min_lead_onsets)
            return "too few attacks (" + std::to_string(s.onsets) + ")";
        if (lead_chordal(s) > ChoiceRules::max_lead_chordal)
            return "plays chords (" + percent(s.chordal_share) + " of its attacks, top line moving on " + percent(s.motion)
                + " of them)";
        if (s.held_share > ChoiceRules::max_lead_held)
            return "polyphonic (" + percent(s.held_share) + " of its attacks sound over a held note)";
        if (is_pad_program(s.program) && s.held_share >= ChoiceRules::max_pad_held)
            return "a sustained pad (program " + std::to_string(s.program) + ", " + percent(s.held_share) + " of its attacks over held notes)";
        if (s.line_pitches < ChoiceRules::min_lead_pitches)
            return "a figure on " + std::to_string(s.line_pitches) + " pitch(es)";
        if (s.density < ChoiceRules::min_lead_density)
            return "too sparse for a line (" + fixed(s.density, 1) + " attacks per bar)";
        const std::size_t steps = s.onsets > 0 ? s.onsets - 1 : 0;
        if (steps >= ChoiceRules::min_pattern_steps && s.leap_share >= ChoiceRules::pattern_leaps && s.step_share < ChoiceRules::pattern_steps)
            return "an arpeggio pattern (" + percent(s.leap_share) + " of its steps are leaps, " + percent(s.step_share)
                + " are steps)";
        return {};
    }

    /// For each candidate, the share of its attacks at which no other pitched part (drums,
    /// bass and mixed tracks aside) sounds a higher note: the skyline a listener follows.
    /// One sweep over all notes. Allocates: the events.
    inline std::vector<double> prominence(const std::vector<const midi::ScoreTrack*>& compared, const std::vector<int>& candidate_of,
        const std::vector<const midi::ScoreTrack*>& candidates, int ticks_per_quarter)
    {
        const std::uint64_t strum = strum_ticks(ticks_per_quarter);
        struct Event {
            std::uint64_t tick;
            int kind; // 0 = note ends, 1 = note starts (a strum early), 2 = an attack to test
            int pitch;
            int owner; // candidate index, or -1
        };
        std::vector<Event> events;
        for (std::size_t c = 0; c < compared.size(); ++c)
            for (const auto& n : compared[c]->notes) {
                if (n.pitch < 0 || n.pitch > 127 || n.off_tick <= n.on_tick)
                    continue;
                events.push_back({ n.on_tick > strum ? n.on_tick - strum : 0, 1, n.pitch, candidate_of[c] });
                events.push_back({ n.off_tick, 0, n.pitch, candidate_of[c] });
            }
        for (std::size_t k = 0; k < candidates.size(); ++k) {
            const auto sorted = notes_by_onset(*candidates[k]);
            for (const auto& g : onset_groups(sorted, strum))
                events.push_back({ g.on, 2, sorted[g.top]->pitch, static_cast<int>(k) });
        }
        std::stable_sort(events.begin(), events.end(), [](const Event& a, const Event& b) { return a.tick != b.tick ? a.tick < b.tick : a.kind < b.kind; });
        std::vector<int> total(128, 0);
        std::vector<std::vector<int>> own(candidates.size(), std::vector<int>(128, 0));
        std::vector<std::size_t> on_top(candidates.size(), 0), attacks(candidates.size(), 0);
        for (const Event& e : events) {
            const auto p = static_cast<std::size_t>(e.pitch);
            if (e.kind < 2) {
                const int delta = e.kind == 1 ? 1 : -1;
                total[p] += delta;
                if (e.owner >= 0)
                    own[static_cast<std::size_t>(e.owner)][p] += delta;
                continue;
            }
            const auto k = static_cast<std::size_t>(e.owner);
            ++attacks[k];
            bool top = true;
            for (std::size_t q = 127; q > p && top; --q)
                top = total[q] - own[k][q] <= 0;
            on_top[k] += top ? 1 : 0;
        }
        std::vector<double> out(candidates.size(), 0);
        for (std::size_t k = 0; k < candidates.size(); ++k)
            out[k] = attacks[k] ? static_cast<double>(on_top[k]) / static_cast<double>(attacks[k]) : 0;
        return out;
    }

    /// A verdict without its "not a melody: " prefix, for lists of reasons.
    inline std::string reason(const TrackStats& s)
    {
        if (s.doubles >= 0)
            return "copies track " + std::to_string(s.doubles);
        const std::string prefix = "not a melody: ";
        return s.verdict.compare(0, prefix.size(), prefix) == 0 ? s.verdict.substr(prefix.size()) : s.verdict;
    }

    /// The automatic choice (docs/corpus.md, "Automatic part choice") over `tracks`. Fills
    /// `choice`; when no corpus can be built it sets failure_id and failure instead of throwing,
    /// so that a report can show the scores of a file that is refused.
    /// Allocates: yes.
    inline void choose_parts(const std::vector<SourceTrack>& tracks, int ticks_per_quarter, const PartRequest& request, PartChoice& choice)
    {
        const int tpq = std::max(1, ticks_per_quarter);
        const std::uint64_t strum = strum_ticks(tpq);
        std::vector<MeasuredTrack> measured;
        std::vector<const SourceTrack*> source;
        for (std::size_t t = 0; t < tracks.size(); ++t) {
            if (tracks[t].track.notes.empty())
                continue;
            measured.push_back(measure_track_alone(tracks[t].track, static_cast<int>(t), tpq));
            source.push_back(&tracks[t]);
        }
        const std::size_t n = measured.size();
        const auto mixed = [&](std::size_t k) { return source[k]->mixed; };
        const auto drums = [&](std::size_t k) { return measured[k].stats.channel == 9; };
        const auto position = [&](int track) {
            for (std::size_t k = 0; k < n; ++k)
                if (measured[k].stats.track == track)
                    return k;
            return n;
        };

        // The piece: every bar from the first to the last in which a (non-mixed) track sounds.
        std::uint64_t first_bar = ~std::uint64_t { 0 }, last_bar = 0;
        for (std::size_t k = 0; k < n; ++k)
            if (!mixed(k) && !measured[k].sounding.empty()) {
                first_bar = std::min(first_bar, measured[k].sounding.front().first);
                last_bar = std::max(last_bar, measured[k].sounding.back().second);
            }
        const double piece_bars = first_bar <= last_bar ? static_cast<double>(last_bar - first_bar + 1) : 1.0;
        for (auto& m : measured)
            m.stats.continuity = static_cast<double>(bar_count(m.sounding, first_bar, last_bar)) / piece_bars;

        // Lead scores.
        std::size_t busiest = 0;
        std::vector<std::string> exclusion(n);
        for (std::size_t k = 0; k < n; ++k) {
            exclusion[k] = lead_exclusion(measured[k].stats, mixed(k));
            if (exclusion[k].empty())
                busiest = std::max(busiest, measured[k].stats.onsets);
        }
        for (std::size_t k = 0; k < n; ++k) {
            TrackStats& s = measured[k].stats;
            if (!exclusion[k].empty()) {
                s.verdict = "not a melody: " + exclusion[k];
                continue;
            }
            const double texture = lead_texture(s);
            const double activity = std::sqrt(static_cast<double>(s.onsets) / static_cast<double>(busiest));
            const double density = density_fit(s.density);
            const double reg = register_fit(s.line_pitch);
            const double timbre = is_pad_program(s.program) ? 0.5 : 1.0;
            const double continuity = std::sqrt(s.continuity);
            s.lead_score = texture * activity * density * reg * timbre * continuity;
            s.verdict = "lead " + fixed(s.lead_score) + " = texture " + fixed(texture) + " x activity " + fixed(activity) + " x density "
                + fixed(density) + " x register " + fixed(reg) + " x continuity " + fixed(continuity) + (timbre < 1 ? " x pad 0.50" : "");
        }
        {
            // The best candidates also weigh how often they are the highest part sounding.
            std::vector<std::size_t> ranked;
            for (std::size_t k = 0; k < n; ++k)
                if (measured[k].stats.lead_score > 0)
                    ranked.push_back(k);
            std::stable_sort(ranked.begin(), ranked.end(), [&](std::size_t a, std::size_t b) { return measured[a].stats.lead_score > measured[b].stats.lead_score; });
            if (ranked.size() > ChoiceRules::max_prominence_candidates)
                ranked.resize(ChoiceRules::max_prominence_candidates);
            std::vector<const midi::ScoreTrack*> compared, candidates;
            std::vector<int> candidate_of;
            for (std::size_t k = 0; k < n; ++k) {
                if (mixed(k) || drums(k) || is_bass(measured[k].stats))
                    continue;
                compared.push_back(&source[k]->track);
                const auto it = std::find(ranked.begin(), ranked.end(), k);
                candidate_of.push_back(it == ranked.end() ? -1 : static_cast<int>(it - ranked.begin()));
            }
            for (const std::size_t k : ranked)
                candidates.push_back(&source[k]->track);
            const std::vector<double> top = prominence(compared, candidate_of, candidates, tpq);
            for (std::size_t r = 0; r < ranked.size(); ++r) {
                TrackStats& s = measured[ranked[r]].stats;
                s.prominence = top[r];
                const double factor = 0.5 + 0.5 * top[r];
                s.lead_score *= factor;
                s.verdict = "lead " + fixed(s.lead_score) + " = " + s.verdict.substr(s.verdict.find('=') + 2) + " x on top " + fixed(factor);
            }
        }

        // Copies: of two tracks holding the same material only the better lead (then the busier,
        // then the earlier) is used; the named melody is always the one kept. Tracks are compared
        // by their top lines, what is heard of them: a bass sharing the roots of a chord track
        // does not copy it.
        std::vector<std::unique_ptr<midi::ScoreTrack>> lines(n);
        std::vector<std::unique_ptr<PitchClassOnsets>> onsets(n);
        const auto line_of = [&](std::size_t k) -> const midi::ScoreTrack& {
            if (!lines[k])
                lines[k] = std::make_unique<midi::ScoreTrack>(top_line(source[k]->track, tpq));
            return *lines[k];
        };
        const auto onsets_of = [&](std::size_t k) -> const PitchClassOnsets& {
            if (!onsets[k])
                onsets[k] = std::make_unique<PitchClassOnsets>(line_of(k));
            return *onsets[k];
        };
        std::vector<std::size_t> order(n);
        for (std::size_t k = 0; k < n; ++k)
            order[k] = k;
        const std::size_t forced = request.melody >= 0 ? position(request.melody) : n;
        std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
            if ((a == forced) != (b == forced))
                return a == forced;
            if (measured[a].stats.lead_score != measured[b].stats.lead_score)
                return measured[a].stats.lead_score > measured[b].stats.lead_score;
            return measured[a].stats.notes > measured[b].stats.notes;
        });
        std::vector<std::size_t> kept;
        for (const std::size_t k : order) {
            TrackStats& s = measured[k].stats;
            if (mixed(k) || drums(k)) {
                kept.push_back(k);
                continue;
            }
            for (const std::size_t o : kept) {
                const TrackStats& other = measured[o].stats;
                if (mixed(o) || drums(o) || 2 * std::min(s.onsets, other.onsets) < std::max(s.onsets, other.onsets))
                    continue;
                const double here = doubled_share(line_of(k), onsets_of(o), strum);
                if (here < duplicate_share)
                    continue;
                const double there = doubled_share(line_of(o), onsets_of(k), strum);
                if (there < duplicate_share)
                    continue;
                s.doubles = other.track;
                s.doubled = here;
                s.lead_score = 0;
                s.verdict = "copies " + label(other) + " (" + percent(here) + " of its top line there, " + percent(there)
                    + " the other way): the same material is used once";
                break;
            }
            if (s.doubles < 0)
                kept.push_back(k);
        }

        // The melody.
        std::size_t lead = forced;
        if (lead == n && request.melody < 0)
            for (std::size_t k = 0; k < n; ++k)
                if (measured[k].stats.lead_score > 0 && (lead == n || measured[k].stats.lead_score > measured[lead].stats.lead_score))
                    lead = k;
        const auto finish = [&] {
            for (auto& m : measured)
                choice.tracks.push_back(std::move(m.stats));
        };
        choice.tracks.clear();
        if (lead == n) {
            std::string list;
            for (const auto& m : measured)
                list += (list.empty() ? "" : "; ") + std::to_string(m.stats.track) + " '" + m.stats.name + "' " + reason(m.stats);
            // Notes that never end are dropped before anything is measured: say so, or a melody
            // written without note-offs reads as an empty or sparse track with no explanation.
            std::string unended;
            for (std::size_t t = 0; t < tracks.size(); ++t)
                if (tracks[t].track.unended_notes > 0 && tracks[t].split_from < 0)
                    unended += (unended.empty() ? "" : ", ") + std::to_string(tracks[t].track.unended_notes) + " in track " + std::to_string(t)
                        + " '" + tracks[t].track.name + "'";
            if (!unended.empty())
                unended = "; note-ons without a note-off were dropped (" + unended
                    + "): the file may be cut short, or its writer leaves notes open";
            choice.failure_id = "jazzlstm.corpus.no_melody";
            choice.failure = request.melody >= 0
                ? "the melody track " + std::to_string(request.melody) + " has no notes" + unended
                    + "; `jazzlstm inspect` lists every track with its notes"
                : "no track carries a melodic line (" + (list.empty() ? std::string("the file has no notes") : list) + ")" + unended
                    + "; name the melody with --melody-track N (with --melody-top-note for a lead in double stops or chords)";
            finish();
            return;
        }
        TrackStats& melody = measured[lead].stats;
        choice.melody = melody.track;
        choice.automatic = request.melody < 0;
        choice.melody_top_note = request.melody_top_note || (request.melody < 0 && (melody.dyad_share > 0 || melody.chordal_share > 0));
        const std::string lead_formula = melody.verdict;
        melody.verdict = "MELODY: " + melody.verdict;
        const PitchClassOnsets& melody_onsets = onsets_of(lead);
        std::vector<std::uint64_t> melody_bars = measured[lead].onset_bars;

        // Parts besides the melody that are not copies of it or of each other.
        std::vector<std::size_t> others;
        for (std::size_t k = 0; k < n; ++k) {
            TrackStats& s = measured[k].stats;
            if (k == lead || mixed(k) || drums(k) || s.doubles >= 0)
                continue;
            const double in_melody = doubled_share(line_of(k), melody_onsets, strum);
            if (in_melody >= duplicate_share) {
                s.doubles = melody.track;
                s.doubled = in_melody;
                s.lead_score = 0;
                s.verdict = "doubles the melody (" + percent(in_melody) + " of its top line is the melody's)";
                continue;
            }
            others.push_back(k);
        }
        for (const std::size_t k : others) {
            TrackStats& s = measured[k].stats;
            std::size_t covered = 0;
            for (const auto b : melody_bars)
                covered += sounds_in(measured[k].sounding, b) ? 1 : 0;
            s.coverage = melody_bars.empty() ? 0 : static_cast<double>(covered) / static_cast<double>(melody_bars.size());
        }

        if (!request.chords.empty()) {
            choice.chords = request.chords;
            choice.harmony = request.chords;
        } else {
            // A chord track: chords on a fair share of its attacks, through the melody.
            std::size_t busiest_comp = 0;
            std::vector<std::size_t> comps;
            for (const std::size_t k : others) {
                const TrackStats& s = measured[k].stats;
                if (s.chordal_share >= ChoiceRules::min_chord_share && s.coverage > 0 && s.mean_duration >= 1.0 / 16) {
                    comps.push_back(k);
                    busiest_comp = std::max(busiest_comp, s.onsets);
                }
            }
            std::size_t comp = n;
            for (const std::size_t k : comps) {
                TrackStats& s = measured[k].stats;
                const double activity = std::sqrt(static_cast<double>(s.onsets) / static_cast<double>(busiest_comp));
                const double sustain = s.mean_duration > 2.5 ? 0.3 : 1.0;
                const double timbre = is_pad_program(s.program) ? 0.3 : 1.0;
                s.chord_score = s.chordal_share * activity * s.coverage * sustain * timbre;
                s.verdict += std::string(s.verdict.empty() ? "" : "; ") + "chords " + fixed(s.chord_score) + " = chordal " + fixed(s.chordal_share)
                    + " x activity " + fixed(activity) + " x coverage " + fixed(s.coverage) + (sustain < 1 ? " x sustained 0.30" : "")
                    + (timbre < 1 ? " x pad/strings 0.30" : "");
                if (comp == n || s.chord_score > measured[comp].stats.chord_score)
                    comp = k;
            }
            if (comp < n) {
                choice.chords = { measured[comp].stats.track };
                choice.harmony = choice.chords;
                measured[comp].stats.verdict = "CHORDS: " + measured[comp].stats.verdict;
                for (const std::size_t k : others)
                    if (k != comp)
                        choice.fallback.push_back(measured[k].stats.track);
            } else {
                choice.inferred_harmony = true;
                for (const std::size_t k : others) {
                    choice.harmony.push_back(measured[k].stats.track);
                    TrackStats& s = measured[k].stats;
                    s.verdict = "HARMONY (inferred with the other parts): " + s.verdict;
                }
                // A solo piano: the tune on top, its chords below. The melody's own notes under
                // its top line are the harmony when nothing else plays.
                if (choice.harmony.empty() && 5 * (melody.notes - melody.onsets) >= melody.notes) {
                    choice.harmony = { melody.track };
                    choice.melody_top_note = true;
                }
                if (choice.harmony.empty()) {
                    std::string list;
                    for (const auto& m : measured)
                        if (m.stats.track != melody.track)
                            list += (list.empty() ? "" : "; ") + std::to_string(m.stats.track) + " '" + m.stats.name + "' " + reason(m.stats);
                    choice.failure_id = "jazzlstm.corpus.no_chords";
                    choice.failure = "no pitched part besides the melody (" + label(melody) + ") to read a harmony from"
                        + (list.empty() ? std::string() : " (" + list + ")")
                        + "; name a chord track with --chord-tracks N, or the melody's own track to read its chords";
                    choice.automatic = choice.automatic || request.chords.empty();
                    finish();
                    return;
                }
            }
            choice.automatic = true;
        }

        std::string text;
        const auto named = [&](int track) {
            const std::size_t k = position(track);
            return k < n ? label(measured[k].stats) : "track " + std::to_string(track);
        };
        text = "melody: " + label(melody) + (request.melody >= 0 ? " (named)" : " (" + lead_formula + ")");
        if (choice.melody_top_note)
            text += ", read as its top line (" + percent(melody.dyad_share + melody.chordal_share) + " of its attacks are double stops or chords)";
        if (request.melody < 0) {
            const TrackStats* next = nullptr;
            for (const auto& m : measured)
                if (&m.stats != &melody && m.stats.lead_score > 0 && (!next || m.stats.lead_score > next->lead_score))
                    next = &m.stats;
            if (next)
                text += "; next best " + label(*next) + " at " + fixed(next->lead_score);
        }
        text += ". harmony: ";
        if (!request.chords.empty()) {
            for (std::size_t c = 0; c < request.chords.size(); ++c)
                text += (c ? ", " : "") + named(request.chords[c]);
            text += " (named)";
        } else if (!choice.inferred_harmony) {
            const TrackStats& c = measured[position(choice.chords.front())].stats;
            text += label(c) + ", chords on " + percent(c.chordal_share) + " of its attacks, sounding in " + percent(c.coverage)
                + " of the melody's bars (chords " + fixed(c.chord_score) + ")";
            if (!choice.fallback.empty())
                text += "; where it is silent, the other " + std::to_string(choice.fallback.size()) + " part(s)";
        } else if (choice.harmony == std::vector<int> { melody.track }) {
            text += "no other part plays, so it is read per beat from the melody's own track below its top line";
        } else {
            text += "no track plays chords, so it is inferred per beat from ";
            for (std::size_t c = 0; c < choice.harmony.size(); ++c)
                text += (c ? ", " : "") + named(choice.harmony[c]);
        }
        text += ". Drums, bass, arpeggio patterns, pads and copies are excluded or marked down; name tracks to override.";
        choice.explanation = text;
        finish();
    }

} // namespace detail

} // namespace jazzlstm
