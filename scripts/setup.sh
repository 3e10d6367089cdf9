#!/usr/bin/env bash
# Installs what wasm-bank needs and is missing; does nothing when all is there.
#   - Debian packages (checked with dpkg; `apt-get update` once, only if needed);
#     Debian's emscripten only when no Emscripten is found (an activated emsdk,
#     or an emcc on PATH, is used instead: scripts/emscripten.sh); Debian's
#     postgresql only when no initdb is found under /usr/lib/postgresql (the
#     PostgreSQL store's tests and bench start throwaway clusters of their own:
#     tests/support/postgres.mjs; no system cluster is created for them)
#   - npm dev dependencies (`npm ci` when node_modules is missing or older
#     than package-lock.json)
# Works as root (CI) or as a user with sudo. Never downloads a browser:
# Playwright uses Debian's chromium.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
. scripts/emscripten.sh

PACKAGES=(chromium cmake ninja-build g++ libgtest-dev libgmock-dev
          libbenchmark-dev clang-14 libclang-rt-14-dev)
if find_emscripten; then
  echo "setup: using the $EMSCRIPTEN_ORIGIN Emscripten $EMSCRIPTEN_RELEASE ($EMSCRIPTEN_ROOT)"
else
  PACKAGES+=(emscripten)
fi
# Node.js/npm only when absent (a newer Node from elsewhere is fine; keep it).
command -v node >/dev/null 2>&1 || PACKAGES+=(nodejs)
command -v npm >/dev/null 2>&1 || PACKAGES+=(npm)
# PostgreSQL's server binaries (initdb, pg_ctl) for the PostgreSQL store's tests.
NEED_POSTGRES=0
if ! compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; then
  PACKAGES+=(postgresql)
  NEED_POSTGRES=1
fi

installed() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q '^install ok installed$'
}

missing=()
if command -v dpkg-query >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  for p in "${PACKAGES[@]}"; do
    installed "$p" || missing+=("$p")
  done
else
  # Not Debian/Ubuntu (macOS, another distribution): say what is needed.
  for tool in cmake ninja node npm; do
    command -v "$tool" >/dev/null 2>&1 ||
      { echo "setup: $tool is missing; install it (e.g. brew install $tool)" >&2; exit 1; }
  done
  find_emscripten ||
    { echo "setup: no Emscripten found; install emsdk and source its emsdk_env.sh" >&2; exit 1; }
fi

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
  if ((NEED_POSTGRES)); then
    # Only the binaries: no 'main' cluster for a system service to run.
    "${SUDO[@]}" mkdir -p /etc/postgresql-common/createcluster.d
    echo 'create_main_cluster = false' |
      "${SUDO[@]}" tee /etc/postgresql-common/createcluster.d/wasm-bank.conf >/dev/null
  fi
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

# The Node releases "engines" claims, for the pack test (build/nodes/).
bash scripts/nodes.sh
