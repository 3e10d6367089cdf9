// The packaged-package fixture shared by tests/js/pack.test.js (node --test)
// and e2e/packaged.spec.js (Playwright): `npm pack` the package with the dist
// directory under test (tests/support/dist.mjs: the repository's dist/, or
// WASMBANK_DIST), install the tarball into an empty temp project — no other
// dependencies, nothing fetched — and write there the files a stranger would
// write following the README: Node scripts (import and require()), strict
// TypeScript consumers, a Vite app with a module worker, entries for webpack,
// esbuild, Rollup and Parcel, and plain pages with import maps.
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { createReadStream } from 'node:fs';
import { cp, mkdtemp, mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DIST_DIR, ROOT } from '../support/dist.mjs';

export { DIST_DIR, ROOT };
export const TSC = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
// The current major (7.x: `typescript-current`, an aliased devDependency),
// beside TSC (5.x); each consumer below is checked by both.
export const TSC_CURRENT = path.join(ROOT, 'node_modules', 'typescript-current', 'bin', 'tsc');
// The Node releases that package.json's "engines" claims besides the
// system's: the oldest line it names and a current one, fetched into
// build/nodes/<version>/ by scripts/nodes.sh (setup.sh runs it).
export const NODE_VERSIONS = ['18.20.8', '22.23.3'];
export const nodeBinary = (version) => path.join(ROOT, 'build', 'nodes', version, 'bin', 'node');
export const VITE = path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

