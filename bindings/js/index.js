// wasm-bank: the public JavaScript API over the embind class WasmBank
// (bindings/bank_bindings.cc), which binds the core's typed C++ API.
//
// Each ergonomic method converts its arguments to the core's types
// (convert.js: int32 ids, bigint or decimal-text amounts, options), makes one
// typed call, and turns a failing code into a BankError. Rules, the order of
// errors and money formatting live in the core only. execute() and batch()
// take op objects, JSON's shape, and go through the core's JSON adapter.

import { BankError, ERROR_CODES } from './bank_error.js';
import { DEFAULTS, ENTRY_KINDS, LIMITS } from './contract.js';
import { forgetIfAborted, loadError, loadModule } from './load_wasm.js';
import { StoredBank } from './stored_bank.js';
import { Store } from './store.js';
import {
  COPY_LIMIT, JOURNAL_LIMIT, LINE_LIMIT, isBlankBytes, isBlankText, oversizeStandIn,
} from './op_text.js';
import {
  AMOUNT, OPTION_FIELDS, amount, checkRoomFor, fieldsOf, int32, isPresent, options, text,
  unknownField, unreadable, wire,
} from './convert.js';

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

// A trap inside the wasm core (WebAssembly.RuntimeError: unreachable, an
// out-of-bounds access, an abort) is a bug in the core, never the caller's
// mistake: it is thrown as it is, not dressed as a BankError.
const isTrap = (e) => typeof WebAssembly === 'object' && e instanceof WebAssembly.RuntimeError;

// What embind throws while converting an argument (a TypeError, a
// BindingError) is the caller's: INVALID_ARGUMENT.
function toBankError(e) {
  if (e instanceof BankError) return e;
  const text = e instanceof Error ? e.message : String(e);
  return new BankError('INVALID_ARGUMENT', `invalid argument: ${text}`);
}

const disposedError = () => new BankError('INVALID_ARGUMENT', 'this bank was disposed');
const brokenError = (trap) => new BankError('INVALID_ARGUMENT',
  `this bank stopped at a failure inside the wasm core (${trap.message}); ` +
  'create a new bank (a stored bank reopens from its store)', { cause: trap });

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

const OPEN_FIELDS = ['id', 'name', 'address', 'currency', 'balance', 'overdraft_limit', ...OPTION_FIELDS];
const TRANSFER_FIELDS = ['from', 'to', 'amount', ...OPTION_FIELDS];
const HISTORY_FIELDS = ['limit', 'before'];

// A mutating op's success as its transcript object (docs/transcript-format.md):
// the one place that knows each op's fields and their order.
function receiptObject(op, entry, id, balance, toBalance, replayed) {
  const out = { op, ok: true, entry };
  if (op === 'transfer') {
    out.from_balance = balance;
    out.to_balance = toBalance;
  } else {
    out.id = id;
    if (op !== 'close') out.balance = balance;
  }
  if (replayed) out.replayed = true;
  return out;
}

const failure = (op, code) => ({ op, ok: false, error: code });

// The mutating ops, as wasmbank::EntryKind numbers them (contract.js), with
// their fields.
const KINDS = Object.freeze(Object.fromEntries(ENTRY_KINDS.map((kind, k) => [kind, k])));
const FIELDS = Object.freeze({
  open: ['op', ...OPEN_FIELDS],
  deposit: ['op', 'id', 'amount', ...OPTION_FIELDS],
  withdraw: ['op', 'id', 'amount', ...OPTION_FIELDS],
  transfer: ['op', ...TRANSFER_FIELDS],
  close: ['op', 'id', ...OPTION_FIELDS],
});
const ABSENT = Object.freeze({ form: AMOUNT.ABSENT, minor: 0n, text: '' });
const NO_SPEC = Object.freeze({ id: 0, name: '', address: '', currency: '', balance: ABSENT, overdraft_limit: ABSENT });
const PLAIN = Object.freeze({ hasKey: false, key: '', memo: '', at: 0 });

