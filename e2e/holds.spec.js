// Holds, overdraft limits and balances in time, through the page: the
// picked account's panel (balance, held, available, limit), its pending
// holds with capture and release, holds that expire as time passes
// (Playwright's clock), the statement's hold, capture, release and limit
// entries in words with "balance after entry N" from the core, a limit that
// lets a withdrawal go below zero, and axe on the panel at 375 and 1440 px,
// light and dark.
import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { openAccount, openPage } from './helpers.js';

const form = (page, name) => page.getByRole('group', { name, exact: true });
const message = (page, id) => page.locator(`#${id} .form-message`);
const holdsMessage = (page) => page.locator('#holds-message');
const pending = (page) => page.locator('#holds-list > li');
const holdItem = (page, n) => form(page, `Hold ${n}`);
const balanceCells = (page) => page.locator('#accounts-table tbody tr td:nth-child(4)');
const statementRows = (page) => page.locator('#statement-table tbody tr');
// Entry, words, amount and balance after, of each row shown.
const statementCells = (page) => statementRows(page).evaluateAll((rows) => rows.map((r) => [...r.cells].slice(0, 4).map((c) => c.textContent)));



const pick = (page, id) => page.getByRole('radio', { name: new RegExp(`^Pick account ${id},`) }).check();

// The picked account's figures, exactly as shown.
async function expectFigures(page, { balance, held, available, limit }) {
  if (balance !== undefined) await expect(page.locator('#account-balance')).toHaveText(balance);
  if (held !== undefined) await expect(page.locator('#account-held')).toHaveText(held);
  if (available !== undefined) await expect(page.locator('#account-available')).toHaveText(available);
  if (limit !== undefined) await expect(page.locator('#account-limit')).toHaveText(limit);
}

// Places a hold through the form (from and to as picked unless given).
async function placeHold(page, { from, to, amount, minutes, memo }) {
  const hold = form(page, 'Place a hold');
  if (from !== undefined) await hold.getByLabel('From account id').fill(String(from));
  if (to !== undefined) await hold.getByLabel('To account id').fill(String(to));
  await hold.getByLabel('Amount').fill(amount);
  await hold.getByLabel('Expires in minutes (optional)').fill(minutes ?? '');
  await hold.getByLabel('Memo (optional)').fill(memo ?? '');
  await hold.getByRole('button', { name: 'Place hold' }).click();
}

async function capture(page, n, amount = '') {
  await holdItem(page, n).getByLabel('Amount to capture (optional)').fill(amount);
  await page.getByRole('button', { name: `Capture hold ${n}`, exact: true }).click();
}

async function setLimit(page, id, limit) {
  const f = form(page, 'Overdraft limit');
  await f.getByLabel('Account id').fill(String(id));
  await f.getByLabel('New overdraft limit').fill(limit);
  await f.getByRole('button', { name: 'Set limit' }).click();
}

async function withdraw(page, id, amount) {
  const f = form(page, 'Withdraw');
  await f.getByLabel('Account id').fill(String(id));
  await f.getByLabel('Amount').fill(amount);
  await f.getByRole('button', { name: 'Withdraw' }).click();
}

// Fails the test on any console error or page error.
function watchConsole(page) {
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  return problems;
}

