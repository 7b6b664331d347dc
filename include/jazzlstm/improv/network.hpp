// The network the improviser trains and plays: the notebook's JazzModel (Tx = 30, n_a = 64, float)
// and the notebook's training windows (m = 60, numpy seed 0).
#pragma once

#include <jazzlstm/improv/seeds.hpp>
#include <jazzlstm/nn/jazz_model.hpp>

#include <cstdint>
#include <memory>

namespace jazzlstm {

/// The notebook's network: Tx = 30, n_a = 64, trained in float.
using ImprovModel = JazzModel<float, 30, 64>;

/// The notebook's m: 60 training windows.
constexpr int training_windows = 60;
/// numpy seed of the training windows: 0, as the notebook, so the reference corpus gets its exact X/Y.
constexpr std::uint32_t training_window_seed = 0;

/// A freshly initialised model for V values, its weights drawn from the seed's weight stream.
/// @throws the model's argument_error / limit_error for V < 1 or above the vocabulary cap.
/// Allocates: yes.
inline std::unique_ptr<ImprovModel> new_model(int values, std::uint64_t seed)
{
    return std::make_unique<ImprovModel>(values, derive_seed(seed, SeedStream::weights));
}

} // namespace jazzlstm
