// End-to-end tests of the jazzlstm program: it is run as a user would run it (std::system), and
// what it writes is read back with the library (midi.hpp, model_file.hpp), by structure checks
// (WAV chunks, SVG tags, CSV rows) and, where installed, by an independent parser (midicsv).
//
// Output timeline (docs/generation.md): chord group g (0-based; corpus measure g + 1) spans
// [4g, 4g + 4) quarter notes, so every melody note starting in [4g, 4g + 4) must end by 4g + 4,
// unless the source's bars open with ties or pickups (the default mode then crosses bar lines).
#include "support.hpp"

#include <jazzlstm/core/fnv.hpp>
#include <jazzlstm/improv/chord_groups.hpp>
#include <jazzlstm/improv/solo_model.hpp>
#include <jazzlstm/improv/training.hpp>
#include <jazzlstm/music/corpus.hpp>
#include <jazzlstm/music/midi.hpp>
#include <jazzlstm/nn/model_file.hpp>

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <regex>
#include <sstream>
#include <set>
#include <string>
#include <vector>

#include <sys/wait.h>

namespace fs = std::filesystem;
using namespace jazzlstm;

namespace {

struct Run {
    int code = -1;
    std::string out, err;
};

std::string quote(const std::string& s)
{
    std::string q = "'";
    for (char c : s)
        q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

std::string slurp(const fs::path& p)
{
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

/// Runs the program with `args` in `dir`; stdout and stderr are captured separately.
Run run_cli(const std::vector<std::string>& args, const fs::path& dir)
{
    fs::create_directories(dir);
    std::string command = "cd " + quote(dir.string()) + " && " + quote(JAZZLSTM_CLI);
    for (const auto& a : args)
        command += " " + quote(a);
    command += " >" + quote((dir / "stdout.txt").string()) + " 2>" + quote((dir / "stderr.txt").string());
    const int status = std::system(command.c_str());
    Run r;
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = slurp(dir / "stdout.txt");
    r.err = slurp(dir / "stderr.txt");
    return r;
}

fs::path work_dir(const std::string& name)
{
    const fs::path d = test::tmp_dir() / "cli_e2e" / name;
    fs::remove_all(d);
    fs::create_directories(d);
    return d;
}

std::uint32_t le32(const std::string& b, std::size_t at)
{
    return static_cast<std::uint32_t>(static_cast<unsigned char>(b[at])) | static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 1])) << 8
        | static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 2])) << 16 | static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 3])) << 24;
}

/// RIFF/WAVE with a PCM fmt chunk (16-bit) and a data chunk whose size the file holds.
void check_wav(const fs::path& p)
{
    const std::string b = slurp(p);
    REQUIRE(b.size() >= 44);
    CHECK(b.compare(0, 4, "RIFF") == 0);
    CHECK(le32(b, 4) == b.size() - 8);
    CHECK(b.compare(8, 4, "WAVE") == 0);
    bool fmt = false, data = false;
    for (std::size_t at = 12; at + 8 <= b.size();) {
        const std::string id = b.substr(at, 4);
        const std::uint32_t size = le32(b, at + 4);
        REQUIRE(at + 8 + size <= b.size());
        if (id == "fmt ") {
            fmt = true;
            CHECK((static_cast<unsigned char>(b[at + 8]) | static_cast<unsigned char>(b[at + 9]) << 8) == 1); // PCM
            CHECK((static_cast<unsigned char>(b[at + 22]) | static_cast<unsigned char>(b[at + 23]) << 8) == 16);
        } else if (id == "data") {
            data = true;
            CHECK(size > 0);
        }
        at += 8 + size + (size & 1);
    }
    CHECK(fmt);
    CHECK(data);
}

/// Balanced start and end tags under one <svg> root.
void check_svg(const fs::path& p)
{
    const std::string s = slurp(p);
    REQUIRE(!s.empty());
    std::vector<std::string> open;
    std::size_t roots = 0;
    for (std::size_t at = s.find('<'); at != std::string::npos; at = s.find('<', at + 1)) {
        const std::size_t end = s.find('>', at);
        REQUIRE(end != std::string::npos);
        const std::string tag = s.substr(at + 1, end - at - 1);
        if (tag.empty() || tag[0] == '?' || tag[0] == '!')
            continue;
        if (tag[0] == '/') {
            REQUIRE_FALSE(open.empty());
            CHECK(tag.substr(1) == open.back());
            open.pop_back();
            continue;
        }
        if (open.empty())
            ++roots;
        const std::string name = tag.substr(0, tag.find_first_of(" \t\n/"));
        if (tag.back() != '/')
            open.push_back(name);
    }
    CHECK(open.empty());
    CHECK(roots == 1);
    CHECK(s.find("<svg") != std::string::npos);
}

/// `epoch,loss,accuracy` rows 1…epochs; returns the last loss.
double check_csv(const fs::path& p, int epochs)
{
    std::istringstream in(slurp(p));
    std::string line;
    REQUIRE(std::getline(in, line));
    CHECK(line == "epoch,loss,accuracy");
    int n = 0;
    double loss = NAN;
    while (std::getline(in, line)) {
        ++n;
        int epoch = 0;
        double accuracy = -1;
        REQUIRE(std::sscanf(line.c_str(), "%d,%lf,%lf", &epoch, &loss, &accuracy) == 3);
        CHECK(epoch == n);
        CHECK(std::isfinite(loss));
        CHECK(loss > 0);
        CHECK(accuracy >= 0);
        CHECK(accuracy <= 1);
    }
    CHECK(n == epochs);
    return loss;
}

