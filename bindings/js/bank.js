// The Bank class: the in-memory bank over the embind class WasmBank
// (bindings/wasm_bank.h), and createBank.
//
// Each typed method converts its arguments to the core's types (convert.js:
// int32 ids, bigint or decimal-text amounts, options), makes one typed call,
// and reads its result from the core (exchange.js, with the result fields
// the core declares). execute() and batch() hand op objects to the core's
// executor, the one that runs scenario lines. A failing code becomes a
// BankError in check() (bank_error.js). Rules, the order of errors, money
// formatting and every transcript are the core's.

import { BankError, check } from './bank_error.js';
import { DEFAULTS } from './contract.js';
import { forgetIfAborted, loadError, loadModule } from './load_wasm.js';
import {
  COPY_LIMIT, JOURNAL_LIMIT, LINE_LIMIT, isBlankBytes, isBlankText, oversizeStandIn,
} from './op_text.js';
import {
  AMOUNT, FIELD_COPY_LIMIT, OPTION_FIELDS, amount, checkObject, checkRoomFor, copyIn, fieldsOf, int32, opJson, options,
  refuseUnknown, stamp, text, unreadable, whole,
} from './convert.js';
import {
  balanceFrom, layoutOf, lineResultFrom, mayBeFastLine, putLine, putText, receiptFrom,
} from './exchange.js';
import { instrumentedHandle, recordCrossing } from './instrumentation.js';

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
const HISTORY_FIELDS = ['limit', 'before'];
const STATEMENT_FIELDS = ['limit', 'before', 'at'];
const HOLD_RANGE = '1 to 9007199254740992';
const AT_RANGE = '0 to 8640000000000000';

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

// Bytes of a scenario file handed to the core at a time.
const SCENARIO_PIECE = 1 << 20;

const NO_OPTIONS = Object.freeze({ key: undefined, memo: undefined, at: undefined });

// The options of deposit and withdraw (key, memo, at) in one pass.
function readOptions(opts) {
  if (opts === undefined || opts === null) return NO_OPTIONS;
  return fieldsOf(opts, 'options', OPTION_FIELDS);
}

// Op numbers of the direct export wasmbank_move (bindings/wasm_bank.cc).
const MOVES = Object.freeze({ deposit: 1, withdraw: 2, transfer: 3, hold: 4, capture: 5, release: 6, setLimit: 7 });


// ---------------------------------------------------------------------------

export class Bank {
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
  #directExecute; // the direct export wasmbank_execute (likewise)
  #onCrossing = null;
  #crossings = [];

