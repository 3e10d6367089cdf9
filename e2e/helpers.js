// Shared helpers for the page specs.
import { expect } from '@playwright/test';

// Opens an account through the page's "Open account" form and waits until
// the form says it was opened.
export async function openAccount(page, { id, name, currency = 'USD', balance = '' }) {
  const open = page.getByRole('group', { name: 'Open account' });
  await open.getByLabel('Account id').fill(String(id));
  await open.getByLabel('Name').fill(name);
  await open.getByLabel('Currency').fill(currency);
  await open.getByLabel('Opening balance').fill(balance);
  await open.getByRole('button', { name: 'Open account' }).click();
  const said = page.locator('#open-form .form-message');
  await expect(said).toHaveAttribute('data-kind', 'ok');
  await expect(said).toContainText(`Opened account ${id}`);
}

// Where the page kept its journal before it had a store: moved into the
// store once (web/app.js), then removed.
export const JOURNAL_KEY = 'wasm-bank-journal';

// The export of the page's stored bank (its IndexedDB store), read through a
// second stored bank on the same store.
export function storedExport(page) {
  return page.evaluate(async () => {
    const { openBank } = await import('/dist/index.js');
    const bank = await openBank({ indexedDB: 'wasm-bank' });
    try {
      return await bank.exportJournal();
    } finally {
      await bank.dispose();
    }
  });
}

// The message of the form last submitted (the page shows one at a time).
export const formMessage = (page) => page.locator('.form-message:not(:empty)');

// Opens the page and waits until the wasm module is loaded and the user's bank is ready.
export async function openPage(page, { fresh = true } = {}) {
  await page.goto('/');
  if (fresh) {
    await page.evaluate((key) => localStorage.removeItem(key), JOURNAL_KEY);
    await page.reload();
  }
  await expect(page.locator('html')).toHaveAttribute('data-state', 'ready');
}

// Sends the file's exact bytes (base64, so nothing re-encodes them) to the page's runner.
export async function runInPage(page, bytes) {
  return page.evaluate(async (b64) => {
    const bin = atob(b64);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return window.wasmBankRunScenario(bytes);
  }, bytes.toString('base64'));
}
