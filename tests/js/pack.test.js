// node --test tests/js/pack.test.js — the package as a stranger gets it:
// `npm pack` (with the dist directory under test, see tests/support/dist.mjs),
// `npm install <tarball>` into an empty temp project (offline, no other
// dependencies), then there (a) Node imports 'wasm-bank' and runs a transfer,
// (b) `npx wasm-bank run` prints the conformance transcript, (c) `tsc
// --strict` type-checks a consumer using every method of both entry points
// (bundler, node16 and node10 resolution), (d) a Vite production build emits
// the .wasm, (e) CommonJS require()s it (Node >= 20.19) or await import()s
// it, (f) the installed package runs on the Node releases "engines" claims
// (18 and 22, from scripts/nodes.sh). The Vite, webpack, esbuild, Rollup and
// Parcel builds and the plain pages are loaded in Chromium by
// e2e/packaged.spec.js.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import {
  makePackedProject, viteBuild, run, DIST_DIR, ROOT, TSC, TSC_CURRENT, VITE, NODE_VERSIONS, nodeBinary,
} from '../pack/project.mjs';

const NPX = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const BANK_CLI = process.env.BANK_CLI ?? path.join(ROOT, 'build/native/core/bank-cli');
const DOCS = readdirSync(path.join(ROOT, 'docs')).map((f) => `docs/${f}`);
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
      'package/BENCHMARKS.md', 'package/LICENSE', 'package/README.md', 'package/SECURITY.md', 'package/TESTING.md', ...DOCS.map((f) => `package/${f}`), 'package/dist/bank.js', 'package/dist/bank_error.js', 'package/dist/cli.js',
      'package/dist/contract.d.ts', 'package/dist/contract.js', 'package/dist/convert.js', 'package/dist/exchange.js',
      'package/dist/idb_store.js', 'package/dist/index.d.ts', 'package/dist/index.js', 'package/dist/index.node.js',
      'package/dist/instrumentation.js', 'package/dist/internal.js',
      'package/dist/load_wasm.js', 'package/dist/node_store.js', 'package/dist/op_text.js', 'package/dist/pg_store.js',
      'package/dist/store.js', 'package/dist/stored_bank.js', 'package/dist/tutorial.js',
      'package/dist/wasm-bank-args.cjs',
      'package/dist/wasm-bank.js', 'package/dist/wasm-bank.wasm', 'package/dist/wasm-bank.wasm.d.ts',
      'package/dist/worker.d.ts',
      'package/dist/worker.js', 'package/package.json',
    ].sort());
    const installed = path.join(project.app, 'node_modules', 'wasm-bank');
    const pkg = JSON.parse(readFileSync(path.join(installed, 'package.json'), 'utf8'));
    assert.equal(pkg.type, 'module');
    // Node gets the entry whose openBank also takes a file path; browsers and
    // bundlers the one without node:fs.
    assert.deepEqual(pkg.exports['.'], {
      types: './dist/index.d.ts', node: './dist/index.node.js', default: './dist/index.js',
    });
    // The .wasm has types for `import url from 'wasm-bank/wasm-bank.wasm'`.
    assert.deepEqual(pkg.exports['./wasm-bank.wasm'], {
      types: './dist/wasm-bank.wasm.d.ts', default: './dist/wasm-bank.wasm',
    });
    assert.deepEqual(pkg.typesVersions, {
      '*': { worker: ['./dist/worker.d.ts'], 'wasm-bank.wasm': ['./dist/wasm-bank.wasm.d.ts'] },
    });
    // What (f) tests, and no more: the oldest Node it runs on.
    assert.equal(pkg.engines.node, `>=${NODE_VERSIONS[0].split('.')[0]}`);
    assert.equal(pkg.license, 'MIT');
    assert.match(readFileSync(path.join(installed, 'LICENSE'), 'utf8'), /^MIT License/);
    assert.ok(pkg.keywords.includes('webassembly'));
    // Every link of the installed README into docs/ resolves there.
    const readme = readFileSync(path.join(installed, 'README.md'), 'utf8');
    const links = [...readme.matchAll(/\]\((docs\/[^)#\s]+)/g)].map((m) => m[1]);
    assert.ok(links.length >= 5, links.join(', '));
    for (const link of links) assert.ok(existsSync(path.join(installed, link)), link);
    // And every link of an installed docs/ page to a file of the package.
    for (const page of DOCS.filter((f) => f.endsWith('.md'))) {
      const text = readFileSync(path.join(installed, page), 'utf8');
      // Links to a file (a relative path with an extension), not code such as `[](std::string_view s)`.
      for (const [, target] of text.matchAll(/\]\(((?:\.\.?\/)?[\w/.-]+\.\w+)(?:#[^)]*)?\)/g)) {
        assert.ok(existsSync(path.join(installed, 'docs', target)), `${page} links to ${target}`);
      }
    }
    // Its one dependency is pg (the PostgreSQL store's client): the app gets
    // pg and what pg needs (as the repository's lock resolves it), nothing else.
    assert.deepEqual(Object.keys(pkg.dependencies), ['pg']);
    const repoLock = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8'));
    const closure = new Set();
    const visit = (name) => {
      if (closure.has(name)) return;
      closure.add(name);
      const entry = repoLock.packages[`node_modules/${name}`] ?? {};
      for (const dep of Object.keys({ ...entry.dependencies, ...entry.optionalDependencies })) visit(dep);
    };
    visit('pg');
    const lock = JSON.parse(readFileSync(path.join(project.app, 'package-lock.json'), 'utf8'));
    const others = Object.keys(lock.packages).filter((k) => k !== '' && k !== 'node_modules/wasm-bank');
    assert.ok(others.includes('node_modules/pg'), others.join(', '));
    for (const k of others) assert.ok(closure.has(k.slice(k.lastIndexOf('node_modules/') + 'node_modules/'.length)), `${k} is not pg's`);
  });

  test('npm pack --dry-run lists docs/ and LICENSE', () => {
    const r = run(NPM, ['pack', '--dry-run', '--json'], { cwd: project.stage });
    const [{ files }] = JSON.parse(r.stdout);
    const paths = files.map((f) => f.path);
    for (const f of ['LICENSE', ...DOCS]) assert.ok(paths.includes(f), `${f} in ${paths.join(', ')}`);
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

  test('(a) the installed package loads pg for a PostgreSQL store: a server that is not there is STORE_UNAVAILABLE', () => {
    const r = run(process.execPath, ['--input-type=module', '-e', `
import { openBank } from 'wasm-bank';
try {
  await openBank({ postgres: 'postgresql://nobody@127.0.0.1:1/none', bank: 'main' });
  console.log('opened');
} catch (e) {
  console.log(JSON.stringify({ code: e.code, message: e.message }));
}`], { cwd: project.app });
    const out = JSON.parse(r.stdout);
    assert.equal(out.code, 'STORE_UNAVAILABLE', out.message);
    assert.match(out.message, /cannot be reached/);
  });

  test('(b) npx wasm-bank run prints the conformance transcript; demo works', () => {
    const scenario = path.join(ROOT, 'tests', 'conformance', 'transfer.jsonl');
    const expected = readFileSync(path.join(ROOT, 'tests', 'conformance', 'transfer.expected'), 'utf8');
    const r = run(NPX, ['wasm-bank', 'run', scenario], { cwd: project.app });
    assert.equal(r.stdout, expected);
    const demo = run(NPX, ['wasm-bank', 'demo'], { cwd: project.app });
    assert.match(demo.stdout, /JS: Charlie's balance is 500\.00 USD/);
  });

  test('--help and --version: exit 0, the same text from npx wasm-bank and bank-cli', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    const version = run(NPX, ['wasm-bank', '--version'], { cwd: project.app });
    assert.equal(version.stdout, `wasm-bank ${pkg.version}\n`);
    const help = run(NPX, ['wasm-bank', '--help'], { cwd: project.app });
    assert.match(help.stdout, new RegExp(`^wasm-bank \\(wasm-bank ${pkg.version.replace(/\./g, '\\.')}\\)`));
    assert.match(help.stdout, /\nusage: wasm-bank run FILE\|- \[--journal OUT\]/);
    assert.equal(run(NPX, ['wasm-bank', '-h'], { cwd: project.app }).stdout, help.stdout);
    const unknown = spawnSync(NPX, ['wasm-bank', '--halp'], { cwd: project.app, encoding: 'utf8' });
    assert.equal(unknown.status, 2);
    assert.equal(unknown.stderr.split('\n').length, 2, 'one line');
    assert.match(unknown.stderr, /^wasm-bank: unknown command --halp; usage: wasm-bank run /);
    assert.ok(existsSync(BANK_CLI), `${BANK_CLI} is missing: build native (or set BANK_CLI)`);
    assert.equal(run(BANK_CLI, ['--version']).stdout, version.stdout);
    assert.equal(run(BANK_CLI, ['--help']).stdout.replaceAll('bank-cli', 'wasm-bank'), help.stdout);
  });

  // Each consumer with TypeScript 5.x and the current major; node10 only on
  // 5.x (6.0 wants ignoreDeprecations for it, 7.0 refuses it, as the README says).
  const CONFIGS = ['tsconfig.json', 'tsconfig.node16.json', 'tsconfig.es2022.json', 'tsconfig.esbuild.json'];
  for (const [name, tsc, configs] of [
    ['5.x', TSC, [...CONFIGS, 'tsconfig.node10.json']],
    ['current', TSC_CURRENT, CONFIGS],
  ]) {
    test(`(c) tsc ${name} --strict type-checks the consumers (bundler, node16, node10 on 5.x; lib es2022 alone; the esbuild recipe's .wasm import)`, () => {
      assert.ok(existsSync(tsc), `${tsc} is missing: run npm ci`);
      for (const config of configs) {
        const r = spawnSync(process.execPath, [tsc, '-p', config], { cwd: project.app, encoding: 'utf8' });
        assert.equal(r.stdout + r.stderr, '', `${name} ${config}`);
        assert.equal(r.status, 0, `${name} ${config}`);
      }
    });
  }

  test('(c) the current TypeScript refuses moduleResolution node10 (the README says so)', () => {
    const r = spawnSync(process.execPath, [TSC_CURRENT, '-p', 'tsconfig.node10.json'], { cwd: project.app, encoding: 'utf8' });
    assert.notEqual(r.status, 0);
    assert.match(r.stdout + r.stderr, /node10/);
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

  for (const version of NODE_VERSIONS) {
    test(`(f) on Node ${version}: import, await import() from CommonJS, the bin`, () => {
      const node = nodeBinary(version);
      assert.ok(existsSync(node), `${node} is missing: run bash scripts/nodes.sh`);
      assert.equal(run(node, ['--version']).stdout.trim(), `v${version}`);
      const r = run(node, ['use.mjs'], { cwd: project.app });
      assert.equal(JSON.parse(r.stdout).b, '1510.00');
      assert.equal(run(node, ['import.cjs'], { cwd: project.app }).stdout, '100.00\n');
      const bin = path.join(project.app, 'node_modules', 'wasm-bank', 'dist', 'cli.js');
      const scenario = path.join(ROOT, 'tests', 'conformance', 'transfer.jsonl');
      assert.equal(run(node, [bin, 'run', scenario], { cwd: project.app }).stdout,
        readFileSync(path.join(ROOT, 'tests', 'conformance', 'transfer.expected'), 'utf8'));
      assert.match(run(node, [bin, '--version']).stdout, /^wasm-bank \d/);
    });
  }
});
