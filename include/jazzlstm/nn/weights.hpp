// The model's parameters in Keras's layout: the exchange format between the trained
// model, the model file and weights exported from Keras or PyTorch.
#pragma once

#include <Eigen/Core>

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

} // namespace jazzlstm