/// The solo MIDI: conductor + guitar (26) + piano (0), at `bpm` (the source's tempo by default),
/// notes inside their groups, or with `crossing` (the default mode's ties and pickups) inside the
/// solo. Returns the number of melody notes.
std::size_t check_solo_midi(const fs::path& p, std::size_t groups, double bpm, bool crossing = false)
{
    const midi::File file = midi::read_file(p);
    CHECK(file.format == 1);
    REQUIRE(file.tracks.size() == 3);
    const midi::Score score = midi::to_score(file);
    CHECK(score.tracks[0].notes.empty());
    CHECK(score.tracks[1].program == 26);
    CHECK(score.tracks[2].program == 0);
    REQUIRE(score.tempos.size() == 1);
    CHECK(score.tempos[0].microseconds_per_quarter == static_cast<std::uint32_t>(60e6 / bpm + 0.5));
    const std::uint64_t bar = 4 * static_cast<std::uint64_t>(score.ticks_per_quarter);
    const auto& melody = score.tracks[1].notes;
    CHECK(!melody.empty());
    for (const auto& n : melody) {
        const std::uint64_t g = n.on_tick / bar;
        CHECK(g < groups);
        CHECK(n.off_tick > n.on_tick);
        CHECK(n.off_tick <= (crossing ? groups : g + 1) * bar);
    }
    std::uint64_t last_chord_group = 0;
    for (const auto& n : score.tracks[2].notes) {
        const std::uint64_t g = n.on_tick / bar;
        CHECK(n.off_tick <= (g + 1) * bar);
        last_chord_group = std::max(last_chord_group, g);
    }
    CHECK(last_chord_group + 1 == groups);
    return melody.size();
}

const std::vector<std::string> output_suffixes = { ".mid", ".wav", ".svg", ".loss.csv", ".loss.svg", ".model.json" };

Corpus embedded_corpus() { return load_corpus(test::source_dir() / "examples" / "data" / "default_corpus.mid"); }

} // namespace

TEST_CASE("improvise on the embedded corpus: files, structure, reproducibility, generate, vocabulary check")
{
    const Corpus corpus = embedded_corpus();
    // doctest runs the case once per SUBCASE: the reference run is made only the first time.
    const fs::path a = test::tmp_dir() / "cli_e2e" / "a", b = work_dir("b");
    static const Run first = [&] {
        work_dir("a");
        return run_cli({ "improvise", "--epochs", "5", "--out", (a / "e2e.mid").string() }, a);
    }();
    INFO(first.out << first.err);
    REQUIRE(first.code == 0);
    // The summary and the Keras-like epoch lines (stdout is a file here, so plain lines).
    CHECK(first.out.find("Total params: ") != std::string::npos);
    CHECK(std::regex_search(first.out, std::regex("Epoch 5/5 - loss: [0-9]+\\.[0-9]{4} - ETA [0-9]+s\n")));
    CHECK(first.out.find("Generated ") != std::string::npos);
    for (const auto& suffix : output_suffixes) {
        CHECK_MESSAGE(fs::exists(a / ("e2e" + suffix)), suffix);
        CHECK_MESSAGE(first.out.find((a / ("e2e" + suffix)).string()) != std::string::npos, "where " << suffix << " went");
    }
    // The embedded corpus's melody opens every bar on the downbeat: no note crosses a bar line.
    const std::size_t notes = check_solo_midi(a / "e2e.mid", corpus.measures.size(), corpus.bpm);
    MESSAGE("embedded corpus, 5 epochs: " << notes << " melody notes over " << corpus.measures.size() << " chord groups");
    check_wav(a / "e2e.wav");
    check_svg(a / "e2e.svg");
    check_svg(a / "e2e.loss.svg");
    check_csv(a / "e2e.loss.csv", 5);
    const ModelFile model = load_model_file(a / "e2e.model.json");
    CHECK(model.vocabulary == corpus.vocabulary.tokens());
    CHECK(model.hyper.training.epochs == 5);

    SUBCASE("the same seed gives byte-identical files")
    {
        const Run second = run_cli({ "improvise", "--epochs", "5", "--quiet", "--out", (b / "e2e").string() }, b);
        REQUIRE(second.code == 0);
        CHECK(second.out.empty());
        for (const auto& suffix : output_suffixes)
            CHECK_MESSAGE(slurp(a / ("e2e" + suffix)) == slurp(b / ("e2e" + suffix)), suffix);
        const Run other = run_cli({ "improvise", "--epochs", "5", "--quiet", "--seed", "2", "--out", (b / "s2").string() }, b);
        REQUIRE(other.code == 0);
        CHECK(slurp(b / "s2.mid") != slurp(a / "e2e.mid"));
    }
    SUBCASE("generate from the saved model reproduces the solo")
    {
        const fs::path g = work_dir("generate");
        const Run gen = run_cli({ "generate", "--model", (a / "e2e.model.json").string(), "--out", "gen.mid" }, g);
        INFO(gen.out << gen.err);
        REQUIRE(gen.code == 0);
        CHECK(slurp(g / "gen.mid") == slurp(a / "e2e.mid"));
        CHECK(slurp(g / "gen.wav") == slurp(a / "e2e.wav"));
        CHECK(slurp(g / "gen.svg") == slurp(a / "e2e.svg"));
        CHECK_FALSE(fs::exists(g / "gen.model.json"));
    }
    SUBCASE("continuing training on another vocabulary is refused")
    {
        const fs::path t = work_dir("mismatch");
        const Run refused = run_cli({ "train", "@default", "--window", "0:16", "--epochs", "1", "--model",
                                        (a / "e2e.model.json").string(), "--out", "x.json" },
            t);
        CHECK(refused.code == 1);
        CHECK(refused.err.find("jazzlstm.model.vocabulary_mismatch") != std::string::npos);
        // It names the model file and says what to do.
        CHECK(refused.err.find("e2e.model.json") != std::string::npos);
        CHECK(refused.err.find("continue a model only on the corpus it was trained on") != std::string::npos);
        CHECK(std::count(refused.err.begin(), refused.err.end(), '\n') == 1);
        CHECK_FALSE(fs::exists(t / "x.json"));
        // A model whose epoch count is at the end of the 64-bit counter: refused, naming the file,
        // before any training; one below it trains one epoch more and stops exactly at the end.
        std::string text = slurp(a / "e2e.model.json");
        const std::string field = "\"epochs\": 5,";
        REQUIRE(text.find(field) != std::string::npos);
        for (const auto& [count, name] : { std::pair<std::string, std::string> { "9223372036854775807", "last.json" },
                 std::pair<std::string, std::string> { "9223372036854775806", "next.json" } }) {
            std::string edited = text;
            edited.replace(edited.find(field), field.size(), "\"epochs\": " + count + ",");
            std::ofstream(t / name, std::ios::binary) << edited;
        }
        const Run overflow = run_cli({ "train", "@default", "--epochs", "1", "--quiet", "--model", "last.json", "--out", "o.json" }, t);
        CHECK(overflow.code == 1);
        CHECK(overflow.err.find("[jazzlstm.improv.epoch_count] last.json:") != std::string::npos);
        CHECK(overflow.err.find("train a fresh model") != std::string::npos);
        CHECK_FALSE(fs::exists(t / "o.json"));
        const Run last = run_cli({ "train", "@default", "--epochs", "1", "--quiet", "--model", "next.json", "--out", "n.json" }, t);
        REQUIRE(last.code == 0);
        CHECK(load_model_file(t / "n.json").hyper.training.epochs == std::numeric_limits<std::int64_t>::max());
        // The same vocabulary continues: epochs add up.
        const Run more = run_cli({ "train", "@default", "--epochs", "2", "--quiet", "--model", (a / "e2e.model.json").string(),
                                     "--out", "more.json" },
            t);
        REQUIRE(more.code == 0);
        CHECK(load_model_file(t / "more.json").hyper.training.epochs == 7);
        check_csv(t / "more.loss.csv", 2);
    }
}

