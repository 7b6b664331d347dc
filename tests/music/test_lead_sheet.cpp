// The lead-sheet source format of the embedded corpus and its two-track score.
#include <jazzlstm/music/lead_sheet.hpp>

#include "support.hpp"

#include <fstream>
#include <random>
#include <set>
#include <sstream>
#include <string>

// Each test file has a namespace of its own: a folder is compiled as one unity build, and
// this keeps a file's helpers apart from its neighbours'.
namespace jazzlstm_test_lead_sheet {

using namespace jazzlstm;

namespace {

const char* const small_sheet = R"(# two bars
title Test tune
tempo 150
pattern even 0:1 1:1 2:1 3:1
pattern push 0:2/3 2+2/3:1+1/3   # the second hit anticipates beat 4
section A
Cmaj7:4          | even | E5:2/3 G5:1/3 B5:1 r:1/2 A5:1/2 G5:1~
Dm7:2 G7b9:2     | push | G5:1/2 F5:1/4 E5:1/4 D5:1> r:2
)";

std::string error_id(const std::string& text, jazzlstm::error_context* where = nullptr)
{
    try {
        lead_sheet_score(parse_lead_sheet(text, "t.txt"));
    } catch (const jazzlstm::error& e) {
        if (where)
            *where = e.context();
        return e.id();
    }
    return "";
}

} // namespace

TEST_CASE("durations and pitches")
{
    using jazzlstm::detail::parse_lead_pitch;
    using jazzlstm::detail::parse_quarters;
    CHECK(parse_quarters("1") == 12);
    CHECK(parse_quarters("1/2") == 6);
    CHECK(parse_quarters("2/3") == 8);
    CHECK(parse_quarters("1/12") == 1);
    CHECK(parse_quarters("1+1/3") == 16);
    CHECK(parse_quarters("3/8") == -1);  // not on the 1/12 grid
    CHECK(parse_quarters("1/0") == -1);
    CHECK(parse_quarters("x") == -1);
    CHECK(parse_quarters("1+2") == -1);
    CHECK(parse_lead_pitch("C4") == 60);
    CHECK(parse_lead_pitch("Bb4") == 70);
    CHECK(parse_lead_pitch("F#5") == 78);
    CHECK(parse_lead_pitch("C-1") == 0);
    CHECK(parse_lead_pitch("G9") == 127);
    CHECK(parse_lead_pitch("G#9") == -1);
    CHECK(parse_lead_pitch("H4") == -1);
}

TEST_CASE("a small sheet parses into bars, chords, notes and patterns")
{
    LeadSheet sheet = parse_lead_sheet(small_sheet);
    CHECK(sheet.title == "Test tune");
    CHECK(sheet.tempo == 150);
    REQUIRE(sheet.bars.size() == 2);
    CHECK(sheet.bars[0].section == "A");
    CHECK(sheet.bars[1].chords.size() == 2);
    CHECK(sheet.bars[1].chords[1].symbol.name() == "G7b9");
    CHECK(sheet.bars[1].chords[1].start == 24);
    CHECK(sheet.patterns.at("push").size() == 2);
    CHECK(sheet.patterns.at("push")[1].start == 32);
    CHECK(sheet.patterns.at("push")[1].length == 16);
    REQUIRE(sheet.bars[0].melody.size() == 6);
    CHECK(sheet.bars[0].melody[5].tie);
    CHECK(sheet.bars[1].melody[3].accent);
}