test('place a hold, capture part of it, then place another and release it: every figure exact', async ({ page }) => {
  const problems = watchConsole(page);
  await openPage(page);
  await openAccount(page, { id: 1, name: 'Ada', balance: '100.00' });
  await openAccount(page, { id: 2, name: 'Ben', balance: '5.00' });
  await pick(page, 1);
  await expect(page.locator('#account-heading')).toHaveText('Account 1: Ada');
  await expectFigures(page, { balance: '100.00 USD', held: '0.00 USD', available: '100.00 USD', limit: '0.00 USD' });
  await expect(page.locator('#holds-empty')).toBeVisible();
  // The hold form takes the picked account and another in its currency.
  await expect(form(page, 'Place a hold').getByLabel('From account id')).toHaveValue('1');
  await expect(form(page, 'Place a hold').getByLabel('To account id')).toHaveValue('2');

  // More than is available is refused in words, and nothing is held.
  await placeHold(page, { amount: '100.01' });
  await expect(message(page, 'hold-form')).toHaveAttribute('data-kind', 'error');
  await expect(message(page, 'hold-form')).toContainText('INSUFFICIENT_FUNDS');
  await expect(message(page, 'hold-form')).toBeFocused();
  await expectFigures(page, { held: '0.00 USD', available: '100.00 USD' });

  // Hold 3 (entries 1 and 2 opened the accounts): 80.00 for Ben.
  await placeHold(page, { amount: '80.00', memo: 'dinner' });
  await expect(message(page, 'hold-form')).toHaveText(
    'Placed hold 3: 80.00 USD of account 1 (Ada) set aside for account 2 (Ben), until it is captured or released. Available: 20.00 USD.');
  await expectFigures(page, { balance: '100.00 USD', held: '80.00 USD', available: '20.00 USD' });
  await expect(balanceCells(page)).toHaveText(['100.00', '5.00']); // a hold moves no money
  await expect(pending(page)).toHaveCount(1);
  await expect(pending(page).first()).toHaveAttribute('data-hold', '3');
  await expect(holdItem(page, 3)).toContainText('80.00 USD set aside for account 2 (Ben). “dinner”');
  await expect(holdItem(page, 3)).toContainText('No expiry.');

  // Ben, the destination, sees the hold coming but nothing held or moved yet.
  await pick(page, 2);
  await expectFigures(page, { balance: '5.00 USD', held: '0.00 USD', available: '5.00 USD' });
  await expect(pending(page)).toHaveCount(1);
  await expect(pending(page).first()).toHaveAttribute('data-direction', 'in');
  await expect(holdItem(page, 3)).toContainText('80.00 USD set aside by account 1 (Ada) for this account.');

  // More than the hold is refused with the core's message; the hold stays.
  await pick(page, 1);
  await capture(page, 3, '80.01');
  await expect(holdsMessage(page)).toHaveAttribute('data-kind', 'error');
  await expect(holdsMessage(page)).toContainText('INVALID_AMOUNT');
  await expect(holdsMessage(page)).toBeFocused();
  await expect(pending(page)).toHaveCount(1);

  // Capture 64.20 of the 80.00: it moves, the rest is freed, the hold is gone.
  await capture(page, 3, '64.20');
  await expect(holdsMessage(page)).toHaveText(
    'Captured 64.20 USD of hold 3: account 1 (Ada) now has 35.80 USD, account 2 (Ben) 69.20 USD. The hold is closed.');
  await expect(holdsMessage(page)).toBeFocused();
  await expectFigures(page, { balance: '35.80 USD', held: '0.00 USD', available: '35.80 USD' });
  await expect(balanceCells(page)).toHaveText(['35.80', '69.20']);
  await expect(pending(page)).toHaveCount(0);
  await expect(page.locator('#holds-empty')).toBeVisible();
  await pick(page, 2);
  await expectFigures(page, { balance: '69.20 USD', held: '0.00 USD', available: '69.20 USD' });
  await expect(pending(page)).toHaveCount(0);

  // Another hold, released: nothing moves, the money is free again.
  await pick(page, 1);
  await placeHold(page, { amount: '10.00' });
  await expect(message(page, 'hold-form')).toContainText('Placed hold 5:');
  await expectFigures(page, { balance: '35.80 USD', held: '10.00 USD', available: '25.80 USD' });
  await page.getByRole('button', { name: 'Release hold 5', exact: true }).click();
  await expect(holdsMessage(page)).toHaveText(
    'Released hold 5: the 10.00 USD is free again. Available on account 1 (Ada): 35.80 USD.');
  await expectFigures(page, { balance: '35.80 USD', held: '0.00 USD', available: '35.80 USD' });
  await expect(balanceCells(page)).toHaveText(['35.80', '69.20']);
  await expect(pending(page)).toHaveCount(0);

  // A pending hold keeps both its accounts open; the refusal says why.
  await placeHold(page, { amount: '35.80' });
  await expect(message(page, 'hold-form')).toContainText('Placed hold 7:');
  await pick(page, 2);
  await withdraw(page, 2, '69.20');
  await expect(message(page, 'withdraw-form')).toContainText('Balance: 0.00 USD');
  await form(page, 'Close account').getByRole('button', { name: 'Close account' }).click();
  await expect(message(page, 'close-form')).toHaveText(/^Account 2 \(Ben\) has 1 pending hold \(hold 7\): capture or release it, or let it expire, first\. Its balance is 0\.00 USD\. \[ACCOUNT_NOT_EMPTY\]$/);
  expect(problems).toEqual([]);
});

