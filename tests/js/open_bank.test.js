// node --test tests/js/open_bank.test.js — openBank with a file store in Node
// (docs/js-api.md "Stored banks", docs/store-format.md): a mutating call
// resolves only once its entry is in the file, callers that wait at once
// share one write, the store reopens to the same bank, one process holds it,
// and damage is refused with the file untouched.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openBank, createBank, BankError } from '../support/package.mjs';
import { spawnSync } from 'node:child_process';
import { distUrl, ROOT } from '../support/dist.mjs';

const dir = mkdtempSync(join(tmpdir(), 'wasm-bank-open-'));
let n = 0;
const freshPath = () => join(dir, `bank-${n++}.journal`);
// The entry lines of a store file: after the format line, without the seal
// line that ends each record (docs/store-format.md).
const entryLines = (path) => readFileSync(path, 'utf8').split('\n').slice(1, -1).filter((l) => !l.startsWith('{"head":'));

test('a mutating call resolves once its entry is in the file', async () => {
  const path = freshPath();
  const bank = await openBank(path);
  try {
    const opened = await bank.openAccount({ id: 1, name: 'Ann', balance: '10.00' });
    assert.equal(opened.entry, 1);
    assert.equal(entryLines(path).length, 1);
    const pending = bank.deposit(1, '2.50', { memo: 'tip' });
    assert.equal(entryLines(path).length, 1, 'not reported, not necessarily written yet');
    const deposited = await pending;
    assert.equal(deposited.balance, '12.50');
    assert.match(entryLines(path)[1], /"kind":"deposit".*"memo":"tip"/);
    await assert.rejects(bank.withdraw(1, '99.00'), (e) => e instanceof BankError && e.code === 'INSUFFICIENT_FUNDS');
    assert.equal(entryLines(path).length, 2, 'a failed op writes nothing');
  } finally {
    await bank.dispose();
  }
});

test('callers that wait at once share one write (group commit)', async () => {
  const bank = await openBank(freshPath());
  try {
    await bank.openAccount({ id: 1, name: 'Ann' });
    const before = bank.storeStats();
    const results = await Promise.all(Array.from({ length: 100 }, () => bank.deposit(1, 1n)));
    assert.deepEqual(results.map((r) => r.entry), Array.from({ length: 100 }, (_, i) => i + 2));
    const after = bank.storeStats();
    assert.equal(after.entries - before.entries, 100);
    assert.ok(after.writes - before.writes < 5, `${after.writes - before.writes} writes for 100 deposits`);
    assert.equal(await bank.balance(1), '1.00');
  } finally {
    await bank.dispose();
  }
});

test('a store reopens to the same bank: accounts, head, idempotency keys', async () => {
  const path = freshPath();
  const first = await openBank(path);
  await first.openAccount({ id: 7, name: 'Zoë', currency: 'EUR', balance: '1.00' });
  await first.openAccount({ id: 8, name: 'Ben', currency: 'EUR' });
  await first.transfer({ from: 7, to: 8, amount: '0.40', key: 'pay-1' });
  await first.batch([{ op: 'deposit', id: 8, amount: '5' }, { op: 'withdraw', id: 7, amount: '0.10' }]);
  await first.transferMany({ from: Int32Array.of(8), to: Int32Array.of(7), amount: BigInt64Array.of(1n) });
  const exported = await first.exportJournal();
  await first.dispose();

  const again = await openBank(path);
  try {
    assert.equal(await again.exportJournal(), exported);
    assert.equal((await again.verify()).ok, true);
    const replay = await again.transfer({ from: 7, to: 8, amount: '0.40', key: 'pay-1' });
    assert.equal(replay.replayed, true);
    const plain = await createBank({ journal: exported });
    assert.deepEqual(await again.accounts(), plain.accounts());
    plain.dispose();
  } finally {
    await again.dispose();
  }
});

test('one process at a time: a second open is refused until the first is disposed', async () => {
  const path = freshPath();
  const first = await openBank(path);
  await assert.rejects(openBank(path), (e) => e instanceof BankError && e.code === 'INVALID_ARGUMENT'
    && e.message.includes(`in use by process ${process.pid}`));
  await first.dispose();
  const second = await openBank(path);
  await second.dispose();
});

