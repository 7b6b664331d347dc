// Fuzz target: the command-line parser of the jazzlstm program (examples/jazzlstm/options.hpp).
//
// Bytes → arguments (split at NUL bytes) → parse_command_line. A command line is accepted or
// refused with a usage_error (a jazzlstm::error) and nothing else; an accepted one holds values
// inside the documented ranges, parses the same way twice, and its help text builds.
#include "fuzz_support.hpp"

#include "options.hpp"

#include <cmath>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace jazzlstm;
    std::vector<std::string> args(1);
    for (std::size_t k = 0; k < size && args.size() <= 64; ++k) {
        if (data[k] == 0)
            args.emplace_back();
        else
            args.back() += static_cast<char>(data[k]);
    }
    return fuzz::guarded([&] {
        const app::Options o = app::parse_command_line(args);
        fuzz::require(o.epochs >= 1 && o.epochs <= 100000, "--epochs in 1..100000");
        fuzz::require(o.batch_size >= 0 && o.batch_size <= 100000, "--batch-size in 0..100000");
        fuzz::require(o.temperature >= 0 && o.temperature <= 10, "--temperature in 0..10");
        fuzz::require(o.ty >= 1 && o.ty <= 10000, "--ty in 1..10000");
        fuzz::require(o.bpm >= 20 && o.bpm <= 400, "--bpm in 20..400");
        if (o.window)
            fuzz::require(std::isfinite(o.window->first) && o.window->first >= 0 && o.window->first <= o.window->second
                    && o.window->second <= app::max_window_quarters,
                "--window 0 <= LO <= HI <= 1e12");
        for (const auto& file : o.files)
            fuzz::require(!file.empty() && file != "-", "no empty or '-' file name");
        fuzz::require(o.out != "-" && o.model != "-", "--out/--model are never '-'");
        for (std::size_t i = 0; i < o.chord_tracks.size(); ++i)
            for (std::size_t j = 0; j < i; ++j)
                fuzz::require(o.chord_tracks[i] != o.chord_tracks[j], "no chord track named twice");
        if (!o.help && !o.version) {
            if (o.command == app::Command::inspect)
                fuzz::require(o.files.size() == 1, "inspect takes one file");
            if (o.command == app::Command::train)
                fuzz::require(!o.files.empty(), "train takes files");
            if (o.command == app::Command::generate)
                fuzz::require(!o.model.empty() && o.files.size() <= 1, "generate takes --model and at most one file");
        }
        app::Options again;
        fuzz::must_succeed("parsing the same arguments again", [&] { again = app::parse_command_line(args); });
        fuzz::require(again.command == o.command && again.files == o.files && again.given == o.given && again.epochs == o.epochs
                && again.out == o.out && again.chord_tracks == o.chord_tracks,
            "parsing is deterministic");
        fuzz::must_succeed("help_text", [&] { (void)app::help_text(o.command); });
    });
}
