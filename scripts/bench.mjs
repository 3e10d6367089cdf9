// npm run bench: one side-by-side table (BENCHMARKS.md says what each row
// does). Every figure is measured in this one run, each path in interleaved
// rounds on a fresh bank, the median of ROUNDS after a warm-up, so ratios
// hold when the machine's speed drifts. The bench is a list of groups of
// rows (GROUPS below): each group says what it measures when it starts and
// prints its rows as soon as they are measured; the whole table follows at
// the end.
//
//   node scripts/bench.mjs               every group
//   node scripts/bench.mjs --only ROW    the groups whose name or one of
//                                        whose rows' names contains ROW
//                                        (repeatable; e.g. --only verify)
//   node scripts/bench.mjs --list        the groups and their rows
//   node scripts/bench.mjs --smoke       everything tiny: checks nothing but
//                                        that it runs (npm test does that,
//                                        so it cannot rot)
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { createBank, openBank } from '../dist/index.node.js';
import { internalChainHash } from '../dist/internal.js';
import createWasmBankModule from '../dist/wasm-bank.js';
import { PlainLedger } from './bench/plain_ledger.mjs';
import { idbFigures } from './bench/idb.mjs';

const SMOKE = process.argv.includes('--smoke');
const ONLY = process.argv.flatMap((arg, i, all) => (arg === '--only' && i + 1 < all.length ? [all[i + 1]] : []));
const root = fileURLToPath(new URL('../', import.meta.url));
const ACCOUNTS = SMOKE ? 100 : 10_000;
const N = SMOKE ? 10_000 : 1_000_000;        // transferMany, plain JS (codes)
const PER_CALL_N = SMOKE ? 2_000 : 300_000;  // per-call methods, execute
const HOLD_N = SMOKE ? 1_000 : 100_000;      // hold + capture pairs
const JOURNAL_N = SMOKE ? 5_000 : 1_000_000; // import and verify
const ROUNDS = SMOKE ? 1 : 5;

// Random transfers of 1-100 minor units from a fixed seed.
function work(n) {
  const from = new Int32Array(n);
  const to = new Int32Array(n);
  const amount = new BigInt64Array(n);
  let state = 42;
  const next = () => { state = (Math.imul(state, 1103515245) + 12345) >>> 0; return state; };
  for (let i = 0; i < n; i += 1) {
    from[i] = (next() % ACCOUNTS) + 1;
    to[i] = (from[i] % ACCOUNTS) + 1;
    amount[i] = BigInt((next() % 100) + 1);
  }
  return { from, to, amount };
}
const W = work(N);
const LINES = Array.from({ length: PER_CALL_N },
  (_, i) => `{"op":"transfer","from":${W.from[i]},"to":${W.to[i]},"amount":"0.${String(W.amount[i]).padStart(2, '0')}"}`);

async function wasmBank() {
  const bank = await createBank();
  for (let id = 1; id <= ACCOUNTS; id += 1) {
    bank.openAccount({ id, name: `Customer ${id}`, balance: 100_000_000_00n, at: 0 });
  }
  return bank;
}
function plainLedger() {
  const plain = new PlainLedger();
  for (let id = 1; id <= ACCOUNTS; id += 1) plain.open(id, 100_000_000_00n);
  return plain;
}

