// The file store in Node (docs/store-format.md): the same file and the same
// lock file as the native one (core/src/file_store.cc), so that bank-cli
// and wasm-bank can take turns on one store. Node only: it uses node:fs.
//
// Two ways to write: bindDurableWrite makes the core call a synchronous
// write inside every call that makes entries (the Node bin, one line after
// another); append() is the asynchronous backend of openBank's StoredBank
// (stored_bank.js), where callers that wait at once share one fsync.
import {
  closeSync, fdatasync, fsyncSync, ftruncateSync, openSync, readFileSync, renameSync, unlinkSync, write,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';
import { promisify } from 'node:util';
import { BankError } from './bank_error.js';
import { checkRoomFor } from './convert.js';

const FORMAT_LINE = '{"format":"wasm-bank-journal","version":1}\n';

const lockPath = (path) => `${path}.lock`;
const checkpointPath = (path) => `${path}.checkpoint`;
const DEFAULT_CHECKPOINT_EVERY = 100000;
const writeAsync = promisify(write);
const fdatasyncAsync = promisify(fdatasync);

function cannotOpen(path, why) {
  return new BankError('INVALID_ARGUMENT', `cannot open the store '${path}': ${why}`);
}

function isRunning(pid) {
  if (!(pid > 0)) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

// Creates PATH.lock holding this process's id; a lock whose process is gone
// (killed, crashed) is taken over.
function takeLock(path) {
  const lock = lockPath(path);
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const fd = openSync(lock, 'wx', 0o644);
      try {
        writeSync(fd, `${process.pid}\n`);
      } finally {
        closeSync(fd);
      }
      return;
    } catch (e) {
      if (e.code !== 'EEXIST') throw cannotOpen(path, `cannot create its lock file '${lock}': ${e.code}`);
    }
    let owner = 0;
    try {
      owner = Number.parseInt(readFileSync(lock, 'utf8'), 10);
    } catch { /* gone meanwhile */ }
    if (isRunning(owner)) {
      throw cannotOpen(path, `it is in use by process ${owner} (lock file '${lock}')`);
    }
    try { unlinkSync(lock); } catch { /* taken over by someone else */ }
  }
  throw cannotOpen(path, 'another process keeps taking its lock');
}

function releaseLock(path) {
  try { unlinkSync(lockPath(path)); } catch { /* already gone */ }
}

function writeAll(fd, bytes, position) {
  for (let done = 0; done < bytes.length;) {
    done += writeSync(fd, bytes, done, bytes.length - done, position + done);
  }
}

// Loads a store's bytes into the WasmBank `w`: with `fromCheckpoint`, from
// its checkpoint and the lines after it when the checkpoint checks out and
// agrees with the store (else `note` hears why not); otherwise, and then,
// from all of them. Throws CORRUPT_JOURNAL.
function load(w, path, bytes, { fromCheckpoint, note }) {
  let checkpoint = null;
  if (fromCheckpoint) {
    try {
      checkpoint = readFileSync(checkpointPath(path));
    } catch { /* none */ }
  }
  checkRoomFor(w, bytes, checkpoint ?? '');
  if (checkpoint !== null) {
    if (w.loadStoreFromCheckpoint(checkpoint, bytes) === 0) {
      return { whole: w.storeWholeBytes(), torn: w.storeTornBytes(), checkpointed: w.storeCheckpointEntries() };
    }
    note?.(`store '${path}': ignored its checkpoint (${w.lastErrorMessage()}) and replayed every entry`);
  }
  const code = w.loadStore(bytes);
  if (code !== 0) {
    throw new BankError('CORRUPT_JOURNAL', `the store '${path}' cannot be opened: ${w.lastErrorMessage()}`);
  }
  return { whole: w.storeWholeBytes(), torn: w.storeTornBytes(), checkpointed: 0 };
}

export class NodeFileStore {
  #path;
  #fd;
  #size;
  #w;
  #checkpointed;
  #checkpointEvery;

