// wasm-bank page. Talks to the bank only through the public JS API in ./dist/index.js.
// Every rule (amount syntax, names, ids, error order) lives in the C++ core: this file
// passes what the user typed and shows what comes back. Text is always set with
// textContent, never parsed as HTML.

// The user's bank lives in an IndexedDB store (docs/store-format.md): every
// change is durable before the page reports it, and the origin's tabs share
// it. Before stores, the page kept an exported journal in localStorage under
// LEGACY_JOURNAL_KEY: it is moved into the store once, then removed.
const STORE = { indexedDB: 'wasm-bank' };
const LEGACY_JOURNAL_KEY = 'wasm-bank-journal';

let createBank = null;
let openBank = null;
let BankError = null;
let driveTutorial = null; // dist/tutorial.js: the JS driver shared with `wasm-bank demo`
let bank = null; // the user's bank

const $ = (id) => document.getElementById(id);

// ---------- small DOM helpers ----------

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = v;
    else if (k.startsWith('data-') || k.startsWith('aria-')) node.setAttribute(k, v);
    else node[k] = v;
  }
  for (const c of children) node.append(c);
  return node;
}

function setMessage(node, text, kind) {
  node.textContent = text;
  node.dataset.kind = kind;
}

const ERROR_WORDS = {
  INVALID_ARGUMENT: 'That input is not valid',
  INVALID_NAME: 'That name is not valid',
  INVALID_CURRENCY: 'That currency is not known',
  INVALID_AMOUNT: 'That amount is not valid',
  UNKNOWN_OP: 'That operation is not known',
  ACCOUNT_EXISTS: 'That account id is already taken',
  ACCOUNT_NOT_FOUND: 'There is no such account',
  ACCOUNT_CLOSED: 'That account is closed',
  ACCOUNT_NOT_EMPTY: 'That account still has money in it',
  SAME_ACCOUNT: 'You cannot transfer money to the same account',
  CURRENCY_MISMATCH: 'The two accounts use different currencies',
  INSUFFICIENT_FUNDS: 'There is not enough money in the account',
  OVERFLOW: 'That amount is too large',
  IDEMPOTENCY_CONFLICT: 'That request conflicts with an earlier one',
  LINKED_FAILED: 'Another operation in the batch failed',
  CORRUPT_JOURNAL: 'The saved journal is damaged',
  RESOURCE_EXHAUSTED: 'The bank ran out of memory or storage; nothing was changed',
};

function describeError(err) {
  if ((BankError && err instanceof BankError) || (err && typeof err === 'object' && typeof err.code === 'string')) {
    const words = ERROR_WORDS[err.code] || 'The bank refused that';
    const detail = err.message && err.message !== err.code ? `: ${err.message}` : '';
    return `${words}${detail} (${err.code})`;
  }
  return `Something went wrong: ${err && err.message ? err.message : String(err)}`;
}

// ---------- the user's bank ----------

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

// Another tab changed the shared store: show its accounts too.
function onStoreChange() {
  renderAccounts().catch(() => {});
}

async function openUserBank() {
  const legacy = readLegacyJournal();
  let note = '';
  let kind = 'info';
  let opened;
  if (legacy) {
    try {
      opened = await openBank(STORE, { seedJournal: legacy, onStoreChange });
      removeLegacyJournal();
      note = 'Moved your bank from this browser\'s older storage into its database.';
    } catch (err) {
      if (!err || err.code !== 'CORRUPT_JOURNAL') throw err;
      note = `The bank saved in this browser's older storage could not be read (${describeError(err)}); it is left there and Reset removes it.`;
      kind = 'error';
    }
  }
  opened ??= await openBank(STORE, { onStoreChange });
  const n = (await opened.accounts()).length;
  if (!note && n > 0) note = `Restored your bank from this browser (${n} account${n === 1 ? '' : 's'}).`;
  return { bank: opened, note, kind };
}

// How a message names an account, from a list of accounts.
function who(accounts, id) {
  const acct = accounts.find((a) => a.id === id);
  return acct ? `account ${id} (${acct.name})` : `account ${id}`;
}

// Each read of a stored bank takes a turn at the store: a form reads the
// accounts once, after its op, and everything it shows uses that list.
async function renderAccounts(accounts) {
  const list = accounts ?? await bank.accounts();
  const rows = list.map((a) =>
    el('tr', { 'data-status': a.status },
      el('td', { text: String(a.id) }),
      el('td', { class: 'name', text: a.name }),
      el('td', { text: a.currency }),
      el('td', { class: 'num', text: a.balance }),
      el('td', { text: a.status })));
  $('accounts-table').tBodies[0].replaceChildren(...rows);
  $('accounts-table').hidden = rows.length === 0;
  $('no-accounts').hidden = rows.length !== 0;
}

