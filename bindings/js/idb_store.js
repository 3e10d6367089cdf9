// The IndexedDB store (docs/store-format.md), for browsers: the backend of
// openBank({ indexedDB: name }) in StoredBank (stored_bank.js).
//
// One database per store, named `wasm-bank:<name>`, with the object stores
// `entries`: entry number -> that entry's line (bytes, '\n' included), and
// `checkpoints`: 'latest' -> the last checkpoint (bytes). A call's entries
// go in one transaction committed with durability 'strict'.
// The origin's tabs share the store and take turns through a Web Lock of the
// same name; a BroadcastChannel of that name tells the others when entries
// were added (each catches up before its next op anyway).
import { BankError } from './bank_error.js';
import { checkRoomFor } from './convert.js';

const FORMAT_LINE = new TextEncoder().encode('{"format":"wasm-bank-journal","version":1}\n');
const ENTRIES = 'entries';
const CHECKPOINTS = 'checkpoints';
const DEFAULT_CHECKPOINT_EVERY = 100000;

function request(req) {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function openDatabase(name) {
  const req = indexedDB.open(name, 2);
  req.onupgradeneeded = () => {
    const db = req.result;
    if (!db.objectStoreNames.contains(ENTRIES)) db.createObjectStore(ENTRIES);
    if (!db.objectStoreNames.contains(CHECKPOINTS)) db.createObjectStore(CHECKPOINTS);
  };
  return request(req);
}

function concat(parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

// The lines of `bytes`, each with its '\n'.
function splitLines(bytes) {
  const lines = [];
  for (let start = 0; start < bytes.length;) {
    const end = bytes.indexOf(10, start) + 1;
    lines.push(bytes.slice(start, end));
    start = end;
  }
  return lines;
}

export class IndexedDbStore {
  #name;
  #db;
  #channel;
  #gone = false;  // deleted (Reset) by another tab
  #w;
  #size = 0;  // the store's bytes as a file: the format line and every line
  #checkpointed = 0;
  #checkpointEvery;

  // Opens (or creates) the store and loads it into the WasmBank `w`, in
  // turn with the other tabs. onChange(n) hears that another tab brought
  // the store to n entries. CORRUPT_JOURNAL: the entries do not replay.
  static async open(name, w, onChange, note, checkpointEvery = DEFAULT_CHECKPOINT_EVERY) {
    if (typeof indexedDB === 'undefined' || typeof navigator === 'undefined' || !navigator.locks) {
      throw new BankError('INVALID_ARGUMENT', 'an IndexedDB store needs IndexedDB and Web Locks (a browser page or worker)');
    }
    const fullName = `wasm-bank:${name}`;
    const store = new IndexedDbStore(fullName, await openDatabase(fullName), onChange, w, checkpointEvery);
    try {
      await store.turn(() => store.#load(name, note));
    } catch (e) {
      store.close();
      throw e;
    }
    return store;
  }

  // From the checkpoint and the entries after it when the checkpoint checks
  // out and agrees with them, else from all of them (docs/store-format.md).
  async #load(name, note) {
    const w = this.#w;
    const checkpoint = await request(this.#db.transaction(CHECKPOINTS).objectStore(CHECKPOINTS).get('latest'));
    if (checkpoint !== undefined) {
      const bytes = new Uint8Array(checkpoint);
      const n = w.checkpointEntries(bytes);
      // Only entry n's line and those after it are read.
      const lines = n > 0 ? await this.linesAfter(n - 1) : new Uint8Array(0);
      if (n > 0) checkRoomFor(w, bytes, lines);
      if (n > 0 && w.loadStoreTailFromCheckpoint(bytes, lines) === 0) {
        this.#size = w.storeWholeBytes();
        this.#checkpointed = n;
        return;
      }
      note?.(`store '${name}': ignored its checkpoint (${n > 0 ? w.lastErrorMessage() : 'not a checkpoint'}) and replayed every entry`);
    }
    const bytes = concat([FORMAT_LINE, await this.linesAfter(0)]);
    checkRoomFor(w, bytes);
    if (w.loadStore(bytes) !== 0) {
      throw new BankError('CORRUPT_JOURNAL', `the store '${name}' cannot be opened: ${w.lastErrorMessage()}`);
    }
    this.#size = bytes.length;
  }

  // A checkpoint costs nothing if it fails (the entries are all there), so
  // it goes in a transaction of its own, after the entries committed.
  async #checkpointIfDue() {
    if (!this.#w.checkpointDue(this.#checkpointed, this.#checkpointEvery)) return;
    const entries = this.#w.entryCount();
    try {
      const tx = this.#db.transaction(CHECKPOINTS, 'readwrite');
      tx.objectStore(CHECKPOINTS).put(this.#w.makeCheckpoint(this.#size), 'latest');
      await new Promise((resolve, reject) => {
        tx.oncomplete = resolve;
        tx.onerror = tx.onabort = () => reject(tx.error);
      });
      this.#checkpointed = entries;
    } catch { /* the next one mends it */ }
  }

  constructor(fullName, db, onChange, w, checkpointEvery) {
    this.#name = fullName;
    this.#db = db;
    this.#w = w;
    this.#checkpointEvery = checkpointEvery;
    // Another tab deleting the store (a reset) must not wait for this one.
    db.onversionchange = () => {
      this.#gone = true;
      db.close();
    };
    this.#channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(fullName) : null;
    if (this.#channel && typeof onChange === 'function') {
      this.#channel.onmessage = (event) => { try { onChange(event.data); } catch { /* the caller's */ } };
    }
  }

  turn(fn) {
    if (this.#gone) {
      return Promise.reject(new BankError('INVALID_ARGUMENT', 'the store was deleted (reset) in another tab: reload to open the new one'));
    }
    return navigator.locks.request(this.#name, fn);
  }

  // The lines of the entries after entry n, as bytes; a gap in the numbers
  // is damage the replay would not see, so it is refused here.
  async linesAfter(n) {
    const tx = this.#db.transaction(ENTRIES, 'readonly');
    const store = tx.objectStore(ENTRIES);
    const range = IDBKeyRange.lowerBound(n + 1);
    const [keys, values] = await Promise.all([request(store.getAllKeys(range)), request(store.getAll(range))]);
    keys.forEach((key, i) => {
      if (key !== n + 1 + i) {
        throw new BankError('CORRUPT_JOURNAL', `the store has no entry ${n + 1 + i}`);
      }
    });
    return concat(values.map((v) => new Uint8Array(v)));
  }

  // The entries after `from` (their lines in `bytes`), in one transaction
  // committed with durability 'strict'. A full quota, or anything else that
  // aborts it, is RESOURCE_EXHAUSTED and leaves none of them.
  async append(bytes, from) {
    let tx;
    try {
      tx = this.#db.transaction(ENTRIES, 'readwrite', { durability: 'strict' });
      const store = tx.objectStore(ENTRIES);
      splitLines(bytes).forEach((line, i) => store.add(line, from + 1 + i));
      await new Promise((resolve, reject) => {
        tx.oncomplete = resolve;
        tx.onerror = () => reject(tx.error);
        tx.onabort = () => reject(tx.error ?? new Error('the transaction was aborted'));
      });
    } catch (e) {
      try { tx?.abort(); } catch { /* already over */ }
      const why = e && e.name === 'QuotaExceededError' ? 'the browser\'s storage quota is full' : `${e && e.name}: ${e && e.message}`;
      throw new BankError('RESOURCE_EXHAUSTED', `the store cannot take the entries: ${why}`);
    }
    this.#size += bytes.length;
    await this.#checkpointIfDue();
  }

  appended(count) {
    this.#channel?.postMessage(count);
  }

  gather() {
    return Promise.resolve();
  }

  close() {
    this.#channel?.close();
    this.#db.close();
  }
}
