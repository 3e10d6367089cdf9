// JS values to the types the core's typed API takes (int32 ids, amounts as
// form + int64 minor units or text, options). Only types are checked here:
// a value that cannot be converted is a BankError INVALID_ARGUMENT (or, for
// an amount, an "unreadable" amount the core refuses as INVALID_AMOUNT at its
// own step). Every rule on the values themselves — id ranges, names, keys,
// memos, currencies, amount text — is the core's.

import { BankError } from './bank_error.js';
import { AMOUNT, LIMITS } from './contract.js';

/** Amount forms, as the core numbers them (wasmbank::Amount::Form). */
export { AMOUNT };

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

export const invalid = (message) => new BankError('INVALID_ARGUMENT', message);

// Reads own enumerable fields of a plain object through one pass, so that a
// getter runs once and a throwing getter or a proxy trap becomes a BankError.
// A member whose value is undefined, a function or a symbol is absent, as in
// JSON (so an op object means what its JSON line means).
/** Whether JSON would keep a member with this value (see fieldsOf). */
export const isPresent = (v) => v !== undefined && typeof v !== 'function' && typeof v !== 'symbol';
export const unknownField = (name) => invalid(`unknown field ${JSON.stringify(name)}`);

/**
 * For the methods that read their spec in one for...in pass with a switch
 * (transfer, hold, capture): a member the switch does not know is refused
 * when it is the object's own and present, as fieldsOf refuses it.
 */
export function refuseUnknown(spec, name) {
  if (Object.hasOwn(spec, name) && isPresent(spec[name])) throw unknownField(name);
}

/** A getter or proxy trap that threw while a field was read, as a BankError. */
export function unreadable(e, what) {
  if (e instanceof BankError) return e;
  return invalid(`${what} could not be read: ${e instanceof Error ? e.message : String(e)}`);
}

/** Refuses a value that is not a plain object (an array or typed array included). */
export function checkObject(value, what) {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || ArrayBuffer.isView(value)) {
    throw invalid(`${what} must be an object`);
  }
}

export function fieldsOf(value, what, allowed) {
  if (value === undefined || value === null) return {};
  checkObject(value, what);
  const out = {};
  try {
    for (const key in value) {
      if (!Object.hasOwn(value, key)) continue;
      const field = value[key];
      if (!isPresent(field)) continue;  // as JSON sees an object: absent
      if (allowed.indexOf(key) < 0) throw unknownField(key);
      out[key] = field;
    }
  } catch (e) {
    throw unreadable(e, what);
  }
  return out;
}

/** An integer that fits int32 (the core checks the range it needs). */
export function int32(value, field) {
  if (typeof value === 'bigint' && value >= -(2n ** 31n) && value < 2n ** 31n) return Number(value);
  if (typeof value === 'number' && Number.isInteger(value) && value >= -(2 ** 31) && value < 2 ** 31) {
    return value;
  }
  if (value === undefined) throw invalid(`"${field}" is required`);
  throw invalid(`"${field}" must be an integer from 1 to 2147483647`);
}

// A lone surrogate: embind's string conversion would turn it into another,
// valid character. Such text crosses as WTF-8 bytes instead (a surrogate's
// own 3-byte form), which the core's UTF-8 check refuses like the JSON path.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

// Every text field the core takes (names, addresses, memos, keys,
// currencies, amounts) is refused beyond a few hundred characters, whatever
// they are, with the field's one error code. A longer string is not copied
// into the wasm heap at all (a copy bigger than the heap's reserve could not
// be refused, only abort): the core gets a stand-in that is just as long
// for its rules and is refused the same way.
export const { FIELD_COPY_LIMIT } = LIMITS;
const OVERSIZE_FIELD = 'x'.repeat(FIELD_COPY_LIMIT + 1);

// Text and bytes that must cross whole (a journal, a store's bytes, the
// lines another writer appended) are copied into the wasm heap by embind
// before the core can refuse anything; beyond the heap guard's reserve such
// a copy could only abort the instance. So the core is asked first.
const ALWAYS_FITS = 1 << 20;

function utf8Length(text) {
  let n = text.length;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c >= 0x800) n += 2;
    else if (c >= 0x80) n += 1;
  }
  return n;
}

/**
 * Throws BankError RESOURCE_EXHAUSTED unless the heap of the bank with
 * handle `w` has room for a copy of every piece (strings or Uint8Arrays).
 */
