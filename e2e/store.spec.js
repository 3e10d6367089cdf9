// openBank({ indexedDB }) in Chromium (docs/store-format.md): a bank that
// survives a reload, tabs of one origin sharing one store and one head, a
// tab hearing of another's entries, and damage refused with nothing changed.
// Driven through the package's own module, served by the project's server.
import { test, expect } from '@playwright/test';

// Runs `body(name)` in the page, with the package's module (as the
// project's server serves it) at window.wasmBankModule; returns its result.
async function inPage(page, name, body) {
  await page.evaluate(async () => { window.wasmBankModule ??= await import('/dist/index.js'); });
  return page.evaluate(body, name);
}

test('a stored bank survives a reload', async ({ page }) => {
  await page.goto('/');
  const name = `reload-${Date.now()}`;
  const before = await inPage(page, name, async (n) => {
    const { openBank } = window.wasmBankModule;
    const bank = await openBank({ indexedDB: n });
    await bank.openAccount({ id: 1, name: 'Ann', balance: '10.00' });
    await bank.deposit(1, '2.50', { memo: 'tip' });
    const head = (await bank.verify()).head;
    await bank.dispose();
    return head;
  });
  await page.reload();
  const after = await inPage(page, name, async (n) => {
    const { openBank } = window.wasmBankModule;
    const bank = await openBank({ indexedDB: n });
    const result = { head: (await bank.verify()).head, balance: await bank.balance(1) };
    await bank.dispose();
    return result;
  });
  expect(after).toEqual({ head: before, balance: '12.50' });
});

test('two tabs share one store: every account in both, one head', async ({ context }) => {
  const name = `tabs-${Date.now()}`;
  const [first, second] = [await context.newPage(), await context.newPage()];
  for (const tab of [first, second]) await tab.goto('/');
  const open = (tab, id) => tab.evaluate(async ([n, i]) => {
    const { openBank } = await import('/dist/index.js');
    window.storedBanks ??= {};
    window.storedBanks[n] ??= await openBank({ indexedDB: n }, {
      onStoreChange: (count) => { window.heardEntries = count; },
    });
    return (await window.storedBanks[n].openAccount({ id: i, name: `Customer ${i}` })).entry;
  }, [name, id]);
  expect(await open(first, 1)).toBe(1);
  expect(await open(second, 2)).toBe(2);
  expect(await open(first, 3)).toBe(3);
  await expect.poll(() => second.evaluate(() => window.heardEntries)).toBe(3);
  const state = (tab) => tab.evaluate(async (n) => {
    const bank = window.storedBanks[n];
    return { ids: (await bank.accounts()).map((a) => a.id), head: (await bank.verify()).head };
  }, name);
  const [a, b] = [await state(first), await state(second)];
  expect(a.ids).toEqual([1, 2, 3]);
  expect(b).toEqual(a);
  // A third tab opened now sees them all too.
  const third = await context.newPage();
  await third.goto('/');
  expect(await inPage(third, name, async (n) => {
    const { openBank } = window.wasmBankModule;
    const bank = await openBank({ indexedDB: n });
    const ids = (await bank.accounts()).map((x) => x.id);
    await bank.dispose();
    return ids;
  })).toEqual([1, 2, 3]);
});

