#!/usr/bin/env bash
# Configures and builds the native tree (build/native) and the wasm tree
# (build/wasm); the wasm build fills dist/ with wasm-bank.{js,wasm} and the
# JS wrapper from bindings/js/.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

# Emscripten 3.1.6's JS optimizer needs acorn from Debian's node modules.
export NODE_PATH="/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}"

echo "build: native"
cmake --preset native
cmake --build --preset native

echo "build: wasm"
DEBIAN_TOOLCHAIN=/usr/share/emscripten/cmake/Modules/Platform/Emscripten.cmake
if [[ -f "$DEBIAN_TOOLCHAIN" ]]; then
  cmake --preset wasm
else
  # emsdk (or another install): let emcmake supply its toolchain file.
  emcmake cmake --preset wasm
fi
cmake --build --preset wasm

for f in wasm-bank.js wasm-bank.wasm; do
  [[ -f "dist/$f" ]] || { echo "build: dist/$f was not produced" >&2; exit 1; }
done
echo "build: done (native in build/native, wasm in build/wasm, package in dist/)"
