// The melody line of a corpus (standard library only): what the model learned, measured the way
// a solo is measured.
#pragma once

#include <jazzlstm/music/corpus/build.hpp>
#include <jazzlstm/music/metrics/line.hpp>
#include <jazzlstm/music/notes.hpp>

#include <vector>

namespace jazzlstm {

/// The line of a corpus: the elements of its measures (the window, the melody as the corpus kept
/// it) over the chords paired with them, bars on the file's own 4/4 grid, at the corpus's tempo.
/// Allocates: the result.
inline MetricLine metric_line(const Corpus& corpus)
{
    std::vector<MelodyElement> elements;
    std::vector<Chord> chords;
    for (const auto& m : corpus.measures) {
        elements.insert(elements.end(), m.elements.begin(), m.elements.end());
        chords.insert(chords.end(), m.chords.begin(), m.chords.end());
    }
    MetricLine line = metric_line(elements, chords);
    line.bpm = corpus.bpm;
    return line;
}

} // namespace jazzlstm
