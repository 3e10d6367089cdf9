// openBank's bank (docs/js-api.md, "Stored banks"; docs/store-format.md):
// createBank's bank bound to a store. Every method returns a promise and
// runs in the store's turn (store.js): a read sees only durable state, and
// a mutating call resolves only once its entries are durable.
import { BankError } from './bank_error.js';

// The bank's methods by what they do to a store: one list, which the worker
// (worker.js) forwards too.
export const MUTATING = ['openAccount', 'deposit', 'withdraw', 'transfer', 'close', 'hold', 'capture', 'release', 'setLimit',
  'batch', 'transferMany', 'runScenario'];
export const READING = ['greet', 'plus', 'minus', 'balance', 'account', 'accounts', 'pendingHolds', 'statement', 'time',
  'history', 'exportJournal', 'verify'];

export class StoredBank {
  #bank;
  #store;     // store.js Store
  #core;      // (fn) => fn(w) on the bank's core
  #seeded = false;
  #disposed = false;

  constructor(bank, store, core) {
    this.#bank = bank;
    this.#store = store;
    this.#core = core;
  }

  /** Whether openBank started the store from its seedJournal (false: it had entries, or no seedJournal). */
  get seeded() {
    return this.#seeded;
  }

  #live() {
    if (this.#disposed) throw new BankError('INVALID_ARGUMENT', 'this bank has been disposed');
  }

  async mutate(method, args) {
    this.#live();
    return this.#store.write(() => this.#bank[method](...args));
  }

  async read(method, args) {
    this.#live();
    return this.#store.read(() => this.#bank[method](...args));
  }

  // Starts an empty store from an export, durably, in one turn: a store that
  // has entries already (another tab got there first) is left as it is.
  async seed(importJournal) {
    this.#live();
    this.#seeded = await this.#store.write(() => {
      if (this.#core((w) => w.entryCount()) > 0) return false;
      importJournal();
      return true;
    });
    return this.#seeded;
  }

  // execute() reports failures in its result: a write the store refused is
  // { ok: false, error: 'RESOURCE_EXHAUSTED' } like any other.
  async execute(op) {
    try {
      return await this.mutate('execute', [op]);
    } catch (e) {
      if (!(e instanceof BankError)) throw e;
      const name = typeof op === 'object' && op !== null && typeof op.op === 'string' ? op.op : '';
      return { op: name, ok: false, error: e.code };
    }
  }

  /**
   * What this bank has written to its store since it was opened: `writes`
   * durable writes (fsyncs, transactions) holding `entries` entries. Calls
   * that wait at once share a write, so writes <= entries.
   * @returns {{ writes: number, entries: number }}
   */
  storeStats() {
    return this.#store.stats();
  }

  /** Waits for pending calls, then releases the store (and its lock) and the bank. */
  async dispose() {
    if (this.#disposed) return;
    this.#disposed = true;
    try {
      await this.#store.close();
    } finally {
      this.#bank.dispose();
    }
  }

  [Symbol.asyncDispose]() {
    return this.dispose();
  }
}

for (const method of MUTATING) {
  StoredBank.prototype[method] = function stored(...args) { return this.mutate(method, args); };
}
for (const method of READING) {
  StoredBank.prototype[method] = function stored(...args) { return this.read(method, args); };
}
