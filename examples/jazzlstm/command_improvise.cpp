// jazzlstm improvise [FILE...]: train on the files (default: the embedded corpus), then
// improvise over the chords of the first one. Each input is read and its corpus built once.
#include "commands.hpp"
#include "session.hpp"

#include <iostream>
#include <string>
#include <vector>

namespace jazzlstm::app {

int run_improvise(const Options& options)
{
    nlohmann::json report;
    (void)chosen_chart(options); // a bad chart fails now, not after training
    const std::vector<std::string> files = options.files.empty() ? std::vector<std::string> { default_corpus_name } : options.files;
    const std::vector<Corpus> corpora = load_corpora(options, files);
    const TrainingRun run = train_from_options(options, corpora);
    const OutputPaths paths = output_paths(options.out, "solo");
    std::filesystem::path model_path = paths.midi;
    model_path.replace_extension(".model.json");
    generate_and_write(run.model, corpora.front(), options, options.seed.value_or(default_seed), paths, report);
    write_training_outputs(options, run, model_path, paths, report);
    if (options.json)
        std::cout << report.dump(2) << "\n";
    return 0;
}

} // namespace jazzlstm::app