test('a hold that expires stops counting once its time has passed (Playwright clock)', async ({ page }) => {
  await page.clock.install({ time: new Date('2030-01-01T10:00:00Z') });
  await openPage(page);
  await openAccount(page, { id: 1, name: 'Ada', balance: '100.00' });
  await openAccount(page, { id: 2, name: 'Hotel' });
  await pick(page, 1);
  // An expiry that is not a number of minutes is the page's to refuse.
  await placeHold(page, { amount: '30.00', minutes: 'soon' });
  await expect(message(page, 'hold-form')).toHaveAttribute('data-kind', 'error');
  await expect(message(page, 'hold-form')).toContainText('"Expires in minutes" takes a number of minutes greater than 0');
  await expect(pending(page)).toHaveCount(0);

  await placeHold(page, { amount: '30.00', minutes: '5', memo: 'room' });
  await expect(message(page, 'hold-form')).toContainText('Placed hold 3: 30.00 USD of account 1 (Ada) set aside for account 2 (Hotel), until 2030-01-01 10:05:');
  await expectFigures(page, { balance: '100.00 USD', held: '30.00 USD', available: '70.00 USD' });
  await expect(holdItem(page, 3)).toContainText('Expires 2030-01-01 10:05:');

  // Four minutes on: still pending.
  await page.clock.fastForward('04:00');
  await expect(holdItem(page, 3)).toBeVisible();
  await expectFigures(page, { held: '30.00 USD', available: '70.00 USD' });

  // Past its expiry: no longer held, available again, gone from the list;
  // nothing was written, so the balances are as they were.
  await page.clock.fastForward('01:30');
  await expectFigures(page, { balance: '100.00 USD', held: '0.00 USD', available: '100.00 USD' });
  await expect(pending(page)).toHaveCount(0);
  await expect(page.locator('#holds-empty')).toBeVisible();
  await expect(balanceCells(page)).toHaveText(['100.00', '0.00']);
  // The hold's entry stays in the statement; the money is spendable again.
  await expect(statementRows(page).first()).toContainText('Hold 3: 30.00 USD set aside for account 2 (Hotel), until 2030-01-01 10:05:');
  await withdraw(page, 1, '100.00');
  await expect(message(page, 'withdraw-form')).toContainText('Balance: 0.00 USD');
});

