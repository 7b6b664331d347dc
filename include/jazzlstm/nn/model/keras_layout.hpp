// The one place that converts between the layers' storage and Keras's weight layout. The
// layers keep their kernels transposed with respect to Keras so that the batch runs along
// columns (layers/lstm.hpp, layers/dense.hpp); a model file, Keras and PyTorch exchange
// KerasWeights (nn/weights.hpp).
#pragma once

#include <jazzlstm/nn/layers/dense.hpp>
#include <jazzlstm/nn/weights.hpp>

#include <Eigen/Core>

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

/// Copies Keras-layout weights into `lstm` and `dense` after checking all five shapes, so a
/// wrong tensor leaves both layers unchanged. Allocates: no.
/// @throws shape_error (`jazzlstm.model.shape`) naming the first tensor whose shape differs
/// from the one (V, n_a) requires.
template <typename T, int NA, typename LSTMLayer>
void from_keras_weights(const KerasWeights<T>& w, LSTMLayer& lstm, Dense<T, NA>& dense)
{
    check_weight_shapes(w, NA, dense.output_size());
    lstm.kernel() = w.lstm_kernel.transpose();
    lstm.recurrent_kernel() = w.lstm_recurrent_kernel.transpose();
    lstm.bias() = w.lstm_bias;
    dense.kernel() = w.dense_kernel.transpose();
    dense.bias() = w.dense_bias;
}

} // namespace jazzlstm::detail
