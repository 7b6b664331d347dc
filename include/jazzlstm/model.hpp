// The umbrella header: everything a program needs to train and run the jazz LSTM.
#pragma once

#include <jazzlstm/config.hpp>
#include <jazzlstm/error.hpp>
#include <jazzlstm/sequences.hpp>
#include <jazzlstm/weights.hpp>
#include <jazzlstm/activations.hpp>
#include <jazzlstm/initializers.hpp>
#include <jazzlstm/layers/reshape.hpp>
#include <jazzlstm/layers/lstm.hpp>
#include <jazzlstm/layers/dense.hpp>
#include <jazzlstm/loss.hpp>
#include <jazzlstm/adam.hpp>
#include <jazzlstm/jazz_model.hpp>
#include <jazzlstm/numpy_random.hpp>
#include <jazzlstm/training_data.hpp>
#include <jazzlstm/sampling.hpp>
#include <jazzlstm/model_file.hpp>
