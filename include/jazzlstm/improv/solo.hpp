// A generated solo: its notes and rests, the chords it was played over, and what each chord group
// produced (standard library only, so that writing a solo out needs no network).
#pragma once

#include <jazzlstm/music/notes.hpp>

#include <cstddef>
#include <string>
#include <vector>

namespace jazzlstm {

/// What one chord group produced (printed like the notebook's "Generated N sounds …").
struct GroupReport {
    int group = 0;               ///< the notebook's i: chord group number, 1-based
    std::size_t tokens = 0;      ///< tokens predicted for it
    std::size_t elements = 0;    ///< notes and rests after pruning and clipping
    std::size_t notes = 0;       ///< of which notes
    bool prefixed = false;       ///< `C,0.25` was prepended (no admissible first token)
};

/// A generated solo on the output timeline (twelfths from 0).
struct Solo {
    std::vector<MelodyElement> melody; ///< notes and rests, offset order within each group
    std::vector<Chord> chords;
    std::vector<GroupReport> groups;
    std::vector<std::string> tokens;   ///< every predicted token, in order
};

} // namespace jazzlstm
