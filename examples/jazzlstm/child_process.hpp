// Running a helper program (FluidSynth) as a checked child: no shell, its descriptors chosen,
// a wall-clock limit and an output-size limit, killed with the parent, and its exit examined.
//
// fork + execve rather than posix_spawn: posix_spawn cannot ask the kernel to kill the child when
// its parent dies (PR_SET_PDEATHSIG must be set in the child before exec). Between fork and exec
// the child calls only async-signal-safe functions; everything it needs (the program's full
// path, argv, envp) is built before the fork. The arguments go to execve as they are, so a
// file name can never be read as an option or by a shell.
#pragma once

#include <jazzlstm/core/error.hpp>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

#include <csignal>
#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace jazzlstm::app {

namespace detail {

    /// The child running now (0: none), for the thread that ends the program on a signal.
    inline std::atomic<pid_t>& running_child()
    {
        static std::atomic<pid_t> pid { 0 };
        return pid;
    }

} // namespace detail

/// The full path of `program` found on PATH as execvp would find it ("" when absent).
inline std::string find_on_path(const std::string& program)
{
    const char* path = std::getenv("PATH");
    if (path == nullptr || program.empty() || program.find('/') != std::string::npos)
        return {};
    const std::string all = path;
    std::size_t start = 0;
    while (start <= all.size()) {
        const std::size_t colon = all.find(':', start);
        const std::string dir = all.substr(start, colon == std::string::npos ? std::string::npos : colon - start);
        const std::filesystem::path candidate = std::filesystem::path(dir.empty() ? "." : dir) / program;
        if (::access(candidate.c_str(), X_OK) == 0) {
            std::error_code ec;
            if (std::filesystem::is_regular_file(candidate, ec))
                return candidate.string();
        }
        if (colon == std::string::npos)
            break;
        start = colon + 1;
    }
    return {};
}

/// What a child may use, and how it is watched.
struct ChildLimits {
    double seconds = 60;                      ///< wall clock; then it is killed (SIGKILL)
    std::uintmax_t output_bytes = 0;          ///< most bytes in the watched file; 0 = no limit
    int watched_descriptor = -1;              ///< the file whose size is watched (in the parent)
};

/// How a child ended.
struct ChildResult {
    bool started = false;
    bool exited = false;          ///< normal exit (then `code`)
    int code = -1;
    int signal = 0;               ///< the signal that ended it, if any
    bool timed_out = false;       ///< killed by us: over the wall-clock limit
    bool too_large = false;       ///< killed by us: the watched file grew over the limit
    std::string errors;           ///< the first 4 KiB of its standard error
    double seconds = 0;

    bool ok() const { return exited && code == 0 && !timed_out && !too_large; }
    /// One line for people: why the child's work does not count.
    std::string describe(const std::string& name) const
    {
        if (!started)
            return name + " could not be started";
        if (timed_out)
            return name + " ran over its limit of time and was stopped";
        if (too_large)
            return name + " wrote more than the solo can last and was stopped";
        if (signal)
            return name + " was killed by signal " + std::to_string(signal);
        std::string text = name + " exited with status " + std::to_string(code);
        const std::string first = errors.substr(0, errors.find('\n'));
        return first.empty() ? text : text + " (" + first + ")";
    }
};