TEST_CASE("the notebook loop prints one line per chord group it plays")
{
    const Corpus corpus = embedded_corpus();
    const fs::path d = work_dir("notebook");
    const Run r = run_cli({ "improvise", "--epochs", "3", "--notebook", "--out", "nb.mid" }, d);
    INFO(r.out << r.err);
    REQUIRE(r.code == 0);
    const int groups = corpus.chord_group_count / 3 - 1;
    const std::regex line("Generated [0-9]+ sounds using the predicted values for the set of chords \\(\"([0-9]+)\"\\) and after pruning");
    int seen = 0;
    for (auto it = std::sregex_iterator(r.out.begin(), r.out.end(), line); it != std::sregex_iterator(); ++it)
        CHECK(std::stoi((*it)[1]) == ++seen);
    CHECK(seen == groups);
    CHECK(fs::exists(d / "nb.mid"));
}

TEST_CASE("--notebook writes main's bytes: generate from a fixed model, greedy and sampled")
{
    // The model is trained here, in the test program (built without -march=native, so the same on
    // every x86-64 machine), and the program only plays it: its output bytes were recorded with
    // main's program at commit 4d12c46, before the default mode was rewritten.
    struct Case {
        std::string name;
        fs::path file;
        std::string preset;
        std::vector<std::string> extra;
        std::uint64_t want;
    };
    std::vector<Case> cases = {
        { "default_greedy", test::source_dir() / "examples" / "data" / "default_corpus.mid", "", {}, 0x90173e8e4c675adaull },
        { "default_t05", test::source_dir() / "examples" / "data" / "default_corpus.mid", "", { "--temperature", "0.5", "--seed", "2" }, 0x65149a46d1c06ff2ull },
    };
    if (test::have_file(test::metheny_midi()))
        cases.push_back({ "metheny_m5_greedy", test::metheny_midi(), "metheny-no-rests", {}, 0x8495fc92d470d410ull });
    for (const auto& c : cases) {
        const fs::path d = work_dir("notebook_pin_" + c.name);
        // The notebook's reading of the chords, as when the bytes were recorded (the automatic part
        // choice now reads the harmony per beat, issue 14; the presets keep music21's reading).
        CorpusOptions music21;
        music21.harmony = HarmonyReading::music21_chords;
        const Corpus corpus = load_corpus(c.file, c.preset.empty() ? music21 : corpus_preset("metheny_m5"));
        TrainOptions train;
        train.epochs = 10;
        train.seed = 5;
        save_solo_model(d / "m.json", train_solo_model({ corpus }, train).model);
        std::vector<std::string> args = { "generate", "--model", (d / "m.json").string(), c.file.string(), "--notebook", "--quiet",
            "--out", "nb.mid" };
        if (!c.preset.empty())
            args.insert(args.end(), { "--preset", c.preset });
        else
            args.insert(args.end(), { "--harmony", "music21" });
        args.insert(args.end(), c.extra.begin(), c.extra.end());
        const Run r = run_cli(args, d);
        INFO(c.name << ": " << r.err);
        REQUIRE(r.code == 0);
        const std::uint64_t got = fnv1a64(slurp(d / "nb.mid"));
        MESSAGE(c.name << ": MIDI " << got);
        CHECK(got == c.want);
    }
}

