// Malformed input: one case per error id with its byte offset, every prefix of valid files,
// seeded byte flips, caps checked before reading, and the writer's argument checks.
#include <jazzlstm/music/midi.hpp>

#include "support.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

// Each test file has a namespace of its own: a folder is compiled as one unity build, and
// this keeps a file's helpers apart from its neighbours'.
namespace jazzlstm_test_midi_errors {

using namespace jazzlstm;
using Bytes = std::vector<std::uint8_t>;

namespace {

/// Header of 14 bytes; tracks start at offset 14, the first track body at offset 22.
Bytes header(int format, int ntracks, int division)
{
    return {
        'M', 'T', 'h', 'd', // 0: tag
        0, 0, 0, 6,         // 4: length
        0, static_cast<std::uint8_t>(format),                                              // 8: format
        static_cast<std::uint8_t>(ntracks >> 8), static_cast<std::uint8_t>(ntracks),       // 10: tracks
        static_cast<std::uint8_t>(division >> 8), static_cast<std::uint8_t>(division),     // 12: division
    };
}

Bytes track(const Bytes& body)
{
    const auto n = static_cast<std::uint32_t>(body.size());
    Bytes out;
    out.reserve(8 + body.size()); // also keeps GCC 12's -Warray-bounds false positive away
    for (std::uint8_t b : { std::uint8_t { 'M' }, std::uint8_t { 'T' }, std::uint8_t { 'r' }, std::uint8_t { 'k' },
             static_cast<std::uint8_t>(n >> 24), static_cast<std::uint8_t>(n >> 16), static_cast<std::uint8_t>(n >> 8),
             static_cast<std::uint8_t>(n) })
        out.push_back(b);
    for (std::uint8_t b : body)
        out.push_back(b);
    return out;
}

Bytes one_track(const Bytes& body)
{
    Bytes out = header(0, 1, 96);
    const Bytes chunk = track(body);
    out.insert(out.end(), chunk.begin(), chunk.end());
    return out;
}

struct Caught {
    std::string id;
    std::optional<std::size_t> byte;
    std::optional<int> track;
    bool parse = false;
    bool limit = false;
};

Caught catch_parse(const Bytes& bytes)
{
    Caught caught;
    try {
        midi::parse(bytes, "fixture.mid");
        FAIL("no exception");
    } catch (const parse_error& e) {
        caught = { e.id(), e.context().byte, e.context().track, true, false };
        CHECK(e.context().file == "fixture.mid");
        CHECK(std::string(e.what()).rfind("[" + e.id() + "] fixture.mid: byte ", 0) == 0);
    } catch (const limit_error& e) {
        caught = { e.id(), e.context().byte, e.context().track, false, true };
    }
    return caught;
}

void check_error(const Bytes& bytes, const std::string& id, std::size_t byte, std::optional<int> track = {})
{
    const Caught caught = catch_parse(bytes);
    CHECK(caught.id == "jazzlstm.midi." + id);
    CHECK(caught.byte == byte);
    CHECK(caught.track == track);
}

/// A valid format-1 file touching every reader path: meta, SysEx, running status, all channel kinds.
Bytes rich_file()
{
    Bytes out = header(1, 2, 96);
    const Bytes conductor = track({
        0x00, 0xFF, 0x51, 0x03, 0x07, 0xA1, 0x20, // tempo
        0x00, 0xFF, 0x58, 0x04, 4, 2, 24, 8,      // 4/4
        0x00, 0xFF, 0x59, 0x02, 0x01, 0x00,       // G major
        0x81, 0x40, 0xFF, 0x2F, 0x00,             // delta 192, end-of-track
    });
    const Bytes part = track({
        0x00, 0xFF, 0x03, 0x03, 'G', 't', 'r', // name
        0x00, 0xF0, 0x02, 0x7E, 0xF7,          // SysEx
        0x00, 0xC5, 26,                        // program
        0x00, 0x95, 60, 90,                    // note-on
        0x30, 62, 80,                          // running status note-on
        0x30, 60, 0,                           // running status vel-0 off
        0x00, 0xE5, 0x00, 0x40,                // pitch bend
        0x00, 0xB5, 64, 127,                   // sustain
        0x00, 0xA5, 62, 3,                     // poly pressure
        0x00, 0xD5, 9,                         // channel pressure
        0x30, 0x85, 62, 0,                     // note-off
        0x00, 0xFF, 0x2F, 0x00,                // end-of-track
    });
    out.insert(out.end(), conductor.begin(), conductor.end());
    out.insert(out.end(), part.begin(), part.end());
    return out;
}

bool same_events(const midi::File& a, const midi::File& b)
{
    if (a.format != b.format || a.ticks_per_quarter != b.ticks_per_quarter || a.tracks.size() != b.tracks.size())
        return false;
    for (std::size_t t = 0; t < a.tracks.size(); ++t) {
        // The writer appends its own end-of-track, so compare without them.
        std::vector<const midi::Event*> x, y;
        for (const auto& e : a.tracks[t].events)
            if (!e.is_end_of_track())
                x.push_back(&e);
        for (const auto& e : b.tracks[t].events)
            if (!e.is_end_of_track())
                y.push_back(&e);
        if (x.size() != y.size())
            return false;
        for (std::size_t i = 0; i < x.size(); ++i)
            if (x[i]->tick != y[i]->tick || x[i]->status != y[i]->status || x[i]->meta_type != y[i]->meta_type
                || x[i]->data != y[i]->data)
                return false;
    }
    return true;
}

/// Parses `bytes`; accepts success or a jazzlstm::error, and checks that what parses also
/// scores, serializes and reads back to the same events. Returns true when it parsed.
bool survives(const Bytes& bytes)
{
    midi::File file;
    try {
        file = midi::parse(bytes);
    } catch (const jazzlstm::error&) {
        return false;
    } catch (const std::exception& e) {
        FAIL("foreign exception: " << e.what());
    } catch (...) {
        FAIL("non-standard exception");
    }
    // What was read must be usable without any exception.
    try {
        midi::to_score(file);
        const midi::File again = midi::parse(midi::serialize(file));
        CHECK(same_events(file, again));
    } catch (const std::exception& e) {
        FAIL("a parsed file failed later: " << e.what());
    }
    return true;
}

} // namespace

TEST_CASE("header errors carry their id and byte offset")
{
    check_error({}, "truncated", 0);
    check_error({ 'M', 'T', 'h' }, "truncated", 3);                 // a prefix of the tag
    check_error({ 'R', 'I', 'F', 'F', 0, 0, 0, 6 }, "bad_header", 0); // not MThd
    check_error({ 'M', 'T', 'h', 'd', 0, 0, 0 }, "truncated", 7);   // ends inside the length field

    Bytes bytes = header(1, 1, 96);
    bytes[7] = 5; // header length 5 < 6
    check_error(bytes, "bad_header", 4);
    bytes[7] = 100; // header length beyond the 14-byte file
    check_error(bytes, "chunk_length", 4);

    check_error(header(2, 1, 96), "unsupported_format", 8);
    check_error(header(3, 1, 96), "unsupported_format", 8);
    check_error(header(1, 0, 96), "no_tracks", 10);
    check_error(header(0, 2, 96), "track_count", 10);
    check_error(header(1, 1, 0xE728), "smpte_division", 12); // -25 fps, 40 ticks per frame
    check_error(header(1, 1, 0), "bad_division", 12);
}

TEST_CASE("an extended header is skipped by its length")
{
    Bytes bytes = header(0, 1, 96);
    bytes[7] = 8;                           // header length 8
    bytes.insert(bytes.end(), { 0xAA, 0xBB }); // 2 extra header bytes
    const Bytes chunk = track({ 0x00, 0x90, 60, 1, 0x01, 0x80, 60, 0 });
    bytes.insert(bytes.end(), chunk.begin(), chunk.end());
    const midi::File file = midi::parse(bytes);
    REQUIRE(file.tracks.size() == 1);
    CHECK(file.tracks[0].events.size() == 2);
}

TEST_CASE("chunk errors")
{
    // Fewer tracks than declared: the file ends where the second chunk header should start.
    Bytes bytes = header(1, 2, 96);
    Bytes chunk = track({ 0x00, 0xFF, 0x2F, 0x00 });
    bytes.insert(bytes.end(), chunk.begin(), chunk.end());
    check_error(bytes, "truncated", bytes.size());

    // A chunk header cut short counts the same.
    Bytes cut = bytes;
    cut.insert(cut.end(), { 'M', 'T', 'r' });
    check_error(cut, "truncated", bytes.size());

    // A track chunk whose length runs past the end of the file: offset of the length field.
    bytes = header(0, 1, 96);
    bytes.insert(bytes.end(), { 'M', 'T', 'r', 'k', 0, 0, 1, 0, 0x00, 0xFF, 0x2F, 0x00 });
    check_error(bytes, "chunk_length", 18);

    // An unknown chunk too long for the file is refused the same way.
    bytes = header(0, 1, 96);
    bytes.insert(bytes.end(), { 'J', 'U', 'N', 'K', 0x7F, 0xFF, 0xFF, 0xFF });
    check_error(bytes, "chunk_length", 18);
}

TEST_CASE("event errors: offsets are absolute, the track index is in the context")
{
    // Track body starts at 22.
    check_error(one_track({ 0x81, 0x81, 0x81, 0x81, 0x00, 0x90, 60, 1 }), "vlq_too_long", 22, 0);
    check_error(one_track({ 0x00, 0xFF, 0x01, 0x81, 0x81, 0x81, 0x81, 0x00 }), "vlq_too_long", 25, 0);
    check_error(one_track({ 0x00, 60, 100 }), "running_status", 23, 0);       // data byte first
    check_error(one_track({ 0x00, 0x90, 60, 0x90 }), "data_byte", 25, 0);     // status where velocity goes
    check_error(one_track({ 0x00, 0xC0, 0x80 }), "data_byte", 24, 0);
    check_error(one_track({ 0x00, 0xF8 }), "bad_status", 23, 0);              // real-time byte
    check_error(one_track({ 0x00, 0xF3, 0x01 }), "bad_status", 23, 0);        // song select
    // A meta length of 2^28-1 in a tiny file: refused from the length field, nothing allocated.
    check_error(one_track({ 0x00, 0xFF, 0x01, 0xFF, 0xFF, 0xFF, 0x7F }), "event_length", 25, 0);
    check_error(one_track({ 0x00, 0xF0, 0x05, 0x01, 0xF7 }), "event_length", 24, 0);
    check_error(one_track({ 0x00, 0xFF, 0x51, 0x02, 0x07, 0xA1 }), "bad_meta", 22, 0);  // tempo length 2
    check_error(one_track({ 0x00, 0xFF, 0x51, 0x03, 0x00, 0x00, 0x00 }), "bad_meta", 22, 0); // tempo 0
    // Events cut by the chunk end: the offset is the chunk end.
    check_error(one_track({ 0x00, 0x90, 60 }), "truncated", 25, 0);
    check_error(one_track({ 0x00, 0x90, 60, 1, 0x81 }), "truncated", 27, 0);
    check_error(one_track({ 0x00 }), "truncated", 23, 0);
    check_error(one_track({ 0x00, 0xFF }), "truncated", 24, 0);

    // The second track is reported as track 1.
    Bytes bytes = header(1, 2, 96);
    Bytes chunk = track({ 0x00, 0xFF, 0x2F, 0x00 });
    bytes.insert(bytes.end(), chunk.begin(), chunk.end());
    const std::size_t second_body = bytes.size() + 8;
    chunk = track({ 0x00, 0x40 });
    bytes.insert(bytes.end(), chunk.begin(), chunk.end());
    check_error(bytes, "running_status", second_body + 1, 1);
}

TEST_CASE("documented leniency: bytes after end-of-track and after the declared tracks are ignored")
{
    Bytes bytes = one_track({ 0x00, 0x90, 60, 1, 0x00, 0xFF, 0x2F, 0x00, 0xF8, 0xF8, 0x40 }); // junk after EOT
    bytes.insert(bytes.end(), { 'M', 'T', 'r', 'k', 0xFF, 0xFF }); // junk after the only declared track
    const midi::File file = midi::parse(bytes);
    REQUIRE(file.tracks[0].events.size() == 2);
    CHECK(file.tracks[0].events[1].is_end_of_track());
    // Running status survives a meta event.
    const midi::File kept = midi::parse(one_track({ 0x00, 0x90, 60, 1, 0x00, 0xFF, 0x01, 0x00, 0x05, 60, 0 }));
    REQUIRE(kept.tracks[0].events.size() == 3);
    CHECK(kept.tracks[0].events[2].status == 0x90);
    CHECK(kept.tracks[0].events[2].tick == 5);
}

TEST_CASE("malformed key/time signatures and end-of-track payloads are dropped with a warning, not refused")
{
    // A key signature with mode byte 0xFF (two real files in openttd-openmsx have one), a time
    // signature with a 2^31 denominator, 9 sharps, then a note and an end-of-track with a payload.
    const midi::File file = midi::parse(one_track({ 0x00, 0xFF, 0x59, 0x02, 0x00, 0xFF, //
        0x00, 0xFF, 0x58, 0x04, 4, 31, 24, 8,                                            //
        0x00, 0xFF, 0x59, 0x02, 9, 0,                                                    //
        0x00, 0x90, 60, 100, 0x60, 0x80, 60, 0,                                          //
        0x00, 0xFF, 0x2F, 0x01, 0x00 }));
    REQUIRE(file.tracks.size() == 1);
    const auto& events = file.tracks[0].events;
    REQUIRE(events.size() == 3); // note on, note off, end of track (its payload dropped)
    CHECK(events[0].is_note_on());
    CHECK(events[1].tick == 0x60);
    CHECK(events[2].is_end_of_track());
    CHECK(events[2].data.empty());
    REQUIRE(file.warnings.size() == 4);
    CHECK(file.dropped_events == 4);
    CHECK(file.warnings[0].byte == 22);
    CHECK(file.warnings[0].track == 0);
    CHECK(file.warnings[0].message.find("key signature") != std::string::npos);
    CHECK(file.warnings[1].message.find("time signature") != std::string::npos);
    CHECK(file.warnings[3].message.find("end-of-track") != std::string::npos);
    // What was kept converts, serializes and reads back with no warning.
    const midi::Score score = midi::to_score(file);
    CHECK(score.key_signatures.empty());
    REQUIRE(score.tracks[0].notes.size() == 1);
    const midi::File again = midi::parse(midi::serialize(file));
    CHECK(again.warnings.empty());
    CHECK(again.tracks[0].events.size() == 3);

    // A thousand bad key signatures keep 100 warnings and count against the event cap.
    Bytes body;
    for (int k = 0; k < 1000; ++k)
        body.insert(body.end(), { 0x00, 0xFF, 0x59, 0x02, 0x00, 0xFF });
    const midi::File many = midi::parse(one_track(body));
    CHECK(many.warnings.size() == midi::max_read_warnings);
    CHECK(many.dropped_events == 1000);
    midi::ReadLimits limits;
    limits.max_events = 500;
    const Bytes bytes = one_track(body);
    CHECK(test::error_id<limit_error>([&] { midi::parse(bytes.data(), bytes.size(), "x", limits); }) == "jazzlstm.midi.too_many_events");
}

TEST_CASE("a gap left by dropped events that no delta time can hold is refused where it ends")
{
    // The largest delta (0x0FFFFFFF, 4 bytes FF FF FF 7F) before a malformed key signature that is
    // dropped, then a note-on one tick later: written back, that note-on would need a delta of
    // 0x10000000. The long fuzz run found this (tests/fuzz/corpus/midi/regression-dropped-event-gap.smf).
    const Bytes longest = { 0xFF, 0xFF, 0xFF, 0x7F };
    Bytes body = longest;
    body.insert(body.end(), { 0xFF, 0x59, 0x02, 0x00, 0xFF, // bad key signature, dropped
                                  0x01, 0x90, 60, 100,        // byte 22 + 9: note-on 1 tick later
                                  0x00, 0xFF, 0x2F, 0x00 });
    check_error(one_track(body), "delta_range", 31, 0);
    std::string message;
    try {
        midi::parse(one_track(body), "fixture.mid");
    } catch (const parse_error& e) {
        message = e.what();
    }
    CHECK(message.find("gap of 268435456 ticks, more than one delta time holds (0x0FFFFFFF)") != std::string::npos);

    // One tick less fits one delta: accepted, and written back and read again unchanged.
    Bytes fits = { 0xFF, 0xFF, 0xFF, 0x7E }; // 0x0FFFFFFE
    fits.insert(fits.end(), { 0xFF, 0x59, 0x02, 0x00, 0xFF, 0x01, 0x90, 60, 100, 0x00, 0xFF, 0x2F, 0x00 });
    const midi::File file = midi::parse(one_track(fits));
    REQUIRE(file.tracks[0].events.size() == 2);
    CHECK(file.tracks[0].events[0].tick == midi::max_vlq);
    const midi::File again = midi::parse(midi::serialize(file));
    CHECK(again.tracks[0].events[0].tick == midi::max_vlq);

    // The first kept event of a track counts from tick 0, and an end-of-track is checked too.
    Bytes eot_late = longest;
    eot_late.insert(eot_late.end(), { 0xFF, 0x59, 0x02, 0x00, 0xFF, 0x01, 0xFF, 0x2F, 0x00 });
    check_error(one_track(eot_late), "delta_range", 31, 0);
}

TEST_CASE("the size cap is checked before reading")
{
    // Only the size is looked at: a 1-byte buffer that claims to be larger than the cap.
    const std::uint8_t byte = 'M';
    try {
        midi::parse(&byte, midi::max_file_bytes + 1);
        FAIL("no exception");
    } catch (const limit_error& e) {
        CHECK(e.id() == "jazzlstm.midi.too_large");
    }
    // A sparse file just over the cap is refused by read_file without reading it.
    const auto path = test::tmp_dir() / "midi_too_large.mid";
    {
        std::ofstream out(path, std::ios::binary);
    }
    std::filesystem::resize_file(path, midi::max_file_bytes + 1);
    CHECK_THROWS_WITH_AS(midi::read_file(path), doctest::Contains("[jazzlstm.midi.too_large]"), limit_error);
    std::filesystem::remove(path);

    CHECK_THROWS_WITH_AS(midi::read_file(test::tmp_dir() / "no_such_file.mid"),
        doctest::Contains("[jazzlstm.midi.open_failed]"), io_error);
    CHECK_THROWS_WITH_AS(midi::read_file(test::tmp_dir()), doctest::Contains("[jazzlstm.midi.open_failed]"), io_error);
}

TEST_CASE("every prefix of a valid file is read or refused with a jazzlstm::error")
{
    const Bytes full = rich_file();
    REQUIRE(survives(full));
    int read = 0;
    for (std::size_t n = 0; n < full.size(); ++n)
        read += survives(Bytes(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(n))) ? 1 : 0;
    // Every shorter prefix cuts a chunk short of its declared length, so none of them parses.
    CHECK(read == 0);

    // The real file likewise: its chunks end exactly at the end of the file.
    if (test::have_file(test::metheny_midi())) {
        const auto bytes = test::read_bytes(test::metheny_midi());
        const Bytes real(bytes.begin(), bytes.end());
        REQUIRE(survives(real));
        // Every prefix would be ~10^10 byte reads; a seeded sample keeps the program fast.
        std::mt19937 rng(7);
        std::uniform_int_distribution<std::size_t> cut(0, real.size() - 1);
        for (int k = 0; k < 300; ++k)
            CHECK_FALSE(survives(Bytes(real.begin(), real.begin() + static_cast<std::ptrdiff_t>(cut(rng)))));
    }
}

TEST_CASE("seeded random byte flips never escape as anything but jazzlstm::error")
{
    std::mt19937 rng(20261121);
    const Bytes base = rich_file();
    int parsed = 0;
    const int trials = 4000;
    for (int k = 0; k < trials; ++k) {
        Bytes bytes = base;
        const int flips = 1 + static_cast<int>(rng() % 4);
        for (int f = 0; f < flips; ++f)
            bytes[rng() % bytes.size()] = static_cast<std::uint8_t>(rng());
        parsed += survives(bytes) ? 1 : 0;
    }
    MESSAGE(parsed << " of " << trials << " mutants parsed");
    CHECK(parsed > 0);
    CHECK(parsed < trials);

    if (test::have_file(test::metheny_midi())) {
        const auto raw = test::read_bytes(test::metheny_midi());
        const Bytes real(raw.begin(), raw.end());
        for (int k = 0; k < 60; ++k) {
            Bytes bytes = real;
            for (int f = 0; f < 8; ++f)
                bytes[rng() % bytes.size()] = static_cast<std::uint8_t>(rng());
            survives(bytes);
        }
    }
}

TEST_CASE("writer refuses what the reader would refuse")
{
    auto id_of = [](const midi::File& file) -> std::string {
        try {
            midi::serialize(file);
        } catch (const argument_error& e) {
            return e.id();
        }
        return "none";
    };
    midi::File file;
    file.tracks.resize(1);
    CHECK(id_of(file) == "none");
    file.format = 2;
    CHECK(id_of(file) == "jazzlstm.midi.bad_file");
    file.format = 0;
    file.tracks.resize(2);
    CHECK(id_of(file) == "jazzlstm.midi.bad_file");
    file.format = 1;
    file.ticks_per_quarter = 0;
    CHECK(id_of(file) == "jazzlstm.midi.bad_file");
    file.ticks_per_quarter = 0x8000; // would read back as SMPTE
    CHECK(id_of(file) == "jazzlstm.midi.bad_file");
    file.ticks_per_quarter = 96;
    file.tracks.clear();
    CHECK(id_of(file) == "jazzlstm.midi.bad_file");
    file.tracks.resize(1);

    file.tracks[0].events = { { 10, 0x90, 0, { 60, 1 } }, { 5, 0x80, 0, { 60, 0 } } };
    CHECK(id_of(file) == "jazzlstm.midi.unsorted");
    file.tracks[0].events = { { std::uint64_t { midi::max_vlq } + 1, 0x90, 0, { 60, 1 } } };
    CHECK(id_of(file) == "jazzlstm.midi.unsorted");
    file.tracks[0].events = { { 0, 0x90, 0, { 60 } } };
    CHECK(id_of(file) == "jazzlstm.midi.bad_event");
    file.tracks[0].events = { { 0, 0x90, 0, { 60, 0x80 } } };
    CHECK(id_of(file) == "jazzlstm.midi.bad_event");
    file.tracks[0].events = { { 0, 0x40, 0, { 60, 1 } } };
    CHECK(id_of(file) == "jazzlstm.midi.bad_event");
    file.tracks[0].events = { { 0, 0xF8, 0, {} } };
    CHECK(id_of(file) == "jazzlstm.midi.bad_event");
    file.tracks[0].events = { { 0, 0xFF, 0x51, { 1, 2 } } };
    CHECK(id_of(file) == "jazzlstm.midi.bad_event");

    // Context: track and event index.
    file.tracks.resize(2);
    file.tracks[0].events.clear();
    file.tracks[1].events = { { 0, 0x90, 0, { 60, 1 } }, { 0, 0xC0, 0, { 1, 2 } } };
    try {
        midi::serialize(file);
        FAIL("no exception");
    } catch (const argument_error& e) {
        CHECK(e.context().track == 1);
        CHECK(e.context().position == 1u);
    }
}

TEST_CASE("write_file: io_error for an impossible path, no temporary left behind")
{
    midi::File file;
    file.tracks.resize(1);
    CHECK_THROWS_WITH_AS(midi::write_file(file, test::tmp_dir() / "no_such_dir" / "x.mid"),
        doctest::Contains("[jazzlstm.midi.write_failed]"), io_error);

    const auto dir = test::tmp_dir() / "midi_write";
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    const auto path = dir / "out.mid";
    midi::write_file(file, path);
    CHECK(midi::read_file(path).tracks.size() == 1);
    // Overwrites in place; a refused File leaves the old file untouched.
    midi::File bad = file;
    bad.format = 7;
    CHECK_THROWS_AS(midi::write_file(bad, path), argument_error);
    CHECK(midi::read_file(path).tracks.size() == 1);
    int entries = 0;
    for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir))
        ++entries;
    CHECK(entries == 1);
    std::filesystem::remove_all(dir);
}

