#!/usr/bin/env bash
# The README's first quick-start command: on a fresh Debian 12 machine (as root) install what
# is missing, build the jazzlstm program, and improvise a solo on the embedded corpus.
# Extra arguments go to `jazzlstm improvise` (e.g. a MIDI file, --seed 7, --out solo.mid).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${JAZZLSTM_BUILD_DIR:-$here/build}"

"$here/examples/install-deps.sh"
generator=""
if [ ! -f "$build/CMakeCache.txt" ] && command -v ninja >/dev/null 2>&1; then generator="-GNinja"; fi
cmake $generator -S "$here" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" -j "$(nproc)" --target jazzlstm_cli
mkdir -p "$here/out"
cd "$here/out"
exec "$build/examples/jazzlstm/jazzlstm" improvise "$@"
