// wasm-bank: the public JavaScript API (SPEC §6) over the embind class
// WasmBank (bindings/bank_bindings.cc).
//
// Every operation goes through the core's JSON path: the wrapper writes the
// op object as one JSON line with its own small serializer (bigint -> bare
// digits, every JS number with an exponent so the core can tell a number
// from a bigint in amount fields), runs it with the JS dialect and parses the
// transcript line. Rules, error precedence and formatting live in the core
// only; this file converts types and turns failed transcripts into BankError.

import { BankError, ERROR_CODES } from './bank_error.js';
import { forgetIfAborted, loadModule } from './load_wasm.js';
import {
  COPY_LIMIT, JOURNAL_LIMIT, LINE_LIMIT, isBlankBytes, isBlankText, oversizeStandIn, serializeOp,
} from './op_text.js';

export { BankError, ERROR_CODES };

// Banks whose owner forgot dispose(): free the wasm side when collected.
const finalizer =
  typeof FinalizationRegistry === 'function'
    ? new FinalizationRegistry((held) => {
      try {
        held.delete();
      } catch {
        // already freed, or the instance is gone: nothing left to free
      }
    })
    : null;

function toBankError(e) {
  if (e instanceof BankError) return e;
  const text = e instanceof Error ? e.message : String(e);
  return new BankError('INVALID_ARGUMENT', `invalid argument: ${text}`);
}

const disposedError = () => new BankError('INVALID_ARGUMENT', 'this bank was disposed');

// The op name a failed execute reports when the wrapper itself must answer.
function opNameOf(input) {
  try {
    if (typeof input === 'string' || input instanceof Uint8Array) {
      const text = typeof input === 'string' ? input : new TextDecoder().decode(input);
      if (text.length > LINE_LIMIT) return '';
      input = JSON.parse(text);
    }
    if (input !== null && typeof input === 'object' && !Array.isArray(input) &&
        typeof input.op === 'string') {
      return input.op;
    }
  } catch {
    // not an object with a string op
  }
  return '';
}

const MUTATING = new Set(['open', 'deposit', 'withdraw', 'transfer', 'close']);

// Bytes known to be ASCII (the core's formatted amounts) as a string.
function ascii(bytes, start, length) {
  let text = '';
  for (let i = 0; i < length; i += 1) text += String.fromCharCode(bytes[start + i]);
  return text;
}

// The fields an ergonomic method takes as an object (a spec or its options).
// Absent is fine (the core then reports what is missing); a value that is not
// a plain object cannot name fields and is a type error.
function fieldsOf(value, what) {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value) || ArrayBuffer.isView(value)) {
    throw new BankError('INVALID_ARGUMENT', `${what} must be an object`);
  }
  return value;
}

// ---------------------------------------------------------------------------

class Bank {
  #module;
  #w; // the WasmBank handle, null once freed
  #disposed = false;
  #onLog = null;
  #logQueue = [];
  #draining = false;
  #depth = 0;
  #handle = 0; // the WasmBank's address, for the raw transfer export
  #slot = 0; // address of its TransferSlot
  #memory = null; // a Uint8Array over wasm memory; replaced when it grows

  constructor(module, onLog) {
    this.#module = module;
    this.#w = new module.WasmBank();
    this.#handle = this.#w.handle();
    this.#slot = this.#w.transferSlotAddress();
    if (finalizer !== null) finalizer.register(this, this.#w, this);
    if (typeof onLog === 'function') {
      this.#onLog = onLog;
      this.#w.setLogSink(Bank.#logSink(this));
    }
  }

  // The core's sink must not hold the bank strongly (it lives in the module's
  // handle table), or a forgotten bank would never be collected. Made in a
  // static method so the closure's scope holds no `this` (a closure created
  // in the constructor would share a scope that does).
  static #logSink(bank) {
    const ref = typeof WeakRef === 'function' ? new WeakRef(bank) : { deref: () => bank };
    bank = undefined;
    return (line) => {
      const target = ref.deref();
      if (target !== undefined) target.#logQueue.push(line);
    };
  }