TEST_CASE("wrong usage exits 2, bad files exit 1, each with one line")
{
    const fs::path d = work_dir("errors");
    struct Case {
        std::vector<std::string> args;
        int code;
        const char* text;
    };
    const std::vector<Case> cases = {
        { { "improvise", "--epoch", "3" }, 2, "unknown option '--epoch'" },
        { { "improvise", "--temperature", "-1" }, 2, "--temperature must be in 0..10" },
        { { "generate" }, 2, "generate needs --model" },
        { { "generate", "--model", "m.json", "a.mid", "b.mid" }, 2, "at most one MIDI file" },
        { { "train", "--epochs", "2" }, 2, "train needs at least one MIDI file" },
        { { "improvise", "missing.mid" }, 1, "missing.mid" },
        { { "train", "missing.mid" }, 1, "missing.mid" },
        { { "generate", "--model", "missing.json" }, 1, "jazzlstm.model.open_failed" },
        { { "improvise", "@default", "--melody-track", "Drums" }, 1, "jazzlstm.corpus.track" },
    };
    for (const auto& c : cases) {
        const Run r = run_cli(c.args, d);
        INFO(c.args.front() << " " << (c.args.size() > 1 ? c.args[1] : "") << ": " << r.err);
        CHECK(r.code == c.code);
        CHECK(r.err.find(c.text) != std::string::npos);
        CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
        CHECK(r.err.rfind("jazzlstm: ", 0) == 0);
    }
}

TEST_CASE("improvise over changes with the band: MIDI tracks, WAV, MusicXML, and nothing written for a bad chart")
{
    const fs::path d = work_dir("changes");
    const Run r = run_cli({ "improvise", "--changes", "| Dm7 G7 | Cmaj7 |", "--choruses", "4", "--band", "--epochs", "20",
                              "--out", "combo", "--json" },
        d);
    INFO(r.err);
    REQUIRE(r.code == 0);
    // MIDI: solo, chords, bass (GM 33, channel 3) and drums (channel 10), 8 bars.
    const midi::Score score = midi::to_score(midi::read_file(d / "combo.mid"));
    std::vector<std::string> names;
    for (const auto& t : score.tracks)
        if (!t.notes.empty())
            names.push_back(t.name);
    CHECK(names == std::vector<std::string> { "Solo", "Chords", "Bass", "Drums" });
    for (const auto& t : score.tracks) {
        if (t.name == "Bass") {
            CHECK(t.program == 32);
            CHECK(t.channel == 2);
            CHECK(t.notes.size() == 32u); // a quarter note per beat of 8 bars
        }
        if (t.name == "Drums")
            CHECK(t.channel == 9);
        for (const auto& n : t.notes)
            CHECK(n.off_tick <= 8u * 4u * static_cast<unsigned>(score.ticks_per_quarter));
    }
    check_wav(d / "combo.wav");
    // The lead sheet: 8 measures, the changes as chord symbols where they change.
    const std::string xml = slurp(d / "combo.musicxml");
    CHECK(std::count(xml.begin(), xml.end(), '\n') > 20);
    std::size_t measures = 0, harmonies = 0;
    for (std::size_t at = xml.find("<measure "); at != std::string::npos; at = xml.find("<measure ", at + 1))
        ++measures;
    for (std::size_t at = xml.find("<harmony>"); at != std::string::npos; at = xml.find("<harmony>", at + 1))
        ++harmonies;
    CHECK(measures == 8u);
    CHECK(harmonies == 12u);
    CHECK(xml.find("<kind text=\"m7\">minor-seventh</kind>") != std::string::npos);
    CHECK(r.out.find("\"musicxml\"") != std::string::npos);
    CHECK(xml.find("id=\"P2\"") == std::string::npos); // the chord part only when asked for

    // --chord-part: the comping as played, on a grand staff under the solo.
    const Run parts = run_cli({ "generate", "--model", "combo.model.json", "--changes", "| Dm7 G7 | Cmaj7 |", "--chord-part",
                                  "--out", "parts", "--quiet" },
        d);
    INFO(parts.err);
    REQUIRE(parts.code == 0);
    const std::string both = slurp(d / "parts.musicxml");
    const std::size_t chord_part = both.find("<part id=\"P2\">");
    REQUIRE(chord_part != std::string::npos);
    const std::string comping = both.substr(chord_part);
    CHECK(comping.find("<staves>2</staves>") != std::string::npos);
    auto count = [](const std::string& text, const std::string& what) {
        std::size_t n = 0;
        for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
            ++n;
        return n;
    };
    CHECK(count(comping, "<measure ") == 2u);
    std::set<std::pair<std::uint64_t, int>> played;
    for (const auto& t : midi::to_score(midi::read_file(d / "parts.mid")).tracks)
        if (t.name == "Chords")
            for (const auto& n : t.notes)
                played.insert({ n.on_tick, n.pitch });
    CHECK(played.size() > 4u);
    CHECK(count(comping, "<pitch>") - count(comping, "<tie type=\"stop\"/>") == played.size());

    // A chart with an unknown chord: exit 1, the bar and column named, no file written.
    const fs::path bad = work_dir("changes_bad");
    const Run e = run_cli({ "improvise", "--changes", "| Dm7 G7 | Cmaj7 Hm7 |", "--epochs", "2", "--out", "bad" }, bad);
    CHECK(e.code == 1);
    CHECK(e.err.find("jazzlstm.chart.chord") != std::string::npos);
    CHECK(e.err.find("bar 2") != std::string::npos);
    CHECK(e.err.find("Hm7") != std::string::npos);
    auto nothing_written = [&] {
        for (const char* ext : { ".mid", ".wav", ".svg", ".musicxml", ".model.json", ".loss.csv" })
            CHECK_FALSE(fs::exists(bad / (std::string("bad") + ext)));
    };
    nothing_written();
    const Run empty = run_cli({ "improvise", "--changes", "| |", "--epochs", "2", "--out", "bad" }, bad);
    CHECK(empty.code == 1);
    CHECK(empty.err.find("jazzlstm.chart.empty_bar") != std::string::npos);
    nothing_written();
}

