// node --test tests/js/api.test.js — the public JS API (docs/js-api.md) on the built
// package in dist/ (run scripts/build.sh first).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createBank, BankError, ERROR_CODES } from '../support/package.mjs';
import { distUrl } from '../support/dist.mjs';

const code = (c) => (err) => {
  assert.ok(err instanceof BankError, `expected BankError, got ${err && err.stack}`);
  assert.equal(err.name, 'BankError');
  assert.equal(err.code, c);
  assert.ok(err instanceof Error);
  assert.equal(typeof err.message, 'string');
  assert.ok(err.message.length > 0);
  return true;
};

async function tutorialBank(options) {
  const bank = await createBank(options);
  bank.openAccount({ id: 101, name: 'Alice', balance: '1000.00' });
  bank.openAccount({ id: 102, name: 'Bob', balance: '1500.00' });
  bank.openAccount({ id: 103, name: 'Charlie', balance: '500.00' });
  return bank;
}

describe('exports', () => {
  test('ERROR_CODES: the 21 documented codes, in order, frozen', () => {
    assert.deepEqual(ERROR_CODES, [
      'INVALID_ARGUMENT', 'INVALID_NAME', 'INVALID_CURRENCY', 'INVALID_AMOUNT', 'UNKNOWN_OP',
      'ACCOUNT_EXISTS', 'ACCOUNT_NOT_FOUND', 'ACCOUNT_CLOSED', 'ACCOUNT_NOT_EMPTY',
      'SAME_ACCOUNT', 'CURRENCY_MISMATCH', 'INSUFFICIENT_FUNDS', 'OVERFLOW',
      'IDEMPOTENCY_CONFLICT', 'LINKED_FAILED', 'CORRUPT_JOURNAL', 'RESOURCE_EXHAUSTED',
      'HOLD_NOT_FOUND', 'HOLD_CLOSED', 'HOLD_EXPIRED', 'STORE_UNAVAILABLE',
    ]);
    assert.ok(Object.isFrozen(ERROR_CODES));
    assert.throws(() => { 'use strict'; ERROR_CODES[0] = 'X'; }, TypeError);
  });

  test('LIMITS and DEFAULTS are the core\'s, exported frozen', async () => {
    const { LIMITS, DEFAULTS } = await import(distUrl('index.js').href);
    const bank = await createBank();
    try {
      bank.openAccount({ id: 1, name: 'Ann' });
      for (let i = 0; i < DEFAULTS.HISTORY_LIMIT + 1; i += 1) bank.deposit(1, 1n);
      assert.equal(bank.history(1).length, DEFAULTS.HISTORY_LIMIT);
      assert.equal(bank.history(1, { limit: LIMITS.MAX_HISTORY_LIMIT }).length, DEFAULTS.HISTORY_LIMIT + 2);
      assert.throws(() => bank.history(1, { limit: LIMITS.MAX_HISTORY_LIMIT + 1 }), code('INVALID_ARGUMENT'));
    } finally {
      bank.dispose();
    }
    assert.ok(Object.isFrozen(LIMITS) && Object.isFrozen(DEFAULTS));
  });

  test('BankError is an Error with code and name', () => {
    const e = new BankError('OVERFLOW', 'too big');
    assert.ok(e instanceof Error);
    assert.equal(e.name, 'BankError');
    assert.equal(e.code, 'OVERFLOW');
    assert.equal(e.message, 'too big');
    assert.match(String(e), /^BankError: too big/);
  });

  test('the bank has exactly the documented methods (docs/js-api.md)', async () => {
    const bank = await createBank();
    const methods = ['greet', 'plus', 'minus', 'openAccount', 'deposit', 'withdraw', 'transfer',
      'balance', 'account', 'accounts', 'history', 'close', 'batch', 'execute', 'runScenario',
      'exportJournal', 'verify', 'transferMany', 'dispose', 'hold', 'capture', 'release', 'setLimit',
      'pendingHolds', 'statement', 'time'];
    for (const m of methods) assert.equal(typeof bank[m], 'function', m);
    const proto = Object.getPrototypeOf(bank);
    const own = Object.getOwnPropertyNames(proto).filter((n) => n !== 'constructor').sort();
    assert.deepEqual(own, [...methods].sort());
    assert.deepEqual(Object.keys(bank), []);
    if (typeof Symbol.dispose === 'symbol') assert.equal(typeof bank[Symbol.dispose], 'function');
    bank.dispose();
  });
});

