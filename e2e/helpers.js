// Shared helpers for the page specs.
import { expect } from '@playwright/test';

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