TEST_CASE("the reference file, --notebook on metheny-no-rests: \"Generated 51 sounds\" for groups 1-5, as the notebook printed")
{
    if (!test::have_file(test::metheny_midi())) {
        MESSAGE("SKIPPED: the reference solo " << test::metheny_midi().string() << " is absent");
        return;
    }
    const fs::path d = work_dir("notebook_metheny");
    const Run r = run_cli({ "improvise", test::metheny_midi().string(), "--preset", "metheny-no-rests", "--notebook", "--out", "nb.mid" }, d);
    INFO(r.err);
    REQUIRE(r.code == 0);
    for (int group = 1; group <= 5; ++group) {
        const std::string line = "Generated 51 sounds using the predicted values for the set of chords (\"" + std::to_string(group)
            + "\") and after pruning";
        CHECK_MESSAGE(r.out.find(line) != std::string::npos, line);
    }
}

TEST_CASE("the reference file: 100 epochs reach the notebook's range, the solo reads back in midicsv")
{
    if (!test::have_file(test::metheny_midi()))
        return;
    const bool midicsv = std::system("command -v midicsv >/dev/null 2>&1") == 0;
    if (!midicsv)
        MESSAGE("SKIPPED (part): midicsv is not installed, the independent re-read is left out (examples/install-deps.sh)");
    struct Case {
        std::string preset;
        std::string batch;
        double below;
    };
    // Full-batch steps (the default) land where the same model lands in PyTorch (figures.md:
    // 8.43-8.89 for 78 values, 12.07-15.61 for 90); Keras's batches of 32 reach the notebook's
    // printed 6.05 on 78 values and go lower still on 90.
    for (const Case& c : { Case { "metheny-no-rests", "0", 10.0 }, Case { "metheny-no-rests", "32", 10.0 },
             Case { "metheny", "0", 16.0 }, Case { "metheny", "32", 10.0 } }) {
        const fs::path d = work_dir(c.preset + "_" + c.batch);
        const Run r = run_cli({ "improvise", test::metheny_midi().string(), "--preset", c.preset, "--batch-size", c.batch,
                                  "--quiet", "--out", "solo.mid" },
            d);
        INFO(c.preset << " batch " << c.batch << ": " << r.err);
        REQUIRE(r.code == 0);
        const double loss = check_csv(d / "solo.loss.csv", 100);
        MESSAGE(c.preset << ", batch-size " << c.batch << ": loss after 100 epochs " << loss);
        CHECK(loss < c.below);
        const Corpus source = load_corpus(test::metheny_midi(), corpus_preset(c.preset));
        const std::size_t notes = check_solo_midi(d / "solo.mid", chord_groups(source).groups.size(), source.bpm, true);
        if (!midicsv)
            continue;
        const std::string csv = (d / "solo.csv").string();
        REQUIRE(std::system(("midicsv " + quote((d / "solo.mid").string()) + " " + quote(csv)).c_str()) == 0);
        const std::string text = slurp(csv);
        CHECK(text.find("Header, 1, 3, ") != std::string::npos);
        CHECK(text.find("Tempo, " + std::to_string(static_cast<std::uint32_t>(60e6 / source.bpm + 0.5))) != std::string::npos);
        CHECK(std::regex_search(text, std::regex("\n2, 0, Program_c, 0, 26\n")));
        CHECK(std::regex_search(text, std::regex("\n3, 0, Program_c, 1, 0\n")));
        std::size_t melody_on = 0;
        const std::regex on("\n2, [0-9]+, Note_on_c, 0, [0-9]+, [1-9][0-9]*");
        for (auto it = std::sregex_iterator(text.begin(), text.end(), on); it != std::sregex_iterator(); ++it)
            ++melody_on;
        CHECK(melody_on == notes);
    }
}

