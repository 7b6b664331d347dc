// The music-side umbrella: MIDI files, music theory, the jazz grammar and the corpus pipeline.
// Standard library only; it meets the network side (model.hpp) through token-index vectors.
#pragma once

#include <jazzlstm/config.hpp>
#include <jazzlstm/error.hpp>
#include <jazzlstm/notes.hpp>
#include <jazzlstm/midi.hpp>
#include <jazzlstm/theory.hpp>
#include <jazzlstm/grammar.hpp>
#include <jazzlstm/music21_import.hpp>
#include <jazzlstm/vocabulary.hpp>
#include <jazzlstm/corpus.hpp>
