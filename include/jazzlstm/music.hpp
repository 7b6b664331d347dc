// The music-side umbrella: MIDI files, music theory, the jazz grammar and the corpus pipeline.
// Standard library only; it meets the network side (model.hpp) through token-index vectors.
#pragma once

#include <jazzlstm/core/config.hpp>
#include <jazzlstm/core/error.hpp>
#include <jazzlstm/music/notes.hpp>
#include <jazzlstm/music/midi.hpp>
#include <jazzlstm/music/theory.hpp>
#include <jazzlstm/music/grammar.hpp>
#include <jazzlstm/music/music21_import.hpp>
#include <jazzlstm/core/vocabulary.hpp>
#include <jazzlstm/music/corpus.hpp>
#include <jazzlstm/music/chord_symbols.hpp>
#include <jazzlstm/music/chart.hpp>
#include <jazzlstm/music/band.hpp>
#include <jazzlstm/music/musicxml/write.hpp>
#include <jazzlstm/music/metrics.hpp>
#include <jazzlstm/music/style.hpp>
