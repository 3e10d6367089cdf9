// node --test tests/js/crossings.test.js — createBank's and openBank's
// onCrossing hook (docs/js-api.md, "Instrumentation"): every call into the
// wasm core is reported as it crossed, and the hook changes nothing else.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createBank, openBank, BankError } from '../support/package.mjs';

const utf8 = (s) => new TextEncoder().encode(s);

async function recordingBank(options = {}) {
  const crossings = [];
  const bank = await createBank({ ...options, onCrossing: (c) => crossings.push(c) });
  return { bank, crossings };
}

test('a string argument crosses as its UTF-8 bytes, ids as int32 numbers', async () => {
  const { bank, crossings } = await recordingBank();
  bank.openAccount({ id: 101, name: 'Zoë', balance: '10.00' });
  const open = crossings.find((c) => c.call === 'open');
  assert.ok(open, `no "open" crossing in ${crossings.map((c) => c.call)}`);
  const [spec] = open.args;
  assert.equal(spec.id, 101);
  assert.deepEqual(spec.name, utf8('Zoë'));
  assert.equal(spec.name.length, 4, 'ë is two bytes in UTF-8');
  assert.equal(open.result, 0, 'the core answered code 0 (OK)');
  assert.ok(open.ms >= 0);
  assert.ok(open.heapBefore > 0 && open.heapAfter >= open.heapBefore);
  bank.dispose();
});

test('a deposit is one crossing of the direct export, its amount text written into the exchange', async () => {
  const { bank, crossings } = await recordingBank();
  bank.openAccount({ id: 7, name: 'A' });
  crossings.length = 0;
  const r = bank.deposit(7, '12.50');
  assert.equal(r.balance, '12.50');
  const moves = crossings.filter((c) => c.call === 'wasmbank_move');
  assert.equal(moves.length, 1);
  const [move] = moves;
  assert.equal(move.args[1], 1, 'op 1 is deposit');
  assert.equal(move.args[2], 7);
  assert.equal(typeof move.args[5], 'bigint', 'the minor-units slot crosses as an int64');
  assert.deepEqual(move.wrote, utf8('12.50'));
  assert.equal(move.result, 0);
  // A BigInt amount crosses as an int64 and writes nothing.
  crossings.length = 0;
  bank.deposit(7, 250n);
  const [big] = crossings.filter((c) => c.call === 'wasmbank_move');
  assert.equal(big.args[5], 250n);
  assert.equal(big.wrote, undefined);
  bank.dispose();
});

test('a refusal is reported with the code that came back', async () => {
  const { bank, crossings } = await recordingBank();
  assert.throws(() => bank.withdraw(404, '1.00'), (e) => e instanceof BankError && e.code === 'ACCOUNT_NOT_FOUND');
  const [move] = crossings.filter((c) => c.call === 'wasmbank_move');
  assert.ok(move.result > 0, 'a non-zero error code crossed back');
  assert.ok(crossings.some((c) => c.call === 'lastErrorMessage'), 'the message is fetched in a second crossing');
  bank.dispose();
});

test('the tutorial through execute(): one crossing per line, the line as UTF-8', async () => {
  const { bank, crossings } = await recordingBank();
  const line = '{"op":"greet","name":"Alice"}';
  const r = bank.execute(line);
  assert.equal(r.greeting, 'Hello, Alice');
  const calls = crossings.filter((c) => c.call !== 'exchange');  // the exchange's view, fetched once
  assert.deepEqual(calls.map((c) => c.call), ['execute'], 'an op the fast reader never takes crosses as a string at once');
  const [exec] = calls;
  assert.deepEqual(exec.args[0], utf8(line));
  assert.equal(exec.result, '{"op":"greet","ok":true,"greeting":"Hello, Alice"}');
  bank.dispose();
});

