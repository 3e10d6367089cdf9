// The error type of the wasm-bank JS API and its stable codes (docs/errors.md).

/**
 * The stable error codes, in their documented order: transferMany code k is
 * ERROR_CODES[k - 1]. (The C++ list in core/include/wasmbank/status.h is the
 * source; tests/js/codes_drift.test.js checks this one against it.)
 */
export const ERROR_CODES = Object.freeze([
  'INVALID_ARGUMENT',
  'INVALID_NAME',
  'INVALID_CURRENCY',
  'INVALID_AMOUNT',
  'UNKNOWN_OP',
  'ACCOUNT_EXISTS',
  'ACCOUNT_NOT_FOUND',
  'ACCOUNT_CLOSED',
  'ACCOUNT_NOT_EMPTY',
  'SAME_ACCOUNT',
  'CURRENCY_MISMATCH',
  'INSUFFICIENT_FUNDS',
  'OVERFLOW',
  'IDEMPOTENCY_CONFLICT',
  'LINKED_FAILED',
  'CORRUPT_JOURNAL',
  'RESOURCE_EXHAUSTED',
]);

/** An Error with a stable `.code` from ERROR_CODES. */
export class BankError extends Error {
  constructor(code, message, options) {
    super(typeof message === 'string' && message !== '' ? message : String(code), options);
    this.name = 'BankError';
    this.code = code;
  }
}
