// The model file: a versioned JSON document holding hyper-parameters, training facts, the
// vocabulary (with a hash that binds the weights to it) and the five weight tensors in
// Keras's layout, so that weights trained here, in Keras or in PyTorch can be exchanged.
// The format is specified in docs/model-format.md.
//
//   model_file/format.hpp  the types, constants and the rules shared by reading and writing
//   model_file/read.hpp    parse_model_file, load_model_file
//   model_file/write.hpp   dump_model_file, save_model_file
#pragma once

#include <jazzlstm/nn/model_file/format.hpp>
#include <jazzlstm/nn/model_file/read.hpp>
#include <jazzlstm/nn/model_file/write.hpp>