  // Runs fn(handle) with embind's own errors turned into BankError, then
  // hands queued core log lines to onLog (after the core call is complete,
  // so a callback that calls the bank never re-enters the core mid-op).
  #enter(fn) {
    if (this.#disposed) throw disposedError();
    this.#depth++;
    try {
      return fn(this.#w);
    } catch (e) {
      forgetIfAborted(this.#module, e);
      throw toBankError(e);
    } finally {
      this.#depth--;
      if (this.#depth === 0) this.#drainLogs();
    }
  }

  #drainLogs() {
    if (this.#draining || this.#logQueue.length === 0) return;
    this.#draining = true;
    try {
      while (this.#logQueue.length > 0) {
        const lines = this.#logQueue;
        this.#logQueue = [];
        for (const line of lines) {
          try {
            this.#onLog(line);
          } catch {
            // a throwing log callback must not break the bank call
          }
        }
      }
    } finally {
      this.#draining = false;
    }
  }

  // One op object through the core; returns the parsed transcript.
  #run(op) {
    const line = serializeOp(op);
    const text = this.#w.execute(line, true);
    return text === '' ? null : JSON.parse(text);
  }

  // Ergonomic call: build the op, run it, throw BankError when it failed.
  #call(build, mutating, throwIf = (t) => !t.ok) {
    return this.#enter(() => {
      const op = build();
      if (mutating && op.at === undefined) op.at = Date.now();
      const t = this.#run(op);
      if (t === null || throwIf(t)) {
        const code = t !== null && ERROR_CODES.includes(t.error) ? t.error : 'INVALID_ARGUMENT';
        throw new BankError(code, this.#w.lastErrorMessage());
      }
      return t;
    });
  }

  greet(name) {
    return this.#call(() => ({ op: 'greet', name }), false).greeting;
  }

  plus(a, b) {
    return this.#call(() => ({ op: 'plus', a, b }), false).result;
  }

  minus(a, b) {
    return this.#call(() => ({ op: 'minus', a, b }), false).result;
  }