function renderStatement(id, entries, accounts) {
  const named = (n) => who(accounts, n);
  const rows = entries.map((e) => {
    let details = '';
    if (e.kind === 'transfer') {
      details = e.from === id ? `to ${named(e.to)}` : `from ${named(e.from)}`;
    } else if (e.kind === 'open') {
      details = `opened for ${e.name}`;
    }
    if (e.memo) details += `${details ? ' — ' : ''}memo: ${e.memo}`;
    let amount = e.amount ?? '';
    if (amount && (e.kind === 'withdraw' || (e.kind === 'transfer' && e.from === id))) amount = `-${amount}`;
    const when = typeof e.at === 'number' && e.at > 0 ? new Date(e.at).toISOString().replace('T', ' ').slice(0, 19) : '—';
    return el('tr', {},
      el('td', { text: String(e.entry) }),
      el('td', { text: e.kind }),
      el('td', { class: 'num', text: amount }),
      el('td', { class: 'name', text: details }),
      el('td', { text: when }));
  });
  $('statement-heading').textContent = `Statement of ${named(id)}`;
  $('statement-table').tBodies[0].replaceChildren(...rows);
  $('statement').hidden = false;
}

// Wires a form: `run(values)` performs the operation (rejects with BankError on
// refusal) once the change is durable in the store, and resolves to
// `done(accounts)`, which shows what it did and returns the success text. On
// failure nothing on the page changes but the message.
function wireForm(formId, { mutates, run, clear = [] }) {
  const form = $(formId);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const msg = $('bank-message');
    const values = Object.fromEntries(new FormData(form).entries());
    let text;
    try {
      const done = await run(values);
      const accounts = await bank.accounts();
      if (mutates) await renderAccounts(accounts);
      text = done(accounts);
    } catch (err) {
      setMessage(msg, describeError(err), 'error');
      return;
    }
    // Only what is still as submitted: the user may have typed on meanwhile.
    for (const name of clear) {
      if (form.elements[name].value === values[name]) form.elements[name].value = '';
    }
    setMessage(msg, text, 'ok');
  });
}

const currencyOf = (accounts, id) => accounts.find((a) => a.id === id)?.currency ?? '';

function wireBankForms() {
  wireForm('open-form', {
    mutates: true,
    clear: ['id', 'name', 'balance'],
    async run(v) {
      const op = { id: Number(v.id), name: v.name, currency: v.currency };
      if (v.balance !== '') op.balance = v.balance;
      await bank.openAccount(op);
      return (accounts) => {
        const a = accounts.find((x) => x.id === op.id);
        return `Opened account ${a.id} for ${a.name} with ${a.balance} ${a.currency}.`;
      };
    },
  });
  wireForm('deposit-form', {
    mutates: true,
    clear: ['amount', 'memo'],
    async run(v) {
      const id = Number(v.id);
      const r = await bank.deposit(id, v.amount, v.memo ? { memo: v.memo } : {});
      return (accounts) => `Deposited ${v.amount} into ${who(accounts, id)}. Balance: ${r.balance} ${currencyOf(accounts, id)}`.trimEnd() + '.';
    },
  });
  wireForm('withdraw-form', {
    mutates: true,
    clear: ['amount', 'memo'],
    async run(v) {
      const id = Number(v.id);
      const r = await bank.withdraw(id, v.amount, v.memo ? { memo: v.memo } : {});
      return (accounts) => `Withdrew ${v.amount} from ${who(accounts, id)}. Balance: ${r.balance} ${currencyOf(accounts, id)}`.trimEnd() + '.';
    },
  });
  wireForm('transfer-form', {
    mutates: true,
    clear: ['amount'],
    async run(v) {
      const from = Number(v.from);
      const to = Number(v.to);
      const r = await bank.transfer({ from, to, amount: v.amount });
      return (accounts) => `Moved ${v.amount} from ${who(accounts, from)} to ${who(accounts, to)}. Balances: ${r.from_balance} and ${r.to_balance}.`;
    },
  });
  wireForm('statement-form', {
    mutates: false,
    async run(v) {
      const id = Number(v.id);
      const entries = await bank.history(id);
      return (accounts) => {
        renderStatement(id, entries, accounts);
        return `Statement of ${who(accounts, id)}: ${entries.length} entr${entries.length === 1 ? 'y' : 'ies'}, newest first.`;
      };
    },
  });
  wireForm('close-form', {
    mutates: true,
    clear: ['id'],
    async run(v) {
      const id = Number(v.id);
      await bank.close(id);
      // A closed account stays listed (status closed): its name is there.
      return (accounts) => `Closed ${who(accounts, id)}.`;
    },
  });

  $('reset-bank').addEventListener('click', async () => {
    // A store only grows: Reset deletes it (other tabs let go of it, and
    // reload to see the empty bank) and opens a new, empty one.
    removeLegacyJournal();
    await bank.dispose();
    await new Promise((resolve) => {
      const req = indexedDB.deleteDatabase(`wasm-bank:${STORE.indexedDB}`);
      req.onsuccess = req.onerror = req.onblocked = resolve;
    });
    bank = await openBank(STORE, { onStoreChange });
    $('statement').hidden = true;
    await renderAccounts();
    setMessage($('bank-message'), 'Your bank was reset: it has no accounts now.', 'ok');
  });
}

// ---------- tutorial ----------