test('the statement tells holds, captures, releases and limits in words, and the balance after any entry comes from the core', async ({ page }) => {
  await openPage(page);
  await openAccount(page, { id: 1, name: 'Ada', balance: '100.00' });   // entry 1
  await openAccount(page, { id: 2, name: 'Ben', balance: '0.00' });     // entry 2
  await pick(page, 1);
  await placeHold(page, { amount: '80.00', memo: 'dinner' });           // entry 3
  await expect(message(page, 'hold-form')).toContainText('Placed hold 3');
  await capture(page, 3, '64.20');                                      // entry 4
  await expect(holdsMessage(page)).toContainText('Captured 64.20 USD');
  await placeHold(page, { amount: '10.00' });                           // entry 5
  await expect(message(page, 'hold-form')).toContainText('Placed hold 5');
  await page.getByRole('button', { name: 'Release hold 5', exact: true }).click(); // entry 6
  await expect(holdsMessage(page)).toContainText('Released hold 5');
  await setLimit(page, 1, '50.00');                                     // entry 7
  await expect(message(page, 'limit-form')).toHaveAttribute('data-kind', 'ok');
  await withdraw(page, 1, '60.00');                                     // entry 8
  await expect(message(page, 'withdraw-form')).toContainText('Balance: -24.20 USD');

  await expect(statementRows(page)).toHaveCount(7);
  await expect.poll(() => statementCells(page)).toEqual([
    ['8', 'Withdrawal', '-60.00 USD', '-24.20 USD'],
    ['7', 'Overdraft limit set to 50.00 USD', '', '35.80 USD'],
    ['6', 'Release of hold 5: the 10.00 USD set aside for account 2 (Ben) is free again', '', '35.80 USD'],
    ['5', 'Hold 5: 10.00 USD set aside for account 2 (Ben)', '', '35.80 USD'],
    ['4', 'Capture of hold 3: 64.20 USD of the 80.00 USD held paid to account 2 (Ben)', '-64.20 USD', '35.80 USD'],
    ['3', 'Hold 3: 80.00 USD set aside for account 2 (Ben) — “dinner”', '', '100.00 USD'],
    ['1', 'Opened for Ada in USD', '100.00 USD', '100.00 USD'],
  ]);
  await expect(page.locator('#statement-table tbody tr[data-kind="hold"]')).toHaveCount(2);

  // "Balance after entry N", per row and typed, announced in a live region.
  const asOf = page.locator('#statement-asof');
  await expect(asOf).toHaveAttribute('aria-live', 'polite');
  await page.getByRole('button', { name: 'Balance after entry 3', exact: true }).click();
  await expect(asOf).toHaveText('Balance of account 1 (Ada) after entry 3: 100.00 USD');
  await page.getByRole('button', { name: 'Balance after entry 4', exact: true }).click();
  await expect(asOf).toHaveText('Balance of account 1 (Ada) after entry 4: 35.80 USD');
  await expect(page.getByLabel('Balance after entry number')).toHaveValue('4');
  // Entry 2 is Ben's: Ada's balance then.
  await page.getByLabel('Balance after entry number').fill('2');
  await page.getByRole('button', { name: 'Show balance' }).click();
  await expect(asOf).toHaveText('Balance of account 1 (Ada) after entry 2: 100.00 USD');
  await page.getByLabel('Balance after entry number').fill('8');
  await page.getByLabel('Balance after entry number').press('Enter');
  await expect(asOf).toHaveText('Balance of account 1 (Ada) after entry 8: -24.20 USD');
  // Beyond the journal: the core's refusal, in words.
  await page.getByLabel('Balance after entry number').fill('99');
  await page.getByRole('button', { name: 'Show balance' }).click();
  await expect(asOf).toHaveAttribute('data-kind', 'error');
  await expect(asOf).toContainText('No balance after entry 99:');
  await expect(asOf).toContainText('INVALID_ARGUMENT');

  // Ben's side of the same entries.
  await pick(page, 2);
  await expect(statementRows(page)).toHaveCount(5);
  await expect.poll(() => statementCells(page)).toEqual([
    ['6', 'Release of hold 5: the 10.00 USD account 1 (Ada) set aside will not come', '', '64.20 USD'],
    ['5', 'Hold 5: account 1 (Ada) set aside 10.00 USD for this account', '', '64.20 USD'],
    ['4', 'Capture of hold 3: 64.20 USD of the 80.00 USD held received from account 1 (Ada)', '64.20 USD', '64.20 USD'],
    ['3', 'Hold 3: account 1 (Ada) set aside 80.00 USD for this account — “dinner”', '', '0.00 USD'],
    ['2', 'Opened for Ben in USD', '0.00 USD', '0.00 USD'],
  ]);
  await page.getByRole('button', { name: 'Balance after entry 3', exact: true }).click();
  await expect(asOf).toHaveText('Balance of account 2 (Ben) after entry 3: 0.00 USD');
  // Before Ben's account was opened, there is no balance.
  await page.getByLabel('Balance after entry number').fill('1');
  await page.getByRole('button', { name: 'Show balance' }).click();
  await expect(asOf).toContainText('ACCOUNT_NOT_FOUND');
});

