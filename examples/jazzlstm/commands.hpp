// The subcommands of the jazzlstm program, one command_<name>.cpp each; main.cpp dispatches.
#pragma once

#include "options.hpp"

namespace jazzlstm::app {

int run_inspect(const Options& options);
int run_train(const Options& options);
int run_generate(const Options& options);
int run_improvise(const Options& options);
int run_evaluate(const Options& options);

} // namespace jazzlstm::app
