// JazzModel, the notebook's network. Its collaborators live in nn/model/ (docs/architecture.md).
#pragma once

#include <jazzlstm/nn/model/jazz_model.hpp>