// Each path: make its fresh state, then run n operations on it (timed).
const PATHS = {
  transferMany: { n: N, make: wasmBank, run: (b) => b.transferMany(W) },
  plainCodes: { n: N, make: plainLedger, run: (p) => { for (let i = 0; i < N; i += 1) p.transfer(W.from[i], W.to[i], W.amount[i], 0); } },
  transfer: { n: PER_CALL_N, make: wasmBank, run: (b) => { for (let i = 0; i < PER_CALL_N; i += 1) b.transfer({ from: W.from[i], to: W.to[i], amount: W.amount[i], at: 0 }); } },
  plainTransfer: { n: PER_CALL_N, make: plainLedger, run: (p) => { for (let i = 0; i < PER_CALL_N; i += 1) p.transferResult(W.from[i], W.to[i], W.amount[i], 0); } },
  deposit: { n: PER_CALL_N, make: wasmBank, run: (b) => { for (let i = 0; i < PER_CALL_N; i += 1) b.deposit(W.from[i], W.amount[i], { at: 0 }); } },
  plainDeposit: { n: PER_CALL_N, make: plainLedger, run: (p) => { for (let i = 0; i < PER_CALL_N; i += 1) p.deposit(W.from[i], W.amount[i], 0); } },
  withdraw: { n: PER_CALL_N, make: wasmBank, run: (b) => { for (let i = 0; i < PER_CALL_N; i += 1) b.withdraw(W.from[i], W.amount[i], { at: 0 }); } },
  plainWithdraw: { n: PER_CALL_N, make: plainLedger, run: (p) => { for (let i = 0; i < PER_CALL_N; i += 1) p.withdraw(W.from[i], W.amount[i], 0); } },
  execute: { n: PER_CALL_N, make: wasmBank, run: (b) => { for (let i = 0; i < PER_CALL_N; i += 1) b.execute(LINES[i]); } },
  // The boundary's own cost: a blank line crosses and comes back, nothing parsed.
  executeBlank: { n: PER_CALL_N, make: wasmBank, run: (b) => { for (let i = 0; i < PER_CALL_N; i += 1) b.execute(''); } },
  // Holds: a hold placed and captured in whole, two ops per pair.
  holdCapture: { n: 2 * HOLD_N, make: wasmBank, run: (b) => { for (let i = 0; i < HOLD_N; i += 1) b.capture(b.hold({ from: W.from[i], to: W.to[i], amount: W.amount[i], at: 0 }).hold, { at: 0 }); } },
  plainHoldCapture: { n: 2 * HOLD_N, make: plainLedger, run: (p) => { for (let i = 0; i < HOLD_N; i += 1) p.capture(p.hold(W.from[i], W.to[i], W.amount[i], 0).hold, undefined, 0); } },
};

// The paths in interleaved rounds; progress on stderr.
async function measurePaths(names) {
  const rates = Object.fromEntries(names.map((k) => [k, []]));
  for (let round = -1; round < ROUNDS; round += 1) {  // round -1 warms up
    process.stderr.write(`  ${round < 0 ? 'warm-up' : `round ${round + 1} of ${ROUNDS}`}: ${names.join(', ')}\n`);
    for (const name of names) {
      const path = PATHS[name];
      const state = await path.make();
      const start = process.hrtime.bigint();
      path.run(state);
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      if (round >= 0) rates[name].push(path.n / seconds);
      state.dispose?.();
    }
  }
  return Object.fromEntries(Object.entries(rates).map(([k, v]) => [k, median(v)]));
}

// Import and verify of a JOURNAL_N-entry journal, entries per second.
async function journalRates() {
  const bank = await wasmBank();
  const big = work(JOURNAL_N);
  bank.transferMany(big);
  const journal = bank.exportJournal();
  const entries = bank.verify().entries;
  bank.dispose();
  const importing = [];
  const verifying = [];
  const hashing = [];
  const wasmHashing = [];
  // The limits: the same entry lines chain-hashed with node:crypto alone,
  // and in wasm with the core's own SHA-256 (nothing parsed either way).
  const lines = journal.split('\n').slice(1, -2);
  const linesText = `${lines.join('\n')}\n`;
  const hasher = await wasmBank();
  for (let round = -1; round < ROUNDS; round += 1) {
    let start = process.hrtime.bigint();
    let head = Buffer.alloc(32);
    for (const line of lines) head = createHash('sha256').update(head).update(line).digest();
    const hashed = Number(process.hrtime.bigint() - start) / 1e9;
    if (round >= 0) hashing.push(lines.length / hashed);
    start = process.hrtime.bigint();
    const count = internalChainHash(hasher, linesText);
    const wasmHashed = Number(process.hrtime.bigint() - start) / 1e9;
    if (count !== lines.length) throw new Error(`the wasm chain hash took ${count} of ${lines.length} lines`);
    if (round >= 0) wasmHashing.push(lines.length / wasmHashed);
    start = process.hrtime.bigint();
    const copy = await createBank({ journal });  // eslint-disable-line no-await-in-loop
    const imported = Number(process.hrtime.bigint() - start) / 1e9;
    start = process.hrtime.bigint();
    copy.verify();
    const verified = Number(process.hrtime.bigint() - start) / 1e9;
    copy.dispose();
    if (round >= 0) {
      importing.push(entries / imported);
      verifying.push(entries / verified);
    }
  }
  hasher.dispose();
  return {
    importing: median(importing), verifying: median(verifying), hashing: median(hashing),
    wasmHashing: median(wasmHashing), entries,
  };
}

