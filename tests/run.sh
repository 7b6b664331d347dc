#!/usr/bin/env bash
# Builds jazzlstm and runs every test: the README's test command, and what CI runs.
# On a fresh Debian 12 machine, as root, it first installs the packages it needs.
#
# Stages (each timed in the summary at the end):
#   1. Release build (-Werror) + ctest.
#   2. The same suite under AddressSanitizer + UndefinedBehaviorSanitizer (build-sanitize/).
#   3. The libFuzzer targets built with clang and run for JAZZLSTM_FUZZ_SECONDS each (default 45).
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

cmake $(generator_for "$build") -S "$here" -B "$build" -DCMAKE_BUILD_TYPE=Release -DJAZZLSTM_WERROR=ON
cmake --build "$build" -j "$jobs"
finish_stage "release build"
ctest --test-dir "$build" --output-on-failure -j "$jobs"
finish_stage "release ctest"

if [ "${JAZZLSTM_QUICK:-0}" != "1" ]; then
  sanitize="${JAZZLSTM_SANITIZE_BUILD_DIR:-$build-sanitize}"
  # -O1 keeps Eigen code fast enough; halt_on_error and no recovery make every report fatal.
  cmake $(generator_for "$sanitize") -S "$here" -B "$sanitize" -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS="-O1 -g" -DJAZZLSTM_WERROR=ON \
    -DJAZZLSTM_SANITIZE=ON -DJAZZLSTM_BUILD_BENCH=OFF
  cmake --build "$sanitize" -j "$jobs"
  finish_stage "sanitizer build"
  ASAN_OPTIONS="detect_leaks=1:halt_on_error=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1" \
  UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1" \
    ctest --test-dir "$sanitize" --output-on-failure -j "$jobs" -LE consumer
  finish_stage "sanitizer ctest"

  JAZZLSTM_FUZZ_BUILD_DIR="${JAZZLSTM_FUZZ_BUILD_DIR:-$build-fuzz}" \
    bash "$here/tests/fuzz/run.sh" "${JAZZLSTM_FUZZ_SECONDS:-45}"
  finish_stage "fuzz build + runs"
fi

echo "== stage timings"
printf '%s\n' "${timings[@]}"
echo "total                        $SECONDS s"
