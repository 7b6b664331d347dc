// From a MIDI score to the token corpus deepjazz trains on: the umbrella of music/corpus/
// (standard library only). docs/corpus.md has the details.
//
//   corpus/options.hpp      CorpusOptions and the presets
//   corpus/tracks.hpp       the tracks as the part choice sees them (split channels, names)
//   corpus/part_choice.hpp  track statistics, the automatic choice, PartChoice
//   corpus/measures.hpp     Measure: one bar of the corpus
//   corpus/build.hpp        Corpus, build_corpus, load_corpus
#pragma once

#include <jazzlstm/music/corpus/options.hpp>
#include <jazzlstm/music/corpus/tracks.hpp>
#include <jazzlstm/music/corpus/part_choice.hpp>
#include <jazzlstm/music/corpus/measures.hpp>
#include <jazzlstm/music/corpus/build.hpp>

// As before the split, the whole of the MIDI and grammar headers comes with it.
#include <jazzlstm/music/grammar.hpp>
#include <jazzlstm/music/midi.hpp>
