// The Node file backend (docs/store-format.md): primitives only, for the
// store protocol in store.js. The same file, checkpoint and lock file as the
// native FileStore (core/src/file_store.cc), so that bank-cli and wasm-bank
// take turns on one store. Node only: it uses node:fs.
//
// The Node bin's path (the core calls a durable write inside each call)
// needs synchronous primitives: `new NodeFileBackend(path, { synchronous:
// true })`. openBank's backend appends asynchronously instead, so that the
// process goes on serving (and queueing the next group) while a record is
// written and fdatasync'ed; the rest is rare and stays synchronous.
import {
  closeSync, fdatasync, fdatasyncSync, fstatSync, fsyncSync, ftruncateSync, linkSync, openSync, readdirSync,
  readFileSync, readSync, renameSync, unlinkSync, write, writeSync,
} from 'node:fs';
import { promisify } from 'node:util';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { BankError } from './bank_error.js';

const lockPath = (path) => `${path}.lock`;
const checkpointPath = (path) => `${path}.checkpoint`;

class InUse extends Error {
  constructor(pid) {
    super(`in use by process ${pid}`);
    this.pid = pid;
  }
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

function writeAll(fd, bytes, position) {
  for (let done = 0; done < bytes.length;) {
    done += writeSync(fd, bytes, done, bytes.length - done, position + done);
  }
}

function syncDirectory(path) {
  const dir = openSync(dirname(path), 'r');
  try { fsyncSync(dir); } finally { closeSync(dir); }
}

const writeAsync = promisify(write);
const fdatasyncAsync = promisify(fdatasync);

// `record` may view memory that changes once this returns (the wasm heap):
// it is copied before the first await.
async function appendAsync(fd, record, position) {
  const bytes = Uint8Array.from(record);
  for (let done = 0; done < bytes.length;) {
    const { bytesWritten } = await writeAsync(fd, bytes, done, bytes.length - done, position + done);
    done += bytesWritten;
  }
  await fdatasyncAsync(fd);
}

const unlinkQuietly = (path) => { try { unlinkSync(path); } catch { /* not there */ } };

// --- the lock (docs/store-format.md "One process at a time"; the design of
// issue 16 §2, which core/src/file_store.cc implements too) ----------------
//
// A lock file holds "<pid> <token>\n" (an old one "<pid>\n": token "").
// It is only ever created by link() of a complete private file, and only
// replaced by rename() done by the one process holding the claim named
// after the exact (pid, token) it found dead.

/** The owner written in a lock file, or null if there is none. */
function readOwner(path) {
  let text;
  try {
    text = readFileSync(path, 'latin1');
  } catch (e) {
    if (e.code === 'ENOENT') return null;
    throw e;
  }
  const [pidText = '', token = ''] = text.replace(/\n$/, '').split(' ');
  return { pid: /^[0-9]+$/.test(pidText) ? Number(pidText) : 0, pidText, token };
}

function writeNew(path, text) {
  const fd = openSync(path, 'wx', 0o644);
  try {
    writeAll(fd, Buffer.from(text, 'latin1'), 0);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

// Takes the lock file `path` for (this process, token); throws InUse
// naming the live holder.
function acquire(path, token, depth = 0) {
  const mine = `${path}.${process.pid}.${token}.tmp`;
  writeNew(mine, `${process.pid} ${token}\n`);
  try {
    for (let attempt = 0; attempt < 8; attempt += 1) {
      try {
        linkSync(mine, path);
        return;
      } catch (e) {
        if (e.code !== 'EEXIST') throw e;
      }
      const owner = readOwner(path);
      if (owner === null) continue;  // released meanwhile: try again
      if (isRunning(owner.pid)) throw new InUse(owner.pid);
      if (depth >= 3) break;
      // The owner is dead. Whoever holds the claim named after it may
      // replace it; a claimer that died is taken over one level down.
      const claim = `${path}.takeover-${owner.pidText}-${owner.token}`;
      acquire(claim, token, depth + 1);
      try {
        const now = readOwner(path);
        if (now !== null && now.pidText === owner.pidText && now.token === owner.token) {
          renameSync(mine, path);
          return;
        }
      } finally {
        release(claim, token);
      }
    }
    throw new Error('another process keeps taking its lock');
  } finally {
    unlinkQuietly(mine);  // linked or renamed already, or never used
  }
}

function release(path, token) {
  try {
    if (readOwner(path)?.token === token) unlinkSync(path);
  } catch { /* gone already */ }
}

function newToken() {
  return randomBytes(8).toString('hex');
}

// A crashed process can leave its private lock files and claims behind
// (their names are never used again): removed with the store, if their
// process is gone.
function removeLeftovers(path) {
  const prefix = `${basename(lockPath(path))}.`;
  let names = [];
  try { names = readdirSync(dirname(path)); } catch { /* nothing to tidy */ }
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const leftover = join(dirname(path), name);
    const owner = readOwner(leftover);
    if (owner !== null && !isRunning(owner.pid)) unlinkQuietly(leftover);
  }
}

export class NodeFileBackend {
  #path;
  #token = newToken();
  #fd = null;
  #locked = false;

  #synchronous;

  constructor(path, { synchronous = false } = {}) {
    this.#path = path;
    this.#synchronous = synchronous;
  }

  get label() { return this.#path; }

  // hold: false reads without holding it (no lock; `export --from-store`).
  open({ hold = true } = {}) {
    if (!hold) {
      this.#fd = openSync(this.#path, 'r');
      return;
    }
    try {
      acquire(lockPath(this.#path), this.#token);
    } catch (e) {
      throw this.#refusal('open', e);
    }
    this.#locked = true;
    try {
      closeSync(openSync(this.#path, 'a', 0o644));  // creates it
      this.#fd = openSync(this.#path, 'r+');        // reads and writes by position
    } catch (e) {
      this.close();
      throw e;
    }
  }

  #refusal(what, e) {
    const lock = lockPath(this.#path);
    const why = e instanceof InUse ? `it is in use by process ${e.pid} (lock file '${lock}')`
      : e.code ? `cannot create its lock file '${lock}': ${e.code}` : e.message;
    return new BankError('INVALID_ARGUMENT', `cannot ${what} the store '${this.#path}': ${why}`);
  }

  // One process holds the file (its lock file): nobody else writes.
  turn(fn) { return fn(); }
  readAfter() { return null; }

  readCheckpoint() {
    try {
      return readFileSync(checkpointPath(this.#path));
    } catch (e) {
      if (e.code === 'ENOENT') return null;
      throw e;
    }
  }

  readAll() {
    return this.readFrom(0);
  }

  readFrom(offset) {
    const { size } = fstatSync(this.#fd);
    if (offset > size) return null;
    const bytes = Buffer.alloc(size - offset);
    for (let done = 0; done < bytes.length;) {
      const n = readSync(this.#fd, bytes, done, bytes.length - done, offset + done);
      if (n === 0) return bytes.subarray(0, done);
      done += n;
    }
    return bytes;
  }

  // A new store's name is durable once its directory is synced, as
  // bank-cli does.
  begin(start) {
    writeAll(this.#fd, start, 0);
    fsyncSync(this.#fd);
    syncDirectory(this.#path);
  }

  append(record, { size }) {
    if (!this.#synchronous) return appendAsync(this.#fd, record, size);
    writeAll(this.#fd, record, size);
    fdatasyncSync(this.#fd);
    return undefined;
  }

  cut({ size }) {
    ftruncateSync(this.#fd, size);
    fsyncSync(this.#fd);
  }

  // Written beside the store as PATH.checkpoint.tmp, synced, renamed over
  // PATH.checkpoint, then the directory synced: the old one or the new one.
  writeCheckpoint(bytes) {
    const target = checkpointPath(this.#path);
    const temporary = `${target}.tmp`;
    try {
      const fd = openSync(temporary, 'w', 0o644);
      try {
        writeAll(fd, bytes, 0);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(temporary, target);
      syncDirectory(target);
    } catch (e) {
      unlinkQuietly(temporary);
      throw e;
    }
  }

  close() {
    if (this.#fd !== null) {
      const fd = this.#fd;
      this.#fd = null;
      closeSync(fd);
    }
    if (this.#locked) {
      this.#locked = false;
      release(lockPath(this.#path), this.#token);
    }
  }

  /**
   * Removes the store at `path`: the file, its checkpoint and its lock
   * (and what crashed openers left), refused while a running process holds
   * it. A store that is not there is nothing to remove.
   */
  static destroy(path) {
    const backend = new NodeFileBackend(path);
    const token = backend.#token;
    try {
      acquire(lockPath(path), token);
    } catch (e) {
      throw backend.#refusal('delete', e);
    }
    try {
      for (const file of [path, checkpointPath(path), `${checkpointPath(path)}.tmp`]) {
        try {
          unlinkSync(file);
        } catch (e) {
          if (e.code !== 'ENOENT') throw new BankError('INVALID_ARGUMENT', `cannot delete the store '${path}': ${e.code}`);
        }
      }
    } finally {
      release(lockPath(path), token);
    }
    removeLeftovers(path);
  }
}
