// Command-line corpus options (preset names of the CLI → the pipeline's), and the corpus the
// pipeline builds from the embedded default corpus's source.
#include "corpus_choice.hpp"
#include <jazzlstm/music/lead_sheet.hpp>

#include "support.hpp"

#include <fstream>
#include <sstream>

// Each test file has a namespace of its own: a folder is compiled as one unity build, and
// this keeps a file's helpers apart from its neighbours'.
namespace jazzlstm_test_app_corpus_choice {

using namespace jazzlstm;
using namespace jazzlstm::app;

TEST_CASE("presets and explicit parts map onto CorpusOptions")
{
    auto m6 = corpus_options(parse_command_line({ "train", "f.mid", "--preset", "metheny" }));
    CHECK(m6.behaviour == jazzlstm::Music21Behaviour::music21_6);
    CHECK(m6.melody == "11");
    CHECK(m6.chords == std::vector<std::string>{ "6" });
    REQUIRE(m6.window_lo.has_value());
    CHECK(*m6.window_lo == 476.0);
    CHECK(*m6.window_hi == 548.0);
    auto m5 = corpus_options(parse_command_line({ "train", "f.mid", "--preset=metheny-no-rests" }));
    CHECK(m5.behaviour == jazzlstm::Music21Behaviour::music21_5);
    CHECK(m5.melody == "11");

    auto explicit_parts = parse_command_line({ "inspect", "f.mid", "--melody-track", "Guitar", "--chord-tracks", "2,Organ",
        "--window", "8:64" });
    auto options = corpus_options(explicit_parts);
    CHECK(options.behaviour == jazzlstm::Music21Behaviour::music21_6);
    CHECK(options.melody == "Guitar");
    CHECK(options.chords == std::vector<std::string>{ "2", "Organ" });
    CHECK(*options.window_lo == 8.0);
    CHECK(*options.window_hi == 64.0);
    CHECK(corpus_explicit(explicit_parts));

    auto automatic = corpus_options(parse_command_line({ "improvise" }));
    CHECK(automatic.melody.empty());
    CHECK(automatic.chords.empty());
    CHECK_FALSE(automatic.window_lo.has_value());
    CHECK_FALSE(corpus_explicit(parse_command_line({ "improvise" })));
}

TEST_CASE("the default corpus: the automatic choice finds its two parts, one measure per bar")
{
    std::ifstream in(jazzlstm::test::source_dir() / "examples" / "data" / "default_corpus.txt");
    std::stringstream text;
    text << in.rdbuf();
    const auto sheet = parse_lead_sheet(text.str());
    const auto score = lead_sheet_score(sheet);
    const jazzlstm::Corpus corpus = jazzlstm::build_corpus(score, corpus_options(parse_command_line({ "improvise" })));
    CHECK(corpus.parts.automatic);
    CHECK(corpus.parts.melody == 0);
    CHECK(corpus.parts.chords == std::vector<int>{ 1 });
    CHECK(corpus.measures.size() == sheet.bars.size());
    // One token per melody note, plus one per rest (music21 6 adds gap rests).
    std::size_t rests = 0;
    for (const auto& bar : sheet.bars)
        for (const auto& n : bar.melody)
            rests += n.is_rest;
    CHECK(corpus.tokens.size() == score.tracks[0].notes.size() + rests);
    MESSAGE("default corpus: " << corpus.measures.size() << " measures, " << corpus.tokens.size() << " tokens, vocabulary "
                               << corpus.vocabulary.size());
    CHECK(corpus.vocabulary.size() > 60);
    const std::string report = corpus_report(corpus);
    CHECK(report.find("melody track 0 'Guitar', chords track 1 'Piano'") != std::string::npos);
    CHECK(report.find(std::to_string(corpus.tokens.size()) + " tokens") != std::string::npos);
}

} // namespace jazzlstm_test_app_corpus_choice
