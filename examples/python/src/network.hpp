// The network behind jazzlstm.Model: the library's SoloNetwork (improv/network.hpp), which holds
// a JazzModel<float, 30, n_a> of any built size behind one interface, plus the batch-1
// generation state that Model.step() advances.
#pragma once

#include <jazzlstm/jazzlstm.hpp>

#include <Eigen/Core>

#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

namespace jazzlstm::python {

/// The training window length of every model of the module (the notebook's Tx).
constexpr int window_steps = SoloNetwork::time_steps;

/// One solo network and a generation state of its own.
class Network {
public:
    explicit Network(std::unique_ptr<SoloNetwork> network)
        : network_(std::move(network))
        , state_(network_->make_state())
    {
    }

    SoloNetwork& solo() noexcept { return *network_; }
    const SoloNetwork& solo() const noexcept { return *network_; }

    /// Generation state back to a = c = 0.
    void reset_state() noexcept { state_->reset(); }
    /// One generation step (no_token = the all-zero x); returns the softmax output, valid until
    /// the next step. @throws argument_error `jazzlstm.model.token_range`.
    const Eigen::VectorXf& step(int token) { return network_->step(*state_, token); }
    Eigen::VectorXf state_a() const { return state_->a(); }
    Eigen::VectorXf state_c() const { return state_->c(); }

private:
    std::unique_ptr<SoloNetwork> network_;
    std::unique_ptr<SoloNetwork::State> state_;
};

/// The sizes Model(units=...) accepts: every size the library builds.
inline std::vector<int> compiled_units_vector() { return { solo_network_units.begin(), solo_network_units.end() }; }

/// A freshly initialised network: weights from the seed's weight stream, as the improviser's
/// new_model, so Model(V, 64, seed) and `jazzlstm train --seed` start from the same weights.
/// `adam`: the optimizer's settings (Keras's legacy Adam; the defaults are the notebook's).
/// @throws shape_error `jazzlstm.improv.model_units` for a size the library does not build.
inline std::unique_ptr<Network> new_network(int values, int units, std::uint64_t seed, const AdamSettings& adam = {})
{
    return std::make_unique<Network>(make_solo_network(units, values, derive_seed(seed, SeedStream::weights), adam));
}

/// The network of a model file, its weights bit for bit.
/// @throws as new_network; the model's errors.
inline std::unique_ptr<Network> network_of_file(const ModelFile& file)
{
    auto network = new_network(file.hyper.V, file.hyper.n_a, 0);
    network->solo().set_keras_weights(to_float_weights(file.weights));
    return network;
}

/// Adopts the improviser's trained network.
inline std::unique_ptr<Network> adopt(std::unique_ptr<SoloNetwork> network) { return std::make_unique<Network>(std::move(network)); }

} // namespace jazzlstm::python
