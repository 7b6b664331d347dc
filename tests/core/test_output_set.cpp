// All or nothing: an OutputSet (core/output_set.hpp) renames its files only when every one of
// them is complete on disk, rolls a failed rename back, never follows a symlink planted at a
// name it writes, leaves no temporary behind, and keeps two concurrent writers' sets whole.
#include <jazzlstm/core/output_set.hpp>

#include "support.hpp"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <csignal>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

// Each test file has a namespace of its own: a folder is compiled as one unity build, and
// this keeps a file's helpers apart from its neighbours'.
namespace jazzlstm_test_output_set {

namespace fs = std::filesystem;
using namespace jazzlstm;

namespace {

using test::put;
using test::slurp;

fs::path scratch(const char* name) { return test::scratch_dir("output_set", name); }

std::vector<std::string> names(const fs::path& dir)
{
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(dir))
        out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
}

// Three earlier outputs, as a completed run leaves them.
void earlier_run(const fs::path& dir)
{
    put(dir / "a.mid", "old mid");
    put(dir / "a.wav", "old wav");
    put(dir / "a.svg", "old svg");
}

void check_earlier_run(const fs::path& dir)
{
    CHECK(slurp(dir / "a.mid") == "old mid");
    CHECK(slurp(dir / "a.wav") == "old wav");
    CHECK(slurp(dir / "a.svg") == "old svg");
    CHECK(names(dir) == std::vector<std::string> { "a.mid", "a.svg", "a.wav" }); // no temporary behind
}

} // namespace

TEST_CASE("a committed set replaces every file; an uncommitted one changes nothing")
{
    const fs::path dir = scratch("basic");
    earlier_run(dir);
    {
        OutputSet set;
        set.add(dir / "a.mid", std::string("new mid"));
        TemporaryFile& wav = set.reserve(dir / "a.wav");
        wav.write(std::string("new wav, written by a helper"));
        set.add(dir / "a.svg", std::string("new svg"));
        CHECK(set.size() == 3);
        // Nothing is visible before the commit, not even a temporary's name.
        check_earlier_run(dir);
    }
    check_earlier_run(dir); // destroyed without commit
    OutputSet set;
    set.add(dir / "a.mid", std::string("new mid"));
    set.reserve(dir / "a.wav").write(std::string("new wav"));
    set.add(dir / "a.svg", std::string());
    set.add(dir / "b.csv", std::string("a new file"));
    CHECK(set.targets() == std::vector<fs::path> { dir / "a.mid", dir / "a.wav", dir / "a.svg", dir / "b.csv" });
    set.commit();
    CHECK(slurp(dir / "a.mid") == "new mid");
    CHECK(slurp(dir / "a.wav") == "new wav");
    CHECK(slurp(dir / "a.svg").empty());
    CHECK(slurp(dir / "b.csv") == "a new file");
    CHECK(names(dir) == std::vector<std::string> { "a.mid", "a.svg", "a.wav", "b.csv" });
    // One file twice in a set is a caller's bug.
    OutputSet twice;
    twice.add(dir / "x", std::string("1"));
    CHECK(test::error_id<argument_error>([&] { twice.add(dir / "x", std::string("2")); }) == "jazzlstm.io.same_output");
}

TEST_CASE("a write that fails part-way (file-size limit: a full disk) leaves the earlier set and no temporary")
{
    const fs::path dir = scratch("rlimit");
    earlier_run(dir);
    OutputSet set;
    set.add(dir / "a.mid", std::string(100, 'm'));
    set.add(dir / "a.wav", std::string(64 * 1024, 'w')); // over the 16 KiB limit below
    set.add(dir / "a.svg", std::string(100, 's'));
    struct rlimit saved {};
    REQUIRE(getrlimit(RLIMIT_FSIZE, &saved) == 0);
    const auto old_handler = std::signal(SIGXFSZ, SIG_IGN); // EFBIG instead of a signal
    struct rlimit low = saved;
    low.rlim_cur = 16 * 1024;
    REQUIRE(setrlimit(RLIMIT_FSIZE, &low) == 0);
    std::string message;
    const std::string id = test::error_id<io_error>([&] {
        try {
            set.commit();
        } catch (const io_error& e) {
            message = e.what();
            throw;
        }
    });
    setrlimit(RLIMIT_FSIZE, &saved);
    std::signal(SIGXFSZ, old_handler);
    CHECK(id == "jazzlstm.io.write");
    CHECK(message.find((dir / "a.wav").string()) != std::string::npos);
    CHECK(message.find("File too large") != std::string::npos); // the system's reason
    check_earlier_run(dir);
}

