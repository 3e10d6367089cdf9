// wasm-bank page. Talks to the bank only through the public JS API in
// ./dist/index.js; every rule (amount syntax, names, ids, error order) lives
// in the C++ core, and this page passes what the user typed and shows what
// comes back. Text is always set with textContent, never parsed as HTML.
//
// The user's bank lives in an IndexedDB store (docs/store-format.md): every
// change is durable before the page reports it, and the origin's tabs share
// it. Before stores, the page kept an exported journal in localStorage under
// LEGACY_JOURNAL_KEY: it is moved into the store once, and removed only once
// the store says it was imported (seeded).

import { $, setMessage } from './dom.js';
import { describeError } from './words.js';
import { CrossingLog, renderGroup } from './inspector.js';
import { BankView } from './bank_view.js';
import { JournalView } from './journal_view.js';
import { ScenarioView } from './scenario_view.js';
import { TutorialView } from './tutorial_view.js';

const STORE = { indexedDB: 'wasm-bank' };
const LEGACY_JOURNAL_KEY = 'wasm-bank-journal';
const BANK_GROUPS_KEPT = 10;

function readLegacyJournal() {
  try {
    return localStorage.getItem(LEGACY_JOURNAL_KEY);
  } catch {
    return null;
  }
}

function removeLegacyJournal() {
  try {
    localStorage.removeItem(LEGACY_JOURNAL_KEY);
  } catch { /* storage unavailable: nothing there */ }
}

// The page: the user's bank and the views over it.
class App {
  api; // the public API: createBank, openBank, deleteStore, BankError
  #bank = null;
  tutorialCrossings = new CrossingLog(100, () => renderCrossings('boundary-tutorial', this.tutorialCrossings));
  crossings = new CrossingLog(BANK_GROUPS_KEPT, () => renderCrossings('boundary-bank', this.crossings));
  bankView;

  constructor(api) {
    this.api = api;
  }

  bank() {
    return this.#bank;
  }

  #open(options = {}) {
    return this.api.openBank(STORE, {
      onStoreChange: () => this.crossings.around('Another tab changed the bank: catch up', { op: 'catch-up' },
        () => this.bankView.refresh()).catch(() => {}),
      onCrossing: (c) => this.crossings.record(c),
      ...options,
    });
  }

  /** Opens the user's bank, moving a legacy localStorage journal in; returns a note for the user. */
  async start() {
    this.bankView = new BankView(this);
    const legacy = readLegacyJournal();
    let note = '';
    let kind = 'info';
    this.crossings.begin('Opening your bank from its store (IndexedDB)', { op: 'openBank' });
    if (legacy) {
      try {
        this.#bank = await this.#open({ seedJournal: legacy });
        if (this.#bank.seeded) {
          removeLegacyJournal();
          note = 'Moved your bank from this browser\'s older storage into its database.';
        } else {
          // The database had a bank already (another tab, an earlier visit):
          // the older copy was not imported, so it stays where it is.
          note = 'This browser\'s older storage also holds a bank; it was not moved because your database already has one. It is left there and Reset removes it.';
        }
      } catch (err) {
        if (!err || err.code !== 'CORRUPT_JOURNAL') throw err;
        note = `The bank saved in this browser's older storage could not be read (${describeError(err)}); it is left there and Reset removes it.`;
        kind = 'error';
      }
    }
    this.#bank ??= await this.#open();
    await this.bankView.refresh();
    this.crossings.end();
    const n = $('accounts-table').tBodies[0].rows.length;
    if (!note && n > 0) note = `Restored your bank from this browser (${n} account${n === 1 ? '' : 's'}).`;
    if (note) setMessage($('bank-message'), note, kind);
  }

  /** Deletes the store and opens a new, empty one (other tabs let go of it). */
  async resetBank() {
    removeLegacyJournal();
    await this.#bank.dispose();
    await this.api.deleteStore(STORE);
    this.#bank = await this.#open();
    this.crossings.clear();
    await this.bankView.reset();
    setMessage($('bank-message'), 'Your bank was reset: it has no accounts now.', 'ok');
  }

  /**
   * Reopens the (empty) store with options such as seedJournal; returns
   * whether it seeded (false: another tab wrote to it first).
   */
  async replaceBank(options) {
    await this.#bank.dispose();
    try {
      this.#bank = await this.#open(options);
    } catch (err) {
      this.#bank = await this.#open();
      throw err;
    }
    await this.bankView.reset();
    return this.#bank.seeded;
  }
}

function renderCrossings(id, log) {
  const groups = log.groups.filter((g) => g.crossings.length > 0);
  $(id).replaceChildren(...groups.map((g, i) => renderGroup(g, i === groups.length - 1)));
  $(`${id}-empty`).hidden = groups.length > 0;
}

// ---------- offline ----------

// The service worker (sw.js) keeps a copy of the page, the module and the tutorial so
// the page also works offline. Browsers allow one only in a secure context; it is
// registered on https and on this machine's own http addresses.
function registerServiceWorker() {
  if (!('serviceWorker' in navigator)) return;
  const { protocol, hostname } = window.location;
  const local = hostname === '127.0.0.1' || hostname === 'localhost' || hostname === '[::1]';
  if (protocol !== 'https:' && !(protocol === 'http:' && local)) return;
  navigator.serviceWorker.register('./sw.js', { scope: './' }).catch((err) => {
    console.warn(`wasm-bank: offline copy not available (${err && err.message ? err.message : err})`);
  });
}

// ---------- start ----------

function failed(text) {
  const status = $('load-status');
  status.textContent = text;
  status.dataset.kind = 'error';
  document.documentElement.dataset.state = 'error';
}

async function main() {
  let api;
  let runTutorial;
  try {
    api = await import('./dist/index.js');
    ({ runTutorial } = await import('./dist/tutorial.js'));
  } catch (err) {
    failed(`The WebAssembly module could not be loaded (${err && err.message ? err.message : err}). Build it with "npm run build" and serve the page with "npm start".`);
    return;
  }
  const app = new App(api);
  try {
    await app.start();
  } catch (err) {
    failed(`The bank could not start: ${describeError(err)}`);
    return;
  }
  new JournalView(app);
  const scenarios = new ScenarioView(api);
  new TutorialView({ createBank: api.createBank, runTutorial }, app.tutorialCrossings);
  // For tests and tools that drive the page: a scenario's exact bytes in,
  // its transcript out (also shown on the page).
  window.wasmBankRunScenario = async (bytes) => {
    const transcript = await scenarios.run(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes));
    $('scenario-transcript').textContent = transcript;
    return transcript;
  };
  for (const b of document.querySelectorAll('button, input[type=file]')) {
    if (b.id !== 'download-transcript' && !b.closest('#statement')) b.disabled = false;
  }
  const status = $('load-status');
  status.textContent = 'Ready: the C++ core is loaded.';
  status.dataset.kind = 'ok';
  document.documentElement.dataset.state = 'ready';
}

main().finally(registerServiceWorker);
