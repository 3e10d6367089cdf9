// The Journal view: export your bank as a file, import one into an empty
// bank, verify, and reset. An import is checked whole before anything is
// written, so a damaged file changes nothing.

import { $, setMessage, download, count } from './dom.js';
import { describeError } from './words.js';

export class JournalView {
  #app; // { bank(), api, replaceBank(options) -> seeded, resetBank() }

  constructor(app) {
    this.#app = app;
    $('export-journal').addEventListener('click', () => this.#export());
    $('verify-journal').addEventListener('click', () => this.#verify());
    $('reset-bank').addEventListener('click', () => this.#reset());
    $('import-file').addEventListener('change', () => this.#import());
  }

  #say(text, kind) {
    setMessage($('journal-message'), text, kind);
  }

  async #export() {
    try {
      const journal = await this.#app.bank().exportJournal();
      const entries = journal.split('\n').length - 2; // a head line, a line per entry, a final newline
      download(`wasm-bank-${new Date().toISOString().slice(0, 10)}.journal`, journal);
      this.#say(`Exported your journal: ${count(entries, 'entry', 'entries')}. Import it in another browser to take your bank there.`, 'ok');
    } catch (err) {
      this.#say(`Could not export: ${describeError(err)}`, 'error');
    }
  }

  async #verify() {
    try {
      const v = await this.#app.bank().verify();
      $('verify-entries').textContent = String(v.entries);
      $('verify-accounts').textContent = String(v.accounts);
      $('verify-head').textContent = v.head;
      $('verify-result').hidden = false;
      this.#say(`Verified: every entry replays and the hash chain holds (${count(v.entries, 'entry', 'entries')}, ${count(v.accounts, 'account', 'accounts')}).`, 'ok');
    } catch (err) {
      $('verify-result').hidden = true;
      this.#say(`Verification failed: ${describeError(err)}`, 'error');
    }
  }

  async #import() {
    const input = $('import-file');
    const file = input.files && input.files[0];
    if (!file) return;
    input.value = ''; // the same file may be picked again
    const bytes = new Uint8Array(await file.arrayBuffer());
    try {
      // Whole and verifying, or refused: nothing is written before this.
      const check = await this.#app.api.createBank({ journal: bytes });
      const { entries, accounts } = check.verify();
      check.dispose();
      const mine = await this.#app.bank().verify();
      if (mine.entries > 0) {
        this.#say(`Your bank already has ${count(mine.entries, 'entry', 'entries')}; importing would mix two banks. Export it if you want to keep a copy, press Reset, then import ${file.name}.`, 'error');
        return;
      }
      if (await this.#app.replaceBank({ seedJournal: bytes })) {
        this.#say(`Imported ${file.name}: ${count(entries, 'entry', 'entries')}, ${count(accounts, 'account', 'accounts')}. See them in the Bank view.`, 'ok');
      } else {
        this.#say(`Did not import ${file.name}: meanwhile your bank got entries (another tab?), and importing would mix two banks. Export it if you want to keep a copy, press Reset, then import ${file.name}.`, 'error');
      }
    } catch (err) {
      this.#say(`Could not import ${file.name}: ${describeError(err)} Your bank was not changed.`, 'error');
    }
  }

  async #reset() {
    try {
      await this.#app.resetBank();
      $('verify-result').hidden = true;
      this.#say('Your bank was reset: it has no accounts now.', 'ok');
    } catch (err) {
      this.#say(`Could not reset: ${describeError(err)}`, 'error');
    }
  }
}
