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
    const std::vector<std::string> files = options.files.empty() ? std::vector<std::string> { default_corpus_name } : options.files;
    const OutputPaths paths = output_paths(options.out, default_solo_base(files.front(), default_corpus_name));
    refuse_overwriting_inputs({ { "solo MIDI", paths.midi }, { "WAV", paths.wav }, { "piano roll", paths.roll },
                                  { "model", paths.model }, { "loss CSV", paths.loss_csv }, { "loss chart", paths.loss_svg },
                                  { "lead sheet", paths.musicxml }, { "PDF", paths.pdf } },
        input_files(options));
    (void)chosen_chart(options); // a bad chart fails now, not after training

    nlohmann::json report;
    const CorpusCollection collection = load_corpora(options, files);
    const std::vector<Corpus>& corpora = collection.corpora;
    const TrainingRun run = train_from_options(options, corpora, collection.files);
    OutputSet set;
    Written written;
    generate_into(run.model, corpora.front(), options, options.seed.value_or(default_seed), paths, set, written, report);
    add_training_outputs(options, run, paths.model, paths, set, written, report);
    set.commit();
    report_written(options, written);
    if (options.json)
        print_json(report);
    return 0;
}

} // namespace jazzlstm::app
