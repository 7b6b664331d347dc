// Reader, score and writer of jazzlstm/midi.hpp on hand-built byte fixtures and the real file.
#include <jazzlstm/midi.hpp>

#include "../support.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <vector>

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
