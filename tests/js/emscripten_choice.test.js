// node --test tests/js/emscripten_choice.test.js — which Emscripten the build
// uses (scripts/emscripten.sh, sourced by setup.sh and build.sh), on fake
// installs laid out like emsdk's, a bare emcc on PATH, and Debian's: the one
// the user activated wins, the system's is the fallback, none is an error.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT } from '../support/dist.mjs';

let tmp;

// An Emscripten directory with an emcc that only prints its version.
function fakeEmscripten(dir, version) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'emscripten-version.txt'), `"${version}"\n`);
  writeFileSync(path.join(dir, 'emcc'), `#!/bin/sh\necho "emcc (Emscripten) ${version}"\n`);
  chmodSync(path.join(dir, 'emcc'), 0o755);
  return dir;
}

before(() => {
  tmp = mkdtempSync(path.join(tmpdir(), 'wasm-bank-emscripten-'));
  // Debian: /usr/share/emscripten/{emcc,wrapper}, /usr/bin/emcc -> the wrapper
  const system = fakeEmscripten(path.join(tmp, 'share/emscripten'), '3.1.6');
  writeFileSync(path.join(system, 'wrapper'), '#!/bin/sh\nexec "$(dirname "$0")/emcc" "$@"\n');
  mkdirSync(path.join(tmp, 'usrbin'));
  symlinkSync(path.join(system, 'wrapper'), path.join(tmp, 'usrbin/emcc'));
  fakeEmscripten(path.join(tmp, 'emsdk/upstream/emscripten'), '4.0.23');
  fakeEmscripten(path.join(tmp, 'elsewhere/emscripten'), '6.0.8');
  mkdirSync(path.join(tmp, 'empty'));
  // The few tools the rule runs, without the machine's own emcc beside them.
  mkdirSync(path.join(tmp, 'tools'));
  for (const tool of ['readlink', 'dirname', 'basename', 'cat', 'tr', 'sed']) {
    const found = spawnSync('/bin/sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).stdout.trim();
    symlinkSync(found, path.join(tmp, 'tools', tool));
  }
});
after(() => rmSync(tmp, { recursive: true, force: true }));

// Sources the rule with the given EMSDK and PATH; returns what it chose.
function choose({ emsdk, pathDirs, system = 'share/emscripten' }) {
  const env = {
    PATH: [...pathDirs, 'tools'].map((d) => path.join(tmp, d)).join(':'),
    WASMBANK_SYSTEM_EMSCRIPTEN: path.join(tmp, system),
  };
  if (emsdk) env.EMSDK = path.join(tmp, emsdk);
  const script = `. scripts/emscripten.sh
if find_emscripten; then echo "$EMSCRIPTEN_ORIGIN $EMSCRIPTEN_RELEASE $EMSCRIPTEN_ROOT $(emscripten_toolchain_file)"; else echo none; fi`;
  // bash by absolute path: PATH is the fake one.
  const r = spawnSync('/bin/bash', ['-c', script], { cwd: ROOT, env, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const [origin, release, root, toolchain] = r.stdout.trim().split(' ');
  return { origin, release, root: root && path.relative(tmp, root), toolchain: toolchain && path.relative(tmp, toolchain) };
}

test('an activated emsdk (EMSDK) wins over the system one on PATH', () => {
  assert.deepEqual(choose({ emsdk: 'emsdk', pathDirs: ['usrbin'] }), {
    origin: 'activated', release: '4.0.23', root: 'emsdk/upstream/emscripten',
    toolchain: 'emsdk/upstream/emscripten/cmake/Modules/Platform/Emscripten.cmake',
  });
});

test('an emcc on PATH that is not the system one is used, first on PATH', () => {
  assert.deepEqual(choose({ pathDirs: ['elsewhere/emscripten', 'usrbin'] }), {
    origin: 'activated', release: '6.0.8', root: 'elsewhere/emscripten',
    toolchain: 'elsewhere/emscripten/cmake/Modules/Platform/Emscripten.cmake',
  });
});

test("the system's emcc on PATH (a link to its wrapper) is the system one", () => {
  assert.deepEqual(choose({ pathDirs: ['usrbin'] }), {
    origin: 'system', release: '3.1.6', root: 'share/emscripten',
    toolchain: 'share/emscripten/cmake/Modules/Platform/Emscripten.cmake',
  });
});

test('with no emcc on PATH the system install is the fallback', () => {
  assert.equal(choose({ pathDirs: ['empty'] }).origin, 'system');
});

test('EMSDK without an emscripten inside falls back to PATH', () => {
  assert.equal(choose({ emsdk: 'empty', pathDirs: ['elsewhere/emscripten'] }).release, '6.0.8');
});

test('no Emscripten at all (macOS without emsdk): none, so setup and build say what to install', () => {
  assert.deepEqual(choose({ pathDirs: ['empty'], system: 'missing' }),
    { origin: 'none', release: undefined, root: undefined, toolchain: undefined });
});
