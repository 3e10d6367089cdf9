#!/usr/bin/env bash
# Fetches the Node releases that package.json's "engines" claims and that
# tests/js/pack.test.js runs the installed package under (the oldest and a
# current line, beside the system's node): the platform's node-<os>-<arch>
# package through `npm pack` (the ordinary npm client; nothing runs at
# install time, and nothing is added to node_modules, where its `node` bin
# would shadow the system's in npm scripts), unpacked to
# build/nodes/<version>/bin/node. Does nothing for a version already there.
#   bash scripts/nodes.sh            # the versions below
#   WASMBANK_NODE_VERSIONS="18.20.8" bash scripts/nodes.sh
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# Keep in step with NODE_VERSIONS in tests/pack/project.mjs.
read -r -a versions <<<"${WASMBANK_NODE_VERSIONS:-18.20.8 22.23.3}"
os="$(node -p 'process.platform === "win32" ? "win" : process.platform')"
arch="$(node -p process.arch)"
dir="$ROOT/build/nodes"
mkdir -p "$dir"
for v in "${versions[@]}"; do
  [[ -x "$dir/$v/bin/node" ]] && continue
  echo "nodes: fetching Node $v ($os-$arch)"
  tgz="$(cd "$dir" && npm pack --silent "node-$os-$arch@$v" | tail -n 1)"
  mkdir -p "$dir/$v"
  tar -xzf "$dir/$tgz" -C "$dir/$v" --strip-components=1 package/bin/node
  rm -f "$dir/$tgz"
  "$dir/$v/bin/node" --version >/dev/null
done
