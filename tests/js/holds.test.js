// node --test tests/js/holds.test.js — holds, limits and balances in time
// (docs/holds.md) through the JS API: the ergonomic methods' exact results
// and errors, expiry against the bank's time, a stored bank whose holds
// survive reopening (from a checkpoint too) and whose file bank-cli reads
// the same way, and a bank in a worker thread.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { createBank, openBank, connectBank, BankError } from '../support/package.mjs';
import { ROOT } from '../support/dist.mjs';

const nativeCli = process.env.BANK_CLI ?? join(ROOT, 'build/native/core/bank-cli');
const dir = mkdtempSync(join(tmpdir(), 'wasm-bank-holds-'));
const code = (c) => (e) => e instanceof BankError && e.code === c;
const T0 = 1767225600000;  // the day the story starts, as ms since the epoch
const HOUR = 3600000;

// Alice (101) pays a café (201) by card: authorised, then captured in part.
async function cardStory(bank) {
  await bank.openAccount({ id: 101, name: 'Alice', balance: '1000.00', at: T0 });
  await bank.openAccount({ id: 201, name: 'Corner Café', at: T0 });
  const auth = await bank.hold({ from: 101, to: 201, amount: '60.00', expires_at: T0 + 48 * HOUR,
    key: 'auth-1', memo: 'card authorisation', at: T0 + HOUR });
  assert.deepEqual(auth, { op: 'hold', ok: true, entry: 3, hold: 3, available: '940.00' });
  return auth.hold;
}

test('a card authorisation: held, captured in part, the rest no longer held', async () => {
  const bank = await createBank();
  try {
    const hold = await cardStory(bank);
    assert.deepEqual(bank.account(101, { at: T0 + HOUR }), {
      id: 101, name: 'Alice', address: '', currency: 'USD', balance: '1000.00', held: '60.00',
      available: '940.00', overdraft_limit: '0.00', status: 'open',
    });
    assert.deepEqual(bank.pendingHolds(201, { at: T0 + HOUR }), [{
      hold: 3, from: 101, to: 201, amount: '60.00', expires_at: T0 + 48 * HOUR,
      memo: 'card authorisation', at: T0 + HOUR,
    }]);
    // The same request again is a replay; a different one with the key a conflict.
    const again = bank.hold({ from: 101, to: 201, amount: 6000n, expires_at: T0 + 48 * HOUR,
      key: 'auth-1', memo: 'card authorisation', at: T0 + 2 * HOUR });
    assert.deepEqual(again, { op: 'hold', ok: true, entry: 3, hold: 3, available: '940.00', replayed: true });
    assert.throws(() => bank.hold({ from: 101, to: 201, amount: '1.00', key: 'auth-1', at: T0 }),
      code('IDEMPOTENCY_CONFLICT'));
    // Money held cannot be spent twice.
    assert.throws(() => bank.withdraw(101, '940.01', { at: T0 + HOUR }), code('INSUFFICIENT_FUNDS'));
    assert.throws(() => bank.close(201, { at: T0 + HOUR }), code('ACCOUNT_NOT_EMPTY'));
    assert.deepEqual(bank.capture(hold, { amount: '42.50', memo: 'with tip', at: T0 + 3 * HOUR }), {
      op: 'capture', ok: true, entry: 4, hold: 3, amount: '42.50', from_balance: '957.50', to_balance: '42.50',
    });
    assert.equal(bank.account(101, { at: T0 + 3 * HOUR }).held, '0.00');
    assert.deepEqual(bank.pendingHolds(101, { at: T0 + 3 * HOUR }), []);
    assert.throws(() => bank.capture(hold, { at: T0 + 3 * HOUR }), code('HOLD_CLOSED'));
    assert.throws(() => bank.release(hold, { at: T0 + 3 * HOUR }), code('HOLD_CLOSED'));
    assert.throws(() => bank.capture(2, { at: T0 + 3 * HOUR }), code('HOLD_NOT_FOUND'));
    // Balances in time, and a statement from one read.
    assert.equal(bank.balance(101, { as_of: 3 }), '1000.00');
    assert.equal(bank.balance(101, { as_of: 4 }), '957.50');
    assert.throws(() => bank.balance(101, { as_of: 5 }), code('INVALID_ARGUMENT'));
    assert.throws(() => bank.balance(201, { as_of: 1 }), code('ACCOUNT_NOT_FOUND'));
    const statement = bank.statement(101, { at: T0 + 3 * HOUR });
    assert.equal(statement.account.balance, '957.50');
    assert.deepEqual(statement.lines.map((l) => [l.entry.entry, l.entry.kind, l.balance]),
      [[4, 'capture', '957.50'], [3, 'hold', '1000.00'], [1, 'open', '1000.00']]);
    assert.equal(bank.time(), T0 + 3 * HOUR);
  } finally {
    bank.dispose();
  }
});