export function checkRoomFor(w, ...pieces) {
  let bytes = 0;
  for (const p of pieces) bytes += typeof p === 'string' ? (p.length * 3 > ALWAYS_FITS ? utf8Length(p) : p.length * 3) : p.length;
  checkRoomForBytes(w, bytes);
}

/** The same for a number of bytes. */
export function checkRoomForBytes(w, bytes) {
  if (bytes <= ALWAYS_FITS) return;
  const code = w.checkRoom(bytes);
  if (code !== 0) throw new BankError('RESOURCE_EXHAUSTED', w.lastErrorMessage());
}

const encoder = new TextEncoder();

/**
 * Large input (a journal) copied natively into the buffer the core hands
 * out (w.incomingBytes), for w.importIncoming: a string as its UTF-8
 * (TextEncoder.encodeInto, sized for ASCII first and grown if the text is
 * not), bytes with Uint8Array.set. embind's own copy of a string argument
 * is JavaScript loops, byte by byte. Checks room first, as checkRoomFor.
 * Returns the number of bytes, or -1 for a string with a lone surrogate,
 * which has no UTF-8 and must cross as itself (the core refuses what embind
 * makes of it).
 */
export function copyIn(w, input) {
  if (typeof input !== 'string') {
    checkRoomFor(w, input);
    w.incomingBytes(input.length, 0).set(input);
    return input.length;
  }
  const wellFormed = typeof input.isWellFormed === 'function' ? input.isWellFormed() : !LONE_SURROGATE.test(input);
  if (!wellFormed) return -1;
  checkRoomForBytes(w, input.length);
  const { read, written } = encoder.encodeInto(input, w.incomingBytes(input.length, 0));
  if (read === input.length) return written;
  const rest = input.slice(read);
  const total = written + utf8Length(rest);
  checkRoomForBytes(w, total);
  return written + encoder.encodeInto(rest, w.incomingBytes(total, written).subarray(written)).written;
}

/** A string as it crosses into the core: itself, WTF-8 bytes, or the oversize stand-in. */
export function wire(value) {
  if (value.length > FIELD_COPY_LIMIT) return OVERSIZE_FIELD;
  if (!LONE_SURROGATE.test(value)) return value;
  const bytes = [];
  for (const ch of value) {
    const c = ch.codePointAt(0);
    if (c < 0x80) bytes.push(c);
    else if (c < 0x800) bytes.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) bytes.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else bytes.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return Uint8Array.from(bytes);
}

/** A string field (required unless a fallback is given), ready to cross. */
export function text(value, field, fallback) {
  if (typeof value === 'string') return wire(value);
  if (value === undefined && fallback !== undefined) return fallback;
  if (value === undefined) throw invalid(`"${field}" is required`);
  throw invalid(`"${field}" must be a string`);
}

/**
 * An amount as { form, minor, text }: a bigint of minor units, decimal text,
 * absent, or unreadable (with the reason the core will give).
 */
export function amount(value) {
  if (value === undefined) return { form: AMOUNT.ABSENT, minor: 0n, text: '' };
  if (typeof value === 'bigint') {
    if (value < INT64_MIN || value > INT64_MAX) {
      return { form: AMOUNT.UNREADABLE, minor: 0n, text: `the amount ${value} is out of range` };
    }
    return { form: AMOUNT.MINOR, minor: value, text: '' };
  }
  if (typeof value === 'string') return { form: AMOUNT.DECIMAL, minor: 0n, text: wire(value) };
  if (typeof value === 'number') {
    return {
      form: AMOUNT.UNREADABLE, minor: 0n,
      text: 'amounts must be a decimal string such as "12.50" or a bigint of minor units; ' +
        'a number can lose cents',
    };
  }
  return { form: AMOUNT.UNREADABLE, minor: 0n, text: 'amounts must be a decimal string such as "12.50"' };
}

/** A time stamp in ms; the core checks its range. */
export function stamp(value, now) {
  if (value === undefined) return now;
  if (typeof value === 'number') return value;
  throw invalid('"at" must be an integer from 0 to 8640000000000000');
}

/** key, memo and at of a mutating op, as the core's options. */
export function options(fields, now) {
  const { key, memo, at } = fields;
  if (key !== undefined && typeof key !== 'string') throw invalid('"key" must be a string');
  return {
    hasKey: key !== undefined,
    key: key === undefined ? '' : wire(key),
    memo: text(memo, 'memo', ''),
    at: stamp(at, now),
  };
}