test('a hold placed in one tab shows in the other tab\'s panel, and a release there shows back here', async ({ page, context }) => {
  await openPage(page);
  await openAccount(page, { id: 1, name: 'Ada', balance: '100.00' });
  await openAccount(page, { id: 2, name: 'Ben' });
  await pick(page, 1);
  const other = await context.newPage();
  await other.goto('/');
  await expect(other.locator('html')).toHaveAttribute('data-state', 'ready');
  await pick(other, 1);
  await expectFigures(other, { held: '0.00 USD', available: '100.00 USD' });

  await placeHold(page, { amount: '40.00' }); // hold 3
  await expect(message(page, 'hold-form')).toContainText('Placed hold 3');
  await expectFigures(other, { balance: '100.00 USD', held: '40.00 USD', available: '60.00 USD' });
  await expect(holdItem(other, 3)).toContainText('40.00 USD set aside for account 2 (Ben).');
  await other.getByRole('button', { name: 'Release hold 3', exact: true }).click();
  await expect(holdsMessage(other)).toContainText('Released hold 3');
  await expectFigures(page, { balance: '100.00 USD', held: '0.00 USD', available: '100.00 USD' });
  await expect(pending(page)).toHaveCount(0);
  await expect(statementRows(page).first()).toContainText('Release of hold 3');
  await other.close();
});

test('a capture whose hold is on an older statement page still says who paid whom', async ({ page }) => {
  await openPage(page);
  await openAccount(page, { id: 1, name: 'Ada', balance: '100.00' });
  await openAccount(page, { id: 2, name: 'Ben' });
  await pick(page, 1);
  await placeHold(page, { amount: '1.00' }); // hold 3
  await expect(message(page, 'hold-form')).toContainText('Placed hold 3');
  // 30 deposits through a second bank on the same store push the hold to page 2.
  await page.evaluate(async () => {
    const { openBank } = await import('/dist/index.js');
    const bank = await openBank({ indexedDB: 'wasm-bank' });
    await bank.batch(Array.from({ length: 30 }, () => ({ op: 'deposit', id: 1, amount: '1.00' })));
    await bank.dispose();
  });
  await expect(balanceCells(page).first()).toHaveText('130.00'); // this tab caught up
  await capture(page, 3); // entry 34, all of it
  await expect(holdsMessage(page)).toContainText('Captured 1.00 USD of hold 3');
  await expect(statementRows(page)).toHaveCount(25);
  await expect.poll(() => statementCells(page).then((rows) => rows[0])).toEqual(
    ['34', 'Capture of hold 3: 1.00 USD of the 1.00 USD held paid to account 2 (Ben)', '-1.00 USD', '129.00 USD']);
  await page.getByRole('button', { name: 'Older' }).click();
  await expect(statementRows(page).last()).toContainText('Opened for Ada in USD');
  await expect(page.locator('#statement-table tbody tr[data-entry="3"] td').nth(1)).toHaveText('Hold 3: 1.00 USD set aside for account 2 (Ben)');
});

test('an overdraft limit set through the page lets a withdrawal go below zero, and no further', async ({ page }) => {
  await openPage(page);
  await openAccount(page, { id: 1, name: 'Ada', balance: '10.00' });
  await expectFigures(page, { balance: '10.00 USD', available: '10.00 USD', limit: '0.00 USD' });
  await withdraw(page, 1, '25.00');
  await expect(message(page, 'withdraw-form')).toContainText('INSUFFICIENT_FUNDS');

  await setLimit(page, 1, '20.00');
  await expect(message(page, 'limit-form')).toHaveText(
    'The overdraft limit of account 1 (Ada) is now 20.00 USD: its balance may go that far below zero. Available: 10.00 USD.');
  await expectFigures(page, { balance: '10.00 USD', held: '0.00 USD', available: '10.00 USD', limit: '20.00 USD' });
  await withdraw(page, 1, '25.00');
  await expect(message(page, 'withdraw-form')).toHaveText('Withdrew 25.00 USD from account 1 (Ada). Balance: -15.00 USD.');
  await expectFigures(page, { balance: '-15.00 USD', available: '-15.00 USD', limit: '20.00 USD' });
  await expect(balanceCells(page)).toHaveText(['-15.00']);
  // Below the limit: refused, nothing changes.
  await withdraw(page, 1, '5.01');
  await expect(message(page, 'withdraw-form')).toContainText('INSUFFICIENT_FUNDS');
  await expectFigures(page, { balance: '-15.00 USD' });
  // A limit lower than what is used already is refused in words.
  await setLimit(page, 1, '10.00');
  await expect(message(page, 'limit-form')).toHaveAttribute('data-kind', 'error');
  await expect(message(page, 'limit-form')).toContainText('INSUFFICIENT_FUNDS');
  await expect(message(page, 'limit-form')).toBeFocused();
  await expectFigures(page, { limit: '20.00 USD' });
  await withdraw(page, 1, '5.00');
  await expect(message(page, 'withdraw-form')).toContainText('Balance: -20.00 USD');
  await expect(statementRows(page).nth(2).locator('td').nth(1)).toHaveText('Overdraft limit set to 20.00 USD');
});

