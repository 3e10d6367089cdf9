#!/usr/bin/env bash
# Builds the native tree (build/native) and the wasm tree (build/wasm); the
# wasm build fills dist/ with wasm-bank.{js,wasm}, the JS wrapper from
# bindings/js/ and contract.{js,d.ts}, generated from
# core/include/wasmbank/contract.h. Sets up what is missing first (scripts/setup.sh).
#
#   scripts/build.sh            both trees
#   scripts/build.sh wasm       only the wasm tree (or: native)
#
# The wasm tree uses the Emscripten you activated (emsdk's emsdk_env.sh, or an
# emcc on PATH that is not the system's) with its own CMake toolchain file,
# else Debian's (scripts/emscripten.sh says how it chooses). Environment:
#   WASMBANK_WASM_BUILD_DIR  the wasm build tree (default build/wasm)
#   WASMBANK_DIST_DIR        where the package is assembled (default dist)
#   WASMBANK_WASM_OPTIONS    more CMake options for the wasm tree (e.g.
#                            -DWASMBANK_WASM_SAFE=ON), split on spaces
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
. scripts/emscripten.sh

parts=("$@")
((${#parts[@]})) || parts=(native wasm)

bash scripts/setup.sh

build_native() {
  echo "build: native"
  cmake --preset native
  cmake --build --preset native
}

# A build tree configured for another Emscripten keeps that one's compiler in
# its cache: start such a tree afresh.
forget_other_toolchain() {
  local dir="$1" toolchain="$2" cache="$1/CMakeCache.txt"
  [[ -f "$cache" ]] || return 0
  if ! grep -qxF "CMAKE_TOOLCHAIN_FILE:FILEPATH=$toolchain" "$cache" &&
     ! grep -qxF "CMAKE_TOOLCHAIN_FILE:UNINITIALIZED=$toolchain" "$cache"; then
    echo "build: $dir was configured for another Emscripten; configuring it afresh"
    rm -rf "$dir"
  fi
}

build_wasm() {
  if ! find_emscripten; then
    echo "build: no Emscripten found. Activate emsdk (source emsdk_env.sh) or" \
         "install Debian's: apt-get install emscripten" >&2
    exit 1
  fi
  local dir="${WASMBANK_WASM_BUILD_DIR:-build/wasm}"
  local dist="${WASMBANK_DIST_DIR:-$ROOT/dist}"
  local toolchain
  toolchain="$(emscripten_toolchain_file)"
  echo "build: wasm with the $EMSCRIPTEN_ORIGIN Emscripten $EMSCRIPTEN_RELEASE ($EMSCRIPTEN_ROOT) in $dir"
  if [[ "$EMSCRIPTEN_ORIGIN" == system ]]; then
    # Emscripten 3.1.6's JS optimizer needs acorn from Debian's node modules.
    export NODE_PATH="/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}"
  fi
  forget_other_toolchain "$dir" "$toolchain"
  local options=()
  read -r -a options <<<"${WASMBANK_WASM_OPTIONS:-}"
  cmake --preset wasm -B "$dir" \
    "-DCMAKE_TOOLCHAIN_FILE=$toolchain" \
    "-DWASMBANK_DIST_DIR=$(realpath -m "$dist")" \
    ${options[@]+"${options[@]}"}
  cmake --build "$dir"
  local f
  for f in wasm-bank.js wasm-bank.wasm wasm-bank-args.cjs index.js contract.js contract.d.ts; do
    [[ -f "$dist/$f" ]] || { echo "build: $dist/$f was not produced" >&2; exit 1; }
  done
  echo "build: package in $dist"
}

for part in "${parts[@]}"; do
  case "$part" in
    native) build_native ;;
    wasm) build_wasm ;;
    *) echo "build: unknown part '$part' (native, wasm)" >&2; exit 2 ;;
  esac
done
echo "build: done"
