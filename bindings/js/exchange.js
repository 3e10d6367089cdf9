// The Exchange: a small struct of the bindings' WasmBank (bank_bindings.cc)
// that JS reads and writes through a view of wasm memory. A typed call's
// amount text goes in; what a mutating op or a balance reports comes out.
// Which fields a mutating op reports, and in what order, is declared once in
// C++ (wasmbank/contract.h, generated into contract.js as RECEIPT_FIELDS):
// this module knows only where each Receipt member sits in the Exchange.

import { ENTRY_KINDS, RECEIPT_FIELDS } from './contract.js';
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
      text: M.EXCHANGE_TEXT, textSize: M.EXCHANGE_TEXT_SIZE, pendingText: M.PENDING_TEXT,
      move: M._wasmbank_move,
    });
    layouts.set(M, x);
  }
  return x;
}

export function ascii(bytes, offset, length) {
  let out = '';
  for (let i = 0; i < length; i += 1) out += String.fromCharCode(bytes[offset + i]);
  return out;
}

// Each Receipt member as read from the Exchange. Member numbers keep the
// per-call loop below free of string switches.
const ENTRY = 0;
const ID = 1;
const BALANCE = 2;
const TO_BALANCE = 3;
const MEMBERS = Object.freeze({ entry: ENTRY, id: ID, balance: BALANCE, to_balance: TO_BALANCE });

function member(bytes, x, which) {
  switch (which) {
    case ENTRY: {
      const e = x.entry;
      return (bytes[e] | (bytes[e + 1] << 8) | (bytes[e + 2] << 16) | (bytes[e + 3] << 24)) >>> 0;
    }
    case ID: {
      const i = x.id;
      return bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24);
    }
    case BALANCE:
      return ascii(bytes, x.balance, bytes[x.balanceLength]);
    default:
      return ascii(bytes, x.toBalance, bytes[x.toBalanceLength]);
  }
}

// Per entry kind number: the op's name, its fields' names and members.
const RECEIPTS = Object.freeze(ENTRY_KINDS.map((kind) => {
  const fields = RECEIPT_FIELDS[kind];
  if (fields === undefined) throw new Error(`contract.js declares no result fields for ${kind}`);
  return Object.freeze({
    op: kind,
    names: Object.freeze(fields.map(([name]) => name)),
    members: Object.freeze(fields.map(([, m]) => {
      if (!Object.hasOwn(MEMBERS, m)) throw new Error(`unknown Receipt member ${m}`);
      return MEMBERS[m];
    })),
  });
}));

/**
 * The result object of the mutating op whose receipt is in the Exchange:
 * { op, ok: true, ...its RECEIPT_FIELDS, replayed? }, as its transcript
 * line reads (docs/transcript-format.md).
 */
export function receiptFrom(bytes, x) {
  const r = RECEIPTS[bytes[x.kind]];
  const out = { op: r.op, ok: true };
  const { names, members } = r;
  for (let k = 0; k < names.length; k += 1) out[names[k]] = member(bytes, x, members[k]);
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
  if (typeof value === 'string' && value.length <= x.textSize) {
    let isAscii = true;
    for (let i = 0; i < value.length && isAscii; i += 1) isAscii = value.charCodeAt(i) < 0x80;
    if (isAscii) {
      for (let i = 0; i < value.length; i += 1) bytes[x.text + i] = value.charCodeAt(i);
      return value.length;
    }
  }
  w.setPendingText(wire(value));
  return x.pendingText;
}
