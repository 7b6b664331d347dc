// Explicit instantiation definitions of the notebook's models (Tx 30, n_a 64, float and double)
// and of the layers they use. Include this header in exactly ONE translation unit of a program
// whose other translation units define JAZZLSTM_EXTERN_MODEL_TEMPLATES (nn/model/jazz_model.hpp);
// compile it with the same flags as the rest of the program (an -march=native program needs an
// -march=native instantiation).
#pragma once

#include <jazzlstm/nn/jazz_model.hpp>

namespace jazzlstm {

template class LSTM<float, 64>;
template class LSTM<double, 64>;
template class Dense<float, 64>;
template class Dense<double, 64>;
template class detail::TrainingPass<float, 30, 64, DefaultMaths>;
template class detail::TrainingPass<double, 30, 64, DefaultMaths>;
template class JazzModel<float, 30, 64>;
template class JazzModel<double, 30, 64>;

} // namespace jazzlstm
