// The improviser umbrella: train on MIDI corpora, save and load the model, improvise a solo over
// chord groups and turn it into a MIDI score. The only part of the library that includes both
// the network (nn/) and the music (music/) halves.
#pragma once

#include <jazzlstm/improv/seeds.hpp>
#include <jazzlstm/improv/network.hpp>
#include <jazzlstm/improv/token_vocabulary.hpp>
#include <jazzlstm/improv/training_set.hpp>
#include <jazzlstm/improv/solo_model.hpp>
#include <jazzlstm/improv/training_history.hpp>
#include <jazzlstm/improv/training.hpp>
#include <jazzlstm/improv/chord_groups.hpp>
#include <jazzlstm/improv/solo.hpp>
#include <jazzlstm/improv/generate.hpp>
#include <jazzlstm/improv/solo_score.hpp>
#include <jazzlstm/improv/solo_lead_sheet.hpp>
#include <jazzlstm/improv/solo_metrics.hpp>
