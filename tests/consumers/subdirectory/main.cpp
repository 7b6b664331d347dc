// Built inside another project through add_subdirectory(jazzlstm): the network and the music
// halves as component targets. It trains the notebook's model briefly on the windows of a MIDI
// file's corpus and checks that the loss falls. Usage: consumer IN.mid
#include <jazzlstm/model.hpp>
#include <jazzlstm/music.hpp>

#include <iostream>
#include <memory>

int main(int argc, char** argv)
{
    if (argc != 2)
        return 2;
    try {
        const jazzlstm::Corpus corpus = jazzlstm::load_corpus(argv[1]);
        const int values = static_cast<int>(corpus.vocabulary.size());
        const jazzlstm::TrainingData data = jazzlstm::make_training_data(corpus.indices(), values);
        auto model = std::make_unique<jazzlstm::JazzModel<float>>(values, 3);
        const auto history = model->fit(data.X, data.Y, 5);
        std::cout << "add_subdirectory consumer: loss " << history.front().loss << " -> " << history.back().loss << '\n';
        return history.back().loss < history.front().loss ? 0 : 1;
    } catch (const jazzlstm::error& e) {
        std::cerr << e.what() << '\n';
        return 1;
    }
}
