// Fault injection on the jazzlstm program itself (issue 13): it is started as a user would start
// it, then the world misbehaves around it. A full disk (a small tmpfs where the test may mount
// one, and always RLIMIT_FSIZE), fake `fluidsynth` programs on PATH that write half a WAV and
// exit 0, hang, or ignore SIGTERM, SIGINT/SIGTERM/SIGKILL during the render, two runs into the
// same names at once, a symlink planted at every name the program may create, inputs given as
// outputs, a report that cannot be written, and the resource bombs of the issue. Every case
// checks what a user would see: the exit status, one clear message, the earlier outputs byte for
// byte, and no temporary file and no stray process left behind.
#include "support.hpp"

#include <jazzlstm/core/vocabulary.hpp>
#include <jazzlstm/music/midi.hpp>
#include <jazzlstm/nn/model_file.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

namespace jazzlstm_test_cli_faults {

namespace fs = std::filesystem;
using namespace jazzlstm;

namespace {

using test::put;
using test::slurp;

struct Launch {
    std::vector<std::string> args;
    fs::path dir;                                     ///< working directory; logs go to dir/log
    std::vector<std::pair<std::string, std::string>> env;
    std::optional<fs::path> fake_bin;                 ///< put first on PATH (fake fluidsynth)
    std::optional<rlim_t> file_size_limit;            ///< RLIMIT_FSIZE of the program
    std::string stdout_path;                          ///< default: dir/log/stdout.txt

