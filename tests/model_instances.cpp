// The one translation unit of the test programs that instantiates the notebook's models
// (tests/CMakeLists.txt, "explicit instantiation").
#include <jazzlstm/nn/model_instances.hpp>
