// The random streams of one improvisation, all derived from the user's one seed.
//
// Weights, sampling and the grammar's choices each get their own generator, so that changing
// the temperature does not change the weights and the grammar's draws never shift the sampler's.
#pragma once

#include <jazzlstm/core/random.hpp>

#include <cstdint>

namespace jazzlstm {

/// `--seed` when none is given (training; generation defaults to the model's own training seed).
constexpr std::uint64_t default_seed = 1;

/// The independent streams derived from one seed: the weights, the token sampler, the grammar's
/// pitch choices, the default mode's feel (bar openings, motif recall, swing, velocities), and
/// the order of the mini-batches (drawn anew every epoch).
enum class SeedStream : std::uint64_t { weights = 1, sampling = 2, grammar = 3, feel = 4, batches = 5 };

/// The seed of `stream` for the user's `seed` (core/random.hpp's mix_seed). Allocates: no.
constexpr std::uint64_t derive_seed(std::uint64_t seed, SeedStream stream) noexcept
{
    return mix_seed(seed, static_cast<std::uint64_t>(stream));
}

} // namespace jazzlstm
