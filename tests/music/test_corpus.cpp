// Part choice, windowing, bar grouping and chord pairing of corpus.hpp.
#include <jazzlstm/music/corpus.hpp>

#include "support.hpp"

#include <algorithm>
#include <array>
#include <random>
#include <string>
#include <vector>

// Each test file has a namespace of its own: a folder is compiled as one unity build, and
// this keeps a file's helpers apart from its neighbours'.
namespace jazzlstm_test_corpus {

using jazzlstm::CorpusOptions;
using jazzlstm::Music21Behaviour;
namespace midi = jazzlstm::midi;

namespace {

constexpr int tpq = 96;

// Each element becomes "N<midi>" or "R" plus the chord's first pitch, so tests can see pairing.
std::vector<std::string> echo_tokens(const std::vector<jazzlstm::MelodyElement>& elements, const std::vector<jazzlstm::Chord>& chords)
{
    std::vector<std::string> out;
    for (const auto& e : elements)
        out.push_back((e.is_rest ? std::string("R") : "N" + std::to_string(e.midi)) + "/" + std::to_string(chords.front().pitches.front()));
    return out;
}

midi::ScoreTrack make_track(const std::string& name, int channel, int program, const std::vector<std::array<int, 3>>& notes)
{
    midi::ScoreTrack track;
    track.name = name;
    track.channel = channel;
    track.program = program;
    for (const auto& n : notes) {
        midi::Note note;
        note.on_tick = static_cast<std::uint64_t>(n[0]);
        note.off_tick = static_cast<std::uint64_t>(n[1]);
        note.onset = n[0] / double(tpq);
        note.duration = (n[1] - n[0]) / double(tpq);
        note.pitch = n[2];
        note.velocity = 80;
        note.channel = channel;
        track.notes.push_back(note);
    }
    return track;
}

// A 4-bar lead line: 8th notes, one bar per 384 ticks, skipping bar 2.
midi::ScoreTrack lead_line(int channel = 0)
{
    std::vector<std::array<int, 3>> notes;
    for (int bar : { 1, 2, 4, 5 })
        for (int i = 0; i < 8; ++i)
            notes.push_back({ bar * 384 + i * 48, bar * 384 + i * 48 + 40, 67 + (i % 5) });
    return make_track("Lead", channel, 65, notes);
}

// Block chords (3 notes) on beats 1 and 3 of bars 0…3.
midi::ScoreTrack comping(int channel = 1)
{
    std::vector<std::array<int, 3>> notes;
    for (int bar = 0; bar < 4; ++bar)
        for (int beat : { 0, 2 })
            for (int p : { 48 + bar, 52 + bar, 55 + bar })
                notes.push_back({ bar * 384 + beat * 96, bar * 384 + beat * 96 + 180, p });
    return make_track("Comp", channel, 0, notes);
}

midi::ScoreTrack bass_line()
{
    std::vector<std::array<int, 3>> notes;
    for (int q = 0; q < 24; ++q)
        notes.push_back({ q * 96, q * 96 + 90, 36 + q % 5 });
    return make_track("Bass", 2, 33, notes);
}

midi::ScoreTrack drums()
{
    std::vector<std::array<int, 3>> notes;
    for (int q = 0; q < 24; ++q)
        for (int p : { 36, 42, 49 })
            notes.push_back({ q * 96, q * 96 + 1, p });
    return make_track("Drums", 9, -1, notes);
}

midi::Score band()
{
    midi::Score score;
    score.ticks_per_quarter = tpq;
    score.tracks.push_back(make_track("Conductor", -1, -1, {}));
    score.tracks.push_back(drums());
    score.tracks.push_back(bass_line());
    score.tracks.push_back(comping());
    score.tracks.push_back(lead_line());
    return score;
}


} // namespace

TEST_CASE("automatic choice on a small band: lead line and comping, never drums or bass")
{
    const auto corpus = jazzlstm::build_corpus(band(), CorpusOptions {}, echo_tokens);
    CHECK(corpus.parts.automatic);
    CHECK(corpus.parts.melody == 4);
    CHECK(corpus.parts.chords == std::vector<int> { 3 });
    CHECK(corpus.parts.explanation.find("track 4 'Lead'") != std::string::npos);
    REQUIRE(corpus.parts.tracks.size() == 4); // every track with notes is reported
    for (const auto& s : corpus.parts.tracks) {
        if (s.track == 1 || s.track == 2) {
            CHECK(s.lead_score == 0);
            CHECK(s.chord_score == 0);
            CHECK(s.verdict.find("not a melody") != std::string::npos);
        }
    }
    // Window: from bar 1 (first melody note; chords exist from bar 0) to the last note.
    CHECK(corpus.parts.window_lo == 48);
    CHECK(corpus.parts.window_hi == 5 * 48 + 7 * 6);
    // Bars 1, 2, 4, 5 → measures 1…4; bar 3 has no melody so no measure.
    REQUIRE(corpus.measures.size() == 4);
    CHECK(corpus.measure_count == 5);
    CHECK(corpus.measures[2].bar == 4);
    CHECK(corpus.measures[2].index == 3);
    // Read per beat, the two identical block chords of a bar (each held over two beats) are one
    // chord for the bar.
    CHECK_FALSE(corpus.measures[1].chords_reused);
    REQUIRE(corpus.measures[1].chords.size() == 1);
    CHECK(corpus.measures[1].chords[0].pitches == std::vector<int> { 50, 54, 57 });
    CHECK(corpus.measures[1].chords[0].duration == 48);
    // The comping is silent in bar 4: the bass is read there (its four notes, one a beat).
    CHECK_FALSE(corpus.measures[2].chords_reused);
    REQUIRE(corpus.measures[2].chords.size() == 1);
    CHECK(corpus.measures[2].chords[0].pitches == std::vector<int> { 37, 38, 39, 40 });
    CHECK(corpus.measures[2].chords[0].offset == 4 * 48);
    CHECK(corpus.chord_group_count == 4);
    CHECK(std::any_of(corpus.notes.begin(), corpus.notes.end(), [](const std::string& n) { return n.find("2 bar(s) from the other parts") != std::string::npos; }));
    // Named alone, the comping holds its last chord (bar 3, root 51) over the bars it is silent in.
    CorpusOptions comp_only;
    comp_only.chords = { "Comp" };
    const auto held = jazzlstm::build_corpus(band(), comp_only, echo_tokens);
    CHECK(held.measures[2].chords_reused);
    CHECK(held.measures[2].chords[0].pitches == std::vector<int> { 51, 55, 58 });
    CHECK(held.measures[3].chords_reused);
    CHECK(std::any_of(held.notes.begin(), held.notes.end(), [](const std::string& n) { return n.find("2 bar(s) with no harmony hold") != std::string::npos; }));

    // Read as music21 reads chords (the presets' way), the pairing is deepjazz's: 5 measures
    // (with group 0) against 3 chord groups, which deepjazz's assertion would refuse.
    CorpusOptions music21;
    music21.harmony = jazzlstm::HarmonyReading::music21_chords;
    const auto m21 = jazzlstm::build_corpus(band(), music21, echo_tokens);
    CHECK(m21.chord_group_count == 3);
    CHECK(m21.measures[1].chords.size() == 2);
    CHECK(m21.measures[2].chords[0].offset == 3 * 48 + 24);
    CHECK(std::any_of(m21.notes.begin(), m21.notes.end(), [](const std::string& n) { return n.rfind("deepjazz would stop", 0) == 0; }));
    // 40-tick notes quantise to 1/3 (tie of 1/3 and 1/2 goes down) on a 1/2 grid of onsets,
    // so in M6 a 1/6 gap rest follows each of the 32 notes but the last: 31 rests.
    std::size_t rests = 0, notes = 0;
    for (const auto& t : corpus.tokens)
        (t[0] == 'R' ? rests : notes)++;
    CHECK(notes == 32);
    CHECK(rests == 31);
    CHECK(corpus.tokens.front() == "N67/49"); // bar 1 pairs with bar 1's chord (49 53 56)
    CHECK(corpus.vocabulary.size() > 0);
    CHECK(corpus.indices().size() == corpus.tokens.size());
}

TEST_CASE("music21 5 behaviour: same notes, no rests")
{
    CorpusOptions options;
    options.behaviour = Music21Behaviour::music21_5;
    const auto corpus = jazzlstm::build_corpus(band(), options, echo_tokens);
    CHECK(corpus.tokens.size() == 32);
    for (const auto& t : corpus.tokens)
        CHECK(t[0] == 'N');
}

TEST_CASE("explicit tracks by index or case-insensitive name, window inclusive by start offset")
{
    CorpusOptions options;
    options.melody = "LEAD";
    options.chords = { "3" };
    options.window_lo = 4.5;  // drops bar 1's first note (at 4.0), keeps the one at 4.5
    options.window_hi = 9.5;  // the note starting exactly at 9.5 stays, however long it sounds
    options.behaviour = Music21Behaviour::music21_5;
    const auto corpus = jazzlstm::build_corpus(band(), options, echo_tokens);
    CHECK_FALSE(corpus.parts.automatic);
    CHECK(corpus.parts.melody == 4);
    CHECK(corpus.parts.window_lo == 54);
    CHECK(corpus.parts.window_hi == 114);
    REQUIRE(corpus.measures.size() == 2);
    CHECK(corpus.measures[0].elements.front().offset == 54);
    CHECK(corpus.measures[0].elements.size() == 7);
    CHECK(corpus.measures[1].elements.size() == 4); // 8.0, 8.5, 9.0, 9.5
    CHECK(corpus.measures[1].elements.back().offset == 114);
    CHECK(corpus.parts.explanation.find("(named)") != std::string::npos);

    CorpusOptions bad = options;
    bad.melody = "Trumpet";
    CHECK(jazzlstm::test::error_id([&] { (void)jazzlstm::build_corpus(band(), bad, echo_tokens); }) == "jazzlstm.corpus.track");
    bad.melody = "17";
    CHECK(jazzlstm::test::error_id([&] { (void)jazzlstm::build_corpus(band(), bad, echo_tokens); }) == "jazzlstm.corpus.track");
    bad = options;
    bad.window_lo = 10;
    bad.window_hi = 9;
    CHECK(jazzlstm::test::error_id([&] { (void)jazzlstm::build_corpus(band(), bad, echo_tokens); }) == "jazzlstm.corpus.window");
    bad.window_lo = -1;
    CHECK(jazzlstm::test::error_id([&] { (void)jazzlstm::build_corpus(band(), bad, echo_tokens); }) == "jazzlstm.corpus.window");
    bad = options;
    bad.window_lo = 100;
    bad.window_hi = 200;
    CHECK(jazzlstm::test::error_id([&] { (void)jazzlstm::build_corpus(band(), bad, echo_tokens); }) == "jazzlstm.corpus.empty");
    // The message says where the melody is, and which option moves the window there.
    try {
        (void)jazzlstm::build_corpus(band(), bad, echo_tokens);
    } catch (const jazzlstm::argument_error& e) {
        const std::string what = e.detail();
        CHECK(what.find("window 100..200 quarters") != std::string::npos);
        CHECK(what.find("plays from 4 to") != std::string::npos);
        CHECK(what.find("--window") != std::string::npos);
    }
    // A melody before the accompaniment starts is kept: its bars take the first chord.
    CorpusOptions early = options;
    early.window_lo = 0;
    early.window_hi = std::nullopt;
    early.chords = { "comp" };
    auto late = band();
    for (auto& n : late.tracks[3].notes) {
        n.on_tick += 4 * 384;
        n.off_tick += 4 * 384;
    }
    const auto kept = jazzlstm::build_corpus(late, early, echo_tokens);
    REQUIRE(kept.measures.size() == 4);
    CHECK(kept.measures[0].bar == 1);
    CHECK(kept.measures[0].chords_reused);
    CHECK(kept.measures[0].chords[0].pitches == std::vector<int> { 48, 52, 55 }); // the first chord, from bar 4
    CHECK(kept.tokens.size() == 32);
}

TEST_CASE("explicit melody with automatic chords")
{
    CorpusOptions options;
    options.melody = "4";
    const auto corpus = jazzlstm::build_corpus(band(), options, echo_tokens);
    CHECK(corpus.parts.melody == 4);
    CHECK(corpus.parts.chords == std::vector<int> { 3 });
}

TEST_CASE("no usable melody or chords is said plainly")
{
    midi::Score rhythm;
    rhythm.ticks_per_quarter = tpq;
    rhythm.tracks = { drums(), bass_line() };
    CHECK(jazzlstm::test::error_id([&] { (void)jazzlstm::build_corpus(rhythm, CorpusOptions {}, echo_tokens); }) == "jazzlstm.corpus.no_melody");

    // A lead over drums alone has no harmony to learn from.
    midi::Score duo;
    duo.ticks_per_quarter = tpq;
    duo.tracks = { drums(), lead_line() };
    const std::string alone = jazzlstm::test::error_id([&] { (void)jazzlstm::build_corpus(duo, CorpusOptions {}, echo_tokens); });
    CHECK(alone == "jazzlstm.corpus.no_chords");

    // With a bass line it has: the harmony is inferred from the bass.
    midi::Score trio;
    trio.ticks_per_quarter = tpq;
    trio.tracks = { drums(), bass_line(), lead_line() };
    const auto inferred = jazzlstm::build_corpus(trio, CorpusOptions {}, echo_tokens);
    CHECK(inferred.parts.inferred_harmony);
    CHECK(inferred.parts.harmony == std::vector<int> { 1 });

    // An explicit chord track that never plays two notes together gives no chords to music21.
    CorpusOptions options;
    options.melody = "2";
    options.chords = { "1" };
    options.harmony = jazzlstm::HarmonyReading::music21_chords;
    CHECK(jazzlstm::test::error_id([&] { (void)jazzlstm::build_corpus(trio, options, echo_tokens); }) == "jazzlstm.corpus.no_chords");
    options.harmony = jazzlstm::HarmonyReading::beats;
    // Read per beat, the bass's notes are bar 1's harmony (36 37 38 40 after merging its beats).
    CHECK(jazzlstm::build_corpus(trio, options, echo_tokens).tokens.front() == "N67/36");
    // Explicit melody that is all chords.
    options.melody = "0";
    options.chords = { "0" };
    midi::Score pads;
    pads.ticks_per_quarter = tpq;
    pads.tracks = { comping() };
    CHECK(jazzlstm::test::error_id([&] { (void)jazzlstm::build_corpus(pads, options, echo_tokens); }) == "jazzlstm.corpus.no_melody");
    // ... unless chords may give their top note, as deepjazz does not.
    options.melody_top_note = true;
    const auto corpus = jazzlstm::build_corpus(pads, options, echo_tokens);
    CHECK(corpus.tokens.front() == "N55/48");
    CHECK(corpus.notes.size() >= 2);
}

TEST_CASE("a lead whose notes never end is named as the reason there is no melody")
{
    // A lead written without note-offs: music21's pairing drops every one of its notes, which used
    // to read as "no melodic line" with no word of why.
    midi::Score piece;
    piece.ticks_per_quarter = tpq;
    piece.tracks = { comping(), lead_line() };
    piece.tracks[1].name = "Lead";
    midi::File file = midi::from_score(piece);
    REQUIRE(file.tracks.size() == 3); // the conductor track first
    auto& events = file.tracks[2].events;
    const std::size_t ons = static_cast<std::size_t>(std::count_if(events.begin(), events.end(), [](const midi::Event& e) { return e.is_note_on(); }));
    events.erase(std::remove_if(events.begin(), events.end(), [](const midi::Event& e) { return e.is_note_off(); }), events.end());
    CHECK(midi::to_score(file).tracks[2].unended_notes == ons);
    CHECK(midi::to_score(file).tracks[2].notes.empty());
    CHECK(midi::to_score(file).tracks[1].unended_notes == 0);

    std::string automatic;
    try {
        (void)jazzlstm::build_corpus(file, CorpusOptions {}, echo_tokens);
    } catch (const jazzlstm::error& e) {
        CHECK(e.id() == "jazzlstm.corpus.no_melody");
        automatic = e.what();
    }
    CHECK(automatic.find("note-ons without a note-off were dropped (" + std::to_string(ons) + " in track 2 'Lead')") != std::string::npos);
    CHECK(automatic.find("--melody-track N") != std::string::npos);

    CorpusOptions named;
    named.melody = "Lead";
    named.chords = { "1" };
    std::string explicit_choice;
    try {
        (void)jazzlstm::build_corpus(file, named, echo_tokens);
    } catch (const jazzlstm::error& e) {
        explicit_choice = e.what();
    }
    CHECK(explicit_choice.find("the melody track 2 has no notes; note-ons without a note-off were dropped") != std::string::npos);
    CHECK(explicit_choice.find("jazzlstm inspect") != std::string::npos);
}

TEST_CASE("a format-0 track mixing channels is split into virtual tracks before choosing")
{
    midi::Score zero;
    zero.ticks_per_quarter = tpq;
    midi::ScoreTrack mixed;
    mixed.name = "All";
    mixed.channel = 0;
    mixed.program = 65;
    for (const auto& part : { lead_line(0), comping(1), bass_line(), drums() })
        mixed.notes.insert(mixed.notes.end(), part.notes.begin(), part.notes.end());
    std::stable_sort(mixed.notes.begin(), mixed.notes.end(), [](const midi::Note& a, const midi::Note& b) { return a.on_tick < b.on_tick; });
    zero.tracks = { mixed };
    const auto corpus = jazzlstm::build_corpus(zero, CorpusOptions {}, echo_tokens);
    // Virtual tracks follow the file's: 1 = channel 1, 2 = channel 2, 3 = channel 3, 4 = channel 10.
    CHECK(corpus.parts.melody == 1);
    CHECK(corpus.parts.chords == std::vector<int> { 2 });
    REQUIRE(corpus.parts.tracks.size() == 5);
    CHECK(corpus.parts.tracks[0].verdict.find("mixes channels") != std::string::npos);
    CHECK(corpus.parts.tracks[1].name == "All / channel 1");
    CHECK(corpus.parts.tracks[4].channel == 9);
    CHECK(corpus.tokens.size() == 63);
    // Virtual tracks can be named explicitly too.
    CorpusOptions options;
    options.melody = "all / channel 1";
    options.chords = { "2" };
    const auto named = jazzlstm::build_corpus(zero, options, echo_tokens);
    REQUIRE(named.measures.size() == corpus.measures.size());
    for (std::size_t m = 0; m < named.measures.size(); ++m)
        CHECK(named.measures[m].elements == corpus.measures[m].elements);
    // Where the comping plays (bars 1 and 2), the same harmony too.
    for (std::size_t m = 0; m < 2; ++m)
        CHECK(named.measures[m].tokens == corpus.measures[m].tokens);
}

TEST_CASE("measure_tracks: what inspect lists, for every track of a score")
{
    midi::Score score;
    score.ticks_per_quarter = tpq;
    // A legato line (each note ends where the next starts), a 3-note chord then a 2-note one.
    score.tracks.push_back(make_track("Line", 0, 26, { { 0, 96, 60 }, { 96, 192, 64 }, { 192, 288, 58 } }));
    score.tracks.push_back(make_track("Comp", 1, 0,
        { { 0, 192, 48 }, { 0, 192, 52 }, { 3, 192, 55 }, { 384, 480, 50 }, { 384, 480, 53 } }));
    score.tracks.push_back(make_track("Empty", -1, -1, {}));
    const auto stats = jazzlstm::measure_tracks(score);
    REQUIRE(stats.size() == 3);
    CHECK(stats[0].track == 0);
    CHECK(stats[0].notes == 3);
    CHECK(stats[0].max_polyphony == 1); // offs before ons at equal ticks
    CHECK(stats[0].simultaneous_share == 0);
    CHECK(stats[0].lowest_pitch == 58);
    CHECK(stats[0].highest_pitch == 64);
    CHECK(stats[0].mean_duration == 1.0);
    CHECK(stats[1].max_polyphony == 3);
    CHECK(stats[1].simultaneous_share == 1.0); // within TPQ/16 = 6 ticks of a neighbour
    CHECK(stats[1].onsets == 2);                           // a strum within TPQ/8 is one attack
    CHECK(stats[1].chordal_share == doctest::Approx(0.5)); // of the two attacks, the first has 3 pitches
    CHECK(stats[1].dyad_share == doctest::Approx(0.5));
    CHECK(stats[1].lowest_pitch == 48);
    CHECK(stats[1].highest_pitch == 55);
    CHECK(stats[2].notes == 0);
    CHECK(stats[2].max_polyphony == 0);
    CHECK(stats[2].lowest_pitch == -1);
    CHECK(stats[2].highest_pitch == -1);
    // The same numbers the part choice scores.
    const auto lone = jazzlstm::measure_track(score.tracks[1], 1, tpq);
    CHECK(lone.held_share == stats[1].held_share);
    CHECK(lone.line_pitch == stats[1].line_pitch);
    CHECK(lone.max_polyphony == stats[1].max_polyphony);
}

TEST_CASE("presets")
{
    const auto m6 = jazzlstm::metheny_preset();
    CHECK(m6.behaviour == Music21Behaviour::music21_6);
    CHECK(m6.melody == "11");
    CHECK(m6.chords == std::vector<std::string> { "6" });
    CHECK(*m6.window_lo == 476.0);
    CHECK(*m6.window_hi == 548.0);
    // The program's names are the library's; the earlier library spellings stay as aliases.
    CHECK(jazzlstm::corpus_preset_names() == std::vector<std::string> { "metheny", "metheny-no-rests" });
    CHECK(jazzlstm::corpus_preset("metheny-no-rests").behaviour == Music21Behaviour::music21_5);
    CHECK(jazzlstm::corpus_preset("metheny_m5").behaviour == Music21Behaviour::music21_5);
    CHECK(jazzlstm::corpus_preset("metheny_m6").behaviour == Music21Behaviour::music21_6);
    CHECK(jazzlstm::test::error_id([] { (void)jazzlstm::corpus_preset("coltrane"); }) == "jazzlstm.corpus.preset");
}

TEST_CASE("automatic choice on the Metheny file: guitar or trumpet over piano, and why")
{
    if (!jazzlstm::test::have_file(jazzlstm::test::metheny_midi()))
        return;
    const auto score = midi::to_score(midi::read_file(jazzlstm::test::metheny_midi()));
    const auto corpus = jazzlstm::build_corpus(score, CorpusOptions {}, echo_tokens);
    MESSAGE(corpus.parts.explanation);
    for (const auto& s : corpus.parts.tracks)
        MESSAGE(s.track << " " << s.name << ": notes " << s.notes << ", held " << s.held_share << ", chordal " << s.chordal_share << ", pitch "
                        << s.line_pitch << ", duration " << s.mean_duration << " | " << s.verdict);
    for (const auto& n : corpus.notes)
        MESSAGE(n);
    CHECK((corpus.parts.melody == 11 || corpus.parts.melody == 12));
    CHECK(corpus.parts.chords == std::vector<int> { 6 });
    CHECK(corpus.parts.explanation.find("'Piano'") != std::string::npos);
    // Every bar from the first guitar bar with piano chords to the last guitar note.
    CHECK(corpus.parts.window_lo % 48 == 0);
    CHECK(corpus.measures.size() > 150);
    // The same choice through the real grammar gives a usable corpus.
    const auto real = jazzlstm::build_corpus(score);
    CHECK(real.parts.melody == corpus.parts.melody);
    CHECK(real.tokens.size() == corpus.tokens.size());
    CHECK(real.vocabulary.size() > 90);
    MESSAGE("automatic corpus: " << real.measures.size() << " measures, " << real.tokens.size() << " tokens, vocabulary " << real.vocabulary.size());
}

TEST_CASE("one track can serve as melody and chords (its notes and its chords)")
{
    midi::ScoreTrack piano = comping(0);
    const auto line = lead_line(0);
    piano.notes.insert(piano.notes.end(), line.notes.begin(), line.notes.end());
    std::stable_sort(piano.notes.begin(), piano.notes.end(), [](const midi::Note& a, const midi::Note& b) { return a.on_tick < b.on_tick; });
    midi::Score solo;
    solo.ticks_per_quarter = tpq;
    solo.tracks = { piano };
    // Automatically: its top line is the melody, the notes below it the harmony.
    const auto automatic = jazzlstm::build_corpus(solo, CorpusOptions {}, echo_tokens);
    CHECK(automatic.parts.melody == 0);
    CHECK(automatic.parts.melody_top_note);
    CHECK(automatic.parts.harmony == std::vector<int> { 0 });
    CHECK(automatic.parts.explanation.find("melody's own track") != std::string::npos);
    REQUIRE(automatic.measures.size() >= 2);
    CHECK(automatic.measures[1].chords.front().pitches == std::vector<int> { 49, 53, 56 });
    CorpusOptions options;
    options.melody = "0";
    options.chords = { "0" };
    options.behaviour = Music21Behaviour::music21_5;
    const auto corpus = jazzlstm::build_corpus(solo, options, echo_tokens);
    // Notes of the line that start with a chord on beats 1 and 3 end elsewhere, so they stay
    // single notes in their own voice: all 32 line notes are melody; the harmony is the track
    // without its tune, the bar's one chord.
    CHECK(corpus.tokens.size() == 32);
    REQUIRE(corpus.measures.front().chords.size() == 1);
    CHECK(corpus.measures.front().chords.front().pitches == std::vector<int> { 49, 53, 56 });
}

TEST_CASE("random scores either build a consistent corpus or throw a jazzlstm::error (seeded)")
{
    std::mt19937 rng(7);
    std::size_t built = 0, refused = 0;
    for (int round = 0; round < 120; ++round) {
        midi::Score score;
        score.ticks_per_quarter = (round % 2) ? 96 : 480;
        const int tq = score.ticks_per_quarter;
        std::uniform_int_distribution<int> tracks(1, 4), notes(0, 80), gap(0, 2 * tq), len(0, 2 * tq), pitch(30, 95), chan(0, 10),
            size(1, 4);
        const int track_count = tracks(rng);
        for (int t = 0; t < track_count; ++t) {
            std::vector<std::array<int, 3>> list;
            int on = 0;
            const int n = notes(rng);
            const int chord_size = size(rng);
            for (int i = 0; i < n; ++i) {
                on += gap(rng);
                const int l = len(rng);
                for (int k = 0; k < chord_size; ++k)
                    list.push_back({ on, on + l, pitch(rng) });
            }
            // make_track uses ticks of 96 per quarter only for the onset fields, which the pipeline ignores.
            score.tracks.push_back(make_track("t" + std::to_string(t), chan(rng), -1, list));
        }
        CorpusOptions options;
        options.behaviour = (round % 3) ? Music21Behaviour::music21_6 : Music21Behaviour::music21_5;
        if (round % 4 == 1) {
            options.melody = "0";
            options.chords = { std::to_string(track_count - 1) };
        }
        try {
            const auto corpus = jazzlstm::build_corpus(score, options);
            ++built;
            CHECK(!corpus.tokens.empty());
            CHECK(corpus.vocabulary.size() <= corpus.tokens.size());
            CHECK(corpus.indices().size() == corpus.tokens.size());
            std::size_t sum = 0;
            for (const auto& m : corpus.measures) {
                CHECK(!m.chords.empty());
                CHECK(m.tokens.size() == m.elements.size());
                sum += m.tokens.size();
            }
            CHECK(sum == corpus.tokens.size());
        } catch (const jazzlstm::error& e) {
            ++refused;
            CHECK(std::string(e.what()).rfind("[jazzlstm.", 0) == 0);
        }
    }
    MESSAGE(built << " corpora built, " << refused << " refused with an error id");
    CHECK(built > 10);
}

TEST_CASE("a real format-0 file: split by channel, programs per channel from the file")
{
    // One track holding the band of the other tests on channels 1, 2, 3 and 10.
    midi::File file;
    file.format = 0;
    file.ticks_per_quarter = tpq;
    midi::Track track;
    const auto add = [&](std::uint64_t tick, std::uint8_t status, std::vector<std::uint8_t> data) {
        midi::Event e;
        e.tick = tick;
        e.status = status;
        e.data = std::move(data);
        track.events.push_back(std::move(e));
    };
    add(0, 0xC0, { 65 });
    add(0, 0xC1, { 0 });
    add(0, 0xC2, { 33 });
    struct Timed {
        std::uint64_t tick;
        int order;
        std::uint8_t status, key, velocity;
    };
    std::vector<Timed> timed;
    int order = 0;
    for (const auto& part : { lead_line(0), comping(1), bass_line(), drums() }) {
        for (const auto& n : part.notes) {
            timed.push_back({ n.on_tick, order++, static_cast<std::uint8_t>(0x90 | n.channel), static_cast<std::uint8_t>(n.pitch), 80 });
            timed.push_back({ n.off_tick, order++, static_cast<std::uint8_t>(0x90 | n.channel), static_cast<std::uint8_t>(n.pitch), 0 });
        }
    }
    // Offs before ons at the same tick, as sequencers write them.
    std::stable_sort(timed.begin(), timed.end(), [](const Timed& a, const Timed& b) {
        return a.tick != b.tick ? a.tick < b.tick : (a.velocity == 0) > (b.velocity == 0);
    });
    for (const auto& t : timed)
        add(t.tick, t.status, { t.key, t.velocity });
    file.tracks.push_back(track);

    const auto read_back = midi::parse(midi::serialize(file));
    REQUIRE(read_back.format == 0);
    const auto corpus = jazzlstm::build_corpus(read_back, CorpusOptions {}, echo_tokens);
    REQUIRE(corpus.parts.tracks.size() == 5);
    CHECK(corpus.parts.tracks[1].program == 65);
    CHECK(corpus.parts.tracks[2].program == 0);
    CHECK(corpus.parts.tracks[3].program == 33);
    CHECK(corpus.parts.tracks[3].verdict.find("bass") != std::string::npos);
    CHECK(corpus.parts.tracks[4].verdict.find("drums") != std::string::npos);
    CHECK(corpus.parts.melody == 1);
    CHECK(corpus.parts.chords == std::vector<int> { 2 });
    CHECK(corpus.tokens.size() == 63);
}

} // namespace jazzlstm_test_corpus
