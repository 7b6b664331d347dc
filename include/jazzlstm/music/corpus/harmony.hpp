// The harmony of each bar, read per beat from everything that sounds in it (standard library
// only): a chord strummed over a few ticks, arpeggiated over the bar or held from an earlier
// bar all give their pitches to the beats they sound in, and neighbouring beats that belong to
// one chord are merged. This is how accompaniment played live is heard; music21's reading
// (the same onset within TPQ/16 and the same end) finds only the chords a sequencer quantised.
// docs/corpus.md, "Harmony per beat", has the rules.
#pragma once

#include <jazzlstm/music/corpus/doubling.hpp>
#include <jazzlstm/music/corpus/onsets.hpp>
#include <jazzlstm/music/midi/score.hpp>
#include <jazzlstm/music/notes.hpp>

#include <algorithm>
#include <array>
#include <bitset>
#include <cstddef>
#include <cstdint>
#include <map>
#include <vector>

namespace jazzlstm {

namespace detail {

    /// The pitches counted in each of the four beats of a bar.
    using BeatPitches = std::array<std::bitset<128>, 4>;

    /// The notes the harmony is read from, merged over the source tracks and sorted by onset.
    struct HarmonyNotes {
        std::vector<const midi::Note*> notes;
        std::uint64_t strum = 1;
        std::uint64_t beat = 1; ///< ticks per quarter

        bool empty() const noexcept { return notes.empty(); }
    };

    /// Collects the notes of `tracks`; a note the melody attacks too (same pitch class, within a
    /// strum) is left out when `melody` is given, so a part that doubles the tune lends the
    /// harmony only its other notes. Allocates: the note list.
    inline HarmonyNotes harmony_notes(const std::vector<const midi::ScoreTrack*>& tracks, int ticks_per_quarter,
        const PitchClassOnsets* melody = nullptr)
    {
        HarmonyNotes h;
        h.beat = static_cast<std::uint64_t>(std::max(1, ticks_per_quarter));
        h.strum = strum_ticks(ticks_per_quarter);
        for (const midi::ScoreTrack* track : tracks)
            for (const auto& n : track->notes)
                if (n.pitch >= 0 && n.pitch < 128 && !(melody && melody->attacks(n.pitch, n.on_tick, h.strum)))
                    h.notes.push_back(&n);
        std::stable_sort(h.notes.begin(), h.notes.end(), [](const midi::Note* a, const midi::Note* b) { return a->on_tick < b->on_tick; });
        return h;
    }

    /// The beat a note's attack belongs to, in ticks from 0: an attack up to a strum early
    /// (an anticipated chord) belongs to the beat it anticipates.
    inline std::uint64_t attack_tick(const HarmonyNotes& h, const midi::Note& n) { return n.on_tick + h.strum; }

    /// The latest bar before `bar` in which a harmony note is attacked, or -1.
    inline std::int64_t previous_harmony_bar(const HarmonyNotes& h, std::int64_t bar)
    {
        const std::uint64_t start = static_cast<std::uint64_t>(bar) * 4 * h.beat;
        const auto it = std::lower_bound(h.notes.begin(), h.notes.end(), start,
            [&](const midi::Note* n, std::uint64_t at) { return attack_tick(h, *n) < at; });
        if (it == h.notes.begin())
            return -1;
        return static_cast<std::int64_t>(attack_tick(h, **std::prev(it)) / (4 * h.beat));
    }

