// jazzlstm evaluate SOLO.mid [--train FILE.mid]: the figures of a solo's melody (docs/metrics.md)
// beside those of the melody it was trained on and of human solos, and the style goals.
#include "commands.hpp"
#include "corpus_choice.hpp"
#include "evaluation_svg.hpp"
#include "inputs.hpp"
#include "metrics_report.hpp"
#include "outputs.hpp"

#include <jazzlstm/core/atomic_file.hpp>
#include <jazzlstm/improv/solo_metrics.hpp>

#include <nlohmann/json.hpp>

#include <cctype>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <string>
#include <utility>
#include <vector>

namespace jazzlstm::app {

namespace {

std::string lower(std::string s)
{
    for (auto& c : s)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

/// The solo's parts: the tracks "Solo" and "Chords" of a file jazzlstm wrote, else the automatic
/// choice; simultaneous notes of the melody count with their highest (the metrics' melody).
CorpusOptions solo_options(const midi::File& file)
{
    CorpusOptions options;
    options.melody_top_note = true;
    const midi::Score score = midi::to_score(file);
    bool solo = false, chords = false;
    for (const auto& t : score.tracks) {
        solo = solo || (lower(t.name) == "solo" && !t.notes.empty());
        chords = chords || (lower(t.name) == "chords" && !t.notes.empty());
    }
    if (solo && chords) {
        options.melody = "Solo";
        options.chords = { "Chords" };
    }
    return options;
}

std::string parts_line(const std::string& name, const Corpus& corpus, const MelodyMetrics& m)
{
    std::string chords;
    for (int c : corpus.parts.chords)
        chords += (chords.empty() ? "" : ", ") + std::to_string(c);
    char buffer[160];
    std::snprintf(buffer, sizeof buffer, "; %zu bars, %zu notes, %.1f bpm\n", m.bars, m.reg.notes, corpus.bpm);
    return name + ": melody track " + std::to_string(corpus.parts.melody) + ", chords track" + (corpus.parts.chords.size() == 1 ? " " : "s ")
        + chords + buffer;
}

} // namespace

int run_evaluate(const Options& options)
{
    const std::string& solo_name = options.files.front();
    if (options.svg) {
        std::vector<std::pair<std::string, std::filesystem::path>> inputs = input_files(options);
        if (!options.train.empty() && options.train != default_corpus_name)
            inputs.push_back({ "training file", options.train });
        refuse_overwriting_inputs({ { "evaluation chart", options.out.empty() ? std::filesystem::path("evaluation.svg") : std::filesystem::path(options.out) } },
            inputs);
    }
    const midi::File solo_file = load_midi(solo_name);
    const Corpus solo = build_corpus(solo_file, options.train.empty() ? corpus_options(options) : solo_options(solo_file));
    const MetricLine solo_line = metric_line(solo);
    const MelodyMetrics solo_metrics = measure_melody(solo_line);
    nlohmann::json report;
    report["solo_file"] = json_text(solo_name);

    std::optional<Corpus> source;
    std::optional<SoloEvaluation> evaluation;
    MetricLine source_line;
    if (!options.train.empty()) {
        source = build_corpus(load_midi(options.train), corpus_options(options));
        source_line = metric_line(*source);
        evaluation = evaluate_line(solo_line, solo.tokens, source_line, source->tokens);
        report["train_file"] = json_text(options.train);
        report.update(evaluation_json(*evaluation));
    } else {
        report["solo"] = metrics_json(solo_metrics);
    }

    std::filesystem::path svg_path;
    if (options.svg) {
        svg_path = options.out.empty() ? std::filesystem::path("evaluation.svg") : std::filesystem::path(options.out);
        EvaluationChart chart;
        chart.solo = &solo_line;
        chart.solo_name = solo_name;
        if (source) {
            chart.source = &source_line;
            chart.source_name = options.train;
        }
        write_file_atomically(svg_path, evaluation_svg(chart), "jazzlstm.io.write");
        report["svg"] = json_text(svg_path.string());
    }

    if (options.json) {
        print_json(report);
        return 0;
    }
    if (options.quiet)
        return 0;
    std::cout << parts_line(solo_name, solo, solo_metrics);
    if (source)
        std::cout << parts_line(options.train, *source, evaluation->source);
    std::cout << "\n"
              << metrics_table(solo_metrics, evaluation ? &evaluation->source : nullptr, evaluation ? &*evaluation : nullptr);
    if (options.svg)
        std::printf("\n%-10s %s\n", "chart", svg_path.string().c_str());
    return 0;
}

} // namespace jazzlstm::app
