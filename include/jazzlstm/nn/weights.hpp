// The model's parameters in Keras's layout: the exchange format between the trained
// model, the model file and weights exported from Keras or PyTorch, and the one check of
// their shapes that both the model and the model file apply.
#pragma once

#include <jazzlstm/core/error.hpp>

#include <Eigen/Core>

#include <string>
#include <utility>

namespace jazzlstm {

/// LSTM(n_a) + Dense(V) weights exactly as Keras stores them; gate blocks in order i, f, c, o.
template <typename T>
struct KerasWeights {
    using Matrix = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>;
    using Vector = Eigen::Matrix<T, Eigen::Dynamic, 1>;

    Matrix lstm_kernel;           ///< n_x × 4·n_a (n_x = V: the input is the one-hot token)
    Matrix lstm_recurrent_kernel; ///< n_a × 4·n_a
    Vector lstm_bias;             ///< 4·n_a
    Matrix dense_kernel;          ///< n_a × V
    Vector dense_bias;            ///< V
};

/// Checks the five tensors against n_a and V (n_x = V), in Keras's order, so the first wrong
/// tensor is named. `label` (a file name, or empty) goes into the error's context; `prefix` goes
/// before the tensor's name (the optimizer's moments are "optimizer_state.m.lstm_kernel", ...).
/// @throws shape_error `jazzlstm.model.shape` naming the tensor and both shapes.
/// Allocates: only for the message.
template <typename T>
void check_weight_shapes(const KerasWeights<T>& w, int n_a, int V, const std::string& label = {}, const std::string& prefix = {})
{
    auto check = [&](const char* name, Eigen::Index rows, Eigen::Index cols, Eigen::Index want_rows, Eigen::Index want_cols) {
        if (rows != want_rows || cols != want_cols) {
            error_context where;
            where.file = label;
            where.token = prefix + name;
            // The sentence is built before the context is moved into the error.
            const std::string detail = where.token + " is " + std::to_string(rows) + "x" + std::to_string(cols) + ", expected "
                + std::to_string(want_rows) + "x" + std::to_string(want_cols) + " for n_a=" + std::to_string(n_a) + ", V=" + std::to_string(V);
            throw shape_error("jazzlstm.model.shape", detail, std::move(where));
        }
    };
    check("lstm_kernel", w.lstm_kernel.rows(), w.lstm_kernel.cols(), V, 4 * Eigen::Index { n_a });
    check("lstm_recurrent_kernel", w.lstm_recurrent_kernel.rows(), w.lstm_recurrent_kernel.cols(), n_a, 4 * Eigen::Index { n_a });
    check("lstm_bias", w.lstm_bias.rows(), w.lstm_bias.cols(), 4 * Eigen::Index { n_a }, 1);
    check("dense_kernel", w.dense_kernel.rows(), w.dense_kernel.cols(), n_a, V);
    check("dense_bias", w.dense_bias.rows(), w.dense_bias.cols(), V, 1);
}

} // namespace jazzlstm
