// Scenario lines handed to the core by execute(): the line limits
// (docs/transcript-format.md) and the stand-in for a line too big to copy.

// Limits shared with the core (executor.h; tests/js/codes_drift.test.js checks them).

export const MAX_DEPTH = 64;
export const LINE_LIMIT = 1048576; // bytes in a line the core will parse
// A line nested deeper than MAX_DEPTH: the core rejects it as "not a JSON
// object" itself.
export const TOO_DEEP = '['.repeat(MAX_DEPTH + 1) + ']'.repeat(MAX_DEPTH + 1);
// Lines longer than this are not copied into wasm memory at all; the core
// sees a stand-in of the same kind (see oversizeStandIn). It stays well
// under the heap guard's reserve (16 MiB, core/src/memory_guard.h), so the
// copy of a line fits even when the heap is full.
export const COPY_LIMIT = 2 * LINE_LIMIT;
// The largest journal text handed to the core (it must fit in wasm32 memory).
export const JOURNAL_LIMIT = 1536 * LINE_LIMIT;

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
