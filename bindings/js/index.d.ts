// Types for the wasm-bank package (docs/js-api.md). Hand-written: the public API
// is the wrapper's (index.js), not the raw embind class.
/// <reference lib="esnext.disposable" />

// The codes, entry kinds and limits are the core's, generated at build time
// from core/include/wasmbank/contract.h into contract.js / contract.d.ts.
import type { ErrorCode } from './contract.js';
/**
 * The stable error codes, in their documented order: transferMany code k
 * (k > 0) is ERROR_CODES[k - 1]; 0 means ok. `ErrorCode` is one of them.
 */
export { ERROR_CODES, type ErrorCode, type EntryKind } from './contract.js';
/**
 * The core's limits (ops per batch, entries per history read, line and
 * field sizes) and defaults (history limit, checkpoint interval, currency),
 * as the core draws them.
 */
export { LIMITS, DEFAULTS } from './contract.js';

/** Thrown by the ergonomic methods; `code` is one of ERROR_CODES. */
export declare class BankError extends Error {
  constructor(code: ErrorCode, message?: string, options?: { cause?: unknown });
  readonly code: ErrorCode;
  name: 'BankError';
}

/**
 * A money amount: a decimal string in the account's currency ("12.50", at
 * most the currency's fraction digits) or a bigint of minor units (1250n).
 * A JS number is refused with INVALID_AMOUNT (floats lose cents).
 */
export type Amount = string | bigint;

/** An account id, 1..2147483647. */
export type AccountId = number;

// ---------------------------------------------------------------------------
// Op objects (the same shape as scenario lines)

/** Optional on every mutating op. */
export interface MutationOptions {
  /** Idempotency key, 1..64 characters in U+0021..U+007E. */
  key?: string;
  /** 0..140 characters. */
  memo?: string;
  /** Integer milliseconds since the epoch, 0..8640000000000000. */
  at?: number;
}

export interface GreetOp { op: 'greet'; name: string }
export interface PlusOp { op: 'plus'; a: number; b: number }
export interface MinusOp { op: 'minus'; a: number; b: number }

export interface OpenSpec extends MutationOptions {
  id: AccountId;
  /** 1..64 characters, not only whitespace, no control characters. */
  name: string;
  address?: string;
  /** ISO 4217 code, default 'USD'. */
  currency?: string;
  /** Opening balance, default '0'. */
  balance?: Amount;
  /** The balance may go down to -overdraft_limit; default '0'. */
  overdraft_limit?: Amount;
}
export interface OpenOp extends OpenSpec { op: 'open' }

export interface DepositOp extends MutationOptions { op: 'deposit'; id: AccountId; amount: Amount }
export interface WithdrawOp extends MutationOptions { op: 'withdraw'; id: AccountId; amount: Amount }

export interface TransferSpec extends MutationOptions {
  from: AccountId;
  to: AccountId;
  amount: Amount;
}
export interface TransferOp extends TransferSpec { op: 'transfer' }

export interface CloseOp extends MutationOptions { op: 'close'; id: AccountId }

/** A hold (docs/holds.md): money reserved on `from` for `to`. */
export interface HoldSpec extends MutationOptions {
  from: AccountId;
  to: AccountId;
  amount: Amount;
  /** Milliseconds since the epoch, 1..8640000000000000: the hold stops counting once the bank's time reaches it. */
  expires_at?: number;
}
export interface HoldOp extends HoldSpec { op: 'hold' }
export interface CaptureOptions extends MutationOptions {
  /** Default: the whole hold. */
  amount?: Amount;
}
/** `hold`: the number of the entry that placed the hold, 1..2^53. */
export interface CaptureOp extends CaptureOptions { op: 'capture'; hold: number }
export interface ReleaseOp extends MutationOptions { op: 'release'; hold: number }
export interface SetLimitOp extends MutationOptions { op: 'set_limit'; id: AccountId; overdraft_limit: Amount }

export interface BalanceOptions {
  /** The balance right after this entry (1 to the number of entries). */
  as_of?: number;
}
export interface BalanceOp extends BalanceOptions { op: 'balance'; id: AccountId }
export interface AccountOptions {
  /** Holds as of max(at, the bank's time); default Date.now() (0 in execute()). */
  at?: number;
}
export interface AccountOp extends AccountOptions { op: 'account'; id: AccountId }

export interface HistoryOptions {
  /** 1 to LIMITS.MAX_HISTORY_LIMIT; default DEFAULTS.HISTORY_LIMIT. */
  limit?: number;
  /** Only entries numbered below this (1..2^53). */
  before?: number;
}
export interface HistoryOp extends HistoryOptions { op: 'history'; id: AccountId }