describe('ergonomic methods', () => {
  test('greet, plus, minus', async () => {
    const bank = await createBank();
    assert.equal(bank.greet('Alice'), 'Hello, Alice');
    assert.equal(bank.greet('Zoë 🙂'), 'Hello, Zoë 🙂');
    assert.equal(bank.plus(5, 3), 8);
    assert.equal(bank.minus(10, 5), 5);
    assert.equal(bank.plus(-2147483648, 0), -2147483648);
    assert.equal(bank.plus(2n, 3n), 5);
    assert.throws(() => bank.plus(2147483647, 1), code('OVERFLOW'));
    assert.throws(() => bank.plus(1.5, 1), code('INVALID_ARGUMENT'));
    assert.throws(() => bank.plus('1', 2), code('INVALID_ARGUMENT'));
    assert.throws(() => bank.greet(''), code('INVALID_NAME'));
    assert.throws(() => bank.greet('   '), code('INVALID_NAME'));
    assert.throws(() => bank.greet('a\u0001'), code('INVALID_NAME'));
    assert.throws(() => bank.greet(42), code('INVALID_ARGUMENT'));
    assert.throws(() => bank.greet(), code('INVALID_ARGUMENT'));
    bank.dispose();
  });

  test('openAccount, balance, account, accounts with string and bigint amounts', async () => {
    const bank = await createBank();
    assert.deepEqual(bank.openAccount({ id: 101, name: 'Alice', balance: '1000.00' }),
      { op: 'open', ok: true, entry: 1, id: 101, balance: '1000.00' });
    assert.deepEqual(bank.openAccount({ id: 102, name: 'Bob', balance: 150000n }),
      { op: 'open', ok: true, entry: 2, id: 102, balance: '1500.00' });
    bank.openAccount({ id: 104, name: 'Yen', currency: 'JPY', balance: 1500n, address: '1 Main St' });
    bank.openAccount({ id: 105, name: 'Dinar', currency: 'KWD', balance: '1.5', overdraft_limit: 250n });
    assert.equal(bank.balance(101), '1000.00');
    assert.equal(bank.balance(102), '1500.00');
    assert.equal(bank.balance(104), '1500');
    assert.equal(bank.balance(105), '1.500');
    assert.deepEqual(bank.account(105), {
      id: 105, name: 'Dinar', address: '', currency: 'KWD', balance: '1.500', held: '0.000',
      available: '1.500', overdraft_limit: '0.250', status: 'open',
    });
    assert.deepEqual(bank.account(104).address, '1 Main St');
    const all = bank.accounts();
    assert.deepEqual(all.map((a) => a.id), [101, 102, 104, 105]);
    assert.deepEqual(all[0], bank.account(101));

    assert.throws(() => bank.openAccount({ id: 101, name: 'Again' }), code('ACCOUNT_EXISTS'));
    assert.throws(() => bank.openAccount({ id: 106, name: '' }), code('INVALID_NAME'));
    assert.throws(() => bank.openAccount({ id: 106, name: 'X', currency: 'XYZ' }), code('INVALID_CURRENCY'));
    assert.throws(() => bank.openAccount({ id: 106, name: 'X', balance: '1.001' }), code('INVALID_AMOUNT'));
    assert.throws(() => bank.openAccount({ id: 106, name: 'X', ballance: '1' }), code('INVALID_ARGUMENT'));
    assert.throws(() => bank.openAccount({ id: 0, name: 'X' }), code('INVALID_ARGUMENT'));
    assert.throws(() => bank.openAccount(), code('INVALID_ARGUMENT'));
    assert.throws(() => bank.openAccount(null), code('INVALID_ARGUMENT'));
    assert.throws(() => bank.balance(999), code('ACCOUNT_NOT_FOUND'));
    assert.throws(() => bank.account(999), code('ACCOUNT_NOT_FOUND'));
    assert.throws(() => bank.balance('101'), code('INVALID_ARGUMENT'));
    assert.equal(bank.balance(101n), '1000.00');
    bank.dispose();
  });

  test('a JS number amount is INVALID_AMOUNT with a message naming decimal string or bigint', async () => {
    const bank = await tutorialBank();
    for (const call of [
      () => bank.deposit(101, 5),
      () => bank.withdraw(101, 5.25),
      () => bank.transfer({ from: 101, to: 102, amount: 10 }),
      () => bank.openAccount({ id: 7, name: 'N', balance: 100 }),
    ]) {
      assert.throws(call, (e) => {
        code('INVALID_AMOUNT')(e);
        assert.match(e.message, /decimal string/);
        assert.match(e.message, /bigint/);
        return true;
      });
    }
    assert.equal(bank.balance(101), '1000.00');
    bank.dispose();
  });

  test('deposit and withdraw: strings, bigints, key, memo, replay, errors', async () => {
    const bank = await tutorialBank();
    assert.deepEqual(bank.deposit(101, '250.00'),
      { op: 'deposit', ok: true, entry: 4, id: 101, balance: '1250.00' });
    assert.deepEqual(bank.withdraw(102, 750_00n, { key: 'w-1', memo: 'rent' }),
      { op: 'withdraw', ok: true, entry: 5, id: 102, balance: '750.00' });
    assert.deepEqual(bank.withdraw(102, '750.00', { key: 'w-1', memo: 'rent' }),
      { op: 'withdraw', ok: true, entry: 5, id: 102, balance: '750.00', replayed: true });
    assert.throws(() => bank.withdraw(102, '1.00', { key: 'w-1' }), code('IDEMPOTENCY_CONFLICT'));
    assert.throws(() => bank.withdraw(103, '500.01'), code('INSUFFICIENT_FUNDS'));
    assert.throws(() => bank.deposit(999, '1.00'), code('ACCOUNT_NOT_FOUND'));
    assert.throws(() => bank.deposit(101, '0'), code('INVALID_AMOUNT'));
    assert.throws(() => bank.deposit(101, -5n), code('INVALID_AMOUNT'));
    assert.throws(() => bank.deposit(101, '-5'), code('INVALID_AMOUNT'));
    assert.throws(() => bank.deposit(101, '1e3'), code('INVALID_AMOUNT'));
    assert.throws(() => bank.deposit(101, 9223372036854775807n), code('OVERFLOW'));
    assert.throws(() => bank.deposit(101, 9223372036854775808n), code('INVALID_AMOUNT'));
    assert.throws(() => bank.deposit(101, '1.00', { memo: 'x'.repeat(141) }), code('INVALID_ARGUMENT'));
    assert.throws(() => bank.deposit(101, '1.00', { key: 'has space' }), code('INVALID_ARGUMENT'));
    assert.throws(() => bank.deposit(101, '1.00', { bogus: 1 }), code('INVALID_ARGUMENT'));
    assert.throws(() => bank.deposit(101, '1.00', { at: -1 }), code('INVALID_ARGUMENT'));
    assert.equal(bank.balance(101), '1250.00');
    bank.dispose();
  });

  test('transfer and close', async () => {
    const bank = await tutorialBank();
    bank.openAccount({ id: 200, name: 'Euro', currency: 'EUR' });
    assert.deepEqual(bank.transfer({ from: 101, to: 102, amount: '10.00', key: 't-1' }),
      { op: 'transfer', ok: true, entry: 5, from_balance: '990.00', to_balance: '1510.00' });
    assert.equal(bank.transfer({ from: 101, to: 102, amount: 1000n, key: 't-1' }).replayed, true);
    assert.throws(() => bank.transfer({ from: 101, to: 101, amount: '1.00' }), code('SAME_ACCOUNT'));
    assert.throws(() => bank.transfer({ from: 101, to: 999, amount: '1.00' }), code('ACCOUNT_NOT_FOUND'));
    assert.throws(() => bank.transfer({ from: 101, to: 200, amount: '1.00' }), code('CURRENCY_MISMATCH'));
    assert.throws(() => bank.transfer({ from: 103, to: 101, amount: '500.01' }), code('INSUFFICIENT_FUNDS'));
    assert.throws(() => bank.transfer(101, 102, '1.00'), code('INVALID_ARGUMENT'));

    assert.throws(() => bank.close(103), code('ACCOUNT_NOT_EMPTY'));
    bank.withdraw(103, '500.00');
    assert.deepEqual(bank.close(103), { op: 'close', ok: true, entry: 7, id: 103 });
    assert.throws(() => bank.close(103), code('ACCOUNT_CLOSED'));
    assert.throws(() => bank.deposit(103, '1.00'), code('ACCOUNT_CLOSED'));
    assert.equal(bank.account(103).status, 'closed');
    assert.throws(() => bank.close(999), code('ACCOUNT_NOT_FOUND'));
    bank.dispose();
  });

  test('history with limit and before; ergonomic ops are stamped with Date.now()', async () => {
    const before = Date.now();
    const bank = await tutorialBank();
    bank.deposit(101, '1.00', { memo: 'one' });
    bank.transfer({ from: 102, to: 101, amount: '0.50', key: 'h' });
    bank.withdraw(101, '0.25', { at: 1234 });
    const after = Date.now();
    const all = bank.history(101);
    assert.deepEqual(all.map((e) => e.entry), [6, 5, 4, 1]);
    assert.deepEqual(all[0], { entry: 6, kind: 'withdraw', id: 101, amount: '0.25', at: 1234 });
    assert.deepEqual(Object.keys(all[1]), ['entry', 'kind', 'from', 'to', 'amount', 'key', 'at']);
    assert.equal(all[2].memo, 'one');
    for (const e of all.slice(1)) assert.ok(e.at >= before && e.at <= after, `at ${e.at}`);
    assert.deepEqual(bank.history(101, { limit: 2 }).map((e) => e.entry), [6, 5]);
    assert.deepEqual(bank.history(101, { limit: 2, before: 5 }).map((e) => e.entry), [4, 1]);
    assert.deepEqual(bank.history(101, { before: 1 }), []);
    assert.throws(() => bank.history(101, { limit: 0 }), code('INVALID_ARGUMENT'));
    assert.throws(() => bank.history(101, { limit: 1001 }), code('INVALID_ARGUMENT'));
    assert.throws(() => bank.history(101, { at: 5 }), code('INVALID_ARGUMENT'));
    assert.throws(() => bank.history(999), code('ACCOUNT_NOT_FOUND'));
    bank.dispose();
  });

  test('batch: atomic and not, throws only for a batch rejected as a whole', async () => {
    const bank = await tutorialBank();
    const failed = bank.batch([
      { op: 'deposit', id: 101, amount: '1.00' },
      { op: 'withdraw', id: 103, amount: '999.00' },
      { op: 'deposit', id: 102, amount: '1.00' },
    ]);
    assert.deepEqual(failed, {
      op: 'batch', ok: false, results: [
        { op: 'deposit', ok: false, error: 'LINKED_FAILED' },
        { op: 'withdraw', ok: false, error: 'INSUFFICIENT_FUNDS' },
        { op: 'deposit', ok: false, error: 'LINKED_FAILED' },
      ],
    });
    assert.equal(bank.balance(101), '1000.00');
    const loose = bank.batch([
      { op: 'deposit', id: 101, amount: 100n },
      { op: 'withdraw', id: 103, amount: '999.00' },
    ], { atomic: false });
    assert.equal(loose.ok, false);
    assert.deepEqual(loose.results[0], { op: 'deposit', ok: true, entry: 4, id: 101, balance: '1001.00' });
    assert.equal(loose.results[1].error, 'INSUFFICIENT_FUNDS');
    const ok = bank.batch([{ op: 'open', id: 300, name: 'Dana' }, { op: 'deposit', id: 300, amount: '5.00' }]);
    assert.equal(ok.ok, true);
    assert.equal(bank.balance(300), '5.00');
    // inner ops are stamped like every ergonomic mutation
    const stamped = bank.history(300)[0].at;
    assert.ok(Math.abs(stamped - Date.now()) < 60_000);

    assert.throws(() => bank.batch([]), code('INVALID_ARGUMENT'));
    assert.throws(() => bank.batch([{ op: 'balance', id: 101 }]), code('INVALID_ARGUMENT'));
    assert.throws(() => bank.batch([{ op: 'batch', ops: [] }]), code('INVALID_ARGUMENT'));
    assert.throws(() => bank.batch([1]), code('INVALID_ARGUMENT'));
    assert.throws(() => bank.batch(null), code('INVALID_ARGUMENT'));
    assert.throws(() => bank.batch([{ op: 'deposit', id: 101, amount: '1.00' }], { atomic: 'yes' }),
      code('INVALID_ARGUMENT'));
    bank.dispose();
  });

  test('verify and exportJournal', async () => {
    const bank = await tutorialBank();
    const v = bank.verify();
    assert.equal(v.op, 'verify');
    assert.equal(v.ok, true);
    assert.equal(v.accounts, 3);
    assert.equal(v.entries, 3);
    assert.match(v.head, /^[0-9a-f]{64}$/);
    const journal = bank.exportJournal();
    const lines = journal.split('\n');
    assert.equal(lines[0], '{"format":"wasm-bank-journal","version":1}');
    assert.equal(lines.length, 6);
    assert.equal(lines[4], `{"head":"${v.head}"}`);
    assert.equal(lines[5], '');
    bank.dispose();
  });
});