TEST_CASE("the score: two tracks, ticks, ties, comping cut at chord changes")
{
    jazzlstm::midi::Score score = lead_sheet_score(parse_lead_sheet(small_sheet));
    CHECK(score.ticks_per_quarter == 480);
    REQUIRE(score.tempos.size() == 1);
    CHECK(score.tempos[0].microseconds_per_quarter == 400000);
    REQUIRE(score.tracks.size() == 2);
    const auto& melody = score.tracks[0];
    const auto& comp = score.tracks[1];
    CHECK(melody.name == "Guitar");
    CHECK(melody.program == 26);
    CHECK(melody.channel == 0);
    CHECK(comp.name == "Piano");
    CHECK(comp.program == 0);
    CHECK(comp.channel == 1);
    // 5 notes in bar 1 (the rest is silent) + 4 in bar 2, minus the G5 tied across the bar line.
    REQUIRE(melody.notes.size() == 8);
    CHECK(melody.notes[0].on_tick == 0);
    CHECK(melody.notes[0].off_tick == 320);  // 2/3 of 480
    CHECK(melody.notes[1].on_tick == 320);
    CHECK(melody.notes[1].duration == doctest::Approx(1.0 / 3));
    CHECK(melody.notes[4].pitch == 79);      // G5 at beat 4, tied into bar 2: 1 + 1/2 quarters
    CHECK(melody.notes[4].on_tick == 3 * 480);
    CHECK(melody.notes[4].off_tick == 4 * 480 + 240);
    CHECK(melody.notes[4].duration == doctest::Approx(1.5));
    CHECK(melody.notes[7].pitch == 74);
    CHECK(melody.notes[7].velocity > melody.notes[6].velocity);  // accent
    for (const auto& n : melody.notes)
        CHECK(n.channel == 0);

    // Bar 1: four hits of a 4-note Cmaj7. Bar 2: Dm7 from 0 for 2/3, then the push hit at
    // 2+2/3 is inside G7b9 (5 notes) only, since it starts after the change.
    std::vector<std::vector<int>> chords;
    std::vector<std::uint64_t> onsets;
    for (const auto& n : comp.notes) {
        if (onsets.empty() || onsets.back() != n.on_tick) {
            onsets.push_back(n.on_tick);
            chords.emplace_back();
        }
        chords.back().push_back(n.pitch);
        CHECK(n.channel == 1);
    }
    REQUIRE(onsets.size() == 6);
    CHECK(onsets == std::vector<std::uint64_t>{ 0, 480, 960, 1440, 1920, 1920 + 1280 });
    CHECK(chord_name(chords[0]) == "Cmaj7");
    CHECK(chords[0].size() == 4);
    CHECK(chord_name(chords[4]) == "Dm7");
    CHECK(chord_name(chords[5]) == "G7b9");
    CHECK(chords[5].size() == 5);
    // Root first in note-on order, and in the bass.
    CHECK(chords[5][0] % 12 == 7);
    for (const auto& c : chords)
        CHECK(*std::min_element(c.begin(), c.end()) == c[0]);
}

TEST_CASE("a chord cut by a change is re-struck at the change")
{
    const char* text = "pattern long 0:4\nC7:2 F7:2 | long | C5:4\n";
    auto score = lead_sheet_score(parse_lead_sheet(text));
    const auto& comp = score.tracks[1].notes;
    REQUIRE(comp.size() == 8);
    CHECK(comp[0].off_tick == 960);
    CHECK(comp[4].on_tick == 960);
    CHECK(chord_name({ comp[4].pitch, comp[5].pitch, comp[6].pitch, comp[7].pitch }) == "F7");
}

TEST_CASE("voice leading keeps the upper voices close")
{
    std::vector<int> previous;
    auto c = voice_chord(parse_chord_symbol("Cmaj7"), previous);
    auto a = voice_chord(parse_chord_symbol("A7"), previous);
    auto d = voice_chord(parse_chord_symbol("Dm7"), previous);
    for (const auto* v : { &c, &a, &d }) {
        CHECK((*v)[0] >= 41);
        CHECK((*v)[0] <= 52);
        CHECK(v->back() - (*v)[1] <= 11);
        CHECK((*v)[1] >= 53);
    }
    int moved = 0;
    for (std::size_t i = 1; i < a.size(); ++i)
        moved += std::abs(a[i] - d[i]);
    CHECK(moved <= 6);  // A7 → Dm7 in close voicings moves a few semitones in all
}

TEST_CASE("errors name the line, column and word")
{
    jazzlstm::error_context where;
    CHECK(error_id("pattern p 0:4\nC:4 | p | C5:3\n", &where) == "jazzlstm.leadsheet.bar_length");
    CHECK(where.line == 2u);
    CHECK(error_id("pattern p 0:4\nC:3 | p | C5:4\n") == "jazzlstm.leadsheet.bar_length");
    CHECK(error_id("pattern p 0:4\nHm7:4 | p | C5:4\n", &where) == "jazzlstm.leadsheet.chord");
    CHECK(where.token == "Hm7");
    CHECK(where.column == 1u);
    CHECK(error_id("pattern p 0:4\nC:4 | p | C5:2 X5:2\n", &where) == "jazzlstm.leadsheet.pitch");
    CHECK(where.column == 16u);
    CHECK(error_id("pattern p 0:4\nC:4 | p | C5:3/8 C5:1/2\n") == "jazzlstm.leadsheet.duration");
    CHECK(error_id("pattern p 0:4\nC:4 | q | C5:4\n") == "jazzlstm.leadsheet.pattern");
    CHECK(error_id("pattern p 0:3 2:2\n") == "jazzlstm.leadsheet.pattern");
    CHECK(error_id("pattern p 0:4\nC:4 | p | C5:4~\nC:4 | p | D5:4\n", &where) == "jazzlstm.leadsheet.tie");
    CHECK(where.line == 3u);
    CHECK(error_id("pattern p 0:4\nC:4 | p | C5:4~\n") == "jazzlstm.leadsheet.tie");
    CHECK(error_id("pattern p 0:4\nC:4 p C5:4\n") == "jazzlstm.leadsheet.syntax");
    CHECK(error_id("tempo fast\n") == "jazzlstm.leadsheet.syntax");
    CHECK(error_id("# nothing\n") == "jazzlstm.leadsheet.empty");
    CHECK(error_id("pattern p 0:1\nC:1 F:3 | p | C5:4\n") == "jazzlstm.leadsheet.silent_chord");
}