test('a transfer line the fast reader declines (its members in another order) crosses again as a string', async () => {
  const { bank, crossings } = await recordingBank();
  bank.openAccount({ id: 1, name: 'A', balance: '5.00' });
  bank.openAccount({ id: 2, name: 'B' });
  crossings.length = 0;
  const line = '{"op":"transfer","to":2,"from":1,"amount":"1.25"}';
  assert.deepEqual(bank.execute(line), { op: 'transfer', ok: true, entry: 3, from_balance: '3.75', to_balance: '1.25' });
  const calls = crossings.filter((c) => c.call !== 'exchange');
  assert.deepEqual(calls.map((c) => c.call), ['wasmbank_execute', 'execute']);
  const [tried, exec] = calls;
  assert.deepEqual(tried.wrote, utf8(line), 'the line was written into the exchange first');
  assert.equal(tried.result, -1, 'declined: nothing done');
  assert.deepEqual(exec.args[0], utf8(line));
  bank.dispose();
});

test('execute() of a transfer line: one crossing of the direct export, its result read from the exchange', async () => {
  const { bank, crossings } = await recordingBank();
  bank.openAccount({ id: 1, name: 'A', balance: '5.00' });
  bank.openAccount({ id: 2, name: 'B' });
  crossings.length = 0;
  const line = '{"op":"transfer","from":1,"to":2,"amount":"1.25"}';
  assert.deepEqual(bank.execute(line), { op: 'transfer', ok: true, entry: 3, from_balance: '3.75', to_balance: '1.25' });
  const calls = crossings.filter((c) => c.call !== 'exchange');
  assert.deepEqual(calls.map((c) => c.call), ['wasmbank_execute']);
  assert.deepEqual(calls[0].wrote, utf8(line));
  assert.equal(calls[0].result, 0);
  // A refusal comes back as its code, and names the op it refused.
  assert.deepEqual(bank.execute('{"op":"withdraw","id":2,"amount":"9.00"}'),
    { op: 'withdraw', ok: false, error: 'INSUFFICIENT_FUNDS' });
  bank.dispose();
});

test('the hook sees crossings after the call, may call the bank, and may throw', async () => {
  let bank;
  let seen = 0;
  let inner = null;
  bank = await createBank({
    onCrossing: (c) => {
      seen += 1;
      if (c.call === 'wasmbank_move' && inner === null) inner = bank.balance(1); // re-entrant read
      throw new Error('a broken hook');
    },
  });
  bank.openAccount({ id: 1, name: 'A', balance: '5.00' });
  assert.equal(bank.deposit(1, '1.00').balance, '6.00');
  assert.equal(inner, '6.00', 'the hook runs once the deposit is complete');
  assert.ok(seen > 2);
  bank.dispose();
});

test('the hook changes nothing the bank does; one that is not a function is INVALID_ARGUMENT', async () => {
  await assert.rejects(createBank({ onCrossing: 'yes' }), (e) => e instanceof BankError && e.code === 'INVALID_ARGUMENT');
  const plain = await createBank();
  const { bank, crossings } = await recordingBank();
  for (const b of [plain, bank]) {
    b.openAccount({ id: 1, name: 'A', balance: '5.00', at: 1 });
    b.openAccount({ id: 2, name: 'B', at: 2 });
    b.transfer({ from: 1, to: 2, amount: '1.25', memo: 'rent', at: 3 });
    assert.throws(() => b.transfer({ from: 1, to: 1, amount: '1', at: 4 }), (e) => e.code === 'SAME_ACCOUNT');
    b.transferMany({ from: Int32Array.of(2), to: Int32Array.of(1), amount: BigInt64Array.of(25n) });
  }
  assert.deepEqual(bank.accounts(), plain.accounts());
  assert.equal(bank.exportJournal().split('\n').length, plain.exportJournal().split('\n').length);
  assert.ok(crossings.some((c) => c.call === 'applyTransfers'));
  plain.dispose();
  bank.dispose();
});

test('openBank passes the hook on: the store\'s own calls cross too', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'wasm-bank-crossings-'));
  try {
    const crossings = [];
    const bank = await openBank(path.join(dir, 'bank.jsonl'), { onCrossing: (c) => crossings.push(c) });
    await bank.openAccount({ id: 5, name: 'Stored' });
    const calls = crossings.map((c) => c.call);
    assert.ok(calls.includes('open'), calls.join(' '));
    assert.ok(calls.includes('storeRecordAfter'), `the store reads the new entry's sealed record: ${calls.join(' ')}`);
    await bank.dispose();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