describe('execute', () => {
  test('op objects, scenario strings and raw bytes', async () => {
    const bank = await createBank();
    assert.deepEqual(bank.execute({ op: 'open', id: 1, name: 'A', balance: '1.00' }),
      { op: 'open', ok: true, entry: 1, id: 1, balance: '1.00' });
    // execute defaults `at` to 0 like a scenario line
    assert.equal(bank.history(1)[0].at, 0);
    assert.deepEqual(bank.execute('{"op":"balance","id":1}'),
      { op: 'balance', ok: true, id: 1, balance: '1.00', currency: 'USD' });
    assert.deepEqual(bank.execute(new TextEncoder().encode('{"op":"greet","name":"Zoë"}')),
      { op: 'greet', ok: true, greeting: 'Hello, Zoë' });
    // scenario semantics for strings: a bare number is refused in amount fields
    assert.equal(bank.execute('{"op":"deposit","id":1,"amount":100}').error, 'INVALID_AMOUNT');
    // op objects: bigint amounts are minor units, numbers are refused
    assert.equal(bank.execute({ op: 'deposit', id: 1, amount: 100n }).ok, true);
    assert.equal(bank.execute({ op: 'deposit', id: 1, amount: 100 }).error, 'INVALID_AMOUNT');
    assert.equal(bank.execute({ op: 'balance', id: 1.0 }).ok, true);
    assert.equal(bank.execute({ op: 'balance', id: 1.5 }).error, 'INVALID_ARGUMENT');
    assert.equal(bank.execute({ op: 'balance', id: 1n }).ok, true);
    assert.equal(bank.execute({ op: 'balance', id: NaN }).error, 'INVALID_ARGUMENT');
    assert.equal(bank.execute({ op: 'balance', id: Infinity }).error, 'INVALID_ARGUMENT');
    assert.equal(bank.execute({ op: 'balance', id: 1, extra: undefined }).ok, true);
    assert.equal(bank.execute({ op: 'balance', id: 1, extra: () => 1 }).ok, true);
    assert.equal(bank.execute({ op: 'balance', id: 1, extra: null }).error, 'INVALID_ARGUMENT');
    assert.deepEqual(bank.execute({ op: 'steal' }), { op: 'steal', ok: false, error: 'UNKNOWN_OP' });
    assert.equal(bank.execute(''), null);
    assert.equal(bank.execute(' \t\r'), null);
    assert.equal(bank.execute(new Uint8Array(0)), null);
    assert.deepEqual(bank.execute('not json'), { op: '', ok: false, error: 'INVALID_ARGUMENT' });
    // invalid UTF-8 reaches the core intact and is refused as not an op
    assert.deepEqual(bank.execute(Uint8Array.from([...Buffer.from('{"op":"greet","name":"a'), 0xff, ...Buffer.from('"}')])),
      { op: '', ok: false, error: 'INVALID_ARGUMENT' });
    // a BOM is only ignored at the start of a file, not of a line
    assert.deepEqual(bank.execute('\ufeff{"op":"verify"}').op, '');
    bank.dispose();
  });

  test('an op object and its scenario line give the same transcript', async () => {
    const a = await createBank();
    const b = await createBank();
    const ops = [
      { op: 'open', id: 5, name: 'Lone \ud800 surrogate' },
      { op: 'open', id: 5, name: 'Ok', memo: '\ud83d\ude42', at: 7 },
      { op: 'greet', name: '\ud83d' },
      { op: '\ud800' },
      { op: 'deposit', id: 5, amount: '1.00', memo: 'x\u0000y' },
      { op: 'deposit', id: 5, amount: '1.00', memo: '<b>"quoted"\\</b>\u2028' },
      { op: 'history', id: 5, limit: 1e2 },
      { op: 'plus', a: -0, b: 1e3 },
    ];
    for (const op of ops) assert.deepEqual(a.execute(op), b.execute(JSON.stringify(op)), JSON.stringify(op));
    assert.equal(a.exportJournal(), b.exportJournal());
    a.dispose();
    b.dispose();
  });

  test('never throws, whatever it is given', async () => {
    const bank = await tutorialBank();
    const cyclic = { op: 'deposit', id: 101, amount: '1.00' };
    cyclic.memo = cyclic;
    const cyclicArray = [];
    cyclicArray.push(cyclicArray);
    let deep = {};
    for (let i = 0; i < 10000; i++) deep = { op: 'greet', name: deep };
    let wide = [];
    for (let i = 0; i < 40; i++) wide = [wide, wide]; // 2^40 paths if walked naively
    const throwing = { op: 'greet', get name() { throw new Error('boom'); } };
    const proxy = new Proxy({}, { ownKeys() { throw new Error('trap'); } });
    const big = 'x'.repeat(2 * 1024 * 1024);
    const inputs = [
      undefined, null, NaN, Infinity, -0, 0, 1, 1.5, 10n, true, false, Symbol('s'), () => 1,
      '', 'x', '{', '[]', 'null', '{"op":null}', '{"op":"greet","name":"\ud800"}', '\ud800',
      [], [1, 2], {}, { op: 5 }, { op: null }, { op: Symbol('x') }, { op: 'greet', name: Symbol('n') },
      { op: 'deposit', id: 101, amount: NaN }, { op: 'deposit', id: 101, amount: {} },
      { op: 'deposit', id: 101, amount: [1] }, { op: 'deposit', id: Symbol('id') },
      cyclic, cyclicArray, deep, wide, throwing, proxy, new Date(), new Map([[1, 2]]),
      new Int32Array(3), new Uint8Array([0xff, 0xfe]), new ArrayBuffer(4), Object.create(null),
      big, { op: 'greet', name: big }, { op: 'greet', name: '\ud800'.repeat(300000) },
      new Uint8Array(2 * 1024 * 1024).fill(0x20), new Uint8Array(2 * 1024 * 1024).fill(0x7b),
      ' '.repeat(2 * 1024 * 1024),
    ];
    for (const input of inputs) {
      let r;
      assert.doesNotThrow(() => { r = bank.execute(input); }, String(typeof input));
      if (r !== null) {
        assert.equal(typeof r.op, 'string');
        assert.equal(typeof r.ok, 'boolean');
        if (!r.ok) assert.ok(ERROR_CODES.includes(r.error), r.error);
      }
    }
    // op objects are read field by field: a field of the wrong type is that
    // op's INVALID_ARGUMENT, however deep or cyclic it is
    assert.deepEqual(bank.execute(cyclic), { op: 'deposit', ok: false, error: 'INVALID_ARGUMENT' });
    assert.deepEqual(bank.execute(deep), { op: 'greet', ok: false, error: 'INVALID_ARGUMENT' });
    assert.equal(bank.execute(big).op, '');
    assert.equal(bank.execute(' '.repeat(2 * 1024 * 1024)), null);
    // the instance is still healthy and nothing changed
    assert.equal(bank.balance(101), '1000.00');
    assert.equal(bank.verify().entries, 3);
    bank.dispose();
  });

  test('nesting limit: 64 levels parse, 65 do not, in lines; in objects a nested field is a type error', async () => {
    const bank = await createBank();
    const nest = (n) => {
      let v = [];
      for (let i = 1; i < n; i++) v = [v];
      return v;
    };
    // the op object is level 1, memo's arrays levels 2..N
    const ok = { op: 'greet', ok: false, error: 'INVALID_ARGUMENT' };
    const tooDeep = { op: '', ok: false, error: 'INVALID_ARGUMENT' };
    assert.deepEqual(bank.execute(JSON.stringify({ op: 'greet', name: 'a', memo: nest(63) })), ok);
    assert.deepEqual(bank.execute(JSON.stringify({ op: 'greet', name: 'a', memo: nest(64) })), tooDeep);
    assert.deepEqual(bank.execute({ op: 'greet', name: 'a', memo: nest(63) }), ok);
    assert.deepEqual(bank.execute({ op: 'greet', name: 'a', memo: nest(64) }), ok);
    bank.dispose();
  });
});

