// Command-line options of the jazzlstm program: subcommands, values, range checks, help text.
//
// Hand-written on purpose: the program must build from the standard library alone, and the
// grammar is small (four subcommands, a dozen options, `--opt value` and `--opt=value`).
#pragma once

#include <jazzlstm/core/error.hpp>
#include <jazzlstm/music/corpus/options.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <set>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

namespace jazzlstm::app {

/// A command line that does not follow the usage: the program prints one line and exits with 2.
/// Kept apart from argument_error proper, which the library throws for bad data (exit code 1).
class usage_error : public argument_error {
public:
    using argument_error::argument_error;
};

enum class Command { none, improvise, train, generate, inspect };

/// Everything the command line can say, with the documented defaults.
struct Options {
    Command command = Command::none;
    std::vector<std::string> files;          ///< positional arguments (MIDI files)
    int epochs = 100;
    int batch_size = 0;                      ///< windows per Adam step; 0 = all m in one step (the issue's full batch); 32 = Keras's default
    std::optional<std::uint64_t> seed;       ///< unset: the subcommand's documented default
    double temperature = 0.5;                ///< 0 = greedy
    int ty = 50;                             ///< tokens generated per chord group
    double bpm = 130;
    std::string melody_track;                ///< index or name; "" = automatic
    std::vector<std::string> chord_tracks;   ///< indices or names; empty = automatic
    std::optional<std::pair<double, double>> window;  ///< [lo, hi] in quarter notes, by start offset
    std::string preset;                      ///< "", "metheny" or "metheny-no-rests"
    std::string model;                       ///< model file to read (generate) or write (train)
    std::string out;                         ///< output file (or base name of several outputs)
    bool notebook = false;                   ///< reproduce the Coursera notebook's generation loop
    // --- changes, form and band (issue 12) ---
    std::string changes;                     ///< a chord chart: its text, or a file holding it
    int choruses = 1;                        ///< the form this many times
    int bars = 0;                            ///< exactly this many bars (0: the choruses decide)
    bool band = false;                       ///< add walking bass and drums
    bool pdf = false;                        ///< also write solo.pdf with a notation program
    // --- end of changes, form and band ---
    bool json = false;                       ///< machine-readable report on stdout
    bool quiet = false;
    bool help = false;                       ///< print the (sub)command help and exit 0
    bool version = false;
    std::set<std::string> given;             ///< long names of the options that were set explicitly

    bool was_given(const std::string& name) const { return given.count(name) != 0; }
};

namespace detail {

    struct OptionSpec {
        const char* name;
        bool takes_value;
        const char* value_name;
        const char* help;
    };

    // One table for parsing and for help text, so they cannot drift apart.
    inline const std::vector<OptionSpec>& option_specs()
    {
        static const std::vector<OptionSpec> specs = {
            { "epochs", true, "N", "training epochs, 1..100000 (default 100)" },
            { "batch-size", true, "N", "training windows per Adam step, 0..100000; 0 = all 60 in one step (default); 32 = Keras's default, as the notebook ran" },
            { "seed", true, "N", "random seed, 0..2^64-1 (default 1; generate: the model's training seed)" },
            { "temperature", true, "T", "sampling temperature, 0..10; 0 = greedy (default 0.5)" },
            { "ty", true, "N", "tokens generated per chord group, 1..10000 (default 50)" },
            { "bpm", true, "BPM", "tempo of the written solo, 20..400 (default 130)" },
            { "melody-track", true, "TRACK", "melody track: file track index or name (default: automatic)" },
            { "chord-tracks", true, "T1,T2", "chord track(s): indices or names, comma separated (default: automatic)" },
            { "window", true, "LO:HI", "keep elements starting in [LO, HI] quarter notes (default: whole piece)" },
            { "preset", true, "NAME", "metheny | metheny-no-rests: the reference file's tracks and window" },
            { "model", true, "FILE", "model file to read: start from it (train, improvise) or play it (generate)" },
            { "out", true, "FILE", "output file (train: the model, default model.json; else solo.mid, with .wav/.svg/... beside it)" },
            { "notebook", false, "", "follow the Coursera notebook's generation loop exactly" },
            { "changes", true, "CHART", "improvise over these changes: a chord chart (\"| Dm7 G7 | Cmaj7 |\") or a chart or lead-sheet file (docs/charts.md)" },
            { "choruses", true, "N", "play the form N times, one continuous line, 1..256 (default 1)" },
            { "bars", true, "N", "play exactly N bars of the form repeated, 1..4096 (overrides --choruses)" },
            { "band", false, "", "add a walking bass and a swing drum track to the MIDI and WAV" },
            { "pdf", false, "", "also write the lead sheet as PDF (MuseScore 3 or LilyPond, when installed)" },
            { "json", false, "", "print a machine-readable JSON report on stdout" },
            { "quiet", false, "", "print nothing but errors" },
            { "help", false, "", "show this help and exit" },
        };
        return specs;
    }