namespace {

/// The embedded corpus cut to the quarters [lo, hi) as a MIDI file of its own.
void write_piece(const fs::path& path, double lo, double hi)
{
    midi::Score score = midi::to_score(midi::read_file(test::source_dir() / "examples" / "data" / "default_corpus.mid"));
    const auto q = static_cast<double>(score.ticks_per_quarter);
    for (auto& track : score.tracks) {
        std::vector<midi::Note> kept;
        for (const auto& n : track.notes)
            if (static_cast<double>(n.on_tick) >= lo * q && static_cast<double>(n.on_tick) < hi * q)
                kept.push_back(n);
        track.notes = kept;
    }
    midi::write_file(midi::from_score(score), path);
}

} // namespace

// --- The style goals of issue 11 §3 (docs/metrics.md), held by the default mode -----------------
// The program improvises on the embedded corpus and on the reference solo (--preset metheny),
// seeds 1-3, default settings, and `jazzlstm evaluate SOLO --train SOURCE` measures each solo from
// its MIDI file against the training melody. Its own ctest entry (test_app_style_goals).

namespace {

/// improvise on `source` (with `parts`) for `seed`, then evaluate the written solo against it;
/// every goal must apply (the triplet goal only where the source has 10 % triplets) and be met.
void check_style_goals(const std::string& name, const std::vector<std::string>& source, const std::vector<std::string>& parts, int seed)
{
    const fs::path dir = work_dir("style_" + name + "_s" + std::to_string(seed));
    std::vector<std::string> improvise { "improvise" };
    improvise.insert(improvise.end(), source.begin(), source.end());
    improvise.insert(improvise.end(), parts.begin(), parts.end());
    improvise.insert(improvise.end(), { "--seed", std::to_string(seed), "--out", "solo.mid", "--json" });
    const Run made = run_cli(improvise, dir);
    INFO(made.err);
    REQUIRE(made.code == 0);
    const auto report = nlohmann::json::parse(made.out);
    REQUIRE(report.contains("metrics"));

    std::vector<std::string> evaluate { "evaluate", "solo.mid", "--train", source.empty() ? "@default" : source.front() };
    evaluate.insert(evaluate.end(), parts.begin(), parts.end());
    evaluate.push_back("--json");
    const Run measured = run_cli(evaluate, dir);
    INFO(measured.err);
    REQUIRE(measured.code == 0);
    const auto e = nlohmann::json::parse(measured.out);
    INFO(name << " seed " << seed << ": " << e["goals"].dump());
    // The program's own figures (from the solo it made) and the evaluation of its file agree.
    CHECK(e["goals_met"].get<int>() == report["metrics"]["goals_met"].get<int>());
    for (const auto& g : e["goals"]) {
        const std::string id = g["id"].get<std::string>();
        INFO(id << " = " << g["value"].get<double>() << ", limit " << g["limit"].get<double>());
        if (id != "triplets")
            CHECK(g["applies"].get<bool>());
        CHECK(g["passed"].get<bool>());
    }
    // The source's tempo, as the file stores it (µs per quarter).
    CHECK(report["bpm"].get<double>() == doctest::Approx(e["source"]["bpm"].get<double>()).epsilon(1e-3));
}

} // namespace

TEST_CASE("train DIR: every MIDI file below it, a bad one skipped (--strict: fatal), validation and early stopping")
{
    const fs::path d = work_dir("corpus_dir");
    fs::create_directories(d / "tunes" / "more");
    write_piece(d / "tunes" / "a.mid", 0, 64);
    write_piece(d / "tunes" / "more" / "b.midi", 64, 120);
    write_piece(d / "tunes" / "more" / "c.kar", 120, 176);
    {
        std::ofstream bad(d / "tunes" / "broken.mid", std::ios::binary);
        bad << "not a MIDI file";
    }
    const Run r = run_cli({ "train", "tunes", "--epochs", "40", "--batch-size", "16", "--windows", "96", "--validation", "0.2",
                              "--patience", "2", "--json", "--out", "m.json" },
        d);
    INFO(r.out << r.err);
    REQUIRE(r.code == 0);
    const auto report = nlohmann::json::parse(r.out);
    CHECK(report["files"].size() == 3);
    REQUIRE(report["skipped"].size() == 1);
    CHECK(report["skipped"][0]["file"].get<std::string>().find("broken.mid") != std::string::npos);
    CHECK(report["skipped"][0]["id"].get<std::string>().rfind("jazzlstm.midi.", 0) == 0);
    CHECK(report["windows"] == 96);
    CHECK(report["validation_windows"] == 24);
    const int epochs = report["epochs"];
    const int best = report["best_epoch"];
    CHECK(best >= 1);
    CHECK(epochs <= 40);
    if (report["stopped_early"].get<bool>())
        CHECK(epochs == best + 2);
    // The model kept is the best epoch's, and the table has the validation columns.
    CHECK(load_model_file(d / "m.json").hyper.training.epochs == best);
    std::istringstream csv(slurp(d / "m.loss.csv"));
    std::string header;
    std::getline(csv, header);
    CHECK(header == "epoch,loss,accuracy,val_loss,val_accuracy");
    CHECK(slurp(d / "m.loss.svg").find("validation-loss") != std::string::npos);

    const Run strict = run_cli({ "train", "tunes", "--epochs", "1", "--strict", "--quiet", "--out", "s.json" }, d);
    CHECK(strict.code == 1);
    CHECK(strict.err.find("broken.mid") != std::string::npos);
    CHECK_FALSE(fs::exists(d / "s.json"));
    // A file refused by the part choice names itself, the reason and the override.
    const Run alone = run_cli({ "train", "tunes/a.mid", "--melody-track", "0", "--epochs", "1", "--quiet" }, d);
    CHECK(alone.code == 1);
    CHECK(alone.err.find("a.mid") != std::string::npos);
}