    Launch(std::vector<std::string> a, fs::path d, std::vector<std::pair<std::string, std::string>> e = {},
        std::optional<fs::path> bin = {}, std::optional<rlim_t> fsize = {}, std::string out = {})
        : args(std::move(a)), dir(std::move(d)), env(std::move(e)), fake_bin(std::move(bin)), file_size_limit(fsize), stdout_path(std::move(out))
    {
    }
};

struct Run {
    bool exited = false;
    int code = -1;
    int signal = 0;
    std::string out, err;
    double seconds = 0;
};

fs::path work_dir(const std::string& name)
{
    const fs::path d = test::tmp_dir() / "cli_faults" / name;
    fs::remove_all(d);
    fs::create_directories(d / "log");
    fs::create_directories(d / "out");
    return d;
}

pid_t start(const Launch& l)
{
    const std::string out = l.stdout_path.empty() ? (l.dir / "log" / "stdout.txt").string() : l.stdout_path;
    const std::string err = (l.dir / "log" / "stderr.txt").string();
    std::vector<std::string> args = l.args;
    args.insert(args.begin(), JAZZLSTM_CLI);
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        if (::chdir(l.dir.c_str()) != 0)
            ::_exit(126);
        for (const auto& [k, v] : l.env)
            ::setenv(k.c_str(), v.c_str(), 1);
        if (l.fake_bin) {
            const char* path = std::getenv("PATH");
            ::setenv("PATH", (l.fake_bin->string() + ":" + (path ? path : "/usr/bin:/bin")).c_str(), 1);
        }
        if (l.file_size_limit) {
            struct rlimit cap { *l.file_size_limit, *l.file_size_limit };
            ::setrlimit(RLIMIT_FSIZE, &cap);
        }
        const int o = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        const int e = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        ::dup2(o, 1);
        ::dup2(e, 2);
        std::vector<char*> argv;
        for (auto& a : args)
            argv.push_back(a.data());
        argv.push_back(nullptr);
        ::execv(argv[0], argv.data());
        ::_exit(127);
    }
    return pid;
}

Run finish(pid_t pid, const Launch& l, std::chrono::steady_clock::time_point began = std::chrono::steady_clock::now())
{
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    Run r;
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
    r.exited = WIFEXITED(status);
    r.code = r.exited ? WEXITSTATUS(status) : -1;
    r.signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
    if (l.stdout_path.empty())
        r.out = slurp(l.dir / "log" / "stdout.txt");
    r.err = slurp(l.dir / "log" / "stderr.txt");
    return r;
}

Run run(const Launch& l)
{
    const auto began = std::chrono::steady_clock::now();
    return finish(start(l), l, began);
}

/// A process that is gone (a zombie nobody reaps counts as gone).
bool alive(pid_t pid)
{
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string stat;
    if (!std::getline(in, stat))
        return false;
    const auto close = stat.rfind(')');
    return close != std::string::npos && close + 2 < stat.size() && stat[close + 2] != 'Z' && stat[close + 2] != 'X';
}

bool dies_within(pid_t pid, double seconds)
{
    const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    while (alive(pid)) {
        if (std::chrono::steady_clock::now() > until)
            return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return true;
}

std::optional<pid_t> wait_for_pid_file(const fs::path& file, double seconds)
{
    const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    while (std::chrono::steady_clock::now() < until) {
        const std::string text = slurp(file);
        if (!text.empty() && text.back() == '\n')
            return static_cast<pid_t>(std::stol(text));
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return std::nullopt;
}

/// Every file of a directory with its bytes.
std::map<std::string, std::string> snapshot(const fs::path& dir)
{
    std::map<std::string, std::string> files;
    for (const auto& e : fs::directory_iterator(dir))
        files[e.path().filename().string()] = fs::is_symlink(e.symlink_status()) ? "-> " + fs::read_symlink(e.path()).string()
                                                                                 : slurp(e.path());
    return files;
}

std::vector<std::string> names(const fs::path& dir)
{
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(dir))
        out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
}

const std::vector<std::string> solo_names = { "solo.loss.csv", "solo.loss.svg", "solo.mid", "solo.model.json", "solo.musicxml", "solo.svg",
    "solo.wav" };

/// A short improvise run into out/solo.*: 4 bars of the embedded corpus, one epoch.
std::vector<std::string> small_run(const std::string& seed = "1")
{
    return { "improvise", "--epochs", "1", "--window", "0:16", "--seed", seed, "--quiet", "--out", "out/solo" };
}

/// A fake `fluidsynth` in dir/fake: records its pid (pid file written last, with a newline),
/// then runs `body` (its fd 3 is the WAV it is asked to write).
fs::path fake_fluidsynth(const fs::path& dir, const std::string& body)
{
    const fs::path bin = dir / "fake";
    fs::create_directories(bin);
    const fs::path script = bin / "fluidsynth";
    put(script, "#!/bin/sh\necho $$ > \"" + (dir / "log" / "fake.pid.tmp").string() + "\"\nmv \"" + (dir / "log" / "fake.pid.tmp").string()
            + "\" \"" + (dir / "log" / "fake.pid").string() + "\"\n" + body + "\n");
    fs::permissions(script, fs::perms::owner_all | fs::perms::group_read | fs::perms::others_read);
    return bin;
}

/// The environment that makes the program take its FluidSynth path with a fake on PATH: any
/// existing file stands in for the soundfont; FluidSynth may take 3 s in all.
std::vector<std::pair<std::string, std::string>> fake_env(const fs::path& bin)
{
    return { { "JAZZLSTM_SOUNDFONT", (bin / "fluidsynth").string() }, { "JAZZLSTM_FLUIDSYNTH_TIMEOUT", "3" } };
}

/// RIFF/WAVE whose sizes match the file, 16-bit PCM with data; returns its length in seconds.
double complete_wav_seconds(const fs::path& p)
{
    const std::string b = slurp(p);
    REQUIRE(b.size() >= 44);
    auto le32 = [&](std::size_t at) {
        return std::uint32_t(std::uint8_t(b[at])) | std::uint32_t(std::uint8_t(b[at + 1])) << 8 | std::uint32_t(std::uint8_t(b[at + 2])) << 16
            | std::uint32_t(std::uint8_t(b[at + 3])) << 24;
    };
    CHECK(b.compare(0, 4, "RIFF") == 0);
    CHECK(le32(4) + 8 == b.size());
    for (std::size_t at = 12; at + 8 <= b.size();) {
        const std::uint32_t size = le32(at + 4);
        if (b.compare(at, 4, "data") == 0) {
            CHECK(at + 8 + size == b.size());
            return size / 4.0 / 44100.0;
        }
        at += 8 + size + (size & 1);
    }
    FAIL("no data chunk");
    return 0;
}

/// Can the test mount a small tmpfs (root with CAP_SYS_ADMIN)? Mounts it at `dir` if so.
bool mount_tmpfs(const fs::path& dir, const std::string& size)
{
    if (::geteuid() != 0)
        return false;
    return std::system(("mount -t tmpfs -o size=" + size + " tmpfs '" + dir.string() + "' 2>/dev/null").c_str()) == 0;
}

} // namespace

TEST_CASE("a fake fluidsynth that writes half a WAV and exits 0: its output never counts")
{
    const fs::path d = work_dir("partial");
    // A real render, then cut to a third: what a full disk leaves, with a header announcing it all.
    REQUIRE(run({ { "improvise", "--epochs", "1", "--window", "0:16", "--quiet", "--out", "log/ref" }, d, { { "JAZZLSTM_SOUNDFONT", "/nonexistent" } } })
                .code
        == 0);
    std::string ref = slurp(d / "log" / "ref.wav");
    put(d / "log" / "cut.wav", ref.substr(0, ref.size() / 3));
    // And one whose header matches what it wrote, but far too short a render.
    std::string short_wav = ref.substr(0, 44 + 4 * 4410);
    const std::uint32_t data = 4 * 4410, riff = data + 36;
    for (int k = 0; k < 4; ++k) {
        short_wav[4 + k] = static_cast<char>(riff >> (8 * k));
        short_wav[40 + k] = static_cast<char>(data >> (8 * k));
    }
    put(d / "log" / "short.wav", short_wav);
    for (const auto& [which, reason] : { std::pair<std::string, std::string> { "cut.wav", "is the disk full?" }, { "short.wav", "lasts 0.10 s" } }) {
        const fs::path bin = fake_fluidsynth(d, "cat \"" + (d / "log" / which).string() + "\" >&3\nexit 0");
        Launch l { small_run(), d, fake_env(bin), bin };
        l.args.erase(std::find(l.args.begin(), l.args.end(), "--quiet"));
        l.args.push_back("--json");
        const Run r = run(l);
        INFO(which << ": " << r.err);
        REQUIRE(r.code == 0);
        const auto report = nlohmann::json::parse(r.out);
        CHECK(report["wav_synthesizer"] == "builtin");
        REQUIRE(report["warnings"].size() == 1);
        CHECK(report["warnings"][0].get<std::string>().find(reason) != std::string::npos);
        CHECK(r.err.find("jazzlstm: warning: FluidSynth exited normally but its WAV") != std::string::npos);
        // The WAV is the built-in synthesiser's, complete: the reference run's exactly.
        CHECK(slurp(d / "out" / "solo.wav") == ref);
        CHECK(names(d / "out") == solo_names);
    }
}

TEST_CASE("a fake fluidsynth that hangs, or ignores SIGTERM, is stopped at its time limit")
{
    const fs::path d = work_dir("hang");
    for (const std::string body : { "exec sleep 1000", "trap '' TERM INT HUP\nexec sleep 1000", "printf RIFF >&3\nsleep 1000" }) {
        const fs::path bin = fake_fluidsynth(d, body);
        const Launch l { small_run(), d, fake_env(bin), bin };
        const Run r = run(l);
        INFO(body << ": " << r.err);
        CHECK(r.code == 0);
        CHECK(r.err.find("FluidSynth ran over its limit of time and was stopped") != std::string::npos);
        CHECK(r.seconds < 60);
        const auto pid = wait_for_pid_file(d / "log" / "fake.pid", 1);
        REQUIRE(pid);
        CHECK(dies_within(*pid, 2));
        CHECK(complete_wav_seconds(d / "out" / "solo.wav") > 1);
        CHECK(names(d / "out") == solo_names);
        fs::remove(d / "log" / "fake.pid");
    }
}

TEST_CASE("SIGINT, SIGTERM and SIGKILL during the render: earlier outputs intact, no temporary, no orphan")
{
    const fs::path d = work_dir("signals");
    REQUIRE(run({ small_run("3"), d, { { "JAZZLSTM_SOUNDFONT", "/nonexistent" } } }).code == 0);
    const auto earlier = snapshot(d / "out");
    REQUIRE(earlier.size() == solo_names.size());
    for (const int sig : { SIGINT, SIGTERM, SIGKILL }) {
        fs::remove(d / "log" / "fake.pid");
        const fs::path bin = fake_fluidsynth(d, "trap '' TERM INT\nprintf 'RIFF....WAVE' >&3\nexec sleep 1000");
        Launch l { small_run("4"), d, fake_env(bin), bin };
        l.env[1].second = "100"; // no time limit within the test
        const pid_t program = start(l);
        const auto child = wait_for_pid_file(d / "log" / "fake.pid", 60);
        REQUIRE_MESSAGE(child, "the fake fluidsynth never started: " << slurp(d / "log" / "stderr.txt"));
        ::kill(program, sig);
        const Run r = finish(program, l);
        INFO("signal " << sig << ": " << r.err);
        CHECK(r.signal == sig); // ended by the signal itself: the shell shows 130 / 143 / 137
        CHECK(dies_within(*child, 3)); // killed with the program (PR_SET_PDEATHSIG for SIGKILL)
        CHECK(snapshot(d / "out") == earlier);
    }
}

TEST_CASE("a full disk during the render leaves the earlier run byte for byte")
{
    const fs::path d = work_dir("disk_full");
    // RLIMIT_FSIZE: what a full disk looks like to write(2), everywhere.
    REQUIRE(run({ small_run("5"), d }).code == 0);
    const auto earlier = snapshot(d / "out");
    Launch big { { "improvise", "--epochs", "1", "--seed", "6", "--quiet", "--out", "out/solo" }, d };
    big.file_size_limit = 4u << 20; // the whole piece's WAV is 14 MB
    const Run r = run(big);
    INFO(r.err);
    CHECK(r.code == 1);
    CHECK(r.err.find("[jazzlstm.io.write]") != std::string::npos);
    CHECK(r.err.find("File too large") != std::string::npos);
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
    CHECK(snapshot(d / "out") == earlier);

    // A real small file system, when the test may mount one (root): the 8 MiB case.
    const fs::path mnt = d / "mnt";
    fs::create_directories(mnt);
    if (!mount_tmpfs(mnt, "8m")) {
        MESSAGE("SKIPPED (part): cannot mount a tmpfs here; the full disk was simulated with RLIMIT_FSIZE only");
        return;
    }
    fs::create_directories(mnt / "out");
    fs::create_directories(mnt / "log");
    const Run first = run({ small_run("5"), mnt });
    const auto on_tmpfs = snapshot(mnt / "out");
    const Run second = run({ { "improvise", "--epochs", "1", "--seed", "6", "--quiet", "--out", "out/solo" }, mnt });
    const auto after = snapshot(mnt / "out");
    std::system(("umount '" + mnt.string() + "'").c_str());
    INFO(second.err);
    CHECK(first.code == 0);
    CHECK(second.code == 1);
    CHECK(second.err.find("No space left on device") != std::string::npos);
    CHECK(after == on_tmpfs);
}

TEST_CASE("two runs into the same names at once: the final set is one run's, whole")
{
    const fs::path d = work_dir("concurrent");
    const std::vector<std::pair<std::string, std::string>> no_fluid = { { "JAZZLSTM_SOUNDFONT", "/nonexistent" } };
    // Each run alone first, for reference.
    REQUIRE(run({ small_run("11"), d, no_fluid }).code == 0);
    const auto alone_a = snapshot(d / "out");
    fs::remove_all(d / "out");
    fs::create_directories(d / "out");
    REQUIRE(run({ small_run("12"), d, no_fluid }).code == 0);
    const auto alone_b = snapshot(d / "out");
    REQUIRE(alone_a != alone_b);
    for (int trial = 0; trial < 3; ++trial) {
        fs::remove_all(d / "out");
        fs::create_directories(d / "out");
        fs::create_directories(d / "b" / "log");
        const Launch a { small_run("11"), d, no_fluid };
        Launch b { small_run("12"), d / "b", no_fluid };
        b.args.back() = (d / "out" / "solo").string();
        const pid_t pa = start(a), pb = start(b);
        const Run ra = finish(pa, a), rb = finish(pb, b);
        CHECK(ra.code == 0);
        CHECK(rb.code == 0);
        const auto final_set = snapshot(d / "out");
        CHECK((final_set == alone_a || final_set == alone_b));
    }
}

TEST_CASE("a symlink planted at every name the program may create is replaced, never followed")
{
    const fs::path d = work_dir("symlinks");
    put(d / "victim.txt", "precious");
    std::vector<std::string> planted = solo_names;
    planted.push_back("solo.wav.tmp.wav"); // the fixed temporary name of earlier releases
    for (const auto& name : planted)
        fs::create_symlink(d / "victim.txt", d / "out" / name);
    const Run r = run({ small_run(), d }); // with FluidSynth when it is installed
    INFO(r.err);
    REQUIRE(r.code == 0);
    CHECK(slurp(d / "victim.txt") == "precious");
    for (const auto& name : solo_names) {
        CHECK_FALSE(fs::is_symlink(fs::symlink_status(d / "out" / name)));
        CHECK(fs::file_size(d / "out" / name) > 0);
    }
    CHECK(fs::is_symlink(fs::symlink_status(d / "out" / "solo.wav.tmp.wav"))); // not ours: left alone
    CHECK(names(d / "out").size() == planted.size());
}

TEST_CASE("an input given as an output is refused before any work (exit 2), naming both")
{
    const fs::path d = work_dir("inputs");
    const fs::path song = d / "song.mid";
    fs::copy_file(test::source_dir() / "examples" / "data" / "default_corpus.mid", song);
    fs::create_symlink(song, d / "link.mid");
    fs::create_hard_link(song, d / "hard.mid");
    const std::string bytes = slurp(song);
    REQUIRE(run({ { "train", "song.mid", "--epochs", "1", "--window", "0:16", "--quiet", "--out", "m.json" }, d }).code == 0);
    const std::string model = slurp(d / "m.json");
    struct Case {
        std::vector<std::string> args;
        const char* names;
    };
    const std::vector<Case> cases = {
        { { "improvise", "song.mid", "--out", "song.mid" }, "the solo MIDI song.mid would overwrite the input MIDI file song.mid" },
        { { "improvise", "song.mid", "--out", "song" }, "song.mid would overwrite the input MIDI file song.mid" },
        { { "improvise", "song.mid", "--out", "link.mid" }, "link.mid would overwrite the input MIDI file song.mid" },
        { { "improvise", "song.mid", "--out", "hard" }, "hard.mid would overwrite the input MIDI file song.mid" },
        { { "improvise", "song.mid", "--out", "./sub/../song" }, "would overwrite the input MIDI file song.mid" },
        { { "train", "song.mid", "--out", "song.mid" }, "the model song.mid would overwrite the input MIDI file song.mid" },
        { { "train", "song.mid", "--model", "m.json", "--out", "m.json" }, "the model m.json would overwrite the input model m.json" },
        { { "generate", "--model", "m.json", "song.mid", "--out", "song.mid" }, "would overwrite the input MIDI file song.mid" },
        // --out prev writes prev.model.json: the model it continues.
        { { "improvise", "@default", "--model", "prev.model.json", "--out", "prev" },
            "the model prev.model.json would overwrite the input model prev.model.json" },
    };
    fs::create_directories(d / "sub");
    fs::copy_file(d / "m.json", d / "prev.model.json");
    // A directory input stands for the files below it: none of them may be replaced either.
    fs::create_directories(d / "corpus" / "deeper");
    fs::copy_file(song, d / "corpus" / "deeper" / "tune.mid");
    const std::vector<Case> directory_cases = {
        { { "train", "corpus", "--out", "corpus/deeper/tune.mid" }, "the model corpus/deeper/tune.mid would overwrite the input MIDI file corpus/deeper/tune.mid" },
        { { "improvise", "corpus/", "--out", "corpus/deeper/tune" }, "would overwrite the input MIDI file corpus/deeper/tune.mid" },
    };
    for (const auto& c : directory_cases) {
        const Run r = run({ c.args, d });
        INFO(c.args.front() << " ... " << c.args.back() << ": " << r.err);
        CHECK(r.code == 2);
        CHECK(r.err.find(c.names) != std::string::npos);
        CHECK(slurp(d / "corpus" / "deeper" / "tune.mid") == bytes);
    }
    for (const auto& c : cases) {
        const auto began = std::chrono::steady_clock::now();
        const Run r = run({ c.args, d });
        INFO(c.args.front() << " ... " << c.args.back() << ": " << r.err);
        CHECK(r.code == 2);
        CHECK(r.err.find(c.names) != std::string::npos);
        CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
        CHECK(std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count() < 30); // no training first
        CHECK(slurp(song) == bytes);
        CHECK(slurp(d / "m.json") == model);
        CHECK(slurp(d / "prev.model.json") == model);
    }
    // The default names derive from the input: a bare `improvise solo.mid` keeps its input.
    fs::copy_file(song, d / "solo.mid");
    const Run bare = run({ { "improvise", "solo.mid", "--epochs", "1", "--window", "0:16", "--quiet" }, d });
    CHECK(bare.code == 0);
    CHECK(slurp(d / "solo.mid") == bytes);
    CHECK(fs::exists(d / "solo-solo.mid"));
    CHECK(fs::exists(d / "solo-solo.model.json"));
}

TEST_CASE("reports: stdout that cannot be written is exit 1; Latin-1 and non-UTF-8 text never break --json")
{
    const fs::path d = work_dir("reports");
    const Run full = run({ { "inspect", "@default", "--json" }, d, {}, {}, {}, "/dev/full" });
    CHECK(full.code == 1);
    CHECK(full.err.find("[jazzlstm.io.write] standard output: cannot write the report: No space left on device") != std::string::npos);
    // A track named in Latin-1 (Caf\xe9), as 8 of 177 real files are.
    midi::Score score;
    score.ticks_per_quarter = 480;
    score.tracks.resize(2);
    score.tracks[0].name = "Caf\xe9 m\xe9lodie";
    score.tracks[1].name = "Piano \xff";
    for (int k = 0; k < 64; ++k)
        score.tracks[0].notes.push_back({ std::uint64_t(k) * 240, std::uint64_t(k) * 240 + 200, 0, 0, 60 + (k * 5) % 12, 90, 0 });
    for (int bar = 0; bar < 8; ++bar)
        for (const int p : { 48, 52, 55 })
            score.tracks[1].notes.push_back({ std::uint64_t(bar) * 1920, std::uint64_t(bar) * 1920 + 1900, 0, 0, p, 70, 1 });
    midi::write_file(midi::from_score(score), d / "latin1.mid");
    const Run inspect = run({ { "inspect", "latin1.mid", "--json" }, d });
    INFO(inspect.err);
    REQUIRE(inspect.code == 0);
    const auto report = nlohmann::json::parse(inspect.out);
    // Tracks by their file index (the report lists the tracks with notes).
    const auto name_of = [&](int track) {
        for (const auto& t : report["tracks"])
            if (t["track"] == track)
                return t["name"].get<std::string>();
        return std::string("(absent)");
    };
    CHECK(name_of(1) == "Caf\xc3\xa9 m\xc3\xa9lodie");
    CHECK(name_of(2) == "Piano \xc3\xbf");
    // An output path that is not UTF-8: the files are written, the report names them.
    const Run odd = run({ { "improvise", "latin1.mid", "--melody-track", "1", "--epochs", "1", "--json", "--out", "out/\xe9t\xe9" }, d });
    INFO(odd.err);
    REQUIRE(odd.code == 0);
    const auto written = nlohmann::json::parse(odd.out);
    CHECK(written["midi"] == "out/\xc3\xa9t\xc3\xa9.mid");
    CHECK(fs::exists(d / "out" / "\xe9t\xe9.mid"));
}

TEST_CASE("the resource bombs of issue 13 end quickly, bounded")
{
    const fs::path d = work_dir("bombs");
    // 10,000 chord notes on one tick (13 keys over and over), reused in every bar: the solo's
    // chords sound each key once.
    midi::Score score;
    score.ticks_per_quarter = 480;
    score.tracks.resize(2);
    score.tracks[0].name = "Lead";
    for (int k = 0; k < 128; ++k)
        score.tracks[0].notes.push_back({ std::uint64_t(k) * 240, std::uint64_t(k) * 240 + 200, 0, 0, 60 + (k * 7) % 12, 90, 0 });
    score.tracks[1].name = "Piano";
    for (int k = 0; k < 10000; ++k)
        score.tracks[1].notes.push_back({ 0, 1920, 0, 0, 48 + k % 13, 70, 1 });
    midi::write_file(midi::from_score(score), d / "stack.mid");
    const Run stack = run({ { "improvise", "stack.mid", "--melody-track", "1", "--chord-tracks", "2", "--epochs", "1", "--quiet", "--out", "out/stack" }, d,
        { { "JAZZLSTM_SOUNDFONT", "/nonexistent" } } });
    INFO(stack.err);
    REQUIRE(stack.code == 0);
    MESSAGE("10,000 simultaneous chord notes: " << stack.seconds << " s");
    const midi::Score solo = midi::to_score(midi::read_file(d / "out" / "stack.mid"));
    std::map<std::uint64_t, int> per_onset;
    for (const auto& n : solo.tracks[2].notes)
        ++per_onset[n.on_tick];
    for (const auto& [tick, count] : per_onset)
        CHECK(count == 13);

    // 2,000 bars: over the one-hour render cap for both synthesisers, refused before rendering.
    midi::Score long_piece;
    long_piece.ticks_per_quarter = 96;
    long_piece.tracks.resize(2);
    for (int bar = 0; bar < 2000; ++bar) {
        for (int k = 0; k < 4; ++k)
            long_piece.tracks[0].notes.push_back({ std::uint64_t(bar * 384 + k * 96), std::uint64_t(bar * 384 + k * 96 + 90), 0, 0, 62 + k, 90, 0 });
        for (const int p : { 48, 52, 55 })
            long_piece.tracks[1].notes.push_back({ std::uint64_t(bar * 384), std::uint64_t(bar * 384 + 380), 0, 0, p, 70, 1 });
    }
    midi::write_file(midi::from_score(long_piece), d / "long.mid");
    const Run too_long = run({ { "improvise", "long.mid", "--epochs", "1", "--quiet", "--out", "out/long" }, d });
    INFO(too_long.err);
    CHECK(too_long.code == 1);
    CHECK(too_long.err.find("[jazzlstm.wav.too_long]") != std::string::npos);
    CHECK(too_long.err.find("--window") != std::string::npos);
    CHECK_FALSE(fs::exists(d / "out" / "long.mid"));
    MESSAGE("2,000 bars refused in " << too_long.seconds << " s");

    // A crafted model whose tokens last 90,000+ quarters: --notebook asked for ~411 GB of WAV.
    REQUIRE(run({ { "train", "@default", "--epochs", "1", "--quiet", "--out", "m.json" }, d }).code == 0);
    ModelFile model = load_model_file(d / "m.json");
    for (std::size_t k = 0; k < model.vocabulary.size(); ++k)
        model.vocabulary[k] = "C," + std::to_string(90000 + k) + ".000";
    save_model_file(d / "crafted.json", model);
    const Run crafted = run({ { "generate", "--model", "crafted.json", "--notebook", "--quiet", "--out", "out/crafted" }, d });
    INFO(crafted.err);
    CHECK(crafted.code == 1);
    CHECK(crafted.err.find("[jazzlstm.wav.too_long]") != std::string::npos);
    CHECK(crafted.seconds < 30);
    CHECK(names(d / "out") == std::vector<std::string> { "stack.loss.csv", "stack.loss.svg", "stack.mid", "stack.model.json", "stack.musicxml", "stack.svg", "stack.wav" });
}

TEST_CASE("usage problems are exit 2 with one line")
{
    const fs::path d = work_dir("usage");
    struct Case {
        std::vector<std::string> args;
        const char* text;
    };
    for (const Case& c : std::vector<Case> {
             { { "inspect", "@default", "--window", "0:2e12" }, "--window needs 0 <= LO <= HI <= 1e12" },
             { { "improvise", "--chord-tracks", "2,2,2" }, "names track '2' twice" },
             { { "improvise", "--out", "-" }, "--out - (standard output) is not supported" },
             { { "improvise", "--epoch", "3" }, "did you mean '--epochs'?" },
             { { "inspect", "-" }, "'-' (standard input) is not supported" },
         }) {
        const Run r = run({ c.args, d });
        INFO(c.args.back() << ": " << r.err);
        CHECK(r.code == 2);
        CHECK(r.err.find(c.text) != std::string::npos);
        CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
    }
    // Corpus errors name their file: which of `train a.mid b.mid` failed (--strict: a bad file
    // stops the run instead of being skipped).
    put(d / "junk.mid", "not a MIDI file");
    const Run which = run({ { "train", "@default", "junk.mid", "--epochs", "1", "--strict" }, d });
    CHECK(which.code == 1);
    CHECK(which.err.find("junk.mid") != std::string::npos);
    const Run thin = run({ { "train", "@default", "--window", "0:1", "--epochs", "1" }, d });
    CHECK(thin.code == 1);
    CHECK(thin.err.find("[jazzlstm.training.corpus_too_short]") != std::string::npos);
    CHECK(thin.err.find("@default: ") != std::string::npos);
    CHECK(thin.err.find("--window") != std::string::npos);
}

TEST_CASE("inspect lists the malformed events it dropped; a track named on the command line that is absent is a clear error")
{
    const fs::path d = work_dir("dropped");
    midi::Score score;
    score.ticks_per_quarter = 480;
    score.tracks.resize(2);
    score.tracks[0].name = "Lead";
    score.tracks[1].name = "Piano";
    static constexpr int line[8] = { 0, 2, 4, 5, 7, 5, 4, 2 }; // a stepwise line, as a lead plays
    for (int k = 0; k < 64; ++k) {
        score.tracks[0].notes.push_back({ std::uint64_t(k) * 240, std::uint64_t(k) * 240 + 200, 0, 0, 67 + line[k % 8], 90, 0 });
        if (k % 8 == 0)
            for (const int p : { 48, 52, 55, 59 })
                score.tracks[1].notes.push_back({ std::uint64_t(k) * 240, std::uint64_t(k) * 240 + 1900, 0, 0, p, 70, 1 });
    }
    std::vector<std::uint8_t> bytes = midi::serialize(midi::from_score(score));
    // A key signature with mode byte 0xFF (as two real files have) at the start of the second
    // track chunk (the lead's): players ignore it, the reader drops it and says so.
    const std::string text(bytes.begin(), bytes.end());
    const std::size_t chunk = text.find("MTrk", text.find("MTrk") + 4);
    REQUIRE(chunk != std::string::npos);
    const std::uint8_t bad_key[] = { 0x00, 0xFF, 0x59, 0x02, 0x00, 0xFF };
    bytes.insert(bytes.begin() + static_cast<std::ptrdiff_t>(chunk + 8), std::begin(bad_key), std::end(bad_key));
    std::uint32_t length = (std::uint32_t { bytes[chunk + 4] } << 24) | (std::uint32_t { bytes[chunk + 5] } << 16)
        | (std::uint32_t { bytes[chunk + 6] } << 8) | bytes[chunk + 7];
    length += sizeof bad_key;
    for (int i = 0; i < 4; ++i)
        bytes[chunk + 4 + static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(length >> (24 - 8 * i));
    put(d / "odd_key.mid", std::string(bytes.begin(), bytes.end()));

    const Run shown = run({ { "inspect", "odd_key.mid" }, d });
    INFO(shown.err);
    REQUIRE(shown.code == 0);
    const std::string expected = "warning: byte " + std::to_string(chunk + 8) + ", track 1: ";
    CHECK(shown.out.find(expected) != std::string::npos);
    CHECK(shown.out.find("key signature") != std::string::npos);
    CHECK(shown.out.find("(dropped)") != std::string::npos);
    // The rest of the file is used as if the event were not there.
    const Run played = run({ { "improvise", "odd_key.mid", "--epochs", "1", "--quiet", "--out", "out/odd" }, d,
        { { "JAZZLSTM_SOUNDFONT", "/nonexistent" } } });
    INFO(played.err);
    CHECK(played.code == 0);

    // --melody-track / --chord-tracks naming a track the file does not have: exit 1, the file, the
    // tracks it does have, before any training.
    const Run by_number = run({ { "improvise", "odd_key.mid", "--melody-track", "7", "--epochs", "1", "--quiet" }, d });
    CHECK(by_number.code == 1);
    CHECK(by_number.err.find("[jazzlstm.corpus.track]") != std::string::npos);
    CHECK(by_number.err.find("odd_key.mid") != std::string::npos);
    CHECK(by_number.err.find("does not exist") != std::string::npos);
    const Run by_name = run({ { "improvise", "odd_key.mid", "--chord-tracks", "2,Organ", "--epochs", "1", "--quiet" }, d });
    CHECK(by_name.code == 1);
    CHECK(by_name.err.find("'Organ' not found; tracks with notes: ") != std::string::npos);
    CHECK(by_name.err.find("Piano") != std::string::npos);
    CHECK_FALSE(fs::exists(d / "odd_key-solo.mid"));
}

} // namespace jazzlstm_test_cli_faults
