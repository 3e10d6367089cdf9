// The statement of the picked account: its entries newest first, a page at a
// time, each in words with the account's balance right after it, and a chart
// of that balance drawn with uPlot (served from this origin).
//
// A page is one bank.statement() read: the core gives the account, its
// entries and the balance after each, consistent with one another. The page
// computes no balance; "Balance after entry N" asks the core again
// (bank.balance(id, { as_of: N })).

import uPlot from './vendor/uplot/uPlot.esm.js';
import { $, el, count, setMessage, clearMessage } from './dom.js';
import { describeError, entryInWords, timeOf } from './words.js';

export const PAGE_SIZE = 25;

// The entry kinds that move money: their amount column shows the change.
const MOVES_MONEY = new Set(['open', 'deposit', 'withdraw', 'transfer', 'capture']);

export class Statement {
  #bank; // () => the user's bank
  #named; // (id) => how to name an account
  #around; // (title, op, fn): runs a read as one operation for the inspector
  #account = null; // the account shown, as the accounts list gave it
  #pages = []; // the `before` of each page turned to (undefined: the newest)
  #oldest = null; // the oldest entry on the page shown
  #holds = new Map(); // hold number -> its hold entry (entries never change)
  #chart = null;

  constructor(bank, named, around) {
    this.#bank = bank;
    this.#named = named;
    this.#around = around;
    $('statement-older').addEventListener('click', () => around('Statement: older entries', { op: 'statement' }, () => this.#older()));
    $('statement-newer').addEventListener('click', () => around('Statement: newer entries', { op: 'statement' }, () => this.#newer()));
    $('asof-form').addEventListener('submit', (ev) => {
      ev.preventDefault();
      this.#showBalanceAsOf($('asof-entry').value.trim());
    });
    window.matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => this.#redrawChart());
    window.addEventListener('resize', () => this.#resizeChart());
  }

  /** Shows `account` from its newest entry (or nothing when null). */
  async show(account) {
    this.#account = account;
    this.#pages = [undefined];
    clearMessage($('statement-asof'));
    if (account === null) {
      $('statement-body').hidden = true;
      $('statement-empty').hidden = false;
      $('statement-heading').textContent = 'Statement';
      this.#data = null;
      this.#redrawChart();
      return;
    }
    await this.#render();
  }

  /** The same page again, for the account as it is now (after an op or another tab's change). */
  async refresh(account) {
    // A change of this account (a new entry, or a hold that lapsed) starts
    // again from the newest; otherwise the page shown stays (names may have
    // changed) and so does a balance shown as of an entry.
    const same = account !== null && this.#account !== null && JSON.stringify(account) === JSON.stringify(this.#account);
    if (!same) return this.show(account);
    this.#account = account;
    return this.#render();
  }

  get accountId() {
    return this.#account === null ? null : this.#account.id;
  }

  async #older() {
    if (this.#oldest === null || this.#oldest.kind === 'open') return;
    this.#pages.push(this.#oldest.entry);
    await this.#render();
    // A disabled button loses the focus: keep it on the pager.
    if ($('statement-older').disabled) $('statement-newer').focus();
  }

  async #newer() {
    if (this.#pages.length < 2) return;
    this.#pages.pop();
    await this.#render();
    if ($('statement-newer').disabled) $('statement-older').focus();
  }

  async #render() {
    const id = this.#account.id;
    const before = this.#pages.at(-1);
    const options = { limit: PAGE_SIZE };
    if (before !== undefined) options.before = before;
    const { account, lines } = await this.#bank().statement(id, options);
    await this.#learnHolds(id, lines);
    this.#oldest = lines.length === 0 ? null : lines.at(-1).entry;
    // An account's first entry is its opening: nothing is older.
    const hasOlder = this.#oldest !== null && this.#oldest.kind !== 'open';

    $('statement-heading').textContent = `Statement of ${this.#named(id)}`;
    $('statement-range').textContent = lines.length === 0
      ? 'No entries.'
      : `Entries ${lines.at(-1).entry.entry} to ${lines[0].entry.entry}, newest first (page ${this.#pages.length}, ${count(lines.length, 'entry', 'entries')}).`;
    $('statement-table').tBodies[0].replaceChildren(...lines.map((line) => this.#row(line, account)));
    $('statement-older').disabled = !hasOlder;
    $('statement-newer').disabled = this.#pages.length < 2;
    $('statement-empty').hidden = true;
    $('statement-body').hidden = false;
    this.#drawChart(lines, account.currency);
  }

  // A capture or release names its hold only: its hold's entry says who
  // pays whom. A hold older than the page is read once (one entry, which
  // never changes) and kept.
  async #learnHolds(id, lines) {
    for (const { entry } of lines) if (entry.kind === 'hold') this.#holds.set(entry.entry, entry);
    const missing = new Set(lines.map(({ entry }) => entry)
      .filter((e) => (e.kind === 'capture' || e.kind === 'release') && !this.#holds.has(e.hold))
      .map((e) => e.hold));
    for (const hold of missing) {
      const [entry] = await this.#bank().history(id, { before: hold + 1, limit: 1 });
      if (entry && entry.entry === hold && entry.kind === 'hold') this.#holds.set(hold, entry);
    }
  }

  #holdOf = (n) => this.#holds.get(n) ?? null;

  #row({ entry: e, change, balance }, account) {
    // What the entry did to this balance is the core's (signed) text; the
    // kinds that move no money show none.
    const amount = MOVES_MONEY.has(e.kind) ? change : '';
    const asOf = el('button', {
      type: 'button', class: 'entry-link', text: String(e.entry),
      'aria-label': `Balance after entry ${e.entry}`,
    });
    asOf.addEventListener('click', () => {
      $('asof-entry').value = String(e.entry);
      this.#showBalanceAsOf(String(e.entry));
    });
    return el('tr', { 'data-entry': String(e.entry), 'data-kind': e.kind },
      el('td', {}, asOf),
      el('td', { class: 'name', text: entryInWords(e, account.id, account.currency, this.#named, this.#holdOf) }),
      el('td', { class: 'num', text: amount === '' ? '' : `${amount} ${account.currency}` }),
      el('td', { class: 'num', text: `${balance} ${account.currency}` }),
      el('td', { text: timeOf(e.at) }));
  }

  // "Balance after entry N: …", from the core (an entry of any account).
  async #showBalanceAsOf(text) {
    const out = $('statement-asof');
    const account = this.#account;
    if (account === null) return;
    if (text === '') {
      setMessage(out, 'Type an entry number, or press one in the table.', 'error');
      return;
    }
    const n = Number(text);
    try {
      const balance = await this.#around(`Balance of account ${account.id} after entry ${text}`, { op: 'balance', id: account.id },
        () => this.#bank().balance(account.id, { as_of: n }));
      setMessage(out, `Balance of ${this.#named(account.id)} after entry ${n}: ${balance} ${account.currency}`, 'info');
    } catch (err) {
      setMessage(out, `No balance after entry ${text}: ${describeError(err)}`, 'error');
    }
  }

  // ---------- the chart ----------

  #data = null;
  #currency = '';

  #drawChart(lines, currency) {
    // uPlot wants x ascending: oldest first. The plotted numbers are the
    // core's balance texts read as floats, for the picture only; the table
    // shows the exact text.
    const oldestFirst = [...lines].reverse();
    this.#data = [oldestFirst.map((l) => l.entry.entry), oldestFirst.map((l) => Number(l.balance))];
    this.#currency = currency;
    this.#redrawChart();
  }

  #redrawChart() {
    const box = $('statement-chart');
    if (this.#chart !== null) {
      this.#chart.destroy();
      this.#chart = null;
    }
    if (this.#data === null || $('statement-body').hidden) return;
    const colors = getComputedStyle(document.documentElement);
    const ink = colors.getPropertyValue('--muted').trim();
    const grid = colors.getPropertyValue('--border').trim();
    const line = colors.getPropertyValue('--accent').trim();
    const axis = { stroke: ink, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } };
    this.#chart = new uPlot({
      width: Math.max(box.clientWidth, 200),
      height: 220,
      legend: { show: false },
      cursor: { show: false },
      scales: { x: { time: false } },
      // Whole entry numbers on x; the balance holds from one entry to the next.
      axes: [{ ...axis, label: 'Entry', incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1e3, 1e4, 1e5, 1e6, 1e7] }, { ...axis, size: 70 }],
      series: [{ label: 'Entry' }, {
        label: `Balance (${this.#currency})`, stroke: line, width: 2,
        paths: uPlot.paths.stepped({ align: 1 }), points: { show: true, size: 6, fill: line },
      }],
    }, this.#data, box);
    box.dataset.points = String(this.#chart.data[1].length);
    box.setAttribute('aria-label', `Chart of the balance after each of the ${this.#chart.data[1].length} entries on this page`);
  }

  #resizeChart() {
    if (this.#chart === null) return;
    this.#chart.setSize({ width: Math.max($('statement-chart').clientWidth, 200), height: 220 });
  }
}