export type MutatingOp =
  | OpenOp | DepositOp | WithdrawOp | TransferOp | CloseOp | HoldOp | CaptureOp | ReleaseOp | SetLimitOp;

export interface BatchOptions {
  /** Default true: all or nothing. */
  atomic?: boolean;
}
export interface BatchOp extends BatchOptions { op: 'batch'; ops: MutatingOp[] }

export interface VerifyOp { op: 'verify' }

export type Op =
  | GreetOp | PlusOp | MinusOp
  | OpenOp | DepositOp | WithdrawOp | TransferOp | CloseOp | HoldOp | CaptureOp | ReleaseOp | SetLimitOp
  | BalanceOp | AccountOp | HistoryOp | BatchOp | VerifyOp;

export type OpName = Op['op'];

// ---------------------------------------------------------------------------
// Accounts and journal entries

export interface Account {
  id: number;
  name: string;
  address: string;
  currency: string;
  balance: string;
  /** The sum of the pending holds this account is the source of. */
  held: string;
  /** balance - held. */
  available: string;
  overdraft_limit: string;
  status: 'open' | 'closed';
}

/** A pending hold, as pendingHolds() lists it. */
export interface PendingHold {
  hold: number;
  from: number;
  to: number;
  amount: string;
  expires_at?: number;
  memo?: string;
  /** When it was placed. */
  at: number;
}

interface EntryBase {
  entry: number;
  memo?: string;
  key?: string;
  at: number;
}
export interface OpenEntry extends EntryBase {
  kind: 'open';
  id: number;
  name: string;
  address: string;
  currency: string;
  amount: string;
  overdraft_limit: string;
}
export interface DepositEntry extends EntryBase { kind: 'deposit'; id: number; amount: string }
export interface WithdrawEntry extends EntryBase { kind: 'withdraw'; id: number; amount: string }
export interface TransferEntry extends EntryBase { kind: 'transfer'; from: number; to: number; amount: string }
export interface CloseEntry extends EntryBase { kind: 'close'; id: number }
export interface HoldEntry extends EntryBase {
  kind: 'hold'; from: number; to: number; amount: string; expires_at?: number;
}
export interface CaptureEntry extends EntryBase { kind: 'capture'; hold: number; amount: string }
export interface ReleaseEntry extends EntryBase { kind: 'release'; hold: number }
export interface LimitEntry extends EntryBase { kind: 'limit'; id: number; overdraft_limit: string }
export type JournalEntry =
  | OpenEntry | DepositEntry | WithdrawEntry | TransferEntry | CloseEntry
  | HoldEntry | CaptureEntry | ReleaseEntry | LimitEntry;

/** An account and its entries, newest first, each with the account's balance right after it. */
export interface Statement {
  account: Account;
  lines: {
    entry: JournalEntry;
    /** What the entry did to this account's balance, signed ('-42.50', '0.00'). */
    change: string;
    /** The balance right after it. */
    balance: string;
    /** The other account of a transfer, hold, capture or release. */
    counterparty?: number;
  }[];
}

// ---------------------------------------------------------------------------
// Transcript objects (docs/transcript-format.md), discriminated on `op` and `ok`

export interface Failure<O extends string = string> {
  op: O;
  ok: false;
  error: ErrorCode;
}

export interface GreetResult { op: 'greet'; ok: true; greeting: string }
export interface PlusResult { op: 'plus'; ok: true; result: number }
export interface MinusResult { op: 'minus'; ok: true; result: number }
export interface OpenResult { op: 'open'; ok: true; entry: number; id: number; balance: string; replayed?: true }
export interface DepositResult { op: 'deposit'; ok: true; entry: number; id: number; balance: string; replayed?: true }
export interface WithdrawResult { op: 'withdraw'; ok: true; entry: number; id: number; balance: string; replayed?: true }
export interface TransferResult {
  op: 'transfer';
  ok: true;
  entry: number;
  from_balance: string;
  to_balance: string;
  replayed?: true;
}
export interface CloseResult { op: 'close'; ok: true; entry: number; id: number; replayed?: true }
export interface HoldResult {
  op: 'hold'; ok: true; entry: number; hold: number; available: string; replayed?: true;
}
export interface CaptureResult {
  op: 'capture'; ok: true; entry: number; hold: number; amount: string;
  from_balance: string; to_balance: string; replayed?: true;
}
export interface ReleaseResult {
  op: 'release'; ok: true; entry: number; hold: number; available: string; replayed?: true;
}
export interface SetLimitResult {
  op: 'set_limit'; ok: true; entry: number; id: number; overdraft_limit: string; replayed?: true;
}
export interface BalanceResult {
  op: 'balance'; ok: true; id: number; balance: string; currency: string; as_of?: number;
}
export interface AccountResult { op: 'account'; ok: true; account: Account }
export interface HistoryResult { op: 'history'; ok: true; entries: JournalEntry[] }
export interface VerifyResult { op: 'verify'; ok: true; accounts: number; entries: number; head: string }