// A mutating op object (as batch() and execute() take it) as the typed op the
// core's WriteBatch takes; `now` is the default `at`. A value that does not
// convert makes a refused op, which fails in its place with that error.
function batchOpOf(item, now) {
  const kind = KINDS[item.op];
  const op = { kind, refusedCode: 0, refusedMessage: '', spec: NO_SPEC, id: 0, to: 0, amount: ABSENT, options: PLAIN };
  try {
    const f = fieldsOf(item, 'op', FIELDS[item.op]);
    op.options = options(f, now);
    if (kind === KINDS.open) {
      op.spec = {
        id: int32(f.id, 'id'), name: text(f.name, 'name'), address: text(f.address, 'address', ''),
        currency: text(f.currency, 'currency', DEFAULTS.CURRENCY), balance: amount(f.balance),
        overdraft_limit: amount(f.overdraft_limit),
      };
    } else if (kind === KINDS.transfer) {
      op.id = int32(f.from, 'from');
      op.to = int32(f.to, 'to');
      op.amount = amount(f.amount);
    } else {
      op.id = int32(f.id, 'id');
      if (kind !== KINDS.close) op.amount = amount(f.amount);
    }
  } catch (e) {
    if (!(e instanceof BankError)) throw e;
    op.refusedCode = ERROR_CODES.indexOf(e.code) + 1;
    op.refusedMessage = e.message;
  }
  return op;
}

// Whether a batch item is a mutating op object; anything else refuses the
// whole batch.
const isMutatingOp = (item) =>
  item !== null && typeof item === 'object' && !Array.isArray(item) &&
  typeof item.op === 'string' && Object.hasOwn(KINDS, item.op);

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

// The Exchange's layout and the direct export, read once per module into a
// small object (the Emscripten module object is large and slow to look up).
const layouts = new WeakMap();
function layoutOf(M) {
  let x = layouts.get(M);
  if (x === undefined) {
    x = Object.freeze({
      entry: M.EXCHANGE_ENTRY, id: M.EXCHANGE_ID, replayed: M.EXCHANGE_REPLAYED,
      balance: M.EXCHANGE_BALANCE, balanceLength: M.EXCHANGE_BALANCE_LENGTH,
      toBalance: M.EXCHANGE_TO_BALANCE, toBalanceLength: M.EXCHANGE_TO_BALANCE_LENGTH,
      text: M.EXCHANGE_TEXT, textSize: M.EXCHANGE_TEXT_SIZE, pendingText: M.PENDING_TEXT,
      move: M._wasmbank_move,
    });
    layouts.set(M, x);
  }
  return x;
}

// Bytes of a scenario file handed to the core at a time.
const SCENARIO_PIECE = 1 << 20;

const NO_OPTIONS = Object.freeze({ key: undefined, memo: undefined, at: undefined });

// The options of deposit and withdraw (key, memo, at) in one pass.
function readOptions(opts) {
  if (opts === undefined || opts === null) return NO_OPTIONS;
  return fieldsOf(opts, 'options', OPTION_FIELDS);
}

// Op numbers of the direct export wasmbank_move (bank_bindings.cc).
const MOVES = Object.freeze({ deposit: 1, withdraw: 2, transfer: 3 });


// The JS shape of a journal entry (the journal line's fields, in its order).
function entryObject(e) {
  const out = { entry: e.entry, kind: e.kind };
  if (e.kind === 'transfer') {
    out.from = e.id;
    out.to = e.to;
  } else {
    out.id = e.id;
  }
  if (e.kind === 'open') {
    out.name = e.name;
    out.address = e.address;
    out.currency = e.currency;
  }
  if (e.kind !== 'close') out.amount = e.amount;
  if (e.kind === 'open') out.overdraft_limit = e.overdraft_limit;
  if (e.memo !== '') out.memo = e.memo;
  if (e.hasKey) out.key = e.key;
  out.at = e.at;
  return out;
}

// ---------------------------------------------------------------------------
// Instrumentation (createBank's onCrossing option): when it is given, every
// call from this wrapper into the wasm core is recorded as it crossed.

// A value as it crossed the boundary: embind hands a string over as its
// UTF-8 bytes (a std::string), numbers and BigInts as they are (int32,
// double, int64), value objects field by field, views of wasm memory as a
// copy of the bytes they showed.
function crossed(value) {
  if (typeof value === 'string') return new TextEncoder().encode(value);
  if (ArrayBuffer.isView(value)) return value.slice();
  if (Array.isArray(value)) return value.map(crossed);
  if (value !== null && typeof value === 'object') {
    const out = {};
    for (const [k, v] of Object.entries(value)) out[k] = crossed(v);
    return out;
  }
  return value;
}