test('a torn last line is cut off and reported; other damage is refused, file untouched', async () => {
  const path = freshPath();
  const bank = await openBank(path);
  await bank.openAccount({ id: 1, name: 'Ann', balance: '3.00' });
  await bank.deposit(1, '1.00');
  await bank.dispose();
  const whole = readFileSync(path, 'utf8');

  appendFileSync(path, '{"entry":3,"kind":"dep');
  const notes = [];
  const torn = await openBank(path, { onLog: (line) => notes.push(line) });
  assert.equal(readFileSync(path, 'utf8'), whole);
  assert.ok(notes.some((l) => l.includes('dropped a torn last line of 22 bytes')), notes.join('\n'));
  assert.equal(await torn.balance(1), '4.00');
  await torn.dispose();

  const lines = whole.split('\n');
  const damaged = [lines[0], lines[2], lines[1], ''].join('\n');  // reordered
  writeFileSync(path, damaged);
  await assert.rejects(openBank(path), (e) => e instanceof BankError && e.code === 'CORRUPT_JOURNAL');
  assert.equal(readFileSync(path, 'utf8'), damaged);
  await assert.rejects(openBank(path), (e) => e.code === 'CORRUPT_JOURNAL', 'and the lock was released');
});

test('bad store arguments, a journal option, and a disposed bank are BankErrors', async () => {
  for (const store of [undefined, null, 42, {}, { indexedDB: '' }, '']) {
    await assert.rejects(openBank(store), (e) => e instanceof BankError && e.code === 'INVALID_ARGUMENT', String(store));
  }
  await assert.rejects(openBank(freshPath(), { journal: '' }), (e) => e.code === 'INVALID_ARGUMENT');
  await assert.rejects(openBank({ indexedDB: 'x' }), (e) => e.code === 'INVALID_ARGUMENT'
    && /IndexedDB/.test(e.message), 'Node has no IndexedDB');
  const bank = await openBank(freshPath());
  await bank.dispose();
  await assert.rejects(bank.balance(1), (e) => e instanceof BankError && e.code === 'INVALID_ARGUMENT');
  await assert.rejects(bank.deposit(1, '1'), (e) => e.code === 'INVALID_ARGUMENT');
  assert.deepEqual(await bank.execute({ op: 'verify' }), { op: 'verify', ok: false, error: 'INVALID_ARGUMENT' });
});

test('the browser entry refuses a file path with a clear error', async () => {
  const { openBank: browserOpenBank } = await import(distUrl('index.js').href);
  await assert.rejects(browserOpenBank('bank.journal'), (e) => e.code === 'INVALID_ARGUMENT' && /needs Node/.test(e.message));
});

test('a file store writes checkpoints and opens from them, the same as bank-cli reads it', async () => {
  const path = freshPath();
  const bank = await openBank(path, { checkpointEvery: 10 });
  await bank.openAccount({ id: 1, name: 'Ann' });
  for (let i = 0; i < 30; i += 1) await bank.deposit(1, 1n, { memo: `d${i}` });
  const exported = await bank.exportJournal();
  await bank.dispose();
  const checkpoint = readFileSync(`${path}.checkpoint`);
  assert.ok(checkpoint.length > 0);

  const notes = [];
  const again = await openBank(path, { onLog: (l) => notes.push(l) });
  assert.equal(await again.exportJournal(), exported);
  assert.deepEqual(notes, []);
  await again.dispose();

  // The native file store takes the same checkpoint (no note that it was
  // ignored) and reaches the same head.
  const native = spawnSync(process.env.BANK_CLI ?? join(ROOT, 'build/native/core/bank-cli'), ['run', '-', '--store', path],
    { input: '{"op":"verify"}\n', encoding: 'utf8' });
  assert.equal(native.stderr, '');
  assert.equal(JSON.parse(native.stdout).head, exported.match(/"head":"([0-9a-f]+)"/)[1]);

  // A checkpoint with one byte changed is ignored, with a note; same bank.
  const flipped = Buffer.from(checkpoint);
  flipped[flipped.length >> 1] ^= 1;
  writeFileSync(`${path}.checkpoint`, flipped);
  const replayed = await openBank(path, { onLog: (l) => notes.push(l) });
  assert.equal(await replayed.exportJournal(), exported);
  assert.ok(notes.some((l) => l.includes('ignored its checkpoint')), notes.join('\n'));
  await replayed.dispose();
});