test('a hold expires with the bank\'s time; a query ahead of it does not move the time', async () => {
  const bank = await createBank();
  try {
    const hold = await cardStory(bank);
    const after = T0 + 48 * HOUR;
    assert.equal(bank.account(101, { at: after }).held, '0.00', 'as of its expiry it no longer counts');
    assert.equal(bank.account(101, { at: T0 + HOUR }).held, '60.00', 'the bank\'s time did not move');
    assert.throws(() => bank.withdraw(101, '1000.00', { at: T0 + 2 * HOUR }), code('INSUFFICIENT_FUNDS'));
    assert.equal(bank.withdraw(101, '1000.00', { at: after }).balance, '0.00', 'at its expiry the money is free');
    assert.throws(() => bank.capture(hold, { at: T0 }), code('HOLD_EXPIRED'), 'the bank\'s time never runs back');
    assert.throws(() => bank.hold({ from: 101, to: 201, amount: '1.00', expires_at: after, at: T0 }),
      code('HOLD_EXPIRED'));
  } finally {
    bank.dispose();
  }
});

test('setLimit raises and lowers the overdraft limit, never below what is used', async () => {
  const bank = await createBank();
  try {
    bank.openAccount({ id: 1, name: 'Ann', balance: '10.00' });
    assert.deepEqual(bank.setLimit(1, '50.00', { key: 'l1' }),
      { op: 'set_limit', ok: true, entry: 2, id: 1, overdraft_limit: '50.00' });
    assert.equal(bank.setLimit(1, 5000n, { key: 'l1' }).replayed, true);
    assert.equal(bank.withdraw(1, '40.00').balance, '-30.00');
    assert.throws(() => bank.setLimit(1, '29.99'), code('INSUFFICIENT_FUNDS'));
    assert.throws(() => bank.setLimit(1, '-1'), code('INVALID_AMOUNT'));
    assert.throws(() => bank.setLimit(1, 30), code('INVALID_AMOUNT'));
    assert.equal(bank.account(1).overdraft_limit, '50.00');
    assert.equal(bank.setLimit(1, '30.00').overdraft_limit, '30.00');
  } finally {
    bank.dispose();
  }
});

test('a stored bank keeps its holds across reopening, from a checkpoint too, and bank-cli reads them', async () => {
  const path = join(dir, 'holds.journal');
  let bank = await openBank(path, { checkpointEvery: 4 });
  let expected;
  try {
    await cardStory(bank);
    await bank.openAccount({ id: 301, name: 'Hotel', at: T0 });
    const room = await bank.hold({ from: 101, to: 301, amount: '200.00', at: T0 + HOUR });
    await bank.setLimit(101, '100.00', { at: T0 + HOUR });
    expected = { account: await bank.account(101, { at: T0 + HOUR }), holds: await bank.pendingHolds(101, { at: T0 + HOUR }) };
    assert.equal(expected.account.held, '260.00');
    assert.deepEqual(expected.holds.map((h) => h.hold), [3, room.hold]);
  } finally {
    await bank.dispose();
  }
  bank = await openBank(path, { checkpointEvery: 4 });
  try {
    assert.deepEqual(await bank.account(101, { at: T0 + HOUR }), expected.account);
    assert.deepEqual(await bank.pendingHolds(101, { at: T0 + HOUR }), expected.holds);
    const released = await bank.release(expected.holds[1].hold, { at: T0 + 2 * HOUR });
    assert.equal(released.available, '940.00');
    const nodeExport = await bank.exportJournal();
    await bank.dispose();
    const nativeExport = execFileSync(nativeCli, ['export', '--from-store', path], { encoding: 'utf8' });
    assert.equal(nativeExport, nodeExport);
    assert.match(nodeExport, new RegExp(`"kind":"release","hold":${released.hold}`));
  } finally {
    await bank.dispose();
  }
});

test('a bank in a worker thread forwards holds and limits', async () => {
  const worker = new Worker(new URL('./fixtures/bank-worker.mjs', import.meta.url));
  const bank = await connectBank(worker);
  try {
    await cardStory(bank);
    assert.equal((await bank.capture(3, { at: T0 + HOUR })).amount, '60.00');
    assert.equal((await bank.setLimit(101, '1.00')).overdraft_limit, '1.00');
    assert.equal(await bank.balance(201, { as_of: 4 }), '60.00');
    assert.deepEqual(await bank.pendingHolds(101), []);
    assert.deepEqual((await bank.statement(201)).lines.map((l) => l.balance), ['60.00', '0.00', '0.00']);
    assert.equal(await bank.time() >= T0 + HOUR, true);
    await assert.rejects(bank.release(3), code('HOLD_CLOSED'));
  } finally {
    await bank.dispose();
    await worker.terminate();
  }
});
