// The jazz grammar of deepjazz (grammar-spec §5, §10): the umbrella of music/grammar/
// (standard library only).
#pragma once

#include <jazzlstm/music/grammar/render.hpp>
