// Everything: the network (model.hpp), the music (music.hpp) and the improviser that joins them
// (improv.hpp).
#pragma once

#include <jazzlstm/model.hpp>
#include <jazzlstm/music.hpp>
#include <jazzlstm/improv.hpp>
