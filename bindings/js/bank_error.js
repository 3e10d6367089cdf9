// The error type of the wasm-bank JS API and its stable codes (docs/errors.md).

/**
 * The stable error codes, in their documented order: transferMany code k is
 * ERROR_CODES[k - 1]. Generated at build time into contract.js from the C++
 * list (core/include/wasmbank/contract.h).
 */
import { ERROR_CODES as ERROR_NAMES } from './contract.js';

export { ERROR_NAMES as ERROR_CODES };

/** An Error with a stable `.code` from ERROR_CODES. */
export class BankError extends Error {
  constructor(code, message, options) {
    super(typeof message === 'string' && message !== '' ? message : String(code), options);
    this.name = 'BankError';
    this.code = code;
  }
}

/**
 * The one place a core result becomes a BankError: throws for a failing
 * code — an ErrorCode number (0 = ok) or a code's name from a transcript —
 * with the core's message for it (w.lastErrorMessage()).
 */
export function check(code, w, fallback = 'INVALID_ARGUMENT') {
  if (code === 0 || code === undefined) return;
  const name = typeof code === 'number' ? ERROR_NAMES[code - 1] ?? fallback : code;
  throw new BankError(name, w.lastErrorMessage());
}