describe('wrong argument types never escape as anything but BankError', () => {
  test('ergonomic methods with garbage', async () => {
    const bank = await tutorialBank();
    const cyclic = {};
    cyclic.self = cyclic;
    const garbage = [undefined, null, NaN, Symbol('s'), () => 1, cyclic, '\ud800', 'x'.repeat(3e6),
      { toString() { throw new Error('no'); } }, new Proxy({}, { get() { throw new Error('trap'); } })];
    for (const g of garbage) {
      for (const call of [
        () => bank.greet(g), () => bank.plus(g, 1), () => bank.minus(1, g),
        () => bank.openAccount(g), () => bank.openAccount({ id: 9, name: g }),
        () => bank.deposit(101, g), () => bank.deposit(g, '1.00'), () => bank.deposit(101, '0', g),
        () => bank.withdraw(101, g), () => bank.transfer(g), () => bank.transfer({ from: 101, to: 102, amount: g }),
        () => bank.balance(g), () => bank.account(g), () => bank.history(g), () => bank.history(101, g),
        () => bank.close(g), () => bank.batch(g), () => bank.batch([g]), () => bank.batch([], g),
        () => bank.transferMany(g),
      ]) {
        try {
          call();
        } catch (e) {
          assert.ok(e instanceof BankError, `${call} threw ${e && e.stack}`);
          assert.ok(ERROR_CODES.includes(e.code));
        }
      }
    }
    assert.equal(bank.balance(101), '1000.00');
    assert.equal(bank.verify().entries, 3);
    // options that are not objects are type errors; absent options are fine
    for (const g of [5, 'key', Symbol('s'), () => 1, [1], new Uint8Array(1), true]) {
      assert.throws(() => bank.deposit(101, '1.00', g), code('INVALID_ARGUMENT'));
      assert.throws(() => bank.openAccount(g), code('INVALID_ARGUMENT'));
    }
    bank.deposit(101, '1.00', undefined);
    bank.deposit(101, '1.00', null);
    assert.equal(bank.balance(101), '1002.00');
    bank.dispose();
  });
});

