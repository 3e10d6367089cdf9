#!/usr/bin/env bash
# Installs what wasm-bank needs and is missing; does nothing when all is there.
#   - Debian packages (checked with dpkg; `apt-get update` once, only if needed)
#   - npm dev dependencies (`npm ci` when node_modules is missing or older
#     than package-lock.json)
# Works as root (CI) or as a user with sudo. Never downloads a browser:
# Playwright uses Debian's chromium.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

PACKAGES=(emscripten chromium cmake ninja-build g++ libgtest-dev libgmock-dev
          libbenchmark-dev clang-14 libclang-rt-14-dev)
# Node.js/npm only when absent (a newer Node from elsewhere is fine; keep it).
command -v node >/dev/null 2>&1 || PACKAGES+=(nodejs)
command -v npm >/dev/null 2>&1 || PACKAGES+=(npm)

installed() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q '^install ok installed$'
}

missing=()
for p in "${PACKAGES[@]}"; do
  installed "$p" || missing+=("$p")
done

if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  SUDO=()
  if [[ $(id -u) -ne 0 ]]; then
    if command -v sudo >/dev/null 2>&1; then
      SUDO=(sudo)
    else
      echo "setup: need root or sudo to install: ${missing[*]}" >&2
      exit 1
    fi
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y \
    "${missing[@]}" </dev/null
fi

node_major="$(node -p 'process.versions.node.split(".")[0]')"
if ((node_major < 20)); then
  echo "setup: warning: Node $(node --version) found; @playwright/test needs Node >= 20" >&2
fi

# npm dev dependencies (Playwright test runner, TypeScript).
if [[ ! -d node_modules || ! -f node_modules/.package-lock.json ||
      package-lock.json -nt node_modules/.package-lock.json ]]; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund
fi
