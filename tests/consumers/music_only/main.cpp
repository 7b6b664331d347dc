// The music half alone: MIDI in, the corpus and its tokens out, with Eigen nowhere in sight.
// Usage: consumer IN.mid
#if __has_include(<Eigen/Core>)
#error "Eigen is on the include path of a jazzlstm::music-only program"
#endif
#include <jazzlstm/music.hpp>

#include <iostream>

int main(int argc, char** argv)
{
    if (argc != 2)
        return 2;
    try {
        const jazzlstm::Corpus corpus = jazzlstm::load_corpus(argv[1]);
        std::cout << "music-only consumer: " << corpus.measures.size() << " measures, " << corpus.tokens.size()
                  << " tokens, vocabulary " << corpus.vocabulary.size() << ", first token " << corpus.tokens.front() << '\n';
        return corpus.tokens.empty() ? 1 : 0;
    } catch (const jazzlstm::error& e) {
        std::cerr << e.what() << '\n';
        return 1;
    }
}