describe('dispose', () => {
  test('every method throws BankError INVALID_ARGUMENT afterwards; execute returns it', async () => {
    const bank = await tutorialBank();
    bank.dispose();
    bank.dispose(); // harmless
    const calls = {
      greet: () => bank.greet('A'), plus: () => bank.plus(1, 2), minus: () => bank.minus(1, 2),
      openAccount: () => bank.openAccount({ id: 1, name: 'A' }), deposit: () => bank.deposit(101, '1.00'),
      withdraw: () => bank.withdraw(101, '1.00'), transfer: () => bank.transfer({ from: 101, to: 102, amount: '1' }),
      balance: () => bank.balance(101), account: () => bank.account(101), accounts: () => bank.accounts(),
      history: () => bank.history(101), close: () => bank.close(101), batch: () => bank.batch([]),
      exportJournal: () => bank.exportJournal(), verify: () => bank.verify(),
      transferMany: () => bank.transferMany({ from: new Int32Array(0), to: new Int32Array(0), amount: new BigInt64Array(0) }),
    };
    for (const [name, call] of Object.entries(calls)) {
      assert.throws(call, (e) => {
        code('INVALID_ARGUMENT')(e);
        assert.match(e.message, /disposed/);
        return true;
      }, name);
    }
    assert.deepEqual(bank.execute({ op: 'balance', id: 101 }), { op: 'balance', ok: false, error: 'INVALID_ARGUMENT' });
    assert.deepEqual(bank.execute('{"op":"verify"}'), { op: 'verify', ok: false, error: 'INVALID_ARGUMENT' });
    assert.deepEqual(bank.execute('junk'), { op: '', ok: false, error: 'INVALID_ARGUMENT' });
    assert.deepEqual(bank.execute(Symbol('x')), { op: '', ok: false, error: 'INVALID_ARGUMENT' });
    if (typeof Symbol.dispose === 'symbol') bank[Symbol.dispose]();
  });

  test('Symbol.dispose disposes', { skip: typeof Symbol.dispose !== 'symbol' }, async () => {
    const bank = await createBank();
    bank[Symbol.dispose]();
    assert.throws(() => bank.greet('A'), code('INVALID_ARGUMENT'));
  });

  test('many banks created and disposed', async () => {
    for (let i = 0; i < 300; i++) {
      const bank = await createBank();
      bank.openAccount({ id: 1, name: `N${i}`, balance: '1.00' });
      bank.dispose();
    }
  });
});

