// The Exchange: a small struct of the bindings' WasmBank (bindings/wasm_bank.h)
// that JS reads and writes through a view of wasm memory. A typed call's
// amount text goes in; what a mutating op or a balance reports comes out.
// Which fields a mutating op reports, and in what order, is declared once in
// C++ (wasmbank/contract.h, generated into contract.js as RECEIPT_FIELDS and
// the builders RECEIPT_OBJECTS): this module knows only where each Receipt
// member sits in the Exchange.

import { ENTRY_OPS, ERROR_CODES, RECEIPT_OBJECTS } from './contract.js';
import { wire } from './convert.js';

// The Exchange's layout and the direct export, read once per module into a
// small object (the Emscripten module object is large and slow to look up).
const layouts = new WeakMap();
export function layoutOf(M) {
  let x = layouts.get(M);
  if (x === undefined) {
    x = Object.freeze({
      entry: M.EXCHANGE_ENTRY, id: M.EXCHANGE_ID, kind: M.EXCHANGE_KIND, replayed: M.EXCHANGE_REPLAYED,
      balance: M.EXCHANGE_BALANCE, balanceLength: M.EXCHANGE_BALANCE_LENGTH,
      toBalance: M.EXCHANGE_TO_BALANCE, toBalanceLength: M.EXCHANGE_TO_BALANCE_LENGTH,
      currency: M.EXCHANGE_CURRENCY,
      hold: M.EXCHANGE_HOLD, amount: M.EXCHANGE_AMOUNT, amountLength: M.EXCHANGE_AMOUNT_LENGTH,
      text: M.EXCHANGE_TEXT, textSize: M.EXCHANGE_TEXT_SIZE, pendingText: M.PENDING_TEXT,
      line: M.EXCHANGE_LINE, lineSize: M.EXCHANGE_LINE_SIZE, lineDeclined: M.LINE_DECLINED,
      move: M._wasmbank_move, execute: M._wasmbank_execute,
    });
    layouts.set(M, x);
  }
  return x;
}

// Four characters a String.fromCharCode: half the time of one at a time
// for a balance's dozen, and fewer pieces to join.
export function ascii(bytes, offset, length) {
  let out = '';
  let i = offset;
  const end = offset + length;
  for (; i + 4 <= end; i += 4) out += String.fromCharCode(bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]);
  for (; i < end; i += 1) out += String.fromCharCode(bytes[i]);
  return out;
}

// A reader of the Receipt's members in the Exchange, for the generated
// builders (contract.js RECEIPT_OBJECTS: per entry kind, the op's result as
// an object literal of the fields wasmbank/contract.h declares for it). One
// reader, pointed at the Exchange before each use: nothing is allocated but
// the result.
const reader = {
  bytes: null,
  x: null,
  entry() {
    return uint32(this.bytes, this.x.entry);
  },
  hold() {
    return uint32(this.bytes, this.x.hold);
  },
  id() {
    const b = this.bytes;
    const i = this.x.id;
    return b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24);
  },
  balance() {
    return ascii(this.bytes, this.x.balance, this.bytes[this.x.balanceLength]);
  },
  to_balance() {
    return ascii(this.bytes, this.x.toBalance, this.bytes[this.x.toBalanceLength]);
  },
  // capture: the amount captured; limit: the limit; hold and release report
  // the source's available in the same place.
  amount() {
    return ascii(this.bytes, this.x.amount, this.bytes[this.x.amountLength]);
  },
  available() {
    return this.amount();
  },
};

const uint32 = (b, at) => (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24)) >>> 0;

/**
 * The result object of the mutating op whose receipt is in the Exchange:
 * { op, ok: true, ...its fields, replayed? }, as its transcript line reads
 * (docs/transcript-format.md).
 */
export function receiptFrom(bytes, x) {
  reader.bytes = bytes;
  reader.x = x;
  const out = RECEIPT_OBJECTS[bytes[x.kind]](reader);
  reader.bytes = null;
  if (bytes[x.replayed] !== 0) out.replayed = true;
  return out;
}

/** A balance read's answer in the Exchange: the decimal text. */
export const balanceFrom = (bytes, x) => ascii(bytes, x.balance, bytes[x.balanceLength]);

/**
 * The decimal text of an amount: into the Exchange when it is short ASCII
 * (no allocation), else handed over as a string through w.setPendingText.
 * Returns its length, or PENDING_TEXT.
 */
export function putText(bytes, x, w, value) {
  const length = typeof value === 'string' ? putAscii(bytes, x.text, x.textSize, value) : -1;
  if (length >= 0) return length;
  w.setPendingText(wire(value));
  return x.pendingText;
}

// `text` into the Exchange at `at` when it is ASCII and fits `room`: its
// length; else -1 (what was written then is never read).
function putAscii(bytes, at, room, text) {
  if (text.length > room) return -1;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c >= 0x80) return -1;
    bytes[at + i] = c;
  }
  return text.length;
}

// The op lines the core's fast reader may take name a mutating op other
// than open first (docs/transcript-format.md, "The fast shape"): the line
// starts with one of these, looked up by its eighth character.
const FAST_LINE_STARTS = new Map();
for (const op of ENTRY_OPS) {
  if (op === 'open') continue;
  const start = `{"op":"${op}"`;
  const key = start.charCodeAt(7);
  FAST_LINE_STARTS.set(key, [...(FAST_LINE_STARTS.get(key) ?? []), start]);
}

/**
 * Whether execute()'s line may be one the core's fast reader takes: a line
 * that names any other op (greet, balance, batch, ...) crosses as a string
 * at once, without a first crossing the core would decline.
 */
export function mayBeFastLine(line) {
  const starts = FAST_LINE_STARTS.get(line.charCodeAt(7));
  if (starts === undefined) return false;
  for (const start of starts) if (line.startsWith(start)) return true;
  return false;
}

/**
 * execute()'s line into the Exchange, for the direct export
 * wasmbank_execute: its length, or -1 when it does not fit or is not ASCII
 * (such a line crosses as a string instead).
 */
export function putLine(bytes, x, line) {
  return putAscii(bytes, x.line, x.lineSize, line);
}

/**
 * The transcript object of a line wasmbank_execute ran (`code`: its error
 * code number, 0 for ok), as its transcript line reads: the receipt's
 * object, or { op, ok: false, error }.
 */
export function lineResultFrom(bytes, x, code) {
  if (code === 0) return receiptFrom(bytes, x);
  return { op: ENTRY_OPS[bytes[x.kind]], ok: false, error: ERROR_CODES[code - 1] };
}
