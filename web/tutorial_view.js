// The Tutorial: examples/tutorial.jsonl run on a fresh bank of its own
// through the JS driver shared with `wasm-bank demo`, showing who said what
// (this page's JS or the C++ core), and recording every crossing of the
// boundary, a group per line, for the inspector.

import { $, el } from './dom.js';
import { describeError } from './words.js';

function addLogLine(list, source, line) {
  let text = line;
  const label = source === 'cpp' ? 'C++ core' : 'JS';
  const prefix = `${label}:`;
  if (text.startsWith(prefix)) text = text.slice(prefix.length).replace(/^ /, '');
  list.append(el('li', { class: `log-line log-${source}`, 'data-source': source },
    el('span', { class: `badge badge-${source}`, text: label }),
    el('span', { class: 'visually-hidden', text: ': ' }),
    el('span', { class: 'log-text', text })));
}

export class TutorialView {
  #api; // { createBank, runTutorial }
  #crossings; // CrossingLog

  constructor(api, crossings) {
    this.#api = api;
    this.#crossings = crossings;
    $('run-tutorial').addEventListener('click', () => this.run());
  }

  async run() {
    const button = $('run-tutorial');
    const list = $('tutorial-log');
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
    for (const id of ['tutorial-log', 'tutorial-greetings', 'tutorial-arith']) $(id).replaceChildren();
    $('tutorial-accounts').tBodies[0].replaceChildren();
    $('tutorial-transcript').textContent = '';
    $('tutorial-output').hidden = false;
    this.#crossings.clear();

    const js = (text) => addLogLine(list, 'js', text);
    let bank = null;
    try {
      const res = await fetch('./examples/tutorial.jsonl', { cache: 'no-store' });
      if (!res.ok) throw new Error(`could not fetch examples/tutorial.jsonl (HTTP ${res.status})`);
      const lines = (await res.text()).split('\n');
      bank = await this.#api.createBank({
        onLog: (line) => addLogLine(list, 'cpp', String(line)),
        onCrossing: (c) => this.#crossings.record(c),
      });
      js('started a fresh bank for the tutorial');
      this.#drive(bank, js, lines);
      this.#crossings.begin('accounts(): the table of accounts beside the log', { op: 'accounts' });
      for (const a of bank.accounts()) {
        $('tutorial-accounts').tBodies[0].append(el('tr', {},
          el('td', { text: String(a.id) }),
          el('td', { class: 'name', text: a.name }),
          el('td', { class: 'num', text: a.balance })));
      }
      js('tutorial finished');
    } catch (err) {
      js(`the tutorial stopped: ${describeError(err)}`);
    } finally {
      this.#crossings.end();
      if (bank !== null) bank.dispose();
      button.disabled = false;
      button.removeAttribute('aria-busy');
    }
  }

  // One crossing group per line: a line's group opens before the driver
  // hands it to the core, and its result closes it.
  #drive(bank, js, lines) {
    const scenario = lines.filter((line) => line.trim() !== '');
    let next = 0;
    const beginLine = () => {
      if (next < scenario.length) this.#crossings.begin(scenario[next], parsed(scenario[next]));
    };
    beginLine();
    $('tutorial-transcript').textContent = this.#api.runTutorial(bank, js, {
      lines: scenario,
      onResult: (op, r) => {
        this.#crossings.end(r);
        next += 1;
        beginLine();
        if (!r.ok) return;
        if (r.op === 'greet') $('tutorial-greetings').append(el('li', { text: r.greeting }));
        if (r.op === 'plus' || r.op === 'minus') {
          $('tutorial-arith').append(el('li', { text: `${op.a} ${r.op === 'plus' ? '+' : '-'} ${op.b} = ${r.result}` }));
        }
      },
    });
  }
}

function parsed(line) {
  try {
    return JSON.parse(line);
  } catch {
    return null;
  }
}
