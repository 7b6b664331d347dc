// jazzlstm-compose: turns a lead sheet (examples/data/default_corpus.txt) into the two-track
// MIDI file the jazzlstm program embeds as its default corpus.
//
//   jazzlstm-compose SOURCE.txt OUT.mid
//
// The output is a pure function of the text, so a ctest regenerates it and compares it with
// the committed examples/data/default_corpus.mid byte for byte.
#include <jazzlstm/music/lead_sheet.hpp>

#include <jazzlstm/music/midi.hpp>

#include <fstream>
#include <iostream>
#include <sstream>

int main(int argc, char** argv)
{
    if (argc != 3) {
        std::cerr << "usage: jazzlstm-compose SOURCE.txt OUT.mid\n";
        return 2;
    }
    try {
        std::ifstream in(argv[1], std::ios::binary);
        if (!in) {
            jazzlstm::error_context context;
            context.file = argv[1];
            throw jazzlstm::io_error("jazzlstm.io.read", "cannot open the lead sheet", context);
        }
        std::stringstream text;
        text << in.rdbuf();
        const auto sheet = jazzlstm::parse_lead_sheet(text.str(), argv[1]);
        const auto score = jazzlstm::lead_sheet_score(sheet);
        jazzlstm::midi::write_file(jazzlstm::midi::from_score(score), argv[2]);
        std::size_t comp_hits = 0;
        for (std::size_t i = 0; i < score.tracks[1].notes.size(); ++i)
            if (i == 0 || score.tracks[1].notes[i].on_tick != score.tracks[1].notes[i - 1].on_tick)
                ++comp_hits;
        std::cout << argv[2] << ": " << sheet.bars.size() << " bars, " << score.tracks[0].notes.size() << " melody notes, "
                  << comp_hits << " chord hits (" << score.tracks[1].notes.size() << " notes)\n";
    } catch (const jazzlstm::error& e) {
        std::cerr << "jazzlstm-compose: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
