// The Bank view, account-centred: the accounts list (pick one to act on
// it), the picked account's panel (balance, held, available, overdraft
// limit, its pending holds with capture and release), the forms, and the
// statement of the picked account. Every form passes what the user typed
// to the core and shows what comes back: the rules (ids, names, amounts,
// holds, limits, errors and their order) live in the core only.

import { $, el, setMessage, clearMessage, count } from './dom.js';
import { describeError, timeOf } from './words.js';
import { Statement } from './statement.js';

// Which forms pre-fill which account fields from the picked account.
const PICKED_FIELDS = ['deposit-id', 'withdraw-id', 'transfer-from', 'hold-from', 'limit-id', 'close-id'];
// Fields that take another account of the same currency: [field, source field, its suggestions].
const TARGET_FIELDS = [['transfer-to', 'transfer-from', 'transfer-targets'], ['hold-to', 'hold-from', 'hold-targets']];
// setTimeout's longest wait (about 24.8 days); a later expiry is checked again then.
const LONGEST_WAIT = 2 ** 31 - 1;

export class BankView {
  #app; // { api, bank(), crossings: CrossingLog }
  #accounts = [];
  #picked = null; // the picked account's id
  #holds = []; // the picked account's pending holds
  #statement;
  #expiryTimer = null;
  #zeros = new Map(); // currency -> promise of the core's text of zero in it

  constructor(app) {
    this.#app = app;
    this.#statement = new Statement(() => app.bank(), (id) => this.named(id),
      (title, op, fn) => app.crossings.around(title, op, fn));
    this.#wireForms();
    for (const id of [...PICKED_FIELDS, ...TARGET_FIELDS.map(([field]) => field)]) {
      $(id).addEventListener('input', () => this.#updateHints());
    }
  }

  /** How a message names an account: "account 101 (Alice)". */
  named(id) {
    const a = this.#accounts.find((x) => x.id === id);
    return a ? `account ${id} (${a.name})` : `account ${id}`;
  }

