// wasm-bank: the public JavaScript API (the package's entry; index.d.ts).
//
// bank.js is the Bank class and createBank; exchange.js reads what the core
// reports; instrumentation.js records crossings (onCrossing); stored_bank.js
// and store.js are stored banks; internal.js binds stores to banks for the
// package's own modules and is not exported here.

import { BankError, ERROR_CODES } from './bank_error.js';
import { internalOpenStoredBank } from './internal.js';

export { BankError, ERROR_CODES };
export { LIMITS, DEFAULTS } from './contract.js';
export { createBank } from './bank.js';

/**
 * Opens a bank bound to a store (docs/store-format.md): every method returns
 * a promise, and a mutating one resolves only once its entries are durable.
 * In Node, `store` may also be a file path (the package's Node entry,
 * index.node.js, handles that).
 * @param {{ indexedDB: string }} store  an IndexedDB store of that name
 * @param {object} [options]  createBank's options (not `journal`)
 * @returns {Promise<StoredBank>}
 * @example
 *   const bank = await openBank({ indexedDB: 'my-bank' });
 *   await bank.deposit(101, '250.00');   // durable once it resolves
 */
export async function openBank(store, options = {}) {
  const name = indexedDbName(store);
  const { IndexedDbBackend } = await import('./idb_store.js');
  const { onStoreChange } = options !== null && typeof options === 'object' ? options : {};
  return internalOpenStoredBank(options, new IndexedDbBackend(name, onStoreChange));
}

/**
 * Deletes a store: { indexedDB: name } deletes its database (other tabs'
 * banks on it let go; their next call says to reload). In Node, a file
 * path (index.node.js).
 * @param {{ indexedDB: string }} store
 * @returns {Promise<void>}
 */
export async function deleteStore(store) {
  const name = indexedDbName(store);
  const { IndexedDbBackend } = await import('./idb_store.js');
  await IndexedDbBackend.destroy(name);
}

function indexedDbName(store) {
  if (typeof store === 'string') {
    throw new BankError('INVALID_ARGUMENT', 'a file store needs Node: in a browser, open { indexedDB: name }');
  }
  const name = store !== null && typeof store === 'object' ? store.indexedDB : undefined;
  if (typeof name !== 'string' || name === '') {
    throw new BankError('INVALID_ARGUMENT', 'a store is { indexedDB: name } (or, in Node, a file path)');
  }
  return name;
}