TEST_CASE("train DIR reads the MusicXML lead sheets below it when the program reads MusicXML")
{
    const fs::path d = work_dir("corpus_dir_lead_sheets");
    fs::create_directories(d / "sheets");
    REQUIRE(run_cli({ "improvise", "--epochs", "1", "--quiet", "--out", "sheets/lead" }, d).code == 0);
    REQUIRE(fs::exists(d / "sheets" / "lead.musicxml"));
    fs::create_directories(d / "mixed");
    fs::copy_file(d / "sheets" / "lead.musicxml", d / "mixed" / "Lead.MusicXML"); // any case
    write_piece(d / "mixed" / "tune.mid", 0, 176);
    const Run r = run_cli({ "train", "mixed", "--epochs", "1", "--json", "--out", "m.json" }, d);
    INFO(r.out << r.err);
    REQUIRE(r.code == 0);
    const auto report = nlohmann::json::parse(r.out);
#if defined(JAZZLSTM_CLI_READS_MUSICXML)
    REQUIRE(report["files"].size() == 2);
    CHECK(report["files"][0].get<std::string>().find("Lead.MusicXML") != std::string::npos);
#else
    CHECK(report["files"].size() == 1);
#endif
    CHECK(report["skipped"].size() == 0);
}

TEST_CASE("train --model continues where it stopped: 4 + 4 epochs are 8, bit for bit; --units picks the size")
{
    const fs::path d = work_dir("continue");
    const std::vector<std::string> common { "--batch-size", "32", "--quiet" };
    const auto train = [&](std::vector<std::string> args) {
        args.insert(args.begin(), "train");
        args.insert(args.end(), common.begin(), common.end());
        const Run r = run_cli(args, d);
        INFO(r.err);
        REQUIRE(r.code == 0);
    };
    train({ "@default", "--epochs", "8", "--out", "full.json" });
    train({ "@default", "--epochs", "4", "--out", "half.json" });
    train({ "@default", "--epochs", "4", "--model", "half.json", "--out", "again.json" });
    const ModelFile full = load_model_file(d / "full.json"), again = load_model_file(d / "again.json");
    CHECK(again.hyper.training.epochs == 8);
    CHECK(again.weights.lstm_kernel == full.weights.lstm_kernel);
    CHECK(again.weights.lstm_recurrent_kernel == full.weights.lstm_recurrent_kernel);
    CHECK(again.weights.dense_kernel == full.weights.dense_kernel);
    CHECK(again.weights.dense_bias == full.weights.dense_bias);
    REQUIRE(again.optimizer_state);
    CHECK(again.optimizer_state->iterations == full.optimizer_state->iterations);
    CHECK(again.optimizer_state->v.lstm_kernel == full.optimizer_state->v.lstm_kernel);

    train({ "@default", "--epochs", "1", "--units", "32", "--out", "small.json" });
    CHECK(load_model_file(d / "small.json").hyper.n_a == 32);
    const Run both = run_cli({ "train", "@default", "--units", "128", "--model", "small.json" }, d);
    CHECK(both.code == 2);
}

TEST_CASE("style goals: the default mode on the embedded corpus, seeds 1-3")
{
    for (int seed = 1; seed <= 3; ++seed)
        check_style_goals("default", {}, {}, seed);
}

TEST_CASE("style goals: the default mode on the reference solo (--preset metheny), seeds 1-3")
{
    if (!test::have_file(test::metheny_midi())) {
        MESSAGE("SKIPPED: the reference solo " << test::metheny_midi().string() << " is absent");
        return;
    }
    for (int seed = 1; seed <= 3; ++seed)
        check_style_goals("metheny", { test::metheny_midi().string() }, { "--preset", "metheny" }, seed);
}

TEST_CASE("style goals: the default mode on five openttd-openmsx arrangements, seeds 1-3")
{
    // The real files of docs/generation.md's table (Debian's openttd-openmsx, read where the package
    // installs them, never committed): a lead over chords in five styles. The Hobo's automatic lead
    // is its piano, so its guitar is named, as the table does.
    const fs::path dir = "/usr/share/games/openttd/baseset/openmsx";
    const std::vector<std::pair<std::string, std::vector<std::string>>> files {
        { "be_sharp_bw_redfarn.mid", {} }, { "boogi_marabi_redfarn.mid", {} }, { "keep_on_rolling.mid", {} },
        { "mosey_along_redfarn.mid", {} }, { "the_hobo_redfarn.mid", { "--melody-track", "2" } },
    };
    for (const auto& [file, parts] : files) {
        if (!fs::exists(dir / file)) {
            MESSAGE("SKIPPED: " << (dir / file).string() << " is absent (examples/install-deps.sh installs openttd-openmsx)");
            continue;
        }
        // Under the sanitizers these runs look for memory errors on real files, which one seed
        // shows as well as three; the goals themselves are held by the Release suite.
#if defined(JAZZLSTM_SANITIZE)
        const int last_seed = 1;
#else
        const int last_seed = 3;
#endif
        for (int seed = 1; seed <= last_seed; ++seed)
            check_style_goals(fs::path(file).stem().string(), { (dir / file).string() }, parts, seed);
    }
}

