import { test, expect } from '@playwright/test';
import { openPage } from './helpers.js';


async function fillPage(page) {
  await page.getByRole('button', { name: 'Run tutorial' }).click();
  await expect(page.locator('#tutorial-accounts tbody tr')).toHaveCount(3);
  const open = page.getByRole('group', { name: 'Open account' });
  for (const [id, name, balance] of [[1, 'Maria Łukasiewicz-Ødegaard', '2500.00'], [2, 'Noor', '80.10']]) {
    await open.getByLabel('Account id').fill(String(id));
    await open.getByLabel('Name').fill(name);
    await open.getByLabel('Opening balance').fill(balance);
    await open.getByRole('button', { name: 'Open account' }).click();
  }
  await expect(page.locator('#accounts-table tbody tr')).toHaveCount(2);
}

for (const width of [375, 1440]) {
  test(`no horizontal overflow at ${width}px`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    await openPage(page);
    const overflow = () => page.evaluate(() => {
      const s = document.scrollingElement;
      return { scrollWidth: s.scrollWidth, clientWidth: s.clientWidth };
    });
    let o = await overflow();
    expect(o.scrollWidth, 'before the tutorial').toBeLessThanOrEqual(o.clientWidth);
    await fillPage(page);
    o = await overflow();
    expect(o.scrollWidth, 'after the tutorial and two accounts').toBeLessThanOrEqual(o.clientWidth);
    // An error message with a long word does not widen the page either.
    const deposit = page.getByRole('group', { name: 'Deposit' });
    await deposit.getByLabel('Account id').fill('1');
    await deposit.getByLabel('Amount').fill('9'.repeat(80));
    await deposit.getByRole('button', { name: 'Deposit' }).click();
    await expect(page.locator('.form-message:not(:empty)')).toHaveAttribute('data-kind', 'error');
    o = await overflow();
    expect(o.scrollWidth, 'with an error shown').toBeLessThanOrEqual(o.clientWidth);
  });
}

test('focus is visible on buttons and inputs', async ({ page }) => {
  await openPage(page);
  await page.keyboard.press('Tab');
  // Tab through until the Run tutorial button has focus (natural order, no tabindex tricks).
  for (let i = 0; i < 15; i++) {
    if (await page.getByRole('button', { name: 'Run tutorial' }).evaluate((b) => b === document.activeElement)) break;
    await page.keyboard.press('Tab');
  }
  const outline = await page.getByRole('button', { name: 'Run tutorial' }).evaluate((b) => {
    const s = getComputedStyle(b);
    return b === document.activeElement ? `${s.outlineStyle} ${s.outlineWidth}` : 'not focused';
  });
  expect(outline).toMatch(/^solid [1-9]/);
});

test('the page loads nothing from other origins', async ({ page }) => {
  const foreign = [];
  page.on('request', (r) => { if (!r.url().startsWith('http://127.0.0.1:')) foreign.push(r.url()); });
  await openPage(page);
  await page.getByRole('button', { name: 'Run tutorial' }).click();
  await expect(page.locator('#tutorial-accounts tbody tr')).toHaveCount(3);
  expect(foreign).toEqual([]);
});