describe('banks and journals', () => {
  test('two banks are independent', async () => {
    const a = await createBank();
    const b = await createBank();
    a.openAccount({ id: 1, name: 'A', balance: '5.00' });
    assert.throws(() => b.balance(1), code('ACCOUNT_NOT_FOUND'));
    b.openAccount({ id: 1, name: 'B', balance: '7.00' });
    assert.equal(a.balance(1), '5.00');
    assert.equal(b.balance(1), '7.00');
    a.dispose();
    assert.equal(b.balance(1), '7.00');
    b.dispose();
  });

  test('journal round trip through createBank({ journal })', async () => {
    const a = await tutorialBank();
    a.deposit(101, '250.00', { key: 'd', memo: 'pay' });
    a.transfer({ from: 101, to: 102, amount: 1000n });
    a.withdraw(103, '500.00');
    a.close(103);
    const journal = a.exportJournal();
    const b = await createBank({ journal });
    assert.equal(b.exportJournal(), journal);
    assert.deepEqual(b.verify(), a.verify());
    assert.deepEqual(b.accounts(), a.accounts());
    assert.equal(b.deposit(101, '250.00', { key: 'd', memo: 'pay' }).replayed, true);
    const c = await createBank({ journal: new TextEncoder().encode(journal) });
    assert.equal(c.exportJournal(), journal);
    // Text beyond ASCII crosses as its UTF-8 bytes, both ways.
    const d = await createBank();
    d.openAccount({ id: 7, name: 'Zoë 🙂 Ünal', balance: '1.00' });
    const unicode = d.exportJournal();
    const e = await createBank({ journal: unicode });
    assert.equal(e.exportJournal(), unicode);
    assert.equal(e.account(7).name, 'Zoë 🙂 Ünal');
    d.dispose();
    e.dispose();
    a.dispose();
    b.dispose();
    c.dispose();
  });

  test('a tampered or malformed journal is rejected with CORRUPT_JOURNAL', async () => {
    const a = await tutorialBank();
    const journal = a.exportJournal();
    a.dispose();
    const tampered = [
      journal.replace('1000.00', '9000.00'),
      journal.replace('"Bob"', '"Rob"'),
      journal.replace(/\n/g, '\r\n'),
      journal.replace('{"entry":2', '{"entry":3'),
      journal.split('\n').slice(0, 2).join('\n') + '\n',
      journal + journal,
      'garbage',
      '',
      // A lone surrogate has no UTF-8: the string crosses as itself and is
      // refused; the same text with U+FFFD in its place is refused too
      // (the chain was not written over it).
      journal.replace('"Bob"', '"B\ud800b"'),
      journal.replace('"Bob"', '"B\ufffdb"'),
    ];
    for (const t of tampered) {
      await assert.rejects(createBank({ journal: t }), code('CORRUPT_JOURNAL'));
    }
    await assert.rejects(createBank({ journal: 42 }), code('INVALID_ARGUMENT'));
    await assert.rejects(createBank({ onLog: 'no' }), code('INVALID_ARGUMENT'));
    // the final newline may be missing
    const ok = await createBank({ journal: journal.slice(0, -1) });
    assert.equal(ok.balance(102), '1500.00');
    ok.dispose();
  });
});