  // Opens (or creates) the store at `path` into the WasmBank `w` and binds
  // them: from then on every call that makes entries is durable before it
  // returns. `note(line)` hears about a torn last line cut off.
  static open(path, w, note, checkpointEvery = DEFAULT_CHECKPOINT_EVERY) {
    takeLock(path);
    let fd;
    try {
      fd = openSync(path, 'a+');  // creates it; reads and writes by position
      closeSync(fd);
      fd = openSync(path, 'r+');
      const { whole, torn, checkpointed } = load(w, path, readFileSync(fd), { fromCheckpoint: true, note });
      if (torn > 0) {
        ftruncateSync(fd, whole);
        fsyncSync(fd);
        note?.(`store '${path}': dropped a torn last line of ${torn} bytes (a write cut short by a crash)`);
      }
      let size = whole;
      if (size === 0) {
        writeAll(fd, Buffer.from(FORMAT_LINE), 0);
        fsyncSync(fd);
        size = FORMAT_LINE.length;
      }
      return new NodeFileStore(path, fd, size, w, checkpointed, checkpointEvery);
    } catch (e) {
      if (fd !== undefined) try { closeSync(fd); } catch { /* closed */ }
      releaseLock(path);
      throw e instanceof BankError ? e : cannotOpen(path, e.code ?? e.message);
    }
  }

  // Reads the store at `path` into the fresh WasmBank `w` without taking
  // it over (no lock; a torn last line is left out, not cut off): for
  // `export --from-store`.
  static read(path, w) {
    let bytes;
    try {
      bytes = readFileSync(path);
    } catch (e) {
      throw cannotOpen(path, e.code ?? e.message);
    }
    load(w, path, bytes, { fromCheckpoint: false });
  }

  constructor(path, fd, size, w, checkpointed, checkpointEvery) {
    this.#path = path;
    this.#fd = fd;
    this.#size = size;
    this.#w = w;
    this.#checkpointed = checkpointed;
    this.#checkpointEvery = checkpointEvery;
  }

  // Written beside the store as PATH.checkpoint.tmp, synced, then renamed
  // over PATH.checkpoint (docs/store-format.md). A failure costs nothing but
  // a longer replay next time, so it is left for the next one to mend.
  #checkpointIfDue() {
    if (!this.#w.checkpointDue(this.#checkpointed, this.#checkpointEvery)) return;
    const target = checkpointPath(this.#path);
    const temporary = `${target}.tmp`;
    try {
      const bytes = this.#w.makeCheckpoint(this.#size);
      const fd = openSync(temporary, 'w', 0o644);
      try {
        writeAll(fd, bytes, 0);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(temporary, target);
      const dir = openSync(dirname(this.#path), 'r');
      try { fsyncSync(dir); } finally { closeSync(dir); }
      this.#checkpointed = this.#w.entryCount();
    } catch {
      try { unlinkSync(temporary); } catch { /* not there */ }
    }
  }

  // The core writes each call's lines through #appendDurably before the
  // call returns.
  bindDurableWrite(w) {
    w.setDurableWrite((bytes) => this.#appendDurably(bytes));
  }

  // --- the StoredBank backend (stored_bank.js) ------------------------------

  async append(bytes) {
    try {
      for (let done = 0; done < bytes.length;) {
        const { bytesWritten } = await writeAsync(this.#fd, bytes, done, bytes.length - done, this.#size + done);
        done += bytesWritten;
      }
      await fdatasyncAsync(this.#fd);
      this.#size += bytes.length;
    } catch (e) {
      this.#cutBack();
      throw new BankError('RESOURCE_EXHAUSTED', `the store '${this.#path}' cannot take the entries: ${e.code ?? e.message}`);
    }
    this.#checkpointIfDue();
  }

  // Nothing half-written may stay behind to come back on the next open.
  #cutBack() {
    try { ftruncateSync(this.#fd, this.#size); fsyncSync(this.#fd); } catch { /* the caller reports the write */ }
  }

  // One process holds the store (its lock file): no turns to take, nobody
  // else's entries to catch up with.
  turn(fn) { return fn(); }
  linesAfter() { return null; }
  appended() {}
  // Lets the callers of this tick apply their ops first: one write for all.
  gather() { return new Promise((resolve) => setImmediate(resolve)); }

  // Returns '' once the lines are written and fsync'ed, or why not (the
  // core then refuses the call with RESOURCE_EXHAUSTED and undoes it).
  // Never throws: it runs inside a wasm call.
  #appendDurably(bytes) {
    try {
      writeAll(this.#fd, bytes, this.#size);
      fsyncSync(this.#fd);
      this.#size += bytes.length;
      this.#checkpointIfDue();
      return '';
    } catch (e) {
      this.#cutBack();
      return `the store '${this.#path}' cannot take the entry: ${e.code ?? e.message}`;
    }
  }

  close() {
    closeSync(this.#fd);
    releaseLock(this.#path);
  }
}