    inline const OptionSpec* find_spec(const std::string& name)
    {
        for (const auto& spec : option_specs())
            if (name == spec.name)
                return &spec;
        return nullptr;
    }

    // Which options each subcommand accepts; anything else is a usage error naming the option.
    inline std::vector<std::string> allowed_options(Command command)
    {
        switch (command) {
        case Command::improvise:
            return { "epochs", "batch-size", "seed", "temperature", "ty", "bpm", "melody-track", "chord-tracks", "window",
                "preset", "model", "out", "notebook", "changes", "choruses", "bars", "band", "pdf", "json", "quiet", "help" };
        case Command::train:
            return { "epochs", "batch-size", "seed", "melody-track", "chord-tracks", "window", "preset", "model", "out", "json",
                "quiet", "help" };
        case Command::generate:
            return { "seed", "temperature", "ty", "bpm", "melody-track", "chord-tracks", "window", "preset", "model", "out",
                "notebook", "changes", "choruses", "bars", "band", "pdf", "json", "quiet", "help" };
        case Command::inspect:
            return { "melody-track", "chord-tracks", "window", "preset", "json", "quiet", "help" };
        case Command::none:
            break;
        }
        return { "help" };
    }

    inline const char* command_name(Command command)
    {
        switch (command) {
        case Command::improvise: return "improvise";
        case Command::train: return "train";
        case Command::generate: return "generate";
        case Command::inspect: return "inspect";
        case Command::none: break;
        }
        return "";
    }

    [[noreturn]] inline void fail(const std::string& id, const std::string& detail, const std::string& token = {})
    {
        error_context context;
        context.token = token;
        throw usage_error("jazzlstm.cli." + id, detail, context);
    }

    inline long long parse_integer(const std::string& option, const std::string& text, long long lo, long long hi)
    {
        long long value = 0;
        const char* first = text.data();
        const char* last = first + text.size();
        auto [end, ec] = std::from_chars(first, last, value);
        if (text.empty() || ec == std::errc::invalid_argument || end != last)
            fail("bad_value", "--" + option + " needs an integer, got '" + text + "'", text);
        if (ec == std::errc::result_out_of_range || value < lo || value > hi)
            fail("out_of_range",
                "--" + option + " must be in " + std::to_string(lo) + ".." + std::to_string(hi) + ", got " + text, text);
        return value;
    }

    inline std::uint64_t parse_seed(const std::string& text)
    {
        std::uint64_t value = 0;
        const char* first = text.data();
        const char* last = first + text.size();
        auto [end, ec] = std::from_chars(first, last, value);
        if (text.empty() || ec == std::errc::invalid_argument || end != last)
            fail("bad_value", "--seed needs a non-negative integer, got '" + text + "'", text);
        if (ec == std::errc::result_out_of_range)
            fail("out_of_range", "--seed must be in 0..18446744073709551615, got " + text, text);
        return value;
    }

    // strtod accepts what from_chars<double> would (libstdc++ 11+ has both), plus a locale;
    // the program never calls setlocale, so the decimal point is '.'.
    inline double parse_real(const std::string& option, const std::string& text)
    {
        if (text.empty() || std::isspace(static_cast<unsigned char>(text.front())))
            fail("bad_value", "--" + option + " needs a number, got '" + text + "'", text);
        char* end = nullptr;
        double value = std::strtod(text.c_str(), &end);
        if (end != text.c_str() + text.size())
            fail("bad_value", "--" + option + " needs a number, got '" + text + "'", text);
        if (!std::isfinite(value))
            fail("out_of_range", "--" + option + " must be a finite number, got " + text, text);
        return value;
    }

    inline double parse_real_in(const std::string& option, const std::string& text, double lo, double hi,
        const char* range_text)
    {
        double value = parse_real(option, text);
        if (value < lo || value > hi)
            fail("out_of_range", "--" + option + " must be in " + range_text + ", got " + text, text);
        return value;
    }

    inline std::vector<std::string> split_list(const std::string& option, const std::string& text)
    {
        std::vector<std::string> items;
        std::size_t start = 0;
        while (true) {
            std::size_t comma = text.find(',', start);
            std::string item = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
            if (item.empty())
                fail("bad_value", "--" + option + " has an empty item in '" + text + "'", text);
            items.push_back(item);
            if (comma == std::string::npos)
                break;
            start = comma + 1;
        }
        return items;
    }