describe('transferMany', () => {
  test('codes per transfer, one timestamp, journaled like transfer', async () => {
    const bank = await tutorialBank();
    bank.openAccount({ id: 200, name: 'Euro', currency: 'EUR', balance: '1.00' });
    const t0 = Date.now();
    const codes = bank.transferMany({
      from: Int32Array.of(101, 101, 101, 999, 101, 101, 103, 0, 101),
      to: Int32Array.of(102, 101, 999, 101, 200, 102, 101, 101, 102),
      amount: BigInt64Array.of(1000n, 1n, 1n, 1n, 1n, 0n, 50001n, 1n, -5n),
    });
    assert.ok(codes instanceof Uint8Array);
    const names = [...codes].map((c) => (c === 0 ? 'OK' : ERROR_CODES[c - 1]));
    assert.deepEqual(names, ['OK', 'SAME_ACCOUNT', 'ACCOUNT_NOT_FOUND', 'ACCOUNT_NOT_FOUND',
      'CURRENCY_MISMATCH', 'INVALID_AMOUNT', 'INSUFFICIENT_FUNDS', 'INVALID_ARGUMENT', 'INVALID_AMOUNT']);
    assert.equal(bank.balance(101), '990.00');
    assert.equal(bank.balance(102), '1510.00');
    const [entry] = bank.history(101, { limit: 1 });
    assert.equal(entry.kind, 'transfer');
    assert.equal(entry.amount, '10.00');
    assert.ok(entry.at >= t0 && entry.at <= Date.now());
    assert.equal(bank.verify().entries, 5);
    assert.deepEqual(bank.transferMany({ from: new Int32Array(0), to: new Int32Array(0), amount: new BigInt64Array(0) }),
      new Uint8Array(0));
    bank.dispose();
  });

  test('wrong types or lengths are INVALID_ARGUMENT', async () => {
    const bank = await tutorialBank();
    const f = Int32Array.of(101);
    const t = Int32Array.of(102);
    const a = BigInt64Array.of(1n);
    for (const bad of [
      undefined, null, 5, {}, { from: f, to: t }, { from: [101], to: [102], amount: [1n] },
      { from: f, to: t, amount: Float64Array.of(1) }, { from: Uint32Array.of(101), to: t, amount: a },
      { from: f, to: t, amount: BigUint64Array.of(1n) }, { from: f, to: Int32Array.of(1, 2), amount: a },
      { from: f, to: t, amount: new BigInt64Array(2) },
    ]) {
      assert.throws(() => bank.transferMany(bad), code('INVALID_ARGUMENT'));
    }
    assert.equal(bank.balance(101), '1000.00');
    bank.dispose();
  });

  test('large batches cross memory growth and chunking', async () => {
    const bank = await createBank();
    bank.openAccount({ id: 1, name: 'A', balance: '1000000.00' });
    bank.openAccount({ id: 2, name: 'B' });
    const n = (1 << 20) + 3;
    const from = new Int32Array(n).fill(1);
    const to = new Int32Array(n).fill(2);
    const amount = new BigInt64Array(n).fill(1n);
    amount[n - 1] = 0n; // the very last one fails
    const codes = bank.transferMany({ from, to, amount });
    assert.equal(codes.length, n);
    assert.equal(codes[n - 1], ERROR_CODES.indexOf('INVALID_AMOUNT') + 1);
    assert.equal(codes.subarray(0, n - 1).every((c) => c === 0), true);
    assert.equal(bank.balance(2), ((n - 1) / 100).toFixed(2));
    // (verify() would recompute a million entries; the last entry number is enough here)
    assert.equal(bank.history(2, { limit: 1 })[0].entry, n + 1);
    bank.dispose();
  });
});

