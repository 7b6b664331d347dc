// Adam's state of a model in Keras's weight layout: the iteration count and the two moments of
// every weight, each moment tensor shaped like the weight it belongs to. The model file stores it
// (docs/model-format.md, "optimizer_state") so that training continues exactly where it stopped.
#pragma once

#include <jazzlstm/core/error.hpp>
#include <jazzlstm/nn/weights.hpp>

#include <Eigen/Core>

#include <cstddef>
#include <string>
#include <vector>

namespace jazzlstm {

/// The optimizer's state: iterations done and the first (m) and second (v) moments.
template <typename T>
struct AdamMoments {
    long iterations = 0;
    KerasWeights<T> m;
    KerasWeights<T> v;
};

namespace detail {

    // The model's Adam slots are its parameters in for_each_param order (LSTM kernel, recurrent
    // kernel, bias, Dense kernel, bias), each a column-major copy of the internal tensor; the
    // internal tensors are the Keras ones transposed (docs/architecture.md, "Layers").
    template <typename T>
    using SlotArray = Eigen::Array<T, Eigen::Dynamic, 1>;

    template <typename T>
    KerasWeights<T> keras_of_slots(const std::vector<SlotArray<T>>& slots, Eigen::Index n_a, Eigen::Index values)
    {
        using Matrix = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>;
        const auto as = [](const SlotArray<T>& a, Eigen::Index rows, Eigen::Index cols) {
            return Eigen::Map<const Matrix>(a.data(), rows, cols);
        };
        KerasWeights<T> w;
        w.lstm_kernel = as(slots[0], 4 * n_a, values).transpose();
        w.lstm_recurrent_kernel = as(slots[1], 4 * n_a, n_a).transpose();
        w.lstm_bias = as(slots[2], 4 * n_a, 1);
        w.dense_kernel = as(slots[3], values, n_a).transpose();
        w.dense_bias = as(slots[4], values, 1);
        return w;
    }

    /// Throws shape_error `jazzlstm.model.shape` unless the moments are shaped as the weights of
    /// an (n_a, V) model, naming the first tensor that is not.
    template <typename T>
    void check_moment_shapes(const KerasWeights<T>& w, const char* which, Eigen::Index n_a, Eigen::Index values)
    {
        check_weight_shapes(w, static_cast<int>(n_a), static_cast<int>(values), {}, std::string("optimizer_state.") + which + ".");
    }

    template <typename T>
    std::vector<SlotArray<T>> slots_of_keras(const KerasWeights<T>& w)
    {
        using Matrix = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>;
        const auto flat = [](const Matrix& internal) { return SlotArray<T>(Eigen::Map<const SlotArray<T>>(internal.data(), internal.size())); };
        return { flat(w.lstm_kernel.transpose()), flat(w.lstm_recurrent_kernel.transpose()), flat(w.lstm_bias), flat(w.dense_kernel.transpose()),
            flat(w.dense_bias) };
    }

} // namespace detail

/// The Adam state of `model` (a JazzModel) in Keras's layout. Allocates: yes.
template <typename Model>
AdamMoments<typename Model::Scalar> adam_moments(const Model& model)
{
    using T = typename Model::Scalar;
    const auto& adam = model.optimizer();
    std::vector<detail::SlotArray<T>> m, v;
    for (std::size_t k = 0; k < adam.slots(); ++k) {
        m.push_back(adam.first_moment(k));
        v.push_back(adam.second_moment(k));
    }
    AdamMoments<T> out;
    out.iterations = adam.iterations();
    out.m = detail::keras_of_slots(m, Model::units, model.values());
    out.v = detail::keras_of_slots(v, Model::units, model.values());
    return out;
}

/// Continues `model`'s training from a saved Adam state (shaped as adam_moments gives it).
/// The model is unchanged unless all of it fits. Allocates: the slot copies.
/// @throws shape_error `jazzlstm.model.shape` for a moment tensor shaped for another n_a or V;
///         argument_error `jazzlstm.adam.state` for a negative iteration count.
template <typename Model>
void set_adam_moments(Model& model, const AdamMoments<typename Model::Scalar>& state)
{
    detail::check_moment_shapes(state.m, "m", Model::units, model.values());
    detail::check_moment_shapes(state.v, "v", Model::units, model.values());
    model.optimizer().restore(state.iterations, detail::slots_of_keras(state.m), detail::slots_of_keras(state.v));
}

} // namespace jazzlstm
