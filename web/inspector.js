// The boundary inspector: what crossed between this page and the wasm core,
// recorded through the API's onCrossing option (docs/js-api.md), beside what
// the original tutorial (Python driving a Rust core through Wasmtime,
// ../origin in the project's history) did for the same step.

import { el, count } from './dom.js';

const decoder = new TextDecoder();
const MAX_BYTES_SHOWN = 16;
const MAX_TEXT_SHOWN = 80;

const hex = (bytes) => Array.from(bytes.subarray(0, MAX_BYTES_SHOWN), (b) => b.toString(16).padStart(2, '0')).join(' ');
const clip = (text) => (text.length > MAX_TEXT_SHOWN ? `${text.slice(0, MAX_TEXT_SHOWN)}…` : text);

/** A crossed value as text: 101, 250n, "Alice" as 5 UTF-8 bytes (41 6c …). */
export function showValue(value) {
  if (typeof value === 'bigint') return `${value}n`;
  if (value instanceof Uint8Array) {
    const more = value.length > MAX_BYTES_SHOWN ? ' …' : '';
    return `${JSON.stringify(clip(decoder.decode(value)))} as ${count(value.length, 'UTF-8 byte', 'UTF-8 bytes')} (${hex(value)}${more})`;
  }
  if (ArrayBuffer.isView(value)) return `${value.constructor.name}(${value.length})`;
  if (typeof value === 'string') return JSON.stringify(clip(value));
  if (Array.isArray(value)) return `[${count(value.length, 'item', 'items')}]`;
  if (value !== null && typeof value === 'object') {
    return `{ ${Object.entries(value).map(([k, v]) => `${k}: ${showValue(v)}`).join(', ')} }`;
  }
  return String(value);
}

const kib = (bytes) => `${(bytes / 1024).toLocaleString('en-US')} KiB`;

function heapText(c) {
  if (c.heapAfter === c.heapBefore) return kib(c.heapAfter);
  return `${kib(c.heapBefore)} → ${kib(c.heapAfter)} (grew)`;
}

function crossingRow(c) {
  const args = c.args.map(showValue);
  if (c.wrote !== undefined) args.push(`and wrote ${showValue(c.wrote)} into the exchange area`);
  const back = c.error !== undefined ? `threw: ${c.error}` : (c.result === undefined ? '(nothing)' : showValue(c.result));
  // data-label names each cell where a narrow screen stacks them.
  return el('tr', {},
    el('th', { scope: 'row', class: 'mono', text: c.call }),
    el('td', { class: 'mono crossed', 'data-label': 'Arguments', text: args.length === 0 ? '(none)' : args.join(', ') }),
    el('td', { class: 'mono crossed', 'data-label': 'Came back', text: back }),
    el('td', { class: 'num', 'data-label': 'Time', text: `${c.ms.toFixed(3)} ms` }),
    el('td', { class: 'num', 'data-label': 'Wasm heap', text: heapText(c) }));
}

function crossingTable(crossings, caption) {
  return el('div', { class: 'table-wrap' },
    el('table', { class: 'crossing-table' },
      el('caption', { class: 'visually-hidden', text: caption }),
      el('thead', {}, el('tr', {},
        el('th', { scope: 'col', text: 'Call' }),
        el('th', { scope: 'col', text: 'Arguments as they crossed' }),
        el('th', { scope: 'col', text: 'What came back' }),
        el('th', { scope: 'col', class: 'num', text: 'Time' }),
        el('th', { scope: 'col', class: 'num', text: 'Wasm heap' }))),
      el('tbody', {}, ...crossings.map(crossingRow))));
}

/**
 * One operation, folded: its title and the two counts; open, its crossings
 * here and the original tutorial's steps beside them.
 */
export function renderGroup(group, newest = false) {
  const steps = originalSteps(group.op, group.result);
  const here = count(group.crossings.length, 'crossing', 'crossings');
  const originals = count(callsIn(steps), 'crossing', 'crossings');
  const there = steps.length === 0 ? 'not in the original' : `${originals} in the original`;
  // Unfolded: the newest, and any the reader unfolded (remembered on the group).
  const details = el('details', { class: 'crossing-group', open: group.unfolded ?? newest, 'data-call-count': String(group.crossings.length) },
    el('summary', {},
      el('span', { class: 'group-title', text: group.title }),
      el('span', { class: 'group-counts', text: ` — ${here} here, ${there}` })),
    el('div', { class: 'crossing-sides' },
      el('div', { class: 'side side-here' },
        el('h5', { text: `Here: ${here}` }),
        crossingTable(group.crossings, `Crossings for ${group.title}`)),
      el('div', { class: 'side side-origin' },
        el('h5', { text: steps.length === 0 ? 'The original tutorial' : `The original tutorial: ${originals}` }),
        steps.length === 0
          ? el('p', { class: 'hint', text: 'The original tutorial had no such call.' })
          : el('ol', { class: 'origin-steps' }, ...steps.map((s) => el('li', { text: s.text }))))));
  // The reader's choice only (a click or Enter on the summary), not the
  // toggle event that an initially open element also fires.
  details.firstElementChild.addEventListener('click', () => { group.unfolded = !details.open; });
  return details;
}

