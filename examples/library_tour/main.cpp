// The library in about twenty lines: MIDI file → grammar corpus → trained LSTM → new tokens.
// The README shows this program; CI builds and runs it, so the README cannot drift from the API.
#include <jazzlstm/model.hpp> // the network: JazzModel, training windows, sampling, model file
#include <jazzlstm/music.hpp> // the music: MIDI, grammar, corpus

#include <iostream>
#include <memory>
#include <random>

int main(int argc, char** argv)
{
    if (argc < 2) { std::cerr << "usage: library_tour FILE.mid\n"; return 2; }
    try {
        jazzlstm::Corpus corpus = jazzlstm::load_corpus(argv[1]);       // automatic part choice
        std::cout << corpus.parts.explanation << '\n';
        auto data = jazzlstm::make_training_data(corpus.indices(), corpus.vocabulary.size());
        auto model = std::make_unique<jazzlstm::JazzModel<float>>(corpus.vocabulary.size(), /*seed=*/7);
        std::cout << model->summary();
        auto history = model->fit(data.X, data.Y, /*epochs=*/100);
        std::cout << "loss " << history.front().loss << " -> " << history.back().loss << '\n';
        auto sampler = jazzlstm::make_temperature_sampler(0.5, std::mt19937_64(7));
        for (int index : model->generate<50>(sampler).indices)
            std::cout << corpus.vocabulary.token(index) << ' ';
        std::cout << '\n';
    } catch (const jazzlstm::error& e) {
        std::cerr << e.what() << '\n';
        return 1;
    }
}
