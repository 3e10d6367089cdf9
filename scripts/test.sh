#!/usr/bin/env bash
# Sets up what is missing, builds, and runs every suite in order, stopping at
# the first failure: native CTest, wasm CTest (GoogleTest under node), Node
# tests, the parity runner, Playwright.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

bash scripts/setup.sh
bash scripts/build.sh

export NODE_PATH="/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}"

step() { echo; echo "==> $*"; }

step "native ctest"
ctest --test-dir build/native --output-on-failure

step "wasm ctest"
ctest --test-dir build/wasm --output-on-failure

shopt -s nullglob
js_tests=(tests/js/*.test.js tests/js/*.test.mjs)
shopt -u nullglob
if ((${#js_tests[@]})); then
  step "node --test tests/js/"
  node --test "${js_tests[@]}"
fi

if [[ -f tests/parity/run.mjs ]]; then
  step "parity: node tests/parity/run.mjs"
  node tests/parity/run.mjs
fi

step "playwright"
npx --no-install playwright test

echo
echo "test: all suites passed"
