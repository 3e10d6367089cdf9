// node --test tests/js/hostile_args.test.js — every method of the bank, every
// argument position (fields inside specs and options too), every hostile
// value: a call either succeeds (the value happened to be valid there) or
// throws a BankError with a documented code and changes nothing — export and
// accounts() byte-identical, and for a stored bank its file too — and the
// instance keeps working. execute() never throws. A disposed bank refuses
// every call. The same matrix runs on createBank's bank, on openBank's (a
// file store) and on a bank in a worker thread (connectBank).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { createBank, openBank, connectBank, BankError, ERROR_CODES } from '../support/package.mjs';

const throwingGetter = Object.defineProperty({}, 'id', {
  enumerable: true, get() { throw new Error('getter'); },
});
const hostileObject = {
  toString() { throw new Error('toString'); },
  valueOf() { throw new Error('valueOf'); },
  [Symbol.toPrimitive]() { throw new Error('toPrimitive'); },
};
const proxy = new Proxy({}, {
  get() { throw new Error('get trap'); },
  ownKeys() { throw new Error('ownKeys trap'); },
  has() { throw new Error('has trap'); },
});

const HOSTILE = [
  undefined, null, NaN, Infinity, -Infinity, -0, 2 ** 53 + 1, 1.5, -1, 7, 'text', {}, [],
  () => 1, Symbol('s'), new Date(0), 'x'.repeat(10 * 1024 * 1024), '\ud800', 'a\u0000b',
  2n ** 64n, -(2n ** 63n) - 1n, -1n, new Float64Array(2), new Uint8Array(3), throwingGetter,
  hostileObject, proxy,
];

// Invalid in every position (runScenario takes any text): never accepted.
const NEVER_VALID = new Set([
  NaN, Infinity, -Infinity, 1.5, HOSTILE[14], HOSTILE[13], HOSTILE[16], '\ud800', 'a\u0000b',
  proxy,
]);

const describe = (v) => {
  if (typeof v === 'string') return v.length > 20 ? `string(${v.length})` : JSON.stringify(v);
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'symbol') return 'symbol';
  if (typeof v === 'function') return 'function';
  if (v === proxy) return 'proxy';
  if (v === throwingGetter) return 'throwing getter';
  if (v === hostileObject) return 'hostile toString/valueOf';
  try {
    return Object.prototype.toString.call(v) + (typeof v === 'number' ? ` ${v}` : '');
  } catch {
    return 'value';
  }
};

