// Types for wasm-bank/worker (worker.js): a bank running in a worker, every
// method returning a promise of what the local Bank method returns.
/// <reference lib="esnext.disposable" />
import type { Bank, CreateBankOptions, Op, Transcript, TranscriptFor } from './index.js';

/** The methods a RemoteBank forwards to the worker. */
export declare const REMOTE_METHODS: readonly [
  'openAccount', 'deposit', 'withdraw', 'transfer', 'close', 'hold', 'capture', 'release', 'setLimit',
  'batch', 'transferMany', 'runScenario',
  'greet', 'plus', 'minus', 'balance', 'account', 'accounts', 'pendingHolds', 'statement', 'time',
  'history', 'exportJournal', 'verify', 'execute',
];

type Forwarded = Exclude<(typeof REMOTE_METHODS)[number], 'execute'>;
type Promised<F> = F extends (...args: infer A) => infer R ? (...args: A) => Promise<R> : never;

/**
 * A bank living in a worker. Each method resolves to what the Bank method
 * returns, or rejects with the BankError it throws (same code and message).
 */
export type RemoteBank = { [K in Forwarded]: Promised<Bank[K]> } & {
  execute<O extends Op>(op: O): Promise<TranscriptFor<O['op']>>;
  execute(line: string | Uint8Array): Promise<Transcript | null>;
  execute(op: unknown): Promise<Transcript | null>;
  /** Frees the bank in the worker (the worker keeps running); idempotent. */
  dispose(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
};

/** What connectBank talks to: a Worker, a worker_threads Worker, or a MessagePort. */
export interface WorkerLike {
  postMessage(message: unknown, transfer: unknown[]): void;
}

/** createBank options that can be sent to a worker (no locateFile function). */
export interface ConnectBankOptions extends Omit<CreateBankOptions, 'locateFile'> {
  /** Runs on this side, with each log line of the bank in the worker. */
  onLog?: (line: string) => void;
  /**
   * Serve a stored bank (openBank in the worker): its mutating calls resolve
   * once their entries are durable. An IndexedDB store (browsers).
   */
  store?: { indexedDB: string };
  /** With `store`: an export to start an empty store from (openBank's seedJournal). */
  seedJournal?: string | Uint8Array;
}

/** Opens a bank in the worker (which must call serveBank()). */
export declare function connectBank(worker: WorkerLike, options?: ConnectBankOptions): Promise<RemoteBank>;

/** What serveBank listens on: a worker's global scope or a MessagePort. */
export interface PortLike {
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
}

/**
 * Inside the worker: answers connectBank() requests. `defaults` are createBank
 * options applied to every bank made here (e.g. locateFile); `port` defaults
 * to the worker's global scope (in Node's worker_threads pass parentPort).
 */
export declare function serveBank(defaults?: CreateBankOptions, port?: PortLike): void;
