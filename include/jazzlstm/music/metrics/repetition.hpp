// Repetition figures (standard library only): how much a line repeats itself, and how much of it
// is copied from the melody it was trained on, on (interval, duration) pairs and on grammar tokens.
#pragma once

#include <jazzlstm/music/metrics/line.hpp>

#include <algorithm>
#include <cstddef>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace jazzlstm {

/// One step of a line: the interval from the previous note and the note's duration.
using MotionStep = std::pair<int, ticks12>;

/// The steps of a line, (p[k] − p[k−1], duration[k]) for k ≥ 1. Allocates: the result.
inline std::vector<MotionStep> motion_steps(const MetricLine& line)
{
    std::vector<MotionStep> out;
    for (std::size_t k = 1; k < line.notes.size(); ++k)
        out.emplace_back(line.notes[k].pitch - line.notes[k - 1].pitch, line.notes[k].duration);
    return out;
}

/// Share of the n-gram positions of `sequence` whose n-gram also occurs at another position;
/// nullopt when the sequence has fewer than n items. Allocates: a map of the n-grams.
template <typename T>
std::optional<double> self_repetition(const std::vector<T>& sequence, std::size_t n = 4)
{
    if (n == 0 || sequence.size() < n)
        return std::nullopt;
    std::map<std::vector<T>, std::size_t> seen;
    const std::size_t positions = sequence.size() - n + 1;
    for (std::size_t i = 0; i < positions; ++i)
        ++seen[std::vector<T>(sequence.begin() + static_cast<std::ptrdiff_t>(i), sequence.begin() + static_cast<std::ptrdiff_t>(i + n))];
    std::size_t repeated = 0;
    for (const auto& [gram, count] : seen)
        if (count > 1)
            repeated += count;
    return static_cast<double>(repeated) / static_cast<double>(positions);
}

/// Share of the n-gram positions of `sequence` whose n-gram occurs anywhere in `source`; nullopt
/// when the sequence has fewer than n items. Allocates: a set of the source's n-grams.
template <typename T>
std::optional<double> copied_share(const std::vector<T>& sequence, const std::vector<T>& source, std::size_t n = 4)
{
    if (n == 0 || sequence.size() < n)
        return std::nullopt;
    std::set<std::vector<T>> grams;
    for (std::size_t i = 0; i + n <= source.size(); ++i)
        grams.insert(std::vector<T>(source.begin() + static_cast<std::ptrdiff_t>(i), source.begin() + static_cast<std::ptrdiff_t>(i + n)));
    const std::size_t positions = sequence.size() - n + 1;
    std::size_t copied = 0;
    for (std::size_t i = 0; i < positions; ++i)
        copied += grams.count(std::vector<T>(sequence.begin() + static_cast<std::ptrdiff_t>(i), sequence.begin() + static_cast<std::ptrdiff_t>(i + n)));
    return static_cast<double>(copied) / static_cast<double>(positions);
}

/// The length of the longest run of consecutive items of `sequence` that also occurs, in order and
/// unbroken, in `source` (the longest common substring). A suffix automaton of `source` keeps this
/// linear in the two lengths (times log of the alphabet), whatever their size.
/// Allocates: the automaton (about 2·|source| states).
template <typename T>
std::size_t longest_copied_run(const std::vector<T>& sequence, const std::vector<T>& source)
{
    struct State {
        std::size_t length = 0;
        int link = -1;
        std::map<T, int> next;
    };
    std::vector<State> states(1);
    states.reserve(2 * source.size() + 1);
    int last = 0;
    for (const T& item : source) {
        const int current = static_cast<int>(states.size());
        states.push_back({ states[static_cast<std::size_t>(last)].length + 1, -1, {} });
        int p = last;
        while (p != -1 && !states[static_cast<std::size_t>(p)].next.count(item)) {
            states[static_cast<std::size_t>(p)].next[item] = current;
            p = states[static_cast<std::size_t>(p)].link;
        }
        if (p == -1) {
            states[static_cast<std::size_t>(current)].link = 0;
        } else {
            const int q = states[static_cast<std::size_t>(p)].next[item];
            if (states[static_cast<std::size_t>(p)].length + 1 == states[static_cast<std::size_t>(q)].length) {
                states[static_cast<std::size_t>(current)].link = q;
            } else {
                const int clone = static_cast<int>(states.size());
                State copy = states[static_cast<std::size_t>(q)];
                copy.length = states[static_cast<std::size_t>(p)].length + 1;
                states.push_back(std::move(copy));
                while (p != -1 && states[static_cast<std::size_t>(p)].next[item] == q) {
                    states[static_cast<std::size_t>(p)].next[item] = clone;
                    p = states[static_cast<std::size_t>(p)].link;
                }
                states[static_cast<std::size_t>(q)].link = clone;
                states[static_cast<std::size_t>(current)].link = clone;
            }
        }
        last = current;
    }
    std::size_t best = 0, length = 0;
    int state = 0;
    for (const T& item : sequence) {
        while (state != 0 && !states[static_cast<std::size_t>(state)].next.count(item)) {
            state = states[static_cast<std::size_t>(state)].link;
            length = states[static_cast<std::size_t>(state)].length;
        }
        const auto it = states[static_cast<std::size_t>(state)].next.find(item);
        if (it != states[static_cast<std::size_t>(state)].next.end()) {
            state = it->second;
            ++length;
        }
        best = std::max(best, length);
    }
    return best;
}

/// How much of a solo is copied from the melody it was trained on.
struct Originality {
    std::size_t longest_copied_run = 0;        ///< (interval, duration) pairs
    std::optional<double> copied_4grams;       ///< share of the solo's step 4-grams found in the source
    std::size_t longest_copied_tokens = 0;     ///< grammar tokens
    std::optional<double> copied_token_4grams; ///< share of the solo's token 4-grams found in the source's
};

/// The originality of `solo` against `source`, on their motion steps and on their grammar tokens
/// (either token list may be empty). Allocates: the automata and n-gram sets.
inline Originality originality(const MetricLine& solo, const std::vector<std::string>& solo_tokens, const MetricLine& source,
    const std::vector<std::string>& source_tokens)
{
    Originality o;
    const auto steps = motion_steps(solo), source_steps = motion_steps(source);
    o.longest_copied_run = longest_copied_run(steps, source_steps);
    o.copied_4grams = copied_share(steps, source_steps);
    o.longest_copied_tokens = longest_copied_run(solo_tokens, source_tokens);
    o.copied_token_4grams = copied_share(solo_tokens, source_tokens);
    return o;
}

} // namespace jazzlstm
