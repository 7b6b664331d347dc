// The library in about twenty lines: a MIDI file in, a model trained on its solo, a new solo over
// its chords out as MIDI. The README shows this program; CI builds and runs it, so the README
// cannot drift from the API. Usage: library_tour IN.mid OUT.mid
#include <jazzlstm/jazzlstm.hpp> // the network, the music and the improviser that joins them

#include <iostream>

int main(int argc, char** argv)
{
    if (argc < 3) { std::cerr << "usage: library_tour IN.mid OUT.mid\n"; return 2; }
    try {
        const jazzlstm::Corpus corpus = jazzlstm::load_corpus(argv[1]);   // automatic part choice
        std::cout << corpus.parts.explanation << '\n';
        jazzlstm::TrainOptions training;                                  // the notebook's 100 epochs, seed 1
        const jazzlstm::TrainingRun run = jazzlstm::train_solo_model({ corpus }, training);
        std::cout << run.model.network->summary();
        std::cout << "loss " << run.history.front().loss << " -> " << run.history.back().loss << '\n';
        jazzlstm::GenerationSettings settings;                            // temperature 1, one continuous line
        settings.style = jazzlstm::learn_style(jazzlstm::metric_line(corpus)); // ... played like the source
        const jazzlstm::Solo solo = jazzlstm::improvise(run.model, jazzlstm::chord_groups(corpus), settings);
        jazzlstm::midi::write_file(jazzlstm::midi::from_score(jazzlstm::solo_score(solo, corpus.bpm)), argv[2]);
        std::cout << solo.melody.size() << " notes and rests over " << solo.groups.size() << " bars in " << argv[2] << '\n';
    } catch (const jazzlstm::error& e) {                                  // typed, with a stable id
        std::cerr << e.what() << '\n';
        return 1;
    }
}
