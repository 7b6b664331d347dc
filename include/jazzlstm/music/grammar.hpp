// The jazz grammar of deepjazz (grammar-spec §5, §10): one token `TYPE,DUR[,<UP,DOWN>]` per melody
// note or rest, and the way back from tokens to notes over a chord group. The umbrella of
// music/grammar/ (standard library only; the network sees these tokens only as vocabulary indices).
//
//   grammar/token.hpp       Token, format_token(s), parse_token(s)
//   grammar/parse.hpp       one measure → tokens: parse_measure, parse_measure_detailed
//   grammar/render.hpp      tokens → notes: prune_grammar, unparse_grammar, prune_notes,
//                           clean_up_notes, render_group
//   grammar/last_chord.hpp  deepjazz's lastChord, shared by both directions
#pragma once

#include <jazzlstm/music/grammar/token.hpp>
#include <jazzlstm/music/grammar/parse.hpp>
#include <jazzlstm/music/grammar/render.hpp>
