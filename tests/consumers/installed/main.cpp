// A program outside the project, built against the installed headers: it trains a small
// JazzModel<float> on a MIDI file, saves and reloads it, improvises and writes the solo as MIDI,
// all through the library. Usage: consumer IN.mid OUT_DIR
#include <jazzlstm/jazzlstm.hpp>

#include <filesystem>
#include <iostream>

int main(int argc, char** argv)
{
    if (argc != 3) {
        std::cerr << "usage: consumer IN.mid OUT_DIR\n";
        return 2;
    }
    try {
        const std::filesystem::path out = argv[2];
        const jazzlstm::Corpus corpus = jazzlstm::load_corpus(argv[1]);
        jazzlstm::TrainOptions options;
        options.epochs = 3;
        const jazzlstm::TrainingRun run = jazzlstm::train_solo_model({ corpus }, options);
        jazzlstm::save_solo_model(out / "consumer.model.json", run.model);
        const jazzlstm::SoloModel reloaded = jazzlstm::load_solo_model(out / "consumer.model.json");
        jazzlstm::GenerationSettings settings;
        settings.seed = 5;
        const jazzlstm::ChordGroups chords = jazzlstm::chord_groups(corpus);
        const jazzlstm::Solo solo = jazzlstm::improvise(reloaded, chords, settings);
        if (jazzlstm::improvise(run.model, chords, settings).melody != solo.melody) {
            std::cerr << "the reloaded model plays another solo\n";
            return 1;
        }
        jazzlstm::midi::write_file(jazzlstm::midi::from_score(jazzlstm::solo_score(solo, 120)), out / "consumer.mid");
        const jazzlstm::midi::Score back = jazzlstm::midi::to_score(jazzlstm::midi::read_file(out / "consumer.mid"));
        std::size_t notes = 0;
        for (const auto& e : solo.melody)
            notes += e.is_rest || e.duration == 0 ? 0 : 1;
        if (back.tracks.size() != 3 || back.tracks[1].notes.size() != notes || notes == 0) {
            std::cerr << "the written solo does not read back\n";
            return 1;
        }
        std::cout << "jazzlstm " << JAZZLSTM_VERSION_MAJOR << '.' << JAZZLSTM_VERSION_MINOR << ": " << run.history.size()
                  << " epochs, loss " << run.history.front().loss << " -> " << run.history.back().loss << ", " << notes
                  << " notes over " << chords.groups.size() << " bars written to consumer.mid\n";
        return 0;
    } catch (const jazzlstm::error& e) {
        std::cerr << e.what() << '\n';
        return 1;
    }
}
