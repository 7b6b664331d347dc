// Independent reader and writer: Debian's midicsv/csvmidi check our bytes and feed our reader.
// Skipped with a message when the tools are not installed.
#include <jazzlstm/music/midi.hpp>

#include "support.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

// Each test file has a namespace of its own: a folder is compiled as one unity build, and
// this keeps a file's helpers apart from its neighbours'.
namespace jazzlstm_test_midi_interop {

using namespace jazzlstm;

namespace {

bool have_tool(const char* name)
{
    const std::string probe = std::string("command -v ") + name + " >/dev/null 2>&1";
    if (std::system(probe.c_str()) == 0)
        return true;
    MESSAGE("SKIPPED: " << name << " is not installed (Debian package midicsv)");
    return false;
}

std::string quoted(const std::filesystem::path& path) { return "'" + path.string() + "'"; }

std::vector<std::string> midicsv_lines(const std::filesystem::path& mid, const std::filesystem::path& csv)
{
    const std::string command = "midicsv " + quoted(mid) + " " + quoted(csv);
    REQUIRE(std::system(command.c_str()) == 0);
    std::ifstream in(csv);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);)
        lines.push_back(line);
    return lines;
}

/// (track 1-based, tick, on?, channel, key, velocity) as midicsv prints note events.
using NoteEvent = std::tuple<int, std::uint64_t, bool, int, int, int>;

std::vector<NoteEvent> csv_notes(const std::vector<std::string>& lines)
{
    std::vector<NoteEvent> out;
    for (const std::string& line : lines) {
        std::istringstream fields(line);
        std::string track, tick, type, channel, key, velocity;
        std::getline(fields, track, ',');
        std::getline(fields, tick, ',');
        std::getline(fields, type, ',');
        if (type != " Note_on_c" && type != " Note_off_c")
            continue;
        std::getline(fields, channel, ',');
        std::getline(fields, key, ',');
        std::getline(fields, velocity, ',');
        out.emplace_back(std::stoi(track), std::stoull(tick), type == " Note_on_c", std::stoi(channel), std::stoi(key),
            std::stoi(velocity));
    }
    return out;
}

std::vector<NoteEvent> our_notes(const midi::File& file)
{
    std::vector<NoteEvent> out;
    for (std::size_t t = 0; t < file.tracks.size(); ++t)
        for (const midi::Event& e : file.tracks[t].events)
            if (e.kind() == 0x90 || e.kind() == 0x80)
                out.emplace_back(static_cast<int>(t) + 1, e.tick, e.kind() == 0x90, e.channel(), e.data[0], e.data[1]);
    return out;
}

} // namespace

TEST_CASE("midicsv reads our writer's notes exactly")
{
    if (!have_tool("midicsv"))
        return;
    std::mt19937 rng(4242);
    midi::Score score;
    score.ticks_per_quarter = 480;
    score.tempos = { { 0, 500000 } };
    score.time_signatures = { { 0, 4, 4 } };
    for (int t = 0; t < 3; ++t) {
        midi::ScoreTrack track;
        track.name = "track " + std::to_string(t);
        track.channel = t;
        track.program = 10 + t;
        std::uint64_t tick = 0;
        for (int n = 0; n < 300; ++n) {
            tick += rng() % 400 + (n % 50 == 0 ? 300000 : 0); // some multi-byte deltas
            midi::Note note;
            note.on_tick = tick;
            note.off_tick = tick + 1 + rng() % 240;
            note.pitch = static_cast<int>(rng() % 128);
            note.velocity = 1 + static_cast<int>(rng() % 127);
            note.channel = t;
            track.notes.push_back(note);
        }
        score.tracks.push_back(track);
    }
    const midi::File file = midi::from_score(score);
    const auto mid = test::tmp_dir() / "interop_written.mid";
    const auto csv = test::tmp_dir() / "interop_written.csv";
    midi::write_file(file, mid);
    const auto lines = midicsv_lines(mid, csv);
    REQUIRE_FALSE(lines.empty());
    CHECK(lines.front() == "0, 0, Header, 1, 4, 480");
    const auto theirs = csv_notes(lines);
    CHECK(theirs.size() == 3 * 300 * 2);
    CHECK(theirs == our_notes(file));
    int ends = 0, names = 0, programs = 0, tempos = 0;
    for (const auto& line : lines) {
        ends += line.find(", End_track") != std::string::npos;
        names += line.find(", Title_t, \"track ") != std::string::npos;
        programs += line.find(", Program_c, ") != std::string::npos;
        tempos += line.find(", Tempo, 500000") != std::string::npos;
    }
    CHECK(ends == 4);
    CHECK(names == 3);
    CHECK(programs == 3);
    CHECK(tempos == 1);
    std::filesystem::remove(mid);
    std::filesystem::remove(csv);
}