// Every method with each argument position as a hole `v`; the rest valid.
const at = (base, field) => (v) => ({ ...base, [field]: v });
const open = { id: 900, name: 'Nine', balance: '1.00' };
const move = { from: 101, to: 102, amount: '1.00' };
const CALLS = {
  'greet(v)': (b, v) => b.greet(v),
  'plus(v, 1)': (b, v) => b.plus(v, 1),
  'plus(1, v)': (b, v) => b.plus(1, v),
  'minus(v, 1)': (b, v) => b.minus(v, 1),
  'minus(1, v)': (b, v) => b.minus(1, v),
  'openAccount(v)': (b, v) => b.openAccount(v),
  ...Object.fromEntries(['id', 'name', 'address', 'currency', 'balance', 'overdraft_limit', 'key', 'memo', 'at']
    .map((f) => [`openAccount({${f}: v})`, (b, v) => b.openAccount(at(open, f)(v))])),
  'deposit(v, "1.00")': (b, v) => b.deposit(v, '1.00'),
  'deposit(101, v)': (b, v) => b.deposit(101, v),
  'deposit(101, "1.00", v)': (b, v) => b.deposit(101, '1.00', v),
  ...Object.fromEntries(['key', 'memo', 'at'].map((f) =>
    [`deposit(101, "1.00", {${f}: v})`, (b, v) => b.deposit(101, '1.00', { [f]: v })])),
  'withdraw(v, "1.00")': (b, v) => b.withdraw(v, '1.00'),
  'withdraw(101, v)': (b, v) => b.withdraw(101, v),
  'withdraw(101, "1.00", v)': (b, v) => b.withdraw(101, '1.00', v),
  'transfer(v)': (b, v) => b.transfer(v),
  ...Object.fromEntries(['from', 'to', 'amount', 'key', 'memo', 'at'].map((f) =>
    [`transfer({${f}: v})`, (b, v) => b.transfer(at(move, f)(v))])),
  'balance(v)': (b, v) => b.balance(v),
  'account(v)': (b, v) => b.account(v),
  'history(v)': (b, v) => b.history(v),
  'history(101, v)': (b, v) => b.history(101, v),
  'history(101, {limit: v})': (b, v) => b.history(101, { limit: v }),
  'history(101, {before: v})': (b, v) => b.history(101, { before: v }),
  'close(v)': (b, v) => b.close(v),
  'close(103, v)': (b, v) => b.close(103, v),
  'close(103, {key: v})': (b, v) => b.close(103, { key: v }),
  'batch(v)': (b, v) => b.batch(v),
  'batch([v])': (b, v) => b.batch([v]),
  'batch([deposit], v)': (b, v) => b.batch([{ op: 'deposit', id: 101, amount: '1.00' }], v),
  'batch([{id: v}])': (b, v) => b.batch([{ op: 'deposit', id: v, amount: '1.00' }]),
  'transferMany(v)': (b, v) => b.transferMany(v),
  'transferMany({from: v})': (b, v) => b.transferMany({ from: v, to: Int32Array.of(102), amount: BigInt64Array.of(1n) }),
  'transferMany({amount: v})': (b, v) => b.transferMany({ from: Int32Array.of(101), to: Int32Array.of(102), amount: v }),
  'runScenario(v)': (b, v) => b.runScenario(v),
  'hold(v)': (b, v) => b.hold(v),
  ...Object.fromEntries(['from', 'to', 'amount', 'expires_at', 'key', 'memo', 'at'].map((f) =>
    [`hold({${f}: v})`, (b, v) => b.hold(at(move, f)(v))])),
  'capture(v)': (b, v) => b.capture(v),
  'capture(4, v)': (b, v) => b.capture(4, v),
  ...Object.fromEntries(['amount', 'key', 'memo', 'at'].map((f) =>
    [`capture(4, {${f}: v})`, (b, v) => b.capture(4, { [f]: v })])),
  'release(v)': (b, v) => b.release(v),
  'release(4, v)': (b, v) => b.release(4, v),
  'setLimit(v, "1.00")': (b, v) => b.setLimit(v, '1.00'),
  'setLimit(101, v)': (b, v) => b.setLimit(101, v),
  'setLimit(101, "1.00", v)': (b, v) => b.setLimit(101, '1.00', v),
  'balance(101, v)': (b, v) => b.balance(101, v),
  'balance(101, {as_of: v})': (b, v) => b.balance(101, { as_of: v }),
  'account(101, v)': (b, v) => b.account(101, v),
  'account(101, {at: v})': (b, v) => b.account(101, { at: v }),
  'accounts(v)': (b, v) => b.accounts(v),
  'pendingHolds(v)': (b, v) => b.pendingHolds(v),
  'pendingHolds(101, {at: v})': (b, v) => b.pendingHolds(101, { at: v }),
  'statement(v)': (b, v) => b.statement(v),
  ...Object.fromEntries(['limit', 'before', 'at'].map((f) =>
    [`statement(101, {${f}: v})`, (b, v) => b.statement(101, { [f]: v })])),
};

async function openTutorialAccounts(bank) {
  await bank.openAccount({ id: 101, name: 'Alice', balance: '1000.00' });
  await bank.openAccount({ id: 102, name: 'Bob', balance: '1500.00' });
  await bank.openAccount({ id: 103, name: 'Charlie', balance: '500.00' });
  await bank.hold({ from: 101, to: 102, amount: '100.00' });  // hold 4
  return bank;
}

async function tutorialBank() {
  return openTutorialAccounts(await createBank());
}