test('a store whose entries do not replay is refused and left as it was', async ({ page }) => {
  await page.goto('/');
  const name = `damaged-${Date.now()}`;
  const result = await inPage(page, name, async (n) => {
    const { openBank } = window.wasmBankModule;
    const bank = await openBank({ indexedDB: n });
    await bank.openAccount({ id: 1, name: 'Ann', balance: '1.00' });
    await bank.withdraw(1, '0.50');
    await bank.dispose();
    // Swap the two entries' lines behind the bank's back.
    const db = await new Promise((resolve, reject) => {
      const req = indexedDB.open(`wasm-bank:${n}`);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const swap = async () => {
      const tx = db.transaction('entries', 'readwrite');
      const store = tx.objectStore('entries');
      const get = (k) => new Promise((resolve) => { store.get(k).onsuccess = (e) => resolve(e.target.result); });
      const [one, two] = [await get(1), await get(2)];
      store.put(two, 1);
      store.put(one, 2);
      await new Promise((resolve) => { tx.oncomplete = resolve; });
      return [one, two];
    };
    const [one, two] = await swap();
    let error;
    try {
      await openBank({ indexedDB: n });
    } catch (e) {
      error = e.code;
    }
    const keep = await new Promise((resolve) => {
      const req = db.transaction('entries').objectStore('entries').getAll();
      req.onsuccess = () => resolve(req.result);
    });
    db.close();
    const same = (x, y) => x.byteLength === y.byteLength && new Uint8Array(x).every((v, i) => v === new Uint8Array(y)[i]);
    return { error, unchanged: same(keep[0], two) && same(keep[1], one) };
  });
  expect(result).toEqual({ error: 'CORRUPT_JOURNAL', unchanged: true });
});

test('the page in two tabs: each shows every account, and a third tab too', async ({ context }) => {
  const openTab = async () => {
    const tab = await context.newPage();
    await tab.goto('/');
    await expect(tab.locator('html')).toHaveAttribute('data-state', 'ready');
    return tab;
  };
  const openAccount = async (tab, id) => {
    const form = tab.getByRole('group', { name: 'Open account' });
    await form.getByLabel('Account id').fill(String(id));
    await form.getByLabel('Name').fill(`Customer ${id}`);
    await form.getByRole('button', { name: 'Open account' }).click();
    await expect(tab.locator('.form-message:not(:empty)')).toContainText(`Opened account ${id}`);
  };
  const ids = (tab) => tab.locator('#accounts-table tbody tr td:first-child');
  const [first, second] = [await openTab(), await openTab()];
  await openAccount(first, 1);
  await openAccount(second, 2);
  await openAccount(first, 3);
  await expect(ids(first)).toHaveText(['1', '2', '3']);
  await expect(ids(second)).toHaveText(['1', '2', '3']);  // told by the first tab
  const third = await openTab();
  await expect(ids(third)).toHaveText(['1', '2', '3']);
});

test('wasm-bank/worker serves a stored bank: durable in the worker, there after a reload', async ({ page }) => {
  await page.goto('/');
  const name = `worker-${Date.now()}`;
  // Runs body() in the page with window.remoteBank: a stored bank served by
  // a module worker.
  const inWorker = async (body) => {
    await page.evaluate(async (n) => {
      const { connectBank } = await import('/dist/worker.js');
      window.bankWorker = new Worker('/tests/support/serve_bank_worker.js', { type: 'module' });
      window.remoteBank = await connectBank(window.bankWorker, { store: { indexedDB: n } });
    }, name);
    try {
      return await page.evaluate(body);
    } finally {
      await page.evaluate(async () => {
        await window.remoteBank.dispose();
        window.bankWorker.terminate();
      });
    }
  };
  expect(await inWorker(async () => {
    await window.remoteBank.openAccount({ id: 5, name: 'Wendy', balance: '1.00' });
    return (await window.remoteBank.deposit(5, '0.50')).balance;
  })).toBe('1.50');
  await page.reload();
  expect(await inWorker(() => window.remoteBank.balance(5))).toBe('1.50');
});

test('an IndexedDB store opens from its checkpoint, and ignores a damaged one', async ({ page }) => {
  await page.goto('/');
  const name = `checkpoint-${Date.now()}`;
  const result = await inPage(page, name, async (n) => {
    const { openBank } = window.wasmBankModule;
    const bank = await openBank({ indexedDB: n }, { checkpointEvery: 3 });
    await bank.openAccount({ id: 1, name: 'Ann', balance: '1.00' });
    for (let i = 0; i < 7; i += 1) await bank.deposit(1, '0.01', { memo: `m${i}` });
    const head = (await bank.verify()).head;
    await bank.dispose();
    const reopen = async () => {
      const notes = [];
      const again = await openBank({ indexedDB: n }, { onLog: (l) => { if (l.startsWith('store ')) notes.push(l); } });
      const state = { head: (await again.verify()).head, balance: await again.balance(1), notes };
      await again.dispose();
      return state;
    };
    const clean = await reopen();
    // Flip one byte of the stored checkpoint.
    const db = await new Promise((resolve) => { indexedDB.open(`wasm-bank:${n}`).onsuccess = (e) => resolve(e.target.result); });
    const tx = db.transaction('checkpoints', 'readwrite');
    const store = tx.objectStore('checkpoints');
    const bytes = await new Promise((resolve) => { store.get('latest').onsuccess = (e) => resolve(new Uint8Array(e.target.result)); });
    bytes[bytes.length >> 1] ^= 1;
    store.put(bytes, 'latest');
    await new Promise((resolve) => { tx.oncomplete = resolve; });
    db.close();
    return { head, clean, damaged: await reopen() };
  });
  expect(result.clean).toEqual({ head: result.head, balance: '1.07', notes: [] });
  expect(result.damaged.head).toBe(result.head);
  expect(result.damaged.notes.join('\n')).toContain('ignored its checkpoint');
});

// The head of the page's own store, read through a second stored bank.
const pageHead = (tab) => tab.evaluate(async () => {
  const { openBank } = await import('/dist/index.js');
  const bank = await openBank({ indexedDB: 'wasm-bank' });
  try {
    return (await bank.verify()).head;
  } finally {
    await bank.dispose();
  }
});

test('two tabs interleave 20 operations through the forms; every tab, and each after a reload, shows them all and one head', async ({ context }) => {
  const openTab = async () => {
    const tab = await context.newPage();
    await tab.goto('/');
    await expect(tab.locator('html')).toHaveAttribute('data-state', 'ready');
    return tab;
  };
  const submit = async (tab, group, fields, button, expected) => {
    const form = tab.getByRole('group', { name: group });
    for (const [label, value] of Object.entries(fields)) await form.getByLabel(label, { exact: true }).fill(value);
    await form.getByRole('button', { name: button }).click();
    await expect(tab.locator('.form-message:not(:empty)')).toContainText(expected);
  };
  const tabs = [await openTab(), await openTab()];
  await submit(tabs[0], 'Open account', { 'Account id': '1', Name: 'Ann', 'Opening balance': '100.00' }, 'Open account', 'Opened account 1');
  await submit(tabs[1], 'Open account', { 'Account id': '2', Name: 'Ben', 'Opening balance': '50.00' }, 'Open account', 'Opened account 2');
  let expected = { 1: 10000, 2: 5000 };
  for (let i = 0; i < 18; i += 1) {
    const tab = tabs[i % 2];
    const cents = 100 + i;
    const amount = `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
    if (i % 3 === 0) {
      await submit(tab, 'Deposit', { 'Account id': '1', Amount: amount }, 'Deposit', 'Deposited');
      expected[1] += cents;
    } else if (i % 3 === 1) {
      await submit(tab, 'Withdraw', { 'Account id': '2', Amount: amount }, 'Withdraw', 'Withdrew');
      expected[2] -= cents;
    } else {
      await submit(tab, 'Transfer', { 'From account id': '1', 'To account id': '2', Amount: amount }, 'Transfer', 'Moved');
      expected[1] -= cents;
      expected[2] += cents;
    }
  }
  const money = (c) => `${Math.floor(c / 100)}.${String(c % 100).padStart(2, '0')}`;
  const balances = (tab) => tab.locator('#accounts-table tbody tr td:nth-child(4)');
  tabs.push(await openTab());
  const heads = [];
  for (const tab of tabs) {
    await expect(balances(tab)).toHaveText([money(expected[1]), money(expected[2])]);
    heads.push(await pageHead(tab));
    await tab.reload();
    await expect(tab.locator('html')).toHaveAttribute('data-state', 'ready');
    await expect(balances(tab)).toHaveText([money(expected[1]), money(expected[2])]);
    heads.push(await pageHead(tab));
  }
  expect(new Set(heads).size).toBe(1);
  expect(heads[0]).toMatch(/^[0-9a-f]{64}$/);
});

test('a reload right after an operation was reported loses nothing', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('data-state', 'ready');
  const open = page.getByRole('group', { name: 'Open account' });
  await open.getByLabel('Account id').fill('9');
  await open.getByLabel('Name').fill('Quick');
  await open.getByRole('button', { name: 'Open account' }).click();
  await expect(page.locator('.form-message:not(:empty)')).toContainText('Opened account 9');
  for (let i = 1; i <= 3; i += 1) {
    const deposit = page.getByRole('group', { name: 'Deposit' });
    await deposit.getByLabel('Account id').fill('9');
    await deposit.getByLabel('Amount').fill('1.00');
    await deposit.getByRole('button', { name: 'Deposit' }).click();
    await expect(page.locator('.form-message:not(:empty)')).toContainText(`Balance: ${i}.00`);
    await page.reload();  // at once: what was reported must be there
    await expect(page.locator('html')).toHaveAttribute('data-state', 'ready');
    await expect(page.locator('#accounts-table tbody tr td:nth-child(4)')).toHaveText([`${i}.00`]);
  }
});

test('bank-cli, Node and the page store the same scenario to the same head', async ({ page }) => {
  const { spawnSync } = await import('node:child_process');
  const { mkdtempSync, readFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { fileURLToPath } = await import('node:url');
  const root = fileURLToPath(new URL('../', import.meta.url));
  // The package and bank-cli under test (as the Node tests pick them).
  const dist = (await import('node:path')).resolve(root, process.env.WASMBANK_DIST ?? 'dist');
  const bankCli = process.env.BANK_CLI ?? join(root, 'build/native/core/bank-cli');
  const { openBank } = await import(`${dist}/index.node.js`);
  await page.goto('/');
  for (const file of ['examples/tutorial.jsonl', 'tests/conformance/idempotency.jsonl']) {
    const scenario = readFileSync(join(root, file));
    const dir = mkdtempSync(join(tmpdir(), 'wasm-bank-heads-'));
    const native = spawnSync(bankCli, ['run', join(root, file), '--store', join(dir, 'cli.journal')]);
    expect(native.status).toBe(0);
    const cliExport = spawnSync(bankCli, ['export', '--from-store', join(dir, 'cli.journal')], { encoding: 'utf8' }).stdout;
    const node = await openBank(join(dir, 'node.journal'));
    await node.runScenario(scenario);
    const nodeExport = await node.exportJournal();
    await node.dispose();
    const pageExport = await page.evaluate(async ([name, bytes]) => {
      const { openBank: open } = await import('/dist/index.js');
      const bank = await open({ indexedDB: name });
      await bank.runScenario(new Uint8Array(bytes));
      await bank.dispose();
      const again = await open({ indexedDB: name });  // from the store, not memory
      try {
        return await again.exportJournal();
      } finally {
        await again.dispose();
      }
    }, [`heads-${file}`, [...scenario]]);
    const head = (text) => text.match(/\{"head":"([0-9a-f]{64})"\}\n$/)[1];
    expect(head(nodeExport)).toBe(head(cliExport));
    expect(head(pageExport)).toBe(head(cliExport));
    expect(pageExport).toBe(cliExport);
  }
});

test('a full browser quota is RESOURCE_EXHAUSTED for that op, and the store stays whole', async ({ page }) => {
  await page.goto('/');
  const cdp = await page.context().newCDPSession(page);
  const name = `quota-${Date.now()}`;
  const origin = new URL(page.url()).origin;
  // A small quota: Chromium enforces it by estimates, so the test writes in
  // large calls (10,000 transfers, about 1 MB, each) until one is refused.
  const usage = await page.evaluate(async () => (await navigator.storage.estimate()).usage);
  await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: usage + 2 * 1024 * 1024 });
  const result = await inPage(page, name, async (n) => {
    const { openBank } = window.wasmBankModule;
    const bank = await openBank({ indexedDB: n });
    await bank.openAccount({ id: 1, name: 'From', balance: '1000000000.00' });
    await bank.openAccount({ id: 2, name: 'To' });
    const k = 10000;
    const transfers = { from: new Int32Array(k).fill(1), to: new Int32Array(k).fill(2), amount: new BigInt64Array(k).fill(1n) };
    let acknowledged = 0;
    let error = null;
    for (let i = 0; i < 400 && error === null; i += 1) {
      try {
        await bank.transferMany(transfers);
        acknowledged += k;
      } catch (e) {
        error = { code: e.code, message: e.message };
      }
    }
    const balanceAfter = await bank.balance(2);
    await bank.dispose();
    const again = await openBank({ indexedDB: n });
    const state = { balance: await again.balance(2), verified: (await again.verify()).ok };
    await again.dispose();
    return { acknowledged, error, balanceAfter, ...state };
  });
  await cdp.send('Storage.overrideQuotaForOrigin', { origin });
  expect(result.error?.code).toBe('RESOURCE_EXHAUSTED');
  expect(result.error.message).toContain('quota');
  expect(result.acknowledged).toBeGreaterThan(0);
  const cents = (text) => Number(text.replace('.', ''));
  expect(cents(result.balanceAfter)).toBe(result.acknowledged);  // the refused call is not applied
  expect(cents(result.balance)).toBe(result.acknowledged);       // nor in the store
  expect(result.verified).toBe(true);
});

test('seedJournal says whether it seeded; deleteStore deletes the store and other tabs let go', async ({ context }) => {
  const name = `seed-${Date.now()}`;
  const [first, second] = [await context.newPage(), await context.newPage()];
  for (const tab of [first, second]) await tab.goto('/');
  const seeded = await inPage(first, name, async (n) => {
    const { createBank, openBank } = window.wasmBankModule;
    const plain = await createBank();
    plain.openAccount({ id: 3, name: 'Cy', balance: '7.00' });
    const journal = plain.exportJournal();
    plain.dispose();
    const bank = await openBank({ indexedDB: n }, { seedJournal: journal });
    const result = { first: bank.seeded, balance: await bank.balance(3) };
    await bank.dispose();
    const again = await openBank({ indexedDB: n }, { seedJournal: journal });
    result.again = again.seeded;
    await again.dispose();
    const plainOpen = await openBank({ indexedDB: n });
    result.plain = plainOpen.seeded;
    await plainOpen.dispose();
    return result;
  });
  expect(seeded).toEqual({ first: true, balance: '7.00', again: false, plain: false });

  // The second tab holds the store open while the first deletes it.
  await inPage(second, name, async (n) => {
    window.held = await window.wasmBankModule.openBank({ indexedDB: n });
    return window.held.balance(3);
  });
  const after = await inPage(first, name, async (n) => {
    const { openBank, deleteStore } = window.wasmBankModule;
    await deleteStore({ indexedDB: n });
    const names = (await indexedDB.databases()).map((d) => d.name);
    const fresh = await openBank({ indexedDB: n });
    const entries = (await fresh.verify()).entries;
    await fresh.dispose();
    let refused = null;
    try { await deleteStore({ indexedDB: '' }); } catch (e) { refused = e.code; }
    return { gone: !names.includes(`wasm-bank:${n}`), entries, refused };
  });
  expect(after).toEqual({ gone: true, entries: 0, refused: 'INVALID_ARGUMENT' });
  const told = await second.evaluate(async () => {
    try {
      await window.held.balance(3);
      return 'answered';
    } catch (e) {
      return `${e.code}: ${e.message}`;
    }
  });
  expect(told).toMatch(/^INVALID_ARGUMENT: .*reload/);
});

test('a record is stored with its seal on its last entry, and bytes without a final newline split without looping', async ({ page }) => {
  await page.goto('/');
  const name = `seal-${Date.now()}`;
  const result = await inPage(page, name, async (n) => {
    const { openBank } = window.wasmBankModule;
    const bank = await openBank({ indexedDB: n });
    await bank.openAccount({ id: 1, name: 'Ann', balance: '1.00' });
    // One tick, one group: one record of three entries.
    await Promise.all([bank.deposit(1, '0.01'), bank.deposit(1, '0.02'), bank.deposit(1, '0.03')]);
    const head = (await bank.verify()).head;
    await bank.dispose();
    const db = await new Promise((resolve) => { indexedDB.open(`wasm-bank:${n}`).onsuccess = (e) => resolve(e.target.result); });
    const values = await new Promise((resolve) => {
      db.transaction('entries').objectStore('entries').getAll().onsuccess = (e) => resolve(e.target.result);
    });
    db.close();
    const text = values.map((v) => new TextDecoder().decode(v));
    const { splitLines } = await import('/dist/idb_store.js');
    const pieces = splitLines(new TextEncoder().encode('{"a":1}\n{"b":2')).map((p) => new TextDecoder().decode(p));
    return { head, text, pieces };
  });
  const lines = result.text.map((t) => t.split('\n').filter(Boolean));
  expect(lines.map((l) => l.length)).toEqual([2, 1, 1, 2]);  // each record's last entry holds its seal
  expect(lines[3][1]).toBe(`{"head":"${result.head}"}`);
  expect(lines[0][1]).toMatch(/^\{"head":"[0-9a-f]{64}"\}$/);
  expect(result.pieces).toEqual(['{"a":1}\n', '{"b":2']);
});

test('isolation: reads called with a write the quota refuses never see it', async ({ page }) => {
  await page.goto('/');
  const cdp = await page.context().newCDPSession(page);
  const name = `isolation-${Date.now()}`;
  const origin = new URL(page.url()).origin;
  const usage = await page.evaluate(async () => (await navigator.storage.estimate()).usage);
  await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: usage + 2 * 1024 * 1024 });
  const result = await inPage(page, name, async (n) => {
    const { openBank } = window.wasmBankModule;
    const bank = await openBank({ indexedDB: n });
    await bank.openAccount({ id: 1, name: 'From', balance: '1000000000.00' });
    await bank.openAccount({ id: 2, name: 'To' });
    const k = 10000;
    const transfers = { from: new Int32Array(k).fill(1), to: new Int32Array(k).fill(2), amount: new BigInt64Array(k).fill(1n) };
    let acknowledged = 0;
    const seen = [];
    let error = null;
    for (let i = 0; i < 400 && error === null; i += 1) {
      // A read in the same tick as the write, and one in the next.
      const write = bank.transferMany(transfers).then(() => { acknowledged += k; }, (e) => { error = e.code; });
      const reads = [bank.balance(2), new Promise((r) => setTimeout(r, 0)).then(() => bank.balance(2))];
      const [, ...values] = await Promise.all([write, ...reads]);
      seen.push({ acknowledged, values });
    }
    await bank.dispose();
    return { error, seen };
  });
  await cdp.send('Storage.overrideQuotaForOrigin', { origin });
  expect(result.error).toBe('RESOURCE_EXHAUSTED');
  const cents = (text) => Number(text.replace('.', ''));
  for (const { acknowledged, values } of result.seen) {
    // Every read shows exactly what was acknowledged: the last write's
    // transfers once durable, never the refused one's.
    for (const v of values) expect(cents(v)).toBe(acknowledged);
  }
});

test('the page: an older saved journal is kept, not deleted, when the store already has a bank; Reset goes through deleteStore', async ({ page }) => {
  const JOURNAL_KEY = 'wasm-bank-journal';  // the older page's localStorage key
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('data-state', 'ready');
  const open = page.getByRole('group', { name: 'Open account' });
  await open.getByLabel('Account id').fill('5');
  await open.getByLabel('Name').fill('Current');
  await open.getByRole('button', { name: 'Open account' }).click();
  await expect(page.locator('.form-message:not(:empty)')).toContainText('Opened account 5');
  // An older journal appears beside a store that has entries: not imported.
  const older = await page.evaluate(async () => {
    const { createBank } = await import('/dist/index.js');
    const bank = await createBank();
    bank.openAccount({ id: 6, name: 'Older' });
    const journal = bank.exportJournal();
    bank.dispose();
    return journal;
  });
  await page.evaluate(([k, j]) => localStorage.setItem(k, j), [JOURNAL_KEY, older]);
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-state', 'ready');
  await expect(page.locator('#bank-message')).toContainText('was not moved');
  await expect(page.locator('#accounts-table tbody tr td:first-child')).toHaveText(['5']);
  expect(await page.evaluate((k) => localStorage.getItem(k), JOURNAL_KEY)).toBe(older);
  // Reset deletes the store (and the older journal, as the page says).
  await page.getByRole('button', { name: 'Reset' }).click();
  await expect(page.locator('#accounts-table tbody tr')).toHaveCount(0);
  expect(await page.evaluate((k) => localStorage.getItem(k), JOURNAL_KEY)).toBeNull();
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-state', 'ready');
  await expect(page.locator('#accounts-table tbody tr')).toHaveCount(0);
});
