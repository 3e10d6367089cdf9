// node --test tests/js/full_heap.test.js — a full wasm heap is RESOURCE_EXHAUSTED
// for the call that would fill it, never an abort (SPEC §4, §10; core/src/memory_guard.h).
//
// Runs on the test-only package whose heap ceiling is 128 MB (built beside the
// package under test: tests/support/dist.mjs), so that filling it takes seconds:
// accounts with the longest names and addresses are opened until the bank refuses,
// and then every kind of write is refused without changing the export, while reads,
// verify() and the accounts stay whole.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SMALL_HEAP_DIST_URL } from '../support/dist.mjs';

const { createBank, BankError } = await import(new URL('index.js', SMALL_HEAP_DIST_URL).href);

const CEILING = 128 * 1024 * 1024;
const NAME = 'N'.repeat(64);
const ADDRESS = 'A'.repeat(200);

const exhausted = (err) => {
  assert.ok(err instanceof BankError, `expected a BankError, got ${err && err.stack}`);
  assert.equal(err.code, 'RESOURCE_EXHAUSTED');
  assert.match(err.message, /^the bank's memory is full: \d+ accounts, \d+ entries/);
  return true;
};

// Opens accounts 1, 2, ... until the bank refuses one; returns how many it
// opened and the refusal.
function fill(bank) {
  for (let id = 1; ; id++) {
    try {
      bank.openAccount({ id, name: NAME, address: ADDRESS, balance: '1.00' });
    } catch (refusal) {
      return { opened: id - 1, refusal };
    }
  }
}

let firstFill = 0;

test('filling the heap: RESOURCE_EXHAUSTED, nothing applied, every account kept', async () => {
  let heap = 0;
  const bank = await createBank({ onCrossing: (call) => { heap = call.heapAfter; } });
  const { opened, refusal } = fill(bank);
  firstFill = opened;
  assert.ok(exhausted(refusal));
  // The heap grew towards its ceiling and the bank holds what fits in half of it
  // (the other half is kept for verify's replay and whole-bank reads).
  assert.ok(heap <= CEILING, `heap ${heap}`);
  assert.ok(opened > 50_000, `only ${opened} accounts fit`);
  assert.match(refusal.message, new RegExp(`^the bank's memory is full: ${opened} accounts, ${opened} entries`));

  // Then entries: transfers back and forth between accounts 1 and 2, in
  // chunks, until the core refuses some (the rest of that chunk).
  const CHUNK = 1 << 16;
  const from = new Int32Array(CHUNK).map((_, i) => 1 + (i % 2));
  const to = new Int32Array(CHUNK).map((_, i) => 2 - (i % 2));
  const cents = new BigInt64Array(CHUNK).fill(1n);
  let transfers = 0;
  for (let codes; !(codes = bank.transferMany({ from, to, amount: cents })).includes(17);) {
    assert.ok(codes.every((c) => c === 0));
    transfers += CHUNK;
    assert.ok(transfers < 10_000_000, 'the heap never filled');
  }
  const entries = bank.verify().entries;
  assert.ok(entries > opened + transfers, `${entries} entries`);

  const journal = bank.exportJournal();
  const accounts = JSON.stringify(bank.accounts());

  // Every kind of write that needs room is refused whole, before it changes
  // anything (ERROR_CODES[16] is RESOURCE_EXHAUSTED).
  const next = opened + 1;
  assert.throws(() => bank.openAccount({ id: next, name: 'x' }), exhausted);
  assert.throws(() => bank.batch([{ op: 'open', id: next, name: 'x' }, { op: 'deposit', id: 1, amount: '1.00' }]), exhausted);
  assert.deepEqual(bank.execute({ op: 'open', id: next, name: 'x' }),
    { op: 'open', ok: false, error: 'RESOURCE_EXHAUSTED' });
  assert.deepEqual([...bank.transferMany({ from, to, amount: cents })], new Array(CHUNK).fill(17));
  assert.equal(bank.exportJournal(), journal);
  assert.equal(JSON.stringify(bank.accounts()), accounts);

  // Arguments far bigger than the heap's reserve (16 MiB) are not copied
  // into the full heap: refused with their field's code, no abort.
  const huge = 'y'.repeat(40 << 20);
  assert.throws(() => bank.greet(huge), (e) => e.code === 'INVALID_NAME');
  assert.throws(() => bank.deposit(1, '1.00', { memo: huge }), (e) => e.code === 'INVALID_ARGUMENT');
  assert.throws(() => bank.deposit(1, huge), (e) => e.code === 'INVALID_AMOUNT');
  assert.equal(bank.execute(huge).ok, false);
  assert.equal(bank.exportJournal(), journal);
  // A journal crosses whole: the core is asked for room before the copy.
  await assert.rejects(createBank({ journal }), exhausted);
  assert.equal(bank.exportJournal(), journal);

  // A deposit into an account that exists: refused or applied, never an abort.
  let deposited = false;
  try {
    bank.deposit(1, '2.50');
    deposited = true;
  } catch (err) {
    assert.ok(exhausted(err));
  }
  const before = { 1: '1.00', 2: '1.00' }; // the transfers went back and forth
  assert.equal(bank.balance(1), deposited ? '3.50' : before[1]);
  assert.equal(bank.balance(opened), '1.00');
  const verified = bank.verify();
  assert.equal(verified.ok, true);
  assert.equal(verified.accounts, opened);
  assert.equal(verified.entries, entries + (deposited ? 1 : 0));
  const all = bank.accounts();
  assert.equal(all.length, opened);
  assert.deepEqual(all[opened - 1], {
    id: opened, name: NAME, address: ADDRESS, currency: 'USD', balance: '1.00', held: '0.00',
    available: '1.00', overdraft_limit: '0.00', status: 'open',
  });
  assert.equal(all.filter((a) => a.name === NAME && a.address === ADDRESS).length, opened);
  assert.deepEqual(bank.history(opened, { limit: 1 }).map((e) => e.kind), ['open']);
  bank.dispose();
});

test('a disposed full bank gives its memory back to the next bank', async () => {
  // Banks of one module share its heap: what a disposed bank freed is reused,
  // so a second bank fills about as far as the first.
  assert.ok(firstFill > 0);
  const bank = await createBank();
  const { opened, refusal } = fill(bank);
  assert.ok(exhausted(refusal));
  assert.ok(opened >= firstFill * 0.9, `${opened} accounts after ${firstFill}`);
  assert.equal(bank.verify().accounts, opened);
  bank.dispose();
});
