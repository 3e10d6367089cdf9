// The statement of the picked account: its entries newest first, a page at a
// time (history's `before` / `limit`), each in words with the balance after
// it, and a chart of that balance drawn with uPlot (served from this origin).
//
// The running balance is exact: the account's balance now, minus the effect
// of every newer entry, in BigInt minor units. A page remembers the balance
// after its newest entry, so "Older" and "Newer" never read more than a page.

import uPlot from './vendor/uplot/uPlot.esm.js';
import { $, el, count } from './dom.js';
import { effectOn, entryInWords, fromMinor, scaleOf, timeOf, toMinor } from './words.js';

export const PAGE_SIZE = 25;

export class Statement {
  #bank; // () => the user's bank
  #named; // (id) => how to name an account
  #account = null; // the account shown
  #pages = []; // [{ before, top }]: a page's history `before` and the balance after its newest entry
  #chart = null;

  // around(title, fn): runs a page turn as one operation for the inspector.
  constructor(bank, named, around) {
    this.#bank = bank;
    this.#named = named;
    $('statement-older').addEventListener('click', () => around('Statement: older entries', () => this.#older()));
    $('statement-newer').addEventListener('click', () => around('Statement: newer entries', () => this.#newer()));
    window.matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => this.#redrawChart());
    window.addEventListener('resize', () => this.#resizeChart());
  }

  /** Shows `account` from its newest entry (or nothing when null). */
  async show(account) {
    this.#account = account;
    this.#pages = [];
    if (account === null) {
      $('statement-body').hidden = true;
      $('statement-empty').hidden = false;
      $('statement-heading').textContent = 'Statement';
      return;
    }
    this.#pages.push({ before: undefined, top: toMinor(account.balance, scaleOf(account.balance)) });
    await this.#render();
  }

  /** The same page again, for the account as it is now (after an op or another tab's change). */
  async refresh(account) {
    // A new entry of this account shifts every page: start again from the
    // newest. Otherwise the page shown stays (its names may have changed).
    const same = account !== null && this.#account !== null && account.id === this.#account.id &&
      account.balance === this.#account.balance && account.status === this.#account.status;
    if (!same || this.#pages.length === 1) return this.show(account);
    this.#account = account;
    return this.#render();
  }

  get accountId() {
    return this.#account === null ? null : this.#account.id;
  }

  async #older() {
    const page = this.#pages.at(-1);
    if (!page.oldest) return;
    this.#pages.push({ before: page.oldest.entry, top: page.bottom });
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
    const account = this.#account;
    const page = this.#pages.at(-1);
    const scale = scaleOf(account.balance);
    const options = { limit: PAGE_SIZE };
    if (page.before !== undefined) options.before = page.before;
    const entries = await this.#bank().history(account.id, options);
    // Balance after each entry, newest first: the page's top, then back.
    let balance = page.top;
    const after = entries.map((e) => {
      const here = balance;
      balance -= effectOn(e, account.id, scale);
      return here;
    });
    page.oldest = entries.at(-1) ?? null;
    page.bottom = balance;
    const hasOlder = page.oldest !== null && page.oldest.kind !== 'open';

    $('statement-heading').textContent = `Statement of ${this.#named(account.id)}`;
    $('statement-range').textContent = entries.length === 0
      ? 'No entries.'
      : `Entries ${entries.at(-1).entry} to ${entries[0].entry}, newest first (page ${this.#pages.length}, ${count(entries.length, 'entry', 'entries')}).`;
    $('statement-table').tBodies[0].replaceChildren(...entries.map((e, i) => this.#row(e, after[i], scale)));
    $('statement-older').disabled = !hasOlder;
    $('statement-newer').disabled = this.#pages.length < 2;
    $('statement-empty').hidden = true;
    $('statement-body').hidden = false;
    this.#drawChart(entries, after, scale);
  }

  #row(e, balanceAfter, scale) {
    const account = this.#account;
    const effect = effectOn(e, account.id, scale);
    const amount = e.kind === 'close' ? '' : `${fromMinor(effect, scale)} ${account.currency}`;
    return el('tr', { 'data-entry': String(e.entry) },
      el('td', { text: String(e.entry) }),
      el('td', { class: 'name', text: entryInWords(e, account.id, account.currency, this.#named) }),
      el('td', { class: 'num', text: amount }),
      el('td', { class: 'num', text: `${fromMinor(balanceAfter, scale)} ${account.currency}` }),
      el('td', { text: timeOf(e.at) }));
  }

  // ---------- the chart ----------

  #data = null;

  #drawChart(entries, after, scale) {
    // uPlot wants x ascending: oldest first. The plotted numbers are for the
    // picture only; the table shows the exact text.
    const x = entries.map((e) => e.entry).reverse();
    const y = after.map((v) => Number(v) / 10 ** scale).reverse();
    this.#data = [x, y];
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
        label: `Balance (${this.#account.currency})`, stroke: line, width: 2,
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
