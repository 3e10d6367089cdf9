#!/usr/bin/env bash
# npm run fuzz: long libFuzzer campaigns over every fuzz target (or the ones
# named), one after another, with ASan and UBSan (the "fuzz" CMake preset).
#
#   scripts/fuzz.sh                       every target, 30 minutes each
#   FUZZ_SECONDS=60 scripts/fuzz.sh       one minute each
#   scripts/fuzz.sh fuzz_api fuzz_amount  only these
#
# Each target keeps its corpus in build/fuzz/corpus/<target>, seeded from
# tests/fuzz_seeds (and, for the text targets, the conformance scenarios and
# journals: the same seeds and dictionary as the bounded run in npm test,
# read from the lists CMake writes), so a campaign continues where the last
# one stopped. A crashing input is written to build/fuzz/findings/ and ends
# that target's campaign. Ends with one line per target: executions,
# seconds, executions per second, corpus size and crashes; exits 1 if any
# target crashed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

SECONDS_EACH="${FUZZ_SECONDS:-1800}"
if ! [[ "$SECONDS_EACH" =~ ^[1-9][0-9]*$ ]]; then
  echo "fuzz: FUZZ_SECONDS must be a whole number of seconds, not '$SECONDS_EACH'" >&2
  exit 2
fi

bash scripts/setup.sh
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz

BUILD=build/fuzz
mapfile -t ALL < "$BUILD/fuzz_targets.txt"
targets=("$@")
((${#targets[@]})) || targets=("${ALL[@]}")
for t in "${targets[@]}"; do
  if [[ ! " ${ALL[*]} " == *" $t "* ]]; then
    echo "fuzz: unknown target '$t' (targets: ${ALL[*]})" >&2
    exit 2
  fi
done

mkdir -p "$BUILD/findings" "$BUILD/logs"
rows=()
crashed=0
for t in "${targets[@]}"; do
  corpus="$BUILD/corpus/$t"
  mkdir -p "$corpus"
  # The dictionary stays an option; each seed directory is copied in once
  # (prefixed, so that seeds of the same name from two directories both stay).
  options=()
  while IFS= read -r line; do
    [[ -n "$line" ]] || continue
    if [[ "$line" == -* ]]; then
      options+=("$line")
      continue
    fi
    for seed in "$line"/*; do
      [[ -f "$seed" ]] && cp -n "$seed" "$corpus/seed-$(basename "$line")-$(basename "$seed")"
    done
  done < "$BUILD/fuzz_args/$t.txt"

  log="$BUILD/logs/$t.log"
  echo "fuzz: $t for ${SECONDS_EACH} s (log: $log)"
  started=$(date +%s)
  status=0
  "$BUILD/core/$t" -max_total_time="$SECONDS_EACH" -max_len=4096 -timeout=10 \
    -print_final_stats=1 -artifact_prefix="$BUILD/findings/$t-" \
    ${options[@]+"${options[@]}"} "$corpus" >"$log" 2>&1 || status=$?
  took=$(($(date +%s) - started))

  # libFuzzer's final stats; after a crash, its last status line ("#N ...").
  execs=$(sed -n 's/^stat::number_of_executed_units: //p' "$log" | tail -n 1)
  [[ -n "$execs" ]] || execs=$(sed -nE 's/^#([0-9]+).*/\1/p' "$log" | tail -n 1)
  execs=${execs:-0}
  crashes=$(grep -c '^artifact_prefix=.*Test unit written to' "$log" || true)
  if ((status != 0 && crashes == 0)); then crashes=1; fi  # died unrecorded
  ((crashes == 0)) || crashed=1
  size=$(find "$corpus" -type f | wc -l)
  rows+=("$(printf '%-14s %12s %8s %9s %8s %8s' "$t" "$execs" "$took" \
    "$((execs / (took > 0 ? took : 1)))" "$size" "$crashes")")
  echo "${rows[-1]}"
done

echo
printf '%-14s %12s %8s %9s %8s %8s\n' target executions seconds exec/s corpus crashes
printf '%s\n' "${rows[@]}"
if ((crashed)); then
  echo "fuzz: a target crashed; its input is in $BUILD/findings/ and the log in $BUILD/logs/" >&2
  exit 1
fi
