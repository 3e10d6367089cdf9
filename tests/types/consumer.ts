// Compile-only check of bindings/js/index.d.ts (npx tsc -p tests/types).
import {
  createBank, openBank, deleteStore, BankError, ERROR_CODES,
  type Bank, type ErrorCode, type Transcript, type JournalEntry, type MutatingOp,
} from '../../bindings/js/index.js';
import { connectBank, serveBank, REMOTE_METHODS, type RemoteBank } from '../../bindings/js/worker.js';

export async function main(): Promise<void> {
  const logs: string[] = [];
  const bank: Bank = await createBank({ onLog: (line) => logs.push(line) });
  const again = await createBank({ journal: bank.exportJournal() });
  again.dispose();
  await createBank({ journal: new Uint8Array(0), wasmBinary: new Uint8Array(0) });
  await createBank();
  // where the .wasm is
  await createBank({ wasmBinary: new ArrayBuffer(8) });
  await createBank({ wasmUrl: new URL('https://cdn.example/wasm-bank.wasm') });
  await createBank({ wasmUrl: '/static/wasm-bank.wasm' });
  await createBank({ locateFile: (path, prefix) => prefix + path });
  await createBank({ locateFile: (path) => new URL(path, 'https://cdn.example/') });
  // @ts-expect-error wasmUrl is a URL or a string
  await createBank({ wasmUrl: 42 });

  const greeting: string = bank.greet('Alice');
  const sum: number = bank.plus(5, 3) + bank.minus(10, 5);

  const opened = bank.openAccount({ id: 101, name: 'Alice', balance: '1000.00' });
  const entry: number = opened.entry;
  bank.openAccount({ id: 102, name: 'Bob', balance: 150000n, currency: 'USD', overdraft_limit: '0' });
  const dep = bank.deposit(101, '250.00');
  const wd = bank.withdraw(102, 750_00n, { key: 'w-1', memo: 'rent' });
  const tr = bank.transfer({ from: 101, to: 102, amount: '10.00', key: 'k', at: Date.now() });
  const fromBalance: string = tr.from_balance;
  const replayed: true | undefined = dep.replayed ?? wd.replayed;
  const bal: string = bank.balance(101);
  const status: 'open' | 'closed' = bank.account(101).status;
  const names: string[] = bank.accounts().map((a) => a.name);
  const hist: JournalEntry[] = bank.history(101, { limit: 10, before: 5 });
  for (const e of hist) {
    if (e.kind === 'transfer') {
      const f: number = e.from;
      void f;
    } else if (e.kind === 'open') {
      const n: string = e.name;
      void n;
    }
  }
  bank.close(103, { key: 'c' });
  const ops: MutatingOp[] = [
    { op: 'deposit', id: 101, amount: '1.00' },
    { op: 'transfer', from: 101, to: 102, amount: 5n },
  ];
  const b = bank.batch(ops, { atomic: false });
  for (const r of b.results) {
    if (r.ok) {
      const en: number = r.entry;
      void en;
    } else {
      const code: ErrorCode = r.error;
      void code;
    }
  }

  // execute: typed by the op object
  const t = bank.execute({ op: 'balance', id: 101 });
  if (t.ok) {
    const s: string = t.balance;
    void s;
  } else {
    const code: ErrorCode = t.error;
    const op: 'balance' = t.op;
    void code; void op;
  }
  const line: Transcript | null = bank.execute('{"op":"verify"}');
  // Narrowing any transcript: a failure has `error`; then `op` picks the shape.
  if (line !== null) {
    if ('error' in line) {
      const code: ErrorCode = line.error;
      void code;
    } else if (line.op === 'transfer') {
      const to: string = line.to_balance;
      void to;
    } else if (line.op === 'batch') {
      const n: number = line.results.length;
      void n;
    }
  }
  const bytes: Transcript | null = bank.execute(new TextEncoder().encode('{"op":"verify"}'));
  if (line !== null && line.op === 'verify' && line.ok) {
    const head: string = line.head;
    void head;
  }
  const anything = bank.execute({ op: 'deposit', id: 1, amount: 5 } as unknown);
  void anything; void bytes;

  const v = bank.verify();
  const head: string = v.head;
  const codes: Uint8Array = bank.transferMany({
    from: Int32Array.of(101),
    to: Int32Array.of(102),
    amount: BigInt64Array.of(100n),
  });
  const firstCode = codes[0];
  const name: ErrorCode | undefined = firstCode ? ERROR_CODES[firstCode - 1] : undefined;

  try {
    bank.withdraw(101, '1000000.00');
  } catch (e) {
    if (e instanceof BankError) {
      const code: ErrorCode = e.code;
      const message: string = e.message;
      const cause: unknown = e.cause;
      void code; void message; void cause;
    }
  }
  const withCause = new BankError('INVALID_ARGUMENT', 'could not load', { cause: new Error('404') });
  void withCause;

  // wasm-bank/worker: the same methods, as promises
  const remote: RemoteBank = await connectBank(new Worker('bank.worker.js', { type: 'module' }),
    { journal: bank.exportJournal(), wasmUrl: new URL('https://cdn.example/wasm-bank.wasm'), onLog: (l) => logs.push(l) });
  const remoteBalance: string = await remote.balance(101);
  const rt = await remote.execute({ op: 'transfer', from: 101, to: 102, amount: 1n });
  if (rt.ok) {
    const f: string = rt.from_balance;
    void f;
  } else {
    const code: ErrorCode = rt.error;
    void code;
  }
  const remoteCodes: Uint8Array = await remote.transferMany({
    from: Int32Array.of(1), to: Int32Array.of(2), amount: BigInt64Array.of(1n),
  });
  await remote.dispose();
  {
    await using scopedRemote = await connectBank(new Worker('bank.worker.js', { type: 'module' }));
    await scopedRemote.greet('Scoped');
  }
  // @ts-expect-error locateFile cannot be sent to a worker
  await connectBank(new Worker('w.js'), { locateFile: (p: string) => p });
  serveBank({ locateFile: (p) => '/wasm/' + p });
  const forwarded: number = REMOTE_METHODS.length;
  void remoteBalance; void remoteCodes; void forwarded;

  {
    using scoped = await createBank();
    scoped.greet('Scoped');
  }
  bank[Symbol.dispose]();
  bank.dispose();

  // @ts-expect-error a JS number is not an Amount
  bank.deposit(101, 5);
  // @ts-expect-error transfer takes an object
  bank.transfer(101, 102, '1.00');
  // @ts-expect-error unknown error code
  const bad: ErrorCode = 'NOPE';
  // @ts-expect-error ERROR_CODES is read-only
  ERROR_CODES[0] = 'OVERFLOW';
  // @ts-expect-error transferMany needs BigInt64Array amounts
  bank.transferMany({ from: Int32Array.of(1), to: Int32Array.of(2), amount: Float64Array.of(1) });
  // @ts-expect-error batch takes mutating ops only
  bank.batch([{ op: 'balance', id: 1 }]);

  void greeting; void sum; void entry; void fromBalance; void replayed; void bal;
  void status; void names; void head; void name; void bad;
}

// Stored banks: whether a seed was imported; deleting a store.
export async function stored(): Promise<void> {
  const bank = await openBank({ indexedDB: 'mine' }, { seedJournal: new Uint8Array(0), checkpointEvery: 1000 });
  const imported: boolean = bank.seeded;
  // @ts-expect-error seeded is read-only
  bank.seeded = true;
  await bank.dispose();
  await deleteStore({ indexedDB: 'mine' });
  await deleteStore('bank.journal');
  // A bank in PostgreSQL: a URL (or a pg.Pool) and the bank's name.
  const shared = await openBank({ postgres: 'postgresql://app@db.internal/ledger', bank: 'main' });
  await shared.deposit(1, '1.00', { key: 'dep-1' });
  await shared.dispose();
  await deleteStore({ postgres: 'postgresql://app@db.internal/ledger#main' });
  // @ts-expect-error a pool needs connect() and query()
  await openBank({ postgres: {}, bank: 'main' });
  void imported;
}
