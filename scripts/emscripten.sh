# Sourced by setup.sh and build.sh: which Emscripten to build with. The one
# rule, in one place:
#   1. the one the user activated: $EMSDK (emsdk_env.sh sets it, with
#      $EMSDK/upstream/emscripten holding emcc), else an `emcc` on PATH that
#      is not the system's;
#   2. otherwise the system's (Debian's /usr/share/emscripten, 3.1.6 on
#      bookworm) when installed.
# find_emscripten sets, and returns 1 when there is none:
#   EMSCRIPTEN_ROOT      the directory holding emcc and
#                        cmake/Modules/Platform/Emscripten.cmake
#   EMSCRIPTEN_ORIGIN    "activated" or "system"
#   EMSCRIPTEN_RELEASE   its version, e.g. 4.0.23

# Where the distribution's own Emscripten lives (the test of this rule moves it).
SYSTEM_EMSCRIPTEN_ROOT="${WASMBANK_SYSTEM_EMSCRIPTEN:-/usr/share/emscripten}"

# The directory of the real emcc behind a path (emsdk's is a shell script in
# upstream/emscripten; Debian's /usr/bin/emcc links to a wrapper there).
emscripten_root_of() {
  local emcc
  emcc="$(readlink -f "$1")" || return 1
  if [[ "$(basename "$emcc")" == wrapper && -f "$(dirname "$emcc")/emcc" ]]; then
    emcc="$(dirname "$emcc")/emcc"
  fi
  dirname "$emcc"
}

find_emscripten() {
  EMSCRIPTEN_ROOT='' EMSCRIPTEN_ORIGIN='' EMSCRIPTEN_RELEASE=''
  local on_path
  on_path="$(command -v emcc 2>/dev/null || true)"
  if [[ -n "${EMSDK:-}" && -x "$EMSDK/upstream/emscripten/emcc" ]]; then
    EMSCRIPTEN_ROOT="$EMSDK/upstream/emscripten"
  elif [[ -n "$on_path" ]]; then
    EMSCRIPTEN_ROOT="$(emscripten_root_of "$on_path")"
  elif [[ -x "$SYSTEM_EMSCRIPTEN_ROOT/emcc" ]]; then
    EMSCRIPTEN_ROOT="$SYSTEM_EMSCRIPTEN_ROOT"
  else
    return 1
  fi
  if [[ "$(readlink -f "$EMSCRIPTEN_ROOT")" == "$(readlink -f "$SYSTEM_EMSCRIPTEN_ROOT")" ]]; then
    EMSCRIPTEN_ORIGIN=system
  else
    EMSCRIPTEN_ORIGIN=activated
  fi
  EMSCRIPTEN_RELEASE="$(cat "$EMSCRIPTEN_ROOT/emscripten-version.txt" 2>/dev/null | tr -d '"[:space:]')"
  [[ -n "$EMSCRIPTEN_RELEASE" ]] ||
    EMSCRIPTEN_RELEASE="$("$EMSCRIPTEN_ROOT/emcc" --version 2>/dev/null |
      sed -nE '1s/.* ([0-9]+\.[0-9]+\.[0-9]+).*/\1/p')"
}

# The CMake toolchain file that ships with that Emscripten.
emscripten_toolchain_file() {
  echo "$EMSCRIPTEN_ROOT/cmake/Modules/Platform/Emscripten.cmake"
}