TEST_CASE("the committed default corpus source: size and variety the brief asks for")
{
    auto path = jazzlstm::test::source_dir() / "examples" / "data" / "default_corpus.txt";
    REQUIRE(std::filesystem::exists(path));
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    LeadSheet sheet = parse_lead_sheet(text.str(), path.string());
    auto score = lead_sheet_score(sheet);
    const auto& melody = score.tracks[0].notes;
    const auto& comp = score.tracks[1].notes;
    MESSAGE("bars " << sheet.bars.size() << ", melody notes " << melody.size() << ", comp notes " << comp.size());
    CHECK(sheet.bars.size() >= 32);
    CHECK(sheet.bars.size() <= 48);
    CHECK(melody.size() >= 250);
    CHECK(melody.size() <= 400);
    std::set<std::string> types;
    std::set<std::int64_t> durations;
    for (const auto& bar : sheet.bars) {
        for (const auto& chord : bar.chords)
            types.insert(chord.symbol.suffix);
        for (const auto& note : bar.melody)
            durations.insert(note.length);
    }
    for (const char* q : { "maj7", "m7", "7", "ø7", "dim7" })
        CHECK_MESSAGE(types.count(q), q);
    CHECK((types.count("+") || types.count("+7")));
    for (std::int64_t d : { 4, 8, 6, 3 })  // 1/3, 2/3, 1/2, 1/4 quarter
        CHECK_MESSAGE(durations.count(d), d);
    // The melody is monophonic: each note ends before the next begins (the corpus import
    // would otherwise split it into voices).
    for (std::size_t i = 1; i < melody.size(); ++i)
        CHECK(melody[i - 1].off_tick <= melody[i].on_tick);
    // Every comp event is a chord of 3 to 5 notes.
    std::size_t i = 0;
    while (i < comp.size()) {
        std::size_t j = i;
        while (j < comp.size() && comp[j].on_tick == comp[i].on_tick)
            ++j;
        CHECK(j - i >= 3);
        CHECK(j - i <= 5);
        i = j;
    }
    // Every bar has at least one melody note, so bars group into consecutive measures.
    std::set<std::uint64_t> bars_with_notes;
    for (const auto& n : melody)
        bars_with_notes.insert(n.on_tick / (4 * 480));
    CHECK(bars_with_notes.size() == sheet.bars.size());
}

TEST_CASE("mutated sources are either read or refused with a jazzlstm::error")
{
    std::mt19937 rng(20261121);
    const std::string alphabet = "ABCDEFGb#r0123456789:/+~>| \n#mdij7o-";
    const std::string base = small_sheet;
    int accepted = 0, refused = 0;
    for (int trial = 0; trial < 3000; ++trial) {
        std::string text = base;
        const int edits = 1 + static_cast<int>(rng() % 4);
        for (int e = 0; e < edits; ++e) {
            const std::size_t at = rng() % text.size();
            switch (rng() % 3) {
            case 0: text[at] = alphabet[rng() % alphabet.size()]; break;
            case 1: text.erase(at, 1 + rng() % 3); break;
            default: text.insert(at, 1, alphabet[rng() % alphabet.size()]); break;
            }
            if (text.empty())
                text = "x";
        }
        try {
            auto score = lead_sheet_score(parse_lead_sheet(text));
            for (const auto& track : score.tracks)
                for (const auto& n : track.notes)
                    REQUIRE((n.pitch >= 0 && n.pitch <= 127 && n.off_tick > n.on_tick));
            ++accepted;
        } catch (const jazzlstm::error&) {
            ++refused;
        }
    }
    MESSAGE("accepted " << accepted << ", refused " << refused);
    CHECK(accepted > 0);
    CHECK(refused > 0);
}

} // namespace jazzlstm_test_lead_sheet