/** One transcript object per inner op: its own result, its error, or LINKED_FAILED. */
export type MutatingTranscript =
  | OpenResult | DepositResult | WithdrawResult | TransferResult | CloseResult
  | HoldResult | CaptureResult | ReleaseResult | SetLimitResult
  | Failure<MutatingOp['op']>;

/** A batch that ran (ok is false when any inner op failed). */
export interface BatchResult { op: 'batch'; ok: boolean; results: MutatingTranscript[] }

export interface ResultMap {
  greet: GreetResult;
  plus: PlusResult;
  minus: MinusResult;
  open: OpenResult;
  deposit: DepositResult;
  withdraw: WithdrawResult;
  transfer: TransferResult;
  close: CloseResult;
  hold: HoldResult;
  capture: CaptureResult;
  release: ReleaseResult;
  set_limit: SetLimitResult;
  balance: BalanceResult;
  account: AccountResult;
  history: HistoryResult;
  batch: BatchResult;
  verify: VerifyResult;
}

/** The transcript of an op: its success shape or a failure with its op name. */
export type TranscriptFor<O extends OpName> = ResultMap[O] | Failure<O>;

/** Any transcript object, including `{op:'', ok:false}` for a line that is not an op. */
export type Transcript = ResultMap[OpName] | Failure;

// ---------------------------------------------------------------------------
// The bank

export interface TransferBatch {
  from: Int32Array;
  to: Int32Array;
  amount: BigInt64Array;
}

export interface Bank extends Disposable {
  /** 'Hello, NAME'. */
  greet(name: string): string;
  /** int32 a + b (OVERFLOW outside int32). */
  plus(a: number, b: number): number;
  minus(a: number, b: number): number;

  openAccount(spec: OpenSpec): OpenResult;
  deposit(id: AccountId, amount: Amount, options?: MutationOptions): DepositResult;
  withdraw(id: AccountId, amount: Amount, options?: MutationOptions): WithdrawResult;
  transfer(spec: TransferSpec): TransferResult;
  close(id: AccountId, options?: MutationOptions): CloseResult;

  /**
   * Reserves money on `from` for `to` (docs/holds.md); the hold is named by its entry's number.
   * @example const { hold } = bank.hold({ from: 101, to: 201, amount: '60.00' });
   */
  hold(spec: HoldSpec): HoldResult;
  /** Moves all of a pending hold (or `amount` of it) from its source to its destination, and closes it. */
  capture(hold: number, options?: CaptureOptions): CaptureResult;
  /** Closes a pending hold without moving money. */
  release(hold: number, options?: MutationOptions): ReleaseResult;
  /** A new overdraft limit: the balance may go down to -limit. */
  setLimit(id: AccountId, overdraftLimit: Amount, options?: MutationOptions): SetLimitResult;

  /** The balance as a decimal string, e.g. '1250.00'; with as_of, right after that entry. */
  balance(id: AccountId, options?: BalanceOptions): string;
  account(id: AccountId, options?: AccountOptions): Account;
  /** Every account (closed ones too), by id. */
  accounts(options?: AccountOptions): Account[];
  /** The holds pending at max(at, the bank's time) that name the account, oldest first. */
  pendingHolds(id: AccountId, options?: AccountOptions): PendingHold[];
  /** The account and its entries with running balances, in one consistent read. */
  statement(id: AccountId, options?: HistoryOptions & AccountOptions): Statement;
  /** The bank's time: the greatest `at` of any entry, in ms (0 when empty). */
  time(): number;
  /** Journal entries touching the account, newest first. */
  history(id: AccountId, options?: HistoryOptions): JournalEntry[];

  /**
   * Runs mutating ops in order. Returns the batch transcript whether or not
   * inner ops failed; throws only when the batch itself is INVALID_ARGUMENT.
   */
  batch(ops: MutatingOp[], options?: BatchOptions): BatchResult;

  /**
   * Runs one op object, or one scenario line (a string, or a Uint8Array of
   * raw UTF-8 bytes, read exactly as in a scenario file). Never throws for a
   * bank error: returns the transcript object, or null for a blank line.
   * `at` defaults to 0 as in a scenario.
   */
  execute<O extends Op>(op: O): TranscriptFor<O['op']>;
  execute(line: string | Uint8Array): Transcript | null;
  execute(op: unknown): Transcript | null;

