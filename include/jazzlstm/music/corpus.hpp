// From a MIDI score to the token corpus deepjazz trains on: the umbrella of music/corpus/
// (standard library only). docs/corpus.md has the details.
//
//   corpus/options.hpp      CorpusOptions, HarmonyReading and the presets
//   corpus/tracks.hpp       the tracks as the part choice sees them (split channels, names)
//   corpus/onsets.hpp       attacks (notes within a strum) and a track's top line
//   corpus/track_stats.hpp  what the choice measures on a track (TrackStats)
//   corpus/doubling.hpp     which tracks copy each other
//   corpus/part_choice.hpp  the automatic choice and its verdicts, PartChoice
//   corpus/harmony.hpp      the harmony of each bar, read per beat
//   corpus/measures.hpp     Measure: one bar of the corpus
//   corpus/build.hpp        Corpus, build_corpus, choose_parts, load_corpus
//   corpus/collection.hpp   midi_files (a directory's MIDI files), build_corpora on every core
#pragma once

#include <jazzlstm/music/corpus/options.hpp>
#include <jazzlstm/music/corpus/tracks.hpp>
#include <jazzlstm/music/corpus/onsets.hpp>
#include <jazzlstm/music/corpus/track_stats.hpp>
#include <jazzlstm/music/corpus/doubling.hpp>
#include <jazzlstm/music/corpus/part_choice.hpp>
#include <jazzlstm/music/corpus/harmony.hpp>
#include <jazzlstm/music/corpus/measures.hpp>
#include <jazzlstm/music/corpus/build.hpp>
#include <jazzlstm/music/corpus/collection.hpp>

// As before the split, the whole of the MIDI and grammar headers comes with it.
#include <jazzlstm/music/grammar.hpp>
#include <jazzlstm/music/midi.hpp>
