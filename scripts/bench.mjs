// npm run bench: one side-by-side table (BENCHMARKS.md says what each row
// does). Every figure is measured in this one run, each path in interleaved
// rounds on a fresh bank, the median of ROUNDS after a warm-up, so ratios
// hold when the machine's speed drifts. `--smoke` runs everything tiny and
// checks nothing but that it runs (npm test does that, so it cannot rot).
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBank, openBank } from '../dist/index.node.js';
import createWasmBankModule from '../dist/wasm-bank.js';
import { PlainLedger } from './bench/plain_ledger.mjs';
import { idbFigures } from './bench/idb.mjs';

const SMOKE = process.argv.includes('--smoke');
const root = fileURLToPath(new URL('../', import.meta.url));
const ACCOUNTS = SMOKE ? 100 : 10_000;
const N = SMOKE ? 10_000 : 1_000_000;        // transferMany, plain JS (codes)
const PER_CALL_N = SMOKE ? 2_000 : 300_000;  // per-call methods, execute
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
};

async function measureAll() {
  const rates = Object.fromEntries(Object.keys(PATHS).map((k) => [k, []]));
  for (let round = -1; round < ROUNDS; round += 1) {  // round -1 warms up
    for (const [name, path] of Object.entries(PATHS)) {
      const state = await path.make();
      const start = process.hrtime.bigint();
      path.run(state);
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      if (round >= 0) rates[name].push(path.n / seconds);
      state.dispose?.();
    }
  }
  return rates;
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
  for (let round = -1; round < ROUNDS; round += 1) {
    let start = process.hrtime.bigint();
    const copy = await createBank({ journal });
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
  return { importing, verifying, entries };
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
const native = nativeRates();
const rates = Object.fromEntries(Object.entries(await measureAll()).map(([k, v]) => [k, median(v)]));
const journal = await journalRates();
const memory = await wasmMemory();
const store = await storeFigures();
const idbRaw = await idbFigures({ entries: SMOKE ? 20_000 : 1_000_000, rounds: SMOKE ? 1 : 3, deposits: SMOKE ? 20 : 300 });
const idb = storeSummary(idbRaw);
const statementPage = median(idbRaw.pages);

const ratio = (a, b) => a / b;
const goal = (value, min) => `${value.toFixed(2)}x (goal >= ${min}x: ${value >= min ? 'met' : 'NOT met'})`;
const rows = [
  ['native core, Bank::Transfer', native.perCall, `goal >= 40 M/s: ${native.perCall >= 40e6 ? 'met' : 'NOT met'}`],
  ['native Bank::TransferMany', native.many, 'the same rules, codes only, one call'],
  ['wasm transferMany', rates.transferMany,
    `${goal(ratio(rates.transferMany, native.perCall), 0.5)} of native core; ${goal(ratio(rates.transferMany, rates.plainCodes), 10)} of plain JS (codes); ${ratio(rates.transferMany, native.many).toFixed(2)}x native TransferMany`],
  ['plain JS, codes only', rates.plainCodes, 'the baseline for transferMany'],
  ['wasm transfer() per call', rates.transfer, `${goal(ratio(rates.transfer, rates.plainTransfer), 1.5)} of plain JS`],
  ['plain JS transfer, same result', rates.plainTransfer, 'entry + two formatted balances, as transfer() returns'],
  ['wasm deposit() per call', rates.deposit, `${goal(ratio(rates.deposit, rates.plainDeposit), 1.5)} of plain JS`],
  ['plain JS deposit, same result', rates.plainDeposit, ''],
  ['wasm withdraw() per call', rates.withdraw, `${goal(ratio(rates.withdraw, rates.plainWithdraw), 1.5)} of plain JS`],
  ['plain JS withdraw, same result', rates.plainWithdraw, ''],
  ['wasm execute(JSON line)', rates.execute, `goal >= 1 M ops/s: ${rates.execute >= 1e6 ? 'met' : 'NOT met'}`],
  ['journal import (entries/s)', median(journal.importing), `${journal.entries.toLocaleString('en')} entries; goal >= 1 M/s: ${median(journal.importing) >= 1e6 ? 'met' : 'NOT met'}`],
  ['journal verify (entries/s)', median(journal.verifying), `goal >= 1 M/s: ${median(journal.verifying) >= 1e6 ? 'met' : 'NOT met'}`],
];
const m = (x) => `${(x / 1e6).toFixed(2).padStart(7)} M/s`;
console.log(`wasm-bank bench${SMOKE ? ' (smoke: tiny sizes, figures mean nothing)' : ''}: ` +
  `${ACCOUNTS.toLocaleString('en')} accounts, random transfers of 1-100 minor units; ` +
  `median of ${ROUNDS} interleaved round(s) after a warm-up, Node ${process.versions.node}\n`);
for (const [name, value, note] of rows) console.log(`${name.padEnd(32)} ${m(value)}  ${note}`);
const ms = (x) => `${(x * 1000).toFixed(x < 0.01 ? 2 : 0)} ms`;
console.log(`\nNode file store (openBank, fdatasync per write), a store of ${store.entries.toLocaleString('en')} transfers:`);
console.log(`  open without a checkpoint     ${ms(store.openPlain)}`);
console.log(`  open from a checkpoint        ${ms(store.openCheckpointed)}  ${(store.openPlain / store.openCheckpointed).toFixed(1)}x faster`);
console.log(`  one durable deposit at a time p50 ${ms(store.p50)}, p99 ${ms(store.p99)}`);
console.log(`  100 deposits at a time        ${(store.groupRate / 1e3).toFixed(1)} k/s, ${store.entriesPerWrite.toFixed(0)} entries per write (group commit)`);
console.log(`\nIndexedDB store in Chromium (openBank, durability 'strict'), a store of ${idb.entries.toLocaleString('en')} entries:`);
console.log(`  open without a checkpoint     ${ms(idb.openPlain)}`);
console.log(`  open from a checkpoint        ${ms(idb.openCheckpointed)}  ${(idb.openPlain / idb.openCheckpointed).toFixed(1)}x faster; goal <= 1 s: ${idb.openCheckpointed <= 1 ? 'met' : 'NOT met'}`);
console.log(`  one durable deposit at a time p50 ${ms(idb.p50)}, p99 ${ms(idb.p99)}`);
console.log(`  a statement page (25 entries)  ${ms(statementPage)} median of ${idbRaw.pages.length} page turns`);
console.log(`\nwasm32 heap: ${memory.perAccount.toFixed(0)} bytes per account with a 10-16 byte name, ` +
  `${memory.perEntry.toFixed(1)} bytes per transfer entry; ` +
  `${SMOKE ? 'smoke sizes' : '1,000,000 accounts + 10,000,000 entries'}: ${(memory.total / 2 ** 20).toFixed(0)} MiB`);
