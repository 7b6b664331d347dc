// The improviser's other model sizes and its solo networks (improv/network_instances.hpp), in a
// translation unit of their own so that they compile beside the notebook's model on another core.
#include <jazzlstm/improv/network_instances.hpp>
