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
  // The page picks the account it just opened once the open is done: wait
  // for that, so that a pick made next is not overtaken by it.
  await expect(page.locator('#account-heading')).toHaveText('Account 2: Noor');
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

// The bank reads as an app: the accounts on one side, the picked account
// (its panel, its actions and its statement) on the other; at 375 px one
// column, in reading order: the list, opening an account, then the account.
for (const [width, beside] of [[375, false], [1440, true]]) {
  test(`the accounts list and the picked account's panel at ${width}px: ${beside ? 'side by side' : 'one column'}`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    await openPage(page);
    await fillPage(page);
    await page.getByRole('radio', { name: /Pick account 1,/ }).check();
    await expect(page.locator('#account-heading')).toHaveText('Account 1: Maria Łukasiewicz-Ødegaard');
    await page.evaluate(() => window.scrollTo(0, 0)); // the list is sticky beside a long panel
    const box = (sel) => page.locator(sel).evaluate((e) => {
      const r = e.getBoundingClientRect();
      return { left: r.left, right: r.right, top: r.top + window.scrollY, bottom: r.bottom + window.scrollY };
    });
    const list = await box('#accounts-table');
    const open = await box('#open-form');
    const panel = await box('#account-panel');
    const statement = await box('#statement');
    if (beside) {
      expect(panel.left, 'the panel is right of the list').toBeGreaterThanOrEqual(list.right);
      expect(Math.abs(panel.top - list.top), 'and level with it').toBeLessThan(200);
    } else {
      expect(open.top, 'opening an account follows the list').toBeGreaterThanOrEqual(list.bottom);
      expect(panel.top, 'the panel follows them').toBeGreaterThanOrEqual(open.bottom);
      expect(Math.abs(panel.left - list.left), 'in one column').toBeLessThan(30);
    }
    expect(statement.top, 'the statement comes after the panel').toBeGreaterThan(panel.bottom);
    // The picked account's figures are all in view of the panel.
    for (const id of ['account-balance', 'account-held', 'account-available', 'account-limit']) {
      await expect(page.locator(`#${id}`)).toBeVisible();
    }
    await expect(page.locator('#account-available')).toHaveText('2500.00 USD');
  });
}
