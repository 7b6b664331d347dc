// The one translation unit of the program that instantiates the notebook's models, compiled
// with the program's own flags (-O3 -march=native by default).
#include <jazzlstm/nn/model_instances.hpp>
