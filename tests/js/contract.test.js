// node --test tests/js/contract.test.js — the package's contract.js and
// contract.d.ts are generated at build time from core/include/wasmbank/
// contract.h (bindings/contract_gen.cc). Here they are held against the core
// linked beside them: the codes and entry kinds by the core's own names for
// them, every limit and default by what the core does at it and one past it,
// and the TypeScript declarations against the runtime values (tsc). A change
// in the C++ header therefore either shows up everywhere or fails here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DIST_DIR, ROOT, distUrl } from '../support/dist.mjs';
import { BankError, ERROR_CODES, createBank } from '../support/package.mjs';

const contract = await import(distUrl('contract.js').href);
const { loadModule } = await import(distUrl('load_wasm.js').href);
const M = await loadModule({});

// What the core calls code k and kind k (bindings/contract_bindings.cc).
function coreCodes() {
  const names = [];
  for (let k = 1; M.coreErrorCodeName(k) !== 'UNKNOWN'; k++) names.push(M.coreErrorCodeName(k));
  return names;
}
function coreKinds() {
  const names = [];
  for (let k = 0; M.coreEntryKindName(k) !== ''; k++) names.push(M.coreEntryKindName(k));
  return names;
}

test("ERROR_CODES is the core's list, in the core's order, and the package exports that one", () => {
  assert.equal(M.coreErrorCodeName(0), 'OK');
  assert.deepEqual([...contract.ERROR_CODES], coreCodes());
  assert.equal(ERROR_CODES, contract.ERROR_CODES);
  assert.ok(Object.isFrozen(contract.ERROR_CODES));
  for (const code of coreCodes()) {
    const e = new BankError(code, 'why');
    assert.equal(e.code, code);
    assert.equal(e.name, 'BankError');
  }
});

test('every code has words for people, and nothing else has', () => {
  assert.deepEqual(Object.keys(contract.ERROR_WORDS), coreCodes());
  for (const [code, words] of Object.entries(contract.ERROR_WORDS)) {
    assert.match(words, /^[A-Z].{10,}[^.]$/, `${code}: a sentence (the page adds the full stop)`);
  }
});

test("a typed call's BankError code is the name the core writes in the transcript for the same op", async () => {
  const bank = await createBank();
  try {
    bank.execute('{"op":"open","id":1,"name":"Ann","balance":"10.00"}');
    bank.execute('{"op":"open","id":2,"name":"Bob","currency":"EUR"}');
    bank.execute('{"op":"open","id":3,"name":"Cy"}');
    bank.execute('{"op":"close","id":3}');
    const cases = [
      ['{"op":"deposit","id":9,"amount":"1.00"}', () => bank.deposit(9, '1.00')],
      ['{"op":"withdraw","id":1,"amount":"99.00"}', () => bank.withdraw(1, '99.00')],
      ['{"op":"deposit","id":1,"amount":"1.001"}', () => bank.deposit(1, '1.001')],
      ['{"op":"transfer","from":1,"to":1,"amount":"1.00"}', () => bank.transfer({ from: 1, to: 1, amount: '1.00' })],
      ['{"op":"transfer","from":1,"to":2,"amount":"1.00"}', () => bank.transfer({ from: 1, to: 2, amount: '1.00' })],
      ['{"op":"deposit","id":3,"amount":"1.00"}', () => bank.deposit(3, '1.00')],
      ['{"op":"close","id":1}', () => bank.close(1)],
      ['{"op":"open","id":1,"name":"Ann"}', () => bank.openAccount({ id: 1, name: 'Ann' })],
      ['{"op":"open","id":4,"name":"Di","currency":"XYZ"}', () => bank.openAccount({ id: 4, name: 'Di', currency: 'XYZ' })],
      ['{"op":"open","id":4,"name":""}', () => bank.openAccount({ id: 4, name: '' })],
      ['{"op":"deposit","id":1,"amount":"92233720368547758.07"}', () => bank.deposit(1, '92233720368547758.07')],
    ];
    const seen = new Set();
    for (const [line, call] of cases) {
      const t = bank.execute(line);
      assert.equal(t.ok, false, line);
      assert.throws(call, (e) => e instanceof BankError && e.code === t.error, line);
      seen.add(t.error);
    }
    assert.ok(seen.size >= 10, [...seen].join());
    // transferMany reports numbers: k is ERROR_CODES[k - 1].
    const codes = bank.transferMany({
      from: Int32Array.of(1, 1, 9), to: Int32Array.of(2, 1, 1), amount: BigInt64Array.of(1n, 1n, 1n),
    });
    assert.deepEqual([...codes].map((k) => contract.ERROR_CODES[k - 1]),
      ['CURRENCY_MISMATCH', 'SAME_ACCOUNT', 'ACCOUNT_NOT_FOUND']);
  } finally {
    bank.dispose();
  }
});

