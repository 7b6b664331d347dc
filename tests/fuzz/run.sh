#!/usr/bin/env bash
# Builds the libFuzzer targets with clang and runs each for a bounded time from the committed
# seed corpus (copied to a scratch folder, so the seeds in git never change).
#   bash tests/fuzz/run.sh [seconds-per-target] [target...]     (default 60 s, every target)
# A finding (crash, sanitizer report, leak, timeout, out-of-memory, or an exception that is not
# a jazzlstm::error) fails the script; the input is kept under $build/fuzz-artifacts/<target>/.
# Environment: JAZZLSTM_FUZZ_BUILD_DIR (default build-fuzz), JAZZLSTM_FUZZ_KEEP_CORPUS=DIR keeps the
# grown corpora in DIR/<target> (and starts from them when present), JAZZLSTM_JOBS (build jobs),
# JAZZLSTM_FUZZ_RUNS=N stops each target after N executions (the seconds stay an upper bound),
# JAZZLSTM_FUZZ_MAX_LEN=N caps the input size (libFuzzer's -max_len; it otherwise grows to 4 KB).
# The long run of docs/errors.md ("Fuzzing"): JAZZLSTM_FUZZ_RUNS=10000000 bash tests/fuzz/run.sh 7200
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
build="${JAZZLSTM_FUZZ_BUILD_DIR:-$here/build-fuzz}"
seconds="${1:-60}"
shift || true
jobs="${JAZZLSTM_JOBS:-$(nproc)}"
cxx="${JAZZLSTM_FUZZ_CXX:-clang++}"

cmake -S "$here" -B "$build" -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DJAZZLSTM_WERROR=ON \
  -DJAZZLSTM_BUILD_TESTS=OFF -DJAZZLSTM_BUILD_EXAMPLES=OFF -DJAZZLSTM_BUILD_BENCH=OFF -DJAZZLSTM_INSTALL=OFF \
  -DJAZZLSTM_BUILD_FUZZERS=ON -DJAZZLSTM_PYTHON=OFF >/dev/null
cmake --build "$build" -j "$jobs"

if [ $# -gt 0 ]; then
  targets=("$@")
else
  targets=()
  for src in "$here"/tests/fuzz/fuzz_*.cpp; do
    name="$(basename "$src" .cpp)"
    targets+=("${name#fuzz_}")
  done
fi

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
failed=()
summary=()
for target in "${targets[@]}"; do
  corpus="$scratch/$target"
  mkdir -p "$corpus"
  [ -d "$here/tests/fuzz/corpus/$target" ] && cp "$here/tests/fuzz/corpus/$target"/* "$corpus"/ 2>/dev/null || true
  if [ -n "${JAZZLSTM_FUZZ_KEEP_CORPUS:-}" ]; then
    mkdir -p "$JAZZLSTM_FUZZ_KEEP_CORPUS/$target"
    cp "$JAZZLSTM_FUZZ_KEEP_CORPUS/$target"/* "$corpus"/ 2>/dev/null || true
  fi
  artifacts="$build/fuzz-artifacts/$target"
  mkdir -p "$artifacts"
  log="$build/fuzz-artifacts/$target.log"
  echo "== fuzz_$target for ${seconds}s (log: $log)"
  status=0
  # -timeout: one input may take at most 10 s; -rss_limit_mb/-malloc_limit_mb: memory must stay
  # bounded by the input; -detect_leaks=1 is libFuzzer's default under ASan.
  runs=()
  [ -n "${JAZZLSTM_FUZZ_RUNS:-}" ] && runs=(-runs="$JAZZLSTM_FUZZ_RUNS")
  [ -n "${JAZZLSTM_FUZZ_MAX_LEN:-}" ] && runs+=(-max_len="$JAZZLSTM_FUZZ_MAX_LEN")
  "$build/tests/fuzz/fuzz_$target" -max_total_time="$seconds" "${runs[@]}" -rss_limit_mb=2048 -malloc_limit_mb=1024 -timeout=10 \
    -print_final_stats=1 -artifact_prefix="$artifacts/" "$corpus" >"$log" 2>&1 || status=$?
  execs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)"
  took="$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log" | tail -1)"
  summary+=("fuzz_$target: ${execs:-?} executions in ${took:-$seconds} s (limit ${seconds}s${JAZZLSTM_FUZZ_RUNS:+ or $JAZZLSTM_FUZZ_RUNS runs}), exit $status")
  if [ "$status" -ne 0 ]; then
    failed+=("$target")
    echo "FINDING in fuzz_$target (exit $status); last lines of $log:" >&2
    tail -n 40 "$log" >&2
  fi
  if [ -n "${JAZZLSTM_FUZZ_KEEP_CORPUS:-}" ]; then
    cp "$corpus"/* "$JAZZLSTM_FUZZ_KEEP_CORPUS/$target"/ 2>/dev/null || true
  fi
done
printf '%s\n' "${summary[@]}"
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzzing found problems in: ${failed[*]} (inputs under $build/fuzz-artifacts/)" >&2
  exit 1
fi
