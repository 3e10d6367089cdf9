#!/usr/bin/env bash
# Sets up what is missing, builds, and runs every suite in order, stopping at
# the first failure: native CTest, wasm CTest (the same GoogleTest suite under
# Node), a bounded libFuzzer run, the sanitizer suites, Node tests (JS API,
# bin, types, parity), the wasm-safe suites (SAFE_HEAP), Playwright. Ends with one "N passed, N failed" line over all suites.
#
# WASMBANK_SECOND_EMSCRIPTEN=path/to/activate-script (emsdk_env.sh, or any
# script that puts an Emscripten on PATH when sourced) also builds the wasm
# tree with that Emscripten in build/wasm-current and runs the wasm GoogleTest
# suite and the Node tests against its package: CI sets it to a current
# release, so every change is proven on Debian's 3.1.6 and on a current one.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

SECOND="${WASMBANK_SECOND_EMSCRIPTEN:-}"
if [[ -n "$SECOND" && ! -f "$SECOND" ]]; then
  echo "test: WASMBANK_SECOND_EMSCRIPTEN=$SECOND: no such file" >&2
  exit 2
fi

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
count_node() {  # "# pass 23" / "# fail 0" / "# cancelled 0", once per file
  awk '/^# pass /{p+=$3} /^# (fail|cancelled) /{f+=$3} END{print p+0, f+0}' "$1"
}

# node --test on each test file of the given files and directories in turn,
# each under a time limit: a file whose process never exits (something left
# holding the event loop, as a stored bank's once did) fails by name after
# NODE_FILE_LIMIT seconds instead of running CI into its own limit. Node's
# runner takes one file at a time on this 2-core machine anyway.
NODE_FILE_LIMIT="${WASMBANK_NODE_FILE_LIMIT:-900}"
node_test_files() {
  local arg file status=0 code
  local files=()
  for arg in "$@"; do
    if [[ -d "$arg" ]]; then
      while IFS= read -r file; do files+=("$file"); done \
        < <(find "$arg" -maxdepth 1 -name '*.test.js' | sort)
    else
      files+=("$arg")
    fi
  done
  for file in "${files[@]}"; do
    code=0
    timeout --kill-after=10 "$NODE_FILE_LIMIT" node --test "$file" || code=$?
    if ((code == 124 || code == 137)); then
      echo "test: $file did not exit within $NODE_FILE_LIMIT s (something holds its event loop); stopped"
      echo "# fail 1"
    fi
    ((code == 0)) || status=1
  done
  return "$status"
}
count_playwright() {  # "  25 passed (30.1s)" / "  1 failed"
  awk '/^ *[0-9]+ passed/{p=$1} /^ *[0-9]+ failed/{f=$1} END{print p+0, f+0}' "$1"
}

CTEST=(ctest --output-on-failure --no-tests=error --test-dir)
suite native-ctest count_ctest "${CTEST[@]}" build/native
suite wasm-ctest count_ctest "${CTEST[@]}" build/wasm
step "fuzz build (clang-14, libFuzzer, ASan + UBSan)"
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz
suite fuzz-ctest count_ctest ctest --preset fuzz

# The native GoogleTest suite, and bank-cli in the parity and store tests,
# under AddressSanitizer, LeakSanitizer and UndefinedBehaviorSanitizer, with
# the sanitizer options of the "sanitize" test preset.
sanitizer_env() {
  node -e 'const p = require("./CMakePresets.json").testPresets.find((t) => t.name === "sanitize");
    for (const [k, v] of Object.entries(p.environment)) console.log(`${k}=${v}`);'
}
step "sanitizer build (clang-14: ASan, LSan, UBSan)"
cmake --preset sanitize >/dev/null
cmake --build --preset sanitize
suite sanitize-ctest count_ctest ctest --preset sanitize
# shellcheck disable=SC2046
suite sanitize-parity count_node env $(sanitizer_env) BANK_CLI=build/sanitize/core/bank-cli \
  bash -c "$(declare -f node_test_files); NODE_FILE_LIMIT=$NODE_FILE_LIMIT node_test_files tests/parity/ tests/js/store_crash.test.js"
suite node-tests count_node node_test_files tests/js/ tests/parity/

# The wasm GoogleTest suite and the Node API tests on a build with
# Emscripten's run-time checks (ASSERTIONS=2, SAFE_HEAP=1: every load and
# store checked, STACK_OVERFLOW_CHECK=2) in build/wasm-safe. The Node tests
# here are the ones that drive the core (about a minute under SAFE_HEAP);
# full_heap and lifetime measure memory and time, which the checks distort.
step "wasm build with Emscripten's run-time checks (build/wasm-safe)"
WASMBANK_WASM_BUILD_DIR=build/wasm-safe WASMBANK_DIST_DIR=build/wasm-safe/dist \
  WASMBANK_WASM_OPTIONS=-DWASMBANK_WASM_SAFE=ON bash scripts/build.sh wasm
suite wasm-safe-ctest count_ctest "${CTEST[@]}" build/wasm-safe
SAFE_NODE_TESTS=()
for t in api hostile_args fast_transfer open_bank worker tutorial crossings large_journal loader; do
  SAFE_NODE_TESTS+=("tests/js/$t.test.js")
done
NODE_OPTIONS="--import=$ROOT/tests/support/node_glue_globals.mjs${NODE_OPTIONS:+ $NODE_OPTIONS}" \
  WASMBANK_DIST=build/wasm-safe/dist suite node-tests-wasm-safe count_node \
  node_test_files "${SAFE_NODE_TESTS[@]}" tests/parity/typed.test.js

if [[ -n "$SECOND" ]]; then
  step "wasm build with a second Emscripten ($SECOND)"
  (
    # shellcheck disable=SC1090
    . "$SECOND" >&2
    WASMBANK_WASM_BUILD_DIR=build/wasm-current WASMBANK_DIST_DIR=build/wasm-current/dist \
      bash scripts/build.sh wasm
  )
  suite wasm-current-ctest count_ctest "${CTEST[@]}" build/wasm-current
  # Every Node test file again on that build, but the bench's smoke run:
  # the bench measures the package in dist/ (the first build), which the
  # first pass ran it on already.
  CURRENT_NODE_TESTS=()
  while IFS= read -r file; do
    [[ "$file" == */bench_smoke.test.js ]] || CURRENT_NODE_TESTS+=("$file")
  done < <(find tests/js -maxdepth 1 -name '*.test.js' | sort)
  WASMBANK_DIST=build/wasm-current/dist \
    suite node-tests-wasm-current count_node node_test_files "${CURRENT_NODE_TESTS[@]}" tests/parity/
fi
suite playwright count_playwright npx --no-install playwright test

echo
echo "test: all suites passed"
echo "$passed passed, $failed failed"
