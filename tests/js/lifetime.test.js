// node --test tests/js/lifetime.test.js — bank lifetime (dist/index.js):
// independent banks, dispose() and [Symbol.dispose] (also through `using`),
// calls after dispose, and the FinalizationRegistry that frees forgotten banks.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { createBank, BankError } from '../support/package.mjs';
import { distUrl } from '../support/dist.mjs';
import { CAPTURE_WASM_MEMORY } from '../support/wasm_memory.mjs';

const INDEX_URL = distUrl('index.js').href;
const WASM = readFileSync(distUrl('wasm-bank.wasm'));

const disposedError = (e) => {
  assert.ok(e instanceof BankError, `expected BankError, got ${e && e.stack}`);
  assert.equal(e.code, 'INVALID_ARGUMENT');
  assert.match(e.message, /disposed/);
  return true;
};

describe('several banks in one process', () => {
  test('two banks do not share accounts, journals, keys or entry numbers', async () => {
    const a = await createBank();
    const b = await createBank();
    a.openAccount({ id: 1, name: 'A', balance: '100.00' });
    a.openAccount({ id: 2, name: 'A2' });
    b.openAccount({ id: 1, name: 'B', balance: '7.00', currency: 'EUR' });
    a.transfer({ from: 1, to: 2, amount: '30.00', key: 'same-key' });
    // the same key in the other bank is a new request, not a conflict
    b.withdraw(1, '1.00', { key: 'same-key' });
    assert.equal(a.balance(1), '70.00');
    assert.equal(b.balance(1), '6.00');
    assert.throws(() => b.balance(2), (e) => e instanceof BankError && e.code === 'ACCOUNT_NOT_FOUND');
    assert.deepEqual(a.accounts().map((x) => x.name), ['A', 'A2']);
    assert.deepEqual(b.accounts().map((x) => x.name), ['B']);
    assert.equal(a.verify().entries, 3);
    assert.equal(b.verify().entries, 2);
    assert.notEqual(a.verify().head, b.verify().head);
    a.dispose();
    // disposing one leaves the other working
    assert.equal(b.deposit(1, '1.00').balance, '7.00');
    b.dispose();
  });

  test('banks from different wasm sources (separate instances) are independent too', async () => {
    const a = await createBank();
    const b = await createBank({ wasmBinary: WASM });
    a.openAccount({ id: 5, name: 'A', balance: '1.00' });
    b.openAccount({ id: 5, name: 'B', balance: '2.00' });
    const journalA = a.exportJournal();
    const c = await createBank({ journal: journalA, wasmBinary: WASM });
    assert.equal(c.balance(5), '1.00');
    assert.equal(b.balance(5), '2.00');
    c.deposit(5, '9.00');
    assert.equal(a.balance(5), '1.00');
    for (const bank of [a, b, c]) bank.dispose();
  });

  test('interleaved calls on many live banks', async () => {
    const banks = [];
    for (let i = 0; i < 20; i++) banks.push(await createBank());
    banks.forEach((bank, i) => bank.openAccount({ id: 1, name: `N${i}`, balance: BigInt(i) }));
    for (let round = 0; round < 3; round++) banks.forEach((bank) => bank.deposit(1, 1n));
    banks.forEach((bank, i) => assert.equal(bank.balance(1), ((i + 3) / 100).toFixed(2)));
    banks.forEach((bank) => bank.dispose());
  });
});

describe('dispose', () => {
  test('calls after dispose() throw BankError INVALID_ARGUMENT (no wasm trap); execute returns it', async () => {
    const bank = await createBank();
    bank.openAccount({ id: 1, name: 'A', balance: '5.00' });
    bank.dispose();
    assert.throws(() => bank.balance(1), disposedError);
    assert.throws(() => bank.transfer({ from: 1, to: 2, amount: '1.00' }), disposedError);
    assert.throws(() => bank.exportJournal(), disposedError);
    assert.deepEqual(bank.execute({ op: 'deposit', id: 1, amount: '1.00' }),
      { op: 'deposit', ok: false, error: 'INVALID_ARGUMENT' });
    bank.dispose(); // idempotent
    bank[Symbol.dispose]();
    // and the instance is fine for everyone else
    const other = await createBank();
    assert.equal(other.greet('Still'), 'Hello, Still');
    other.dispose();
  });

  test('[Symbol.dispose] is dispose', async () => {
    assert.equal(typeof Symbol.dispose, 'symbol');
    const bank = await createBank();
    bank[Symbol.dispose]();
    assert.throws(() => bank.greet('A'), disposedError);
  });

  test('`using bank = await createBank()` disposes at the end of the block (TypeScript downlevel)', async () => {
    const source = `
      import { createBank } from ${JSON.stringify(INDEX_URL)};
      let escaped;
      {
        using bank = await createBank();
        bank.openAccount({ id: 1, name: 'Scoped', balance: '3.00' });
        escaped = bank;
        globalThis.report.inside = bank.balance(1);
      }
      try { escaped.balance(1); } catch (e) { globalThis.report.after = e.code + ': ' + e.message; }
    `;
    const { outputText } = ts.transpileModule(source, {
      compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
    });
    assert.doesNotMatch(outputText, /\busing bank\b/, 'TypeScript lowered `using`');
    const dir = mkdtempSync(join(tmpdir(), 'wasm-bank-using-'));
    try {
      const file = join(dir, 'using.mjs');
      writeFileSync(file, outputText);
      globalThis.report = {};
      await import(pathToFileURL(file).href);
      assert.deepEqual(globalThis.report, { inside: '3.00', after: 'INVALID_ARGUMENT: this bank was disposed' });
    } finally {
      delete globalThis.report;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('FinalizationRegistry', () => {
  // A child process with --expose-gc makes banks holding ~3 MB of journal
  // each and drops them without dispose(); the wasm memory must stay small.
  // The same loop keeping the banks alive shows the test would notice a leak.
  const script = `
    ${CAPTURE_WASM_MEMORY}
    const { createBank } = await import(${JSON.stringify(INDEX_URL)});
    const keep = process.env.WASM_BANK_KEEP === '1';
    const kept = [];
    const n = 50000;
    const from = new Int32Array(n).fill(1);
    const to = new Int32Array(n).fill(2);
    const amount = new BigInt64Array(n).fill(1n);
    for (let i = 0; i < 40; i++) {
      // every other bank has an onLog callback (the core holds the sink)
      const bank = await createBank(i % 2 ? { onLog: () => {} } : {});
      bank.openAccount({ id: 1, name: 'A', balance: '1000000.00' });
      bank.openAccount({ id: 2, name: 'B' });
      if (!bank.transferMany({ from, to, amount }).every((c) => c === 0)) throw new Error('transfer failed');
      if (keep) kept.push(bank);
      globalThis.gc();
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    process.stdout.write(String(memory.buffer.byteLength / 2 ** 20));
  `;
  const run = (mode) => {
    const r = spawnSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', script], {
      encoding: 'utf8',
      env: { ...process.env, WASM_BANK_KEEP: mode === 'keep' ? '1' : '0' },
    });
    assert.equal(r.status, 0, r.stderr);
    return Number(r.stdout);
  };

  test('frees the wasm side of banks that were never disposed', () => {
    const forgotten = run('forget');
    const kept = run('keep');
    assert.ok(kept > 100, `kept banks use ${kept} MiB (the test would see a leak)`);
    assert.ok(forgotten < 48, `forgotten banks use ${forgotten} MiB: they were not freed`);
  });
});
