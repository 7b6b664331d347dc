// Reader, score and writer of jazzlstm/midi.hpp on hand-built byte fixtures and the real file.
#include <jazzlstm/music/midi.hpp>

#include "support.hpp"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <string>
#include <vector>

// Each test file has a namespace of its own: a folder is compiled as one unity build, and
// this keeps a file's helpers apart from its neighbours'.
namespace jazzlstm_test_midi {

using namespace jazzlstm;
using Bytes = std::vector<std::uint8_t>;

namespace {

/// Header chunk + the given track bodies, each wrapped in an MTrk chunk with the right length.
Bytes smf(int format, int ntracks, int division, const std::vector<Bytes>& bodies)
{
    Bytes out = {
        'M', 'T', 'h', 'd',                                                // header tag
        0, 0, 0, 6,                                                        // header length 6
        0, static_cast<std::uint8_t>(format),                              // format
        static_cast<std::uint8_t>(ntracks >> 8), static_cast<std::uint8_t>(ntracks), // track count
        static_cast<std::uint8_t>(division >> 8), static_cast<std::uint8_t>(division), // ticks per quarter
    };
    for (const Bytes& body : bodies) {
        out.insert(out.end(), { 'M', 'T', 'r', 'k' });
        const auto n = static_cast<std::uint32_t>(body.size());
        out.insert(out.end(), { static_cast<std::uint8_t>(n >> 24), static_cast<std::uint8_t>(n >> 16),
                                  static_cast<std::uint8_t>(n >> 8), static_cast<std::uint8_t>(n) });
        out.insert(out.end(), body.begin(), body.end());
    }
    return out;
}

const Bytes end_of_track = { 0x00, 0xFF, 0x2F, 0x00 }; // delta 0, meta end-of-track, length 0

Bytes with_eot(Bytes body)
{
    body.insert(body.end(), end_of_track.begin(), end_of_track.end());
    return body;
}

} // namespace

TEST_CASE("format 0: running status, velocity-0 note-off, every channel message")
{
    const Bytes body = with_eot({
        0x00, 0x90, 60, 100,   // tick 0: note-on ch0 key 60 vel 100
        0x10, 62, 90,          // tick 16: running status note-on key 62 vel 90
        0x08, 60, 0,           // tick 24: running status note-on vel 0 = note-off key 60
        0x08, 0x80, 62, 64,    // tick 32: note-off ch0 key 62 vel 64
        0x00, 0xA1, 62, 10,    // poly aftertouch ch1
        0x00, 0xB2, 7, 100,    // control change ch2: volume
        0x00, 0xC3, 26,        // program change ch3 (1 data byte)
        0x00, 27,              // running status program change: 1 data byte
        0x00, 0xD4, 55,        // channel pressure ch4 (1 data byte)
        0x00, 0xE5, 0x00, 0x40,// pitch bend ch5, centre
    });
    const midi::File file = midi::parse(smf(0, 1, 96, { body }));
    CHECK(file.format == 0);
    CHECK(file.ticks_per_quarter == 96);
    REQUIRE(file.tracks.size() == 1);
    const auto& ev = file.tracks[0].events;
    REQUIRE(ev.size() == 11);
    CHECK(ev[0].tick == 0);
    CHECK(ev[1].tick == 16);
    CHECK(ev[1].status == 0x90);
    CHECK(ev[1].data == Bytes { 62, 90 });
    CHECK(ev[2].tick == 24);
    CHECK(ev[2].is_note_off());
    CHECK(ev[3].tick == 32);
    CHECK(ev[3].status == 0x80);
    CHECK(ev[4].status == 0xA1);
    CHECK(ev[4].data.size() == 2);
    CHECK(ev[5].status == 0xB2);
    CHECK(ev[6].status == 0xC3);
    CHECK(ev[6].data == Bytes { 26 });
    CHECK(ev[7].status == 0xC3);
    CHECK(ev[7].data == Bytes { 27 });
    CHECK(ev[8].status == 0xD4);
    CHECK(ev[8].data == Bytes { 55 });
    CHECK(ev[9].status == 0xE5);
    CHECK(ev[9].data == Bytes { 0x00, 0x40 });
    CHECK(ev[10].is_end_of_track());

    const midi::Score score = midi::to_score(file);
    REQUIRE(score.tracks.size() == 1);
    const auto& notes = score.tracks[0].notes;
    REQUIRE(notes.size() == 2);
    CHECK(notes[0].pitch == 60);
    CHECK(notes[0].on_tick == 0);
    CHECK(notes[0].off_tick == 24);
    CHECK(notes[0].onset == 0.0);
    CHECK(notes[0].duration == doctest::Approx(0.25));
    CHECK(notes[0].velocity == 100);
    CHECK(notes[1].pitch == 62);
    CHECK(notes[1].on_tick == 16);
    CHECK(notes[1].off_tick == 32);
    CHECK(notes[1].onset == doctest::Approx(16.0 / 96));
    CHECK(notes[1].duration == doctest::Approx(16.0 / 96));
    CHECK(score.tracks[0].channel == 0);
    CHECK(score.tracks[0].program == 26);
}

TEST_CASE("format 1: meta events, SysEx, unknown chunk, missing end-of-track, conductor maps")
{
    const Bytes conductor = with_eot({
        0x00, 0xFF, 0x51, 0x03, 0x07, 0xA1, 0x20,  // tempo 500000 us/quarter
        0x00, 0xFF, 0x58, 0x04, 3, 2, 24, 8,       // time signature 3/4 (2^2)
        0x00, 0xFF, 0x59, 0x02, 0xFF, 0x01,        // key signature 1 flat, minor
        0x83, 0x00, 0xFF, 0x51, 0x03, 0x0F, 0x42, 0x40, // delta 384 (VLQ 0x83 0x00): tempo 1000000
    });
    const Bytes melody = {
        0x00, 0xFF, 0x03, 0x06, 'G', 'u', 'i', 't', 'a', 'r', // track name "Guitar"
        0x00, 0xF0, 0x03, 0x43, 0x12, 0xF7,                   // SysEx F0, length 3
        0x00, 0xF7, 0x02, 0x01, 0x02,                         // SysEx escape F7, length 2
        0x00, 0xFF, 0x01, 0x02, 'h', 'i',                     // text meta (kept, not interpreted)
        0x00, 0xC5, 26,                                       // program 26 on channel 5
        0x00, 0x95, 64, 80,                                   // note-on ch5 key 64
        0x60, 0x95, 64, 0,                                    // delta 96: vel-0 note-off
        // no end-of-track: the chunk just ends
    };
    Bytes bytes = smf(1, 2, 96, { conductor });
    const Bytes unknown = { 'X', 'Y', 'Z', 'W', 0, 0, 0, 3, 1, 2, 3 }; // unknown chunk, 3 bytes skipped
    bytes.insert(bytes.end(), unknown.begin(), unknown.end());
    const Bytes second = smf(1, 1, 96, { melody });
    bytes.insert(bytes.end(), second.begin() + 14, second.end()); // only its MTrk chunk
    const Bytes trailing = { 0xDE, 0xAD };                       // ignored after the declared tracks
    bytes.insert(bytes.end(), trailing.begin(), trailing.end());

    const midi::File file = midi::parse(bytes);
    REQUIRE(file.tracks.size() == 2);
    const auto& ev = file.tracks[1].events;
    REQUIRE(ev.size() == 7);
    CHECK(ev[1].status == 0xF0);
    CHECK(ev[1].data == Bytes { 0x43, 0x12, 0xF7 });
    CHECK(ev[2].status == 0xF7);
    CHECK(ev[2].data == Bytes { 0x01, 0x02 });
    CHECK(ev[3].is_meta());
    CHECK(ev[3].meta_type == 0x01);
    CHECK(ev[6].tick == 96);
    CHECK_FALSE(ev.back().is_end_of_track());
    CHECK(file.tracks[0].events[3].tick == 384);

    const midi::Score score = midi::to_score(file);
    CHECK(score.tracks[0].notes.empty());
    CHECK(score.tracks[0].channel == -1);
    CHECK(score.tracks[1].name == "Guitar");
    CHECK(score.tracks[1].channel == 5);
    CHECK(score.tracks[1].program == 26);
    REQUIRE(score.tracks[1].notes.size() == 1);
    CHECK(score.tracks[1].notes[0].duration == 1.0);
    CHECK(score.tracks[1].notes[0].channel == 5);
    REQUIRE(score.tempos.size() == 2);
    CHECK(score.tempos[0].microseconds_per_quarter == 500000);
    CHECK(score.tempos[1].tick == 384);
    CHECK(score.tempos[1].microseconds_per_quarter == 1000000);
    REQUIRE(score.time_signatures.size() == 1);
    CHECK(score.time_signatures[0].numerator == 3);
    CHECK(score.time_signatures[0].denominator == 4);
    REQUIRE(score.key_signatures.size() == 1);
    CHECK(score.key_signatures[0].sharps == -1);
    CHECK(score.key_signatures[0].minor);
}

TEST_CASE("the real file: format 1, TPQ 96, 25 tracks, the music21 part table")
{
    if (!test::have_file(test::metheny_midi()))
        return;
    const midi::File file = midi::read_file(test::metheny_midi());
    CHECK(file.format == 1);
    CHECK(file.ticks_per_quarter == 96);
    REQUIRE(file.tracks.size() == 25);
    const midi::Score score = midi::to_score(file);
    CHECK(score.tracks[11].name == "Guitar");
    CHECK(score.tracks[11].program == 26);
    CHECK(score.tracks[11].channel == 5);
    CHECK(score.tracks[6].name == "Piano");
    // Tracks with a note-on of velocity > 0 are exactly 6..24 (grammar-spec §2.1).
    for (std::size_t t = 0; t < file.tracks.size(); ++t) {
        const bool has_on = std::any_of(file.tracks[t].events.begin(), file.tracks[t].events.end(),
            [](const midi::Event& e) { return e.is_note_on(); });
        CHECK_MESSAGE(has_on == (t >= 6), "track " << t);
    }
}

namespace {

/// The pairing rule exactly as grammar-spec §2.2 words it: a forward scan per note-on (quadratic).
std::vector<midi::Note> naive_pairing(const midi::Track& track, int tpq)
{
    const auto& ev = track.events;
    std::vector<char> used(ev.size(), 0);
    std::vector<midi::Note> notes;
    for (std::size_t i = 0; i < ev.size(); ++i) {
        if (!ev[i].is_note_on())
            continue;
        for (std::size_t j = i + 1; j < ev.size(); ++j) {
            if (used[j] || !ev[j].is_note_off() || ev[j].data[0] != ev[i].data[0] || ev[j].channel() != ev[i].channel())
                continue;
            used[j] = 1;
            midi::Note note;
            note.on_tick = ev[i].tick;
            note.off_tick = ev[j].tick;
            note.onset = static_cast<double>(note.on_tick) / tpq;
            note.duration = static_cast<double>(note.off_tick - note.on_tick) / tpq;
            note.pitch = ev[i].data[0];
            note.velocity = ev[i].data[1];
            note.channel = ev[i].channel();
            notes.push_back(note);
            break;
        }
    }
    return notes;
}

midi::Event channel_event(std::uint64_t tick, int status, int a, int b)
{
    return { tick, static_cast<std::uint8_t>(status), 0, { static_cast<std::uint8_t>(a), static_cast<std::uint8_t>(b) } };
}

} // namespace

TEST_CASE("pairing: overlapping notes of one key end in FIFO order, hand-checked")
{
    midi::File file;
    file.format = 0;
    file.ticks_per_quarter = 4;
    file.tracks.resize(1);
    file.tracks[0].events = {
        channel_event(0, 0x80, 60, 0),  // 0: off with nothing pending: ignored
        channel_event(0, 0x90, 60, 10), // 1: A
        channel_event(1, 0x90, 60, 11), // 2: B
        channel_event(2, 0x90, 60, 0),  // 3: vel-0 off -> ends A (first unused off after A)
        channel_event(3, 0x90, 60, 12), // 4: C
        channel_event(3, 0x81, 60, 0),  // 5: other channel: ends nothing here
        channel_event(4, 0x80, 60, 0),  // 6: ends B
        channel_event(5, 0x90, 61, 13), // 7: D, never ended: dropped
        channel_event(6, 0x80, 60, 0),  // 8: ends C
        channel_event(6, 0x90, 62, 14), // 9: E
        channel_event(6, 0x80, 62, 0),  // 10: ends E at the same tick: zero length
    };
    const auto notes = midi::to_score(file).tracks[0].notes;
    REQUIRE(notes.size() == 4);
    CHECK(notes[0].velocity == 10);
    CHECK(notes[0].off_tick == 2);
    CHECK(notes[1].velocity == 11);
    CHECK(notes[1].off_tick == 4);
    CHECK(notes[2].velocity == 12);
    CHECK(notes[2].off_tick == 6);
    CHECK(notes[2].duration == 0.75);
    CHECK(notes[3].pitch == 62);
    CHECK(notes[3].duration == 0.0);
    CHECK(notes == naive_pairing(file.tracks[0], 4));
}

TEST_CASE("pairing: per-key FIFO equals the forward scan on random dense tracks")
{
    std::mt19937 rng(12345);
    for (int trial = 0; trial < 300; ++trial) {
        midi::File file;
        file.ticks_per_quarter = 1 + static_cast<int>(rng() % 480);
        file.tracks.resize(1 + rng() % 3);
        for (auto& track : file.tracks) {
            std::uint64_t tick = 0;
            const int n = static_cast<int>(rng() % 80);
            for (int k = 0; k < n; ++k) {
                tick += rng() % 3; // many equal ticks
                const int key = 60 + static_cast<int>(rng() % 3);
                const int channel = static_cast<int>(rng() % 2);
                switch (rng() % 5) {
                case 0:
                case 1:
                    track.events.push_back(channel_event(tick, 0x90 | channel, key, 1 + static_cast<int>(rng() % 127)));
                    break;
                case 2:
                    track.events.push_back(channel_event(tick, 0x90 | channel, key, 0));
                    break;
                case 3:
                    track.events.push_back(channel_event(tick, 0x80 | channel, key, static_cast<int>(rng() % 128)));
                    break;
                default:
                    track.events.push_back(channel_event(tick, 0xA0 | channel, key, 5)); // not an off
                }
            }
        }
        const midi::Score score = midi::to_score(file);
        for (std::size_t t = 0; t < file.tracks.size(); ++t)
            REQUIRE(score.tracks[t].notes == naive_pairing(file.tracks[t], file.ticks_per_quarter));
    }
}

namespace {

/// Random notes sorted by onset in which notes of one (channel, key) never overlap, so that
/// MIDI can carry them unambiguously (zero-length notes included).
midi::Score random_score(std::mt19937& rng, int tracks, int notes_per_track)
{
    midi::Score score;
    score.ticks_per_quarter = 96;
    score.tempos = { { 0, 535714 }, { 384, 600000 } };
    score.time_signatures = { { 0, 4, 4 }, { 768, 3, 8 } };
    score.key_signatures = { { 0, 1, false } };
    for (int t = 0; t < tracks; ++t) {
        midi::ScoreTrack track;
        track.name = "part " + std::to_string(t);
        track.channel = t % 16;
        track.program = (t * 7) % 128;
        std::map<int, std::uint64_t> free_from; // key -> first tick it is free again
        std::uint64_t tick = 0;
        for (int n = 0; n < notes_per_track; ++n) {
            tick += rng() % 13;
            const int pitch = 40 + static_cast<int>(rng() % 8);
            if (free_from[pitch] > tick)
                continue;
            midi::Note note;
            note.on_tick = tick;
            note.off_tick = tick + rng() % 30; // 0 allowed
            note.onset = static_cast<double>(note.on_tick) / 96;
            note.duration = static_cast<double>(note.off_tick - note.on_tick) / 96;
            note.pitch = pitch;
            note.velocity = 1 + static_cast<int>(rng() % 127);
            note.channel = track.channel;
            free_from[pitch] = note.off_tick;
            track.notes.push_back(note);
        }
        score.tracks.push_back(track);
    }
    return score;
}

} // namespace

TEST_CASE("round trip: Score -> File -> bytes -> File -> Score keeps every note")
{
    std::mt19937 rng(99);
    for (int trial = 0; trial < 20; ++trial) {
        const midi::Score score = random_score(rng, 1 + trial % 4, 200);
        const midi::File file = midi::from_score(score);
        CHECK(file.format == 1);
        REQUIRE(file.tracks.size() == score.tracks.size() + 1);
        for (std::size_t t = 1; t < file.tracks.size(); ++t) {
            // Offs before ons at equal ticks, except a zero-length note's own off.
            const auto& ev = file.tracks[t].events;
            for (std::size_t i = 1; i < ev.size(); ++i)
                REQUIRE(ev[i - 1].tick <= ev[i].tick);
        }
        const midi::File read = midi::parse(midi::serialize(file));
        const midi::Score back = midi::to_score(read);
        REQUIRE(back.tracks.size() == score.tracks.size() + 1);
        CHECK(back.tracks[0].notes.empty());
        for (std::size_t t = 0; t < score.tracks.size(); ++t) {
            CHECK(back.tracks[t + 1].name == score.tracks[t].name);
            CHECK(back.tracks[t + 1].channel == score.tracks[t].channel);
            CHECK(back.tracks[t + 1].program == score.tracks[t].program);
            CHECK(back.tracks[t + 1].notes == score.tracks[t].notes);
        }
        REQUIRE(back.tempos.size() == 2);
        CHECK(back.tempos[1].tick == 384);
        CHECK(back.tempos[1].microseconds_per_quarter == 600000);
        REQUIRE(back.time_signatures.size() == 2);
        CHECK(back.time_signatures[1].numerator == 3);
        CHECK(back.time_signatures[1].denominator == 8);
        REQUIRE(back.key_signatures.size() == 1);
        CHECK(back.key_signatures[0].sharps == 1);
    }
}

TEST_CASE("writer: exactly one end-of-track per track, at the last tick, no running status")
{
    midi::File file;
    file.format = 0;
    file.ticks_per_quarter = 96;
    file.tracks.resize(1);
    file.tracks[0].events = {
        channel_event(0, 0x90, 60, 100),
        { 10, 0xFF, midi::meta_end_of_track, {} }, // dropped
        channel_event(20, 0x90, 60, 0),
        { 500, 0xFF, midi::meta_end_of_track, {} }, // dropped, but its tick is kept
    };
    const Bytes bytes = midi::serialize(file);
    const Bytes expected = {
        'M', 'T', 'h', 'd', 0, 0, 0, 6, 0, 0, 0, 1, 0, 96, // header: format 0, 1 track, 96
        'M', 'T', 'r', 'k', 0, 0, 0, 13,                   // 13 body bytes
        0x00, 0x90, 60, 100,                               // note-on
        0x14, 0x90, 60, 0,                                 // delta 20, status repeated
        0x83, 0x60, 0xFF, 0x2F, 0x00,                      // delta 480 (VLQ), end-of-track
    };
    CHECK(bytes == expected);
    file.tracks[0].events.pop_back();
    const Bytes shorter = midi::serialize(file);
    CHECK(Bytes(shorter.end() - 4, shorter.end()) == Bytes { 0x00, 0xFF, 0x2F, 0x00 });
}

TEST_CASE("VLQ boundaries round-trip through the writer and the reader")
{
    for (std::uint64_t delta : { 0ull, 0x7Full, 0x80ull, 0x3FFFull, 0x4000ull, 0x1FFFFFull, 0x200000ull, 0x0FFFFFFFull }) {
        midi::File file;
        file.format = 0;
        file.ticks_per_quarter = 96;
        file.tracks.resize(1);
        file.tracks[0].events = { channel_event(delta, 0x90, 60, 1), channel_event(delta, 0x80, 60, 0) };
        const midi::File back = midi::parse(midi::serialize(file));
        REQUIRE(back.tracks[0].events.size() == 3);
        CHECK(back.tracks[0].events[0].tick == delta);
    }
}

TEST_CASE("from_score refuses values MIDI cannot carry")
{
    midi::Score score;
    score.tracks.resize(1);
    score.tracks[0].notes.resize(1);
    auto& note = score.tracks[0].notes[0];
    note.pitch = 60;
    note.velocity = 100;
    CHECK_NOTHROW(midi::from_score(score));
    for (int k = 0; k < 5; ++k) {
        midi::Score bad = score;
        auto& n = bad.tracks[0].notes[0];
        if (k == 0)
            n.pitch = 128;
        if (k == 1)
            n.velocity = 0; // would read back as a note-off
        if (k == 2)
            n.channel = 16;
        if (k == 3) {
            n.on_tick = 5;
            n.off_tick = 4;
        }
        if (k == 4)
            bad.time_signatures = { { 0, 4, 6 } };
        CHECK_THROWS_WITH_AS(midi::from_score(bad), doctest::Contains("[jazzlstm.midi.bad_score]"), argument_error);
    }
}

TEST_CASE("the real file: per-track note-on counts, channels and programs match the reference JSON")
{
    if (!test::have_file(test::metheny_midi()) || !test::have_file(test::metheny_reference()))
        return;
    const midi::File file = midi::read_file(test::metheny_midi());
    const midi::Score score = midi::to_score(file);
    std::ifstream in(test::metheny_reference());
    const auto reference = nlohmann::json::parse(in);
    const auto& parts = reference.at("music21_parts");
    REQUIRE(parts.size() == 19);
    for (const auto& part : parts) {
        const auto t = part.at("midi_track_index").get<std::size_t>();
        CAPTURE(t);
        const auto& track = score.tracks.at(t);
        CHECK(track.name == part.at("track_name").get<std::string>());
        const auto ons = std::count_if(file.tracks[t].events.begin(), file.tracks[t].events.end(),
            [](const midi::Event& e) { return e.is_note_on(); });
        CHECK(ons == part.at("note_on_count").get<long>());
        CHECK(track.channel == part.at("channels_0based").at(0).get<int>());
        const int program = part.at("program").is_null() ? -1 : part.at("program").get<int>();
        CHECK(track.program == program);
        // Every note finds its end in this file, and the two pairing implementations agree.
        CHECK(track.notes.size() == static_cast<std::size_t>(ons));
        CHECK(track.notes == naive_pairing(file.tracks[t], file.ticks_per_quarter));
    }
}

TEST_CASE("the real file: read, serialize, read again gives the same events")
{
    if (!test::have_file(test::metheny_midi()))
        return;
    const midi::File file = midi::read_file(test::metheny_midi());
    const auto path = test::tmp_dir() / "metheny_rewritten.mid";
    midi::write_file(file, path);
    const midi::File again = midi::read_file(path);
    std::filesystem::remove(path);
    REQUIRE(again.tracks.size() == file.tracks.size());
    CHECK(again.format == file.format);
    CHECK(again.ticks_per_quarter == file.ticks_per_quarter);
    for (std::size_t t = 0; t < file.tracks.size(); ++t) {
        CAPTURE(t);
        const auto& a = file.tracks[t].events;
        const auto& b = again.tracks[t].events;
        REQUIRE(a.size() == b.size());
        for (std::size_t i = 0; i < a.size(); ++i) {
            CHECK(a[i].tick == b[i].tick);
            CHECK(a[i].status == b[i].status);
            CHECK(a[i].meta_type == b[i].meta_type);
            CHECK(a[i].data == b[i].data);
        }
    }
    const midi::Score x = midi::to_score(file);
    const midi::Score y = midi::to_score(again);
    for (std::size_t t = 0; t < x.tracks.size(); ++t)
        CHECK(x.tracks[t].notes == y.tracks[t].notes);
}

} // namespace jazzlstm_test_midi
