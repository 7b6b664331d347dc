#!/usr/bin/env bash
# Builds jazzlstm and runs every test: the README's test command, and what CI runs.
# On a fresh Debian 12 machine, as root, it first installs the packages it needs.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${JAZZLSTM_BUILD_DIR:-$here/build}"
jobs="${JAZZLSTM_JOBS:-$(nproc)}"

"$here/examples/install-deps.sh"

cmake -S "$here" -B "$build" -DCMAKE_BUILD_TYPE=Release -DJAZZLSTM_WERROR=ON
cmake --build "$build" -j "$jobs"
ctest --test-dir "$build" --output-on-failure -j "$jobs"
