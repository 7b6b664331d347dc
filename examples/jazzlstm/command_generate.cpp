// jazzlstm generate --model M [FILE]: improvise over FILE's chords with a saved model. Also the
// generation half of improvise.
#include "commands.hpp"
#include "session.hpp"
#include "corpus_choice.hpp"
#include "metrics_report.hpp"

#include <jazzlstm/improv/solo_metrics.hpp>
#include <jazzlstm/improv/solo_score.hpp>
#include <jazzlstm/music/style.hpp>
#include <jazzlstm/nn/model_file.hpp>

#include <cstdio>
#include <iostream>
#include <string>

namespace jazzlstm::app {

Solo generate_into(const SoloModel& model, const Corpus& corpus, const Options& options, std::uint64_t seed,
    const OutputPaths& paths, OutputSet& set, Written& written, nlohmann::json& report)
{
    GenerationSettings settings;
    // The notebook is greedy: --notebook means temperature 0 unless a temperature is given.
    settings.temperature = options.notebook && !options.was_given("temperature") ? 0.0 : options.temperature;
    settings.ty = options.ty;
    settings.notebook = options.notebook;
    settings.seed = seed;
    settings.behaviour = corpus.behaviour;
    // The default mode plays in the style of the melody whose chords it plays over (docs/generation.md).
    const MetricLine source_line = metric_line(corpus);
    settings.style = learn_style(source_line);
    settings.top_k = options.top_k;
    settings.top_p = options.top_p;
    settings.motif_recall = options.motif_recall;
    const ChordGroups groups = chord_groups(corpus);
    const Solo solo = improvise(model, groups, settings);
    // The source's tempo by default; the notebook writes 130 bpm, as it always did.
    const double bpm = options.was_given("bpm") ? options.bpm : options.notebook ? 130.0 : corpus.bpm;
    if (chatty(options)) {
        std::printf("\nPredicting new values for different set of chords (%s, temperature %g, seed %llu).\n",
            options.notebook ? "notebook loop" : "one continuous line", settings.temperature,
            static_cast<unsigned long long>(seed));
        for (const auto& g : solo.groups)
            std::printf("Generated %zu sounds using the predicted values for the set of chords (\"%d\") and after pruning"
                        " (%zu notes, %zu tokens)\n",
                g.elements, g.group, g.notes, g.tokens);
    }
    if (solo.groups.empty())
        throw argument_error("jazzlstm.cli.no_groups", "the corpus has no chord group to play over (--notebook needs at least 6)");
    const midi::Score score = solo_score(solo, bpm);
    RollSettings roll;
    roll.title = "jazzlstm solo";
    roll.band = std::make_pair(settings.style->low, settings.style->high);
    roll.bar_numbers = groups.bar_numbers;
    const SoloReport rendered = add_solo(set, solo, score, paths, roll);
    const SoloEvaluation evaluation = evaluate_solo(solo, bpm, corpus);
    std::size_t notes = 0;
    for (const auto& g : solo.groups)
        notes += g.notes;
    report["groups"] = nlohmann::json::array();
    for (const auto& g : solo.groups)
        report["groups"].push_back({ { "group", g.group }, { "tokens", g.tokens }, { "elements", g.elements }, { "notes", g.notes } });
    report["notes"] = notes;
    report["seconds"] = rendered.seconds;
    report["bpm"] = bpm;
    report["metrics"] = evaluation_json(evaluation);
    report["midi"] = json_text(paths.midi.string());
    report["wav"] = json_text(paths.wav.string());
    report["wav_synthesizer"] = rendered.wav_from_fluidsynth ? "fluidsynth" : "builtin";
    report["svg"] = json_text(paths.roll.string());
    if (!rendered.wav_warning.empty()) {
        report["warnings"].push_back(json_text(rendered.wav_warning));
        written.warnings.push_back(rendered.wav_warning);
    }
    if (chatty(options))
        std::printf("%zu notes over %zu chord groups at %g bpm (%.1f s)\n%s\n\n", notes, solo.groups.size(), bpm, rendered.seconds,
            style_summary(evaluation).c_str());
    written.files.push_back({ "solo MIDI", paths.midi });
    written.files.push_back({ rendered.wav_from_fluidsynth ? "WAV (fluidsynth)" : "WAV", paths.wav });
    written.files.push_back({ "piano roll", paths.roll });
    return solo;
}

int run_generate(const Options& options)
{
    const std::string source = options.files.empty() ? default_corpus_name : options.files.front();
    const OutputPaths paths = output_paths(options.out, default_solo_base(source, default_corpus_name));
    refuse_overwriting_inputs({ { "solo MIDI", paths.midi }, { "WAV", paths.wav }, { "piano roll", paths.roll } }, input_files(options));

    nlohmann::json report;
    ModelFile file;
    SoloModel model;
    try {
        file = load_model_file(options.model);
        model = solo_model_from_file(file, options.model);
    } catch (const jazzlstm::error& e) {
        rethrow_naming(e, options.model, e.id().rfind("jazzlstm.model.", 0) == 0 ? "" : "(in the model file)");
    }
    Corpus corpus;
    try {
        corpus = build_corpus(load_midi(source), corpus_options(options));
    } catch (const jazzlstm::error& e) {
        rethrow_naming(e, source);
    }
    if (chatty(options)) {
        std::printf("%s: V = %d, trained %lld epochs, final loss %s\n", options.model.c_str(), file.hyper.V,
            static_cast<long long>(file.hyper.training.epochs),
            file.hyper.training.final_loss ? std::to_string(*file.hyper.training.final_loss).c_str() : "unknown");
        std::cout << source << ": " << corpus_report(corpus);
    }
    // Without --seed, the model's own seed: train + generate then give improvise's solo.
    const std::uint64_t seed = options.seed.value_or(file.hyper.training.seed);
    OutputSet set;
    Written written;
    generate_into(model, corpus, options, seed, paths, set, written, report);
    set.commit();
    report_written(options, written);
    if (options.json)
        print_json(report);
    return 0;
}

} // namespace jazzlstm::app