TEST_CASE("a rename that fails is rolled back: the set is still all or nothing")
{
    const fs::path dir = scratch("rollback");
    earlier_run(dir);
    fs::create_directories(dir / "a.svg.d" / "inside");
    OutputSet set;
    set.add(dir / "a.mid", std::string("new mid"));
    set.add(dir / "a.wav", std::string("new wav"));
    set.add(dir / "new.txt", std::string("new file"));
    set.add(dir / "a.svg.d", std::string("cannot replace a non-empty folder"));
    CHECK(test::error_id<io_error>([&] { set.commit(); }) == "jazzlstm.io.write");
    fs::remove_all(dir / "a.svg.d");
    check_earlier_run(dir); // a.mid and a.wav restored, new.txt removed again
}

TEST_CASE("a symlink planted at an output name is replaced, never written through")
{
    const fs::path dir = scratch("symlink");
    const fs::path victim = dir / "victim.txt";
    put(victim, "precious");
    fs::create_symlink(victim, dir / "solo.mid");
    fs::create_symlink(dir / "nowhere", dir / "solo.wav"); // dangling
    OutputSet set;
    set.add(dir / "solo.mid", std::string("new mid"));
    set.add(dir / "solo.wav", std::string("new wav"));
    set.commit();
    CHECK(slurp(victim) == "precious");
    CHECK_FALSE(fs::is_symlink(dir / "solo.mid"));
    CHECK(slurp(dir / "solo.mid") == "new mid");
    CHECK_FALSE(fs::exists(dir / "nowhere"));
    CHECK(slurp(dir / "solo.wav") == "new wav");
}

TEST_CASE("temporaries are hidden and unique, and a signal handler can remove the named ones")
{
    const fs::path dir = scratch("names");
    const fs::path a = detail::atomic_temporary_path(dir / "solo.wav");
    const fs::path b = detail::atomic_temporary_path(dir / "solo.wav");
    CHECK(a != b);
    CHECK(a.filename().string().rfind(".solo.wav.tmp-" + std::to_string(::getpid()) + "-", 0) == 0);
    TemporaryFile file(dir / "solo.wav", "jazzlstm.io.write");
    file.write(std::string("data"));
    file.name_it(); // an unnamed temporary gets its hidden name here
    const std::string hidden = file.hidden_name();
    REQUIRE_FALSE(hidden.empty());
    CHECK(fs::path(hidden).filename().string().rfind(".solo.wav.tmp-", 0) == 0);
    CHECK(fs::exists(hidden));
    // The cleanup runs where it is meant to: in a process that ends right after it (the signal
    // path). It keeps the names it took, so calling it in a process that goes on would leak them.
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        remove_pending_temporaries();
        ::_exit(0);
    }
    int status = 0;
    REQUIRE(::waitpid(child, &status, 0) == child);
    CHECK(WIFEXITED(status));
    CHECK_FALSE(fs::exists(hidden));
}

TEST_CASE("two processes committing into the same names never mix their sets")
{
    const fs::path dir = scratch("concurrent");
    std::vector<pid_t> children;
    for (const char mark : { 'A', 'B' }) {
        const pid_t pid = ::fork();
        if (pid == 0) {
            int code = 0;
            try {
                for (int round = 0; round < 40; ++round) {
                    OutputSet set;
                    for (const char* name : { "x.mid", "x.wav", "x.svg", "x.model.json" })
                        set.add(dir / name, std::string(2000 + round, mark));
                    set.commit();
                }
            } catch (...) {
                code = 1;
            }
            ::_exit(code);
        }
        children.push_back(pid);
    }
    for (const pid_t pid : children) {
        int status = 0;
        REQUIRE(::waitpid(pid, &status, 0) == pid);
        CHECK(WIFEXITED(status));
        CHECK(WEXITSTATUS(status) == 0);
    }
    const std::string mid = slurp(dir / "x.mid");
    REQUIRE_FALSE(mid.empty());
    for (const char* name : { "x.wav", "x.svg", "x.model.json" })
        CHECK(slurp(dir / name) == mid); // one writer's last set, whole
    CHECK(names(dir).size() == 4);
}

} // namespace jazzlstm_test_output_set