// Runs a command; throws with its output unless it exits 0.
export function run(command, args, options = {}) {
  const r = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 << 20, ...options });
  if (r.error) throw r.error;
  if (r.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited ${r.status}\n${r.stdout}\n${r.stderr}`);
  }
  return r;
}

// Stages the package (package.json, README.md, LICENSE, the root documents
// docs/ links to, docs/, DIST_DIR as
// dist/) in <tmp>/stage, `npm pack`s it and `npm install`s the tarball into
// <tmp>/app. Also lays out <tmp>/site, a site with the package under
// /vendor/ and pages under /app/. Returns { tmp, stage, app, site, tarball,
// cleanup }.
export async function makePackedProject() {
  const tmp = await mkdtemp(path.join(tmpdir(), 'wasm-bank-pack-'));
  const stage = path.join(tmp, 'stage');
  await mkdir(stage);
  for (const file of ['package.json', 'README.md', 'LICENSE', 'BENCHMARKS.md', 'SECURITY.md', 'TESTING.md']) {
    await cp(path.join(ROOT, file), path.join(stage, file));
  }
  await cp(path.join(ROOT, 'docs'), path.join(stage, 'docs'), { recursive: true });
  await cp(DIST_DIR, path.join(stage, 'dist'), { recursive: true });
  const packed = run(NPM, ['pack', '--json', '--pack-destination', tmp], { cwd: stage });
  const [{ filename }] = JSON.parse(packed.stdout);
  const tarball = path.join(tmp, filename);
  const app = path.join(tmp, 'app');
  await mkdir(app);
  await writeFile(path.join(app, 'package.json'), JSON.stringify({
    name: 'wasm-bank-consumer', version: '1.0.0', private: true, type: 'module',
  }, null, 2));
  run(NPM, ['install', tarball, '--no-audit', '--no-fund', '--offline'], { cwd: app });
  await writeFiles(app, projectFiles());
  const site = path.join(tmp, 'site');
  await cp(path.join(app, 'node_modules', 'wasm-bank'), path.join(site, 'vendor', 'wasm-bank'),
    { recursive: true });
  await writeFiles(path.join(site, 'app'), vendorSiteFiles());
  return { tmp, stage, app, site, tarball, cleanup: () => rm(tmp, { recursive: true, force: true }) };
}

// The files under dir, as sorted relative paths with '/'.
async function listFiles(dir) {
  const files = [];
  const walk = async (d) => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else files.push(path.relative(dir, p).split(path.sep).join('/'));
    }
  };
  await walk(dir);
  return files.sort();
}

// Builds the Vite app of the project (index.html) into <app>/dist with the
// repository's vite; returns the emitted files.
export async function viteBuild(app) {
  run(process.execPath, [VITE, 'build', '--logLevel', 'warn'], { cwd: app });
  const dist = path.join(app, 'dist');
  return { dist, files: await listFiles(dist) };
}

const bin = (pkg, file) => path.join(ROOT, 'node_modules', pkg, file);
const moduleUrl = (pkg) => JSON.stringify(import.meta.resolve(pkg));

// How each bundler makes a production build of the project into
// <app>/out/<name>/, as the README's recipes say: the command (node unless
// given) and its arguments, and the page to load there (index.html unless
// given: for the bundlers that write no HTML, bundle() writes it with
// `script`, the tag that loads their bundle).
export const BUNDLERS = {
  // webpack 5 through its Node API (what `npx webpack` runs) with the
  // project's webpack.config.js; its bundle is a classic script.
  webpack: {
    args: ['--input-type=module', '-e', `
import webpack from ${moduleUrl('webpack')};
import config from './webpack.config.js';
webpack(config, (err, stats) => {
  if (err || stats.hasErrors() || stats.hasWarnings()) {
    console.error(err ?? stats.toString('errors-warnings'));
    process.exitCode = 1;
  }
});`],
    script: '<script defer src="./main.js"></script>',
  },
  // esbuild: the .wasm imported as a file, its URL passed to createBank.
  esbuild: {
    command: bin('.bin', 'esbuild'),
    args: ['esbuild.js', '--bundle', '--format=esm', '--minify',
      '--loader:.wasm=file', '--outfile=out/esbuild/main.js', '--log-level=warning'],
    script: '<script type="module" src="./main.js"></script>',
  },
  // Rollup + node-resolve + @web/rollup-plugin-import-meta-assets.
  rollup: {
    args: [bin('rollup', 'dist/bin/rollup'), '-c', 'rollup.config.mjs', '--failAfterWarnings',
      '--silent'],
    script: '<script type="module" src="./main.js"></script>',
  },
  // Parcel 2 builds parcel.html; its cache stays in the project, and it
  // installs nothing.
  parcel: {
    args: [bin('parcel', 'lib/bin.js'), 'build', 'parcel.html', '--dist-dir', 'out/parcel',
      '--cache-dir', '.parcel-cache', '--public-url', './', '--no-autoinstall',
      '--log-level', 'warn'],
    page: 'parcel.html',
  },
};

// Builds the project with one of BUNDLERS; fails on any warning. Returns
// { out, page (its path from <app>), files (emitted), seconds }.
export async function bundle(app, name) {
  const { command = process.execPath, args, script, page = 'index.html' } = BUNDLERS[name];
  const out = path.join(app, 'out', name);
  const started = performance.now();
  const r = run(command, args, { cwd: app });
  const seconds = (performance.now() - started) / 1000;
  if (r.stderr.trim() !== '') throw new Error(`${name} warned:\n${r.stderr}`);
  if (script) await writeFile(path.join(out, page), bundlePage(name, script));
  return { out, page: `out/${name}/${page}`, files: await listFiles(out), seconds };
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.css': 'text/css',
};

// A tiny static server for `dir` on 127.0.0.1 (a free port). Returns
// { url, close }.
export async function serve(dir) {
  const server = createServer(async (req, res) => {
    const pathname = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    let file = path.join(dir, pathname);
    if (!file.startsWith(dir) || pathname.includes('\0')) {
      res.writeHead(400).end();
      return;
    }
    try {
      if ((await stat(file)).isDirectory()) file = path.join(file, 'index.html');
      await stat(file);
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, {
      'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'Cache-Control': 'no-cache',
    });
    createReadStream(file).pipe(res);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((resolve) => {
      server.closeAllConnections?.();
      server.close(resolve);
    }),
  };
}

// Writes { name: text } files under dir (a leading newline dropped).
async function writeFiles(dir, files) {
  await mkdir(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    await writeFile(path.join(dir, name), text.replace(/^\n/, ''));
  }
}

const TSCONFIG = {
  strict: true, noEmit: true, target: 'es2022', lib: ['es2022', 'dom'], types: [],
  skipLibCheck: false,
};
const tsconfig = (compilerOptions) =>
  JSON.stringify({ compilerOptions: { ...TSCONFIG, ...compilerOptions }, files: ['consumer.ts'] }, null, 2);

// A page for a bundle (or, for Parcel, its source): Bob's balance after a
// transfer of 25.50.
const bundlePage = (name, script) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>wasm-bank bundled by ${name}</title></head>
<body>
  <p>Bob's balance: <output id="balance">…</output></p>
  ${script}
</body></html>
`;

// A page without a build step: an import map names the package's files under
// pkg (a URL prefix), and a module worker (import maps do not reach into
// workers: it imports the package by path).
const importMapPage = (title, pkg, worker) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<script type="importmap">
  { "imports": {
      "wasm-bank": "${pkg}/dist/index.js",
      "wasm-bank/worker": "${pkg}/dist/worker.js" } }
</script></head>
<body>
  <p>Bob's balance: <output id="balance">…</output></p>
  <p>In a worker: <output id="worker-balance">…</output></p>
  <script type="module">
    import { createBank } from 'wasm-bank';
    import { connectBank } from 'wasm-bank/worker';

    const bank = await createBank();
    bank.openAccount({ id: 1, name: 'Alice', balance: '100.00' });
    bank.openAccount({ id: 2, name: 'Bob' });
    bank.transfer({ from: 1, to: 2, amount: '12.00' });
    document.getElementById('balance').textContent = bank.balance(2);

    const remote = await connectBank(new Worker('${worker}', { type: 'module' }));
    await remote.openAccount({ id: 2, name: 'Bob', balance: '3.00' });
    document.getElementById('worker-balance').textContent = await remote.balance(2);
  </script>
</body></html>
`;
const workerScript = (pkg) => `import { serveBank } from '${pkg}/dist/worker.js';\n\nserveBank();\n`;

// The site in <tmp>/site: the package copied to /vendor/wasm-bank/ and pages
// under /app/: index.html with an absolute import map, and wrong.html with
// the page-relative map of the plain-page recipe, wrong here.
function vendorSiteFiles() {
  return {
    'index.html': importMapPage('wasm-bank from /vendor/', '/vendor/wasm-bank', './bank.worker.js'),
    'bank.worker.js': workerScript('/vendor/wasm-bank'),
    'wrong.html': importMapPage('a wrong import map', './node_modules/wasm-bank', './bank.worker.js'),
  };
}

// The README's examples, as a stranger would copy them.
function projectFiles() {
  return {
    // Node: open + transfer, print the balances.
    'use.mjs': `
import { createBank, BankError } from 'wasm-bank';

const bank = await createBank();
bank.openAccount({ id: 101, name: 'Alice', balance: '1000.00' });
bank.openAccount({ id: 102, name: 'Bob', balance: 1500_00n });
const t = bank.transfer({ from: 101, to: 102, amount: '10.00' });
let error;
try {
  bank.withdraw(101, '5000.00');
} catch (e) {
  error = e instanceof BankError ? e.code : String(e);
}
console.log(JSON.stringify({ from: t.from_balance, to: t.to_balance, a: bank.balance(101), b: bank.balance(102), error }));
bank.dispose();
`,
    // TypeScript: every method, narrowing a result union.
    'consumer.ts': `
import {
  createBank, BankError, ERROR_CODES,
  type Bank, type ErrorCode, type Transcript, type JournalEntry, type MutatingOp, type Account,
  type VerifyResult, type BatchResult,
} from 'wasm-bank';
import { connectBank, serveBank, type RemoteBank } from 'wasm-bank/worker';

function describe(t: Transcript | null): string {
  if (t === null) return 'blank';
  // A failed op has \`error\`; a batch that ran has \`results\` (ok or not).
  if ('error' in t) {
    const code: ErrorCode = t.error;
    return \`\${t.op} failed: \${code}\`;
  }
  switch (t.op) {
    case 'greet': return t.greeting;
    case 'plus': case 'minus': return String(t.result);
    case 'open': case 'deposit': case 'withdraw': return \`\${t.id}: \${t.balance}\`;
    case 'transfer': return \`\${t.from_balance} / \${t.to_balance}\`;
    case 'close': return \`closed \${t.id}\`;
    case 'hold': case 'release': return \`hold \${t.hold}: \${t.available}\`;
    case 'capture': return \`hold \${t.hold}: \${t.amount}\`;
    case 'set_limit': return \`\${t.id}: \${t.overdraft_limit}\`;
    case 'balance': return \`\${t.balance} \${t.currency}\`;
    case 'account': return t.account.name;
    case 'history': return \`\${t.entries.length} entries\`;
    case 'batch': return \`\${t.ok ? 'all' : 'not all'} of \${t.results.length} applied\`;
    case 'verify': return t.head;
  }
}

export async function main(wasm: Uint8Array, url: URL): Promise<string[]> {
  const out: string[] = [];
  const bank: Bank = await createBank({ onLog: (line: string) => out.push(line) });
  await createBank({ wasmBinary: wasm });
  await createBank({ wasmUrl: url });
  await createBank({ wasmUrl: url.href, journal: bank.exportJournal() });
  await createBank({ locateFile: (file: string, prefix: string) => prefix + file });
  await createBank({ locateFile: (file: string) => new URL(file, url) });

  out.push(bank.greet('Alice'), String(bank.plus(5, 3) + bank.minus(10, 5)));
  out.push(bank.openAccount({ id: 101, name: 'Alice', balance: '1000.00' }).balance);
  bank.openAccount({ id: 102, name: 'Bob', balance: 150000n, currency: 'USD', overdraft_limit: '0', address: '' });
  out.push(bank.deposit(101, '250.00', { key: 'd-1', memo: 'pay', at: 1 }).balance);
  out.push(bank.withdraw(102, 750_00n).balance);
  const t = bank.transfer({ from: 101, to: 102, amount: '10.00' });
  out.push(t.from_balance, t.to_balance, String(t.entry));
  const bal: string = bank.balance(101);
  const acc: Account = bank.account(101);
  const all: Account[] = bank.accounts();
  const hist: JournalEntry[] = bank.history(101, { limit: 10, before: 100 });
  for (const e of hist) if (e.kind === 'transfer') out.push(String(e.from));
  const ops: MutatingOp[] = [{ op: 'deposit', id: 101, amount: '1.00' }];
  const b: BatchResult = bank.batch(ops, { atomic: true });
  for (const r of b.results) out.push(r.ok ? String(r.entry) : r.error);
  out.push(bank.close(102, { key: 'c' }).op);
  const typed = bank.execute({ op: 'transfer', from: 101, to: 102, amount: 5n });
  if (typed.ok) out.push(typed.from_balance); else out.push(typed.error);
  out.push(describe(bank.execute('{"op":"verify"}')), describe(bank.execute(new Uint8Array(0))));
  const v: VerifyResult = bank.verify();
  const journal: string = bank.exportJournal();
  const codes: Uint8Array = bank.transferMany({ from: Int32Array.of(101), to: Int32Array.of(102), amount: BigInt64Array.of(1n) });
  const first = codes[0];
  const name: ErrorCode | undefined = first ? ERROR_CODES[first - 1] : undefined;
  try {
    bank.withdraw(101, '1000000.00');
  } catch (e) {
    if (e instanceof BankError) out.push(e.code, e.message);
  }
  {
    using scoped = await createBank();
    out.push(scoped.greet('Scoped'));
  }
  bank[Symbol.dispose]();
  bank.dispose();

  const remote: RemoteBank = await connectBank(new Worker('bank.worker.js', { type: 'module' }), { journal, onLog: (l) => out.push(l) });
  const rb: string = await remote.balance(101);
  const rt = await remote.execute({ op: 'balance', id: 101 });
  if (rt.ok) out.push(rt.currency);
  await remote.dispose();
  serveBank({ locateFile: (f) => '/wasm/' + f });

  // @ts-expect-error a JS number is not an Amount
  bank.deposit(101, 5);
  // @ts-expect-error an unknown error code
  const bad: ErrorCode = 'NOPE';

  out.push(bal, acc.status, String(all.length), v.head, name ?? 'ok', rb, bad);
  return out;
}
`,
    'tsconfig.json': tsconfig({
      module: 'esnext', moduleResolution: 'bundler', noUnusedLocals: true,
      exactOptionalPropertyTypes: true,
    }),
    'tsconfig.node16.json': tsconfig({ module: 'node16', moduleResolution: 'node16' }),
    // node10 (a.k.a. "node") ignores `exports`: typesVersions maps wasm-bank/worker.
    // TypeScript 5.x only: 6.0 deprecates node10, 7.0 removed it.
    'tsconfig.node10.json': tsconfig({ module: 'esnext', moduleResolution: 'node10' }),

    // A Node project's TypeScript: lib es2022 alone, no DOM, no @types/node
    // (the types must not need either; nor does this file: no console).
    'node-consumer.ts': `
import { createBank, openBank, BankError, type Bank, type CreateBankOptions } from 'wasm-bank';

export const seen: string[] = [];
const options: CreateBankOptions = { wasmUrl: 'node_modules/wasm-bank/dist/wasm-bank.wasm', onLog: () => {} };
const bank: Bank = await createBank(options);
bank.openAccount({ id: 1, name: 'Alice', balance: '100.00' });
try {
  bank.withdraw(1, '500.00');
} catch (e) {
  if (e instanceof BankError) seen.push(e.code);
}
const stored = await openBank('bank.journal');
await stored.deposit(1, 5n);
await stored.dispose();
seen.push(bank.balance(1));
bank.dispose();
`,
    'tsconfig.es2022.json': JSON.stringify({
      compilerOptions: {
        strict: true, noEmit: true, target: 'es2022', lib: ['es2022'], types: [],
        module: 'nodenext', moduleResolution: 'nodenext', skipLibCheck: false,
      },
      files: ['node-consumer.ts'],
    }, null, 2),
    // The esbuild recipe in TypeScript: the .wasm import has its types.
    'esbuild-recipe.ts': `
import wasmUrl from 'wasm-bank/wasm-bank.wasm';
import { createBank } from 'wasm-bank';

const url: string = wasmUrl;
async function main(): Promise<void> {
  const bank = await createBank({ wasmUrl: new URL(url, import.meta.url) });
  bank.openAccount({ id: 1, name: 'Alice', balance: '100.00' });
  document.getElementById('balance')!.textContent = bank.balance(1);
}
main().catch((e: Error) => {
  document.getElementById('balance')!.textContent = 'error: ' + e.message;
});
`,
    'tsconfig.esbuild.json': JSON.stringify({
      compilerOptions: { ...TSCONFIG, module: 'esnext', moduleResolution: 'bundler' },
      files: ['esbuild-recipe.ts'],
    }, null, 2),

    // Vite: a page, its script and a module worker.
    'vite.config.js': `export default { base: './', build: { outDir: 'dist', emptyOutDir: true } };\n`,
    'index.html': `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>wasm-bank in a Vite app</title></head>
<body>
  <p>Bob's balance: <output id="balance">…</output></p>
  <p>In a worker: <output id="worker-balance">…</output></p>
  <script type="module" src="./main.js"></script>
</body></html>
`,
    'main.js': `
import { connectBank } from 'wasm-bank/worker';
import { showBalance } from './bank.js';

const show = (id, text) => { document.getElementById(id).textContent = text; };

async function inWorker() {
  const worker = new Worker(new URL('./bank.worker.js', import.meta.url), { type: 'module' });
  const bank = await connectBank(worker);
  await bank.openAccount({ id: 1, name: 'Alice', balance: '100.00' });
  await bank.openAccount({ id: 2, name: 'Bob' });
  await bank.transfer({ from: 1, to: 2, amount: '7.25' });
  show('worker-balance', await bank.balance(2));
}

showBalance();
inWorker().catch((e) => show('worker-balance', 'error: ' + e.message));
`,
    'bank.worker.js': `
import { serveBank } from 'wasm-bank/worker';

serveBank();
`,

    // A plain page, no build step.
    'plain.html': importMapPage('wasm-bank on a plain page', './node_modules/wasm-bank',
      './plain.worker.js'),
    'plain.worker.js': workerScript('./node_modules/wasm-bank'),

    // require() from CommonJS (Node >= 20.19, 22.12: no top-level await in
    // the package), and the await import() that also works on Node 18.
    'use.cjs': `
const { createBank } = require('wasm-bank');

createBank().then((bank) => {
  bank.openAccount({ id: 1, name: 'Alice', balance: '100.00' });
  bank.openAccount({ id: 2, name: 'Bob' });
  const t = bank.transfer({ from: 1, to: 2, amount: '40.00' });
  console.log(t.from_balance, t.to_balance);
  bank.dispose();
});
`,
    'import.cjs': `
(async () => {
  const { createBank } = await import('wasm-bank');
  const bank = await createBank();
  bank.openAccount({ id: 1, name: 'Alice', balance: '100.00' });
  console.log(bank.balance(1));
})();
`,

    // The bundlers' page script (Vite's main.js uses it too); esbuild's entry
    // says where the .wasm is.
    'bank.js': `
import { createBank } from 'wasm-bank';

export async function showBalance(options) {
  const out = document.getElementById('balance');
  try {
    const bank = await createBank(options);
    bank.openAccount({ id: 1, name: 'Alice', balance: '100.00' });
    bank.openAccount({ id: 2, name: 'Bob' });
    bank.transfer({ from: 1, to: 2, amount: '25.50' });
    out.textContent = bank.balance(2);
  } catch (e) {
    out.textContent = 'error: ' + e.message;
  }
}
`,
    'bundled.js': `
import { showBalance } from './bank.js';

showBalance();
`,
    'esbuild.js': `
import wasmUrl from 'wasm-bank/wasm-bank.wasm';
import { showBalance } from './bank.js';

showBalance({ wasmUrl: new URL(wasmUrl, import.meta.url) });
`,
    'webpack.config.js': `
import { fileURLToPath } from 'node:url';

export default {
  mode: 'production',
  entry: './bundled.js',
  output: { path: fileURLToPath(new URL('./out/webpack/', import.meta.url)), filename: 'main.js' },
  // The bank's .wasm (about 250 KiB, 95 KiB compressed) is loaded on its
  // own, not in the bundle: webpack's size hint (244 KiB) is not a fault
  // of the build, so it is not counted as a warning; every other warning is.
  performance: { assetFilter: (name) => !name.endsWith('.wasm') },
};
`,
    'rollup.config.mjs': `
import { nodeResolve } from ${moduleUrl('@rollup/plugin-node-resolve')};
import { importMetaAssets } from ${moduleUrl('@web/rollup-plugin-import-meta-assets')};

export default {
  input: 'bundled.js',
  output: { dir: 'out/rollup', format: 'es', entryFileNames: 'main.js' },
  plugins: [nodeResolve(), importMetaAssets()],
};
`,
    'parcel.html': bundlePage('parcel', '<script type="module" src="./bundled.js"></script>'),
  };
}