  openAccount(spec) {
    return this.#call(
      () => Object.assign({ op: 'open' }, fieldsOf(spec, 'openAccount(spec)'), { op: 'open' }),
      true,
    );
  }

  deposit(id, amount, options) {
    return this.#call(
      () => Object.assign({ op: 'deposit', id, amount }, fieldsOf(options, 'options'),
        { op: 'deposit', id, amount }),
      true,
    );
  }

  withdraw(id, amount, options) {
    return this.#call(
      () => Object.assign({ op: 'withdraw', id, amount }, fieldsOf(options, 'options'),
        { op: 'withdraw', id, amount }),
      true,
    );
  }

  transfer(spec) {
    const fast = this.#fastTransfer(spec);
    if (fast !== undefined) return fast;
    return this.#call(
      () => Object.assign({ op: 'transfer' }, fieldsOf(spec, 'transfer(spec)'), { op: 'transfer' }),
      true,
    );
  }

  // The common transfer() — a plain object with int32 ids, a bigint or short
  // ASCII decimal amount, maybe `at`, no key or memo — crosses the boundary
  // once, through a raw export with fixed-size arguments, and reads the
  // result from the bank's TransferSlot. The core applies exactly the rules
  // of the transfer op. Anything else returns undefined and takes the JSON
  // path, which reports every other case in the right precedence.
  #fastTransfer(spec) {
    if (spec === null || typeof spec !== 'object' ||
        Object.getPrototypeOf(spec) !== Object.prototype) return undefined;
    let from;
    let to;
    let amount;
    let at;
    try {  // getters may throw: then the op path reports it
      for (const key in spec) {
        if (key !== 'from' && key !== 'to' && key !== 'amount' && key !== 'at') return undefined;
      }
      ({ from, to, amount, at } = spec);
    } catch {
      return undefined;
    }
    if (at === undefined) at = Date.now();
    if ((from | 0) !== from || (to | 0) !== to || typeof at !== 'number') return undefined;
    const M = this.#module;
    let minor = 0n;
    let length = 0;
    if (typeof amount === 'bigint') {
      if (BigInt.asIntN(64, amount) !== amount) return undefined;
      minor = amount;
    } else if (typeof amount !== 'string' || amount.length === 0 ||
               amount.length > M.TRANSFER_SLOT_AMOUNT_SIZE) {
      return undefined;
    } else {
      length = amount.length;
      for (let i = 0; i < length; i += 1) {
        if (amount.charCodeAt(i) > 0x7e) return undefined;
      }
    }
    // Inline rather than through #enter: no closure per call on this path.
    if (this.#disposed) throw disposedError();
    let code;
    try {
      if (length > 0) {
        const bytes = this.#bytes();
        const base = this.#slot + M.TRANSFER_SLOT_AMOUNT;
        for (let i = 0; i < length; i += 1) bytes[base + i] = amount.charCodeAt(i);
      }
      code = M._wasmbank_transfer(this.#handle, from, to, minor, length, at);
    } catch (e) {
      forgetIfAborted(M, e);
      throw toBankError(e);
    }
    if (this.#depth === 0) this.#drainLogs();
    if (code !== 0) throw new BankError(ERROR_CODES[code - 1], this.#w.lastErrorMessage());
    const bytes = this.#bytes();
    const slot = this.#slot;
    return {
      op: 'transfer',
      ok: true,
      entry: (bytes[slot] | (bytes[slot + 1] << 8) | (bytes[slot + 2] << 16) | (bytes[slot + 3] << 24)) >>> 0,
      from_balance: ascii(bytes, slot + M.TRANSFER_SLOT_FROM_BALANCE, bytes[slot + M.TRANSFER_SLOT_FROM_LENGTH]),
      to_balance: ascii(bytes, slot + M.TRANSFER_SLOT_TO_BALANCE, bytes[slot + M.TRANSFER_SLOT_TO_LENGTH]),
    };
  }

  // The wasm memory as bytes. A view whose buffer was detached by memory
  // growth has length 0 and is made again; over a resizable buffer
  // (Emscripten >= 6.0.2) the view tracks the buffer's length by itself.
  #bytes() {
    if (this.#memory === null || this.#memory.length === 0) {
      this.#memory = new Uint8Array(this.#module.WasmBank.memoryBuffer());
    }
    return this.#memory;
  }

  balance(id) {
    return this.#call(() => ({ op: 'balance', id }), false).balance;
  }

  account(id) {
    return this.#call(() => ({ op: 'account', id }), false).account;
  }

  accounts() {
    return this.#enter((w) => JSON.parse(w.accountsJson()));
  }

  history(id, options) {
    return this.#call(
      () => Object.assign({ op: 'history', id }, fieldsOf(options, 'options'), { op: 'history', id }),
      false,
    ).entries;
  }

  close(id, options) {
    return this.#call(
      () => Object.assign({ op: 'close', id }, fieldsOf(options, 'options'), { op: 'close', id }),
      true,
    );
  }

  batch(ops, options) {
    return this.#call(
      () => {
        let items = ops;
        if (Array.isArray(ops)) {
          // Inner ops without `at` are stamped with one Date.now(), like
          // every other ergonomic mutation.
          const now = Date.now();
          items = ops.map((item) =>
            item !== null && typeof item === 'object' && !Array.isArray(item) &&
            item.at === undefined && MUTATING.has(item.op)
              ? { ...item, at: now }
              : item);
        }
        return Object.assign({ op: 'batch', ops: items }, fieldsOf(options, 'options'),
          { op: 'batch', ops: items });
      },
      false,
      // Failed inner ops are reported in `results`; only a batch rejected
      // as a whole (no results) throws.
      (t) => !t.ok && !Array.isArray(t.results),
    );
  }

  execute(op) {
    if (this.#disposed) return { op: opNameOf(op), ok: false, error: 'INVALID_ARGUMENT' };
    try {
      return this.#enter((w) => {
        if (typeof op === 'string') {
          const line = op.length > COPY_LIMIT ? oversizeStandIn(isBlankText(op)) : op;
          const text = w.execute(line, false);
          return text === '' ? null : JSON.parse(text);
        }
        if (op instanceof Uint8Array) {
          const line = op.length > COPY_LIMIT ? oversizeStandIn(isBlankBytes(op)) : op;
          const text = w.execute(line, false);
          return text === '' ? null : JSON.parse(text);
        }
        return this.#run(op);
      });
    } catch {
      return { op: opNameOf(op), ok: false, error: 'INVALID_ARGUMENT' };
    }
  }

  exportJournal() {
    return this.#enter((w) => {
      // In pieces, so that wasm memory never holds the whole text.
      const pieces = [];
      w.beginExport();
      for (let piece = w.exportPiece(); piece !== ''; piece = w.exportPiece()) pieces.push(piece);
      try {
        return pieces.join('');
      } catch (e) {
        throw new BankError('INVALID_ARGUMENT',
          `the journal is too large for one JavaScript string (${e.message}); ` +
          'a JavaScript string holds at most 2^29 - 24 characters', { cause: e });
      }
    });
  }

  verify() {
    return this.#call(() => ({ op: 'verify' }), false);
  }

  transferMany(transfers) {
    return this.#enter((w) => {
      const { from, to, amount } = transfers ?? {};
      if (!(from instanceof Int32Array) || !(to instanceof Int32Array) ||
          !(amount instanceof BigInt64Array)) {
        throw new BankError('INVALID_ARGUMENT',
          'transferMany takes { from: Int32Array, to: Int32Array, amount: BigInt64Array }');
      }
      const n = from.length;
      if (to.length !== n || amount.length !== n) {
        throw new BankError('INVALID_ARGUMENT',
          'transferMany: from, to and amount must have the same length');
      }
      const codes = new Uint8Array(n);
      if (n === 0) return codes;
      const WasmBank = this.#module.WasmBank;
      const at = Date.now();
      const chunk = WasmBank.maxTransferChunk();
      for (let off = 0; off < n;) {
        const k = w.prepareTransfers(Math.min(chunk, n - off));
        // Views are made after prepareTransfers (which may grow memory and
        // detach the old buffer) and again after applyTransfers.
        let buffer = WasmBank.memoryBuffer();
        new Int32Array(buffer, w.fromAddress(), k).set(from.subarray(off, off + k));
        new Int32Array(buffer, w.toAddress(), k).set(to.subarray(off, off + k));
        new BigInt64Array(buffer, w.amountAddress(), k).set(amount.subarray(off, off + k));
        w.applyTransfers(k, at);
        buffer = WasmBank.memoryBuffer();
        codes.set(new Uint8Array(buffer, w.codesAddress(), k), off);
        off += k;
      }
      return codes;
    });
  }

  // Imports a journal into a fresh bank; used by createBank (static, so it is
  // not one of the bank's methods).
  static importJournal(bank, journal) {
    return bank.#enter((w) => {
      if (typeof journal !== 'string' && !(journal instanceof Uint8Array)) {
        throw new BankError('INVALID_ARGUMENT', 'journal must be a string or a Uint8Array');
      }
      if (journal.length > JOURNAL_LIMIT) {
        throw new BankError('CORRUPT_JOURNAL', 'journal is too large to import');
      }
      const code = w.importJournal(journal);
      if (code !== 0) {
        throw new BankError(ERROR_CODES[code - 1] ?? 'CORRUPT_JOURNAL', w.lastErrorMessage());
      }
    });
  }

  dispose() {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#onLog = null;
    this.#logQueue = [];
    if (finalizer !== null) finalizer.unregister(this);
    const w = this.#w;
    this.#w = null;
    try {
      w.delete();
    } catch {
      // the instance is gone already
    }
  }
}

