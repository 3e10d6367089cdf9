// Accessibility (axe-core: no serious or critical violation) and pictures
// of the page, light and dark, at 375 and 1440 px, with every section
// filled in: the tutorial run, accounts in two currencies with one picked,
// a pending hold, its statement and chart, the inspector, a verified
// journal, a scenario.
// The screenshots are kept as test artifacts (test-results/screenshots/);
// UPDATE_SCREENSHOTS=1 also writes docs/screenshot.png for the README.
import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openPage } from './helpers.js';

const repo = (p) => fileURLToPath(new URL(`../${p}`, import.meta.url));
const update = process.env.UPDATE_SCREENSHOTS === '1';

async function fillEverything(page) {
  await page.getByRole('button', { name: 'Run tutorial' }).click();
  await expect(page.locator('#tutorial-accounts tbody tr')).toHaveCount(3);
  const open = page.getByRole('group', { name: 'Open account' });
  const accounts = [[1, 'Maria Łukasiewicz-Ødegaard', 'EUR', '2500.00'], [2, 'Noor', 'EUR', '80.10'], [3, 'Kenji', 'JPY', '15000']];
  for (const [id, name, currency, balance] of accounts) {
    await open.getByLabel('Account id').fill(String(id));
    await open.getByLabel('Name').fill(name);
    await open.getByLabel('Currency').fill(currency);
    await open.getByLabel('Opening balance').fill(balance);
    await open.getByRole('button', { name: 'Open account' }).click();
    await expect(page.locator('#open-form .form-message')).toContainText(`Opened account ${id}`);
  }
  await page.getByRole('radio', { name: /Pick account 1,/ }).check();
  const transfer = page.getByRole('group', { name: 'Transfer' });
  for (const [amount, memo] of [['120.00', 'rent'], ['35.50', 'books'], ['300.00', 'holiday']]) {
    await transfer.getByLabel('Amount').fill(amount);
    await transfer.getByLabel('Memo (optional)').fill(memo);
    await transfer.getByRole('button', { name: 'Transfer' }).click();
    await expect(page.locator('#transfer-form .form-message')).toHaveAttribute('data-kind', 'ok');
  }
  const deposit = page.getByRole('group', { name: 'Deposit' });
  await deposit.getByLabel('Amount').fill('640.00');
  await deposit.getByRole('button', { name: 'Deposit' }).click();
  await expect(page.locator('#statement-chart')).toHaveAttribute('data-points', '5');
  // A pending hold with an expiry, shown in the picked account's panel.
  const hold = page.getByRole('group', { name: 'Place a hold' });
  await hold.getByLabel('Amount').fill('200.00');
  await hold.getByLabel('Expires in minutes (optional)').fill('90');
  await hold.getByLabel('Memo (optional)').fill('hotel');
  await hold.getByRole('button', { name: 'Place hold' }).click();
  await expect(page.locator('#holds-list > li')).toHaveCount(1);
  await expect(page.locator('#statement-chart')).toHaveAttribute('data-points', '6');
  // An error shown too, so that its colours are checked.
  const withdraw = page.getByRole('group', { name: 'Withdraw' });
  await withdraw.getByLabel('Amount').fill('99999.00');
  await withdraw.getByRole('button', { name: 'Withdraw' }).click();
  await expect(page.locator('#withdraw-form .form-message')).toHaveAttribute('data-kind', 'error');
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.locator('#verify-result')).toBeVisible();
  await page.getByLabel('Scenario file (.jsonl)').setInputFiles(repo('tests/conformance/money.jsonl'));
  await expect(page.locator('#scenario-message')).toContainText('Ran money.jsonl');
  await page.evaluate(() => document.activeElement && document.activeElement.blur());
}

for (const colorScheme of ['light', 'dark']) {
  test(`axe finds no serious or critical violation, ${colorScheme}`, async ({ page }) => {
    await page.emulateMedia({ colorScheme });
    await openPage(page);
    const check = async (when) => {
      const { violations } = await new AxeBuilder({ page })
        .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
        .analyze();
      const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(bad.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`), when).toEqual([]);
    };
    await check('the empty page');
    await fillEverything(page);
    // Every folded crossing group unfolded, so that their tables are checked too.
    await page.locator('details.crossing-group:not([open]) > summary').evaluateAll((ss) => ss.forEach((s) => s.click()));
    await check('every section filled in');
  });

  for (const width of [375, 1440]) {
    test(`screenshot at ${width} px, ${colorScheme}: no horizontal scrolling`, async ({ page }, testInfo) => {
      await page.emulateMedia({ colorScheme });
      await page.setViewportSize({ width, height: 900 });
      await openPage(page);
      await fillEverything(page);
      const { scrollWidth, clientWidth } = await page.evaluate(() => {
        const s = document.scrollingElement;
        return { scrollWidth: s.scrollWidth, clientWidth: s.clientWidth };
      });
      expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
      const path = join(testInfo.project.outputDir, 'screenshots', `page-${width}-${colorScheme}.png`);
      await page.evaluate(() => window.scrollTo(0, 0)); // the sticky accounts list at the top of its column
      await page.screenshot({ path, fullPage: true });
      await testInfo.attach(`page-${width}-${colorScheme}`, { path, contentType: 'image/png' });
      if (update && width === 1440 && colorScheme === 'light') {
        // Tall enough for the whole bank view, so the sticky accounts list
        // stays at the top of it instead of following a scroll.
        const height = await page.evaluate(() => Math.ceil(document.documentElement.scrollHeight));
        await page.setViewportSize({ width, height });
        await page.evaluate(() => window.scrollTo(0, 0));
        await page.locator('#view-bank').screenshot({ path: repo('docs/screenshot.png') });
      }
    });
  }
}
