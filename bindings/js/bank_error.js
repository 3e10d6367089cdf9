// The error type of the wasm-bank JS API and its stable codes (docs/errors.md).

/**
 * The stable error codes, in their documented order: transferMany code k is
 * ERROR_CODES[k - 1]. Generated at build time into contract.js from the C++
 * list (core/include/wasmbank/contract.h).
 */
export { ERROR_CODES } from './contract.js';

/** An Error with a stable `.code` from ERROR_CODES. */
export class BankError extends Error {
  constructor(code, message, options) {
    super(typeof message === 'string' && message !== '' ? message : String(code), options);
    this.name = 'BankError';
    this.code = code;
  }
}