test('holds work with the keyboard alone: type an amount, Enter captures, the focus lands on the result', async ({ page }) => {
  await openPage(page);
  await openAccount(page, { id: 1, name: 'Ada', balance: '50.00' });
  await openAccount(page, { id: 2, name: 'Ben' });
  await pick(page, 1);
  await placeHold(page, { amount: '20.00' }); // hold 3
  await expect(holdItem(page, 3)).toBeVisible();
  const amount = holdItem(page, 3).getByLabel('Amount to capture (optional)');
  await amount.focus();
  // In order: the amount, Capture, Release.
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Capture hold 3', exact: true })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Release hold 3', exact: true })).toBeFocused();
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Shift+Tab');
  await expect(amount).toBeFocused();
  await page.keyboard.type('7.50');
  await page.keyboard.press('Enter');
  await expect(holdsMessage(page)).toContainText('Captured 7.50 USD of hold 3');
  await expect(holdsMessage(page)).toBeFocused();
  await expectFigures(page, { balance: '42.50 USD', held: '0.00 USD', available: '42.50 USD' });
  // The focus ring shows on the panel's controls.
  await placeHold(page, { amount: '1.00' }); // hold 5
  await page.getByRole('button', { name: 'Release hold 5', exact: true }).focus();
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Tab');
  const outline = await page.getByRole('button', { name: 'Release hold 5', exact: true }).evaluate((b) => {
    const s = getComputedStyle(b);
    return `${s.outlineStyle} ${s.outlineWidth}`;
  });
  expect(outline).toMatch(/^solid [1-9]/);
  await page.keyboard.press('Enter');
  await expect(holdsMessage(page)).toContainText('Released hold 5');
});

for (const colorScheme of ['light', 'dark']) {
  for (const width of [375, 1440]) {
    test(`axe finds no serious or critical violation in the account panel at ${width} px, ${colorScheme}; no horizontal scrolling`, async ({ page }) => {
      await page.emulateMedia({ colorScheme });
      await page.setViewportSize({ width, height: 900 });
      await openPage(page);
      await openAccount(page, { id: 1, name: 'Maria Łukasiewicz-Ødegaard', balance: '2500.00' });
      await openAccount(page, { id: 2, name: 'Noor', balance: '80.10' });
      await pick(page, 2);
      // An incoming hold, shown on Noor's side.
      await placeHold(page, { from: 1, to: 2, amount: '15.00' });
      await expect(message(page, 'hold-form')).toContainText('Placed hold 3');
      await pick(page, 1);
      await placeHold(page, { amount: '120.00', minutes: '90', memo: 'hotel' });
      await capture(page, 3, '12.00');
      await expect(holdsMessage(page)).toContainText('Captured 12.00 USD');
      await placeHold(page, { amount: '64.20', memo: 'dinner' });
      await setLimit(page, 1, '100.00');
      await expect(message(page, 'limit-form')).toHaveAttribute('data-kind', 'ok');
      await page.getByRole('button', { name: 'Balance after entry 3', exact: true }).click();
      await expect(page.locator('#statement-asof')).toContainText('after entry 3');
      await expect(pending(page)).toHaveCount(2);
      // An error shown in the panel too, so that its colours are checked.
      await capture(page, 4, '999.00');
      await expect(holdsMessage(page)).toHaveAttribute('data-kind', 'error');
      await page.evaluate(() => document.activeElement && document.activeElement.blur());

      const { violations } = await new AxeBuilder({ page })
        .include('#view-bank')
        .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
        .analyze();
      const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(bad.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
      const { scrollWidth, clientWidth } = await page.evaluate(() => {
        const s = document.scrollingElement;
        return { scrollWidth: s.scrollWidth, clientWidth: s.clientWidth };
      });
      expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
    });
  }
}
