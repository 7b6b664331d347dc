// The network the improviser trains and plays: the notebook's JazzModel (Tx = 30, float) with
// n_a = 64 by default, or 32, 128 or 256 units, each size compiled in and chosen at run time
// (SoloNetwork); and the notebook's training windows (m = 60, numpy seed 0).
#pragma once

#include <jazzlstm/core/error.hpp>
#include <jazzlstm/improv/seeds.hpp>
#include <jazzlstm/nn/adam_state.hpp>
#include <jazzlstm/nn/jazz_model.hpp>
#include <jazzlstm/nn/sequences.hpp>
#include <jazzlstm/nn/weights.hpp>

#include <Eigen/Core>

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace jazzlstm {

/// The notebook's network: Tx = 30, n_a = 64, trained in float.
using ImprovModel = JazzModel<float, 30, 64>;

/// The notebook's m: 60 training windows.
constexpr int training_windows = 60;
/// numpy seed of the training windows: 0, as the notebook, so the reference corpus gets its exact X/Y.
constexpr std::uint32_t training_window_seed = 0;

/// The LSTM sizes the improviser is built for (`--units`); 64 is the notebook's.
inline constexpr std::array<int, 4> solo_network_units { 32, 64, 128, 256 };

/// A solo network of any of the built sizes, behind one interface: what training, the model file
/// and generation need of a JazzModel<float, 30, n_a>. Virtual calls cost nothing next to an LSTM
/// step, and only SoloNetworkOf<n_a> is instantiated per size.
class SoloNetwork {
public:
    using Vector = Eigen::VectorXf;
    static constexpr int time_steps = 30;

    /// A generation state (a, c, the last token) of this network's size.
    class State {
    public:
        virtual ~State() = default;
        /// Back to the notebook's x⟨0⟩ = a⟨0⟩ = c⟨0⟩ = 0. Allocates: no.
        virtual void reset() noexcept = 0;
        /// The hidden and cell states after the last step. Allocates: yes (a copy).
        virtual Vector a() const = 0;
        virtual Vector c() const = 0;
    };

    /// Called after every epoch of fit with (epoch (1-based), loss, accuracy).
    using EpochCallback = std::function<void(int, double, double)>;

    virtual ~SoloNetwork() = default;
    virtual int units() const noexcept = 0;
    virtual int values() const noexcept = 0;
    virtual long param_count() const noexcept = 0;
    /// The Keras-like layer table. Allocates: yes.
    virtual std::string summary() const = 0;
    /// Allocates: yes.
    virtual KerasWeights<float> keras_weights() const = 0;
    /// Resets Adam. @throws shape_error `jazzlstm.model.shape`.
    virtual void set_keras_weights(const KerasWeights<float>& weights) = 0;
    /// Adam's iteration count and moments in Keras's layout. Allocates: yes.
    virtual AdamMoments<float> adam_state() const = 0;
    /// @throws shape_error `jazzlstm.model.shape`, argument_error `jazzlstm.adam.state`.
    virtual void set_adam_state(const AdamMoments<float>& state) = 0;
    /// One epoch of JazzModel::fit on (X, Y) with mini-batches of `batch_size` (0 = one full
    /// batch), in the columns' order. @throws as JazzModel::fit. Allocates: buffers on first use.
    EpochStats fit_epoch(const IndexSequences& X, const IndexSequences& Y, int batch_size)
    {
        return fit(X, Y, 1, batch_size, {}).front();
    }
    /// JazzModel::fit: `epochs` epochs, mini-batches of `batch_size` (0 = one full batch),
    /// `callback` (may be empty) after each. @throws as JazzModel::fit and whatever the callback
    /// throws. Allocates: the history, buffers on first use.
    virtual std::vector<EpochStats> fit(const IndexSequences& X, const IndexSequences& Y, int epochs, int batch_size,
        const EpochCallback& callback)
        = 0;
    /// Loss and accuracy without training. @throws as JazzModel::evaluate.
    virtual EpochStats evaluate(const IndexSequences& X, const IndexSequences& Y) = 0;
    /// @throws argument_error `jazzlstm.model.threads`.
    virtual void set_compute_options(const ComputeOptions& options) = 0;
    virtual ComputeOptions compute_options() const = 0;
    /// A fresh state, reset. Allocates: yes.
    virtual std::unique_ptr<State> make_state() const = 0;
    /// Feeds `token` (no_token: the all-zero input) and returns the softmax. Allocates: no.
    /// @throws argument_error `jazzlstm.model.token_range`.
    virtual const Vector& step(State& state, int token) const = 0;
    /// Greedy generation of `ty` indices from a zero state (the notebook's predict_and_sample).
    /// Allocates: the result.
    virtual std::vector<int> generate_greedy(int ty) const = 0;
};

/// The solo network with NA units.
template <int NA>
class SoloNetworkOf final : public SoloNetwork {
public:
    using Model = JazzModel<float, time_steps, NA>;

    /// Allocates: the model. @throws as JazzModel's constructor.
    SoloNetworkOf(int values, std::uint64_t seed, AdamSettings adam = {})
        : model_(std::make_unique<Model>(values, seed, adam))
    {
    }

    Model& model() noexcept { return *model_; }
    const Model& model() const noexcept { return *model_; }

    int units() const noexcept override { return NA; }
    int values() const noexcept override { return model_->values(); }
    long param_count() const noexcept override { return model_->param_count(); }
    std::string summary() const override { return model_->summary(); }
    KerasWeights<float> keras_weights() const override { return model_->keras_weights(); }
    void set_keras_weights(const KerasWeights<float>& weights) override { model_->set_keras_weights(weights); }
    AdamMoments<float> adam_state() const override { return adam_moments(*model_); }
    void set_adam_state(const AdamMoments<float>& state) override { set_adam_moments(*model_, state); }
    std::vector<EpochStats> fit(const IndexSequences& X, const IndexSequences& Y, int epochs, int batch_size,
        const EpochCallback& callback) override
    {
        FitOptions options;
        options.batch_size = batch_size;
        if (!callback)
            return model_->fit(X, Y, epochs, options);
        return model_->fit(X, Y, epochs, callback, options);
    }
    EpochStats evaluate(const IndexSequences& X, const IndexSequences& Y) override { return model_->evaluate(X, Y); }
    void set_compute_options(const ComputeOptions& options) override { model_->set_compute_options(options); }
    ComputeOptions compute_options() const override { return model_->compute_options(); }
    std::unique_ptr<State> make_state() const override { return std::make_unique<StateOf>(model_->make_inference_state()); }
    const Vector& step(State& state, int token) const override { return model_->step(static_cast<StateOf&>(state).state, token); }
    std::vector<int> generate_greedy(int ty) const override
    {
        std::vector<int> out;
        auto state = model_->make_inference_state();
        int token = no_token;
        for (int t = 0; t < ty; ++t)
            out.push_back(token = model_->step_greedy(state, token));
        return out;
    }

private:
    struct StateOf final : State {
        explicit StateOf(typename Model::InferenceState s)
            : state(std::move(s))
        {
        }
        void reset() noexcept override { state.reset(); }
        Vector a() const override { return state.a(); }
        Vector c() const override { return state.c(); }
        typename Model::InferenceState state;
    };

    std::unique_ptr<Model> model_;
};

// JAZZLSTM_EXTERN_MODEL_TEMPLATES (nn/model/jazz_model.hpp): the other built sizes, and the solo
// network of each, are instantiated once, in the translation unit that includes
// <jazzlstm/improv/network_instances.hpp>, not in every file that makes or plays a network.
#ifdef JAZZLSTM_EXTERN_MODEL_TEMPLATES
extern template class LSTM<float, 32>;
extern template class LSTM<float, 128>;
extern template class LSTM<float, 256>;
extern template class Dense<float, 32>;
extern template class Dense<float, 128>;
extern template class Dense<float, 256>;
extern template class detail::TrainingPass<float, 30, 32, DefaultMaths>;
extern template class detail::TrainingPass<float, 30, 128, DefaultMaths>;
extern template class detail::TrainingPass<float, 30, 256, DefaultMaths>;
extern template class JazzModel<float, 30, 32>;
extern template class JazzModel<float, 30, 128>;
extern template class JazzModel<float, 30, 256>;
extern template class SoloNetworkOf<32>;
extern template class SoloNetworkOf<64>;
extern template class SoloNetworkOf<128>;
extern template class SoloNetworkOf<256>;
#endif

/// A solo network of `units` LSTM units for `values` tokens, its weights drawn from `seed`
/// (a std::mt19937_64 seed, as JazzModel takes it), trained by Adam with `adam` (the notebook's
/// settings by default).
/// @throws shape_error `jazzlstm.improv.model_units` for a size that is not built in
///         (solo_network_units); the model's errors for V. Allocates: yes.
inline std::unique_ptr<SoloNetwork> make_solo_network(int units, int values, std::uint64_t seed, const AdamSettings& adam = {})
{
    switch (units) {
    case 32: return std::make_unique<SoloNetworkOf<32>>(values, seed, adam);
    case 64: return std::make_unique<SoloNetworkOf<64>>(values, seed, adam);
    case 128: return std::make_unique<SoloNetworkOf<128>>(values, seed, adam);
    case 256: return std::make_unique<SoloNetworkOf<256>>(values, seed, adam);
    default: break;
    }
    throw shape_error("jazzlstm.improv.model_units",
        "the model has n_a = " + std::to_string(units) + " LSTM units; the improviser is built for 32, 64, 128 and 256");
}

/// A freshly initialised network for V values, its weights drawn from the seed's weight stream.
/// @throws as make_solo_network. Allocates: yes.
inline std::unique_ptr<SoloNetwork> new_model(int values, std::uint64_t seed, int units = 64)
{
    return make_solo_network(units, values, derive_seed(seed, SeedStream::weights));
}

} // namespace jazzlstm
