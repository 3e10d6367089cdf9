// Shared helpers for the page specs.
import { expect } from '@playwright/test';

export const JOURNAL_KEY = 'wasm-bank-journal';

// Opens the page and waits until the wasm module is loaded and the user's bank is ready.
export async function openPage(page, { fresh = true } = {}) {
  await page.goto('/');
  if (fresh) {
    await page.evaluate((key) => localStorage.removeItem(key), JOURNAL_KEY);
    await page.reload();
  }
  await expect(page.locator('html')).toHaveAttribute('data-state', 'ready');
}