const callsIn = (steps) => steps.reduce((n, s) => n + s.calls, 0);
const utf8Length = (text) => new TextEncoder().encode(text).length;

// The original's read_c_string: one memory.read per byte, the NUL included.
function readBack(text) {
  const n = utf8Length(text) + 1;
  return { calls: n, text: `read "${text}" back with ${n} memory.read calls, one byte each, until the NUL` };
}

function returnedString(call, text) {
  return [
    { calls: 1, text: `${call}: the Rust core formats "${text}", leaks it as a CString and returns its pointer` },
    readBack(text),
    { calls: 1, text: 'free_string(pointer): freed by hand (forgetting leaks it; doing it twice corrupts the heap)' },
  ];
}

const f64 = (text) => {
  const n = Number(text);
  return Number.isFinite(n) ? (Number.isInteger(n) ? n.toFixed(1) : String(n)) : text;
};

/**
 * What the original tutorial did for an operation (op: a scenario line's
 * object, or the page's own op description), as steps that each cost
 * `calls` crossings. Empty when it had no such operation.
 */
export function originalSteps(op, result) {
  if (op === null || typeof op !== 'object') return [];
  switch (op.op) {
    case 'open': {
      const name = String(op.name);
      const bytes = utf8Length(name) + 1;
      return [
        { calls: 1, text: `memory.write: "${name}" and a NUL, ${bytes} bytes, at memory_length − ${bytes} — the very end of linear memory, over whatever lived there; never freed` },
        { calls: 1, text: `add_account(${op.id}, pointer, 1.0, ${f64(op.balance ?? '0')}): the balance crosses as a 64-bit float; nothing comes back, not even an error` },
      ];
    }
    case 'greet': {
      const input = `Hello, ${op.name}`;
      const n = utf8Length(input);
      return [
        { calls: 1, text: `memory.write: "${input}", ${n} bytes with no NUL, at memory_length − ${n + 1}: it ends only because the byte after it happens to be zero` },
        ...returnedString(`custom_greet(pointer)`, `Rust Info - Hello, ${input}`),
      ];
    }
    case 'deposit':
    case 'withdraw': {
      const sign = op.op === 'withdraw' ? '-' : '';
      const balance = result && result.ok ? result.balance : '…';
      return returnedString(`modify_balance(${op.id}, ${sign}${f64(op.amount)}) — an f64; a withdrawal is a negative deposit, with no check of the balance`,
        `Rust Info - New balance for account ${op.id}: ${balance}`);
    }
    case 'transfer':
      return [
        { calls: 0, text: 'No transfer: two modify_balance calls (one negative), each read back byte by byte and freed — and if the second fails, the first is not undone' },
        ...returnedString(`modify_balance(${op.from}, -${f64(op.amount)})`, `Rust Info - New balance for account ${op.from}: …`),
        ...returnedString(`modify_balance(${op.to}, ${f64(op.amount)})`, `Rust Info - New balance for account ${op.to}: …`),
      ];
    case 'balance': {
      const balance = result && result.ok ? result.balance : '…';
      return returnedString(`get_balance(${op.id})`, `Rust Info - Balance for account ${op.id}: ${balance}`);
    }
    case 'plus':
    case 'minus':
      return [{ calls: 1, text: `${op.op}(${op.a}, ${op.b}) → ${result && result.ok ? result.result : '…'}: two i32 in, one i32 out — the same as here` }];
    default:
      return [];
  }
}

/**
 * Collects crossings into groups, one per operation: begin(title, op)
 * starts a group, record(c) adds to it (or to a catch-all group when none
 * is open), end(result) closes it. Keeps the last `limit` groups.
 */
export class CrossingLog {
  #groups = [];
  #open = null;
  #limit;
  #onChange;

  constructor(limit, onChange = () => {}) {
    this.#limit = limit;
    this.#onChange = onChange;
  }

  get groups() {
    return this.#groups;
  }

  begin(title, op = null) {
    this.#open = { title, op, result: null, crossings: [] };
    this.#push(this.#open);
  }

  /** Runs fn() in a group of its own, unless a group is open already (then in that one). */
  async around(title, op, fn) {
    if (this.#open !== null) return fn();
    this.begin(title, op);
    try {
      return await fn();
    } finally {
      this.end();
    }
  }

  record(crossing) {
    if (this.#open === null) this.begin('Between operations');
    this.#open.crossings.push(crossing);
  }

  end(result = null) {
    if (this.#open !== null) this.#open.result = result;
    this.#open = null;
    this.#onChange();
  }

  clear() {
    this.#groups = [];
    this.#open = null;
    this.#onChange();
  }

  #push(group) {
    this.#groups.push(group);
    if (this.#groups.length > this.#limit) this.#groups.splice(0, this.#groups.length - this.#limit);
  }
}
