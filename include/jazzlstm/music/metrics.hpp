// The metrics umbrella (standard library only): the figures of a melody line, read beside the
// melody it learned from and beside human solos. docs/metrics.md defines each of them.
//
//   metrics/line.hpp           MetricLine: one note per onset (the highest), the harmony, the bars
//   metrics/register.hpp       range, centre, percentiles, notes below the chord's top
//   metrics/intervals.hpp      leaps, one-way runs, bar-line leaps against leaps inside bars
//   metrics/rhythm.hpp         durations, triplets, onsets in the beat, swing, velocities
//   metrics/openings.hpp       how bars open: downbeat, tie, pickup, rest
//   metrics/pitch_classes.hpp  entropy H1/H4, chord-tone ratio, scale consistency
//   metrics/groove.hpp         grooving pattern similarity
//   metrics/repetition.hpp     self-repetition, originality against the source
//   metrics/report.hpp         MelodyMetrics, the Weimar references, the style goals
//   metrics/sources.hpp        the line of a corpus
#pragma once

#include <jazzlstm/music/metrics/line.hpp>
#include <jazzlstm/music/metrics/register.hpp>
#include <jazzlstm/music/metrics/intervals.hpp>
#include <jazzlstm/music/metrics/rhythm.hpp>
#include <jazzlstm/music/metrics/openings.hpp>
#include <jazzlstm/music/metrics/pitch_classes.hpp>
#include <jazzlstm/music/metrics/groove.hpp>
#include <jazzlstm/music/metrics/repetition.hpp>
#include <jazzlstm/music/metrics/report.hpp>
#include <jazzlstm/music/metrics/sources.hpp>
