// Not part of the API: what the package's other modules (index.js,
// index.node.js, cli.js) and its tests use to bind a store to a bank. The
// package entry (index.js) does not export these.

import { BankError } from './bank_error.js';
import { copyIn } from './convert.js';
import { Bank, createBank } from './bank.js';
import { StoredBank } from './stored_bank.js';
import { Store } from './store.js';

// How the Node bin binds its
// file store (node_store.js) to a bank's core.
export function internalWithCore(bank, fn) {
  return Bank.withCore(bank, fn);
}

/**
 * The bench's limit row for import and verify: `lines` (journal entry
 * lines, each ending in a newline) chain-hashed in the bank's wasm with the
 * core's SHA-256, as the journal's chain is, nothing parsed. Returns the
 * number of lines hashed.
 */
export function internalChainHash(bank, lines) {
  return Bank.withCore(bank, (w) => w.chainHashIncoming(copyIn(w, lines)));
}

/**
 * openBank and its Node
 * form (index.node.js) make a bank loaded from a store through `backend`
 * (store.js: the protocol; the backend's primitives).
 */
export async function internalOpenStoredBank(options, backend) {
  const {
    journal, seedJournal, onStoreChange, checkpointEvery, ...rest
  } = options !== null && typeof options === 'object' ? options : {};
  if (journal !== undefined) {
    throw new BankError('INVALID_ARGUMENT', 'a stored bank starts from its store: to start an empty store from an export, use seedJournal');
  }
  if (seedJournal !== undefined && typeof seedJournal !== 'string' && !(seedJournal instanceof Uint8Array)) {
    throw new BankError('INVALID_ARGUMENT', 'seedJournal must be a string or a Uint8Array');
  }
  if (checkpointEvery !== undefined && !(Number.isInteger(checkpointEvery) && checkpointEvery >= 1)) {
    throw new BankError('INVALID_ARGUMENT', 'checkpointEvery must be a whole number of entries, at least 1');
  }
  const bank = await createBank(rest);
  const core = (fn) => Bank.withCore(bank, fn);
  const note = typeof rest.onLog === 'function' ? rest.onLog : undefined;
  let store;
  try {
    store = await Store.open(backend, core, { note, checkpointEvery });
  } catch (e) {
    bank.dispose();
    throw e;
  }
  const stored = new StoredBank(bank, store, core);
  if (seedJournal !== undefined) {
    try {
      await stored.seed(() => Bank.importJournal(bank, seedJournal));
    } catch (e) {
      await stored.dispose();
      throw e;
    }
  }
  return stored;
}

