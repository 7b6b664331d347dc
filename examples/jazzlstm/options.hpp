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

enum class Command { none, improvise, train, generate, inspect, evaluate };

/// Everything the command line can say, with the documented defaults.
struct Options {
    Command command = Command::none;
    std::vector<std::string> files;          ///< positional arguments (MIDI files)
    int epochs = 100;
    int batch_size = 0;                      ///< windows per Adam step; 0 = all m in one step (the issue's full batch); 32 = Keras's default
    std::optional<std::uint64_t> seed;       ///< unset: the subcommand's documented default
    double temperature = 1.0;                ///< 0 = greedy; 1 = the model's own distribution
    int ty = 50;                             ///< tokens generated per chord group
    double bpm = 130;
    std::string melody_track;                ///< index or name; "" = automatic
    std::vector<std::string> chord_tracks;   ///< indices or names; empty = automatic
    std::optional<std::pair<double, double>> window;  ///< [lo, hi] in quarter notes, by start offset
    bool melody_top_note = false;            ///< read the melody as its top line (double stops, dyads)
    std::string harmony;                     ///< "" (per beat), "beats" or "music21"
    std::string preset;                      ///< "", "metheny" or "metheny-no-rests"
    std::string model;                       ///< model file to read (generate) or write (train)
    std::string out;                         ///< output file (or base name of several outputs)
    std::optional<int> windows;              ///< training windows; unset: 60 for one file, a few per token for several
    double validation = 0;                   ///< share of each file's tokens held out for validation
    int patience = 0;                        ///< stop after this many epochs without a better loss (0: never)
    int units = 64;                          ///< LSTM units: 32, 64, 128 or 256
    bool strict = false;                     ///< a file that fails stops the run (default: reported and skipped)
    bool notebook = false;                   ///< reproduce the Coursera notebook's generation loop
    // --- changes, form and band (issue 12) ---
    std::string changes;                     ///< a chord chart: its text, or a file holding it
    int choruses = 1;                        ///< the form this many times
    int bars = 0;                            ///< exactly this many bars (0: the choruses decide)
    bool band = false;                       ///< add walking bass and drums
    bool pdf = false;                        ///< also write solo.pdf with a notation program
    bool chord_part = false;                 ///< write the comping as a second part of the lead sheet
    // --- end of changes, form and band ---
    bool json = false;                       ///< machine-readable report on stdout
    bool quiet = false;
    bool help = false;                       ///< print the (sub)command help and exit 0
    bool version = false;
    std::set<std::string> given;             ///< long names of the options that were set explicitly

    // Sampling, style and evaluation (docs/generation.md, docs/metrics.md).
    int top_k = 0;                           ///< keep the K most probable tokens; 0 = all
    double top_p = 1.0;                      ///< nucleus: the smallest set holding P of the mass; 1 = all
    std::optional<double> motif_recall;      ///< share of bars that recall an earlier bar; unset = learned from the source
    std::string train;                       ///< evaluate: the training file to measure the solo against
    bool svg = false;                        ///< evaluate: also write the comparison chart

    bool was_given(const std::string& name) const { return given.count(name) != 0; }
};

