// Scenario lines handed to the core by execute(): the line limits
// (docs/transcript-format.md) and the stand-in for a line too big to copy.

import { LIMITS } from './contract.js';

// The limits are the core's (core/include/wasmbank/contract.h, generated
// into contract.js): MAX_DEPTH and LINE_LIMIT are what the core parses;
// lines longer than COPY_LIMIT are not copied into wasm memory at all (the
// core sees a stand-in of the same kind, see oversizeStandIn); JOURNAL_LIMIT
// is the largest journal text handed to the core.
export const { MAX_DEPTH, LINE_LIMIT, COPY_LIMIT, JOURNAL_LIMIT } = LIMITS;
// A line nested deeper than MAX_DEPTH: the core rejects it as "not a JSON
// object" itself.
export const TOO_DEEP = '['.repeat(MAX_DEPTH + 1) + ']'.repeat(MAX_DEPTH + 1);

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
