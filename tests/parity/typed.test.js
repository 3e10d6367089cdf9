// Differential: the same seeded random operations through the typed JS
// methods (openAccount, deposit, …, each a typed call into the core) and
// through `bank-cli run` (the JSON adapter, natively) give the same results
// line for line, the same balances and a byte-identical journal. (The Node
// bin, through execute(), is compared with bank-cli in parity.test.js.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBank, BankError } from '../support/package.mjs';
import { ROOT } from '../support/dist.mjs';
import { generateScenario } from './generate.mjs';

const nativeCli = process.env.BANK_CLI ?? join(ROOT, 'build/native/core/bank-cli');
const MUTATING = new Set(['open', 'deposit', 'withdraw', 'transfer', 'close', 'hold', 'capture', 'release',
  'set_limit']);

const without = (object, ...names) => {
  const out = { ...object };
  for (const name of names) delete out[name];
  return out;
};
// A scenario line's `at` defaults to 0; a typed method's to Date.now().
const stamped = (object) => ('at' in object ? object : { ...object, at: 0 });

// One scenario op through the typed method that does it, as a transcript
// object; undefined for a line only execute() takes (malformed, unknown op).
function typedCall(bank, o) {
  switch (o.op) {
    case 'open': return bank.openAccount(stamped(without(o, 'op')));
    case 'deposit': return bank.deposit(o.id, o.amount, stamped(without(o, 'op', 'id', 'amount')));
    case 'withdraw': return bank.withdraw(o.id, o.amount, stamped(without(o, 'op', 'id', 'amount')));
    case 'transfer': return bank.transfer(stamped(without(o, 'op')));
    case 'close': return bank.close(o.id, stamped(without(o, 'op', 'id')));
    case 'hold': return bank.hold(stamped(without(o, 'op')));
    case 'capture': return bank.capture(o.hold, stamped(without(o, 'op', 'hold')));
    case 'release': return bank.release(o.hold, stamped(without(o, 'op', 'hold')));
    case 'set_limit':
      return bank.setLimit(o.id, o.overdraft_limit, stamped(without(o, 'op', 'id', 'overdraft_limit')));
    case 'balance': {
      const asOf = 'as_of' in o ? { as_of: o.as_of } : undefined;
      const balance = bank.balance(o.id, asOf);
      const currency = bank.account(o.id, { at: 0 }).currency;
      return { op: 'balance', ok: true, id: o.id, balance, currency, ...asOf };
    }
    case 'account': return { op: 'account', ok: true, account: bank.account(o.id, stamped(without(o, 'op', 'id'))) };
    case 'history':
      return { op: 'history', ok: true, entries: bank.history(o.id, without(o, 'op', 'id')) };
    case 'verify': return bank.verify();
    case 'greet': return { op: 'greet', ok: true, greeting: bank.greet(o.name) };
    case 'plus': return { op: 'plus', ok: true, result: bank.plus(o.a, o.b) };
    case 'minus': return { op: 'minus', ok: true, result: bank.minus(o.a, o.b) };
    case 'batch': {
      const ops = Array.isArray(o.ops)
        ? o.ops.map((item) => (item && MUTATING.has(item.op) ? stamped(item) : item)) : o.ops;
      return bank.batch(ops, without(o, 'op', 'ops'));
    }
    default: return undefined;
  }
}

function typedTranscript(bank, scenario) {
  const lines = [];
  for (const line of scenario.split('\n')) {
    let o;
    try {
      o = JSON.parse(line);
    } catch {
      o = undefined;
    }
    let result;
    if (o !== null && typeof o === 'object' && !Array.isArray(o) && typeof o.op === 'string') {
      try {
        result = typedCall(bank, o);
      } catch (e) {
        assert.ok(e instanceof BankError, `${line}: ${e && e.stack}`);
        result = { op: o.op, ok: false, error: e.code };
      }
    }
    if (result === undefined) result = bank.execute(line);
    if (result !== null) lines.push(JSON.stringify(result));
  }
  return lines;
}

for (const seed of [11, 12]) {
  test(`seed ${seed}: typed JS methods and bank-cli agree line for line, and on the journal`, async () => {
    assert.ok(existsSync(nativeCli), `${nativeCli} is missing: run npm run build`);
    const work = mkdtempSync(join(tmpdir(), 'wasm-bank-typed-'));
    try {
      const scenario = generateScenario(seed, 3000);
      writeFileSync(join(work, 's.jsonl'), scenario);
      const native = execFileSync(nativeCli,
        ['run', join(work, 's.jsonl'), '--journal', join(work, 'native.journal')],
        { maxBuffer: 1 << 28 }).toString().split('\n').slice(0, -1);
      const bank = await createBank();
      const typed = typedTranscript(bank, scenario);
      assert.equal(typed.length, native.length);
      for (let i = 0; i < native.length; i += 1) {
        assert.equal(typed[i], native[i], `seed ${seed}, transcript line ${i + 1}`);
      }
      assert.equal(bank.exportJournal(), readFileSync(join(work, 'native.journal'), 'utf8'));
      bank.dispose();
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
}