TEST_CASE("evaluate any pair of MIDI files: the table with the human references, --svg, a file alone")
{
    // Neither file is a solo jazzlstm wrote: the embedded corpus's MIDI file measured against its
    // second half cut out as a file of its own, both read with the automatic part choice.
    const fs::path d = work_dir("evaluate_any");
    const fs::path tune = d / "tune.mid";
    fs::copy_file(test::source_dir() / "examples" / "data" / "default_corpus.mid", tune);
    write_piece(d / "half.mid", 64, 176);

    const Run table = run_cli({ "evaluate", "tune.mid", "--train", "half.mid" }, d);
    INFO(table.out << table.err);
    REQUIRE(table.code == 0);
    CHECK(table.out.find("tune.mid: melody track 1, chords track 2") != std::string::npos);
    CHECK(std::regex_search(table.out, std::regex("half.mid: melody track [0-9]+, chords track [0-9]+; 28 bars")));
    CHECK(table.out.find("human (Weimar, mean +- sd)") != std::string::npos);
    // The published references sit on their rows (docs/metrics.md).
    CHECK(std::regex_search(table.out, std::regex("pitch-class entropy H1 +[0-9.]+ +[0-9.]+ +1\\.94 \\+- 0\\.35")));
    CHECK(std::regex_search(table.out, std::regex("grooving similarity GS +[0-9.]+ +[0-9.]+ +0\\.83 \\+- 0\\.06")));

    const Run json = run_cli({ "evaluate", "tune.mid", "--train", "half.mid", "--json" }, d);
    REQUIRE(json.code == 0);
    const auto e = nlohmann::json::parse(json.out);
    REQUIRE(e.contains("goals"));
    // The whole piece has more notes than the half it is measured against.
    CHECK(e["solo"]["notes"].get<int>() > e["source"]["notes"].get<int>());
    CHECK(e["source"]["notes"].get<int>() > 0);
    CHECK(e["human"]["h1"]["mean"].get<double>() == doctest::Approx(1.94));

    // A file alone: its own figures, no source column and no goals.
    const Run alone = run_cli({ "evaluate", "half.mid", "--json" }, d);
    REQUIRE(alone.code == 0);
    const auto a = nlohmann::json::parse(alone.out);
    CHECK(a.contains("solo"));
    CHECK_FALSE(a.contains("goals"));
    CHECK(a["solo"]["notes"].get<int>() == e["source"]["notes"].get<int>());

    // --svg: both lines on one scale with the training's band, and the two histograms side by side.
    const Run chart = run_cli({ "evaluate", "tune.mid", "--train", "half.mid", "--svg", "--out", "chart.svg" }, d);
    INFO(chart.err);
    REQUIRE(chart.code == 0);
    const std::string svg = slurp(d / "chart.svg");
    CHECK(svg.find("<svg") != std::string::npos);
    CHECK(svg.rfind("</svg>") != std::string::npos);
    CHECK(svg.find("training melody") != std::string::npos);
    CHECK(svg.find("pitch classes (share of notes)") != std::string::npos);
    CHECK(svg.find("durations in quarters (share of notes)") != std::string::npos);
    CHECK(svg.find("class=\"bar solo\"") != std::string::npos);
    CHECK(svg.find("class=\"bar source\"") != std::string::npos);
    // The chart may not replace the file it measures.
    const std::string before = slurp(tune);
    const Run clobber = run_cli({ "evaluate", "tune.mid", "--svg", "--out", "tune.mid" }, d);
    CHECK(clobber.code == 2);
    CHECK(clobber.err.find("the evaluation chart tune.mid would overwrite the input MIDI file tune.mid") != std::string::npos);
    CHECK(slurp(tune) == before);
}

TEST_CASE("improvise prints its one-line style summary; the piano roll shows the source's register and bar numbers")
{
    const fs::path d = work_dir("style_line");
    // Over the source's bars 17-44 (quarters 64-176): the roll counts bars as the source does.
    const Run r = run_cli({ "improvise", "--epochs", "2", "--window", "64:176", "--out", "s.mid" }, d);
    INFO(r.out << r.err);
    REQUIRE(r.code == 0);
    std::smatch m;
    REQUIRE(std::regex_search(r.out, m,
        std::regex("style: ([0-9]+) notes [A-G][#b]?-?[0-9]-[A-G][#b]?-?[0-9] \\(source [^)]+\\), run [0-9]+ st \\([0-9]+\\), bar-line leap "
                   "[0-9.]+ vs [0-9.]+ inside \\([0-9.]+\\), triplets [0-9]+% \\([0-9]+%\\), chord tones [0-9]+% \\([0-9]+%\\), "
                   "copied run [0-9]+, 140 bpm; goals [0-9]/[89]")));
    CHECK(std::stoi(m[1]) > 0);
    const std::string roll = slurp(d / "s.svg");
    CHECK(roll.find("<rect class=\"band\"") != std::string::npos);
    CHECK(std::regex_search(roll, std::regex("source register [A-G][#b]?[0-9]-[A-G][#b]?[0-9]</text>")));
    CHECK(std::regex_search(roll, std::regex("class=\"bar-number\"[^>]*>17</text>")));
    CHECK_FALSE(std::regex_search(roll, std::regex("class=\"bar-number\"[^>]*>1</text>")));
}
