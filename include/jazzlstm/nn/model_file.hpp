// The model file (docs/model-format.md): its format, reading and writing, in nn/model_file/.
#pragma once

#include <jazzlstm/nn/model_file/read.hpp>
