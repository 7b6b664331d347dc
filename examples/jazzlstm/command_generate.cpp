// jazzlstm generate --model M [FILE]: improvise over FILE's chords with a saved model. Also the
// generation half of improvise.
#include "commands.hpp"
#include "session.hpp"
#include "corpus_choice.hpp"

#include <jazzlstm/improv/seeds.hpp>
#include <jazzlstm/improv/solo_score.hpp>
#include <jazzlstm/music/band.hpp>
#include <jazzlstm/music/chart.hpp>
#include <jazzlstm/music/musicxml/write.hpp>
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

Solo generate_and_write(const SoloModel& model, const Corpus& corpus, const Options& options, std::uint64_t seed,
    const OutputPaths& paths, nlohmann::json& report)
{
    GenerationSettings settings;
    // The notebook is greedy: --notebook means temperature 0 unless a temperature is given.
    settings.temperature = options.notebook && !options.was_given("temperature") ? 0.0 : options.temperature;
    settings.ty = options.ty;
    settings.notebook = options.notebook;
    settings.seed = seed;
    settings.behaviour = corpus.behaviour;

    // The chords: a chart's form (repeated for --choruses, cut for --bars), else the corpus's bars
    // (repeated the same way when asked).
    const std::optional<ChordChart> chart = chosen_chart(options);
    std::vector<ChartBar> bars;
    ChordGroups groups;
    double bpm = options.bpm;
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
        if (reshaped && !options.notebook) {
            std::vector<std::vector<Chord>> repeated;
            const std::size_t total = options.bars > 0 ? static_cast<std::size_t>(options.bars)
                                                       : groups.groups.size() * static_cast<std::size_t>(options.choruses);
            for (std::size_t i = 0; i < total && !groups.groups.empty(); ++i)
                repeated.push_back(groups.groups[i % groups.groups.size()]);
            groups.groups = std::move(repeated);
        }
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
    const SoloReport written = write_solo(solo, score, paths, title);

    // The lead sheet: the line under the chord symbols of the bars it was played over.
    LeadSheetNotation sheet;
    sheet.title = title;
    sheet.tempo = bpm;
    sheet.key_fifths = key_fifths;
    sheet.melody = solo.melody;
    sheet.measures = options.notebook ? 0 : solo.groups.size();
    for (std::size_t b = 0; b < bars.size() && b < solo.groups.size(); ++b)
        for (const ChartChord& c : bars[b].chords)
            sheet.chords.push_back({ static_cast<ticks12>(b) * chart_bar_length + c.start, c.symbol });
    write_file_atomically(paths.musicxml, musicxml_lead_sheet(sheet), "jazzlstm.io.write");
    std::string pdf_program;
    if (options.pdf)
        pdf_program = write_pdf(paths.musicxml, paths.pdf);

    std::size_t notes = 0;
    for (const auto& g : solo.groups)
        notes += g.notes;
    report["groups"] = nlohmann::json::array();
    for (const auto& g : solo.groups)
        report["groups"].push_back({ { "group", g.group }, { "tokens", g.tokens }, { "elements", g.elements }, { "notes", g.notes } });
    report["notes"] = notes;
    report["midi"] = paths.midi.string();
    report["wav"] = paths.wav.string();
    report["svg"] = paths.roll.string();
    report["musicxml"] = paths.musicxml.string();
    report["bars"] = solo.groups.size();
    report["band"] = options.band;
    if (options.pdf)
        report["pdf"] = pdf_program.empty() ? nullptr : nlohmann::json(paths.pdf.string());
    if (chatty(options)) {
        std::printf("%zu notes over %zu chord groups at %g bpm%s\n\n", notes, solo.groups.size(), bpm,
            options.band ? ", with walking bass and drums" : "");
        report_file(options, "solo MIDI", paths.midi);
        report_file(options, written.wav_from_fluidsynth ? "WAV (fluidsynth)" : "WAV", paths.wav);
        report_file(options, "piano roll", paths.roll);
        report_file(options, "lead sheet", paths.musicxml);
        if (!pdf_program.empty())
            report_file(options, "PDF", paths.pdf);
    }
    if (options.pdf && pdf_program.empty() && !options.quiet)
        std::fprintf(stderr, "jazzlstm: %s not written: neither MuseScore 3 (mscore3) nor LilyPond (musicxml2ly and lilypond) is installed;"
                             " open %s in any notation program, or install musescore3 or lilypond\n",
            paths.pdf.string().c_str(), paths.musicxml.string().c_str());
    return solo;
}

// --- end of changes, form, band and lead sheet ---

int run_generate(const Options& options)
{
    nlohmann::json report;
    const ModelFile file = load_model_file(options.model);
    const SoloModel model = solo_model_from_file(file, options.model);
    const std::string source = options.files.empty() ? default_corpus_name : options.files.front();
    (void)chosen_chart(options); // a bad chart fails before the corpus is built
    const Corpus corpus = build_corpus(load_midi(source), corpus_options(options));
    if (chatty(options)) {
        std::printf("%s: V = %d, trained %d epochs, final loss %s\n", options.model.c_str(), file.hyper.V,
            file.hyper.training.epochs,
            file.hyper.training.final_loss ? std::to_string(*file.hyper.training.final_loss).c_str() : "unknown");
        std::cout << source << ": " << corpus_report(corpus);
    }
    // Without --seed, the model's own seed: train + generate then give improvise's solo.
    const std::uint64_t seed = options.seed.value_or(file.hyper.training.seed);
    generate_and_write(model, corpus, options, seed, output_paths(options.out, "solo"), report);
    if (options.json)
        std::cout << report.dump(2) << "\n";
    return 0;
}

} // namespace jazzlstm::app
