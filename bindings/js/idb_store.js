// The IndexedDB backend (docs/store-format.md "The IndexedDB store"), for
// browsers: primitives only, for the store protocol in store.js.
//
// One database per store, named `wasm-bank:<name>`, with the object stores
// `entries`: entry number -> that entry's line (bytes, '\n' included; the
// last entry of a record also carries the record's seal line), and
// `checkpoints`: 'latest' -> the last checkpoint (bytes). Concatenated in key
// order the values are the file form's bytes after the format line.
// The origin's tabs share the store and take turns through a Web Lock of the
// same name; a BroadcastChannel of that name tells the others when entries
// were added.
import { BankError } from './bank_error.js';
import { FORMAT_LINE } from './store.js';

const ENTRIES = 'entries';
const CHECKPOINTS = 'checkpoints';
const databaseName = (name) => `wasm-bank:${name}`;

function request(req) {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function committed(tx) {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new Error('the transaction was aborted'));
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

/** The lines of `bytes`, each with its '\n'; bytes after the last '\n' make a last piece. */
export function splitLines(bytes) {
  const lines = [];
  for (let start = 0; start < bytes.length;) {
    const newline = bytes.indexOf(10, start);
    const end = newline < 0 ? bytes.length : newline + 1;
    lines.push(bytes.slice(start, end));
    start = end;
  }
  return lines;
}

function needsBrowser() {
  if (typeof indexedDB === 'undefined' || typeof navigator === 'undefined' || !navigator.locks) {
    throw new BankError('INVALID_ARGUMENT', 'an IndexedDB store needs IndexedDB and Web Locks (a browser page or worker)');
  }
}

export class IndexedDbBackend {
  #name;
  #fullName;
  #onChange;
  #db = null;
  #channel = null;
  #gone = false;  // deleted (Reset) by another tab

  // onChange(n) hears that another tab brought the store to n entries.
  constructor(name, onChange) {
    this.#name = name;
    this.#fullName = databaseName(name);
    this.#onChange = onChange;
  }

  get label() { return this.#name; }

  async open() {
    needsBrowser();
    const db = await openDatabase(this.#fullName);
    this.#db = db;
    // Another tab deleting the store (a reset) must not wait for this one.
    db.onversionchange = () => {
      this.#gone = true;
      db.close();
    };
    this.#channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(this.#fullName) : null;
    if (this.#channel && typeof this.#onChange === 'function') {
      const onChange = this.#onChange;
      this.#channel.onmessage = (event) => { try { onChange(event.data); } catch { /* the caller's */ } };
    }
  }

  turn(fn) {
    if (this.#gone) {
      return Promise.reject(new BankError('INVALID_ARGUMENT', 'the store was deleted (reset) in another tab: reload to open the new one'));
    }
    return navigator.locks.request(this.#fullName, fn);
  }

  async readCheckpoint() {
    const checkpoint = await request(this.#db.transaction(CHECKPOINTS).objectStore(CHECKPOINTS).get('latest'));
    return checkpoint === undefined ? null : new Uint8Array(checkpoint);
  }

  async readAll() {
    return concat([FORMAT_LINE, await this.readAfter(0)]);
  }

  // The values of the entries after entry n; a gap in the numbers is damage
  // a replay would not see, so it is refused here.
  async readAfter(n) {
    const store = this.#db.transaction(ENTRIES, 'readonly').objectStore(ENTRIES);
    const range = IDBKeyRange.lowerBound(n + 1);
    const [keys, values] = await Promise.all([request(store.getAllKeys(range)), request(store.getAll(range))]);
    keys.forEach((key, i) => {
      if (key !== n + 1 + i) throw new BankError('CORRUPT_JOURNAL', `the store '${this.#name}' has no entry ${n + 1 + i}`);
    });
    return concat(values.map((v) => new Uint8Array(v)));
  }

  // A record is one transaction, never torn: no opening seal, and an old
  // store needs no sealing before the next record.
  get atomic() { return true; }

  begin() { return FORMAT_LINE.length; }  // the format line is implied

  // The record's entries (the seal line goes with the last one's value), in
  // one transaction committed with durability 'strict'. `add`, not `put`:
  // an entry number taken already aborts it. Anything that aborts it
  // leaves none of them.
  async append(record, { from, to }) {
    const lines = splitLines(record);
    const count = to - from;
    if (lines.length !== count + 1 && lines.length !== count) {
      throw new Error(`a record of ${lines.length} lines cannot hold ${count} entries`);
    }
    if (lines.length === count + 1) {
      const seal = lines.pop();
      lines[count - 1] = concat([lines[count - 1], seal]);
    }
    let tx;
    try {
      tx = this.#db.transaction(ENTRIES, 'readwrite', { durability: 'strict' });
      const store = tx.objectStore(ENTRIES);
      lines.forEach((value, i) => store.add(value, from + 1 + i));
      await committed(tx);
    } catch (e) {
      try { tx?.abort(); } catch { /* already over */ }
      throw new Error(e && e.name === 'QuotaExceededError' ? 'the browser\'s storage quota is full' : `${e && e.name}: ${e && e.message}`);
    }
  }

  async cut({ entries }) {
    const tx = this.#db.transaction(ENTRIES, 'readwrite', { durability: 'strict' });
    tx.objectStore(ENTRIES).delete(IDBKeyRange.lowerBound(entries + 1));
    await committed(tx);
  }

  // In a transaction of its own, after the entries' one committed.
  async writeCheckpoint(bytes) {
    const tx = this.#db.transaction(CHECKPOINTS, 'readwrite');
    tx.objectStore(CHECKPOINTS).put(bytes, 'latest');
    await committed(tx);
  }

  notify(entries) {
    this.#channel?.postMessage(entries);
  }

  close() {
    this.#channel?.close();
    this.#channel = null;
    this.#db?.close();
    this.#db = null;
  }

  /**
   * Deletes the store `name` (its database). Other tabs' banks on it let go
   * (their next call says to reload); resolves once it is deleted.
   */
  static destroy(name) {
    needsBrowser();
    return new Promise((resolve, reject) => {
      const req = indexedDB.deleteDatabase(databaseName(name));
      req.onsuccess = () => resolve();
      req.onerror = () => reject(new BankError('INVALID_ARGUMENT', `cannot delete the store '${name}': ${req.error && req.error.message}`));
    });
  }
}
