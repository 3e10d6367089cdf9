// The store protocol (docs/store-format.md "The protocol and its backends"):
// the one module that knows how a bank and its store take turns, the way
// wa-sqlite's VFS base class or LevelDB's Env own theirs. A backend (the
// Node file: node_store.js; IndexedDB: idb_store.js; PostgreSQL:
// pg_store.js) moves bytes and nothing else; every rule lives here:
//
//   opening     hold the store, read its checkpoint and bytes, load them into
//               the core, cut a torn tail back (in a store that is never
//               torn, `neverTorn`, it is damage), start a new store with the
//               format line;
//   the turn    a real mutual exclusion in this process (one turn at a time,
//               calls queue) inside the backend's turn across writers (a Web
//               Lock for IndexedDB; a transaction holding an advisory lock
//               for PostgreSQL; a file store's lock file is held while it is
//               open);
//   catching up the records other writers added, applied before anything
//               else in the turn;
//   writing     the calls made in one tick form a group: applied in memory,
//               written as ONE sealed record (w.storeRecordAfter), and only
//               once the backend's turn is over (its transaction committed)
//               are their results released (isolation, SPEC §5a). A turn
//               ends with its group: a read queued after the group waits for
//               the next turn. If the write fails, every op of the group is
//               undone and every call of the group rejects
//               (RESOURCE_EXHAUSTED, or the backend's STORE_UNAVAILABLE):
//               their outcomes may have depended on each other;
//   checkpoints after a write, when due (Bank::CheckpointDue), after the turn;
//   closing     when the queue is empty, the backend lets go.
//
// Backend primitives. `size` is the store's length in its file form (the
// format line and every record), `entries` its entry count; a record is the
// entry lines of one write and its seal line (the core's head line):
//
//   label                        how messages name the store
//   open()                       holds the store (file: its lock file);
//                                throws BankError INVALID_ARGUMENT when
//                                another process holds it
//   turn(fn, {write})            runs fn while no other writer can write
//                                (IndexedDB: Web Lock; file: fn();
//                                PostgreSQL: BEGIN, the advisory lock,
//                                fn, the record's INSERT and COMMIT). If
//                                it throws after fn appended a record, the
//                                record is not in the store (a backend
//                                whose commit broke off finds out which,
//                                and returns if it landed). `write` false:
//                                fn only reads (a backend may skip its lock)
//   readCheckpoint()             the checkpoint's bytes, or null
//   readAll()                    the whole store in its file form
//   readAfter(n)                 the records after entry n (n is at the end
//                                of a record), or null if the backend cannot
//                                read by entry number (a file: one writer)
//   atomic                       true when a record cannot be torn (one
//                                transaction each: IndexedDB, PostgreSQL):
//                                then no opening seal or sealing of an old
//                                store
//   neverTorn                    true when, moreover, entries after the last
//                                seal can only be damage (PostgreSQL, whose
//                                rows can be edited by hand): CORRUPT_JOURNAL
//                                on opening, never cut
//   begin(start)                 starts an empty store with `start` (the
//                                format line, and the opening seal unless
//                                atomic); returns its size after that if
//                                not start.length (a keyed store implies
//                                its format line)
//   append(record, {size, from, to})  makes a record durable, entries
//                                from+1..to (or, inside a turn that commits
//                                as it ends, part of that commit), or
//                                throws; a BankError STORE_UNAVAILABLE or
//                                RESOURCE_EXHAUSTED reaches the calls as
//                                it is, anything else is RESOURCE_EXHAUSTED
//   cut({size, entries})         keeps only the first size bytes / entries
//                                entries, durably (a torn tail; what a
//                                failed append may have left)
//   writeCheckpoint(bytes, {entries})  replaces the checkpoint (of the
//                                first `entries` entries) atomically, or
//                                throws
//   notify(entries)              optional: tells other writers
//   close()                      lets the store go
//
// A primitive may return a promise or a value. The Node bin's synchronous
// path (bindDurableWrite: the core calls a durable write inside each call)
// needs a backend whose append/cut/writeCheckpoint return values: the file.
import { BankError } from './bank_error.js';
import { checkRoomFor } from './convert.js';
import {
  DEFAULTS, FORMAT_LINE as FORMAT, SEAL_LINE_START, STORE_START as START,
} from './contract.js';

