// The Scenario files view: runs any .jsonl through the core's scenario
// runner on a fresh bank (the runner behind bank-cli run) and offers the
// transcript, byte for byte what bank-cli writes.

import { $, setMessage, download, count } from './dom.js';
import { describeError } from './words.js';

export class ScenarioView {
  #api;
  #transcript = null;
  #name = '';

  constructor(api) {
    this.#api = api;
    $('scenario-file').addEventListener('change', () => this.#runFile());
    $('download-transcript').addEventListener('click', () => {
      if (this.#transcript !== null) download(`${this.#name}.transcript`, this.#transcript);
    });
  }

  /** Runs scenario bytes on a fresh bank; returns the transcript. */
  async run(bytes) {
    const bank = await this.#api.createBank();
    try {
      return bank.runScenario(bytes);
    } finally {
      bank.dispose();
    }
  }

  async #runFile() {
    const input = $('scenario-file');
    const msg = $('scenario-message');
    const file = input.files && input.files[0];
    if (!file) return;
    setMessage(msg, `Running ${file.name}…`, 'info');
    try {
      const transcript = await this.run(new Uint8Array(await file.arrayBuffer()));
      this.#transcript = transcript;
      this.#name = file.name.replace(/\.[^.]*$/, '') || 'scenario';
      $('scenario-transcript').textContent = transcript;
      $('download-transcript').disabled = false;
      const n = transcript === '' ? 0 : transcript.split('\n').length - 1;
      setMessage(msg, `Ran ${file.name}: ${count(n, 'transcript line', 'transcript lines')}.`, 'ok');
    } catch (err) {
      setMessage(msg, `Could not run ${file.name}: ${describeError(err)}`, 'error');
    }
  }
}