  #account(id) {
    return this.#accounts.find((a) => a.id === id) ?? null;
  }

  /** Reads the accounts (and the picked one's pending holds) and shows them; keeps the pick. */
  async refresh(accounts) {
    const bank = this.#app.bank();
    this.#accounts = accounts ?? await bank.accounts();
    if (this.#picked !== null && this.#account(this.#picked) === null) this.#picked = null;
    this.#holds = this.#picked === null ? [] : await bank.pendingHolds(this.#picked);
    this.#renderAccounts();
    this.#renderPanel();
    this.#renderChoices();
    this.#updateHints();
    this.#watchExpiry();
    await this.#statement.refresh(this.#picked === null ? null : this.#account(this.#picked));
  }

  /** Forgets the pick (a new, empty bank). */
  async reset() {
    this.#picked = null;
    await this.refresh();
  }

  // ---------- the accounts list ----------

  #renderAccounts() {
    const rows = this.#accounts.map((a) => {
      const radio = el('input', {
        type: 'radio', name: 'picked', id: `pick-${a.id}`, value: String(a.id), checked: a.id === this.#picked,
        'aria-label': `Pick account ${a.id}, ${a.name}`,
      });
      radio.addEventListener('change', () => this.pick(a.id));
      return el('tr', { 'data-status': a.status, 'data-picked': String(a.id === this.#picked) },
        el('td', { class: 'pick' }, radio, el('label', { htmlFor: `pick-${a.id}`, text: String(a.id) })),
        el('td', { class: 'name', text: a.name }),
        el('td', { text: a.currency }),
        el('td', { class: 'num', text: a.balance }),
        el('td', { text: a.status }));
    });
    $('accounts-table').tBodies[0].replaceChildren(...rows);
    $('accounts-table').hidden = rows.length === 0;
    $('no-accounts').hidden = rows.length !== 0;
  }

  /** Picks an account: the forms take it, the panel and the statement show it. */
  async pick(id) {
    this.#picked = id;
    const a = this.#account(id);
    for (const field of PICKED_FIELDS) $(field).value = a !== null && a.status === 'open' ? String(id) : '';
    if (a !== null && a.status === 'open') {
      for (const [field] of TARGET_FIELDS) {
        const to = this.#targets(a)[0];
        $(field).value = to ? String(to.id) : '';
      }
    }
    await this.#app.crossings.around(`Read account ${id}: its holds and statement`, { op: 'statement', id }, async () => {
      this.#holds = a === null ? [] : await this.#app.bank().pendingHolds(id);
      this.#renderAccounts();
      this.#renderPanel();
      this.#renderChoices();
      this.#updateHints();
      this.#watchExpiry();
      await this.#statement.show(a);
    });
  }

  // ---------- the picked account's panel ----------

  #renderPanel() {
    const a = this.#picked === null ? null : this.#account(this.#picked);
    $('account-heading').textContent = a === null ? 'No account picked' : `Account ${a.id}: ${a.name}`;
    $('picked-summary').textContent = a === null
      ? (this.#accounts.length === 0 ? 'Open an account to start.' : 'Pick an account in the list, or type an account id in a form.')
      : `Picked: ${this.named(a.id)}, ${a.balance} ${a.currency}, ${a.status}.`;
    $('account-figures').hidden = a === null;
    $('holds').hidden = a === null;
    if (a === null) return;
    const money = (text) => `${text} ${a.currency}`;
    $('account-balance').textContent = money(a.balance);
    $('account-held').textContent = money(a.held);
    $('account-available').textContent = money(a.available);
    $('account-limit').textContent = money(a.overdraft_limit);
    this.#renderHolds(a);
  }

  // The pending holds, each with capture (all, or an amount) and release.
  // What was typed into a capture amount, and the focus, survive a redraw.
  #renderHolds(a) {
    const list = $('holds-list');
    const typed = new Map([...list.querySelectorAll('input')].map((i) => [i.id, i.value]));
    const focused = list.contains(document.activeElement) ? document.activeElement.id : '';
    list.replaceChildren(...this.#holds.map((h) => this.#holdItem(h, a)));
    for (const input of list.querySelectorAll('input')) if (typed.has(input.id)) input.value = typed.get(input.id);
    if (focused && $(focused)) $(focused).focus();
    $('holds-empty').hidden = this.#holds.length > 0;
    list.hidden = this.#holds.length === 0;
  }

  #holdItem(h, a) {
    const outgoing = h.from === a.id;
    const money = `${h.amount} ${a.currency}`;
    const what = outgoing
      ? `${money} set aside for ${this.named(h.to)}`
      : `${money} set aside by ${this.named(h.from)} for this account`;
    const when = h.expires_at === undefined ? 'No expiry.' : `Expires ${timeOf(h.expires_at)}.`;
    const memo = h.memo ? ` “${h.memo}”` : '';
    const amountId = `capture-amount-${h.hold}`;
    const hintId = `capture-hint-${h.hold}`;
    const capture = el('button', { type: 'submit', id: `capture-${h.hold}`, text: 'Capture', 'aria-label': `Capture hold ${h.hold}` });
    const release = el('button', { type: 'button', id: `release-${h.hold}`, class: 'secondary', text: 'Release', 'aria-label': `Release hold ${h.hold}` });
    const form = el('form', { class: 'hold-item', noValidate: true },
      el('fieldset', {},
        el('legend', { text: `Hold ${h.hold}` }),
        el('p', { class: 'hold-what', text: `${what}.${memo}` }),
        el('p', { class: 'hint hold-when', text: `${when} Placed ${timeOf(h.at)}.` }),
        el('label', { htmlFor: amountId, text: 'Amount to capture (optional)' }),
        el('div', { class: 'amount-field' },
          el('input', { id: amountId, name: 'amount', inputMode: 'decimal', autocomplete: 'off', placeholder: h.amount, 'aria-describedby': hintId }),
          el('span', { class: 'currency-tag', 'aria-hidden': 'true', text: a.currency })),
        el('p', { id: hintId, class: 'hint', text: `Empty: all ${money}. A smaller amount captures that much and frees the rest.` }),
        el('div', { class: 'hold-actions' }, capture, release)));
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const amount = form.elements.amount.value.trim();
      this.#holdAction(`Capture ${amount || 'all'} of hold ${h.hold}`, { op: 'capture', hold: h.hold, amount },
        () => this.#app.bank().capture(h.hold, amount === '' ? {} : { amount }),
        (r) => `Captured ${r.amount} ${a.currency} of hold ${h.hold}: ${this.named(h.from)} now has ${r.from_balance} ${a.currency}, ${this.named(h.to)} ${r.to_balance} ${a.currency}. The hold is closed.`);
    });
    release.addEventListener('click', () => {
      this.#holdAction(`Release hold ${h.hold}`, { op: 'release', hold: h.hold },
        () => this.#app.bank().release(h.hold),
        (r) => `Released hold ${h.hold}: the ${money} is free again. Available on ${this.named(h.from)}: ${r.available} ${a.currency}.`);
    });
    return el('li', { 'data-hold': String(h.hold), 'data-direction': outgoing ? 'out' : 'in' }, form);
  }

  // Capture or release: the message stays below the list (which is drawn
  // again) and takes the focus, so the keyboard is not left on nothing.
  async #holdAction(title, op, run, said) {
    const msg = $('holds-message');
    const { text, failed } = await this.#perform(title, op, run, said);
    setMessage(msg, text, failed ? 'error' : 'ok');
    if (!failed) msg.focus();
  }

  // An expiring hold stops counting by itself: read the bank again when the
  // picked account's next hold expires (nothing is written then).
  #watchExpiry() {
    clearTimeout(this.#expiryTimer);
    this.#expiryTimer = null;
    const next = Math.min(...this.#holds.filter((h) => h.expires_at !== undefined).map((h) => h.expires_at));
    if (!Number.isFinite(next)) return;
    const wait = Math.min(Math.max(next - Date.now(), 0) + 25, LONGEST_WAIT);
    this.#expiryTimer = setTimeout(() => {
      this.#expiryTimer = null;
      this.#app.crossings.around('Time passed: read the accounts again', { op: 'accounts' }, () => this.refresh()).catch(() => {});
    }, wait);
  }

  // ---------- suggestions and hints ----------

  // Suggestions: open accounts where only those make sense (deposit,
  // withdraw, transfer, hold, limit, close); for "to", those in the
  // source's currency. (Those depend on "from", so #updateHints makes them.)
  #renderChoices() {
    const open = this.#accounts.filter((a) => a.status === 'open');
    $('open-accounts').replaceChildren(...open.map(accountOption));
  }

  #targets(from) {
    return this.#accounts.filter((a) => a.status === 'open' && (from === null || (a.id !== from.id && a.currency === from.currency)));
  }

  // Under each account field: whose account it is and its balance; in each
  // amount field the account's currency, and as its placeholder the core's
  // text of zero in that currency (which shows its decimals).
  #updateHints() {
    for (const hint of document.querySelectorAll('.account-hint')) {
      const a = this.#account(Number($(hint.dataset.for).value));
      hint.textContent = a === null ? '' : `${a.name}: ${a.balance} ${a.currency}${a.status === 'open' ? '' : ' (closed)'}`;
    }
    for (const input of document.querySelectorAll('[data-amount-for]')) {
      const a = this.#account(Number($(input.dataset.amountFor).value));
      input.nextElementSibling.textContent = a === null ? '' : a.currency;
      if (a === null) {
        input.placeholder = '';
        continue;
      }
      this.#zeroOf(a.currency).then((zero) => {
        // Only if the field still names an account of that currency.
        if (this.#account(Number($(input.dataset.amountFor).value))?.currency === a.currency) input.placeholder = zero;
      }, () => { input.placeholder = ''; });
    }
    for (const [, source, list] of TARGET_FIELDS) {
      const from = this.#account(Number($(source).value));
      $(list).replaceChildren(...this.#targets(from).map(accountOption));
    }
  }

  // How the core writes zero in `currency` ("0.00", "0", "0.000"), asked of
  // a scratch bank once per currency: the page does not guess decimals.
  #zeroOf(currency) {
    if (!this.#zeros.has(currency)) {
      const zero = (async () => {
        const scratch = await this.#app.api.createBank();
        try {
          return scratch.openAccount({ id: 1, name: 'zero', currency }).balance;
        } finally {
          scratch.dispose();
        }
      })();
      zero.catch(() => this.#zeros.delete(currency));
      this.#zeros.set(currency, zero);
    }
    return this.#zeros.get(currency);
  }

  // ---------- forms ----------

  // Performs one operation as one group of the inspector: `run()` calls the
  // bank (rejects with a BankError on refusal) and resolves once the change
  // is durable; the accounts are read again, then `said(result)` gives the
  // success text. Resolves to { text, failed }: a failure changes nothing,
  // and its text says why (the BankError's words and message).
  async #perform(title, op, run, said, explain = null) {
    const { crossings } = this.#app;
    // One message at a time: the newest is the one that matters.
    for (const other of document.querySelectorAll('.form-message')) clearMessage(other);
    crossings.begin(title, op);
    let result;
    let text;
    try {
      result = await run();
      await this.refresh();
      text = await said(result);
    } catch (err) {
      crossings.end({ ok: false });
      const why = err instanceof InputError ? err.message : explain ? await explain(err) : describeError(err);
      return { text: why, failed: true };
    }
    crossings.end({ ok: true, ...result });
    return { text, failed: false };
  }

  // Wires a form: `run(values)` performs the operation and resolves to
  // `{ result, done }`: what the bank returned, and `done()`, which returns
  // the success text once the accounts are read again. A failure changes
  // nothing but the form's message, which takes the focus.
  #wire(formId, { title, run, clear = [], explain = null }) {
    const form = $(formId);
    const msg = form.querySelector('.form-message');
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const values = Object.fromEntries(new FormData(form).entries());
      let done;
      const outcome = await this.#perform(title(values), opOf(formId, values),
        async () => {
          let result;
          ({ result, done } = await run(values));
          return result;
        },
        () => done(),
        explain ? (err) => explain(err, values) : null);
      if (outcome.failed) {
        setMessage(msg, outcome.text, 'error');
        return;
      }
      // Only what is still as submitted: the user may have typed on meanwhile.
      for (const name of clear) {
        if (form.elements[name].value === values[name]) form.elements[name].value = '';
      }
      setMessage(msg, outcome.text, 'ok');
    });
  }

  #wireForms() {
    const bank = () => this.#app.bank();
    const currency = (id) => this.#account(id)?.currency ?? '';
    this.#wire('open-form', {
      title: (v) => `Open account ${v.id} for ${v.name}`,
      clear: ['id', 'name', 'balance'],
      run: async (v) => {
        const op = { id: Number(v.id), name: v.name, currency: v.currency };
        if (v.balance !== '') op.balance = v.balance;
        const result = await bank().openAccount(op);
        return {
          result,
          done: async () => {
            await this.pick(op.id);
            const a = this.#account(op.id);
            return `Opened account ${a.id} for ${a.name} with ${a.balance} ${a.currency}.`;
          },
        };
      },
    });
    for (const kind of ['deposit', 'withdraw']) {
      this.#wire(`${kind}-form`, {
        title: (v) => `${kind === 'deposit' ? 'Deposit' : 'Withdraw'} ${v.amount} ${kind === 'deposit' ? 'into' : 'from'} account ${v.id}`,
        clear: ['amount', 'memo'],
        run: async (v) => {
          const id = Number(v.id);
          const r = await bank()[kind](id, v.amount, v.memo ? { memo: v.memo } : {});
          const verb = kind === 'deposit' ? 'Deposited' : 'Withdrew';
          const where = kind === 'deposit' ? 'into' : 'from';
          return { result: r, done: () => `${verb} ${v.amount} ${currency(id)} ${where} ${this.named(id)}. Balance: ${r.balance} ${currency(id)}.` };
        },
      });
    }
    this.#wire('transfer-form', {
      title: (v) => `Transfer ${v.amount} from account ${v.from} to account ${v.to}`,
      clear: ['amount', 'memo', 'key'],
      run: async (v) => {
        const spec = { from: Number(v.from), to: Number(v.to), amount: v.amount };
        if (v.memo) spec.memo = v.memo;
        if (v.key) spec.key = v.key;
        const r = await bank().transfer(spec);
        const again = r.replayed ? ' (this key was used before: nothing moved again)' : '';
        return {
          result: r,
          done: () => `Moved ${v.amount} ${currency(spec.from)} from ${this.named(spec.from)} to ${this.named(spec.to)}${again}. Balances: ${r.from_balance} and ${r.to_balance}.`,
        };
      },
    });
    this.#wire('hold-form', {
      title: (v) => `Hold ${v.amount} of account ${v.from} for account ${v.to}`,
      clear: ['amount', 'expires', 'memo'],
      run: async (v) => {
        const spec = { from: Number(v.from), to: Number(v.to), amount: v.amount };
        if (v.memo) spec.memo = v.memo;
        const minutes = v.expires.trim();
        if (minutes !== '') {
          const m = Number(minutes);
          if (!Number.isFinite(m) || m <= 0) throw new InputError(`"Expires in minutes" takes a number of minutes greater than 0, such as 30 or 1.5, not "${minutes}". Nothing was held.`);
          // From the bank's now: its time may be ahead of this device's clock.
          const now = Math.max(Date.now(), await bank().time());
          spec.expires_at = Math.round(now + m * 60_000);
        }
        const r = await bank().hold(spec);
        const until = spec.expires_at === undefined ? 'until it is captured or released' : `until ${timeOf(spec.expires_at)}`;
        return {
          result: r,
          done: () => `Placed hold ${r.hold}: ${v.amount} ${currency(spec.from)} of ${this.named(spec.from)} set aside for ${this.named(spec.to)}, ${until}. Available: ${r.available} ${currency(spec.from)}.`,
        };
      },
    });
    this.#wire('limit-form', {
      title: (v) => `Set the overdraft limit of account ${v.id} to ${v.limit}`,
      clear: ['limit'],
      run: async (v) => {
        const id = Number(v.id);
        const r = await bank().setLimit(id, v.limit);
        return {
          result: r,
          done: () => `The overdraft limit of ${this.named(id)} is now ${r.overdraft_limit} ${currency(id)}: its balance may go that far below zero. Available: ${this.#account(id)?.available ?? '?'} ${currency(id)}.`,
        };
      },
    });
    this.#wire('close-form', {
      title: (v) => `Close account ${v.id}`,
      clear: ['id'],
      run: async (v) => {
        const id = Number(v.id);
        const result = await bank().close(id);
        return { result, done: () => `Closed ${this.named(id)}. It stays listed as closed; its statement is kept.` };
      },
      explain: (err, v) => this.#whyNotClosed(err, Number(v.id)),
    });
  }

  // Close explains its refusals in terms of the account: a balance left, or
  // pending holds that name it.
  async #whyNotClosed(err, id) {
    const a = this.#account(id);
    if (err && err.code === 'ACCOUNT_NOT_EMPTY' && a !== null) {
      let holds = [];
      try {
        holds = await this.#app.bank().pendingHolds(id);
      } catch { /* say what is known */ }
      if (holds.length > 0) {
        return `${capitalized(this.named(id))} has ${count(holds.length, 'pending hold', 'pending holds')} (${holds.map((h) => `hold ${h.hold}`).join(', ')}): capture or release ${holds.length === 1 ? 'it' : 'them'}, or let ${holds.length === 1 ? 'it' : 'them'} expire, first. Its balance is ${a.balance} ${a.currency}. [ACCOUNT_NOT_EMPTY]`;
      }
      return `${capitalized(this.named(id))} still holds ${a.balance} ${a.currency}: only an account with a zero balance can be closed. Withdraw or transfer the money out first. [ACCOUNT_NOT_EMPTY]`;
    }
    if (err && err.code === 'ACCOUNT_CLOSED') return `${capitalized(this.named(id))} is closed already. [ACCOUNT_CLOSED]`;
    return describeError(err);
  }
}

// A field the page reads itself (not the bank's rules): the hold's "expires
// in minutes", which the page turns into a time.
class InputError extends Error {}

const capitalized = (text) => text.charAt(0).toUpperCase() + text.slice(1);

// A suggestion in an account field's list.
const accountOption = (a) => el('option', { value: String(a.id), label: `${a.name} — ${a.balance} ${a.currency}` });

// A form's operation as the inspector names it (the original tutorial's
// counterpart is looked up by `op`).
function opOf(formId, v) {
  switch (formId) {
    case 'open-form': return { op: 'open', id: v.id, name: v.name, balance: v.balance || '0' };
    case 'deposit-form': return { op: 'deposit', id: v.id, amount: v.amount };
    case 'withdraw-form': return { op: 'withdraw', id: v.id, amount: v.amount };
    case 'transfer-form': return { op: 'transfer', from: v.from, to: v.to, amount: v.amount };
    case 'hold-form': return { op: 'hold', from: v.from, to: v.to, amount: v.amount };
    case 'limit-form': return { op: 'set_limit', id: v.id, overdraft_limit: v.limit };
    default: return { op: 'close', id: v.id };
  }
}