/** A new store's first bytes: the journal's format line (generated from C++). */
export const FORMAT_LINE = new TextEncoder().encode(`${FORMAT}\n`);
/** A new store's bytes: the format line and the opening seal (generated from C++). */
const STORE_START = new TextEncoder().encode(START);
const DEFAULT_CHECKPOINT_EVERY = DEFAULTS.CHECKPOINT_EVERY;

// Calls made in one tick form one group. In Node, setImmediate also lets
// I/O callbacks that are ready now add their calls; elsewhere the backend's
// turn (a Web Lock) is asynchronous anyway.
const gather = typeof setImmediate === 'function'
  ? () => new Promise((resolve) => { setImmediate(resolve); })
  : () => Promise.resolve();

// A sealed record: the entry lines after `from` and the seal line.
const recordAfter = (w, from) => w.storeRecordAfter(from);

// What opening dropped at the store's end, in the words bank-cli uses
// (TornWhat in core/src/file_store.cc), so that both programs say the same.
function tornWhat(entries, lineBytes, allBytes) {
  const parts = [];
  if (entries > 0) parts.push(`${entries} whole entry line(s) of a record without its seal line`);
  if (lineBytes > 0) parts.push(`a torn last line of ${lineBytes} bytes`);
  return `${parts.join(' and ')}, ${allBytes} bytes in all`;
}

// Whether the first `end` bytes of `bytes` end in a seal line (a record's
// end, or the opening seal); false for an old store's last entry line.
function endsSealed(bytes, end) {
  if (end < 2 || bytes[end - 1] !== 10) return false;
  const start = bytes.lastIndexOf(10, end - 2) + 1;
  return new TextDecoder().decode(bytes.subarray(start, start + SEAL_LINE_START.length)) === SEAL_LINE_START;
}

const isTrap = (e) => typeof WebAssembly === 'object' && e instanceof WebAssembly.RuntimeError;
const why = (e) => (e && (e.code || e.message)) || String(e);

export class Store {
  #backend;
  #core;          // (fn) => fn(w) on the bank's core (index.js withCore)
  #note;
  #every;
  #size = 0;      // the store's bytes (file form), all durable
  #entries = 0;   // its entries, all durable and in memory
  #checkpointed = 0;
  #queue = [];
  #pumping = false;
  #idle = null;   // resolves when the queue has run dry
  #closed = false;
  #writes = 0;
  #written = 0;

  /**
   * Opens a store through `backend` into the bank's core: the bank then
   * holds exactly the store's entries. CORRUPT_JOURNAL: they do not load;
   * INVALID_ARGUMENT: the store is in use or cannot be read or created.
   */
  static async open(backend, core, { note, checkpointEvery } = {}) {
    const store = new Store(backend, core, note, checkpointEvery ?? DEFAULT_CHECKPOINT_EVERY);
    try {
      await backend.open();
    } catch (e) {
      throw store.#cannotOpen(e);
    }
    try {
      await backend.turn(() => store.#load(), { write: !backend.atomic });
    } catch (e) {
      try { await backend.close(); } catch { /* the open's error says more */ }
      throw store.#cannotOpen(e);
    }
    return store;
  }

  /**
   * Loads every entry of a store into the bank's core without holding it
   * (backend.open({ hold: false }): no lock; a torn tail is left out, not
   * cut off): `export --from-store`.
   */
  static async peek(backend, core) {
    const store = new Store(backend, core, null, DEFAULT_CHECKPOINT_EVERY);
    try {
      await backend.open({ hold: false });
    } catch (e) {
      throw store.#cannotOpen(e);
    }
    try {
      const bytes = await backend.readAll();
      core((w) => {
        checkRoomFor(w, bytes);
        if (w.loadStore(bytes) !== 0) {
          throw new BankError('CORRUPT_JOURNAL', `the store '${backend.label}' cannot be opened: ${w.lastErrorMessage()}`);
        }
      });
    } finally {
      await backend.close();
    }
  }

  constructor(backend, core, note, every) {
    this.#backend = backend;
    this.#core = core;
    this.#note = typeof note === 'function' ? note : () => {};
    this.#every = every;
  }

  #cannotOpen(e) {
    if (e instanceof BankError || isTrap(e)) return e;
    return new BankError('INVALID_ARGUMENT', `cannot open the store '${this.#backend.label}': ${why(e)}`);
  }

