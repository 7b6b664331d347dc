// The rhythm section: comping voicings with smooth voice leading, the walking bass's rules, the
// swing drum pattern and the band's MIDI tracks.
#include <jazzlstm/music/band.hpp>
#include <jazzlstm/music/midi.hpp>

#include <doctest/doctest.h>

#include "support.hpp"

#include <algorithm>
#include <random>
#include <set>
#include <string>
#include <vector>

// Each test file has a namespace of its own: a folder is compiled as one unity build, and
// this keeps a file's helpers apart from its neighbours'.
namespace jazzlstm_test_band {

using namespace jazzlstm;

namespace {

// Test progressions: the five standards of docs/charts.md and a few harder ones.
const char* const progressions[] = {
    "| F7 | Bb7 | F7 | Cm7 F7 | Bb7 | Bdim7 | F7 | D7 | Gm7 | C7 | F7 D7 | Gm7 C7 |",
    "| Bb6 G7 | Cm7 F7 | Bb6 G7 | Cm7 F7 | Bb Bb7 | Eb Ebm6 | Bb/F F7 | Bb6 | D7 | % | G7 | % | C7 | % | F7 | % |",
    "| Dm7 G7 | Cmaj7 | Cm7 F7 | Bbmaj7 | Bbm7 Eb7 | Abmaj7 | Abm7 Db7 | Gbmaj7 | F#m7 B7 | Emaj7 | Em7 A7 | Dmaj7 |",
    "| Cm9 | Fm9 | Cm9 | Cm9 | Fm9 | % | Cm9 | % | Ab7#11 | G7alt | Cm9 | G7alt |",
    "| Dm7 | % | % | % | Ebm7 | % | Dm7 | % |",
    "| Cmaj7#11 | B7b9 | Em9 | A13 | Dm7b5 | G7b9b13 | Cm(maj7) | C6/9 | F/A | Bbsus4 | Eb9sus4 | D+7 |",
};

std::vector<ChordSymbol> symbols(const ChordChart& chart)
{
    std::vector<ChordSymbol> out;
    for (const ChartBar& bar : chart.bars)
        for (const ChartChord& c : bar.chords)
            out.push_back(c.symbol);
    return out;
}

} // namespace

TEST_CASE("voice leading: the nearest inversion, no voice moving more than a fifth")
{
    for (const char* text : progressions) {
        INFO(text);
        const auto chords = symbols(parse_chord_chart(text));
        std::vector<int> previous;
        for (std::size_t i = 0; i < chords.size(); ++i) {
            const ChordSymbol& chord = chords[i];
            const std::vector<int> voices = voice_lead(chord, previous);
            INFO(chord.name());
            REQUIRE(voices.size() >= 3);
            CHECK(voices.size() <= 4);
            // Close position in the comping register: all within an octave, bottom E3..E4.
            CHECK(voices.front() >= 52);
            CHECK(voices.front() <= 64);
            CHECK(voices.back() - voices.front() < 12);
            // Every voice is a chord tone, and the guide tones (3rd or sus, 7th or 6th) are there.
            std::set<int> pcs;
            for (int v : voices) {
                CHECK((chord.pitch_class_mask() & (1u << (v % 12))) != 0);
                pcs.insert(v % 12);
            }
            for (const ChordTone& t : chord.tones)
                if (t.degree == 3 || t.degree == 7 || t.degree == 6 || t.degree == 4 || t.degree == 2)
                    CHECK(pcs.count((chord.root + t.semitones) % 12) == 1);
            if (!previous.empty()) {
                int largest = 0;
                voice_leading_cost(voices, previous, &largest);
                CHECK(largest <= 7);
                // Nearest: no other inversion in the register moves less.
                const int cost = voice_leading_cost(voices, previous);
                for (int low = 52; low <= 64; ++low) {
                    std::vector<int> other;
                    for (int v : voices)
                        other.push_back(low + ((v % 12 - low % 12) + 12) % 12);
                    std::sort(other.begin(), other.end());
                    if (std::find(pcs.begin(), pcs.end(), low % 12) != pcs.end())
                        CHECK(voice_leading_cost(other, previous) >= cost);
                }
            }
            previous = voices;
        }
    }
    // ii-V in C: A C F to B D F, the common tone F held, four semitones of motion in all.
    std::vector<int> v = voice_lead(parse_chord_symbol("Dm7"), {});
    const std::vector<int> g = voice_lead(parse_chord_symbol("G7"), v);
    CHECK(v == std::vector<int> { 57, 60, 65 });
    CHECK(g == std::vector<int> { 59, 62, 65 });
    CHECK(voice_leading_cost(g, v) == 4);
    // Extensions beyond four voices: the 5th goes first, guide tones stay.
    const auto c13 = comping_pitch_classes(parse_chord_symbol("C13"));
    CHECK(std::set<int>(c13.begin(), c13.end()) == std::set<int> { 4, 10, 9, 2 });
}

TEST_CASE("voice_bars: the bass under every voicing, the chords on the bar's timeline")
{
    const auto bars = parse_chord_chart("| Dm7 G7 | C/E |").bars;
    const auto groups = voice_bars(bars);
    REQUIRE(groups.size() == 2);
    REQUIRE(groups[0].size() == 2);
    CHECK(groups[0][1].offset == 24);
    CHECK(groups[0][1].duration == 24);
    CHECK(groups[0][0].pitches.front() == 50); // D3
    CHECK(groups[0][1].pitches.front() == 43); // G2
    CHECK(groups[1][0].pitches.front() == 52); // E3: the slash bass
}

TEST_CASE("walking bass: roots where chords start, chord tones on strong beats, approaches on weak ones")
{
    for (const char* text : progressions) {
        INFO(text);
        const auto bars = chart_form(parse_chord_chart(text), 2);
        for (std::uint64_t seed : { 1u, 2u, 3u }) {
            std::mt19937_64 rng(seed);
            const std::vector<BandNote> line = walking_bass(bars, rng);
            REQUIRE(line.size() == bars.size() * 4);
            for (std::size_t i = 0; i < line.size(); ++i) {
                const BandNote& n = line[i];
                CHECK(n.offset == static_cast<ticks12>(i) * 12);
                CHECK(n.pitch >= 28);
                CHECK(n.pitch <= 55);
                const ChartBar& bar = bars[i / 4];
                const ticks12 in_bar = static_cast<ticks12>(i % 4) * 12;
                const ChartChord* chord = nullptr;
                for (const auto& c : bar.chords)
                    if (in_bar >= c.start && in_bar < c.start + c.length)
                        chord = &c;
                REQUIRE(chord);
                const int root = chord->symbol.bass >= 0 ? chord->symbol.bass : chord->symbol.root;
                if (in_bar == chord->start || i % 4 == 0)
                    CHECK(n.pitch % 12 == root); // a chord's first beat and every downbeat: the root
                else if (i % 2 == 0)
                    CHECK((chord->symbol.pitch_class_mask() & (1u << (n.pitch % 12))) != 0);
                else {
                    // An approach: a half or whole step from the next note, not the note before.
                    // (The last beat approaches the first note's pitch class, the form going round.)
                    const int next = i + 1 < line.size() ? line[i + 1].pitch : line[0].pitch;
                    const int interval = std::abs(n.pitch - next);
                    const int step = i + 1 < line.size() ? interval : std::min(interval % 12, 12 - interval % 12);
                    CHECK((step == 1 || step == 2));
                    CHECK(n.pitch != line[i - 1].pitch);
                }
                if (i > 0)
                    CHECK(std::abs(n.pitch - line[i - 1].pitch) <= 12);
            }
        }
    }
    // Seeded: the same seed walks the same line.
    const auto bars = parse_chord_chart("| Dm7 G7 | Cmaj7 |").bars;
    std::mt19937_64 a(7), b(7);
    const auto x = walking_bass(bars, a), y = walking_bass(bars, b);
    REQUIRE(x.size() == y.size());
    for (std::size_t i = 0; i < x.size(); ++i)
        CHECK(x[i].pitch == y[i].pitch);
}

TEST_CASE("swing drums and the band's tracks")
{
    const auto drums = swing_drums(2);
    std::set<ticks12> ride, hat;
    for (const BandNote& d : drums) {
        if (d.pitch == gm_drum::ride_cymbal)
            ride.insert(d.offset);
        if (d.pitch == gm_drum::pedal_hi_hat)
            hat.insert(d.offset);
    }
    CHECK(ride == std::set<ticks12> { 0, 12, 20, 24, 36, 44, 48, 60, 68, 72, 84, 92 });
    CHECK(hat == std::set<ticks12> { 12, 36, 60, 84 });
    midi::Score score;
    std::mt19937_64 rng(1);
    add_band_tracks(score, walking_bass(parse_chord_chart("| C7 | F7 |").bars, rng), drums);
    REQUIRE(score.tracks.size() == 2);
    CHECK(score.tracks[0].program == 32);
    CHECK(score.tracks[0].channel == 2);
    CHECK(score.tracks[1].channel == 9);
    CHECK(score.tracks[1].notes.size() == drums.size());
    CHECK(score.tracks[0].notes[1].on_tick == 480);
    // Written and read back, the tracks keep their channel and program.
    const midi::Score back = midi::to_score(midi::parse(midi::serialize(midi::from_score(score))));
    REQUIRE(back.tracks.size() >= 2);
    bool found_drums = false;
    for (const auto& t : back.tracks)
        if (t.name == "Drums") {
            found_drums = true;
            CHECK(t.channel == 9);
            CHECK(t.notes.size() == drums.size());
        }
    CHECK(found_drums);
}

} // namespace jazzlstm_test_band