// What came back: strings stay strings (the core's UTF-8, decoded by the
// glue); objects are copied so that later calls do not change the record.
function returned(value) {
  if (ArrayBuffer.isView(value)) return value.slice();
  if (Array.isArray(value)) return value.map(returned);
  if (value !== null && typeof value === 'object') return { ...value };
  return value;
}

const now = typeof performance === 'object' && typeof performance.now === 'function'
  ? () => performance.now()
  : () => Date.now();

// Runs one crossing, `call(...args)` into the core, and records it with
// record({ call, args, result | error, ms, heapBefore, heapAfter, wrote? }).
function recordCrossing(record, heapSize, name, fn, args, wrote) {
  const entry = { call: name, args: args.map(crossed) };
  if (wrote !== undefined) entry.wrote = wrote;
  entry.heapBefore = heapSize();
  const start = now();
  try {
    const result = fn();
    entry.ms = now() - start;
    entry.result = returned(result);
    return result;
  } catch (e) {
    entry.ms = now() - start;
    entry.error = e instanceof Error ? e.message : String(e);
    throw e;
  } finally {
    entry.heapAfter = heapSize();
    record(entry);
  }
}

// The WasmBank handle with each method call recorded.
function instrumentedHandle(handle, record, heapSize) {
  const methods = new Map();
  return new Proxy(handle, {
    get(target, prop) {
      const value = target[prop];
      if (typeof value !== 'function' || typeof prop !== 'string') return value;
      let method = methods.get(prop);
      if (method === undefined) {
        method = (...args) => recordCrossing(record, heapSize, prop, () => value.apply(target, args), args);
        methods.set(prop, method);
      }
      return method;
    },
  });
}

// ---------------------------------------------------------------------------

class Bank {
  #module;
  #w; // the WasmBank handle, null once freed
  #disposed = false;
  #broken = null; // the trap that stopped this bank, if one did
  #onLog = null;
  #logQueue = [];
  #draining = false;
  #depth = 0;
  #exchange = null; // the WasmBank's Exchange as bytes; remade when memory grows
  #number = -1; // the WasmBank's number for the direct export wasmbank_move
  #x; // layoutOf(module)
  #directMove; // the direct export wasmbank_move (recorded when instrumented)
  #onCrossing = null;
  #crossings = [];

  constructor(module, onLog, onCrossing) {
    this.#module = module;
    const handle = new module.WasmBank();
    this.#w = handle;
    this.#number = handle.number();
    this.#x = layoutOf(module);
    this.#directMove = this.#x.move;
    if (finalizer !== null) finalizer.register(this, handle, this);
    if (typeof onLog === 'function') {
      this.#onLog = onLog;
      handle.setLogSink(Bank.#logSink(this));
    }
    if (typeof onCrossing === 'function') this.#instrument(handle, onCrossing);
  }

  // From here on every call into the core is recorded for onCrossing. The
  // heap size is read through the uninstrumented handle: its memory view
  // always shows the current buffer.
  #instrument(handle, onCrossing) {
    this.#onCrossing = onCrossing;
    const heapSize = () => handle.exchange().buffer.byteLength;
    const record = (entry) => this.#crossings.push(entry);
    this.#w = instrumentedHandle(handle, record, heapSize);
    const move = this.#x.move;
    const x = this.#x;
    this.#directMove = (...args) => {
      // An amount given as decimal text was written into the Exchange first.
      const wrote = args[4] === AMOUNT.DECIMAL && args[6] !== x.pendingText
        ? handle.exchange().slice(x.text, x.text + args[6])
        : undefined;
      return recordCrossing(record, heapSize, 'wasmbank_move', () => move(...args), args, wrote);
    };
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
  // fn is called as fn.call(this, handle, ...args): a method with its
  // arguments allocates nothing, which the per-call hot path needs.
  #enter(fn, a, b, c, d, e, f, g) {
    if (this.#disposed) throw this.#broken === null ? disposedError() : brokenError(this.#broken);
    this.#depth++;
    try {
      return fn.call(this, this.#w, a, b, c, d, e, f, g);
    } catch (error) {
      if (isTrap(error)) throw this.#breakOn(error);
      throw toBankError(error);
    } finally {
      this.#depth--;
      if (this.#depth === 0) this.#drainLogs();
    }
  }

  // After a trap the instance's memory cannot be trusted: this bank is
  // done (later calls say why) and the next createBank loads a fresh
  // instance. Returns the trap, to be rethrown as it is.
  #breakOn(trap) {
    forgetIfAborted(this.#module, trap);
    this.#broken = trap;
    this.#disposed = true;
    if (finalizer !== null) finalizer.unregister(this);
    this.#w = null;  // not deleted: the core's state may be what trapped
    return trap;
  }

  // Hands queued core log lines to onLog and recorded crossings to
  // onCrossing (a callback may call the bank: what that queues is handed
  // over in this same loop).
  #drainLogs() {
    if (this.#draining || (this.#logQueue.length === 0 && this.#crossings.length === 0)) return;
    this.#draining = true;
    try {
      while (this.#logQueue.length > 0 || this.#crossings.length > 0) {
        Bank.#deliver(this.#logQueue.splice(0), this.#onLog);
        Bank.#deliver(this.#crossings.splice(0), this.#onCrossing);
      }
    } finally {
      this.#draining = false;
    }
  }

  static #deliver(items, callback) {
    if (callback === null) return;
    for (const item of items) {
      try {
        callback(item);
      } catch {
        // a throwing callback must not break the bank call
      }
    }
  }

  // The Exchange's bytes. A view whose buffer was detached by memory growth
  // has length 0 and is made again (over a resizable buffer, Emscripten >=
  // 6.0.2, it stays valid).
  #bytes() {
    if (this.#exchange === null || this.#exchange.length === 0) {
      this.#exchange = this.#w.exchange();
    }
    return this.#exchange;
  }