  // From the checkpoint and what follows it when the checkpoint checks out
  // and agrees with the store, else from every entry; then a torn tail is
  // cut back and an empty store gets its format line.
  async #load() {
    const backend = this.#backend;
    const label = backend.label;
    const checkpoint = await backend.readCheckpoint();
    let bytes = null;
    let read = null;  // the bytes loaded last: their end is the store's
    let base = 0;     // where in the store they start (a file read from a checkpoint)
    let loaded = false;
    if (checkpoint !== null && checkpoint !== undefined) {
      const n = this.#core((w) => w.checkpointEntries(checkpoint));
      let why = 'not a checkpoint';
      if (n > 0) {
        // Keyed stores read only entry n's record end and what follows; a
        // file, the bytes from where the checkpoint says entry n's line is.
        // (The offset only when it is used: finding it checks the whole
        // checkpoint again, a tenth of a second for 1,000,000 entries.)
        let tail = await backend.readAfter(n - 1);
        if (tail === null && typeof backend.readFrom === 'function') {
          const offset = this.#core((w) => w.checkpointTailOffset(checkpoint));
          if (offset >= 0) {
            tail = await backend.readFrom(offset);
            if (tail !== null) base = offset;
          }
        }
        if (tail === null) bytes = await backend.readAll();
        read = tail ?? bytes;
        loaded = this.#core((w) => {
          if (tail !== null) {
            checkRoomFor(w, checkpoint, tail);
            if (w.loadStoreTailFromCheckpoint(checkpoint, tail) === 0) return true;
          } else {
            checkRoomFor(w, checkpoint, bytes);
            if (w.loadStoreFromCheckpoint(checkpoint, bytes) === 0) return true;
          }
          why = w.lastErrorMessage();
          return false;
        });
      }
      if (loaded) this.#checkpointed = n;
      else base = 0;
      if (!loaded) this.#note(`store '${label}': ignored its checkpoint (${why}) and replayed every entry`);
    }
    if (!loaded) {
      bytes ??= await backend.readAll();
      read = bytes;
      this.#core((w) => {
        checkRoomFor(w, bytes);
        if (w.loadStore(bytes) !== 0) {
          throw new BankError('CORRUPT_JOURNAL', `the store '${label}' cannot be opened: ${w.lastErrorMessage()}`);
        }
      });
    }
    const { whole, torn, tornEntries, entries } = this.#core((w) => ({
      whole: w.storeWholeBytes(), torn: w.storeTornBytes(), tornEntries: w.storeTornEntries(), entries: w.entryCount(),
    }));
    if (torn > 0 && backend.neverTorn) {
      // A store whose records are transactions that only this protocol
      // writes is never torn: entries after the last seal are damage (a
      // seal edited away, rows added by hand), and damage is refused,
      // never cut.
      throw new BankError('CORRUPT_JOURNAL', `the store '${label}' cannot be opened: ` +
        `${tornEntries} entries after its last seal, which a store whose records are transactions never leaves`);
    }
    if (torn > 0) {
      await backend.cut({ size: whole, entries });
      const tornLine = read.length - (read.lastIndexOf(10) + 1);
      this.#note(`store '${label}': dropped ${tornWhat(tornEntries, tornLine, torn)} (a write cut short by a crash, ` +
        `never reported done) and cut it back to ${entries} whole entries`);
    }
    this.#size = whole;  // the core counts from the store's start, also after a checkpoint
    this.#entries = entries;
    // A store without entries starts (again) with its format line and
    // opening seal, and an old store (written before sealing: its entries
    // end in no seal line) is sealed now, so that even the first record
    // written, if a crash tears it, is dropped as torn instead of kept as an
    // old store's lines. A backend whose records cannot tear (one
    // transaction each: `atomic`) needs neither.
    if (backend.atomic) {
      if (whole === 0) this.#size = (await backend.begin(FORMAT_LINE)) ?? FORMAT_LINE.length;
    } else if (entries === 0 && whole !== STORE_START.length) {
      if (whole > 0) await backend.cut({ size: 0, entries: 0 });
      await backend.begin(STORE_START);
      this.#size = STORE_START.length;
    } else if (entries > 0 && !endsSealed(read, whole - base)) {  // `read`: the whole store (not atomic)
      const seal = this.#core((w) => w.storeSealLine());
      await backend.append(seal, { size: this.#size, from: entries, to: entries });
      this.#size += seal.length;
    }
  }

  /** Runs `fn()` (a read of the bank) in turn: it sees only durable state. */
  read(fn) {
    return this.#enqueue('read', fn);
  }

  /**
   * Runs `fn()` (a call that may make entries) in turn; its outcome is
   * released once its entries are durable, and RESOURCE_EXHAUSTED (nothing
   * of it left) if they cannot be made durable.
   */
  write(fn) {
    return this.#enqueue('write', fn);
  }

  #enqueue(kind, fn) {
    if (this.#closed) return Promise.reject(new BankError('INVALID_ARGUMENT', 'this bank has been disposed'));
    return new Promise((resolve, reject) => {
      this.#queue.push({ kind, fn, resolve, reject });
      if (!this.#pumping) this.#pump();
    });
  }

  // One turn at a time: the calls queued meanwhile form the next group.
  async #pump() {
    this.#pumping = true;
    let done;
    this.#idle = new Promise((resolve) => { done = resolve; });
    try {
      await gather();
      while (this.#queue.length > 0) {
        const jobs = this.#queue;
        this.#queue = [];
        const rest = await this.#runTurn(jobs);
        if (rest.length > 0) this.#queue = rest.concat(this.#queue);
      }
    } finally {
      this.#pumping = false;
      done();
    }
  }

  // One turn: the reads queued before any write, then the writes up to the
  // next read (one group, one record); the calls after that wait for the
  // next turn. So a turn ends with its group's write, and a read never runs
  // between a group's write and the moment the backend's turn has made it
  // durable: a backend whose records are committed as its turn ends
  // (`backend.commits`, PostgreSQL: BEGIN, lock, ..., INSERT, COMMIT) would
  // otherwise let a read see a group whose COMMIT then fails. For the same
  // reason a group's results are released only once turn() has returned,
  // and a turn that fails after its group was applied (the COMMIT did not
  // land: the backend tells, e.g. by a writer token on its rows) undoes the
  // group in memory and rejects its calls with the backend's error. A
  // checkpoint, when due, is written after the turn (in a transaction of its
  // own where there are transactions). Returns the calls left for the next
  // turn.
  async #runTurn(jobs) {
    let split = 0;
    while (split < jobs.length && jobs[split].kind === 'read') split += 1;
    let end = split;
    while (end < jobs.length && jobs[end].kind === 'write') end += 1;
    const reads = jobs.slice(0, split);
    const writes = jobs.slice(split, end);
    const turn = { settled: [], wrote: null, applied: null };
    try {
      // The hint lets a backend take a read-only turn without its lock.
      await this.#backend.turn(() => this.#turn(reads, writes, turn), { write: writes.length > 0 });
    } catch (e) {
      // The turn itself failed (catching up found damage, the store is
      // gone, the server cannot be reached, the commit did not land): a
      // group applied in memory is undone, and every call not answered yet
      // hears why.
      if (turn.applied !== null) this.#discard(turn.applied);
      for (const job of jobs.slice(0, end)) if (!job.answered) job.reject(e);
      return jobs.slice(end);
    }
    if (turn.wrote !== null) {
      const { bytes, from, to } = turn.wrote;
      this.#wrote(bytes, from, to);
    }
    for (const [job, outcome] of turn.settled) settle(job, outcome);
    if (turn.wrote !== null) {
      try { this.#backend.notify?.(turn.wrote.to); } catch { /* only a hint */ }
      await this.#checkpointIfDue();
    }
    return jobs.slice(end);
  }

  async #turn(reads, writes, turn) {
    await this.#catchUp();
    for (const job of reads) {
      let outcome;
      try {
        outcome = { ok: true, value: job.fn() };
      } catch (error) {
        outcome = { ok: false, error };
      }
      job.answered = true;
      settle(job, outcome);
    }
    if (writes.length === 0) return;
    const group = [];
    turn.applied = this.#entries;
    for (const job of writes) {
      let outcome;
      try {
        outcome = { ok: true, value: job.fn() };
      } catch (error) {
        outcome = { ok: false, error };
      }
      group.push([job, outcome]);
    }
    await this.#commit(group, turn);
  }

  // Writes the group's entries as one record; its outcomes are released
  // once the turn is over (#runTurn).
  async #commit(group, turn) {
    const from = this.#entries;
    let to = from;
    let record = null;
    try {
      ({ to, record } = this.#core((w) => {
        const count = w.entryCount();
        return { to: count, record: count > from ? recordAfter(w, from) : null };
      }));
      if (record !== null) {
        try {
          await this.#backend.append(record, { size: this.#size, from, to });
        } catch (e) {
          // A backend names what went wrong (STORE_UNAVAILABLE: a server
          // that cannot be reached; RESOURCE_EXHAUSTED: a full medium);
          // any other failure of a write is a medium that cannot take it.
          throw e instanceof BankError && (e.code === 'RESOURCE_EXHAUSTED' || e.code === 'STORE_UNAVAILABLE')
            ? e : new BankError('RESOURCE_EXHAUSTED', `the store '${this.#backend.label}' cannot take the entries: ${why(e)}`);
        }
      }
    } catch (error) {
      // The write failed, or the core could not hand out the record (a full
      // heap, a trap: reported as they are).
      turn.applied = null;
      await this.#undo(from);
      turn.settled = group.map(([job]) => [job, { ok: false, error }]);
      return;
    }
    if (record !== null) turn.wrote = { bytes: record.length, from, to };
    turn.settled = group;
  }

  // Not durable, so never reported: nothing of it may stay, in the store
  // (a half-written record) or in memory.
  async #undo(from) {
    try { await this.#backend.cut({ size: this.#size, entries: from }); } catch { /* the append's error is reported */ }
    this.#discard(from);
  }

  // The entries after `from` leave memory (a backend whose turn rolled back
  // has nothing of them to cut).
  #discard(from) {
    try { this.#core((w) => w.discardEntriesAfter(from)); } catch { /* a broken bank: every later call says so */ }
  }

  #wrote(bytes, from, to) {
    this.#size += bytes;
    this.#entries = to;
    this.#writes += 1;
    this.#written += to - from;
  }

  // The records other writers added since this bank's last turn.
  async #catchUp() {
    const bytes = await this.#backend.readAfter(this.#entries);
    if (bytes === null || bytes.length === 0) return;
    this.#entries = this.#core((w) => {
      checkRoomFor(w, bytes);
      if (w.applyEntryLines(bytes) !== 0) {
        throw new BankError('CORRUPT_JOURNAL', `the store holds entries that do not replay: ${w.lastErrorMessage()}`);
      }
      return w.entryCount();
    });
    this.#size += bytes.length;
  }

  // A checkpoint that fails costs a longer replay next time and nothing
  // else, so its failure is left for the next one to mend.
  #checkpointIfDue() {
    const entries = this.#entries;
    let bytes;
    try {
      bytes = this.#core((w) => (w.checkpointDue(this.#checkpointed, this.#every) ? w.makeCheckpoint(this.#size) : null));
    } catch {
      return undefined;
    }
    if (bytes === null) return undefined;
    let written;
    try {
      written = this.#backend.writeCheckpoint(bytes, { entries });
    } catch {
      return undefined;
    }
    if (written instanceof Promise) return written.then(() => { this.#checkpointed = entries; }, () => {});
    this.#checkpointed = entries;
    return undefined;
  }

  /**
   * The Node bin's path: the core calls a durable write inside every call
   * that makes entries (Bank::SetDurableWrite), through the same primitives
   * (the backend's must be synchronous). Then read()/write() are not used.
   */
  bindDurableWrite() {
    const backend = this.#backend;
    this.#core((w) => w.setDurableWrite((record) => {
      // `record` views the wasm heap: used before anything may grow it.
      const length = record.length;
      const from = this.#entries;
      try {
        const to = this.#core((x) => x.entryCount());
        const done = backend.append(record, { size: this.#size, from, to });
        if (done instanceof Promise) throw new Error('the backend cannot write synchronously');
        this.#wrote(length, from, to);
      } catch (e) {
        try { backend.cut({ size: this.#size, entries: from }); } catch { /* reported below */ }
        return `the store '${backend.label}' cannot take the entries: ${why(e)}`;
      }
      this.#checkpointIfDue();
      return '';
    }));
  }

  /** Durable writes made and the entries they held, since opening. */
  stats() {
    return { writes: this.#writes, entries: this.#written };
  }

  /** Waits for the calls queued, then lets the store go (its lock). */
  async close() {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#pumping) await this.#idle;
    await this.#backend.close();
  }

  /** The same for the synchronous path (nothing is ever queued there). */
  closeSync() {
    this.#closed = true;
    this.#backend.close();
  }
}

function settle(job, outcome) {
  if (outcome.ok) job.resolve(outcome.value);
  else job.reject(outcome.error);
}
