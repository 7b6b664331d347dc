// The lead-sheet text format of the embedded corpus and its rendering to a two-track score: the
// umbrella of music/lead_sheet/ (standard library only).
//
//   lead_sheet/parse.hpp   LeadSheet and parse_lead_sheet (the format is described there)
//   lead_sheet/render.hpp  voice_chord and lead_sheet_score
#pragma once

#include <jazzlstm/music/lead_sheet/parse.hpp>
#include <jazzlstm/music/lead_sheet/render.hpp>
