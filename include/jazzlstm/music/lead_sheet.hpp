// The lead-sheet text format of the embedded corpus and its rendering to a two-track score: the
// umbrella of music/lead_sheet/ (standard library only).
#pragma once

#include <jazzlstm/music/lead_sheet/parse.hpp>