  /**
   * Runs a scenario file (JSON lines; text is UTF-8 encoded) on this bank
   * through the core's scenario runner, as `bank-cli run` does, and returns
   * the transcript: one line per non-blank line, each ending in "\n".
   * @example bank.runScenario('{"op":"greet","name":"Alice"}\n')
   *   // '{"op":"greet","ok":true,"greeting":"Hello, Alice"}\n'
   */
  runScenario(file: string | Uint8Array): string;

  /** The journal export (docs/journal-format.md): format line, entries, head line. */
  exportJournal(): string;
  /** Recomputes balances and the hash chain; throws CORRUPT_JOURNAL if they disagree. */
  verify(): VerifyResult;

  /**
   * Fast path: N transfers in one call, each applied and journaled like
   * transfer() (not atomic), all stamped with one Date.now(). Returns one
   * code per transfer: 0 ok, k = ERROR_CODES[k - 1].
   */
  transferMany(transfers: TransferBatch): Uint8Array;

  /** Frees the wasm-side bank; later calls throw BankError INVALID_ARGUMENT. Idempotent. */
  dispose(): void;
  [Symbol.dispose](): void;
}

/**
 * A value as it crossed into the core: numbers (int32 ids, double times),
 * BigInts (int64 minor units), strings as their UTF-8 bytes, value objects
 * field by field, typed arrays copied.
 */
export type CrossedValue =
  | number | bigint | boolean | null | undefined | Uint8Array | ArrayBufferView
  | CrossedValue[] | { [field: string]: CrossedValue };

/** One call from the JS wrapper into the wasm core (createBank's onCrossing). */
export interface Crossing {
  /** The core function: a method of the embind class WasmBank, or a direct export ("wasmbank_move", "wasmbank_execute"). */
  call: string;
  /** Its arguments as they crossed. */
  args: CrossedValue[];
  /** Bytes the wrapper wrote into the core's exchange area for this call (an amount's decimal text). */
  wrote?: Uint8Array;
  /** What came back (strings as the glue decoded them); absent when it threw. */
  result?: unknown;
  /** The message of what it threw, if it threw. */
  error?: string;
  /** Milliseconds the call took. */
  ms: number;
  /** Bytes of wasm linear memory before and after the call. */
  heapBefore: number;
  heapAfter: number;
}

export interface CreateBankOptions {
  /** An exported journal to start from; CORRUPT_JOURNAL if it does not verify. */
  journal?: string | Uint8Array;
  /** Receives each line the core logs ("C++ core: ..."); exceptions it throws are ignored. */
  onLog?: (line: string) => void;
  /**
   * Instrumentation, off unless given: after each bank call, called once for
   * every call that bank call made into the wasm core, in order (exceptions
   * it throws are ignored). Costs a record per crossing: for inspecting and
   * teaching, not for production.
   */
  onCrossing?: (crossing: Crossing) => void;
  // Where wasm-bank.wasm is, when it is not next to this module (the default,
  // found with `new URL('./wasm-bank.wasm', import.meta.url)`). The first of
  // these that is given wins: wasmBinary, wasmUrl, locateFile.

  /** The bytes of wasm-bank.wasm. */
  wasmBinary?: ArrayBuffer | ArrayBufferView;
  /**
   * Its URL. A relative string is resolved against the page (browsers,
   * workers) or, in Node, is a file path relative to the current directory.
   */
  wasmUrl?: WasmBankUrl | string;
  /**
   * Emscripten style: called with ('wasm-bank.wasm', the URL of the
   * directory holding this module); returns its URL (string as for wasmUrl).
   */
  locateFile?: (path: string, prefix: string) => string | WasmBankUrl;
}

/**
 * A WHATWG `URL` object (`new URL(...)`; it must be an instance of the global
 * `URL` class). Described by shape here so that these types need neither the
 * DOM lib nor `@types/node`: a project with `lib: ["es2022"]` type-checks.
 */
export interface WasmBankUrl {
  readonly href: string;
  readonly protocol: string;
  readonly pathname: string;
  toString(): string;
}

/**
 * Creates a bank. Rejects with BankError CORRUPT_JOURNAL for a journal that
 * does not verify, and with BankError INVALID_ARGUMENT when wasm-bank.wasm
 * cannot be loaded (the message names the URL tried and the HTTP status,
 * MIME type or file error).
 */
export declare function createBank(options?: CreateBankOptions): Promise<Bank>;

// ---------------------------------------------------------------------------
// Stored banks (docs/store-format.md)

