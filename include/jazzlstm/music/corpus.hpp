// From a MIDI score to the token corpus deepjazz trains on: the umbrella of music/corpus/
// (standard library only). docs/corpus.md has the details.
#pragma once

#include <jazzlstm/music/corpus/build.hpp>