  constructor(module, onLog, onCrossing) {
    this.#module = module;
    const handle = new module.WasmBank();
    this.#w = handle;
    this.#number = handle.number();
    this.#x = layoutOf(module);
    this.#directMove = this.#x.move;
    this.#directExecute = this.#x.execute;
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
    const execute = this.#x.execute;
    this.#directExecute = (...args) => {
      // The line was written into the Exchange first.
      const wrote = handle.exchange().slice(x.line, x.line + args[1]);
      return recordCrossing(record, heapSize, 'wasmbank_execute', () => execute(...args), args, wrote);
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

  // A mutating op's result, read from the Exchange (the fields the core
  // declares for it, wasmbank/contract.h), or the BankError of its code.
  #receipt(code) {
    check(code, this.#w);
    return receiptFrom(this.#bytes(), this.#x);
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
      const length = form === AMOUNT.DECIMAL ? putText(this.#bytes(), this.#x, w, value) : 0;
      code = this.#directMove(this.#number, MOVES[op], from, to, form, minor, length, at, 0, 0);
    } else {
      const a = amount(value);
      const o = options({ key, memo, at }, at);
      code = op === 'transfer' ? w.transferWith(from, to, a, o) : w[`${op}With`](from, a, o);
    }
    return this.#receipt(code);
  }

  // hold, capture, release, setLimit: without key or memo (options `f`),
  // with an amount that crosses as fixed-size values, they go through the
  // direct export; otherwise every option crosses as value objects.
  #holdFast(key, memo, at, value) {
    return key === undefined && memo === undefined && (at === undefined || typeof at === 'number') &&
      (value === undefined ||
        (typeof value === 'bigint' ? value >= INT64_MIN && value <= INT64_MAX : typeof value === 'string'));
  }

  // The direct call (`number`: a hold's expiry, or the hold's number).
  #holdDirect(op, a, b, number, hasExpiry, value, stamp) {
    const form = value === undefined ? AMOUNT.ABSENT : typeof value === 'bigint' ? AMOUNT.MINOR : AMOUNT.DECIMAL;
    const minor = typeof value === 'bigint' ? value : 0n;
    const length = form === AMOUNT.DECIMAL ? putText(this.#bytes(), this.#x, this.#w, value) : 0;
    const at = stamp === undefined ? Date.now() : stamp;
    return this.#receipt(this.#directMove(this.#number, MOVES[op], a, b, form, minor, length, at, number,
      hasExpiry ? 1 : 0));
  }

  // A read that reports through a getter.
  #read(call, get) {
    return this.#enter((w) => {
      check(call(w), w);
      return get(w);
    });
  }

  // A call that returns its answer with its code ({ code, value }: the
  // bindings' one result convention beside the Exchange's hot path).
  #answer(call, shape = (value) => value) {
    return this.#enter((w) => {
      const { code, value } = call(w);
      check(code, w);
      return shape(value);
    });
  }

  greet(name) {
    return this.#answer((w) => w.greet(text(name, 'name')));
  }

  plus(a, b) {
    return this.#answer((w) => w.plus(int32(a, 'a'), int32(b, 'b')));
  }

  minus(a, b) {
    return this.#answer((w) => w.minus(int32(a, 'a'), int32(b, 'b')));
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
      return this.#receipt(w.open(typed, options(f, Date.now())));
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
    checkObject(spec, 'transfer(spec)');
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
          default: refuseUnknown(spec, name);
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
      return this.#receipt(w.close(int32(id, 'id'), o));
    });
  }

  /**
   * Reserves money on `from` for `to`, to be captured or released later
   * (docs/holds.md). The hold is named by its entry's number.
   * @param {{from: number, to: number, amount: string|bigint, expires_at?: number,
   *   key?: string, memo?: string, at?: number}} spec
   * @returns {{op: 'hold', ok: true, entry: number, hold: number, available: string}}
   * @example
   *   const { hold } = bank.hold({ from: 101, to: 201, amount: '60.00', expires_at: Date.now() + 7 * 864e5 });
   */
  hold(spec) {
    if (spec !== undefined && spec !== null) checkObject(spec, 'hold(spec)');
    let from;
    let to;
    let value;
    let expiresAt;
    let key;
    let memo;
    let at;
    try {  // one pass, as transfer reads its spec
      for (const name in spec) {
        switch (name) {
          case 'from': from = spec.from; break;
          case 'to': to = spec.to; break;
          case 'amount': value = spec.amount; break;
          case 'expires_at': expiresAt = spec.expires_at; break;
          case 'key': key = spec.key; break;
          case 'memo': memo = spec.memo; break;
          case 'at': at = spec.at; break;
          default: refuseUnknown(spec, name);
        }
      }
    } catch (e) {
      throw unreadable(e, 'hold(spec)');
    }
    return this.#enter(this.#holdCall, from, to, value, expiresAt, key, memo, at);
  }

  // hold's work inside #enter, written out rather than as a closure per call.
  #holdCall(w, fromId, toId, value, expiresAt, key, memo, at) {
    const from = int32(fromId, 'from');
    const to = int32(toId, 'to');
    const expires = whole(expiresAt, 'expires_at', '1 to 8640000000000000', 0);
    const hasExpiry = expiresAt !== undefined;
    if (this.#holdFast(key, memo, at, value)) {
      return this.#holdDirect('hold', from, to, expires, hasExpiry, value, at);
    }
    return this.#receipt(w.hold(from, to, amount(value), hasExpiry, expires, options({ key, memo, at }, Date.now())));
  }

  /**
   * Moves `amount` of a pending hold (all of it when absent) from its source
   * to its destination, and closes the hold.
   * @param {number} hold the hold's number
   * @param {{amount?: string|bigint, key?: string, memo?: string, at?: number}} [opts]
   * @returns {{op: 'capture', ok: true, entry: number, hold: number, amount: string,
   *   from_balance: string, to_balance: string}}
   * @example bank.capture(8, { amount: '42.50' });
   */
  capture(hold, opts) {
    if (opts !== undefined && opts !== null) checkObject(opts, 'options');
    let value;
    let key;
    let memo;
    let at;
    try {  // one pass, as transfer reads its spec
      for (const name in opts) {
        switch (name) {
          case 'amount': value = opts.amount; break;
          case 'key': key = opts.key; break;
          case 'memo': memo = opts.memo; break;
          case 'at': at = opts.at; break;
          default: refuseUnknown(opts, name);
        }
      }
    } catch (e) {
      throw unreadable(e, 'options');
    }
    return this.#enter(this.#captureCall, hold, value, key, memo, at);
  }

  #captureCall(w, hold, value, key, memo, at) {
    const number = whole(hold, 'hold', HOLD_RANGE);
    if (this.#holdFast(key, memo, at, value)) return this.#holdDirect('capture', 0, 0, number, false, value, at);
    return this.#receipt(w.capture(number, amount(value), options({ key, memo, at }, Date.now())));
  }

  /**
   * Closes a pending hold without moving money.
   * @param {number} hold
   * @param {{key?: string, memo?: string, at?: number}} [opts]
   * @returns {{op: 'release', ok: true, entry: number, hold: number, available: string}}
   */
  release(hold, opts) {
    return this.#enter(this.#releaseCall, hold, readOptions(opts));
  }

  #releaseCall(w, hold, f) {
    const number = whole(hold, 'hold', HOLD_RANGE);
    if (this.#holdFast(f.key, f.memo, f.at, undefined)) return this.#holdDirect('release', 0, 0, number, false, undefined, f.at);
    return this.#receipt(w.release(number, options(f, Date.now())));
  }

  /**
   * A new overdraft limit for account `id` (the balance may go down to -limit).
   * @param {number} id
   * @param {string|bigint} limit
   * @param {{key?: string, memo?: string, at?: number}} [opts]
   * @returns {{op: 'set_limit', ok: true, entry: number, id: number, overdraft_limit: string}}
   * @example bank.setLimit(101, '500.00');
   */
  setLimit(id, limit, opts) {
    return this.#enter(this.#setLimitCall, id, limit, readOptions(opts));
  }

  #setLimitCall(w, id, limit, f) {
    const account = int32(id, 'id');
    if (this.#holdFast(f.key, f.memo, f.at, limit)) return this.#holdDirect('setLimit', account, 0, 0, false, limit, f.at);
    return this.#receipt(w.setLimit(account, amount(limit), options(f, Date.now())));
  }

  balance(id, opts) {
    const asOf = opts === undefined ? undefined : fieldsOf(opts, 'options', ['as_of']).as_of;
    if (asOf === undefined) {
      return this.#read((w) => w.balance(int32(id, 'id')),
        () => balanceFrom(this.#bytes(), this.#x));
    }
    return this.#read((w) => w.balanceAsOf(int32(id, 'id'), whole(asOf, 'as_of', 'an entry number')),
      () => balanceFrom(this.#bytes(), this.#x));
  }

  account(id, opts) {
    const { at } = fieldsOf(opts, 'options', ['at']);
    return this.#answer((w) => w.account(int32(id, 'id'), stamp(at, Date.now())));
  }

  accounts(opts) {
    const { at } = fieldsOf(opts, 'options', ['at']);
    return this.#enter((w) => w.accounts(stamp(at, Date.now())));
  }

  /**
   * The holds pending now (or at `at`) that name account `id`, as source or
   * destination, oldest first.
   * @returns {{hold: number, from: number, to: number, amount: string,
   *   expires_at?: number, memo?: string, at: number}[]}
   */
  pendingHolds(id, opts) {
    const { at } = fieldsOf(opts, 'options', ['at']);
    return this.#answer((w) => w.pendingHolds(int32(id, 'id'), stamp(at, Date.now())));
  }

  /**
   * An account and its entries, newest first, each with the account's
   * balance right after it: one consistent read (a statement).
   * @param {number} id
   * @param {{limit?: number, before?: number, at?: number}} [opts]
   * @returns {{account: object, lines: {entry: object, balance: string}[]}}
   */
  statement(id, opts) {
    const f = fieldsOf(opts, 'options', STATEMENT_FIELDS);
    return this.#answer((w) => w.statement(int32(id, 'id'),
      whole(f.limit, 'limit', '1 to 1000', 0), whole(f.before, 'before', HOLD_RANGE, 0),
      stamp(f.at, Date.now())), (json) => JSON.parse(json));
  }

  /** The bank's time: the greatest `at` of any entry, in ms (0 when empty). */
  time() {
    return this.#enter((w) => w.time());
  }

  // The entries come from the core's history op, as its transcript renders
  // them (the journal lines' fields).
  history(id, opts) {
    return this.#enter((w) => {
      const f = fieldsOf(opts, 'options', HISTORY_FIELDS);
      const t = this.#run(w, { op: 'history', id: int32(id, 'id'), limit: f.limit, before: f.before });
      check(t.ok ? 0 : t.error, w);
      return t.entries;
    });
  }

  // A batch through the core's executor, its ops stamped with the time
  // unless they carry an `at`. A batch refused whole throws its BankError.
  batch(ops, opts) {
    return this.#enter((w) => {
      const { atomic } = fieldsOf(opts, 'options', ['atomic']);
      const t = this.#run(w, { op: 'batch', ops, atomic }, Date.now());
      if (t.ok === false && t.results === undefined) check(t.error, w);
      return t;
    });
  }

  // Op object `o` through the core's executor (the one scenario lines run
  // through): its transcript object. `defaultAt`: see opJson.
  #run(w, o, defaultAt) {
    const name = opNameOf(o);
    const text = opJson(o, defaultAt);
    checkRoomFor(w, text);
    const t = JSON.parse(w.executeObject(text));
    // An op name too long to cross was written as a stand-in: the result
    // names the op as given.
    if (name.length > FIELD_COPY_LIMIT && t.op !== '') t.op = name;
    return t;
  }

  execute(op) {
    if (this.#disposed) return { op: opNameOf(op), ok: false, error: 'INVALID_ARGUMENT' };
    try {
      return this.#enter(this.#executeIn, op);
    } catch (e) {
      if (isTrap(e)) throw e;  // a core bug, not a bad op
      // An op that could not be read (a throwing getter or proxy trap) is
      // INVALID_ARGUMENT; one too big for the heap RESOURCE_EXHAUSTED.
      const code = e instanceof BankError && e.code === 'RESOURCE_EXHAUSTED' ? e.code : 'INVALID_ARGUMENT';
      return { op: opNameOf(op), ok: false, error: code };
    }
  }

  // A string the core's fast reader takes (the common op lines, written
  // compactly in their documented order) crosses through the Exchange and
  // comes back as a receipt there: no string either way, no JSON.parse.
  // Anything else crosses as a string and its transcript line comes back;
  // a line naming an op the fast reader never takes does so at once.
  #executeIn(w, op) {
    if (typeof op === 'string') {
      const length = mayBeFastLine(op) ? putLine(this.#bytes(), this.#x, op) : -1;
      if (length >= 0) {
        const code = this.#directExecute(this.#number, length);
        if (code !== this.#x.lineDeclined) return lineResultFrom(this.#bytes(), this.#x, code);
      }
      const line = op.length > COPY_LIMIT ? oversizeStandIn(isBlankText(op)) : op;
      const text = w.execute(line);
      return text === '' ? null : JSON.parse(text);
    }
    if (op instanceof Uint8Array) {
      const line = op.length > COPY_LIMIT ? oversizeStandIn(isBlankBytes(op)) : op;
      const text = w.execute(line);
      return text === '' ? null : JSON.parse(text);
    }
    return this.#run(w, op);
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
    return this.#answer((w) => w.verify(), (v) => ({ op: 'verify', ok: true, ...v }));
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
      // Copied natively into wasm memory, not byte by byte through embind.
      const length = copyIn(w, journal);
      if (length >= 0) {
        check(w.importIncoming(length), w, 'CORRUPT_JOURNAL');
        return;
      }
      checkRoomFor(w, journal);
      check(w.importJournal(journal), w, 'CORRUPT_JOURNAL');
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
