// jazzlstm: learn a jazz soloist's style from a MIDI file and improvise new solos over its chords.
//
//   jazzlstm improvise [FILE.mid] [options]   train, then write FILE-solo.mid / .wav / .svg (solo.* for the embedded corpus)
//   jazzlstm train FILE.mid... [--out M]      train and save a model (default model.json)
//   jazzlstm generate --model M [FILE.mid]    improvise from a saved model over FILE's chords
//   jazzlstm inspect FILE.mid                 list tracks (name, channel, program, notes, polyphony)
//   jazzlstm evaluate SOLO.mid [--train F]    measure a solo beside its training melody (docs/metrics.md)
//
// The file name "@default" stands for the embedded default corpus (examples/data/default_corpus.mid,
// compiled into the program), which `improvise` uses when no file is given.
// Exit status: 0 success, 1 bad data or a file error, 2 wrong usage.
#include "commands.hpp"
#include "inputs.hpp"
#include "interrupt.hpp"
#include "options.hpp"

#include <jazzlstm/core/config.hpp>
#include <jazzlstm/core/error.hpp>

#include <exception>
#include <iostream>

using namespace jazzlstm::app;

namespace {

int run(const Options& options)
{
    if (options.version) {
        std::cout << "jazzlstm " << JAZZLSTM_VERSION_MAJOR << "." << JAZZLSTM_VERSION_MINOR << "." << JAZZLSTM_VERSION_PATCH
                  << "\n";
        return 0;
    }
    if (options.help) {
        std::cout << help_text(options.command);
        return 0;
    }
    switch (options.command) {
    case Command::inspect: return run_inspect(options);
    case Command::train: return run_train(options);
    case Command::generate: return run_generate(options);
    case Command::improvise: return run_improvise(options);
    case Command::evaluate: return run_evaluate(options);
    case Command::none: break;
    }
    std::cerr << help_text(Command::none);
    return 2;
}

} // namespace

int main(int argc, char** argv)
{
    // Before any thread exists: Ctrl-C and SIGTERM are then taken by one thread that cleans up.
    handle_interrupts();
    try {
        const Options options = parse_command_line(argc, argv);
        const int code = run(options);
        finish_stdout(); // a report that could not be written is a failure, not a success
        return code;
    } catch (const usage_error& e) {
        std::cerr << "jazzlstm: " << e.detail() << "\n";
        return 2;
    } catch (const jazzlstm::error& e) {
        std::cerr << "jazzlstm: " << e.what() << "\n";
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "jazzlstm: " << e.what() << "\n";
        return 1;
    }
}