function addLogLine(list, source, line) {
  let text = line;
  const label = source === 'cpp' ? 'C++ core' : 'JS';
  const prefix = `${label}:`;
  if (text.startsWith(prefix)) text = text.slice(prefix.length).replace(/^ /, '');
  const li = el('li', { class: `log-line log-${source}`, 'data-source': source },
    el('span', { class: `badge badge-${source}`, text: label }),
    el('span', { class: 'visually-hidden', text: ': ' }),
    el('span', { class: 'log-text', text }));
  list.append(li);
}

async function runTutorial() {
  const button = $('run-tutorial');
  const list = $('tutorial-log');
  const greetings = $('tutorial-greetings');
  const arith = $('tutorial-arith');
  const transcriptPre = $('tutorial-transcript');
  const accountsBody = $('tutorial-accounts').tBodies[0];
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  for (const n of [list, greetings, arith, accountsBody]) n.replaceChildren();
  transcriptPre.textContent = '';
  $('tutorial-output').hidden = false;

  const js = (text) => addLogLine(list, 'js', text);
  let tbank = null;
  try {
    const res = await fetch('./examples/tutorial.jsonl', { cache: 'no-store' });
    if (!res.ok) throw new Error(`could not fetch examples/tutorial.jsonl (HTTP ${res.status})`);
    const lines = (await res.text()).split('\n');
    tbank = await createBank({ onLog: (line) => addLogLine(list, 'cpp', String(line)) });
    js('started a fresh bank for the tutorial');
    let transcript = '';
    driveTutorial(tbank, js, {
      lines,
      onResult: (op, r) => {
        transcript += `${JSON.stringify(r)}\n`;
        transcriptPre.textContent = transcript;
        if (!r.ok) return;
        if (r.op === 'greet') greetings.append(el('li', { text: r.greeting }));
        if (r.op === 'plus' || r.op === 'minus') {
          arith.append(el('li', { text: `${op.a} ${r.op === 'plus' ? '+' : '-'} ${op.b} = ${r.result}` }));
        }
      },
    });
    for (const a of tbank.accounts()) {
      accountsBody.append(el('tr', {},
        el('td', { text: String(a.id) }),
        el('td', { class: 'name', text: a.name }),
        el('td', { class: 'num', text: a.balance })));
    }
    js('tutorial finished');
  } catch (err) {
    js(`the tutorial stopped: ${describeError(err)}`);
  } finally {
    if (tbank) {
      try { tbank.dispose(); } catch { /* ignore */ }
    }
    button.disabled = false;
    button.removeAttribute('aria-busy');
  }
}

// ---------- scenario files ----------

// Runs scenario bytes on a fresh bank through the core's scenario runner, the
// one behind bank-cli run and the Node bin.
async function runScenarioBytes(bytes) {
  const sbank = await createBank();
  let transcript;
  try {
    transcript = sbank.runScenario(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes));
  } finally {
    try { sbank.dispose(); } catch { /* ignore */ }
  }
  $('scenario-transcript').textContent = transcript;
  return transcript;
}

function wireScenario() {
  const input = $('scenario-file');
  input.addEventListener('change', async () => {
    const msg = $('scenario-message');
    const file = input.files && input.files[0];
    if (!file) return;
    setMessage(msg, `Running ${file.name}…`, 'info');
    try {
      const transcript = await runScenarioBytes(new Uint8Array(await file.arrayBuffer()));
      const n = transcript === '' ? 0 : transcript.split('\n').length - 1;
      setMessage(msg, `Ran ${file.name}: ${n} transcript line${n === 1 ? '' : 's'}.`, 'ok');
    } catch (err) {
      setMessage(msg, `Could not run ${file.name}: ${describeError(err)}`, 'error');
    }
  });
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

async function main() {
  const status = $('load-status');
  try {
    ({ createBank, openBank, BankError } = await import('./dist/index.js'));
    ({ runTutorial: driveTutorial } = await import('./dist/tutorial.js'));
  } catch (err) {
    status.textContent = `The WebAssembly module could not be loaded (${err && err.message ? err.message : err}). Build it with "npm run build" and serve the page with "npm start".`;
    status.dataset.kind = 'error';
    document.documentElement.dataset.state = 'error';
    return;
  }
  try {
    const opened = await openUserBank();
    bank = opened.bank;
    if (opened.note) setMessage($('bank-message'), opened.note, opened.kind);
  } catch (err) {
    status.textContent = `The bank could not start: ${describeError(err)}`;
    status.dataset.kind = 'error';
    document.documentElement.dataset.state = 'error';
    return;
  }
  await renderAccounts();
  wireBankForms();
  wireScenario();
  $('run-tutorial').addEventListener('click', runTutorial);
  window.wasmBankRunScenario = runScenarioBytes;
  for (const b of document.querySelectorAll('button, input[type=file]')) b.disabled = false;
  status.textContent = 'Ready: the C++ core is loaded.';
  status.dataset.kind = 'ok';
  document.documentElement.dataset.state = 'ready';
}

main().finally(registerServiceWorker);
