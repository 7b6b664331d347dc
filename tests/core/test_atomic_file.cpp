// No lost output: every writer goes through write_file_atomically (atomic_file.hpp). A write
// that fails part-way (file-size limit = disk full) or at the rename leaves the earlier file
// byte for byte, and no temporary file behind.
#include <jazzlstm/core/atomic_file.hpp>
#include <jazzlstm/music/midi.hpp>

#include "support.hpp"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#if defined(__unix__)
#include <csignal>
#include <sys/resource.h>
#define JAZZLSTM_TEST_RLIMIT 1
#endif

// Each test file has a namespace of its own: a folder is compiled as one unity build, and
// this keeps a file's helpers apart from its neighbours'.
namespace jazzlstm_test_atomic_file {

namespace fs = std::filesystem;
using namespace jazzlstm;

namespace {

using test::put;
using test::slurp;

fs::path scratch(const char* name) { return test::scratch_dir("atomic_file", name); }

std::size_t entries(const fs::path& dir)
{
    return static_cast<std::size_t>(std::distance(fs::directory_iterator(dir), fs::directory_iterator()));
}


midi::File many_notes(int notes)
{
    midi::Score score;
    midi::ScoreTrack track;
    for (int k = 0; k < notes; ++k)
        track.notes.push_back({ static_cast<std::uint64_t>(k) * 10, static_cast<std::uint64_t>(k) * 10 + 5, 0, 0, 40 + k % 60, 90, 0 });
    score.tracks.push_back(track);
    return midi::from_score(score);
}

} // namespace

TEST_CASE("write_file_atomically writes the bytes, replaces an old file and leaves no temporary")
{
    const fs::path dir = scratch("basic");
    const fs::path path = dir / "out.bin";
    write_file_atomically(path, std::string("first"), "jazzlstm.test.write_failed");
    CHECK(slurp(path) == "first");
    write_file_atomically(path, std::string("second, longer"), "jazzlstm.test.write_failed");
    CHECK(slurp(path) == "second, longer");
    write_file_atomically(path, std::string(), "jazzlstm.test.write_failed");
    CHECK(slurp(path).empty());
    CHECK(entries(dir) == 1);
}

TEST_CASE("write_file_atomically reports the caller's id and keeps the target on failure")
{
    const fs::path dir = scratch("failures");
    // Missing directory: the temporary cannot be created.
    try {
        write_file_atomically(dir / "missing" / "x.bin", std::string("data"), "jazzlstm.test.write_failed");
        FAIL("no exception");
    } catch (const io_error& e) {
        CHECK(e.id() == "jazzlstm.test.write_failed");
        CHECK(e.context().file == (dir / "missing" / "x.bin").string());
        CHECK(std::string(e.what()).rfind("[jazzlstm.test.write_failed] " + (dir / "missing" / "x.bin").string() + ": ", 0) == 0);
    }
    // The target is a non-empty directory: the rename fails after a complete write.
    fs::create_directories(dir / "occupied" / "inside");
    CHECK(test::error_id<io_error>([&] { write_file_atomically(dir / "occupied", std::string("data"), "jazzlstm.test.write_failed"); })
        == "jazzlstm.test.write_failed");
    CHECK(fs::is_directory(dir / "occupied" / "inside"));
    CHECK(entries(dir) == 1); // no temporary left beside it
}

#ifdef JAZZLSTM_TEST_RLIMIT
TEST_CASE("A MIDI write that fails part-way (file-size limit) leaves the earlier file intact")
{
    const fs::path dir = scratch("midi_rlimit");
    const fs::path path = dir / "solo.mid";
    const midi::File small = many_notes(10);
    midi::write_file(small, path);
    const std::string before = slurp(path);
    REQUIRE(before.size() < 1024);

    const midi::File big = many_notes(3000); // ~ 24 KB, well over the 4 KiB limit below
    struct rlimit saved {};
    REQUIRE(getrlimit(RLIMIT_FSIZE, &saved) == 0);
    const auto old_handler = std::signal(SIGXFSZ, SIG_IGN); // EFBIG instead of a signal
    struct rlimit low = saved;
    low.rlim_cur = 4096;
    REQUIRE(setrlimit(RLIMIT_FSIZE, &low) == 0);
    const std::string id = test::error_id<io_error>([&] { midi::write_file(big, path); });
    setrlimit(RLIMIT_FSIZE, &saved);
    std::signal(SIGXFSZ, old_handler);

    CHECK(id == "jazzlstm.midi.write_failed");
    CHECK(slurp(path) == before);
    CHECK(entries(dir) == 1);
    CHECK(midi::parse(midi::serialize(small)).tracks.size() == midi::read_file(path).tracks.size());
    // Without the limit the same write goes through.
    midi::write_file(big, path);
    CHECK(midi::read_file(path).tracks[1].events.size() == 6001); // 6000 note events + end of track
}
#endif

} // namespace jazzlstm_test_atomic_file
