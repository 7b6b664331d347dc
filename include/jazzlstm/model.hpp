// The umbrella header: everything a program needs to train and run the jazz LSTM.
#pragma once

#include <jazzlstm/core/config.hpp>
#include <jazzlstm/core/error.hpp>
#include <jazzlstm/nn/sequences.hpp>
#include <jazzlstm/nn/weights.hpp>
#include <jazzlstm/nn/activations.hpp>
#include <jazzlstm/nn/initializers.hpp>
#include <jazzlstm/nn/layers/reshape.hpp>
#include <jazzlstm/nn/layers/lstm.hpp>
#include <jazzlstm/nn/layers/dense.hpp>
#include <jazzlstm/nn/loss.hpp>
#include <jazzlstm/nn/adam.hpp>
#include <jazzlstm/nn/jazz_model.hpp>
#include <jazzlstm/core/random.hpp>
#include <jazzlstm/nn/training_data.hpp>
#include <jazzlstm/nn/sampling.hpp>
#include <jazzlstm/nn/model_file.hpp>
