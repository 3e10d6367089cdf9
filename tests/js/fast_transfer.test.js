// transfer() takes a fast path (one raw wasm call, fixed-size values) for
// plain specs. It must be indistinguishable from the transfer op: the same
// results, errors and journal as execute() on a twin bank.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createBank, BankError } from '../support/package.mjs';

const SETUP = [
  { op: 'open', id: 1, name: 'Ann', balance: '1000.00', overdraft_limit: '50.00' },
  { op: 'open', id: 2, name: 'Ben', balance: '92233720368547750.00' },
  { op: 'open', id: 3, name: 'Yen', currency: 'JPY', balance: '5000' },
  { op: 'open', id: 4, name: 'Yen2', currency: 'JPY' },
  { op: 'open', id: 5, name: 'Gone' },
  { op: 'close', id: 5 },
  { op: 'open', id: 2147483647, name: 'Edge', balance: '1.00' },
];

const IDS = [1, 2, 3, 4, 5, 9, 0, -1, 2147483647, 1.5, -0];
const AMOUNTS = ['10.00', '0.01', '1', '1.5', '1.001', '0', '0.00', '-1', '', ' 1', '1e3',
  '99999999999999999999', '5000', '92233720368547758.07', 1n, 250n, 0n, -5n,
  (1n << 63n) - 1n, 1n << 64n, 'abc', '1,0'];
const ATS = [undefined, 0, 1700000000000, 8640000000000000, 8640000000000001, -1, 1.5, NaN];

function* specs() {
  let state = 7;
  const pick = (list) => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return list[(state >>> 16) % list.length];
  };
  for (let i = 0; i < 4000; i += 1) {
    // Mostly plausible transfers, the rest anything from the lists above.
    const plausible = pick([true, true, false]);
    const spec = plausible
      ? { from: pick([1, 2, 3, 4]), to: pick([1, 2, 3, 4]), amount: pick(['1.00', '0.50', '7', 3n, 120n]) }
      : { from: pick(IDS), to: pick(IDS), amount: pick(AMOUNTS) };
    const at = plausible ? pick([undefined, 0, 1700000000000]) : pick(ATS);
    spec.at = at === undefined ? 42 : at;  // the twin needs the same stamp
    yield spec;
  }
}

test('fast transfer() agrees with execute() on results, errors and the journal', async () => {
  const fast = await createBank();
  const twin = await createBank();
  try {
    for (const op of SETUP) {
      assert.equal(fast.execute(op).ok, true);
      assert.equal(twin.execute(op).ok, true);
    }
    let succeeded = 0;
    for (const spec of specs()) {
      const expected = twin.execute({ op: 'transfer', ...spec });
      let got;
      try {
        got = fast.transfer(spec);
      } catch (e) {
        assert.ok(e instanceof BankError, `${JSON.stringify(spec, (k, v) => (typeof v === 'bigint' ? `${v}n` : v))}: ${e}`);
        got = { op: 'transfer', ok: false, error: e.code };
        assert.ok(e.message.length > 0);
      }
      assert.deepEqual(got, expected, JSON.stringify(spec, (k, v) => (typeof v === 'bigint' ? `${v}n` : v)));
      if (got.ok) succeeded += 1;
    }
    assert.ok(succeeded > 400, `only ${succeeded} transfers succeeded`);
    assert.equal(fast.exportJournal(), twin.exportJournal());
  } finally {
    fast.dispose();
    twin.dispose();
  }
});

test('fast transfer() keeps working while wasm memory grows', async () => {
  const bank = await createBank();
  try {
    bank.openAccount({ id: 1, name: 'A', balance: '100000000.00' });
    bank.openAccount({ id: 2, name: 'B' });
    let last;
    for (let i = 0; i < 300000; i += 1) last = bank.transfer({ from: 1, to: 2, amount: 1n });
    assert.deepEqual(last, { op: 'transfer', ok: true, entry: 300002, from_balance: '99997000.00', to_balance: '3000.00' });
    assert.equal(bank.balance(2), '3000.00');
  } finally {
    bank.dispose();
  }
});

test('transfer() with a key or memo, or odd values, still takes the op path', async () => {
  const bank = await createBank();
  try {
    bank.openAccount({ id: 1, name: 'A', balance: '10.00' });
    bank.openAccount({ id: 2, name: 'B' });
    const first = bank.transfer({ from: 1, to: 2, amount: '1.00', key: 'k', memo: 'm' });
    assert.deepEqual(bank.transfer({ from: 1, to: 2, amount: '1', key: 'k', memo: 'm' }),
      { ...first, replayed: true });
    assert.throws(() => bank.transfer({ from: '1', to: 2, amount: '1.00' }), { code: 'INVALID_ARGUMENT' });
    assert.throws(() => bank.transfer({ from: 1, to: 2, amount: 1 }), { code: 'INVALID_AMOUNT' });
    assert.throws(() => bank.transfer({ from: 1, to: 2, amount: '1.00', extra: true }), { code: 'INVALID_ARGUMENT' });
    assert.throws(() => bank.transfer({ from: 1, to: 2, amount: '2.00ü' }), { code: 'INVALID_AMOUNT' });
    assert.equal(bank.transfer({ from: 1, to: 2, amount: '2.00' }).to_balance, '3.00');
  } finally {
    bank.dispose();
  }
});

test('transfer() on a disposed bank throws BankError', async () => {
  const bank = await createBank();
  bank.dispose();
  assert.throws(() => bank.transfer({ from: 1, to: 2, amount: 1n }), { code: 'INVALID_ARGUMENT' });
});
