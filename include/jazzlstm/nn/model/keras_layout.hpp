// The one place that converts between the layers' storage and Keras's weight layout. The
// layers keep their kernels transposed with respect to Keras so that the batch runs along
// columns (layers/lstm.hpp, layers/dense.hpp); a model file, Keras and PyTorch exchange
// KerasWeights (nn/weights.hpp).
#pragma once

#include <jazzlstm/core/error.hpp>
#include <jazzlstm/nn/layers/dense.hpp>
#include <jazzlstm/nn/weights.hpp>

#include <Eigen/Core>

#include <sstream>

namespace jazzlstm::detail {

/// The weights of `lstm` and `dense` in Keras's layout. Allocates: yes.
template <typename T, int NA, typename LSTMLayer>
KerasWeights<T> to_keras_weights(const LSTMLayer& lstm, const Dense<T, NA>& dense)
{
    KerasWeights<T> w;
    w.lstm_kernel = lstm.kernel().transpose();
    w.lstm_recurrent_kernel = lstm.recurrent_kernel().transpose();
    w.lstm_bias = lstm.bias();
    w.dense_kernel = dense.kernel().transpose();
    w.dense_bias = dense.bias();
    return w;
}

inline void check_shape(const char* name, Eigen::Index rows, Eigen::Index cols, Eigen::Index want_rows,
    Eigen::Index want_cols, int NA)
{
    if (rows != want_rows || cols != want_cols) {
        std::ostringstream msg;
        msg << name << " is " << rows << " x " << cols << ", expected " << want_rows << " x " << want_cols
            << " for n_a = " << NA;
        throw shape_error("jazzlstm.model.weight_shape", msg.str());
    }
}

/// Copies Keras-layout weights into `lstm` and `dense` after checking all five shapes, so a
/// wrong tensor leaves both layers unchanged. Allocates: no.
/// @throws shape_error (`jazzlstm.model.weight_shape`) naming the first tensor whose size
/// differs from (V, n_a).
template <typename T, int NA, typename LSTMLayer>
void from_keras_weights(const KerasWeights<T>& w, LSTMLayer& lstm, Dense<T, NA>& dense)
{
    const Eigen::Index V = dense.output_size();
    check_shape("lstm_kernel", w.lstm_kernel.rows(), w.lstm_kernel.cols(), V, 4 * NA, NA);
    check_shape("lstm_recurrent_kernel", w.lstm_recurrent_kernel.rows(), w.lstm_recurrent_kernel.cols(), NA, 4 * NA, NA);
    check_shape("lstm_bias", w.lstm_bias.rows(), w.lstm_bias.cols(), 4 * NA, 1, NA);
    check_shape("dense_kernel", w.dense_kernel.rows(), w.dense_kernel.cols(), NA, V, NA);
    check_shape("dense_bias", w.dense_bias.rows(), w.dense_bias.cols(), V, 1, NA);
    lstm.kernel() = w.lstm_kernel.transpose();
    lstm.recurrent_kernel() = w.lstm_recurrent_kernel.transpose();
    lstm.bias() = w.lstm_bias;
    dense.kernel() = w.dense_kernel.transpose();
    dense.bias() = w.dense_bias;
}

} // namespace jazzlstm::detail