/** Where a stored bank keeps its journal. */
export type StoreSpec =
  /** Node: a file store at this path (created if there is no such file). */
  | string
  /** Browsers: an IndexedDB store of this name, shared by the origin's tabs. */
  | { indexedDB: string }
  /**
   * Node: a bank in PostgreSQL (13 or later) that any number of processes,
   * on any number of machines, share (docs/postgres.md). `postgres`: a
   * `postgresql://user@host:port/db` URL (a `#name` fragment names the bank
   * when `bank` is not given) or a `pg.Pool` of yours (not ended by
   * dispose()). The tables are created on first use (schema `wasm_bank`).
   */
  | PostgresStoreSpec;

/** A bank in PostgreSQL: see StoreSpec. */
export interface PostgresStoreSpec {
  postgres: string | PostgresPool;
  /** The bank's name (1 to 128 characters, no control characters). */
  bank?: string;
}

/** What a PostgreSQL store needs of a pool: a `pg.Pool` (npm `pg`) has it. */
export interface PostgresPool {
  connect(): Promise<unknown>;
  query(text: string, values?: unknown[]): Promise<unknown>;
}

/** createBank's options except `journal`: a stored bank starts from its store. */
export interface OpenBankOptions extends Omit<CreateBankOptions, 'journal'> {
  /**
   * An export to start an empty store from (moving a bank into a store):
   * its entries are durable in the store before openBank resolves; a store
   * that has entries already is opened as it is (`bank.seeded` says which).
   * CORRUPT_JOURNAL if it does not verify (nothing is written).
   */
  seedJournal?: string | Uint8Array;
  /**
   * IndexedDB stores: called with the store's entry count when another tab
   * added entries (this bank catches up before its next call; call any
   * method, e.g. accounts(), to see them).
   */
  onStoreChange?: (entries: number) => void;
  /**
   * A checkpoint (a file store's PATH.checkpoint, an IndexedDB store's
   * `checkpoints` object store) is written once the store has this many
   * more entries than at the last one, or a quarter more if that is more;
   * opening then replays only the entries after it. Default
   * DEFAULTS.CHECKPOINT_EVERY.
   */
  checkpointEvery?: number;
}

type Async<F> = F extends (...args: infer A) => infer R ? (...args: A) => Promise<R> : never;

/**
 * A bank bound to a store: createBank's methods, each returning a promise.
 * A mutating method resolves only once its entries are durable (file:
 * written and fsync'ed; IndexedDB: committed with durability 'strict';
 * PostgreSQL: COMMIT returned).
 * Calls take turns: every method first catches up with the entries other
 * writers (tabs) appended, and no call ever sees an op that is not durable
 * yet. Calls made at once share one write; when the store cannot take it,
 * every call of that write rejects with RESOURCE_EXHAUSTED and nothing of
 * them is applied. A PostgreSQL store that cannot be reached rejects with
 * STORE_UNAVAILABLE (nothing applied, unless the message says the outcome
 * is unknown: retry with the same key).
 */
export type StoredBank = {
  [K in Exclude<keyof Bank, 'dispose' | typeof Symbol.dispose>]: Async<Bank[K]>;
} & AsyncDisposable & {
  /** Waits for pending writes, then releases the store (and its lock). */
  dispose(): Promise<void>;
  /**
   * Durable writes made since it was opened and the entries they held:
   * callers that wait at once share one write (group commit).
   */
  storeStats(): { writes: number; entries: number };
  /**
   * Whether openBank started the store from `seedJournal`: false when the
   * store had entries already (it was opened as it was) or there was no
   * seedJournal. Say "imported" only when this is true.
   */
  readonly seeded: boolean;
};

/**
 * Opens a stored bank. Rejects with CORRUPT_JOURNAL for a damaged store
 * (which is left untouched), INVALID_ARGUMENT for a store in use by
 * another process or one that cannot be read or created (a PostgreSQL
 * database that does not exist, a role without the rights it needs), and
 * STORE_UNAVAILABLE for a PostgreSQL server that cannot be reached.
 */
export declare function openBank(store: StoreSpec, options?: OpenBankOptions): Promise<StoredBank>;

/**
 * Deletes a store. A file path (Node): removes the file, its checkpoint and
 * its lock file; INVALID_ARGUMENT while a running process (this one too)
 * holds it. { indexedDB: name }: deletes that store's database; other tabs'
 * banks on it let go and their next call says to reload. { postgres, bank }:
 * deletes the bank's rows (banks still open on it fail their next call).
 * A store that is not there is no error.
 */
export declare function deleteStore(store: StoreSpec): Promise<void>;
