// Explicit instantiation definitions of the improviser's other model sizes (n_a 32, 128, 256, float)
// and of the solo network of every built size (improv/network.hpp). Include this header in exactly
// ONE translation unit of a program whose other translation units define
// JAZZLSTM_EXTERN_MODEL_TEMPLATES, beside <jazzlstm/nn/model_instances.hpp> (which has n_a 64).
#pragma once

#include <jazzlstm/improv/network.hpp>

namespace jazzlstm {

template class LSTM<float, 32>;
template class LSTM<float, 128>;
template class LSTM<float, 256>;
template class Dense<float, 32>;
template class Dense<float, 128>;
template class Dense<float, 256>;
template class detail::TrainingPass<float, 30, 32, DefaultMaths>;
template class detail::TrainingPass<float, 30, 128, DefaultMaths>;
template class detail::TrainingPass<float, 30, 256, DefaultMaths>;
template class JazzModel<float, 30, 32>;
template class JazzModel<float, 30, 128>;
template class JazzModel<float, 30, 256>;
template class SoloNetworkOf<32>;
template class SoloNetworkOf<64>;
template class SoloNetworkOf<128>;
template class SoloNetworkOf<256>;

} // namespace jazzlstm
