#!/usr/bin/env bash
# Sets up what is missing, builds, and runs every suite in order, stopping at
# the first failure: native CTest, wasm CTest (the same GoogleTest suite under
# Node), a bounded libFuzzer run, Node tests (JS API, bin, types, parity),
# Playwright. Ends with one
# "N passed, N failed" line over all suites.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

bash scripts/setup.sh
bash scripts/build.sh

export NODE_PATH="/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}"
LOGS="$(mktemp -d)"
passed=0
failed=0

step() { echo; echo "==> $1"; }

# Runs a suite with its output both shown and kept, then adds its counts.
suite() {
  local name="$1" counter="$2"
  shift 2
  step "$name"
  local status=0
  "$@" 2>&1 | tee "$LOGS/$name.log" || status=$?
  read -r p f < <("$counter" "$LOGS/$name.log")
  passed=$((passed + p))
  failed=$((failed + f))
  if ((status != 0 || f != 0)); then
    echo
    echo "test: $name failed"
    echo "$passed passed, $((failed > 0 ? failed : 1)) failed"
    exit 1
  fi
}

count_ctest() {  # "100% tests passed, 0 tests failed out of 56"
  sed -nE 's/.* ([0-9]+) tests failed out of ([0-9]+).*/\2 \1/p' "$1" |
    awk '{print $1 - $2, $2}' | tail -n 1
}
count_node() {  # "# pass 23" / "# fail 0"
  awk '/^# pass /{p=$3} /^# fail /{f=$3} END{print p+0, f+0}' "$1"
}
count_playwright() {  # "  25 passed (30.1s)" / "  1 failed"
  awk '/^ *[0-9]+ passed/{p=$1} /^ *[0-9]+ failed/{f=$1} END{print p+0, f+0}' "$1"
}

suite native-ctest count_ctest ctest --test-dir build/native --output-on-failure
suite wasm-ctest count_ctest ctest --test-dir build/wasm --output-on-failure
step "fuzz build (clang-14, libFuzzer, ASan + UBSan)"
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz
suite fuzz-ctest count_ctest ctest --preset fuzz
suite node-tests count_node node --test tests/js/ tests/parity/
suite playwright count_playwright npx --no-install playwright test

echo
echo "test: all suites passed"
echo "$passed passed, $failed failed"