test("ENTRY_KINDS is the core's list, and a history shows every kind by that name", async () => {
  assert.deepEqual([...contract.ENTRY_KINDS], coreKinds());
  const bank = await createBank();
  try {
    bank.openAccount({ id: 1, name: 'Ann', balance: '5.00' });
    bank.openAccount({ id: 2, name: 'Bob' });
    bank.deposit(1, '1.00');
    bank.withdraw(1, '1.00');
    bank.transfer({ from: 1, to: 2, amount: '5.00' });
    bank.transfer({ from: 2, to: 1, amount: '5.00' });
    const { hold } = bank.hold({ from: 1, to: 2, amount: '1.00' });
    bank.capture(hold);
    bank.release(bank.hold({ from: 2, to: 1, amount: '1.00' }).hold);
    bank.setLimit(1, '1.00');
    bank.withdraw(1, '4.00');
    bank.setLimit(1, '0.00');
    bank.close(1);
    const kinds = new Set(bank.history(1).map((e) => e.kind));
    assert.deepEqual([...kinds].sort(), [...contract.ENTRY_KINDS].sort());
  } finally {
    bank.dispose();
  }
});

test('the limits are where the core draws them', async () => {
  const { LIMITS } = contract;
  const bank = await createBank();
  try {
    // A batch of MAX_BATCH_OPS ops is taken; one more op and it is refused whole.
    const opens = (n, from) => Array.from({ length: n }, (_, k) => ({ op: 'open', id: from + k, name: 'A' }));
    assert.throws(() => bank.batch(opens(LIMITS.MAX_BATCH_OPS + 1, 1)),
      (e) => e instanceof BankError && e.code === 'INVALID_ARGUMENT');
    assert.equal(bank.batch(opens(LIMITS.MAX_BATCH_OPS, 1)).ok, true);
    // History: MAX_HISTORY_LIMIT is a limit it takes, one more is not.
    assert.equal(bank.history(1, { limit: LIMITS.MAX_HISTORY_LIMIT }).length, 1);
    assert.throws(() => bank.history(1, { limit: LIMITS.MAX_HISTORY_LIMIT + 1 }),
      (e) => e instanceof BankError && e.code === 'INVALID_ARGUMENT');
    // A line of LINE_LIMIT bytes is read; one byte more and it is not an op.
    const notAnOp = bank.execute('x');
    const line = (n) => {
      const head = '{"op":"balance","id":1';
      return head + ' '.repeat(n - head.length - 1) + '}';
    };
    assert.equal(Buffer.byteLength(line(LIMITS.LINE_LIMIT)), LIMITS.LINE_LIMIT);
    assert.equal(bank.execute(line(LIMITS.LINE_LIMIT)).ok, true);
    assert.deepEqual(bank.execute(line(LIMITS.LINE_LIMIT + 1)), notAnOp);
    // JSON nested MAX_DEPTH deep is parsed (and refused for its field); deeper is not an op.
    const nested = (depth) => `{"op":"balance","id":1,"x":${'['.repeat(depth - 1)}${']'.repeat(depth - 1)}}`;
    const parsed = bank.execute(nested(LIMITS.MAX_DEPTH));
    assert.equal(parsed.error, 'INVALID_ARGUMENT');
    assert.notDeepEqual(parsed, notAnOp);
    assert.deepEqual(bank.execute(nested(LIMITS.MAX_DEPTH + 1)), notAnOp);
    // The boundary's copy limits stand above what the core reads.
    assert.ok(LIMITS.COPY_LIMIT > LIMITS.LINE_LIMIT);
    assert.ok(LIMITS.JOURNAL_LIMIT > LIMITS.COPY_LIMIT);
    assert.throws(() => bank.openAccount({ id: 1, name: 'x'.repeat(LIMITS.FIELD_COPY_LIMIT + 1) }),
      (e) => e instanceof BankError && e.code === 'INVALID_NAME');
  } finally {
    bank.dispose();
  }
});

