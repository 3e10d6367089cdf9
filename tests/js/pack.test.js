// node --test tests/js/pack.test.js — the package as a stranger gets it:
// `npm pack` (with the dist directory under test, see tests/support/dist.mjs),
// `npm install <tarball>` into an empty temp project (offline, no other
// dependencies), then there (a) Node imports 'wasm-bank' and runs a transfer,
// (b) `npx wasm-bank run` prints the conformance transcript, (c) `tsc
// --strict` type-checks a consumer using every method of both entry points
// (bundler, node16 and node10 resolution), (d) a Vite production build emits
// the .wasm, (e) CommonJS require()s it (Node >= 20.19) or await import()s
// it. The Vite, webpack, esbuild, Rollup and Parcel builds and the plain
// pages are loaded in Chromium by e2e/packaged.spec.js.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { makePackedProject, viteBuild, run, DIST_DIR, ROOT, TSC, VITE } from '../pack/project.mjs';

const NPX = process.platform === 'win32' ? 'npx.cmd' : 'npx';
let project;

before(async () => {
  assert.ok(existsSync(path.join(DIST_DIR, 'wasm-bank.wasm')), `${DIST_DIR} is missing: run scripts/build.sh`);
  project = await makePackedProject();
});
after(() => project?.cleanup());

describe('packed and installed into an empty project', () => {
  test('the tarball holds what a user needs and nothing else', () => {
    const r = run('tar', ['-tzf', project.tarball]);
    assert.deepEqual(r.stdout.trim().split('\n').sort(), [
      'package/README.md', 'package/dist/bank_error.js', 'package/dist/cli.js', 'package/dist/convert.js',
      'package/dist/idb_store.js', 'package/dist/index.d.ts', 'package/dist/index.js', 'package/dist/index.node.js',
      'package/dist/load_wasm.js', 'package/dist/node_store.js', 'package/dist/op_text.js',
      'package/dist/stored_bank.js', 'package/dist/tutorial.js',
      'package/dist/wasm-bank.js', 'package/dist/wasm-bank.wasm', 'package/dist/worker.d.ts',
      'package/dist/worker.js', 'package/package.json',
    ]);
    const installed = path.join(project.app, 'node_modules', 'wasm-bank');
    const pkg = JSON.parse(readFileSync(path.join(installed, 'package.json'), 'utf8'));
    assert.equal(pkg.type, 'module');
    // Node gets the entry whose openBank also takes a file path; browsers and
    // bundlers the one without node:fs.
    assert.deepEqual(pkg.exports['.'], {
      types: './dist/index.d.ts', node: './dist/index.node.js', default: './dist/index.js',
    });
    assert.equal(pkg.exports['./wasm-bank.wasm'], './dist/wasm-bank.wasm');
    assert.deepEqual(pkg.typesVersions, { '*': { worker: ['./dist/worker.d.ts'] } });
    assert.match(pkg.engines.node, />=18/);
    const lock = JSON.parse(readFileSync(path.join(project.app, 'package-lock.json'), 'utf8'));
    assert.deepEqual(Object.keys(lock.packages).sort(), ['', 'node_modules/wasm-bank'], 'no other dependencies');
  });

  test('(a) node imports wasm-bank and runs a transfer', () => {
    const r = run(process.execPath, ['use.mjs'], { cwd: project.app });
    assert.deepEqual(JSON.parse(r.stdout), {
      from: '990.00', to: '1510.00', a: '990.00', b: '1510.00', error: 'INSUFFICIENT_FUNDS',
    });
    // the package's exported .wasm path resolves
    const wasm = run(process.execPath, ['--input-type=module', '-e',
      "console.log(import.meta.resolve('wasm-bank/wasm-bank.wasm'))"], { cwd: project.app });
    assert.match(wasm.stdout, /node_modules\/wasm-bank\/dist\/wasm-bank\.wasm/);
  });

  test('(b) npx wasm-bank run prints the conformance transcript; demo works', () => {
    const scenario = path.join(ROOT, 'tests', 'conformance', 'transfer.jsonl');
    const expected = readFileSync(path.join(ROOT, 'tests', 'conformance', 'transfer.expected'), 'utf8');
    const r = run(NPX, ['wasm-bank', 'run', scenario], { cwd: project.app });
    assert.equal(r.stdout, expected);
    const demo = run(NPX, ['wasm-bank', 'demo'], { cwd: project.app });
    assert.match(demo.stdout, /JS: Charlie's balance is 500\.00 USD/);
  });

  test('(c) tsc --strict type-checks a consumer of every method (bundler, node16 and node10 resolution)', () => {
    for (const config of ['tsconfig.json', 'tsconfig.node16.json', 'tsconfig.node10.json']) {
      const r = run(process.execPath, [TSC, '-p', config], { cwd: project.app, encoding: 'utf8' });
      assert.equal(r.stdout + r.stderr, '', config);
    }
  });

  test('(d) a Vite production build emits the .wasm and references it', async () => {
    assert.ok(existsSync(VITE), `${VITE} is missing: run npm ci`);
    const { dist, files } = await viteBuild(project.app);
    const wasm = files.filter((f) => f.endsWith('.wasm'));
    assert.equal(wasm.length, 1, files.join(', '));
    assert.ok(readFileSync(path.join(dist, wasm[0])).equals(
      readFileSync(path.join(project.app, 'node_modules', 'wasm-bank', 'dist', 'wasm-bank.wasm'))));
    const name = path.posix.basename(wasm[0]);
    const scripts = files.filter((f) => f.endsWith('.js'));
    assert.ok(scripts.some((f) => f.includes('worker')), `a worker chunk: ${files.join(', ')}`);
    for (const f of scripts) {
      assert.ok(readFileSync(path.join(dist, f), 'utf8').includes(name), `${f} references ${name}`);
    }
  });

  test('(e) CommonJS: require() on Node >= 20.19 (ERR_REQUIRE_ESM before), await import() on any', () => {
    const r = spawnSync(process.execPath, ['use.cjs'], { cwd: project.app, encoding: 'utf8' });
    if (process.features.require_module) {
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stdout, '60.00 40.00\n');
    } else {
      assert.notEqual(r.status, 0);
      assert.match(r.stderr, /ERR_REQUIRE_ESM/);
    }
    const i = run(process.execPath, ['import.cjs'], { cwd: project.app });
    assert.equal(i.stdout, '100.00\n');
  });
});