    /// The pitches of each beat of the given bars (sorted, distinct, ≥ 0). A note counts in the
    /// beat its attack falls in and in every later beat whose midpoint it still sounds at, so a
    /// chord held over the bar line fills the next bar and a release tail does not.
    /// Allocates: the map.
    inline std::map<std::int64_t, BeatPitches> beat_pitches(const HarmonyNotes& h, const std::vector<std::int64_t>& bars)
    {
        std::map<std::int64_t, BeatPitches> out;
        std::array<std::uint64_t, 128> held_until {}; // latest end of an earlier note, per pitch
        std::size_t p = 0;
        const std::uint64_t bar_ticks = 4 * h.beat;
        for (const std::int64_t bar : bars) {
            const std::uint64_t start = static_cast<std::uint64_t>(bar) * bar_ticks;
            for (; p < h.notes.size() && attack_tick(h, *h.notes[p]) < start; ++p)
                held_until[static_cast<std::size_t>(h.notes[p]->pitch)]
                    = std::max(held_until[static_cast<std::size_t>(h.notes[p]->pitch)], h.notes[p]->off_tick);
            BeatPitches beats;
            for (std::size_t k = 0; k < 4; ++k) {
                const std::uint64_t mid = start + k * h.beat + h.beat / 2;
                for (std::size_t pitch = 0; pitch < 128; ++pitch)
                    if (held_until[pitch] > mid)
                        beats[k].set(pitch);
            }
            for (std::size_t q = p; q < h.notes.size() && attack_tick(h, *h.notes[q]) < start + bar_ticks; ++q) {
                const midi::Note& n = *h.notes[q];
                const std::size_t first = static_cast<std::size_t>((attack_tick(h, n) - start) / h.beat);
                for (std::size_t k = first; k < 4; ++k)
                    if (k == first || n.off_tick > start + k * h.beat + h.beat / 2)
                        beats[k].set(static_cast<std::size_t>(n.pitch));
            }
            out.emplace(bar, beats);
        }
        return out;
    }

    inline std::bitset<12> pitch_classes(const std::bitset<128>& pitches)
    {
        std::bitset<12> pcs;
        for (std::size_t p = 0; p < 128; ++p)
            if (pitches[p])
                pcs.set(p % 12);
        return pcs;
    }

    /// The chords of one bar from its beats: a beat joins the chord before it when its pitch
    /// classes are among that chord's, or when the two together are an incomplete chord of at
    /// most four pitch classes (an arpeggio spread over the beats); two complete chords that
    /// differ are a change. Beats with nothing sounding extend the chord before them. Each chord
    /// holds every pitch of its beats. Offsets are absolute twelfths. Allocates: the chords.
    inline std::vector<Chord> bar_chords(const BeatPitches& beats, std::int64_t bar)
    {
        struct Segment {
            std::size_t first;
            std::bitset<128> pitches;
        };
        std::vector<Segment> segments;
        for (std::size_t k = 0; k < 4; ++k) {
            if (beats[k].none())
                continue;
            if (!segments.empty()) {
                const auto here = pitch_classes(segments.back().pitches), next = pitch_classes(beats[k]);
                const bool inside = (next & ~here).none();
                const bool both_complete = here.count() >= 3 && next.count() >= 3;
                if (inside || (!both_complete && (here | next).count() <= 4)) {
                    segments.back().pitches |= beats[k];
                    continue;
                }
            }
            segments.push_back({ k, beats[k] });
        }
        std::vector<Chord> chords;
        const ticks12 bar_start = static_cast<ticks12>(bar) * 4 * twelfths_per_quarter;
        for (std::size_t s = 0; s < segments.size(); ++s) {
            Chord c;
            const std::size_t end = s + 1 < segments.size() ? segments[s + 1].first : 4;
            c.offset = bar_start + static_cast<ticks12>(segments[s].first) * twelfths_per_quarter;
            c.duration = static_cast<ticks12>(end - segments[s].first) * twelfths_per_quarter;
            for (int p = 0; p < 128; ++p)
                if (segments[s].pitches[static_cast<std::size_t>(p)])
                    c.pitches.push_back(p);
            chords.push_back(std::move(c));
        }
        return chords;
    }

    /// How the chords of each melody bar were found.
    struct BarHarmony {
        std::vector<Chord> chords;
        enum class From { primary, fallback, held, ahead } from = From::primary;
    };

