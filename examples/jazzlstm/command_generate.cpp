// jazzlstm generate --model M [FILE]: improvise over FILE's chords with a saved model. Also the
// generation half of improvise.
#include "commands.hpp"
#include "session.hpp"
#include "corpus_choice.hpp"
#include "metrics_report.hpp"

#include <jazzlstm/improv/chord_groups.hpp>
#include <jazzlstm/improv/seeds.hpp>
#include <jazzlstm/improv/solo_metrics.hpp>
#include <jazzlstm/improv/solo_lead_sheet.hpp>
#include <jazzlstm/improv/solo_score.hpp>
#include <jazzlstm/music/band.hpp>
#include <jazzlstm/music/chart.hpp>
#include <jazzlstm/music/musicxml/write.hpp>
#include <jazzlstm/music/style.hpp>
#include <jazzlstm/nn/model_file.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <random>
#include <sstream>
#include <string>

namespace jazzlstm::app {

// --- changes, form, band and lead sheet (issue 12) ---

namespace {

    bool is_musicxml(const std::string& name)
    {
        const std::string ext = std::filesystem::path(name).extension().string();
        return ext == ".musicxml" || ext == ".xml" || ext == ".mxl";
    }

} // namespace

std::optional<ChordChart> chosen_chart(const Options& options)
{
    if (!options.changes.empty()) {
        std::error_code ec;
        if (options.changes.find('|') == std::string::npos && std::filesystem::is_regular_file(options.changes, ec)) {
            std::ifstream in(options.changes, std::ios::binary);
            std::ostringstream text;
            text << in.rdbuf();
            return parse_changes(text.str(), options.changes);
        }
        return parse_changes(options.changes, "--changes");
    }
    if (!options.files.empty() && is_musicxml(options.files.front()))
        return read_tune_chart(options.files.front());
    return std::nullopt;
}

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

    // The chords: a chart's form (repeated for --choruses, cut for --bars), else the corpus's bars
    // (repeated the same way when asked).
    const std::optional<ChordChart> chart = chosen_chart(options);
    std::vector<ChartBar> bars;
    ChordGroups groups;
    // The source's tempo by default (a chart's own when it gives one); the notebook writes 130 bpm,
    // as it always did.
    double bpm = options.was_given("bpm") ? options.bpm : options.notebook ? 130.0 : corpus.bpm;
    std::string title = "jazzlstm solo";
    int key_fifths = 0;
    const bool reshaped = options.was_given("choruses") || options.was_given("bars");
    if (chart) {
        bars = chart_form(*chart, options.choruses, options.bars);
        groups = chord_groups(bars);
        if (chart->tempo_given && !options.was_given("bpm"))
            bpm = chart->tempo;
        if (!chart->title.empty())
            title = chart->title;
        key_fifths = chart->key_fifths;
    } else {
        groups = chord_groups(corpus);
        if (reshaped && !options.notebook)
            groups = repeat_form(groups, options.bars > 0 ? static_cast<std::size_t>(options.bars)
                                                          : groups.groups.size() * static_cast<std::size_t>(options.choruses));
        bars = chart_of_chords(groups.groups);
    }
    const Solo solo = improvise(model, groups, settings);
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
    midi::Score score = solo_score(solo, bpm);
    if (options.band) {
        // The band follows the bars the solo was played over (the notebook's loop plays fewer).
        std::vector<ChartBar> played(bars.begin(), bars.begin() + static_cast<std::ptrdiff_t>(std::min(bars.size(), solo.groups.size())));
        std::mt19937_64 rng(derive_seed(seed, SeedStream::grammar) ^ 0x62616e64u); // "band": its own stream
        add_band_tracks(score, walking_bass(played, rng), swing_drums(played.size()));
    }
    RollSettings roll;
    roll.title = title;
    roll.band = std::make_pair(settings.style->low, settings.style->high);
    roll.bar_numbers = groups.bar_numbers;
    const SoloReport rendered = add_solo(set, solo, score, paths, roll);
    const SoloEvaluation evaluation = evaluate_solo(solo, bpm, corpus);

    // The lead sheet: the line under the chord symbols of the bars it was played over.
    LeadSheetNotation sheet = solo_lead_sheet(solo, bars, options.chord_part);
    sheet.title = title;
    sheet.tempo = bpm;
    sheet.key_fifths = key_fifths;
    if (options.notebook)
        sheet.measures = 0; // the notebook skips rest groups, so its groups are not one per bar
    std::string lead_sheet = musicxml_lead_sheet(sheet);
    PrintedSheet printed;
    if (options.pdf)
        printed = print_pdf(lead_sheet, paths.musicxml.string());
    set.add(paths.musicxml, std::move(lead_sheet));
    if (!printed.program.empty())
        set.add(paths.pdf, std::move(printed.pdf));
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
    report["musicxml"] = json_text(paths.musicxml.string());
    report["bars"] = solo.groups.size();
    report["band"] = options.band;
    if (options.pdf)
        report["pdf"] = printed.program.empty() ? nullptr : nlohmann::json(json_text(paths.pdf.string()));
    if (!rendered.wav_warning.empty()) {
        report["warnings"].push_back(json_text(rendered.wav_warning));
        written.warnings.push_back(rendered.wav_warning);
    }
    if (chatty(options))
        std::printf("%zu notes over %zu chord groups at %g bpm (%.1f s)%s\n%s\n\n", notes, solo.groups.size(), bpm, rendered.seconds,
            options.band ? ", with walking bass and drums" : "", style_summary(evaluation).c_str());
    written.files.push_back({ "solo MIDI", paths.midi });
    written.files.push_back({ rendered.wav_from_fluidsynth ? "WAV (fluidsynth)" : "WAV", paths.wav });
    written.files.push_back({ "piano roll", paths.roll });
    written.files.push_back({ "lead sheet", paths.musicxml });
    if (!printed.program.empty())
        written.files.push_back({ "PDF", paths.pdf });
    if (options.pdf && printed.program.empty())
        written.warnings.push_back(paths.pdf.string() + " not written: neither MuseScore 3 (mscore3) nor LilyPond (musicxml2ly and lilypond)"
            " is installed; open " + paths.musicxml.string() + " in any notation program, or install musescore3 or lilypond");
    return solo;
}

// --- end of changes, form, band and lead sheet ---

int run_generate(const Options& options)
{
    const std::string source = options.files.empty() ? default_corpus_name : options.files.front();
    const OutputPaths paths = output_paths(options.out, default_solo_base(source, default_corpus_name));
    refuse_overwriting_inputs({ { "solo MIDI", paths.midi }, { "WAV", paths.wav }, { "piano roll", paths.roll },
                                  { "lead sheet", paths.musicxml }, { "PDF", paths.pdf } },
        input_files(options));
    (void)chosen_chart(options); // a bad chart fails before the model is read and the corpus built

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