    inline void apply(Options& options, const std::string& name, const std::string& value)
    {
        if (name == "epochs")
            options.epochs = static_cast<int>(parse_integer(name, value, 1, 100000));
        else if (name == "batch-size")
            options.batch_size = static_cast<int>(parse_integer(name, value, 0, 100000));
        else if (name == "seed")
            options.seed = parse_seed(value);
        else if (name == "temperature")
            options.temperature = parse_real_in(name, value, 0.0, 10.0, "0..10");
        else if (name == "ty")
            options.ty = static_cast<int>(parse_integer(name, value, 1, 10000));
        else if (name == "bpm")
            options.bpm = parse_real_in(name, value, 20.0, 400.0, "20..400");
        else if (name == "melody-track") {
            if (value.empty())
                fail("bad_value", "--melody-track needs a track index or name");
            options.melody_track = value;
        } else if (name == "chord-tracks")
            options.chord_tracks = split_list(name, value);
        else if (name == "window") {
            std::size_t colon = value.find(':');
            if (colon == std::string::npos)
                fail("bad_value", "--window needs LO:HI in quarter notes, got '" + value + "'", value);
            double lo = parse_real(name, value.substr(0, colon));
            double hi = parse_real(name, value.substr(colon + 1));
            if (lo < 0 || hi < lo)
                fail("out_of_range", "--window needs 0 <= LO <= HI, got " + value, value);
            options.window = std::make_pair(lo, hi);
        } else if (name == "preset") {
            try {
                (void)corpus_preset(value); // the library's names and aliases
            } catch (const argument_error&) {
                fail("bad_value", "--preset must be metheny or metheny-no-rests, got '" + value + "'", value);
            }
            options.preset = value;
        } else if (name == "model" || name == "out") {
            if (value.empty())
                fail("bad_value", "--" + name + " needs a file name");
            (name == "model" ? options.model : options.out) = value;
        } else if (name == "notebook")
            options.notebook = true;
        // --- changes, form and band (issue 12) ---
        else if (name == "changes") {
            if (value.empty())
                fail("bad_value", "--changes needs a chord chart or a file name");
            options.changes = value;
        } else if (name == "choruses")
            options.choruses = static_cast<int>(parse_integer(name, value, 1, 256));
        else if (name == "bars")
            options.bars = static_cast<int>(parse_integer(name, value, 1, 4096));
        else if (name == "band")
            options.band = true;
        else if (name == "pdf")
            options.pdf = true;
        // --- end of changes, form and band ---
        else if (name == "json")
            options.json = true;
        else if (name == "quiet")
            options.quiet = true;
        else if (name == "help")
            options.help = true;
    }

} // namespace detail

/// Parses `argv[1..]`: a subcommand, then options and files in any order (`--` ends options).
/// `jazzlstm --help`, `jazzlstm help [CMD]` and `jazzlstm CMD --help` set `help`.
/// @throws usage_error (id `jazzlstm.cli.*`) for an unknown subcommand or option, a missing or bad
///         value, a value out of range, or a file count the subcommand does not take.
inline Options parse_command_line(const std::vector<std::string>& args)
{
    Options options;
    std::size_t i = 0;
    if (args.empty())
        detail::fail("no_command", "missing subcommand (improvise, train, generate, inspect); try 'jazzlstm --help'");

    const std::string& first = args[0];
    if (first == "--help" || first == "-h") {
        options.help = true;
        return options;
    }
    if (first == "--version") {
        options.version = true;
        return options;
    }
    if (first == "help") {
        options.help = true;
        if (args.size() > 1) {
            auto sub = parse_command_line({ args[1], "--help" });
            options.command = sub.command;
        }
        return options;
    }
    if (first == "improvise")
        options.command = Command::improvise;
    else if (first == "train")
        options.command = Command::train;
    else if (first == "generate")
        options.command = Command::generate;
    else if (first == "inspect")
        options.command = Command::inspect;
    else if (!first.empty() && first[0] == '-')
        detail::fail("no_command", "an option before the subcommand: '" + first + "'; try 'jazzlstm --help'", first);
    else
        detail::fail("unknown_command", "unknown subcommand '" + first + "' (improvise, train, generate, inspect)", first);
    ++i;

    const auto allowed = detail::allowed_options(options.command);
    const std::string command = detail::command_name(options.command);
    bool options_done = false;
    for (; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (options_done || arg.size() < 2 || arg[0] != '-') {
            options.files.push_back(arg);
            continue;
        }
        if (arg == "--") {
            options_done = true;
            continue;
        }
        if (arg == "-h") {
            options.help = true;
            options.given.insert("help");
            continue;
        }
        if (arg.compare(0, 2, "--") != 0)
            detail::fail("unknown_option", "unknown option '" + arg + "' for " + command + "; try 'jazzlstm " + command + " --help'", arg);
        std::size_t eq = arg.find('=');
        std::string name = arg.substr(2, eq == std::string::npos ? std::string::npos : eq - 2);
        const detail::OptionSpec* spec = detail::find_spec(name);
        if (spec == nullptr)
            detail::fail("unknown_option", "unknown option '--" + name + "' for " + command + "; try 'jazzlstm " + command + " --help'",
                "--" + name);
        if (std::find(allowed.begin(), allowed.end(), name) == allowed.end())
            detail::fail("unknown_option", "option '--" + name + "' does not apply to " + command, "--" + name);
        if (options.given.count(name) && name != "help" && name != "quiet" && name != "json")
            detail::fail("repeated_option", "option '--" + name + "' given twice", "--" + name);
        std::string value;
        if (spec->takes_value) {
            if (eq != std::string::npos)
                value = arg.substr(eq + 1);
            else if (i + 1 < args.size() && args[i + 1].compare(0, 2, "--") != 0)
                value = args[++i];
            else
                detail::fail("missing_value", "option '--" + name + "' needs a value (" + spec->value_name + ")", "--" + name);
        } else if (eq != std::string::npos) {
            detail::fail("unexpected_value", "option '--" + name + "' takes no value", arg);
        }
        detail::apply(options, name, value);
        options.given.insert(name);
    }
    if (options.help)
        return options;

    switch (options.command) {
    case Command::train:
        if (options.files.empty())
            detail::fail("missing_file", "train needs at least one MIDI file");
        break;
    case Command::inspect:
        if (options.files.size() != 1)
            detail::fail("missing_file", "inspect needs exactly one MIDI file");
        break;
    case Command::generate:
        if (options.files.size() > 1)
            detail::fail("unexpected_file", "generate takes at most one MIDI file (the chords to play over)", options.files[1]);
        if (options.model.empty())
            detail::fail("missing_value", "generate needs --model FILE");
        break;
    case Command::improvise:
    case Command::none:
        break;
    }
    if (!options.preset.empty() && (!options.melody_track.empty() || !options.chord_tracks.empty() || options.window))
        detail::fail("conflicting_options", "--preset cannot be combined with --melody-track, --chord-tracks or --window");
    return options;
}

/// Convenience overload for main().
inline Options parse_command_line(int argc, const char* const* argv)
{
    std::vector<std::string> args;
    for (int i = 1; i < argc; ++i)
        args.emplace_back(argv[i]);
    return parse_command_line(args);
}

/// Help text of one subcommand, or the overview for Command::none.
inline std::string help_text(Command command)
{
    std::string text;
    switch (command) {
    case Command::none:
        return "usage: jazzlstm <command> [options] [files]\n"
               "\n"
               "Learns a jazz soloist's style from a MIDI file with an LSTM and improvises new solos over its chords.\n"
               "\n"
               "commands:\n"
               "  improvise [FILE.mid]   train on FILE (default: the embedded corpus) and write a new solo\n"
               "  train FILE.mid...      train a model on one or more MIDI files and save it (--out)\n"
               "  generate --model FILE [FILE.mid]  write a new solo from a saved model over FILE's chords\n"
               "  inspect FILE.mid       list the tracks of a MIDI file and the parts a corpus would use\n"
               "\n"
               "`jazzlstm <command> --help` shows the options of a command.\n"
               "Exit status: 0 success, 1 bad data or file error, 2 wrong usage.\n";
    case Command::improvise:
        text = "usage: jazzlstm improvise [FILE.mid] [options]\n\n"
               "Trains on FILE (or on the embedded default corpus) and writes a solo as MIDI, WAV, SVG and a MusicXML\n"
               "lead sheet, with the model (.model.json) and the loss history (.loss.csv, .loss.svg) beside it.\n"
               "FILE may be a MusicXML lead sheet (.musicxml, .xml): its melody trains, its chord symbols are the changes.\n";
        break;
    case Command::train:
        text = "usage: jazzlstm train FILE.mid... [options]\n\nTrains a model on the corpus of the given files and saves it.\n";
        break;
    case Command::generate:
        text = "usage: jazzlstm generate --model FILE [FILE.mid] [options]\n\n"
               "Improvises a solo from a saved model over the chords of FILE.mid (default: the embedded corpus).\n";
        break;
    case Command::inspect:
        text = "usage: jazzlstm inspect FILE.mid [options]\n\n"
               "Lists the tracks (name, channel, program, notes, polyphony) and the parts the corpus would use.\n";
        break;
    }
    text += "\noptions:\n";
    for (const auto& name : detail::allowed_options(command)) {
        const detail::OptionSpec* spec = detail::find_spec(name);
        std::string left = std::string("  --") + spec->name;
        if (spec->takes_value)
            left += std::string(" ") + spec->value_name;
        if (left.size() < 24)
            left.resize(24, ' ');
        else
            left += "  ";
        text += left + spec->help + "\n";
    }
    return text;
}

} // namespace jazzlstm::app
