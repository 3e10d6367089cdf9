// node --test tests/js/memory_bounds.test.js — a million failing calls and a
// million succeeding ones leave the wasm heap and the JS heap bounded (SPEC §10:
// no leaked embind handles, strings or vectors). Measured, with a margin, never
// timed.
//
// A child process with --expose-gc (so that the JS heap is read after a full
// collection) runs the calls and reports the sizes; the bounds are stated here:
//  - failing calls (deposit into a missing account, an unknown currency with a
//    long name, a transfer between missing accounts) add nothing to the wasm
//    heap and at most 4 MiB to the JS heap;
//  - succeeding calls (deposit/withdraw pairs) grow the wasm heap by the
//    journal's entries only, 32 bytes each, in 128 KiB chunks (the memory
//    itself grows in steps: at most twice that plus 16 MiB), and the JS heap by
//    at most 4 MiB.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { distUrl } from '../support/dist.mjs';
import { CAPTURE_WASM_MEMORY } from '../support/wasm_memory.mjs';

const INDEX_URL = distUrl('index.js').href;
const CALLS = 1_000_000;
const MiB = 2 ** 20;

const script = `
  ${CAPTURE_WASM_MEMORY}
  const { createBank, BankError } = await import(${JSON.stringify(INDEX_URL)});
  const bank = await createBank();
  bank.openAccount({ id: 1, name: 'Ann', balance: '100.00' });
  const N = ${CALLS};
  const longName = 'x'.repeat(64);
  const failing = (i) => {
    try {
      switch (i % 3) {
        case 0: bank.deposit(999, '1.00'); break;
        case 1: bank.openAccount({ id: 2, name: longName, currency: 'QQQ' }); break;
        default: bank.transfer({ from: 998, to: 999, amount: '1.00' }); break;
      }
    } catch (e) {
      if (!(e instanceof BankError)) throw e;
      return;
    }
    throw new Error('a failing call succeeded');
  };
  const succeeding = (i) => {
    if (i % 2) bank.withdraw(1, '1.00'); else bank.deposit(1, '1.00');
  };
  const sizes = () => {
    globalThis.gc();
    return { wasm: memory.buffer.byteLength, js: process.memoryUsage().heapUsed };
  };
  // Warm up both paths (embind's caches, the JIT) before the baseline.
  for (let i = 0; i < 30000; i++) { failing(i); succeeding(i); }
  const before = sizes();
  const entries0 = bank.verify().entries;
  for (let i = 0; i < N; i++) failing(i);
  const afterFailing = sizes();
  for (let i = 0; i < N; i++) succeeding(i);
  const afterSucceeding = sizes();
  const entries = bank.verify().entries - entries0;
  if (bank.balance(1) !== '100.00') throw new Error('balance ' + bank.balance(1));
  process.stdout.write(JSON.stringify({ before, afterFailing, afterSucceeding, entries }));
`;

test(`${CALLS.toLocaleString('en')} failing and ${CALLS.toLocaleString('en')} succeeding calls keep both heaps bounded`, (t) => {
  const r = spawnSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', script], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  assert.equal(r.status, 0, r.stderr);
  const { before, afterFailing, afterSucceeding, entries } = JSON.parse(r.stdout);
  const report = JSON.stringify({ before, afterFailing, afterSucceeding });
  const mib = (bytes) => (bytes / MiB).toFixed(2);
  t.diagnostic(`wasm heap ${mib(before.wasm)} MiB -> ${mib(afterFailing.wasm)} after the failing calls ` +
    `-> ${mib(afterSucceeding.wasm)} after the succeeding ones (journal: ${mib(entries * 32)} MiB); ` +
    `JS heap ${mib(before.js)} -> ${mib(afterFailing.js)} -> ${mib(afterSucceeding.js)} MiB`);

  // Failing calls: nothing kept in wasm, a few MiB of JS at most.
  assert.equal(afterFailing.wasm, before.wasm, report);
  assert.ok(afterFailing.js - before.js < 4 * MiB, report);

  // Succeeding calls: every one wrote an entry, and the wasm heap grew by
  // the journal, not by anything per call besides it.
  assert.equal(entries, CALLS);
  const journal = entries * 32;
  assert.ok(afterSucceeding.wasm - afterFailing.wasm <= 2 * journal + 16 * MiB, report);
  assert.ok(afterSucceeding.js - afterFailing.js < 4 * MiB, report);
});
