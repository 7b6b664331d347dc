// The default generation mode's rules that need no network (standard library only): the style
// learned from the training melody and how a bar of grammar tokens is played in it.
//
//   style/source_style.hpp  SourceStyle, learn_style: register, runs, openings, swing, accents, tempo
//   style/pitch_choice.hpp  LineState, choose_pitch: one token's pitch against the line and the style
//   style/realise.hpp       realise_bar, join_bar: one bar of tokens, and its meeting with the last
//   style/feel.hpp          apply_swing, apply_velocities
#pragma once

#include <jazzlstm/music/style/source_style.hpp>
#include <jazzlstm/music/style/pitch_choice.hpp>
#include <jazzlstm/music/style/realise.hpp>
#include <jazzlstm/music/style/feel.hpp>