// The kinds of bank the matrix runs on: each with what else must not change
// when a call is refused (a stored bank's file) and how to let it go.
const KINDS = {
  'createBank': async () => ({ bank: await tutorialBank(), outside: () => '', close: async (b) => b.dispose() }),
  'openBank (a file store)': async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'wasm-bank-hostile-')), 'bank.journal');
    return {
      bank: await openTutorialAccounts(await openBank(path)),
      outside: () => readFileSync(path, 'utf8'),
      close: async (b) => b.dispose(),
    };
  },
  'connectBank (a worker thread)': async () => {
    const worker = new Worker(new URL('./fixtures/bank-worker.mjs', import.meta.url));
    return {
      bank: await openTutorialAccounts(await connectBank(worker)),
      outside: () => '',
      close: async (b) => { await b.dispose(); await worker.terminate(); },
    };
  },
};

for (const [kind, make] of Object.entries(KINDS)) {
  test(`${kind}: every hostile value in every position is a success or a BankError that changes nothing`, async () => {
    const { bank, outside, close } = await make();
    try {
      await everyHostileCall(bank, outside);
    } finally {
      await close(bank);  // also when an assertion failed: a worker would keep the process alive
    }
  });
}

async function everyHostileCall(bank, outside) {
  {
    let refused = 0;
    for (const [name, call] of Object.entries(CALLS)) {
      for (const value of HOSTILE) {
        const journal = await bank.exportJournal();
        const accounts = JSON.stringify(await bank.accounts());
        const file = outside();
        const where = `${name} with ${describe(value)}`;
        let result;
        let error;
        try {
          result = await call(bank, value);
        } catch (e) {
          error = e;
        }
        if (error === undefined && result?.ok !== false) {  // accepted
          // (A function or symbol member is absent, as in JSON: fine where the
          // field is optional.)
          const absentField = name.includes('{') && (typeof value === 'function' || typeof value === 'symbol');
          assert.ok(!NEVER_VALID.has(value) || absentField ||
            (name === 'runScenario(v)' && typeof value === 'string'), `${where} was accepted`);
          continue;
        }
        if (error !== undefined) {
          assert.ok(error instanceof BankError, `${where} threw ${error && error.stack}`);
          assert.ok(ERROR_CODES.includes(error.code), `${where}: code ${error.code}`);
          assert.equal(typeof error.message, 'string');
        }
        // Refused (thrown, or a batch whose op failed): nothing changed.
        assert.equal(await bank.exportJournal(), journal, `${where} changed the journal`);
        assert.equal(JSON.stringify(await bank.accounts()), accounts, `${where} changed the accounts`);
        assert.equal(outside(), file, `${where} changed the store`);
        refused += 1;
      }
    }
    // Most combinations are refusals; the instance still works afterwards.
    assert.ok(refused > Object.keys(CALLS).length * HOSTILE.length * 0.8, `${refused} refused`);
    assert.equal((await bank.verify()).ok, true);
    assert.equal((await bank.deposit(101, '1.00')).ok, true);
  }
}

test('execute never throws: any value gives a transcript object with a documented code', async () => {
  const bank = await tutorialBank();
  const journal = bank.exportJournal();
  for (const value of [...HOSTILE, { op: 'deposit', id: 101, amount: proxy }, { op: proxy }]) {
    const t = bank.execute(value);
    if (t === null) continue;  // a blank line
    assert.equal(typeof t.op, 'string', describe(value));
    assert.equal(t.ok, false, describe(value));
    assert.ok(ERROR_CODES.includes(t.error), `${describe(value)}: ${t.error}`);
  }
  assert.equal(bank.exportJournal(), journal);
  bank.dispose();
});

test('a disposed bank refuses every call with INVALID_ARGUMENT and keeps refusing', async () => {
  const bank = await tutorialBank();
  bank.dispose();
  for (const [name, call] of Object.entries(CALLS)) {
    assert.throws(() => call(bank, 101), (e) => e instanceof BankError && e.code === 'INVALID_ARGUMENT', name);
  }
  for (const call of [() => bank.exportJournal(), () => bank.verify(), () => bank.accounts()]) {
    assert.throws(call, (e) => e instanceof BankError && e.code === 'INVALID_ARGUMENT');
  }
  assert.deepEqual(bank.execute({ op: 'verify' }), { op: 'verify', ok: false, error: 'INVALID_ARGUMENT' });
  bank.dispose();  // twice is fine
});
