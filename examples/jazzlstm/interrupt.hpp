// Ending the program on Ctrl-C (SIGINT), SIGTERM, SIGHUP or SIGQUIT without leaving anything
// half done: the signals are blocked in every thread and taken by one thread of their own
// (sigwait), which kills a running FluidSynth, waits for a set of outputs being renamed into
// place to finish, removes every temporary file, and then ends the process by the signal itself
// (the shell reports 130 for SIGINT, 143 for SIGTERM, and a calling script stops too).
// Earlier outputs are never touched: nothing is renamed over them before the very end.
#pragma once

#include "child_process.hpp"

#include <jazzlstm/core/atomic_file.hpp>

#include <csignal>
#include <mutex>
#include <thread>

#include <pthread.h>

namespace jazzlstm::app {

/// The signals that end the program cleanly.
inline sigset_t interrupt_signals()
{
    sigset_t set;
    sigemptyset(&set);
    for (const int s : { SIGINT, SIGTERM, SIGHUP, SIGQUIT })
        sigaddset(&set, s);
    return set;
}

/// Call first in main(), before any other thread exists (threads inherit the blocked mask).
/// Also ignores SIGXFSZ, so a file-size limit shows as a write error with its reason instead
/// of killing the program mid-write. Allocates: one thread.
inline void handle_interrupts()
{
    const sigset_t set = interrupt_signals();
    ::pthread_sigmask(SIG_BLOCK, &set, nullptr);
    ::signal(SIGXFSZ, SIG_IGN);
    std::thread([set] {
        int sig = 0;
        while (::sigwait(&set, &sig) != 0) {
        }
        const pid_t child = detail::running_child().load();
        if (child > 0) {
            ::kill(-child, SIGKILL); // its process group (child_process.hpp)
            ::kill(child, SIGKILL);
        }
        // A set being renamed is let finish (microseconds); then nothing can start a new one.
        jazzlstm::detail::commit_mutex().lock();
        remove_pending_temporaries();
        ::signal(sig, SIG_DFL);
        sigset_t one;
        sigemptyset(&one);
        sigaddset(&one, sig);
        ::pthread_sigmask(SIG_UNBLOCK, &one, nullptr);
        ::raise(sig);
        ::_exit(128 + sig); // not reached: the default action ends the process
    }).detach();
}

} // namespace jazzlstm::app
