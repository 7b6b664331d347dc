// The corpora of many files (music/corpus/collection.hpp): a directory's MIDI files found
// recursively by extension, every file's corpus built on several threads with the same result as
// one thread, a failing file reported with its error id and skipped, or fatal when strict.
#include <jazzlstm/music/corpus.hpp>

#include "support.hpp"

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

// Each test file has a namespace of its own: a folder is compiled as one unity build, and
// this keeps a file's helpers apart from its neighbours'.
namespace jazzlstm_test_corpus_collection {

using namespace jazzlstm;

namespace {

std::filesystem::path default_midi() { return test::source_dir() / "examples" / "data" / "default_corpus.mid"; }

/// A fresh directory under the test's tmp dir.
std::filesystem::path fresh(const std::string& name)
{
    const auto dir = test::tmp_dir() / name;
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    return dir;
}

/// The embedded corpus cut to the quarters [lo, hi) as a file of its own: real music, another
/// corpus per file.
void write_piece(const std::filesystem::path& path, double lo, double hi)
{
    midi::Score score = midi::to_score(midi::read_file(default_midi()));
    const auto q = static_cast<std::uint64_t>(score.ticks_per_quarter);
    for (auto& track : score.tracks) {
        std::vector<midi::Note> kept;
        for (const auto& n : track.notes)
            if (n.on_tick >= static_cast<std::uint64_t>(lo * static_cast<double>(q)) && n.on_tick < static_cast<std::uint64_t>(hi * static_cast<double>(q)))
                kept.push_back(n);
        track.notes = kept;
    }
    midi::write_file(midi::from_score(score), path);
}

void write_bytes(const std::filesystem::path& path, const std::string& bytes)
{
    std::ofstream out(path, std::ios::binary);
    out << bytes;
}

} // namespace

TEST_CASE("midi_files: a file is itself, a directory every .mid/.midi/.kar below it, sorted")
{
    const auto dir = fresh("collection_walk");
    std::filesystem::create_directories(dir / "b" / "deeper");
    for (const char* name : { "z.mid", "a.MID", "b/c.midi", "b/deeper/d.kar", "notes.txt", "b/e.mid.bak" })
        write_bytes(dir / name, "x");
    const auto files = midi_files(dir);
    REQUIRE(files.size() == 4);
    CHECK(files[0] == dir / "a.MID");
    CHECK(files[1] == dir / "b" / "c.midi");
    CHECK(files[2] == dir / "b" / "deeper" / "d.kar");
    CHECK(files[3] == dir / "z.mid");
    // A file is taken whatever its name.
    CHECK(midi_files(dir / "notes.txt") == std::vector<std::filesystem::path> { dir / "notes.txt" });
    CHECK(test::error_id([&] { (void)midi_files(dir / "absent"); }) == "jazzlstm.corpus.no_files");
    const auto empty = fresh("collection_empty");
    write_bytes(empty / "readme.txt", "no music here");
    CHECK(test::error_id([&] { (void)midi_files(empty); }) == "jazzlstm.corpus.no_files");
}

TEST_CASE("corpus_files: MusicXML lead sheets join the MIDI files only when asked for, in one sorted list")
{
    const auto dir = fresh("collection_lead_sheets");
    std::filesystem::create_directories(dir / "sheets");
    for (const char* name : { "tune.mid", "sheets/ballad.musicxml", "sheets/blues.MXL", "sheets/old.xml", "sheets/cover.pdf" })
        write_bytes(dir / name, "x");
    CHECK(corpus_files(dir, false) == std::vector<std::filesystem::path> { dir / "tune.mid" });
    CHECK(corpus_files(dir, false) == midi_files(dir));
    CHECK(corpus_files(dir, true)
        == std::vector<std::filesystem::path> {
            dir / "sheets" / "ballad.musicxml", dir / "sheets" / "blues.MXL", dir / "sheets" / "old.xml", dir / "tune.mid" });
    // A directory of lead sheets only is empty for a MIDI-only reader, and says what it looked for.
    std::string message;
    try {
        (void)corpus_files(dir / "sheets", false);
    } catch (const jazzlstm::error& e) {
        message = e.what();
    }
    CHECK(message.find("holds no .mid, .midi or .kar file") != std::string::npos);
    CHECK(message.find("sheets") != std::string::npos);
    CHECK(corpus_files(dir / "sheets", true).size() == 3);
    CHECK(is_musicxml_path("a.Xml"));
    CHECK_FALSE(is_musicxml_path("a.xml.bak"));
}

TEST_CASE("build_corpora: every file on its own, the same on one thread as on four, failures reported and skipped")
{
    const auto dir = fresh("collection_build");
    write_piece(dir / "1.mid", 0, 64);
    write_piece(dir / "2.mid", 64, 120);
    write_piece(dir / "3.mid", 120, 176);
    write_bytes(dir / "broken.mid", "MThd but not really a MIDI file");
    {
        // Drums only: no melodic line, refused by the part choice.
        midi::Score drums;
        drums.ticks_per_quarter = 96;
        midi::ScoreTrack kit;
        kit.name = "Drums";
        kit.channel = 9;
        for (std::uint64_t k = 0; k < 64; ++k) {
            midi::Note n;
            n.on_tick = 96 * k;
            n.off_tick = 96 * k + 10;
            n.pitch = 36;
            n.velocity = 90;
            n.channel = 9;
            kit.notes.push_back(n);
        }
        drums.tracks.push_back(kit);
        midi::write_file(midi::from_score(drums), dir / "drums.mid");
    }
    std::vector<std::string> files;
    for (const auto& p : midi_files(dir))
        files.push_back(p.string());
    REQUIRE(files.size() == 5);

    CollectionOptions one, four;
    one.threads = 1;
    four.threads = 4;
    std::size_t calls = 0, last_done = 0;
    bool ordered = true;
    const CorpusCollection a = build_corpora(files, {}, one, [](const std::string& f) { return midi::read_file(f); },
        [&](std::size_t done, std::size_t total) {
            ordered = ordered && done == last_done + 1 && total == 5;
            last_done = done;
            ++calls;
        });
    CHECK(calls == 5);
    CHECK(ordered);
    const CorpusCollection b = build_corpora(files, {}, four);
    REQUIRE(a.corpora.size() == 3);
    REQUIRE(b.corpora.size() == 3);
    std::size_t tokens = 0;
    for (std::size_t k = 0; k < 3; ++k) {
        CHECK(a.files[k] == b.files[k]);
        CHECK(a.corpora[k].tokens == b.corpora[k].tokens);
        // Each file's corpus is the one it gives alone.
        CHECK(a.corpora[k].tokens == load_corpus(a.files[k]).tokens);
        tokens += a.corpora[k].tokens.size();
    }
    CHECK(a.tokens == tokens);
    CHECK(a.files == std::vector<std::string> { (dir / "1.mid").string(), (dir / "2.mid").string(), (dir / "3.mid").string() });
    REQUIRE(a.failures.size() == 2);
    CHECK(a.failures[0].file == (dir / "broken.mid").string());
    CHECK(a.failures[0].id.rfind("jazzlstm.midi.", 0) == 0);
    CHECK(a.failures[1].file == (dir / "drums.mid").string());
    CHECK(a.failures[1].id == "jazzlstm.corpus.no_melody");
    CHECK(a.failures[1].message.find("--melody-track") != std::string::npos);

    // Strict: the first failure in file order is rethrown, whatever thread met it first.
    four.strict = true;
    CHECK(test::error_id([&] { (void)build_corpora(files, {}, four); }).rfind("jazzlstm.midi.", 0) == 0);
}

} // namespace jazzlstm_test_corpus_collection
