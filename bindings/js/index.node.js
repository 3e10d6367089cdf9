// The package's entry in Node (package.json "exports", condition "node"):
// all of index.js, and openBank also takes a file path, kept by the Node
// file store (node_store.js, which needs node:fs: browsers get index.js).
import { internalCheckCheckpointEvery, openBank as openBrowserStore, internalOpenStoredBank } from './index.js';
import { BankError } from './bank_error.js';
import { NodeFileStore } from './node_store.js';

export * from './index.js';

/**
 * Opens a bank bound to a store: a file path (a file store, created if there
 * is no such file; one process at a time) or { indexedDB: name }.
 * @param {string | { indexedDB: string }} store
 * @param {object} [options]  createBank's options (not `journal`); `onLog`
 *   also hears a torn last line being cut off or a checkpoint ignored;
 *   `checkpointEvery`: entries between checkpoints (default 100,000)
 * @returns {Promise<StoredBank>}
 * @example
 *   const bank = await openBank('bank.journal');
 *   await bank.deposit(101, '250.00');   // written and fsync'ed once it resolves
 *   await bank.dispose();                 // releases the file and its lock
 */
export async function openBank(store, options = {}) {
  if (typeof store !== 'string') return openBrowserStore(store, options);
  if (store === '') throw new BankError('INVALID_ARGUMENT', 'the store path is empty');
  const { onLog, checkpointEvery } = options !== null && typeof options === 'object' ? options : {};
  const note = typeof onLog === 'function' ? onLog : undefined;
  internalCheckCheckpointEvery(checkpointEvery);
  return internalOpenStoredBank(options, (w) => NodeFileStore.open(store, w, note, checkpointEvery));
}
