// The network behind jazzlstm.Model: JazzModel<float, 30, NA> for one of the compiled LSTM sizes
// NA (JAZZLSTM_PYTHON_UNITS), chosen at run time through one virtual interface.
//
// The library fixes n_a at compile time (its buffers and packet kernels are sized by it), so the
// module instantiates the network once per offered size and dispatches on Model(units=...).
#pragma once

#include <jazzlstm/jazzlstm.hpp>

#include <Eigen/Core>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#ifndef JAZZLSTM_PYTHON_UNITS
#define JAZZLSTM_PYTHON_UNITS 64
#endif

namespace jazzlstm::python {

/// The training window length of every model of the module (the notebook's Tx).
constexpr int window_steps = ImprovModel::time_steps;

/// The LSTM sizes compiled in.
using CompiledUnits = std::integer_sequence<int, JAZZLSTM_PYTHON_UNITS>;

/// Called after every epoch with (epoch, loss, accuracy).
using EpochCallback = std::function<void(int, double, double)>;

/// One model of any compiled size, with a batch-1 generation state of its own.
class Network {
public:
    virtual ~Network() = default;
    virtual int units() const noexcept = 0;
    virtual int values() const noexcept = 0;
    virtual long param_count() const noexcept = 0;
    virtual std::string summary() const = 0;
    /// JazzModel::fit; `callback` may be empty. @throws as JazzModel::fit and whatever the callback throws.
    virtual std::vector<EpochStats> fit(const IndexSequences& X, const IndexSequences& Y, int epochs, int batch_size,
        const EpochCallback& callback)
        = 0;
    virtual EpochStats evaluate(const IndexSequences& X, const IndexSequences& Y) = 0;
    virtual KerasWeights<float> keras_weights() const = 0;
    virtual void set_keras_weights(const KerasWeights<float>& weights) = 0;
    virtual void set_compute_options(ComputeOptions options) = 0;
    virtual ComputeOptions compute_options() const = 0;
    /// Generation state back to a = c = 0.
    virtual void reset_state() = 0;
    /// One generation step (no_token = the all-zero x); returns the softmax output, valid until
    /// the next step. @throws argument_error `jazzlstm.model.token_range`.
    virtual const Eigen::VectorXf& step(int token) = 0;
    virtual Eigen::VectorXf state_a() const = 0;
    virtual Eigen::VectorXf state_c() const = 0;
    /// The improviser's model type when units() == 64, else nullptr.
    virtual ImprovModel* improv_model() noexcept = 0;
};

template <int NA>
class NetworkOf final : public Network {
public:
    using Model = JazzModel<float, window_steps, NA>;

    explicit NetworkOf(std::unique_ptr<Model> model)
        : model_(std::move(model))
        , state_(model_->make_inference_state())
    {
    }

    int units() const noexcept override { return NA; }
    int values() const noexcept override { return model_->values(); }
    long param_count() const noexcept override { return model_->param_count(); }
    std::string summary() const override { return model_->summary(); }

    std::vector<EpochStats> fit(const IndexSequences& X, const IndexSequences& Y, int epochs, int batch_size,
        const EpochCallback& callback) override
    {
        FitOptions options;
        options.batch_size = batch_size;
        if (!callback)
            return model_->fit(X, Y, epochs, options);
        return model_->fit(X, Y, epochs, [&](int epoch, double loss, double accuracy) { callback(epoch, loss, accuracy); }, options);
    }

    EpochStats evaluate(const IndexSequences& X, const IndexSequences& Y) override { return model_->evaluate(X, Y); }
    KerasWeights<float> keras_weights() const override { return model_->keras_weights(); }
    void set_keras_weights(const KerasWeights<float>& weights) override { model_->set_keras_weights(weights); }
    void set_compute_options(ComputeOptions options) override { model_->set_compute_options(options); }
    ComputeOptions compute_options() const override { return model_->compute_options(); }
    void reset_state() override { state_.reset(); }
    const Eigen::VectorXf& step(int token) override { return model_->step(state_, token); }
    Eigen::VectorXf state_a() const override { return state_.a(); }
    Eigen::VectorXf state_c() const override { return state_.c(); }

    ImprovModel* improv_model() noexcept override
    {
        if constexpr (std::is_same_v<Model, ImprovModel>)
            return model_.get();
        else
            return nullptr;
    }

private:
    std::unique_ptr<Model> model_;
    typename Model::InferenceState state_;
};

namespace detail {

    template <typename Make, int... N>
    std::unique_ptr<Network> dispatch_units(int units, Make&& make, std::integer_sequence<int, N...>)
    {
        std::unique_ptr<Network> out;
        ((units == N ? (void)(out = make(std::integral_constant<int, N> {})) : void()), ...);
        return out;
    }

    template <int... N>
    std::string units_list(std::integer_sequence<int, N...>)
    {
        std::string list;
        ((list += (list.empty() ? "" : ", ") + std::to_string(N)), ...);
        return list;
    }

} // namespace detail

/// "32, 64, 128": the sizes Model(units=...) accepts.
inline std::string compiled_units() { return detail::units_list(CompiledUnits {}); }

inline std::vector<int> compiled_units_vector() { return { JAZZLSTM_PYTHON_UNITS }; }

/// `make(std::integral_constant<int, NA>)` for the compiled NA equal to `units`.
/// @throws argument_error `jazzlstm.python.units` for a size that is not compiled in.
template <typename Make>
std::unique_ptr<Network> for_units(int units, Make&& make)
{
    std::unique_ptr<Network> out = detail::dispatch_units(units, make, CompiledUnits {});
    if (!out)
        throw argument_error("jazzlstm.python.units",
            "units = " + std::to_string(units) + " is not compiled into the module (it offers " + compiled_units()
                + "; the CMake cache variable JAZZLSTM_PYTHON_UNITS lists them)");
    return out;
}

/// A freshly initialised network: weights from the seed's weight stream, as the improviser's
/// new_model, so Model(V, 64, seed) and `jazzlstm train --seed` start from the same weights.
/// `adam`: the optimizer's settings (Keras's legacy Adam; the defaults are the notebook's).
inline std::unique_ptr<Network> new_network(int values, int units, std::uint64_t seed, AdamSettings adam = {})
{
    return for_units(units, [&](auto na) -> std::unique_ptr<Network> {
        constexpr int NA = decltype(na)::value;
        using Model = typename NetworkOf<NA>::Model;
        return std::make_unique<NetworkOf<NA>>(std::make_unique<Model>(values, derive_seed(seed, SeedStream::weights), adam));
    });
}

/// The network of a model file (any compiled n_a), its weights bit for bit.
/// @throws argument_error `jazzlstm.python.units` for an n_a not compiled in; the model's errors.
inline std::unique_ptr<Network> network_of_file(const ModelFile& file)
{
    auto network = new_network(file.hyper.V, file.hyper.n_a, 0);
    network->set_keras_weights(to_float_weights(file.weights));
    return network;
}

/// Adopts the improviser's trained network.
inline std::unique_ptr<Network> adopt(std::unique_ptr<ImprovModel> model)
{
    return std::make_unique<NetworkOf<ImprovModel::units>>(std::move(model));
}

} // namespace jazzlstm::python