TEST_CASE("midicsv sees the real file and our re-serialisation of it identically")
{
    if (!have_tool("midicsv") || !test::have_file(test::metheny_midi()))
        return;
    const auto mid = test::tmp_dir() / "interop_metheny.mid";
    midi::write_file(midi::read_file(test::metheny_midi()), mid);
    const auto original = midicsv_lines(test::metheny_midi(), test::tmp_dir() / "interop_metheny_original.csv");
    const auto ours = midicsv_lines(mid, test::tmp_dir() / "interop_metheny_ours.csv");
    CHECK(original.size() > 25924); // the file holds 25,924 note events alone
    CHECK(original == ours);
    std::filesystem::remove(mid);
}

TEST_CASE("our reader reads what csvmidi writes")
{
    if (!have_tool("csvmidi"))
        return;
    const auto csv = test::tmp_dir() / "interop_hand.csv";
    const auto mid = test::tmp_dir() / "interop_hand.mid";
    {
        std::ofstream out(csv);
        out << "0, 0, Header, 1, 2, 96\n"
               "1, 0, Start_track\n"
               "1, 0, Tempo, 600000\n"
               "1, 0, Time_signature, 3, 2, 24, 8\n"
               "1, 0, End_track\n"
               "2, 0, Start_track\n"
               "2, 0, Title_t, \"Guitar\"\n"
               "2, 0, Program_c, 5, 26\n"
               "2, 0, Note_on_c, 5, 60, 90\n"
               "2, 48, Note_on_c, 5, 64, 80\n"
               "2, 96, Note_off_c, 5, 60, 0\n"
               "2, 200000, Note_on_c, 5, 64, 0\n"
               "2, 200000, Pitch_bend_c, 5, 8192\n"
               "2, 200000, End_track\n"
               "0, 0, End_of_file\n";
    }
    const std::string command = "csvmidi " + quoted(csv) + " " + quoted(mid);
    REQUIRE(std::system(command.c_str()) == 0);
    const midi::Score score = midi::to_score(midi::read_file(mid));
    REQUIRE(score.tracks.size() == 2);
    REQUIRE(score.tempos.size() == 1);
    CHECK(score.tempos[0].microseconds_per_quarter == 600000);
    REQUIRE(score.time_signatures.size() == 1);
    CHECK(score.time_signatures[0].denominator == 4);
    const auto& track = score.tracks[1];
    CHECK(track.name == "Guitar");
    CHECK(track.program == 26);
    CHECK(track.channel == 5);
    REQUIRE(track.notes.size() == 2);
    CHECK(track.notes[0].pitch == 60);
    CHECK(track.notes[0].duration == 1.0);
    CHECK(track.notes[1].pitch == 64);
    CHECK(track.notes[1].on_tick == 48);
    CHECK(track.notes[1].off_tick == 200000);
    std::filesystem::remove(csv);
    std::filesystem::remove(mid);
}

} // namespace jazzlstm_test_midi_interop
