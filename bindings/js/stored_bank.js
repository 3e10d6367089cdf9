// openBank's bank (docs/js-api.md, "Stored banks"; docs/store-format.md):
// createBank's bank bound to a store. Every method returns a promise; a
// mutating one resolves only once its entries are durable in the store.
//
// The bank runs in memory as always; a store backend keeps its journal:
//   append(bytes)   makes the lines of new entries durable, or throws
//                   BankError RESOURCE_EXHAUSTED (then nothing of them stays)
//   turn(fn)        runs fn while this writer has the store to itself
//                   (IndexedDB: a Web Lock shared by the tabs; a file store
//                   is one process's already, through its lock file)
//   linesAfter(n)   the lines other writers appended after entry n
//   appended(n)     tells the other writers the store now has n entries
//   gather()        resolves when the callers of this moment have applied
//                   their ops, so that one write takes them all
//   close()
import { BankError } from './bank_error.js';
import { checkRoomFor } from './convert.js';

const MUTATING = ['openAccount', 'deposit', 'withdraw', 'transfer', 'close', 'batch', 'transferMany', 'runScenario'];
const READING = ['greet', 'plus', 'minus', 'balance', 'account', 'accounts', 'history', 'exportJournal', 'verify'];

export class StoredBank {
  #bank;
  #core;      // (fn) => fn(w): the bank's core (index.js internalWithCore)
  #store;
  #durable;   // entries known durable
  #flushes = Promise.resolve();
  #failure = '';
  #disposed = false;
  #writes = 0;
  #written = 0;

  constructor(bank, core, store) {
    this.#bank = bank;
    this.#core = core;
    this.#store = store;
    this.#durable = this.#count();
  }

  #count() {
    return this.#core((w) => w.entryCount());
  }

  // Resolves once every entry up to `target` is durable. Calls made in one
  // tick share one write (group commit): the first flush takes everything
  // applied by then, and the others find nothing left to do.
  #flushTo(target) {
    const step = this.#flushes.then(() => this.#writeOut());
    this.#flushes = step;
    return step.then(() => {
      if (this.#durable < target) throw new BankError('RESOURCE_EXHAUSTED', this.#failure);
    });
  }

  async #writeOut() {
    await this.#store.gather();
    const from = this.#durable;
    const to = this.#count();
    if (to <= from) return;
    const bytes = this.#core((w) => w.entryLinesAfter(from));
    try {
      await this.#store.append(bytes, from, to);
      this.#writes += 1;
      this.#written += to - from;
      this.#durable = to;
      this.#store.appended(to);
    } catch (e) {
      // Not durable, so never reported: undo them (and whatever was applied
      // after them meanwhile, whose callers are waiting on this too).
      this.#core((w) => w.discardEntriesAfter(from));
      this.#failure = e instanceof BankError ? e.message : `the store could not take the entries: ${e && e.message}`;
    }
  }

  // Other writers' entries first, so that this op sees them.
  async #catchUp() {
    const lines = await this.#store.linesAfter(this.#durable);
    if (lines === null || lines.length === 0) return;
    this.#core((w) => {
      checkRoomFor(w, lines);
      if (w.applyEntryLines(lines) !== 0) {
        throw new BankError('CORRUPT_JOURNAL', `the store holds entries that do not replay: ${w.lastErrorMessage()}`);
      }
    });
    this.#durable = this.#count();
  }

  #live() {
    if (this.#disposed) throw new BankError('INVALID_ARGUMENT', 'this bank has been disposed');
  }

  async mutate(method, args) {
    this.#live();
    return this.#store.turn(async () => {
      await this.#flushes;
      await this.#catchUp();
      const result = this.#bank[method](...args);
      await this.#flushTo(this.#count());
      return result;
    });
  }

  async read(method, args) {
    this.#live();
    return this.#store.turn(async () => {
      await this.#flushes;
      await this.#catchUp();
      return this.#bank[method](...args);
    });
  }

  // Starts an empty store from an export: its entries are written to the
  // store before this resolves. A store that has entries already (another
  // tab got there first) is left as it is. Returns whether it seeded.
  async seed(journal, importJournal) {
    this.#live();
    return this.#store.turn(async () => {
      await this.#flushes;
      await this.#catchUp();
      if (this.#count() > 0) return false;
      importJournal();
      await this.#flushTo(this.#count());
      return true;
    });
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
    return { writes: this.#writes, entries: this.#written };
  }

  /** Waits for pending writes, then releases the store (and its lock) and the bank. */
  async dispose() {
    if (this.#disposed) return;
    this.#disposed = true;
    await this.#flushes;
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
