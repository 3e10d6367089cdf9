// node --test tests/js/worker.test.js — wasm-bank/worker (dist/worker.js):
// banks living in a worker thread behind connectBank(), with the same
// results and BankErrors as local banks. (The browser side — a module Worker
// built by Vite and one on a plain page — is e2e/packaged.spec.js.)
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { connectBank, serveBank, REMOTE_METHODS, createBank, BankError } from '../support/package.mjs';

const code = (c, pattern) => (e) => {
  assert.ok(e instanceof BankError, `expected BankError, got ${e && e.stack}`);
  assert.equal(e.code, c);
  if (pattern) assert.match(e.message, pattern);
  return true;
};

let worker;
before(() => {
  worker = new Worker(new URL('./fixtures/bank-worker.mjs', import.meta.url));
});
after(() => worker.terminate());

describe('connectBank / serveBank', () => {
  test('the remote bank has every bank method, each returning a promise', async () => {
    const local = await createBank();
    const methods = Object.getOwnPropertyNames(Object.getPrototypeOf(local))
      .filter((m) => m !== 'constructor' && m !== 'dispose');
    local.dispose();
    assert.deepEqual([...REMOTE_METHODS].sort(), methods.sort());
    const bank = await connectBank(worker);
    for (const m of [...REMOTE_METHODS, 'dispose']) assert.equal(typeof bank[m], 'function', m);
    assert.ok(bank.greet('A') instanceof Promise);
    assert.equal(typeof bank[Symbol.asyncDispose], 'function');
    await bank.dispose();
  });

  test('ops run in the worker and give what a local bank gives', async () => {
    const lines = [];
    const bank = await connectBank(worker, { onLog: (line) => lines.push(line) });
    assert.equal(await bank.greet('Alice'), 'Hello, Alice');
    assert.equal(await bank.plus(5, 3), 8);
    assert.deepEqual(await bank.openAccount({ id: 101, name: 'Alice', balance: '1000.00' }),
      { op: 'open', ok: true, entry: 1, id: 101, balance: '1000.00' });
    await bank.openAccount({ id: 102, name: 'Bob', balance: 150000n });
    const tr = await bank.transfer({ from: 101, to: 102, amount: '10.00', key: 't-1' });
    assert.deepEqual([tr.from_balance, tr.to_balance], ['990.00', '1510.00']);
    assert.equal(await bank.balance(102), '1510.00');
    assert.equal((await bank.account(101)).name, 'Alice');
    assert.equal((await bank.accounts()).length, 2);
    assert.equal((await bank.history(101, { limit: 1 }))[0].kind, 'transfer');
    const codes = await bank.transferMany({
      from: Int32Array.of(101, 101), to: Int32Array.of(102, 999), amount: BigInt64Array.of(1n, 1n),
    });
    assert.deepEqual([...codes], [0, 7]);
    assert.deepEqual(await bank.execute({ op: 'balance', id: 999 }),
      { op: 'balance', ok: false, error: 'ACCOUNT_NOT_FOUND' });
    assert.equal((await bank.batch([{ op: 'deposit', id: 101, amount: '1.00' }])).ok, true);
    assert.equal((await bank.verify()).entries, 5);
    const journal = await bank.exportJournal();
    assert.ok(lines.some((l) => l.startsWith('C++ core: ') && l.includes('Alice')), lines.join('\n'));

    // a second remote bank from the journal, independent of the first
    const copy = await connectBank(worker, { journal });
    assert.equal(await copy.balance(102), '1510.01');
    await copy.deposit(102, '1.00');
    assert.equal(await bank.balance(102), '1510.01');
    await copy.dispose();
    await bank.dispose();
  });

  test('errors arrive as BankError with the code and message', async () => {
    const bank = await connectBank(worker);
    await assert.rejects(bank.balance(1), code('ACCOUNT_NOT_FOUND'));
    await bank.openAccount({ id: 1, name: 'A' });
    await assert.rejects(bank.deposit(1, 5), code('INVALID_AMOUNT', /decimal string/));
    await assert.rejects(bank.greet(() => {}), code('INVALID_ARGUMENT')); // cannot be cloned
    await bank.dispose();
    await assert.rejects(connectBank(worker, { journal: 'garbage' }), code('CORRUPT_JOURNAL'));
    await assert.rejects(connectBank(worker, { wasmUrl: '/no/such/wasm-bank.wasm' }),
      code('INVALID_ARGUMENT', /no\/such\/wasm-bank\.wasm: file not found/));
    await assert.rejects(connectBank(worker, { locateFile: () => 'x' }), code('INVALID_ARGUMENT', /serveBank/));
  });

  test('calls after dispose() reject with BankError; execute resolves to the failure', async () => {
    const bank = await connectBank(worker);
    await bank.openAccount({ id: 1, name: 'A' });
    await bank.dispose();
    await bank.dispose(); // idempotent
    await assert.rejects(bank.balance(1), code('INVALID_ARGUMENT', /disposed/));
    assert.deepEqual(await bank.execute('{"op":"verify"}'), { op: 'verify', ok: false, error: 'INVALID_ARGUMENT' });
    assert.deepEqual(await bank.execute({ op: 'balance', id: 1 }), { op: 'balance', ok: false, error: 'INVALID_ARGUMENT' });
  });

  test('works over a plain MessageChannel too (serveBank on a port)', async () => {
    const { port1, port2 } = new MessageChannel();
    serveBank({}, port2);
    port2.start();
    const bank = await connectBank(port1);
    assert.equal(await bank.greet('Port'), 'Hello, Port');
    await bank.dispose();
    port1.close();
  });
});