test('the defaults and the format line are what the core uses', async () => {
  const { DEFAULTS, FORMAT_LINE } = contract;
  const bank = await createBank();
  try {
    bank.openAccount({ id: 1, name: 'Ann' });
    assert.equal(bank.account(1).currency, DEFAULTS.CURRENCY);
    for (let k = 0; k < DEFAULTS.HISTORY_LIMIT + 5; k++) bank.deposit(1, '1.00');
    assert.equal(bank.history(1).length, DEFAULTS.HISTORY_LIMIT);
    assert.equal(bank.execute('{"op":"history","id":1}').entries.length, DEFAULTS.HISTORY_LIMIT);
    assert.equal(bank.exportJournal().split('\n')[0], FORMAT_LINE);
    assert.ok(Number.isInteger(DEFAULTS.CHECKPOINT_EVERY) && DEFAULTS.CHECKPOINT_EVERY >= 1);
  } finally {
    bank.dispose();
  }
});

// contract.d.ts against the runtime values, and index.d.ts against
// contract.d.ts, checked by tsc (typescript is a devDependency).
test('contract.d.ts declares exactly the runtime values; index.d.ts uses its unions', () => {
  const TSC = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  assert.ok(existsSync(TSC), `${TSC} is missing: run npm ci`);
  const dir = mkdtempSync(path.join(tmpdir(), 'wasm-bank-contract-'));
  try {
    const from = (file) => JSON.stringify(path.relative(dir, path.join(DIST_DIR, file)).split(path.sep).join('/'));
    const lit = (v) => (typeof v === 'string' ? JSON.stringify(v) : String(v));
    const tuple = (list) => `readonly [${list.map(lit).join(', ')}]`;
    const record = (o) => `{ ${Object.entries(o).map(([k, v]) => `readonly ${k}: ${lit(v)};`).join(' ')} }`;
    const c = contract;
    writeFileSync(path.join(dir, 'check.mts'), `
import { ERROR_CODES, ERROR_WORDS, ENTRY_KINDS, AMOUNT, LIMITS, DEFAULTS, FORMAT_LINE,
  type ErrorCode, type EntryKind } from ${from('contract.js')};
import { ERROR_CODES as INDEX_CODES, type ErrorCode as IndexCode, type EntryKind as IndexKind,
  type JournalEntry, type BankError } from ${from('index.js')};
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false;
function same<T extends true>(): void {}
same<Equal<typeof ERROR_CODES, ${tuple(c.ERROR_CODES)}>>();
same<Equal<ErrorCode, ${c.ERROR_CODES.map(lit).join(' | ')}>>();
same<Equal<keyof typeof ERROR_WORDS, ErrorCode>>();
same<Equal<typeof ENTRY_KINDS, ${tuple(c.ENTRY_KINDS)}>>();
same<Equal<EntryKind, ${c.ENTRY_KINDS.map(lit).join(' | ')}>>();
same<Equal<typeof AMOUNT, ${record(c.AMOUNT)}>>();
same<Equal<typeof LIMITS, ${record(c.LIMITS)}>>();
same<Equal<typeof DEFAULTS, ${record(c.DEFAULTS)}>>();
same<Equal<typeof FORMAT_LINE, ${lit(c.FORMAT_LINE)}>>();
same<Equal<typeof INDEX_CODES, typeof ERROR_CODES>>();
same<Equal<IndexCode, ErrorCode>>();
same<Equal<IndexKind, EntryKind>>();
same<Equal<BankError['code'], ErrorCode>>();
// The journal entry types (written by hand) cover exactly the core's kinds.
same<Equal<JournalEntry['kind'], EntryKind>>();
`);
    writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({
      compilerOptions: {
        strict: true, noEmit: true, target: 'es2022', lib: ['es2022', 'dom'], module: 'nodenext',
        moduleResolution: 'nodenext', types: [], skipLibCheck: false,
      },
      files: ['check.mts'],
    }));
    const r = spawnSync(process.execPath, [TSC, '-p', dir], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    // And the check can fail: one code more than the runtime list is a type error.
    writeFileSync(path.join(dir, 'check.mts'), `
import { ERROR_CODES } from ${from('contract.js')};
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false;
function same<T extends true>(): void {}
same<Equal<typeof ERROR_CODES, ${tuple([...c.ERROR_CODES, 'NOT_A_CODE'])}>>();
`);
    const bad = spawnSync(process.execPath, [TSC, '-p', dir], { encoding: 'utf8' });
    assert.notEqual(bad.status, 0, 'tsc accepted a list the runtime does not have');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