export const OPTION_FIELDS = ['key', 'memo', 'at'];

/**
 * A whole number that crosses as a double (a hold's number, expires_at,
 * as_of, a history limit): the core checks its range, so anything but a
 * number is refused here with the core's words. `absent` is what an
 * undefined value crosses as.
 */
export function whole(value, field, range, absent) {
  if (value === undefined && absent !== undefined) return absent;
  if (typeof value === 'number') return value;
  throw invalid(`"${field}" must be an integer from ${range}`);
}

// ---------------------------------------------------------------------------
// Op objects (execute(object), batch()) as text for the core's executor
// (Bank::ExecuteLine with LineSource::kJsObject, embind executeObject): the
// core reads every field and renders every result, so an op object means
// exactly what its JSON line means. JSON cannot carry a bigint; one is
// written as the token `123n` (minor units, for an amount), which no JSON
// text contains and the core reads only on this entry.

// The core reads an op's fields (depth 1) and a batch's ops (depth 2) and
// their fields, no deeper: any other object or array is written only as its
// kind ({} or []), never read, so a cycle, a proxy or a huge structure there
// costs nothing and is refused by its type as in JSON.

function putValue(v, depth, out) {
  switch (typeof v) {
    case 'string':
      out.push(JSON.stringify(v.length > FIELD_COPY_LIMIT ? OVERSIZE_FIELD : v));
      return;
    case 'number':
    case 'boolean':
      out.push(JSON.stringify(v));  // NaN and ±Infinity: null, as in JSON
      return;
    case 'bigint':
      out.push(`${v}n`);
      return;
    case 'object':
      if (v === null) out.push('null');
      else if (Array.isArray(v)) putArray(v, depth, out);
      else if (depth === 0 || depth === 2) putObject(v, depth, out);
      else out.push('{}');
      return;
    default:  // undefined, a function or a symbol: null in an array
      out.push('null');
  }
}

function putArray(items, depth, out) {
  if (depth !== 1) {
    out.push('[]');
    return;
  }
  // A batch holds at most MAX_BATCH_OPS: one more is enough for the core to
  // refuse it.
  const n = Math.min(items.length, LIMITS.MAX_BATCH_OPS + 1);
  out.push('[');
  for (let i = 0; i < n; i += 1) {
    if (i > 0) out.push(',');
    putValue(items[i], depth + 1, out);
  }
  out.push(']');
}

// Members as fieldsOf reads them (own enumerable ones, each getter once;
// undefined, functions and symbols absent). A batch's op (depth 2) whose
// members cannot be read is refused in its place: it is written with an
// empty-named member, which no op has (INVALID_ARGUMENT for that op alone).
function putObject(object, depth, out) {
  const start = out.length;
  let op;     // a batch op's name as the loop read it (each getter runs once)
  let hasAt = false;
  try {
    out.push('{');
    let first = true;
    for (const key in object) {
      if (!Object.hasOwn(object, key)) continue;
      const value = object[key];
      if (key === 'op') op = value;
      if (!isPresent(value)) continue;
      if (key === 'at') hasAt = true;
      if (!first) out.push(',');
      first = false;
      out.push(JSON.stringify(key), ':');
      putValue(value, depth + 1, out);
    }
    if (depth === 2 && opDefaultAt !== undefined && !hasAt) {
      out.push(first ? '' : ',', '"at":', JSON.stringify(opDefaultAt));
    }
    out.push('}');
  } catch (e) {
    if (depth !== 2) throw unreadable(e, 'the op');
    out.length = start;
    out.push('{"op":', typeof op === 'string' ? JSON.stringify(op) : 'null', ',"":null}');
  }
}

let opDefaultAt;

/**
 * The text of op object `op` for the core's executor. `defaultAt`, when
 * given, is the `at` of each batch op that has none (batch() stamps its ops
 * with the time; execute() leaves them at 0, as a scenario line does).
 * Throws (a BankError INVALID_ARGUMENT) when a getter or proxy trap of the
 * op itself throws.
 */
export function opJson(op, defaultAt) {
  const out = [];
  opDefaultAt = defaultAt;
  try {
    putValue(op, 0, out);
  } finally {
    opDefaultAt = undefined;
  }
  return out.join('');
}
