// The package's entry in Node (package.json "exports", condition "node"):
// all of index.js, and openBank and deleteStore also take a file path, a
// file store (node_store.js, which needs node:fs: browsers get index.js),
// and { postgres, bank }, a bank in PostgreSQL (pg_store.js, which loads
// the `pg` client only then).
import { openBank as openBrowserStore, deleteStore as deleteBrowserStore } from './index.js';
import { internalOpenStoredBank } from './internal.js';
import { BankError } from './bank_error.js';
import { NodeFileBackend } from './node_store.js';

export * from './index.js';

const isPostgres = (store) => store !== null && typeof store === 'object' && 'postgres' in store;

async function postgresBackend(store, options) {
  const { PostgresBackend } = await import('./pg_store.js');
  const note = options !== null && typeof options === 'object' && typeof options.onLog === 'function' ? options.onLog : undefined;
  return new PostgresBackend(store, { note });
}

function checkPath(store) {
  if (store === '') throw new BankError('INVALID_ARGUMENT', 'the store path is empty');
  return store;
}

/**
 * Opens a bank bound to a store: a file path (a file store, created if there
 * is no such file; one process at a time), { postgres, bank } (a bank in
 * PostgreSQL that any number of processes share: `postgres` a
 * postgresql:// URL or a pg.Pool; docs/postgres.md) or { indexedDB: name }.
 * @param {string | { postgres: string | object, bank: string } | { indexedDB: string }} store
 * @param {object} [options]  createBank's options (not `journal`); `onLog`
 *   also hears a torn last line being cut off or a checkpoint ignored;
 *   `checkpointEvery`: entries between checkpoints (default
 *     DEFAULTS.CHECKPOINT_EVERY);
 *   `seedJournal`: an export to start an empty store from (`bank.seeded`
 *   says whether it did)
 * @returns {Promise<StoredBank>}
 * @example
 *   const bank = await openBank('bank.journal');
 *   await bank.deposit(101, '250.00');   // written and fsync'ed once it resolves
 *   await bank.dispose();                 // releases the file and its lock
 */
export async function openBank(store, options = {}) {
  if (isPostgres(store)) return internalOpenStoredBank(options, await postgresBackend(store, options));
  if (typeof store !== 'string') return openBrowserStore(store, options);
  return internalOpenStoredBank(options, new NodeFileBackend(checkPath(store)));
}

/**
 * Deletes a store: a file path removes the file, its checkpoint and its lock
 * file (refused with INVALID_ARGUMENT while a running process holds it);
 * { postgres, bank } deletes that bank's rows (banks still open on it fail
 * their next call); { indexedDB: name } deletes that database. Nothing
 * there is no error.
 * @param {string | { postgres: string | object, bank: string } | { indexedDB: string }} store
 * @returns {Promise<void>}
 */
export async function deleteStore(store) {
  if (isPostgres(store)) {
    const { PostgresBackend } = await import('./pg_store.js');
    return PostgresBackend.destroy(store);
  }
  if (typeof store !== 'string') return deleteBrowserStore(store);
  NodeFileBackend.destroy(checkPath(store));
  return undefined;
}
