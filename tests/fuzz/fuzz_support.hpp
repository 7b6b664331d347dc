// What every jazzlstm fuzz target treats as a finding, in one place.
//
// A target feeds arbitrary bytes to one reader. Rejecting them with a jazzlstm::error is the
// contract; anything else is a bug: an exception of another type (std::bad_alloc included:
// memory must stay bounded by the input), a broken round-trip property, or a sanitizer report.
// Findings abort, so libFuzzer saves the input as crash-<sha1> and the run fails.
#pragma once

#include <jazzlstm/core/error.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>

namespace jazzlstm::fuzz {

[[noreturn]] inline void finding(const std::string& what)
{
    std::fprintf(stderr, "\n== jazzlstm fuzz finding: %s\n", what.c_str());
    std::abort();
}

/// A property that must hold for every input the reader accepted.
inline void require(bool condition, const char* what)
{
    if (!condition)
        finding(std::string("property violated: ") + what);
}

/// Runs `body`; a jazzlstm::error is a clean rejection, any other exception a finding.
template <typename Body>
int guarded(Body&& body)
{
    try {
        body();
    } catch (const jazzlstm::error&) {
        // the documented way to refuse an input
    } catch (const std::exception& e) {
        finding(std::string("exception not derived from jazzlstm::error: ") + e.what());
    } catch (...) {
        finding("exception of unknown type");
    }
    return 0;
}

/// Runs `body` that must not throw at all (a step after the input was accepted).
template <typename Body>
void must_succeed(const char* step, Body&& body)
{
    try {
        body();
    } catch (const std::exception& e) {
        finding(std::string(step) + " threw on an accepted input: " + e.what());
    }
}

} // namespace jazzlstm::fuzz
