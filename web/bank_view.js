// The Bank view: the accounts list (pick one to act on it), the forms, and
// the statement of the picked account. Every form passes what the user typed
// to the core and shows what comes back: the rules (ids, names, amounts,
// errors and their order) live in the core only.

import { $, el, setMessage, clearMessage } from './dom.js';
import { describeError, scaleOf } from './words.js';
import { Statement } from './statement.js';

// Which forms pre-fill which account fields from the picked account.
const PICKED_FIELDS = ['deposit-id', 'withdraw-id', 'transfer-from', 'close-id'];

export class BankView {
  #app; // { bank(), crossings: CrossingLog }
  #accounts = [];
  #picked = null; // the picked account's id
  #statement;

  constructor(app) {
    this.#app = app;
    this.#statement = new Statement(() => app.bank(), (id) => this.named(id),
      (title, fn) => app.crossings.around(title, { op: 'history' }, fn));
    this.#wireForms();
    for (const id of [...PICKED_FIELDS, 'transfer-to']) {
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

  /** Reads the accounts (one store turn) and shows them; keeps the pick. */
  async refresh(accounts) {
    this.#accounts = accounts ?? await this.#app.bank().accounts();
    if (this.#picked !== null && this.#account(this.#picked) === null) this.#picked = null;
    this.#renderAccounts();
    this.#renderChoices();
    this.#updateHints();
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
    const a = this.#picked === null ? null : this.#account(this.#picked);
    $('picked-summary').textContent = a === null
      ? (rows.length === 0 ? '' : 'No account picked: pick one in the list, or type an account id in a form.')
      : `Picked: ${this.named(a.id)}, ${a.balance} ${a.currency}, ${a.status}.`;
  }

  /** Picks an account: the forms take it, the statement shows it. */
  async pick(id) {
    this.#picked = id;
    const a = this.#account(id);
    for (const field of PICKED_FIELDS) $(field).value = a !== null && a.status === 'open' ? String(id) : '';
    if (a !== null && a.status === 'open') {
      const to = this.#transferTargets(a)[0];
      $('transfer-to').value = to ? String(to.id) : '';
    }
    this.#renderAccounts();
    this.#renderChoices();
    this.#updateHints();
    await this.#app.crossings.around(`Read the statement of account ${id}`, { op: 'history' }, () => this.#statement.show(a));
  }

  // Suggestions: open accounts where only those make sense (deposit,
  // withdraw, transfer, close); for "to", those in the source's currency.
  // (The transfer targets depend on "from", so #updateHints makes them.)
  #renderChoices() {
    const open = this.#accounts.filter((a) => a.status === 'open');
    $('open-accounts').replaceChildren(...open.map(accountOption));
  }

  #transferTargets(from) {
    return this.#accounts.filter((a) => a.status === 'open' && (from === null || (a.id !== from.id && a.currency === from.currency)));
  }

  // Under each account field: whose account it is, its balance, and the
  // currency and decimals its amounts take.
  #updateHints() {
    for (const hint of document.querySelectorAll('.account-hint')) {
      const a = this.#account(Number($(hint.dataset.for).value));
      hint.textContent = a === null ? '' : `${a.name}: ${a.balance} ${a.currency}${a.status === 'open' ? '' : ' (closed)'}`;
    }
    for (const input of document.querySelectorAll('[data-amount-for]')) {
      const a = this.#account(Number($(input.dataset.amountFor).value));
      const scale = a === null ? 2 : scaleOf(a.balance);
      input.placeholder = scale === 0 ? '0' : `0.${'0'.repeat(scale)}`;
      input.nextElementSibling.textContent = a === null ? '' : a.currency;
    }
    const from = this.#account(Number($('transfer-from').value));
    $('transfer-targets').replaceChildren(...this.#transferTargets(from).map(accountOption));
  }

  // ---------- forms ----------

  // Wires a form: `run(values)` performs the operation (rejects with a
  // BankError on refusal) once the change is durable, and resolves to
  // `{ result, done }`: what the bank returned, and `done()`, which returns
  // the success text once the accounts are read again. A failure changes
  // nothing but the form's message, which takes the focus.
  #wire(formId, { title, run, clear = [], explain = null }) {
    const form = $(formId);
    const msg = form.querySelector('.form-message');
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const values = Object.fromEntries(new FormData(form).entries());
      const { crossings } = this.#app;
      // One message at a time: the newest is the one that matters.
      for (const other of document.querySelectorAll('.form-message')) clearMessage(other);
      crossings.begin(title(values), opOf(formId, values));
      let text;
      let result;
      try {
        let done;
        ({ result, done } = await run(values));
        await this.refresh();
        text = await done();
      } catch (err) {
        crossings.end({ ok: false });
        setMessage(msg, explain ? explain(err, values) : describeError(err), 'error');
        return;
      }
      crossings.end({ ok: true, ...result });
      // Only what is still as submitted: the user may have typed on meanwhile.
      for (const name of clear) {
        if (form.elements[name].value === values[name]) form.elements[name].value = '';
      }
      setMessage(msg, text, 'ok');
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

  // Close explains its refusals in terms of the account.
  #whyNotClosed(err, id) {
    const a = this.#account(id);
    if (err && err.code === 'ACCOUNT_NOT_EMPTY' && a !== null) {
      return `${this.named(id)} still holds ${a.balance} ${a.currency}: only an account with a zero balance can be closed. Withdraw or transfer the money out first. [ACCOUNT_NOT_EMPTY]`;
    }
    if (err && err.code === 'ACCOUNT_CLOSED') return `${this.named(id)} is closed already. [ACCOUNT_CLOSED]`;
    return describeError(err);
  }
}

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
    default: return { op: 'close', id: v.id };
  }
}
