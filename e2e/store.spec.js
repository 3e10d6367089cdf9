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
    await expect(tab.locator('#bank-message')).toContainText(`Opened account ${id}`);
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
  const inWorker = (body) => page.evaluate(async ([n, source]) => {
    const { connectBank } = await import('/dist/worker.js');
    const code = `import { serveBank } from '${location.origin}/dist/worker.js'; serveBank();`;
    const worker = new Worker(URL.createObjectURL(new Blob([code], { type: 'text/javascript' })), { type: 'module' });
    const bank = await connectBank(worker, { store: { indexedDB: n } });
    try {
      return await window.eval(`(${source})`)(bank);
    } finally {
      await bank.dispose();
      worker.terminate();
    }
  }, [name, body.toString()]);
  expect(await inWorker(async (bank) => {
    await bank.openAccount({ id: 5, name: 'Wendy', balance: '1.00' });
    return (await bank.deposit(5, '0.50')).balance;
  })).toBe('1.50');
  await page.reload();
  expect(await inWorker(async (bank) => bank.balance(5))).toBe('1.50');
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