/// Runs `path` with `args` (args[0] is its name) and returns when it has ended. The child's
/// standard input and output are /dev/null, its standard error is collected (4 KiB kept), and
/// descriptors[k] becomes its descriptor 3 + k. It gets the parent's environment, an empty
/// signal mask with default dispositions, an RLIMIT_FSIZE backstop (limits.output_bytes + 256 MiB,
/// at most this process's own) and SIGKILL when this process dies. Allocates: the argument vectors and the error text.
/// Never throws for the child's own failures: they are in the result.
inline ChildResult run_child(const std::string& path, const std::vector<std::string>& args, const std::vector<int>& descriptors,
    const ChildLimits& limits)
{
    ChildResult result;
    std::vector<char*> argv;
    for (const auto& a : args)
        argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    int errors[2];
    if (::pipe2(errors, O_CLOEXEC) != 0)
        return result;
    const int null_fd = ::open("/dev/null", O_RDWR | O_CLOEXEC);
    const pid_t parent = ::getpid();
    // A backstop behind the polled size limit, never above the limit this process already has.
    // Generous, because helpers write other files too (FluidSynth's libraries size a 64 MiB
    // shared-memory file at start).
    struct rlimit cap {};
    bool have_cap = limits.output_bytes > 0 && ::getrlimit(RLIMIT_FSIZE, &cap) == 0;
    if (have_cap) {
        const rlim_t wanted = static_cast<rlim_t>(limits.output_bytes + (std::uintmax_t { 256 } << 20));
        cap.rlim_cur = std::min(cap.rlim_cur, wanted);
        cap.rlim_max = std::min(cap.rlim_max, wanted);
    }
    const auto start = std::chrono::steady_clock::now();
    const pid_t pid = ::fork();
    if (pid == 0) {
        // The child: async-signal-safe calls only.
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (::getppid() != parent) // the parent died before the line above
            ::_exit(127);
        // A group of its own, so that stopping it stops whatever it started too (a wrapper script's
        // children); Ctrl-C then reaches it through us, not through the terminal.
        ::setpgid(0, 0);
        sigset_t none;
        sigemptyset(&none);
        ::sigprocmask(SIG_SETMASK, &none, nullptr);
        for (const int s : { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE, SIGXFSZ })
            ::signal(s, SIG_DFL);
        if (have_cap)
            ::setrlimit(RLIMIT_FSIZE, &cap);
        // Move the given descriptors out of the way of 0..3+k first, then into place.
        int moved[16];
        const int count = static_cast<int>(std::min<std::size_t>(descriptors.size(), 16));
        for (int k = 0; k < count; ++k)
            moved[k] = ::fcntl(descriptors[static_cast<std::size_t>(k)], F_DUPFD, 3 + count);
        ::dup2(null_fd, 0);
        ::dup2(null_fd, 1);
        ::dup2(errors[1], 2);
        for (int k = 0; k < count; ++k)
            ::dup2(moved[k], 3 + k);
        for (int k = 0; k < count; ++k)
            ::close(moved[k]);
        ::execve(path.c_str(), argv.data(), environ);
        ::_exit(127);
    }
    ::close(errors[1]);
    if (null_fd >= 0)
        ::close(null_fd);
    if (pid < 0) {
        ::close(errors[0]);
        return result;
    }
    result.started = true;
    detail::running_child().store(pid);
    ::fcntl(errors[0], F_SETFL, O_NONBLOCK);
    int status = 0;
    bool errors_open = true;
    for (;;) {
        char buffer[4096];
        while (errors_open) {
            const ::ssize_t n = ::read(errors[0], buffer, sizeof buffer);
            if (n > 0) {
                if (result.errors.size() < 4096)
                    result.errors.append(buffer, static_cast<std::size_t>(std::min<::ssize_t>(n, 4096)));
                continue;
            }
            if (n == 0 || errno != EAGAIN)
                errors_open = false;
            break;
        }
        const pid_t done = ::waitpid(pid, &status, WNOHANG);
        if (done == pid)
            break;
        const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        bool stop = false;
        if (elapsed > limits.seconds)
            stop = result.timed_out = true;
        if (limits.output_bytes > 0 && limits.watched_descriptor >= 0) {
            struct ::stat st {};
            if (::fstat(limits.watched_descriptor, &st) == 0 && static_cast<std::uintmax_t>(st.st_size) >= limits.output_bytes)
                stop = result.too_large = true;
        }
        if (stop) {
            ::kill(-pid, SIGKILL); // the whole group; a child that ignores SIGTERM is stopped all the same
            ::kill(pid, SIGKILL);
            while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
            }
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    detail::running_child().store(0);
    ::close(errors[0]);
    result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (WIFEXITED(status)) {
        result.exited = true;
        result.code = WEXITSTATUS(status);
    } else if (WIFSIGNALED(status)) {
        result.signal = WTERMSIG(status);
        result.too_large = result.too_large || result.signal == SIGXFSZ; // over RLIMIT_FSIZE
    }
    return result;
}

} // namespace jazzlstm::app