describe('onLog', () => {
  test('receives core lines naming the customer', async () => {
    const lines = [];
    const bank = await tutorialBank({ onLog: (line) => lines.push(line) });
    bank.deposit(101, '250.00');
    bank.withdraw(102, '750.00');
    bank.transfer({ from: 103, to: 101, amount: '5.00' });
    assert.ok(lines.length >= 6);
    for (const line of lines) assert.match(line, /^C\+\+ core: /);
    assert.ok(lines.some((l) => l.includes('Alice') && l.includes('250.00')), lines.join('\n'));
    assert.ok(lines.some((l) => l.includes('Bob') && l.includes('750.00')));
    assert.ok(lines.some((l) => l.includes('Charlie') && l.includes('Alice')));
    bank.dispose();
  });

  test('a throwing or re-entrant callback does not break the bank', async () => {
    let bank;
    const seen = [];
    bank = await createBank({
      onLog: (line) => {
        seen.push(line);
        if (line.includes('greeted Outer')) bank.greet('Inner'); // re-enters after the op finished
        if (line.includes('Thrower')) throw new Error('callback failure');
      },
    });
    assert.equal(bank.greet('Outer'), 'Hello, Outer');
    assert.deepEqual(seen.filter((l) => l.includes('greeted')).map((l) => l.replace(/.*greeted /, '')),
      ['Outer', 'Inner']);
    assert.equal(bank.greet('Thrower'), 'Hello, Thrower');
    bank.openAccount({ id: 1, name: 'Disposer' });
    bank.dispose();
    // disposing from inside the callback is safe too
    let b2;
    b2 = await createBank({ onLog: () => b2.dispose() });
    assert.equal(b2.greet('X'), 'Hello, X');
    assert.throws(() => b2.greet('Y'), code('INVALID_ARGUMENT'));
  });
});

describe('runScenario: the core scenario runner', () => {
  test('every conformance file gives its expected transcript, as text and as bytes with a BOM', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { ROOT } = await import('../support/dist.mjs');
    const dir = join(ROOT, 'tests', 'conformance');
    const files = readdirSync(dir).filter((f) => f.endsWith('.jsonl'));
    assert.ok(files.length >= 10);
    for (const f of files) {
      const scenario = readFileSync(join(dir, f));
      const expected = readFileSync(join(dir, f.replace('.jsonl', '.expected')), 'utf8');
      const a = await createBank();
      // As text when the file is valid UTF-8 (a string cannot hold bad bytes).
      const text = scenario.toString('utf8');
      const asText = Buffer.from(text).equals(scenario);
      assert.equal(a.runScenario(asText ? text : scenario), expected, f);
      const b = await createBank();
      const hasBom = scenario[0] === 0xef && scenario[1] === 0xbb && scenario[2] === 0xbf;
      const withBom = hasBom ? scenario : new Uint8Array([0xef, 0xbb, 0xbf, ...scenario]);
      assert.equal(b.runScenario(withBom), expected, f);
      assert.equal(a.exportJournal(), b.exportJournal(), f);
      a.dispose();
      b.dispose();
    }
  });

  test('runs on the bank itself; a wrong argument is a BankError', async () => {
    const bank = await createBank();
    assert.equal(bank.runScenario('{"op":"open","id":1,"name":"A","balance":"2.50"}\n\n'),
      '{"op":"open","ok":true,"entry":1,"id":1,"balance":"2.50"}\n');
    assert.equal(bank.balance(1), '2.50');
    assert.equal(bank.runScenario(''), '');
    for (const bad of [undefined, null, 5, {}, [], new Uint16Array(2)]) {
      assert.throws(() => bank.runScenario(bad), (e) => e instanceof BankError && e.code === 'INVALID_ARGUMENT');
    }
    bank.dispose();
  });
});