  #ascii(offset, length) {
    const bytes = this.#bytes();
    let out = '';
    for (let i = 0; i < length; i += 1) out += String.fromCharCode(bytes[offset + i]);
    return out;
  }

  // The decimal text of an amount: into the Exchange when it is short ASCII
  // (no allocation), else handed over as a string. Returns its length, or
  // PENDING_TEXT.
  #putText(value) {
    const x = this.#x;
    if (typeof value === 'string' && value.length <= x.textSize) {
      let ascii = true;
      for (let i = 0; i < value.length && ascii; i += 1) ascii = value.charCodeAt(i) < 0x80;
      if (ascii) {
        const bytes = this.#bytes();
        for (let i = 0; i < value.length; i += 1) {
          bytes[x.text + i] = value.charCodeAt(i);
        }
        return value.length;
      }
    }
    this.#w.setPendingText(wire(value));
    return x.pendingText;
  }

  // Throws the BankError for a failing code.
  #check(code) {
    if (code !== 0) throw new BankError(ERROR_CODES[code - 1], this.#w.lastErrorMessage());
  }

  // What a mutating op reports, from the Exchange, as its transcript object.
  #receipt(op, code) {
    this.#check(code);
    const x = this.#x;
    const bytes = this.#bytes();
    const e = x.entry;
    const i = x.id;
    return receiptObject(op,
      (bytes[e] | (bytes[e + 1] << 8) | (bytes[e + 2] << 16) | (bytes[e + 3] << 24)) >>> 0,
      bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24),
      this.#ascii(x.balance, bytes[x.balanceLength]),
      op === 'transfer' ? this.#ascii(x.toBalance, bytes[x.toBalanceLength]) : '',
      bytes[x.replayed] !== 0);
  }

  // deposit, withdraw, transfer. The common call — a bigint or a decimal
  // string, no key or memo — passes fixed-size values only and allocates
  // nothing but its result; anything else passes every option as value
  // objects. (Written out rather than through #enter: no closure per call.)
  #move(op, from, to, value, key, memo, stamp) {
    return this.#enter(this.#moveIn, op, from, to, value, key, memo, stamp);
  }

  #moveIn(w, op, from, to, value, key, memo, stamp) {
    const at = stamp === undefined ? Date.now() : stamp;
    let code;
    if (key === undefined && memo === undefined && typeof at === 'number' &&
        (typeof value === 'bigint' ? value >= INT64_MIN && value <= INT64_MAX : typeof value === 'string')) {
      const minor = typeof value === 'bigint' ? value : 0n;
      const form = typeof value === 'bigint' ? AMOUNT.MINOR : AMOUNT.DECIMAL;
      const length = form === AMOUNT.DECIMAL ? this.#putText(value) : 0;
      code = this.#directMove(this.#number, MOVES[op], from, to, form, minor, length, at);
    } else {
      const a = amount(value);
      const o = options({ key, memo, at }, at);
      code = op === 'transfer' ? w.transferWith(from, to, a, o) : w[`${op}With`](from, a, o);
    }
    return this.#receipt(op, code);
  }

  // A read that reports through a getter.
  #read(call, get) {
    return this.#enter((w) => {
      this.#check(call(w));
      return get(w);
    });
  }

  greet(name) {
    return this.#read((w) => w.greet(text(name, 'name')), (w) => w.lastGreeting());
  }

  plus(a, b) {
    return this.#read((w) => w.plus(int32(a, 'a'), int32(b, 'b')), (w) => w.lastNumber());
  }

  minus(a, b) {
    return this.#read((w) => w.minus(int32(a, 'a'), int32(b, 'b')), (w) => w.lastNumber());
  }

  openAccount(spec) {
    return this.#enter((w) => {
      const f = fieldsOf(spec, 'openAccount(spec)', OPEN_FIELDS);
      const typed = {
        id: int32(f.id, 'id'),
        name: text(f.name, 'name'),
        address: text(f.address, 'address', ''),
        currency: text(f.currency, 'currency', DEFAULTS.CURRENCY),
        balance: amount(f.balance),
        overdraft_limit: amount(f.overdraft_limit),
      };
      return this.#receipt('open', w.open(typed, options(f, Date.now())));
    });
  }

  deposit(id, value, opts) {
    const o = readOptions(opts);
    return this.#move('deposit', int32(id, 'id'), 0, value, o.key, o.memo, o.at);
  }

  withdraw(id, value, opts) {
    const o = readOptions(opts);
    return this.#move('withdraw', int32(id, 'id'), 0, value, o.key, o.memo, o.at);
  }

  transfer(spec) {
    if (spec === null || typeof spec !== 'object' || Array.isArray(spec) || ArrayBuffer.isView(spec)) {
      throw new BankError('INVALID_ARGUMENT', 'transfer(spec) must be an object');
    }
    let from;
    let to;
    let value;
    let key;
    let memo;
    let at;
    try {  // one pass; a getter runs once, a throwing one is a BankError
      for (const name in spec) {
        switch (name) {
          case 'from': from = spec.from; break;
          case 'to': to = spec.to; break;
          case 'amount': value = spec.amount; break;
          case 'key': key = spec.key; break;
          case 'memo': memo = spec.memo; break;
          case 'at': at = spec.at; break;
          default: if (Object.hasOwn(spec, name) && isPresent(spec[name])) throw unknownField(name);
        }
      }
    } catch (e) {
      throw unreadable(e, 'transfer(spec)');
    }
    return this.#move('transfer', int32(from, 'from'), int32(to, 'to'), value, key, memo, at);
  }

  close(id, opts) {
    return this.#enter((w) => {
      const o = options(fieldsOf(opts, 'options', OPTION_FIELDS), Date.now());
      return this.#receipt('close', w.close(int32(id, 'id'), o));
    });
  }

  balance(id) {
    return this.#read((w) => w.balance(int32(id, 'id')),
      () => this.#ascii(this.#x.balance, this.#bytes()[this.#x.balanceLength]));
  }

  account(id) {
    return this.#read((w) => w.account(int32(id, 'id')), (w) => ({ ...w.lastAccount() }));
  }

  accounts() {
    return this.#enter((w) => w.accounts());
  }

  history(id, opts) {
    return this.#read((w) => {
      const f = fieldsOf(opts, 'options', HISTORY_FIELDS);
      const limit = f.limit === undefined ? DEFAULTS.HISTORY_LIMIT : int32(f.limit, 'limit');
      let before = 0;
      if (f.before !== undefined) {
        if (typeof f.before !== 'number' || !Number.isInteger(f.before) || f.before === 0) {
          throw new BankError('INVALID_ARGUMENT', '"before" must be an integer from 1 to 9007199254740992');
        }
        before = f.before;
      }
      return w.history(int32(id, 'id'), limit, before);
    }, (w) => w.lastHistory().map(entryObject));
  }

  batch(ops, opts) {
    return this.#enter(() => this.#batch(ops, opts, Date.now(), true));
  }

  // A batch through the core's WriteBatch; its transcript object. A batch
  // refused whole throws (ergonomic) or is a failed transcript (execute).
  #batch(ops, opts, now, throwing) {
    const refuse = (code, message) => {
      if (throwing) throw new BankError(code, message);
      return failure('batch', code);
    };
    let atomic;
    try {
      atomic = fieldsOf(opts, 'options', ['op', 'ops', 'atomic']).atomic;
    } catch (e) {
      if (e instanceof BankError) return refuse(e.code, e.message);
      throw e;
    }
    if (atomic !== undefined && typeof atomic !== 'boolean') {
      return refuse('INVALID_ARGUMENT', '"atomic" must be true or false');
    }
    if (!Array.isArray(ops) || !ops.every(isMutatingOp)) {
      return refuse('INVALID_ARGUMENT',
        '"ops" must be an array of open, deposit, withdraw, transfer or close ops');
    }
    const typed = ops.slice(0, LIMITS.MAX_BATCH_OPS + 1).map((item) => batchOpOf(item, now));
    const w = this.#w;
    const code = w.write(typed, atomic ?? true);
    if (code !== 0) return refuse(ERROR_CODES[code - 1], w.lastErrorMessage());
    const results = w.lastBatch().map((r, k) => (r.code === 0
      ? receiptObject(ops[k].op, r.entry, r.id, r.balance, r.to_balance, r.replayed)
      : failure(ops[k].op, ERROR_CODES[r.code - 1])));
    return { op: 'batch', ok: w.lastBatchOk(), results };
  }

  // An op object through the typed methods, as a scenario line would run:
  // `at` defaults to 0, failures are transcript objects.
  #executeObject(o) {
    let op;
    try {
      op = o !== null && typeof o === 'object' && !Array.isArray(o) ? o.op : undefined;
    } catch {
      op = undefined;
    }
    if (typeof op !== 'string') return failure('', 'INVALID_ARGUMENT');
    const w = this.#w;
    try {
      if (Object.hasOwn(KINDS, op)) {
        this.#check(w.write([batchOpOf(o, 0)], false));
        const [r] = w.lastBatch();
        return r.code === 0
          ? receiptObject(op, r.entry, r.id, r.balance, r.to_balance, r.replayed)
          : failure(op, ERROR_CODES[r.code - 1]);
      }
      switch (op) {
        case 'batch': {
          const f = fieldsOf(o, 'op', ['op', 'ops', 'atomic']);
          return this.#batch(f.ops, f, 0, false);
        }
        case 'balance': {
          const id = int32(fieldsOf(o, 'op', ['op', 'id']).id, 'id');
          this.#check(w.balance(id));
          const x = this.#x;
          return { op, ok: true, id, balance: this.#ascii(x.balance, this.#bytes()[x.balanceLength]),
            currency: this.#ascii(this.#module.EXCHANGE_CURRENCY, 3) };
        }
        case 'account':
          this.#check(w.account(int32(fieldsOf(o, 'op', ['op', 'id']).id, 'id')));
          return { op, ok: true, account: { ...w.lastAccount() } };
        case 'history': {
          const f = fieldsOf(o, 'op', ['op', 'id', ...HISTORY_FIELDS]);
          return { op, ok: true, entries: this.history(f.id, { limit: f.limit, before: f.before }) };
        }
        case 'verify':
          fieldsOf(o, 'op', ['op']);
          return this.verify();
        case 'greet':
          return { op, ok: true, greeting: this.greet(fieldsOf(o, 'op', ['op', 'name']).name) };
        case 'plus':
        case 'minus': {
          const f = fieldsOf(o, 'op', ['op', 'a', 'b']);
          return { op, ok: true, result: this[op](f.a, f.b) };
        }
        default:
          return failure(op, 'UNKNOWN_OP');
      }
    } catch (e) {
      if (e instanceof BankError) return failure(op, e.code);
      throw e;
    }
  }

  execute(op) {
    if (this.#disposed) return { op: opNameOf(op), ok: false, error: 'INVALID_ARGUMENT' };
    try {
      return this.#enter((w) => {
        if (typeof op === 'string') {
          const line = op.length > COPY_LIMIT ? oversizeStandIn(isBlankText(op)) : op;
          const text = w.execute(line);
          return text === '' ? null : JSON.parse(text);
        }
        if (op instanceof Uint8Array) {
          const line = op.length > COPY_LIMIT ? oversizeStandIn(isBlankBytes(op)) : op;
          const text = w.execute(line);
          return text === '' ? null : JSON.parse(text);
        }
        return this.#executeObject(op);
      });
    } catch (e) {
      if (isTrap(e)) throw e;  // a core bug, not a bad op
      return { op: opNameOf(op), ok: false, error: 'INVALID_ARGUMENT' };
    }
  }

  /**
   * Runs a scenario file (JSON lines) on this bank through the core's
   * scenario runner — the one behind bank-cli run — and returns its
   * transcript: one line per non-blank scenario line, each ending in "\n".
   * A byte-order mark at the start is ignored. Large input is fed to the
   * core in pieces, so wasm memory holds about one piece at a time.
   */
  runScenario(file) {
    return this.#enter((w) => {
      if (typeof file !== 'string' && !(file instanceof Uint8Array)) {
        throw new BankError('INVALID_ARGUMENT', 'runScenario takes a string or a Uint8Array');
      }
      const bytes = typeof file === 'string' ? new TextEncoder().encode(file) : file;
      const out = [];
      w.scenarioStart();
      for (let at = 0; at < bytes.length; at += SCENARIO_PIECE) {
        out.push(w.scenarioFeed(bytes.subarray(at, at + SCENARIO_PIECE)));
      }
      out.push(w.scenarioFinish());
      return out.join('');
    });
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
    return this.#read((w) => w.verify(), (w) => ({ op: 'verify', ok: true, ...w.lastVerify() }));
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
      const at = Date.now();
      const chunk = this.#module.WasmBank.maxTransferChunk();
      for (let off = 0; off < n;) {
        const k = w.prepareTransfers(Math.min(chunk, n - off));
        // Views are made after prepareTransfers (which may grow memory and
        // detach the old buffer) and again after applyTransfers.
        w.fromView().set(from.subarray(off, off + k));
        w.toView().set(to.subarray(off, off + k));
        const bytes = w.amountBytes();
        new BigInt64Array(bytes.buffer, bytes.byteOffset, k).set(amount.subarray(off, off + k));
        w.applyTransfers(k, at);
        codes.set(w.codesView().subarray(0, k), off);
        off += k;
      }
      return codes;
    });
  }

  // Runs fn(handle) on the bank's core: for the Node bin's file store
  // (node_store.js), through internalWithCore below.
  static withCore(bank, fn) {
    return bank.#enter(fn);
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
      checkRoomFor(w, journal);
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
    this.#onCrossing = null;
    this.#logQueue = [];
    this.#crossings = [];
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

// Not part of the API (index.d.ts leaves it out): how the Node bin binds its
// file store (node_store.js) to a bank's core.
export function internalWithCore(bank, fn) {
  return Bank.withCore(bank, fn);
}

/**
 * Opens a bank bound to a store (docs/store-format.md): every method returns
 * a promise, and a mutating one resolves only once its entries are durable.
 * In Node, `store` may also be a file path (the package's Node entry,
 * index.node.js, handles that).
 * @param {{ indexedDB: string }} store  an IndexedDB store of that name
 * @param {object} [options]  createBank's options (not `journal`)
 * @returns {Promise<StoredBank>}
 * @example
 *   const bank = await openBank({ indexedDB: 'my-bank' });
 *   await bank.deposit(101, '250.00');   // durable once it resolves
 */
export async function openBank(store, options = {}) {
  const name = indexedDbName(store);
  const { IndexedDbBackend } = await import('./idb_store.js');
  const { onStoreChange } = options !== null && typeof options === 'object' ? options : {};
  return internalOpenStoredBank(options, new IndexedDbBackend(name, onStoreChange));
}

/**
 * Deletes a store: { indexedDB: name } deletes its database (other tabs'
 * banks on it let go; their next call says to reload). In Node, a file
 * path (index.node.js).
 * @param {{ indexedDB: string }} store
 * @returns {Promise<void>}
 */
export async function deleteStore(store) {
  const name = indexedDbName(store);
  const { IndexedDbBackend } = await import('./idb_store.js');
  await IndexedDbBackend.destroy(name);
}

function indexedDbName(store) {
  if (typeof store === 'string') {
    throw new BankError('INVALID_ARGUMENT', 'a file store needs Node: in a browser, open { indexedDB: name }');
  }
  const name = store !== null && typeof store === 'object' ? store.indexedDB : undefined;
  if (typeof name !== 'string' || name === '') {
    throw new BankError('INVALID_ARGUMENT', 'a store is { indexedDB: name } (or, in Node, a file path)');
  }
  return name;
}

/**
 * Not part of the API (index.d.ts leaves it out): openBank and its Node
 * form (index.node.js) make a bank loaded from a store through `backend`
 * (store.js: the protocol; the backend's primitives).
 */
export async function internalOpenStoredBank(options, backend) {
  const {
    journal, seedJournal, onStoreChange, checkpointEvery, ...rest
  } = options !== null && typeof options === 'object' ? options : {};
  if (journal !== undefined) {
    throw new BankError('INVALID_ARGUMENT', 'a stored bank starts from its store: to start an empty store from an export, use seedJournal');
  }
  if (seedJournal !== undefined && typeof seedJournal !== 'string' && !(seedJournal instanceof Uint8Array)) {
    throw new BankError('INVALID_ARGUMENT', 'seedJournal must be a string or a Uint8Array');
  }
  if (checkpointEvery !== undefined && !(Number.isInteger(checkpointEvery) && checkpointEvery >= 1)) {
    throw new BankError('INVALID_ARGUMENT', 'checkpointEvery must be a whole number of entries, at least 1');
  }
  const bank = await createBank(rest);
  const core = (fn) => Bank.withCore(bank, fn);
  const note = typeof rest.onLog === 'function' ? rest.onLog : undefined;
  let store;
  try {
    store = await Store.open(backend, core, { note, checkpointEvery });
  } catch (e) {
    bank.dispose();
    throw e;
  }
  const stored = new StoredBank(bank, store, core);
  if (seedJournal !== undefined) {
    try {
      await stored.seed(() => Bank.importJournal(bank, seedJournal));
    } catch (e) {
      await stored.dispose();
      throw e;
    }
  }
  return stored;
}

/**
 * Creates a bank, in memory.
 * @param {object} [options]
 * @param {string|Uint8Array} [options.journal] an exported journal to start from
 * @param {(line: string) => void} [options.onLog] called with each core log line
 * @param {(crossing: Crossing) => void} [options.onCrossing] instrumentation:
 *   called after each bank call with every call it made into the wasm core —
 *   `{ call, args, result | error, ms, heapBefore, heapAfter, wrote? }`, the
 *   arguments as they crossed (numbers, BigInts, strings as UTF-8 bytes)
 * @param {ArrayBuffer|ArrayBufferView} [options.wasmBinary] the bytes of wasm-bank.wasm,
 * @param {URL|string} [options.wasmUrl] or its URL,
 * @param {(file: string, prefix: string) => string} [options.locateFile] or
 *   Emscripten's hook, in that order of precedence, when the wasm is not next
 *   to this module
 * @returns {Promise<Bank>} a load failure rejects with BankError
 *   INVALID_ARGUMENT naming the URL and the HTTP status, MIME type or file error
 * @example
 *   const bank = await createBank({ onCrossing: (c) => console.log(c.call, c.ms) });
 *   bank.deposit(101, '12.50');   // logs "wasmbank_move 0.01"
 */
export async function createBank(options = {}) {
  const opts = options !== null && typeof options === 'object' ? options : {};
  const { journal, onLog, onCrossing, wasmBinary, wasmUrl, locateFile } = opts;
  if (onLog !== undefined && onLog !== null && typeof onLog !== 'function') {
    throw new BankError('INVALID_ARGUMENT', 'onLog must be a function');
  }
  if (onCrossing !== undefined && onCrossing !== null && typeof onCrossing !== 'function') {
    throw new BankError('INVALID_ARGUMENT', 'onCrossing must be a function');
  }
  let module;
  try {
    module = await loadModule({ wasmBinary, wasmUrl, locateFile });
  } catch (e) {
    if (e instanceof BankError) throw e;
    throw loadError(`could not load wasm-bank.wasm: ${e && e.message}`, e);
  }
  const bank = new Bank(module, onLog ?? null, onCrossing ?? null);
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
