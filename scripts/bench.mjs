// npm run bench: one side-by-side table of transfer throughput (SPEC §9),
// every figure measured in this one run so the ratios are comparable.
//   native core (Google Benchmark) | wasm transferMany | per-call transfer()
//   | execute() with a JSON op | a plain-JS ledger with the same rules
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { createBank } from '../dist/index.js';
import createWasmBankModule from '../dist/wasm-bank.js';
import { PlainLedger } from './bench/plain_ledger.mjs';

const root = fileURLToPath(new URL('../', import.meta.url));
const ACCOUNTS = 1000;
const N = 2_000_000;
const PER_CALL_N = 300_000;

function pairs(n) {
  const from = new Int32Array(n);
  const to = new Int32Array(n);
  const amount = new BigInt64Array(n).fill(1n);
  let state = 42;
  for (let i = 0; i < n; i += 1) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    from[i] = (state % ACCOUNTS) + 1;
    to[i] = (from[i] % ACCOUNTS) + 1;
  }
  return { from, to, amount };
}

function rate(n, fn) {
  const start = process.hrtime.bigint();
  fn();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return n / seconds;
}

async function freshBank() {
  const bank = await createBank();
  for (let id = 1; id <= ACCOUNTS; id += 1) {
    bank.execute({ op: 'open', id, name: `Customer ${id}`, balance: '100000000.00' });
  }
  return bank;
}

function nativeRates() {
  const out = execFileSync(`${root}build/native/core/wasmbank_bench`, [
    '--benchmark_format=json',
    '--benchmark_filter=BM_Transfer(FastPath|HotSet)',
  ], { maxBuffer: 1 << 24 });
  // Each runs a fixed count of transfers three times; take the median.
  const rates = {};
  for (const b of JSON.parse(out).benchmarks) {
    if (b.aggregate_name === 'median') rates[b.run_name.split('/iterations')[0]] = b.items_per_second;
  }
  return rates;
}

const work = pairs(N);
const native = nativeRates();

let bank = await freshBank();
bank.transferMany(pairs(100_000));  // warm up
const many = rate(N, () => bank.transferMany(work));
bank.dispose();

bank = await freshBank();
const perCall = rate(PER_CALL_N, () => {
  for (let i = 0; i < PER_CALL_N; i += 1) {
    bank.transfer({ from: work.from[i], to: work.to[i], amount: 1n, at: 0 });
  }
});
const viaExecute = rate(PER_CALL_N, () => {
  for (let i = 0; i < PER_CALL_N; i += 1) {
    bank.execute({ op: 'transfer', from: work.from[i], to: work.to[i], amount: '0.01' });
  }
});
bank.dispose();

const plain = new PlainLedger();
for (let id = 1; id <= ACCOUNTS; id += 1) plain.open(id, 10_000_000_000n);
const plainRate = rate(N, () => {
  for (let i = 0; i < N; i += 1) plain.transfer(work.from[i], work.to[i], 1n, 0);
});

// SPEC §9 memory: what 1,000,000 accounts and 10,000,000 transfer entries
// add to the wasm32 heap, read from the size of the module's memory (which
// grows in steps, so the figures are upper bounds).
async function wasmMemory() {
  const M = await createWasmBankModule({ wasmBinary: readFileSync(`${root}dist/wasm-bank.wasm`) });
  const w = new M.WasmBank();
  const heap = () => w.exchange().buffer.byteLength;
  const start = heap();
  const accounts = 1_000_000;
  const noOptions = { hasKey: false, key: '', memo: '', at: 0 };
  const balance = { form: 2, minor: 0n, text: '1000.00' };
  const none = { form: 0, minor: 0n, text: '' };
  for (let id = 1; id <= accounts; id += 1) {
    w.open({ id, name: `Customer ${id}`, address: '', currency: 'USD', balance, overdraft_limit: none },
      noOptions);
  }
  const afterAccounts = heap();
  const entries = 10_000_000;
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

const memory = await wasmMemory();
const nativeCore = native['BM_TransferFastPath/1000'];
const m = (x) => `${(x / 1e6).toFixed(2).padStart(7)} M/s`;
const rows = [
  ['native core, 1,000 accounts', nativeCore, ''],
  ['native core, hot 1,000 of 1,000,000 accounts', native['BM_TransferHotSet/1000000'],
    `${(native['BM_TransferHotSet/1000000'] / native['BM_TransferHotSet/1000']).toFixed(2)}x of 1,000 accounts (goal >= 0.70x)`],
  ['native core, uniform over 1,000,000 accounts', native['BM_TransferFastPath/1000000'], 'memory-bound: every transfer misses the cache'],
  ['wasm transferMany (Node)', many, `${(many / nativeCore).toFixed(2)}x native (goal >= 0.8x), ${(many / plainRate).toFixed(1)}x plain JS (goal >= 20x)`],
  ['wasm per-call transfer() (Node)', perCall, 'goal >= 10 M/s; two balance strings per call cost more than the transfer'],
  ['wasm execute() with a JSON op (Node)', viaExecute, ''],
  ['plain-JS ledger, same rules (Node)', plainRate, ''],
];
console.log(`transfers per second, ${ACCOUNTS.toLocaleString('en')} accounts unless said otherwise\n`);
for (const [name, value, note] of rows) console.log(`${name.padEnd(46)} ${m(value)}  ${note}`);
console.log(`\nwasm32 heap: ${memory.perAccount.toFixed(0)} bytes per account with a 13-17 byte name (goal <= 128 + name), ` +
  `${memory.perEntry.toFixed(1)} bytes per transfer entry (goal <= 64); ` +
  `1,000,000 accounts + 10,000,000 entries: ${(memory.total / 2 ** 20).toFixed(0)} MiB of the 2 GiB a wasm32 heap can grow to`);
