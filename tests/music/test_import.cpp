// The music21 import rules of grammar-spec §2.3–§2.6 on hand-built tracks (TPQ 96, tol 6 ticks).
// Expected values are worked out by hand in the comments.
#include <jazzlstm/music/music21_import.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <random>
#include <vector>

// Each test file has a namespace of its own: a folder is compiled as one unity build, and
// this keeps a file's helpers apart from its neighbours'.
namespace jazzlstm_test_import {

using jazzlstm::Music21Behaviour;
using jazzlstm::PartElement;
using jazzlstm::detail::quantize_ticks;

namespace {

constexpr int tpq = 96;

jazzlstm::midi::ScoreTrack track_of(const std::vector<std::array<int, 3>>& notes) // {on, off, pitch} in note-on order
{
    jazzlstm::midi::ScoreTrack track;
    for (const auto& n : notes) {
        jazzlstm::midi::Note note;
        note.on_tick = static_cast<std::uint64_t>(n[0]);
        note.off_tick = static_cast<std::uint64_t>(n[1]);
        note.onset = n[0] / double(tpq);
        note.duration = (n[1] - n[0]) / double(tpq);
        note.pitch = n[2];
        note.velocity = 90;
        track.notes.push_back(note);
    }
    return track;
}

using Row = std::array<long, 3>; // {offset, duration, first pitch or -1 for a rest}, twelfths

std::vector<Row> rows(const std::vector<PartElement>& voice)
{
    std::vector<Row> out;
    for (const auto& e : voice)
        out.push_back({ static_cast<long>(e.offset), static_cast<long>(e.duration), e.is_rest() ? -1L : e.pitches.front() });
    return out;
}

} // namespace

// The literal nested loop of grammar-spec §2.3, as music21 runs it: the reference the O(n log n)
// scan must agree with, group for group and member for member.
std::vector<std::vector<std::size_t>> literal_scan(const std::vector<jazzlstm::midi::Note>& notes, int ticks_per_quarter, bool& voices)
{
    const auto within = [&](std::uint64_t a, std::uint64_t b) { return 16 * (a > b ? a - b : b - a) <= std::uint64_t(ticks_per_quarter); };
    std::vector<std::vector<std::size_t>> groups;
    std::vector<bool> absorbed(notes.size(), false);
    for (std::size_t i = 0; i < notes.size(); ++i) {
        if (absorbed[i])
            continue;
        std::vector<std::size_t> group { i };
        for (std::size_t j = i + 1; j < notes.size(); ++j) {
            if (!within(notes[j].on_tick, notes[i].on_tick))
                break;
            if (!within(notes[j].off_tick, notes[i].off_tick)) {
                voices = true;
                continue;
            }
            group.push_back(j);
            absorbed[j] = true;
        }
        groups.push_back(group);
    }
    return groups;
}

TEST_CASE("the chord scan is the literal nested loop, in O(n log n)")
{
    std::mt19937 rng(20240613);
    for (int trial = 0; trial < 400; ++trial) {
        // Onsets and ends on a coarse grid, so notes often fall within the tolerance of several others.
        const int count = 1 + static_cast<int>(rng() % 60);
        std::vector<std::array<int, 3>> rows;
        int on = 0;
        for (int k = 0; k < count; ++k) {
            on += static_cast<int>(rng() % 4) * 4;
            rows.push_back({ on, on + 1 + static_cast<int>(rng() % 5) * 5, 40 + static_cast<int>(rng() % 30) });
        }
        const auto track = track_of(rows);
        bool voices_literal = false, voices_fast = false;
        const auto expected = literal_scan(track.notes, tpq, voices_literal);
        const auto groups = jazzlstm::detail::group_simultaneous(track.notes, tpq, voices_fast);
        REQUIRE(groups.size() == expected.size());
        for (std::size_t g = 0; g < groups.size(); ++g)
            CHECK(groups[g].members == expected[g]);
        CHECK(voices_fast == voices_literal);
    }
    // 100,000 notes on one tick that end apart: quadratic, this took 14 s; now milliseconds.
    std::vector<std::array<int, 3>> stack;
    for (int k = 0; k < 100000; ++k)
        stack.push_back({ 0, 96 + 7 * (k % 1000), 36 + k % 60 });
    bool voices = false;
    const auto groups = jazzlstm::detail::group_simultaneous(track_of(stack).notes, tpq, voices);
    CHECK(voices);
    CHECK(groups.size() == 1000);
    std::size_t members = 0;
    for (const auto& g : groups)
        members += g.members.size();
    CHECK(members == 100000);
}

TEST_CASE("duplicate keys of a chord sound once: at most 128 pitches per chord")
{
    // 1,000 notes on one tick cycling over 13 keys (the bomb of issue 13), all ending together.
    std::vector<std::array<int, 3>> rows;
    for (int k = 0; k < 1000; ++k)
        rows.push_back({ 0, 384, 48 + k % 13 });
    const auto part = jazzlstm::import_track(track_of(rows), tpq);
    REQUIRE(part.voices.front().size() == 1);
    const auto& chord = part.voices.front().front();
    REQUIRE(chord.pitches.size() == 13);
    for (int k = 0; k < 13; ++k)
        CHECK(chord.pitches[static_cast<std::size_t>(k)] == 48 + k); // first-struck order kept
    // A unison pair is one note, not a chord.
    const auto unison = jazzlstm::import_track(track_of({ { 0, 96, 60 }, { 0, 96, 60 } }), tpq);
    CHECK(unison.count_notes() == 1);
    CHECK(unison.count_chords() == 0);
}


TEST_CASE("quantisation snaps to the union of the 1/4 and 1/3 grids, ties down")
{
    CHECK(quantize_ticks(0, tpq) == 0);
    CHECK(quantize_ticks(-5, tpq) == 0); // a negative chord duration counts as 0
    CHECK(quantize_ticks(96, tpq) == 12);
    CHECK(quantize_ticks(12, tpq) == 0); // 1/8 is the midpoint of 0 and 1/4: down
    CHECK(quantize_ticks(13, tpq) == 3);
    CHECK(quantize_ticks(16, tpq) == 3); // 1/6: 1/4 is 1/12 away, 0 and 1/3 are 1/6 away
    CHECK(quantize_ticks(28, tpq) == 3); // 7/24 is as far from 1/4 as from 1/3: the smaller wins
    CHECK(quantize_ticks(29, tpq) == 4);
    CHECK(quantize_ticks(40, tpq) == 4); // 5/12 is off the grid; 1/3 and 1/2 tie: 1/3
    CHECK(quantize_ticks(44, tpq) == 6); // 11/24: 1/2 is 1/24 away
    CHECK(quantize_ticks(96 * 476 + 64, tpq) == 12 * 476 + 8); // 476 2/3 stays exact
    // Division 480: 60 ticks = 1/8 is again a midpoint.
    CHECK(quantize_ticks(60, 480) == 0);
    CHECK(quantize_ticks(61, 480) == 3);
    CHECK(quantize_ticks(160, 480) == 4);
}

TEST_CASE("simultaneous notes within TPQ/16 become chords in note-on order")
{
    // A chord of three notes, the last 6 ticks late (= tol), then two notes 7 ticks apart.
    const auto part = jazzlstm::import_track(
        track_of({ { 0, 96, 64 }, { 3, 98, 60 }, { 6, 100, 67 }, { 192, 288, 70 }, { 199, 288, 72 } }), tpq, Music21Behaviour::music21_5);
    // Onsets 7 ticks apart are not simultaneous, so no voices even though the notes overlap.
    CHECK_FALSE(part.voices_required);
    REQUIRE(part.voices.size() == 1);
    const auto& v = part.voices[0];
    REQUIRE(v.size() == 3);
    CHECK(v[0].is_chord());
    CHECK(v[0].pitches == std::vector<int> { 64, 60, 67 }); // note-on order, not sorted
    CHECK(v[0].offset == 0);
    // Chord duration = first note's off (96) − last absorbed note's on (6) = 90 ticks → 1.0.
    CHECK(v[0].duration == 12);
    // 192 and 199 ticks both quantise to 2.0; creation order keeps 70 first.
    CHECK(rows({ v[1], v[2] }) == std::vector<Row> { { 24, 12, 70 }, { 24, 12, 72 } });
    CHECK(part.count_chords() == 1);
    CHECK(part.count_notes() == 2);
}

TEST_CASE("the odd chord duration can go to zero or below")
{
    // First note ends at 4, last absorbed starts at 6: −2 ticks → quantised as 0.
    const auto m5 = jazzlstm::import_track(track_of({ { 0, 4, 60 }, { 6, 8, 64 } }), tpq, Music21Behaviour::music21_5);
    REQUIRE(m5.voices[0].size() == 1);
    CHECK(m5.voices[0][0].duration == 0);
    CHECK_FALSE(m5.voices[0][0].grace);
    // music21 6 lifts a sounding element that quantised to 0 up to 0.25.
    const auto m6 = jazzlstm::import_track(track_of({ { 0, 4, 60 }, { 6, 8, 64 } }), tpq, Music21Behaviour::music21_6);
    REQUIRE(m6.voices[0].size() == 1);
    CHECK(m6.voices[0][0].duration == 3);
}

TEST_CASE("equal onsets with different ends set voicesRequired; voices are first-fit")
{
    // A (0–2q) and B (0–1q) start together but end apart: not a chord, voices required.
    // C (1q–2q) fits after B in voice 1; D (3q–4q) fits voice 0 again after A ends at 2q.
    const auto part = jazzlstm::import_track(
        track_of({ { 0, 192, 60 }, { 0, 96, 64 }, { 96, 192, 65 }, { 288, 384, 67 } }), tpq, Music21Behaviour::music21_5);
    CHECK(part.voices_required);
    REQUIRE(part.voices.size() == 2);
    CHECK(rows(part.voices[0]) == std::vector<Row> { { 0, 24, 60 }, { 36, 12, 67 } });
    CHECK(rows(part.voices[1]) == std::vector<Row> { { 0, 12, 64 }, { 12, 12, 65 } });
    CHECK(part.count_rests() == 0); // music21 5 has no rests

    // music21 6: the gap [2q, 3q) of voice 0 becomes a rest; voice 1 never gets rests.
    const auto m6 = jazzlstm::import_track(
        track_of({ { 0, 192, 60 }, { 0, 96, 64 }, { 96, 192, 65 }, { 288, 384, 67 } }), tpq, Music21Behaviour::music21_6);
    REQUIRE(m6.voices.size() == 2);
    CHECK(rows(m6.voices[0]) == std::vector<Row> { { 0, 24, 60 }, { 24, 12, -1 }, { 36, 12, 67 } });
    CHECK(rows(m6.voices[1]) == std::vector<Row> { { 0, 12, 64 }, { 12, 12, 65 } });
}

TEST_CASE("a third overlapping note opens a third voice")
{
    const auto part = jazzlstm::import_track(
        track_of({ { 0, 384, 48 }, { 0, 192, 52 }, { 2, 96, 55 }, { 96, 192, 57 } }), tpq, Music21Behaviour::music21_5);
    // Scan from 48: 52 and 55 start within tol but end apart → voices. From 52: 55 ends 96
    // vs 192 → apart too. So four separate elements; first-fit gives 48 | 52 | 55, 57 → voice 2.
    CHECK(part.voices_required);
    REQUIRE(part.voices.size() == 3);
    CHECK(rows(part.voices[0]) == std::vector<Row> { { 0, 48, 48 } });
    CHECK(rows(part.voices[1]) == std::vector<Row> { { 0, 24, 52 } });
    CHECK(rows(part.voices[2]) == std::vector<Row> { { 0, 12, 55 }, { 12, 12, 57 } });
}

TEST_CASE("music21 6 rests: leading, gaps after the running maximum end, long, never trailing")
{
    // Note 1q–1.5q, a note 1.25q–3q overlapping it, then a note at 24q.
    const auto part = jazzlstm::import_track(
        track_of({ { 96, 144, 60 }, { 120, 288, 62 }, { 2304, 2400, 64 } }), tpq, Music21Behaviour::music21_6);
    REQUIRE(part.voices.size() == 1);
    CHECK(rows(part.voices[0]) == std::vector<Row> {
        { 0, 12, -1 },   // leading rest [0, 1q)
        { 12, 6, 60 },
        { 15, 21, 62 },  // no rest at 1.5q: the running end is already 3q
        { 36, 252, -1 }, // [3q, 24q): 21 quarters
        { 288, 12, 64 }, // nothing after the last note
    });
    CHECK(part.count_rests() == 2);
    // music21 5: same notes, no rests.
    const auto m5 = jazzlstm::import_track(
        track_of({ { 96, 144, 60 }, { 120, 288, 62 }, { 2304, 2400, 64 } }), tpq, Music21Behaviour::music21_5);
    CHECK(rows(m5.voices[0]) == std::vector<Row> { { 12, 6, 60 }, { 15, 21, 62 }, { 288, 12, 64 } });
}

TEST_CASE("zero durations: music21 5 gives 1.0 or keeps 0, music21 6 makes grace notes or 0.25")
{
    // A zero-tick note and a 2-tick note (quantises to 0).
    const auto m5 = jazzlstm::import_track(track_of({ { 96, 96, 60 }, { 192, 194, 62 } }), tpq, Music21Behaviour::music21_5);
    CHECK(rows(m5.voices[0]) == std::vector<Row> { { 12, 12, 60 }, { 24, 0, 62 } });
    const auto m6 = jazzlstm::import_track(track_of({ { 96, 96, 60 }, { 192, 194, 62 } }), tpq, Music21Behaviour::music21_6);
    // Leading rest to the grace note; no gap before the next note? The grace note ends at
    // 1q, so [1q, 2q) is a gap rest.
    CHECK(rows(m6.voices[0]) == std::vector<Row> { { 0, 12, -1 }, { 12, 0, 60 }, { 12, 12, -1 }, { 24, 3, 62 } });
    CHECK(m6.voices[0][1].grace);
    CHECK_FALSE(m6.voices[0][3].grace);
}

TEST_CASE("grace notes sort before other elements at the same offset")
{
    // 95 ticks (→ 1q, 25 ticks long) then a zero-tick note at 96 (→ 1q): same offset after
    // quantisation, onsets within tol, ends apart → voices. The grace note sorts first
    // although it was created second, and both fit voice 0.
    const auto m6 = jazzlstm::import_track(track_of({ { 95, 120, 60 }, { 96, 96, 62 } }), tpq, Music21Behaviour::music21_6);
    CHECK(m6.voices_required);
    REQUIRE(m6.voices.size() == 1);
    CHECK(rows(m6.voices[0]) == std::vector<Row> { { 0, 12, -1 }, { 12, 0, 62 }, { 12, 3, 60 } });
}

TEST_CASE("bad division and empty tracks")
{
    CHECK_THROWS_AS(jazzlstm::import_track(track_of({}), 0), jazzlstm::argument_error);
    try {
        (void)jazzlstm::import_track(track_of({}), -1);
    } catch (const jazzlstm::error& e) {
        CHECK(e.id() == "jazzlstm.import.division");
    }
    const auto part = jazzlstm::import_track(track_of({}), tpq);
    REQUIRE(part.voices.size() == 1);
    CHECK(part.voices[0].empty());
}

TEST_CASE("invariants on random tracks (seeded)")
{
    std::mt19937 rng(20261121);
    const int divisions[] = { 96, 120, 480, 7, 1 };
    for (int round = 0; round < 300; ++round) {
        const int division = divisions[round % 5];
        std::uniform_int_distribution<int> count(0, 40), step(0, 2 * division), length(0, 3 * division), pitch(30, 90);
        std::vector<std::array<int, 3>> notes;
        int on = 0;
        const int n = count(rng);
        for (int i = 0; i < n; ++i) {
            on += step(rng) / ((i % 3 == 0) ? 1 : 8); // some near-simultaneous onsets
            notes.push_back({ on, on + length(rng), pitch(rng) });
        }
        auto track = track_of(notes);
        for (const auto behaviour : { Music21Behaviour::music21_5, Music21Behaviour::music21_6 }) {
            const bool m6 = behaviour == Music21Behaviour::music21_6;
            const auto part = jazzlstm::import_track(track, division, behaviour);
            REQUIRE(!part.voices.empty());
            if (!part.voices_required)
                CHECK(part.voices.size() == 1);
            std::size_t pitches = 0;
            for (std::size_t v = 0; v < part.voices.size(); ++v) {
                jazzlstm::ticks12 end = 0, reached = 0;
                for (std::size_t i = 0; i < part.voices[v].size(); ++i) {
                    const auto& e = part.voices[v][i];
                    pitches += e.pitches.size();
                    if (i > 0)
                        CHECK(part.voices[v][i - 1].offset <= e.offset);
                    CHECK(e.duration >= 0);
                    if (e.is_rest()) {
                        CHECK(m6);
                        CHECK(v == 0);
                        CHECK(e.duration > 0);
                        CHECK(e.offset == reached); // a rest starts exactly where the sound stopped
                    } else {
                        // Sounding elements sit on the union grid {k/4} ∪ {k/3}.
                        CHECK((e.offset % 3 == 0 || e.offset % 4 == 0));
                        CHECK((e.duration % 3 == 0 || e.duration % 4 == 0));
                        if (m6 && !e.grace)
                            CHECK(e.duration > 0);
                        if (part.voices_required && e.duration > 0)
                            CHECK(e.offset >= end); // first-fit: no overlap inside a voice
                        if (e.duration > 0)
                            end = std::max(end, e.end());
                        if (m6 && v == 0)
                            CHECK(e.offset <= reached); // every gap of voice 0 was filled
                    }
                    reached = std::max(reached, e.end());
                }
            }
            // Every note lands in some element (duplicate keys of one chord are merged).
            std::vector<int> heard, struck;
            for (const auto& voice : part.voices)
                for (const auto& e : voice)
                    heard.insert(heard.end(), e.pitches.begin(), e.pitches.end());
            for (const auto& note : track.notes)
                struck.push_back(note.pitch);
            std::sort(heard.begin(), heard.end());
            std::sort(struck.begin(), struck.end());
            heard.erase(std::unique(heard.begin(), heard.end()), heard.end());
            struck.erase(std::unique(struck.begin(), struck.end()), struck.end());
            CHECK(heard == struck);
            CHECK(pitches <= 128 * (part.count_notes() + part.count_chords()));
        }
    }
}

} // namespace jazzlstm_test_import
