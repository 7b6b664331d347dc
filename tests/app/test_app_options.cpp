// Command-line parsing of the jazzlstm program: defaults, both value spellings, range checks,
// unknown options and per-subcommand help.
#include "options.hpp"

#include <doctest/doctest.h>

#include <random>
#include <string>
#include <vector>

// Each test file has a namespace of its own: a folder is compiled as one unity build, and
// this keeps a file's helpers apart from its neighbours'.
namespace jazzlstm_test_app_options {

using jazzlstm::app::Command;
using jazzlstm::app::help_text;
using jazzlstm::app::Options;
using jazzlstm::app::parse_command_line;
using jazzlstm::app::usage_error;

namespace {

// The id of the usage_error a command line raises, or "" when it parses.
std::string failure_id(const std::vector<std::string>& args)
{
    try {
        parse_command_line(args);
    } catch (const usage_error& e) {
        return e.id();
    }
    return "";
}

std::string failure_message(const std::vector<std::string>& args)
{
    try {
        parse_command_line(args);
    } catch (const usage_error& e) {
        return e.what();
    }
    return "";
}

} // namespace

TEST_CASE("defaults follow the documented values")
{
    Options o = parse_command_line({ "improvise" });
    CHECK(o.command == Command::improvise);
    CHECK(o.epochs == 100);
    CHECK(o.temperature == 1.0);
    CHECK(o.ty == 50);
    CHECK(o.bpm == 130);
    CHECK_FALSE(o.seed.has_value());
    CHECK_FALSE(o.window.has_value());
    CHECK(o.files.empty());
    CHECK(o.given.empty());
    CHECK_FALSE(o.notebook);
}

TEST_CASE("--opt value and --opt=value are the same")
{
    Options a = parse_command_line({ "improvise", "--epochs", "7", "--temperature", "0", "--seed", "18446744073709551615" });
    Options b = parse_command_line({ "improvise", "--epochs=7", "--temperature=0", "--seed=18446744073709551615" });
    CHECK(a.epochs == 7);
    CHECK(b.epochs == 7);
    CHECK(a.temperature == 0.0);
    CHECK(b.temperature == 0.0);
    REQUIRE(a.seed.has_value());
    CHECK(*a.seed == 18446744073709551615ull);
    CHECK(*b.seed == *a.seed);
    CHECK(a.was_given("epochs"));
    CHECK_FALSE(a.was_given("ty"));
}

TEST_CASE("every option of train and improvise lands in its field")
{
    Options o = parse_command_line({ "train", "a.mid", "--melody-track", "Guitar", "--chord-tracks=6,Piano", "--window",
        "476:548", "--model", "m.json", "--json", "--quiet", "b.mid" });
    CHECK(o.command == Command::train);
    CHECK(o.files == std::vector<std::string>{ "a.mid", "b.mid" });
    CHECK(o.melody_track == "Guitar");
    CHECK(o.chord_tracks == std::vector<std::string>{ "6", "Piano" });
    REQUIRE(o.window.has_value());
    CHECK(o.window->first == 476.0);
    CHECK(o.window->second == 548.0);
    CHECK(o.model == "m.json");
    CHECK(o.json);
    CHECK(o.quiet);

    Options g = parse_command_line({ "generate", "--model", "m.json", "--ty", "10000", "--bpm", "20", "--out", "x.mid",
        "--notebook" });
    CHECK(g.ty == 10000);
    CHECK(g.bpm == 20);
    CHECK(g.out == "x.mid");
    CHECK(g.notebook);

    Options p = parse_command_line({ "improvise", "--preset", "metheny-no-rests" });
    CHECK(p.preset == "metheny-no-rests");
    Options d = parse_command_line({ "inspect", "--", "--odd-name.mid" });
    CHECK(d.files == std::vector<std::string>{ "--odd-name.mid" });
}

TEST_CASE("numeric ranges are checked at both ends")
{
    CHECK(failure_id({ "improvise", "--epochs", "0" }) == "jazzlstm.cli.out_of_range");
    CHECK(failure_id({ "improvise", "--epochs", "100000" }).empty());
    CHECK(failure_id({ "improvise", "--epochs", "100001" }) == "jazzlstm.cli.out_of_range");
    CHECK(failure_id({ "improvise", "--epochs", "99999999999999999999999" }) == "jazzlstm.cli.out_of_range");
    CHECK(failure_id({ "improvise", "--epochs", "12x" }) == "jazzlstm.cli.bad_value");
    CHECK(failure_id({ "improvise", "--epochs", "1.5" }) == "jazzlstm.cli.bad_value");
    CHECK(failure_id({ "improvise", "--temperature", "-0.1" }) == "jazzlstm.cli.out_of_range");
    CHECK(failure_id({ "improvise", "--temperature", "10" }).empty());
    CHECK(failure_id({ "improvise", "--temperature", "10.01" }) == "jazzlstm.cli.out_of_range");
    CHECK(failure_id({ "improvise", "--temperature", "nan" }) == "jazzlstm.cli.out_of_range");
    CHECK(failure_id({ "improvise", "--temperature", "" }) == "jazzlstm.cli.bad_value");
    CHECK(failure_id({ "improvise", "--ty", "0" }) == "jazzlstm.cli.out_of_range");
    CHECK(failure_id({ "improvise", "--ty", "10001" }) == "jazzlstm.cli.out_of_range");
    CHECK(failure_id({ "improvise", "--bpm", "19.9" }) == "jazzlstm.cli.out_of_range");
    CHECK(failure_id({ "improvise", "--bpm", "400" }).empty());
    CHECK(failure_id({ "improvise", "--bpm", "401" }) == "jazzlstm.cli.out_of_range");
    CHECK(failure_id({ "improvise", "--seed", "-1" }) == "jazzlstm.cli.bad_value");
    CHECK(failure_id({ "improvise", "--seed", "18446744073709551616" }) == "jazzlstm.cli.out_of_range");
    CHECK(failure_id({ "improvise", "--window", "10:5" }) == "jazzlstm.cli.out_of_range");
    CHECK(failure_id({ "improvise", "--window", "10" }) == "jazzlstm.cli.bad_value");
    CHECK(failure_id({ "improvise", "--chord-tracks", "6,,7" }) == "jazzlstm.cli.bad_value");
    CHECK(failure_id({ "improvise", "--preset", "coltrane" }) == "jazzlstm.cli.bad_value");
}

TEST_CASE("the sampling cut, motif recall and evaluate's options land in their fields and are range-checked")
{
    Options o = parse_command_line({ "improvise", "--top-k", "5", "--top-p=0.9", "--motif-recall", "0.25" });
    CHECK(o.top_k == 5);
    CHECK(o.top_p == 0.9);
    REQUIRE(o.motif_recall.has_value());
    CHECK(*o.motif_recall == 0.25);
    CHECK_FALSE(o.was_given("bpm")); // the source's tempo then
    CHECK(parse_command_line({ "generate", "--model", "m.json", "--bpm", "90" }).was_given("bpm"));
    Options e = parse_command_line({ "evaluate", "solo.mid", "--train", "src.mid", "--preset", "metheny", "--svg", "--out", "c.svg" });
    CHECK(e.command == Command::evaluate);
    CHECK(e.files == std::vector<std::string> { "solo.mid" });
    CHECK(e.train == "src.mid");
    CHECK(e.svg);
    CHECK(e.out == "c.svg");
    CHECK(failure_id({ "improvise", "--top-k", "-1" }) == "jazzlstm.cli.out_of_range");
    CHECK(failure_id({ "improvise", "--top-k", "100001" }) == "jazzlstm.cli.out_of_range");
    CHECK(failure_id({ "improvise", "--top-p", "0" }) == "jazzlstm.cli.out_of_range");
    CHECK(failure_id({ "improvise", "--top-p", "1" }).empty());
    CHECK(failure_id({ "improvise", "--top-p", "1.01" }) == "jazzlstm.cli.out_of_range");
    CHECK(failure_id({ "improvise", "--motif-recall", "1.5" }) == "jazzlstm.cli.out_of_range");
    CHECK(failure_id({ "improvise", "--train", "x.mid" }) == "jazzlstm.cli.unknown_option");
    CHECK(failure_id({ "evaluate", "a.mid", "--top-k", "3" }) == "jazzlstm.cli.unknown_option");
    CHECK(failure_id({ "evaluate", "a.mid", "--train=" }) == "jazzlstm.cli.bad_value");
}

TEST_CASE("unknown and misplaced options are named in the message")
{
    CHECK(failure_id({ "improvise", "--epoch", "5" }) == "jazzlstm.cli.unknown_option");
    CHECK(failure_message({ "improvise", "--epoch", "5" }).find("'--epoch'") != std::string::npos);
    CHECK(failure_id({ "improvise", "-x" }) == "jazzlstm.cli.unknown_option");
    CHECK(failure_id({ "inspect", "f.mid", "--epochs", "3" }) == "jazzlstm.cli.unknown_option");
    CHECK(failure_message({ "inspect", "f.mid", "--epochs", "3" }).find("does not apply to inspect") != std::string::npos);
    CHECK(failure_id({ "improvise", "--out" }) == "jazzlstm.cli.missing_value");
    CHECK(failure_id({ "improvise", "--out", "--quiet" }) == "jazzlstm.cli.missing_value");
    CHECK(failure_id({ "improvise", "--quiet=yes" }) == "jazzlstm.cli.unexpected_value");
    CHECK(failure_id({ "improvise", "--epochs", "3", "--epochs", "4" }) == "jazzlstm.cli.repeated_option");
    CHECK(failure_id({ "improvise", "--preset", "metheny", "--window", "0:4" }) == "jazzlstm.cli.conflicting_options");
}

TEST_CASE("an unknown option suggests the closest one the subcommand takes")
{
    CHECK(failure_message({ "improvise", "--epoch", "5" }).find("did you mean '--epochs'?") != std::string::npos);
    CHECK(failure_message({ "improvise", "--temprature", "1" }).find("did you mean '--temperature'?") != std::string::npos);
    CHECK(failure_message({ "train", "a.mid", "--ephocs", "5" }).find("did you mean '--epochs'?") != std::string::npos); // swap
    CHECK(failure_message({ "improvise", "--temp", "1" }).find("did you mean '--temperature'?") != std::string::npos); // prefix
    CHECK(failure_message({ "improvise", "-epochs", "1" }).find("did you mean '--epochs'?") != std::string::npos);
    CHECK(failure_message({ "inspect", "a.mid", "--jsn" }).find("did you mean '--json'?") != std::string::npos);
    // Only options of the subcommand are suggested, and nothing far away.
    CHECK(failure_message({ "inspect", "a.mid", "--epoch" }).find("did you mean") == std::string::npos);
    CHECK(failure_message({ "improvise", "--frobnicate" }).find("did you mean") == std::string::npos);
    CHECK(jazzlstm::app::detail::edit_distance("kitten", "sitting") == 3);
    CHECK(jazzlstm::app::detail::edit_distance("", "abc") == 3);
    CHECK(jazzlstm::app::detail::edit_distance("ab", "ba") == 1);
}

TEST_CASE("usage problems the library used to find late are refused by the parser (exit 2)")
{
    // A window end above the corpus's 10^12-quarter cap was "must be finite", exit 1.
    CHECK(failure_id({ "inspect", "a.mid", "--window", "0:2e12" }) == "jazzlstm.cli.out_of_range");
    CHECK(failure_id({ "inspect", "a.mid", "--window", "0:1e12" }).empty());
    // A chord track named twice tripled every chord note.
    CHECK(failure_id({ "improvise", "--chord-tracks", "2,2,2" }) == "jazzlstm.cli.bad_value");
    CHECK(failure_message({ "improvise", "--chord-tracks", "1,Piano,1" }).find("track '1' twice") != std::string::npos);
    CHECK(failure_id({ "improvise", "--chord-tracks", "1,2" }).empty());
    // '-' is neither an output name nor an input: "--out -" was read as an option by FluidSynth.
    CHECK(failure_id({ "improvise", "--out", "-" }) == "jazzlstm.cli.bad_value");
    CHECK(failure_id({ "improvise", "--out=-" }) == "jazzlstm.cli.bad_value");
    CHECK(failure_id({ "generate", "--model", "-" }) == "jazzlstm.cli.bad_value");
    CHECK(failure_id({ "improvise", "-" }) == "jazzlstm.cli.bad_value");
    CHECK(failure_id({ "improvise", "" }) == "jazzlstm.cli.bad_value");
    // An output name that starts with a dash is only a name.
    CHECK(parse_command_line({ "improvise", "--out=-x.mid" }).out == "-x.mid");
}

TEST_CASE("subcommands and their file arguments")
{
    CHECK(failure_id({}) == "jazzlstm.cli.no_command");
    CHECK(failure_id({ "--epochs", "3" }) == "jazzlstm.cli.no_command");
    CHECK(failure_id({ "compose" }) == "jazzlstm.cli.unknown_command");
    CHECK(failure_id({ "train" }) == "jazzlstm.cli.missing_file");
    CHECK(failure_id({ "inspect" }) == "jazzlstm.cli.missing_file");
    CHECK(failure_id({ "inspect", "a.mid", "b.mid" }) == "jazzlstm.cli.missing_file");
    CHECK(failure_id({ "generate" }) == "jazzlstm.cli.missing_value");
    CHECK(failure_id({ "generate", "--model", "m.json", "x.mid", "y.mid" }) == "jazzlstm.cli.unexpected_file");
    CHECK(parse_command_line({ "generate", "--model", "m.json", "x.mid" }).files == std::vector<std::string>{ "x.mid" });
    CHECK(parse_command_line({ "train", "a.mid", "--batch-size", "32" }).batch_size == 32);
    CHECK(failure_id({ "generate", "--model", "m.json", "--batch-size", "32" }) == "jazzlstm.cli.unknown_option");
    CHECK(parse_command_line({ "improvise", "solo.mid" }).files == std::vector<std::string>{ "solo.mid" });
    // Usage errors are argument_errors too, so generic handlers still see a jazzlstm::error.
    CHECK_THROWS_AS(parse_command_line({ "train" }), jazzlstm::argument_error);
}

TEST_CASE("help on every subcommand, without the usual checks")
{
    CHECK(parse_command_line({ "--help" }).help);
    CHECK(parse_command_line({ "--help" }).command == Command::none);
    CHECK(parse_command_line({ "help", "train" }).command == Command::train);
    for (const char* sub : { "improvise", "train", "generate", "inspect" }) {
        Options o = parse_command_line({ sub, "--help" });
        CHECK(o.help);
        std::string text = help_text(o.command);
        CHECK(text.find(std::string("usage: jazzlstm ") + sub) == 0);
        CHECK(text.find("--help") != std::string::npos);
    }
    CHECK(help_text(Command::improvise).find("--temperature T") != std::string::npos);
    CHECK(help_text(Command::inspect).find("--epochs") == std::string::npos);
    CHECK(help_text(Command::none).find("Exit status") != std::string::npos);
}

TEST_CASE("random command lines parse or fail with a usage_error only")
{
    const std::vector<std::string> words = { "improvise", "train", "generate", "inspect", "help", "--epochs", "--seed",
        "--temperature", "--ty", "--bpm", "--melody-track", "--chord-tracks", "--window", "--preset", "--model", "--out",
        "--notebook", "--json", "--quiet", "--help", "--epochs=", "--window=3:", "--", "-", "-x", "0", "-1", "1e309",
        "0.5", "3:4", "metheny", "a.mid", "", "=", "--=", "18446744073709551616" };
    std::mt19937 rng(7);
    int parsed = 0, refused = 0;
    for (int trial = 0; trial < 5000; ++trial) {
        std::vector<std::string> args;
        const int n = static_cast<int>(rng() % 6);
        for (int i = 0; i < n; ++i)
            args.push_back(words[rng() % words.size()]);
        try {
            parse_command_line(args);
            ++parsed;
        } catch (const usage_error&) {
            ++refused;
        }
    }
    MESSAGE("parsed " << parsed << ", refused " << refused);
    CHECK(parsed > 0);
    CHECK(refused > 0);
}

TEST_CASE("corpus options: windows, validation, patience, units, strict, top note, harmony")
{
    const Options o = parse_command_line({ "train", "tunes", "--windows", "600", "--validation", "0.1", "--patience", "5", "--units",
        "128", "--strict", "--melody-top-note", "--harmony", "music21" });
    CHECK(o.windows == 600);
    CHECK(o.validation == 0.1);
    CHECK(o.patience == 5);
    CHECK(o.units == 128);
    CHECK(o.strict);
    CHECK(o.melody_top_note);
    CHECK(o.harmony == "music21");
    const Options d = parse_command_line({ "train", "a.mid" });
    CHECK_FALSE(d.windows);
    CHECK(d.validation == 0);
    CHECK(d.patience == 0);
    CHECK(d.units == 64);
    CHECK_FALSE(d.strict);
    for (const char* units : { "32", "64", "128", "256" })
        CHECK(failure_id({ "train", "a.mid", "--units", units }).empty());
    CHECK(failure_id({ "train", "a.mid", "--units", "48" }) == "jazzlstm.cli.out_of_range");
    CHECK(failure_id({ "train", "a.mid", "--validation", "0.6" }) == "jazzlstm.cli.out_of_range");
    CHECK(failure_id({ "train", "a.mid", "--windows", "0" }) == "jazzlstm.cli.out_of_range");
    CHECK(failure_id({ "train", "a.mid", "--harmony", "chords" }) == "jazzlstm.cli.bad_value");
    CHECK(failure_id({ "train", "a.mid", "--units", "128", "--model", "m.json" }) == "jazzlstm.cli.conflicting_options");
    CHECK(failure_id({ "train", "a.mid", "--preset", "metheny", "--melody-top-note" }) == "jazzlstm.cli.conflicting_options");
    CHECK(failure_id({ "generate", "--model", "m.json", "--windows", "10" }) == "jazzlstm.cli.unknown_option");
    CHECK(failure_id({ "inspect", "a.mid", "--patience", "3" }) == "jazzlstm.cli.unknown_option");
}

} // namespace jazzlstm_test_app_options
