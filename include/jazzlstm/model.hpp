// The umbrella header: everything a program needs to train and run the jazz LSTM.
#pragma once

#include <jazzlstm/config.hpp>
#include <jazzlstm/error.hpp>