if (typeof Symbol.dispose === 'symbol') {
  Object.defineProperty(Bank.prototype, Symbol.dispose, {
    value: function dispose() {
      this.dispose();
    },
    writable: true,
    configurable: true,
  });
}

/**
 * Creates a bank. Options: journal (an exported journal to start from),
 * onLog (called with each core log line), and where wasm-bank.wasm is when it
 * is not next to this module: wasmBinary (its bytes), wasmUrl (a URL or
 * string) or locateFile (Emscripten style: (file, prefix) => URL string), in
 * that order of precedence. A load failure rejects with BankError
 * INVALID_ARGUMENT naming the URL and the HTTP status, MIME type or file error.
 */
export async function createBank(options = {}) {
  const opts = options !== null && typeof options === 'object' ? options : {};
  const { journal, onLog, wasmBinary, wasmUrl, locateFile } = opts;
  if (onLog !== undefined && onLog !== null && typeof onLog !== 'function') {
    throw new BankError('INVALID_ARGUMENT', 'onLog must be a function');
  }
  let module;
  try {
    module = await loadModule({ wasmBinary, wasmUrl, locateFile });
  } catch (e) {
    if (e instanceof BankError) throw e;
    throw loadError(`could not load wasm-bank.wasm: ${e && e.message}`, e);
  }
  const bank = new Bank(module, onLog ?? null);
  if (journal !== undefined && journal !== null) {
    try {
      Bank.importJournal(bank, journal);
    } catch (e) {
      bank.dispose();
      throw e;
    }
  }
  return bank;
}
