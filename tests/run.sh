#!/usr/bin/env bash
# Builds jazzlstm and runs every test: the README's test command, and what CI runs.
# On a fresh Debian 12 machine, as root, it first installs the packages it needs.
#
# Stages (each timed in the summary at the end):
#   1. Release build (-Werror) + ctest, then the Python tests (pytest on the module it built).
#   2. The same suite under AddressSanitizer + UndefinedBehaviorSanitizer (build-sanitize/).
#   3. The libFuzzer targets built with clang and run for JAZZLSTM_FUZZ_SECONDS each (default 30;
#      the long run of docs/errors.md is what reaches depth).
# JAZZLSTM_QUICK=1 runs stage 1 only, for local iteration. Any failure, sanitizer report or fuzz
# finding fails the script.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${JAZZLSTM_BUILD_DIR:-$here/build}"
jobs="${JAZZLSTM_JOBS:-$(nproc)}"
export JAZZLSTM_JOBS="$jobs"

"$here/examples/install-deps.sh"

# Ninja schedules the two cores better than make; the generator is only a build-time choice.
# A build tree keeps the generator it was made with, so one is chosen for new trees only.
generator_for() {
  if [ ! -f "$1/CMakeCache.txt" ] && command -v ninja >/dev/null 2>&1; then echo "-GNinja"; fi
}

timings=()
stage_start=$SECONDS
finish_stage() {
  timings+=("$(printf '%-28s %5d s' "$1" $((SECONDS - stage_start)))")
  stage_start=$SECONDS
}

# Debian's interpreter (python3-numpy, python3-pytest) for the Python module, not another python3 on PATH.
python_args=()
[ -x /usr/bin/python3 ] && python_args=(-DPython3_EXECUTABLE=/usr/bin/python3)
cmake $(generator_for "$build") -S "$here" -B "$build" -DCMAKE_BUILD_TYPE=Release -DJAZZLSTM_WERROR=ON "${python_args[@]}"
cmake --build "$build" -j "$jobs"
finish_stage "release build"
ctest --test-dir "$build" --output-on-failure -j "$jobs" -LE python
finish_stage "release ctest"

# The Python module (examples/python, built above): pytest from the build tree. Exit 5 (no test
# collected) fails the run like any other failure.
if [ -d "$build/python/jazzlstm" ]; then
  rc=0
  PYTHONPATH="$build/python" JAZZLSTM_BUILD_DIR="$build" JAZZLSTM_SHARED_DIR="${JAZZLSTM_SHARED_DATA_DIR:-$here/../shared}" \
    /usr/bin/python3 -m pytest -q -p no:cacheprovider "$here/tests/python" || rc=$?
  if [ "$rc" -eq 5 ]; then
    echo "pytest collected no test in tests/python" >&2
  fi
  [ "$rc" -eq 0 ] || exit 1
  finish_stage "python tests"
else
  echo "the Python module was not built (pybind11 or Python's development files missing)" >&2
  exit 1
fi

if [ "${JAZZLSTM_QUICK:-0}" != "1" ]; then
  sanitize="${JAZZLSTM_SANITIZE_BUILD_DIR:-$build-sanitize}"
  # -O1 keeps Eigen code fast enough; halt_on_error and no recovery make every report fatal.
  # -g1 (line tables, no variable locations) is all a sanitizer's stack trace reads, and compiles
  # the Eigen-heavy units about a third faster than -g, with objects a quarter of the size.
  cmake $(generator_for "$sanitize") -S "$here" -B "$sanitize" -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS="-O1" \
    -DCMAKE_CXX_FLAGS_DEBUG="-g1" -DJAZZLSTM_WERROR=ON \
    -DJAZZLSTM_SANITIZE=ON -DJAZZLSTM_BUILD_BENCH=OFF -DJAZZLSTM_PYTHON=OFF -DJAZZLSTM_CHECK_HEADERS=OFF
  cmake --build "$sanitize" -j "$jobs"
  finish_stage "sanitizer build"
  ASAN_OPTIONS="detect_leaks=1:halt_on_error=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1" \
  UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1" \
    ctest --test-dir "$sanitize" --output-on-failure -j "$jobs" -LE consumer
  finish_stage "sanitizer ctest"

  JAZZLSTM_FUZZ_BUILD_DIR="${JAZZLSTM_FUZZ_BUILD_DIR:-$build-fuzz}" \
    bash "$here/tests/fuzz/run.sh" "${JAZZLSTM_FUZZ_SECONDS:-30}"
  finish_stage "fuzz build + runs"
fi

echo "== stage timings"
printf '%s\n' "${timings[@]}"
echo "total                        $SECONDS s"