TEST_CASE("caller-lowered caps: too_many_events at the first event over the cap, too_large")
{
    const Bytes bytes = one_track({
        0x00, 0x90, 60, 1, // 22: event 1
        0x00, 0x80, 60, 0, // 26: event 2
        0x00, 0xC0, 5,     // 30: event 3, over a cap of 2
    });
    midi::ReadLimits limits;
    limits.max_events = 2;
    try {
        midi::parse(bytes.data(), bytes.size(), "capped.mid", limits);
        FAIL("no exception");
    } catch (const limit_error& e) {
        CHECK(e.id() == "jazzlstm.midi.too_many_events");
        CHECK(e.context().byte == 30u);
        CHECK(e.context().track == 0);
    }
    limits.max_events = 3;
    CHECK(midi::parse(bytes.data(), bytes.size(), "capped.mid", limits).tracks[0].events.size() == 3);

    limits.max_bytes = bytes.size() - 1;
    CHECK_THROWS_WITH_AS(midi::parse(bytes.data(), bytes.size(), "capped.mid", limits),
        doctest::Contains("[jazzlstm.midi.too_large]"), limit_error);
    const auto path = test::tmp_dir() / "midi_capped.mid";
    {
        std::ofstream out(path, std::ios::binary);
        out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    }
    CHECK_THROWS_WITH_AS(midi::read_file(path, limits), doctest::Contains("[jazzlstm.midi.too_large]"), limit_error);
    limits.max_bytes = bytes.size();
    CHECK(midi::read_file(path, limits).tracks.size() == 1);
    std::filesystem::remove(path);
}

TEST_CASE("write_file onto a directory fails cleanly")
{
    const auto dir = test::tmp_dir() / "midi_target_is_dir";
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir / "out.mid");
    midi::File file;
    file.tracks.resize(1);
    CHECK_THROWS_WITH_AS(midi::write_file(file, dir / "out.mid"), doctest::Contains("[jazzlstm.midi.write_failed]"), io_error);
    int entries = 0;
    for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir))
        ++entries;
    CHECK(entries == 1); // the temporary was removed
    std::filesystem::remove_all(dir);
}

} // namespace jazzlstm_test_midi_errors
