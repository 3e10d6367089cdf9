// Ops as the core reads them: the wrapper's serializer for the core's JS
// dialect, and the line limits (docs/transcript-format.md) it has to respect.

// Limits shared with the core (executor.h; tests/js/codes_drift.test.js checks them).

export const MAX_DEPTH = 64;
export const LINE_LIMIT = 1048576; // bytes in a line the core will parse
// A line nested deeper than MAX_DEPTH: the core rejects it as "not a JSON
// object" itself, which is what a too deep, cyclic or too long op must get.
export const TOO_DEEP = '['.repeat(MAX_DEPTH + 1) + ']'.repeat(MAX_DEPTH + 1);
// Lines longer than this are not copied into wasm memory at all; the core
// sees a stand-in of the same kind (see oversizeStandIn).
export const COPY_LIMIT = 64 * LINE_LIMIT;
// The largest journal text handed to the core (it must fit in wasm32 memory).
export const JOURNAL_LIMIT = 1536 * LINE_LIMIT;

const TOO_LONG = Symbol('too long');

// Writes `value` as JSON for the core's JS dialect (see CONTEXT: bigint ->
// digits, integral-looking numbers get "e0", non-finite -> null, strings as
// JSON.stringify writes them, undefined/function/symbol members skipped and
// null in arrays). Containers past depth 64 and cycles become TOO_DEEP; a
// text longer than LINE_LIMIT UTF-16 units (so longer than LINE_LIMIT UTF-8
// bytes) becomes TOO_DEEP as well. May throw if a getter or proxy throws.
export function serializeOp(value) {
  const parts = [];
  let size = 0;
  const ancestors = [];

  const push = (s) => {
    size += s.length;
    if (size > LINE_LIMIT) throw TOO_LONG;
    parts.push(s);
  };

  const write = (v, depth) => {
    switch (typeof v) {
      case 'string':
        push(JSON.stringify(v));
        return;
      case 'number': {
        if (!Number.isFinite(v)) {
          push('null');
          return;
        }
        let s = JSON.stringify(v);
        if (!/[.eE]/.test(s)) s += 'e0';
        push(s);
        return;
      }
      case 'bigint':
        push(v.toString());
        return;
      case 'boolean':
        push(v ? 'true' : 'false');
        return;
      case 'object':
        if (v === null) {
          push('null');
          return;
        }
        break;
      default: // undefined, function, symbol
        push('null');
        return;
    }
    if (depth >= MAX_DEPTH || ancestors.includes(v)) {
      push(TOO_DEEP);
      return;
    }
    ancestors.push(v);
    if (Array.isArray(v)) {
      push('[');
      const n = v.length;
      for (let i = 0; i < n; i++) {
        if (i > 0) push(',');
        write(v[i], depth + 1);
      }
      push(']');
    } else {
      push('{');
      let first = true;
      for (const key of Object.keys(v)) {
        const member = v[key];
        const t = typeof member;
        if (t === 'undefined' || t === 'function' || t === 'symbol') continue;
        push(first ? JSON.stringify(key) + ':' : ',' + JSON.stringify(key) + ':');
        first = false;
        write(member, depth + 1);
      }
      push('}');
    }
    ancestors.pop();
  };

  try {
    write(value, 0);
  } catch (e) {
    if (e === TOO_LONG) return TOO_DEEP;
    throw e;
  }
  return parts.join('');
}

export const isBlankText = (s) => /^[ \t]*\r?$/.test(s);

export function isBlankBytes(b) {
  let n = b.length;
  if (n > 0 && b[n - 1] === 13) n--;
  for (let i = 0; i < n; i++) if (b[i] !== 32 && b[i] !== 9) return false;
  return true;
}

// A line too big to copy into wasm memory is replaced by one the core
// classifies the same way: a blank line stays blank (but still over the
// limit, so the core's own rule for long blank lines applies), anything else
// is a line that is not a JSON object.
export const oversizeStandIn = (blank) => (blank ? ' '.repeat(LINE_LIMIT + 1) : TOO_DEEP);