// Medians of the opening times, p50 and p99 of the latencies (seconds).
function storeSummary({ entries, plain, checkpointed, latencies }) {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    entries,
    openPlain: median(plain),
    openCheckpointed: median(checkpointed),
    p50: sorted[sorted.length >> 1],
    p99: sorted[Math.floor(sorted.length * 0.99)],
  };
}

// The Node file store (openBank): opening a store of JOURNAL_N entries
// without and with a checkpoint, the latency of one durable deposit awaited
// at a time, and deposits issued 100 at a time (group commit).
async function storeFigures() {
  const dir = mkdtempSync(join(tmpdir(), 'wasm-bank-bench-'));
  const path = join(dir, 'bank.journal');
  try {
    const bank = await wasmBank();
    bank.transferMany(work(JOURNAL_N));
    const text = bank.exportJournal();
    bank.dispose();
    writeFileSync(path, text.slice(0, text.lastIndexOf('{"head"')));
    const seconds = async (fn) => {
      const start = process.hrtime.bigint();
      await fn();
      return Number(process.hrtime.bigint() - start) / 1e9;
    };
    const openPlain = [];
    const openCheckpointed = [];
    for (let round = -1; round < ROUNDS; round += 1) {
      rmSync(`${path}.checkpoint`, { force: true });
      let stored;
      const plain = await seconds(async () => { stored = await openBank(path, { checkpointEvery: 1 }); });
      await stored.deposit(1, 1n);  // due at once: writes the checkpoint
      await stored.dispose();
      const checkpointed = await seconds(async () => { stored = await openBank(path); });
      await stored.dispose();
      if (round >= 0) {
        openPlain.push(plain);
        openCheckpointed.push(checkpointed);
      }
    }
    const stored = await openBank(path);
    const latencies = [];
    for (let i = 0; i < (SMOKE ? 50 : 1000); i += 1) {
      latencies.push(await seconds(() => stored.deposit(1, 1n)));
    }
    const grouped = SMOKE ? 1_000 : 20_000;
    const before = stored.storeStats();
    const groupSeconds = await seconds(async () => {
      for (let i = 0; i < grouped; i += 100) {
        await Promise.all(Array.from({ length: 100 }, () => stored.deposit(1, 1n)));
      }
    });
    const after = stored.storeStats();
    await stored.dispose();
    return {
      ...storeSummary({ entries: JOURNAL_N, plain: openPlain, checkpointed: openCheckpointed, latencies }),
      groupRate: grouped / groupSeconds,
      entriesPerWrite: (after.entries - before.entries) / (after.writes - before.writes),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// The native core's rates: Bank::Transfer per call and Bank::TransferMany
// (the loop behind transferMany), medians of Google Benchmark's repetitions.
function nativeRates() {
  const accounts = SMOKE ? 1000 : 10000;
  const out = execFileSync(`${root}build/native/core/wasmbank_bench`, [
    '--benchmark_format=json',
    `--benchmark_filter=BM_Transfer(FastPath|Many)/${accounts}/`,
  ], { maxBuffer: 1 << 24 });
  const medians = JSON.parse(out).benchmarks.filter((b) => b.aggregate_name === 'median');
  const rate = (name) => medians.find((b) => b.run_name.startsWith(name)).items_per_second;
  return { perCall: rate('BM_TransferFastPath'), many: rate('BM_TransferMany') };
}

// What 1,000,000 accounts and 10,000,000 transfer entries add to the wasm32
// heap, from the memory's size (it grows in steps: upper bounds).
async function wasmMemory() {
  const M = await createWasmBankModule({ wasmBinary: readFileSync(`${root}dist/wasm-bank.wasm`) });
  const w = new M.WasmBank();
  const heap = () => w.exchange().buffer.byteLength;
  const start = heap();
  const accounts = SMOKE ? 1_000 : 1_000_000;
  const none = { form: 0, minor: 0n, text: '' };
  const options = { hasKey: false, key: '', memo: '', at: 0 };
  for (let id = 1; id <= accounts; id += 1) {
    w.open({ id, name: `Customer ${id}`, address: '', currency: 'USD',
      balance: { form: 1, minor: 100000n, text: '' }, overdraft_limit: none }, options);
  }
  const afterAccounts = heap();
  const entries = SMOKE ? 10_000 : 10_000_000;
  const chunk = w.prepareTransfers(1 << 20);
  for (let done = 0; done < entries; done += chunk) {
    const from = w.fromView();
    const to = w.toView();
    const bytes = w.amountBytes();
    new BigInt64Array(bytes.buffer, bytes.byteOffset, chunk).fill(1n);
    for (let i = 0; i < chunk; i += 1) {
      from[i] = ((done + i) % accounts) + 1;
      to[i] = ((done + i + 1) % accounts) + 1;
    }
    w.applyTransfers(Math.min(chunk, entries - done), 0);
  }
  const afterEntries = heap();
  w.delete();
  return {
    perAccount: (afterAccounts - start) / accounts,
    perEntry: (afterEntries - afterAccounts) / entries,
    total: afterEntries,
  };
}

const median = (list) => [...list].sort((a, b) => a - b)[list.length >> 1];

// Cold start: from a fresh process's import of the package to a bank that
// has answered a call, the median of a few processes.
function nodeColdStart() {
  const script = `const t = performance.now();
    const { createBank } = await import(${JSON.stringify(`${root}dist/index.js`)});
    const bank = await createBank();
    bank.openAccount({ id: 1, name: 'Ann' });
    console.log(performance.now() - t);`;
  const times = [];
  for (let i = 0; i < (SMOKE ? 1 : 7); i += 1) {
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
    times.push(Number(r.stdout.trim()) / 1000);
  }
  return median(times);
}

// ---- the groups ----------------------------------------------------------
// Each: a name (for --only), what it measures (printed when it starts), the
// names of its rows (--list, --only), and run(): its rows, [name, value,
// unit, note] each, value in the unit ('/s' rates, 's' times, 'B' bytes).

const goalMet = (ok) => (ok ? 'met' : 'NOT met');
const times = (value, min) => `${value.toFixed(2)}x (goal >= ${min}x: ${goalMet(value >= min)})`;

const GROUPS = [
  {
    name: 'native',
    what: 'the native core: Bank::Transfer per call and Bank::TransferMany (Google Benchmark, medians)',
    rows: ['native core, Bank::Transfer', 'native Bank::TransferMany'],
    run: () => {
      const native = nativeRates();
      shared.native = native;
      return [
        ['native core, Bank::Transfer', native.perCall, '/s', `goal >= 40 M/s: ${goalMet(native.perCall >= 40e6)}`],
        ['native Bank::TransferMany', native.many, '/s', 'the same rules, codes only, one call'],
      ];
    },
  },
  {
    name: 'calls',
    what: `the JS boundary: ${N.toLocaleString('en')} transfers in one transferMany, ${PER_CALL_N.toLocaleString('en')} per-call ` +
      'deposit/withdraw/transfer/execute, against the plain-JS ledger returning the same results',
    rows: ['wasm transferMany', 'plain JS, codes only', 'wasm transfer() per call', 'plain JS transfer, same result',
      'wasm deposit() per call', 'plain JS deposit, same result', 'wasm withdraw() per call',
      'plain JS withdraw, same result', 'wasm execute(JSON line)', 'limit: execute of a blank line'],
    run: async () => {
      const r = await measurePaths(['transferMany', 'plainCodes', 'transfer', 'plainTransfer', 'deposit', 'plainDeposit',
        'withdraw', 'plainWithdraw', 'execute', 'executeBlank']);
      const native = shared.native;
      const vsNative = native === undefined ? '' : `${times(r.transferMany / native.perCall, 0.5)} of native core; `;
      return [
        ['wasm transferMany', r.transferMany, '/s', `${vsNative}${times(r.transferMany / r.plainCodes, 10)} of plain JS (codes)`],
        ['plain JS, codes only', r.plainCodes, '/s', 'the baseline for transferMany'],
        ['wasm transfer() per call', r.transfer, '/s', `${times(r.transfer / r.plainTransfer, 1.5)} of plain JS`],
        ['plain JS transfer, same result', r.plainTransfer, '/s', 'entry + two formatted balances, as transfer() returns'],
        ['wasm deposit() per call', r.deposit, '/s', `${times(r.deposit / r.plainDeposit, 1.5)} of plain JS`],
        ['plain JS deposit, same result', r.plainDeposit, '/s', ''],
        ['wasm withdraw() per call', r.withdraw, '/s', `${times(r.withdraw / r.plainWithdraw, 1.5)} of plain JS`],
        ['plain JS withdraw, same result', r.plainWithdraw, '/s', ''],
        ['wasm execute(JSON line)', r.execute, '/s', `goal >= 1 M ops/s: ${goalMet(r.execute >= 1e6)}`],
        ['limit: execute of a blank line', r.executeBlank, '/s', 'the boundary alone: a line crosses and comes back, nothing parsed'],
      ];
    },
  },
  {
    name: 'holds',
    what: `holds per call: ${HOLD_N.toLocaleString('en')} holds each captured whole, against the plain-JS ledger with holds`,
    rows: ['wasm hold()+capture() per op', 'plain JS hold+capture, same result'],
    run: async () => {
      const r = await measurePaths(['holdCapture', 'plainHoldCapture']);
      return [
        ['wasm hold()+capture() per op', r.holdCapture, '/s', `${times(r.holdCapture / r.plainHoldCapture, 1.5)} of plain JS`],
        ['plain JS hold+capture, same result', r.plainHoldCapture, '/s', 'a Map of holds, held per account'],
      ];
    },
  },
  {
    name: 'journal',
    what: `import and verify of a ${JOURNAL_N.toLocaleString('en')}-entry journal, and the chain hashing of its lines ` +
      'with node:crypto alone and with the core\'s SHA-256 alone in wasm',
    rows: ['journal import (entries/s)', 'journal verify (entries/s)', 'limit: chain hash, node:crypto',
      'limit: chain hash, the core\'s SHA-256 in wasm'],
    run: async () => {
      const j = await journalRates();
      const within = (rate) => `${(j.hashing / rate).toFixed(2)}x the node:crypto limit row (goal <= 1.5x); ` +
        `${(j.wasmHashing / rate).toFixed(2)}x the wasm one`;
      return [
        ['journal import (entries/s)', j.importing, '/s', `${j.entries.toLocaleString('en')} entries; goal >= 1 M/s: ${goalMet(j.importing >= 1e6)}; ${within(j.importing)}`],
        ['journal verify (entries/s)', j.verifying, '/s', `goal >= 1 M/s: ${goalMet(j.verifying >= 1e6)}; ${within(j.verifying)}`],
        ['limit: chain hash, node:crypto', j.hashing, '/s', 'head = SHA-256(head || line) over the same lines, nothing parsed'],
        ['limit: chain hash, the core\'s SHA-256 in wasm', j.wasmHashing, '/s', 'the same chain with the SHA-256 import and verify use, in the same wasm, nothing parsed'],
      ];
    },
  },
  {
    name: 'start',
    what: 'cold start (a fresh Node process: import, createBank, one call) and the wasm binary\'s size',
    rows: ['cold start, Node', 'wasm-bank.wasm', 'wasm-bank.wasm gzip -9'],
    run: () => {
      const wasm = readFileSync(`${root}dist/wasm-bank.wasm`);
      return [
        ['cold start, Node', nodeColdStart(), 's', 'import to a bank that answered; median of 7 processes'],
        ['wasm-bank.wasm', statSync(`${root}dist/wasm-bank.wasm`).size, 'B', 'raw'],
        ['wasm-bank.wasm gzip -9', gzipSync(wasm, { level: 9 }).length, 'B', 'as a server would send it compressed'],
      ];
    },
  },
  {
    name: 'memory',
    what: `the wasm32 heap with ${SMOKE ? 'smoke sizes' : '1,000,000 accounts and 10,000,000 transfer entries'}`,
    rows: ['heap per account', 'heap per transfer entry', 'heap in all'],
    run: async () => {
      const memory = await wasmMemory();
      return [
        ['heap per account', memory.perAccount, 'B', 'with a 10-16 byte name (budget: 128 plus the name)'],
        ['heap per transfer entry', memory.perEntry, 'B', 'budget: 64'],
        ['heap in all', memory.total, 'B', 'wasm32 memory after both'],
      ];
    },
  },
  {
    name: 'file-store',
    what: `the Node file store (openBank, fdatasync per write), a store of ${JOURNAL_N.toLocaleString('en')} transfers`,
    rows: ['file: open without a checkpoint', 'file: open from a checkpoint', 'file: one durable deposit at a time, p50',
      'file: one durable deposit at a time, p99', 'file: 100 deposits at a time (group commit)'],
    run: async () => {
      const store = await storeFigures();
      return [
        ['file: open without a checkpoint', store.openPlain, 's', ''],
        ['file: open from a checkpoint', store.openCheckpointed, 's',
          `${(store.openPlain / store.openCheckpointed).toFixed(1)}x faster; goal <= 1 s: ${goalMet(store.openCheckpointed <= 1)}`],
        ['file: one durable deposit at a time, p50', store.p50, 's', ''],
        ['file: one durable deposit at a time, p99', store.p99, 's', ''],
        ['file: 100 deposits at a time (group commit)', store.groupRate, '/s', `${store.entriesPerWrite.toFixed(0)} entries per write`],
      ];
    },
  },
  {
    name: 'idb-store',
    what: 'the IndexedDB store in Chromium (openBank, durability \'strict\'), and the page\'s cold start',
    rows: ['IndexedDB store in Chromium: open without a checkpoint', 'IndexedDB: open from a checkpoint',
      'IndexedDB: one durable deposit at a time, p50', 'IndexedDB: one durable deposit at a time, p99',
      'IndexedDB: a statement page (25 entries)', 'cold start, page'],
    run: async () => {
      const raw = await idbFigures({ entries: SMOKE ? 20_000 : 1_000_000, rounds: SMOKE ? 1 : 3, deposits: SMOKE ? 20 : 300 });
      const idb = storeSummary(raw);
      return [
        ['IndexedDB store in Chromium: open without a checkpoint', idb.openPlain, 's', `${idb.entries.toLocaleString('en')} entries`],
        ['IndexedDB: open from a checkpoint', idb.openCheckpointed, 's',
          `${(idb.openPlain / idb.openCheckpointed).toFixed(1)}x faster; goal <= 1 s: ${goalMet(idb.openCheckpointed <= 1)}`],
        ['IndexedDB: one durable deposit at a time, p50', idb.p50, 's', ''],
        ['IndexedDB: one durable deposit at a time, p99', idb.p99, 's', ''],
        ['IndexedDB: a statement page (25 entries)', median(raw.pages), 's', `median of ${raw.pages.length} page turns`],
        ['cold start, page', median(raw.coldStarts), 's', 'a fresh page: import, createBank, one call'],
      ];
    },
  },
];

GROUPS.push(...(await import('./bench_pg.mjs')).pgGroups({ SMOKE, ROUNDS, ACCOUNTS, wasmBank, work, goalMet, median }));

// What groups share (the native rates, for the calls' ratio to them).
const shared = {};

function show(value, unit) {
  if (unit === '/s') return `${(value / 1e6).toFixed(2).padStart(8)} M/s`;
  if (unit === 'k/s') return `${(value / 1e3).toFixed(1).padStart(8)} k/s`;
  if (unit === 's') return `${(value * 1000).toFixed(value < 0.01 ? 2 : 0).padStart(8)} ms `;
  if (unit === 'B') return value >= 1 << 20 ? `${(value / 2 ** 20).toFixed(1).padStart(8)} MiB` : `${value.toFixed(value < 100 ? 1 : 0).padStart(8)} B  `;
  return String(value);
}
const line = ([name, value, unit, note]) => `${name.padEnd(54)} ${show(value, unit)}  ${note}`;

if (process.argv.includes('--list')) {
  for (const group of GROUPS) console.log(`${group.name}: ${group.rows.join('; ')}`);
  process.exit(0);
}
const chosen = GROUPS.filter((group) => ONLY.length === 0 ||
  ONLY.some((pick) => group.name.includes(pick) || group.rows.some((row) => row.includes(pick))));
if (chosen.length === 0) {
  console.error(`bench: no group or row matches ${ONLY.join(', ')} (node scripts/bench.mjs --list)`);
  process.exit(2);
}
console.log(`wasm-bank bench${SMOKE ? ' (smoke: tiny sizes, figures mean nothing)' : ''}: ` +
  `${ACCOUNTS.toLocaleString('en')} accounts, random transfers of 1-100 minor units; ` +
  `median of ${ROUNDS} interleaved round(s) after a warm-up; Node ${process.versions.node}, ` +
  `${(await import('node:os')).cpus().length} cores`);
const table = [];
for (const group of chosen) {
  console.log(`\n== ${group.name}: measuring ${group.what}`);
  const started = Date.now();
  const rows = await group.run();
  for (const row of rows) console.log(line(row));
  console.log(`   (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  table.push(...rows);
}
console.log('\n== the table');
for (const row of table) console.log(line(row));
