// node scripts/heap_limits.mjs [DIST_DIR] — how much one bank holds before its
// wasm heap is full (docs/limits.md has the figures of one run).
//
// Fills two banks of the package in DIST_DIR (default dist/, the release build)
// until the core refuses with RESOURCE_EXHAUSTED (core/src/memory_guard.h):
//  - accounts: opened one by one with a 16-character name and no address;
//  - entries: one-cent transfers between two accounts, through transferMany.
// Reads the heap in use from the refusal's message (in MiB) and
// prints the counts, bytes per account and per entry, the time, and that the
// full bank still verifies. Takes about a minute and up to 2 GB of memory.
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const dist = path.resolve(process.argv[2] ?? new URL('../dist', import.meta.url).pathname);
const { createBank, BankError } = await import(pathToFileURL(path.join(dist, 'index.js')).href);

// "... (N MiB in use; the heap reaches B MiB of at most L MiB; ..."
function heapOf(err) {
  if (!(err instanceof BankError) || err.code !== 'RESOURCE_EXHAUSTED') throw err;
  const m = /\((\d+) MiB in use; the heap reaches (\d+) MiB of at most (\d+) MiB/.exec(err.message);
  if (!m) throw new Error(`no heap figures in: ${err.message}`);
  return { usedMiB: Number(m[1]), brkMiB: Number(m[2]), limitMiB: Number(m[3]) };
}

async function fillAccounts() {
  const bank = await createBank();
  const started = Date.now();
  let id = 1;
  let err;
  for (;; id++) {
    try {
      bank.openAccount({ id, name: `Account ${String(id).padStart(8, '0')}` });
    } catch (e) {
      err = e;
      break;
    }
  }
  const seconds = (Date.now() - started) / 1000;
  const heap = heapOf(err);
  const accounts = id - 1;
  const verified = bank.verify();
  bank.dispose();  // banks share the module's heap
  return { accounts, seconds, ...heap, verified: verified.ok && verified.accounts === accounts };
}

async function fillEntries() {
  const bank = await createBank();
  bank.openAccount({ id: 1, name: 'From', overdraft_limit: '100000000000.00' });
  bank.openAccount({ id: 2, name: 'To' });
  const n = 1 << 20;
  const from = new Int32Array(n).fill(1);
  const to = new Int32Array(n).fill(2);
  const amount = new BigInt64Array(n).fill(1n);
  const started = Date.now();
  let entries = 2;
  for (;;) {
    const codes = bank.transferMany({ from, to, amount });
    const applied = codes.reduce((sum, c) => sum + (c === 0 ? 1 : 0), 0);
    entries += applied;
    if (applied < n) break;
  }
  // transferMany asks for room 4,096 transfers at a time; single deposits,
  // which need less, take the heap the rest of the way.
  let heap;
  for (;;) {
    try {
      bank.deposit(2, '0.01');
      entries += 1;
    } catch (e) {
      heap = heapOf(e);
      break;
    }
  }
  const seconds = (Date.now() - started) / 1000;
  const verifyStarted = Date.now();
  const verified = bank.verify();
  const verifySeconds = (Date.now() - verifyStarted) / 1000;
  return { entries, seconds, ...heap, verified: verified.ok && verified.entries === entries, verifySeconds };
}

const a = await fillAccounts();
console.log(`accounts: ${a.accounts.toLocaleString('en')} before RESOURCE_EXHAUSTED, ` +
  `${a.usedMiB} MiB of ${a.limitMiB} MiB in use, ` +
  `${Math.round((a.usedMiB * 1048576) / a.accounts)} bytes per account, ` +
  `${a.seconds.toFixed(1)} s; verify ${a.verified ? 'ok' : 'FAILED'}`);
const e = await fillEntries();
console.log(`entries: ${e.entries.toLocaleString('en')} before RESOURCE_EXHAUSTED, ` +
  `${e.usedMiB} MiB of ${e.limitMiB} MiB in use, ` +
  `${((e.usedMiB * 1048576) / e.entries).toFixed(1)} bytes per entry, ` +
  `${e.seconds.toFixed(1)} s; verify ${e.verified ? 'ok' : 'FAILED'} in ${e.verifySeconds.toFixed(1)} s`);
if (!a.verified || !e.verified) process.exitCode = 1;