/// The largest --window bound, in quarter notes (the corpus's own cap, jazzlstm.corpus.window).
inline constexpr double max_window_quarters = 1e12;

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
            { "temperature", true, "T", "sampling temperature, 0..10; 0 = greedy (default 1: the model's own distribution)" },
            { "ty", true, "N", "tokens generated per chord group, 1..10000 (default 50)" },
            { "bpm", true, "BPM", "tempo of the written solo, 20..400 (default: the source's tempo; 130 with --notebook)" },
            { "melody-track", true, "TRACK", "melody track: file track index or name (default: automatic)" },
            { "chord-tracks", true, "T1,T2", "chord track(s): indices or names, comma separated (default: automatic)" },
            { "window", true, "LO:HI", "keep elements starting in [LO, HI] quarter notes (default: whole piece)" },
            { "melody-top-note", false, "", "read the melody as its top line: a lead in double stops, dyads or voices keeps its tune" },
            { "harmony", true, "HOW", "beats: what the harmony parts sound in each beat (default); music21: their chords as deepjazz read them" },
            { "preset", true, "NAME", "metheny | metheny-no-rests: the reference file's tracks and window" },
            { "model", true, "FILE", "model file to read: start from it (train, improvise) or play it (generate)" },
            { "windows", true, "N", "training windows of 30 tokens, 1..10000000 (default: 60 for one file, a tenth of the tokens for several)" },
            { "validation", true, "F", "hold out the last share F (0..0.5) of each file's tokens and report its loss every epoch (default 0)" },
            { "patience", true, "N", "stop after N epochs without a better loss (validation loss when held out) and keep the best model (default 0: off)" },
            { "units", true, "N", "LSTM units: 32, 64 (default, the notebook's), 128 or 256" },
            { "strict", false, "", "stop at the first file that cannot be read or gives no corpus (default: report it and go on)" },
            { "out", true, "FILE", "output file (train: the model, default model.json; else solo.mid, with .wav/.svg/... beside it)" },
            { "notebook", false, "", "follow the Coursera notebook's generation loop exactly" },
            { "changes", true, "CHART", "improvise over these changes: a chord chart (\"| Dm7 G7 | Cmaj7 |\") or a chart or lead-sheet file (docs/charts.md)" },
            { "choruses", true, "N", "play the form N times, one continuous line, 1..256 (default 1)" },
            { "bars", true, "N", "play exactly N bars of the form repeated, 1..4096 (overrides --choruses)" },
            { "band", false, "", "add a walking bass and a swing drum track to the MIDI and WAV" },
            { "pdf", false, "", "also write the lead sheet as PDF (MuseScore 3 or LilyPond, when installed)" },
            { "chord-part", false, "", "write the comping as a second part of the lead sheet (piano, grand staff)" },
            { "json", false, "", "print a machine-readable JSON report on stdout" },
            { "quiet", false, "", "print nothing but errors" },
            { "help", false, "", "show this help and exit" },
            // Sampling, style and evaluation.
            { "top-k", true, "K", "sample among the K most probable tokens only, 0..100000; 0 = all (default)" },
            { "top-p", true, "P", "sample from the smallest set of tokens holding P of the probability, 0 < P <= 1 (default 1 = all)" },
            { "motif-recall", true, "R", "share of bars that replay an earlier bar's rhythm and contour, 0..1 (default: learned from the source)" },
            { "train", true, "FILE", "the training file to measure the solo against (its parts: --preset/--melody-track/...)" },
            { "svg", false, "", "also write the comparison chart (--out, default evaluation.svg)" },
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

    /// Optimal-string-alignment distance (insertions, deletions, substitutions and swaps of two
    /// neighbours cost 1): "--epoch" is 1 from "--epochs", "--temprature" 1 from "--temperature".
    /// Allocates: two rows of the table.
    inline std::size_t edit_distance(const std::string& a, const std::string& b)
    {
        const std::size_t n = b.size();
        std::vector<std::size_t> before(n + 1), previous(n + 1), current(n + 1);
        for (std::size_t j = 0; j <= n; ++j)
            previous[j] = j;
        for (std::size_t i = 1; i <= a.size(); ++i) {
            current[0] = i;
            for (std::size_t j = 1; j <= n; ++j) {
                const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = std::min({ previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost });
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    current[j] = std::min(current[j], before[j - 2] + 1);
            }
            before.swap(previous);
            previous.swap(current);
        }
        return previous[n];
    }

    /// The option of `allowed` closest to `name` ("" when none is close): the only one `name`
    /// starts ("--temp"), else the nearest by edit distance within a third of the name's length
    /// (at least 2; the first of equals in the table's order).
    inline std::string closest_option(const std::string& name, const std::vector<std::string>& allowed)
    {
        std::string prefixed;
        int starts = 0;
        for (const auto& candidate : allowed)
            if (!name.empty() && candidate.compare(0, name.size(), name) == 0) {
                prefixed = candidate;
                ++starts;
            }
        if (starts == 1)
            return prefixed;
        std::string best;
        std::size_t best_distance = std::max<std::size_t>(2, name.size() / 3) + 1;
        for (const auto& candidate : allowed) {
            const std::size_t d = edit_distance(name, candidate);
            if (d < best_distance) {
                best = candidate;
                best_distance = d;
            }
        }
        return best;
    }

    // Which options each subcommand accepts; anything else is a usage error naming the option.
    inline std::vector<std::string> allowed_options(Command command)
    {
        switch (command) {
        case Command::improvise:
            return { "epochs", "batch-size", "seed", "temperature", "ty", "bpm", "melody-track", "chord-tracks", "window",
                "melody-top-note", "harmony", "preset", "model", "windows", "validation", "patience", "units", "strict", "out",
                "notebook", "changes", "choruses", "bars", "band", "pdf", "chord-part", "json", "quiet", "help", "top-k", "top-p", "motif-recall" };
        case Command::train:
            return { "epochs", "batch-size", "seed", "melody-track", "chord-tracks", "window", "melody-top-note", "harmony", "preset",
                "model", "windows", "validation", "patience", "units", "strict", "out", "json", "quiet", "help" };
        case Command::generate:
            return { "seed", "temperature", "ty", "bpm", "melody-track", "chord-tracks", "window", "melody-top-note", "harmony",
                "preset", "model", "out", "notebook", "changes", "choruses", "bars", "band", "pdf", "chord-part", "json", "quiet", "help", "top-k", "top-p", "motif-recall" };
        case Command::inspect:
            return { "melody-track", "chord-tracks", "window", "melody-top-note", "harmony", "preset", "json", "quiet", "help" };
        case Command::evaluate:
            return { "train", "melody-track", "chord-tracks", "window", "melody-top-note", "harmony", "preset", "svg", "out", "json",
                "quiet", "help" };
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
        case Command::evaluate: return "evaluate";
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
        } else if (name == "chord-tracks") {
            options.chord_tracks = split_list(name, value);
            for (std::size_t i = 0; i < options.chord_tracks.size(); ++i)
                for (std::size_t j = 0; j < i; ++j)
                    if (options.chord_tracks[i] == options.chord_tracks[j])
                        fail("bad_value", "--chord-tracks names track '" + options.chord_tracks[i]
                                + "' twice (each chord note would sound once per mention)", value);
        }
        else if (name == "window") {
            std::size_t colon = value.find(':');
            if (colon == std::string::npos)
                fail("bad_value", "--window needs LO:HI in quarter notes, got '" + value + "'", value);
            double lo = parse_real(name, value.substr(0, colon));
            double hi = parse_real(name, value.substr(colon + 1));
            if (lo < 0 || hi < lo || hi > max_window_quarters)
                fail("out_of_range", "--window needs 0 <= LO <= HI <= 1e12 quarters, got " + value, value);
            options.window = std::make_pair(lo, hi);
        } else if (name == "preset") {
            try {
                (void)corpus_preset(value); // the library's names and aliases
            } catch (const argument_error&) {
                fail("bad_value", "--preset must be metheny or metheny-no-rests, got '" + value + "'", value);
            }
            options.preset = value;
        } else if (name == "melody-top-note")
            options.melody_top_note = true;
        else if (name == "harmony") {
            if (value != "beats" && value != "music21")
                fail("bad_value", "--harmony must be beats or music21, got '" + value + "'", value);
            options.harmony = value;
        } else if (name == "windows")
            options.windows = static_cast<int>(parse_integer(name, value, 1, 10000000));
        else if (name == "validation")
            options.validation = parse_real_in(name, value, 0.0, 0.5, "0..0.5");
        else if (name == "patience")
            options.patience = static_cast<int>(parse_integer(name, value, 0, 100000));
        else if (name == "units") {
            const auto units = parse_integer(name, value, 1, 4096);
            if (units != 32 && units != 64 && units != 128 && units != 256)
                fail("out_of_range", "--units must be 32, 64, 128 or 256, got " + value, value);
            options.units = static_cast<int>(units);
        } else if (name == "strict")
            options.strict = true;
        else if (name == "model" || name == "out") {
            if (value.empty())
                fail("bad_value", "--" + name + " needs a file name");
            if (value == "-")
                fail("bad_value", "--" + name + " - (standard " + (name == "out" ? "output" : "input")
                        + ") is not supported: " + (name == "out" ? "the outputs are several files; " : "") + "give a file name",
                    value);
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
        else if (name == "chord-part")
            options.chord_part = true;
        // --- end of changes, form and band ---
        else if (name == "json")
            options.json = true;
        else if (name == "quiet")
            options.quiet = true;
        else if (name == "help")
            options.help = true;
        // Sampling, style and evaluation.
        else if (name == "top-k")
            options.top_k = static_cast<int>(parse_integer(name, value, 0, 100000));
        else if (name == "top-p") {
            options.top_p = parse_real_in(name, value, 0.0, 1.0, "(0, 1]");
            if (!(options.top_p > 0))
                fail("out_of_range", "--top-p must be in (0, 1], got " + value, value);
        } else if (name == "motif-recall")
            options.motif_recall = parse_real_in(name, value, 0.0, 1.0, "0..1");
        else if (name == "train") {
            if (value.empty())
                fail("bad_value", "--train needs a MIDI file");
            options.train = value;
        } else if (name == "svg")
            options.svg = true;
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
        detail::fail("no_command", "missing subcommand (improvise, train, generate, inspect, evaluate); try 'jazzlstm --help'");

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
    else if (first == "evaluate")
        options.command = Command::evaluate;
    else if (!first.empty() && first[0] == '-')
        detail::fail("no_command", "an option before the subcommand: '" + first + "'; try 'jazzlstm --help'", first);
    else
        detail::fail("unknown_command", "unknown subcommand '" + first + "' (improvise, train, generate, inspect, evaluate)", first);
    ++i;

    const auto allowed = detail::allowed_options(options.command);
    const std::string command = detail::command_name(options.command);
    bool options_done = false;
    for (; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (options_done || arg.size() < 2 || arg[0] != '-') {
            if (arg == "-")
                detail::fail("bad_value", "'-' (standard input) is not supported as a MIDI file; give a file name", arg);
            if (arg.empty())
                detail::fail("bad_value", "an empty file name", arg);
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
        std::size_t eq = arg.find('=');
        const bool long_form = arg.compare(0, 2, "--") == 0;
        std::string name = arg.substr(long_form ? 2 : 1, eq == std::string::npos ? std::string::npos : eq - (long_form ? 2 : 1));
        const detail::OptionSpec* spec = long_form ? detail::find_spec(name) : nullptr;
        if (spec == nullptr) {
            const std::string near = detail::closest_option(name, allowed);
            detail::fail("unknown_option",
                "unknown option '" + (long_form ? "--" + name : arg) + "' for " + command
                    + (near.empty() ? std::string() : "; did you mean '--" + near + "'?") + " (see 'jazzlstm " + command + " --help')",
                long_form ? "--" + name : arg);
        }
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
    case Command::evaluate:
        if (options.files.size() != 1)
            detail::fail("missing_file", "evaluate needs exactly one MIDI file (the solo)");
        break;
    case Command::improvise:
    case Command::none:
        break;
    }
    if (!options.preset.empty()
        && (!options.melody_track.empty() || !options.chord_tracks.empty() || options.window || options.melody_top_note || !options.harmony.empty()))
        detail::fail("conflicting_options",
            "--preset cannot be combined with --melody-track, --chord-tracks, --window, --melody-top-note or --harmony");
    if (options.units != 64 && !options.model.empty() && options.command != Command::generate)
        detail::fail("conflicting_options", "--units cannot be combined with --model: a model keeps its own size");
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
               "  train DIR|FILE.mid...  train a model on MIDI files (a directory: every MIDI file below it) and save it\n"
               "  generate --model FILE [FILE.mid]  write a new solo from a saved model over FILE's chords\n"
               "  inspect FILE.mid       list the tracks of a MIDI file and the parts a corpus would use\n"
               "  evaluate SOLO.mid [--train FILE.mid]  measure a solo (register, leaps, rhythm, harmony, originality)\n"
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
        text = "usage: jazzlstm train DIR|FILE.mid... [options]\n\n"
               "Trains a model on the corpora of the given files and saves it. A directory stands for every\n"
               ".mid, .midi and .kar file below it, and every .musicxml, .xml and .mxl lead sheet when this build\n"
               "reads MusicXML; files that give no corpus are reported and skipped (--strict: fatal).\n";
        break;
    case Command::generate:
        text = "usage: jazzlstm generate --model FILE [FILE.mid] [options]\n\n"
               "Improvises a solo from a saved model over the chords of FILE.mid (default: the embedded corpus).\n";
        break;
    case Command::inspect:
        text = "usage: jazzlstm inspect FILE.mid [options]\n\n"
               "Lists the tracks (name, channel, program, notes, polyphony) and the parts the corpus would use.\n";
        break;
    case Command::evaluate:
        text = "usage: jazzlstm evaluate SOLO.mid [--train FILE.mid] [options]\n\n"
               "Measures the melody of SOLO.mid (tracks 'Solo' and 'Chords' when it has them, else the automatic choice)\n"
               "beside the melody of --train FILE.mid and beside human solos, and checks the style goals (docs/metrics.md).\n"
               "The part options choose FILE's parts, or SOLO's when no --train is given.\n";
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