    /// The chords of every bar in `bars` (sorted, distinct, ≥ 0): from `primary`, else from
    /// `fallback` where the primary parts are silent in the bar, else the chord sounding last
    /// before the bar (held over), else the first chord of the piece (for the bars before the
    /// accompaniment starts). A bar whose chords start after its first beat begins with the
    /// chord before it (or, at the start of the piece, with its own first chord).
    /// Returns an empty list when neither source has a note anywhere. Allocates: yes.
    inline std::vector<BarHarmony> read_harmony(const HarmonyNotes& primary, const HarmonyNotes& fallback, const std::vector<std::int64_t>& bars)
    {
        std::vector<BarHarmony> out(bars.size());
        const auto chords_of = [&](const HarmonyNotes& h) {
            std::vector<std::int64_t> needed = bars;
            for (const auto b : bars) {
                const std::int64_t before = previous_harmony_bar(h, b);
                if (before >= 0)
                    needed.push_back(before);
            }
            std::sort(needed.begin(), needed.end());
            needed.erase(std::unique(needed.begin(), needed.end()), needed.end());
            std::map<std::int64_t, std::vector<Chord>> chords;
            for (const auto& [bar, beats] : beat_pitches(h, needed))
                chords.emplace(bar, bar_chords(beats, bar));
            return chords;
        };
        const auto main_chords = chords_of(primary);
        const auto other_chords = fallback.empty() ? std::map<std::int64_t, std::vector<Chord>> {} : chords_of(fallback);
        const auto last_before = [](const std::map<std::int64_t, std::vector<Chord>>& chords, std::int64_t bar) -> const Chord* {
            auto it = chords.lower_bound(bar);
            while (it != chords.begin()) {
                --it;
                if (!it->second.empty())
                    return &it->second.back();
            }
            return nullptr;
        };
        const Chord* previous = nullptr;
        std::vector<std::size_t> waiting; // bars before any chord
        for (std::size_t i = 0; i < bars.size(); ++i) {
            const std::int64_t bar = bars[i];
            const ticks12 bar_start = static_cast<ticks12>(bar) * 4 * twelfths_per_quarter;
            BarHarmony& h = out[i];
            const auto mine = main_chords.find(bar);
            if (mine != main_chords.end() && !mine->second.empty()) {
                h.chords = mine->second;
            } else if (const auto other = other_chords.find(bar); other != other_chords.end() && !other->second.empty()) {
                h.chords = other->second;
                h.from = BarHarmony::From::fallback;
            }
            const Chord* before = last_before(main_chords, bar);
            if (!before)
                before = last_before(other_chords, bar);
            if (!before)
                before = previous;
            if (h.chords.empty()) {
                if (before) {
                    h.chords = { Chord { bar_start, 4 * twelfths_per_quarter, before->pitches } };
                    h.from = BarHarmony::From::held;
                } else {
                    waiting.push_back(i);
                }
            } else if (h.chords.front().offset > bar_start) {
                if (before)
                    h.chords.insert(h.chords.begin(), Chord { bar_start, h.chords.front().offset - bar_start, before->pitches });
                else {
                    h.chords.front().duration += h.chords.front().offset - bar_start;
                    h.chords.front().offset = bar_start;
                }
            }
            if (!h.chords.empty()) {
                previous = &h.chords.back();
                if (!waiting.empty()) {
                    const std::vector<int> first = h.chords.front().pitches;
                    for (const std::size_t w : waiting) {
                        const ticks12 start = static_cast<ticks12>(bars[w]) * 4 * twelfths_per_quarter;
                        out[w].chords = { Chord { start, 4 * twelfths_per_quarter, first } };
                        out[w].from = BarHarmony::From::ahead;
                    }
                    waiting.clear();
                }
            }
        }
        if (!waiting.empty())
            return {};
        return out;
    }

} // namespace detail

} // namespace jazzlstm
