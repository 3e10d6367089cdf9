import { test, expect } from '@playwright/test';
import { openPage, JOURNAL_KEY, storedExport, formMessage } from './helpers.js';

async function openAccount(page, { id, name, currency, balance }) {
  const form = page.getByRole('group', { name: 'Open account' });
  await form.getByLabel('Account id').fill(String(id));
  await form.getByLabel('Name').fill(name);
  if (currency !== undefined) await form.getByLabel('Currency').fill(currency);
  await form.getByLabel('Opening balance').fill(balance ?? '');
  await form.getByRole('button', { name: 'Open account' }).click();
}

const rows = (page) => page.locator('#accounts-table tbody tr');
const message = formMessage;
const bankMessage = (page) => page.locator('#bank-message');

test('open an account through the form and see it listed', async ({ page }) => {
  await openPage(page);
  await expect(page.getByText('No accounts yet')).toBeVisible();
  await expect(page.getByRole('group', { name: 'Open account' }).getByLabel('Currency')).toHaveValue('USD');
  await openAccount(page, { id: 7, name: 'Dana <b>Ø</b>', balance: '12.50' });
  await expect(message(page)).toHaveAttribute('data-kind', 'ok');
  await expect(rows(page)).toHaveCount(1);
  const cells = rows(page).first().locator('td');
  await expect(cells).toHaveText(['7', 'Dana <b>Ø</b>', 'USD', '12.50', 'open']);
  // User text is rendered as text, never as markup.
  await expect(page.locator('#accounts-table b')).toHaveCount(0);
  await expect(page.getByText('No accounts yet')).toBeHidden();
});

test('invalid amounts show an error in words and change nothing', async ({ page }) => {
  await openPage(page);
  await openAccount(page, { id: 1, name: 'Erin', balance: '100.00' });
  await expect(rows(page)).toHaveCount(1);
  const before = await page.locator('#accounts-table tbody').innerHTML();
  const savedBefore = await storedExport(page);

  const deposit = page.getByRole('group', { name: 'Deposit' });
  for (const amount of ['12.345', 'abc', '-5', '1e3', '']) {
    await deposit.getByLabel('Account id').fill('1');
    await deposit.getByLabel('Amount').fill(amount);
    await deposit.getByRole('button', { name: 'Deposit' }).click();
    await expect(message(page)).toHaveAttribute('data-kind', 'error');
    await expect(message(page)).toContainText('That amount is not valid');
    await expect(message(page)).toContainText('INVALID_AMOUNT');
    expect(await page.locator('#accounts-table tbody').innerHTML()).toBe(before);
    expect(await storedExport(page)).toBe(savedBefore);
    await expect(deposit.getByLabel('Amount')).toHaveValue(amount); // the form keeps what was typed
  }

  // Opening with a bad balance (too many decimals for USD) opens nothing.
  await openAccount(page, { id: 2, name: 'Finn', balance: '12.345' });
  await expect(message(page)).toContainText('That amount is not valid');
  await expect(rows(page)).toHaveCount(1);

  // Bad ids go through Number() and the core refuses them.
  await openAccount(page, { id: 'abc', name: 'Gus', balance: '1.00' });
  await expect(message(page)).toHaveAttribute('data-kind', 'error');
  await expect(message(page)).toContainText('INVALID_ARGUMENT');
  await expect(rows(page)).toHaveCount(1);

  // Unknown account, insufficient funds, unknown currency.
  await deposit.getByLabel('Account id').fill('99');
  await deposit.getByLabel('Amount').fill('1.00');
  await deposit.getByRole('button', { name: 'Deposit' }).click();
  await expect(message(page)).toContainText('ACCOUNT_NOT_FOUND');
  const withdraw = page.getByRole('group', { name: 'Withdraw' });
  await withdraw.getByLabel('Account id').fill('1');
  await withdraw.getByLabel('Amount').fill('100.01');
  await withdraw.getByRole('button', { name: 'Withdraw' }).click();
  await expect(message(page)).toContainText('INSUFFICIENT_FUNDS');
  await openAccount(page, { id: 3, name: 'Hal', currency: 'XYZ', balance: '1' });
  await expect(message(page)).toContainText('INVALID_CURRENCY');
  expect(await page.locator('#accounts-table tbody').innerHTML()).toBe(before);
});

test('a deposit survives a reload', async ({ page }) => {
  await openPage(page);
  await openAccount(page, { id: 42, name: 'Ivy', balance: '10.00' });
  const deposit = page.getByRole('group', { name: 'Deposit' });
  await deposit.getByLabel('Account id').fill('42');
  await deposit.getByLabel('Amount').fill('5.25');
  await deposit.getByLabel('Memo (optional)').fill('pocket money');
  await deposit.getByRole('button', { name: 'Deposit' }).click();
  await expect(message(page)).toContainText('Ivy');
  await expect(rows(page).first().locator('td').nth(3)).toHaveText('15.25');
  // Durable in the page's store by the time the page says so.
  const saved = await storedExport(page);
  expect(saved).toMatch(/^\{"format":"wasm-bank-journal","version":1\}\n/);
  expect(saved).toContain('"memo":"pocket money"');

  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-state', 'ready');
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first().locator('td')).toHaveText(['42', 'Ivy', 'USD', '15.25', 'open']);

  // The statement lists the deposit with its memo.
  await page.getByRole('radio', { name: /Pick account 42/ }).check();
  await expect(page.locator('#statement-table tbody tr')).toHaveCount(2);
  await expect(page.locator('#statement-table tbody tr').first()).toContainText('pocket money');

  // Reset clears it, also across a reload.
  await page.getByRole('button', { name: 'Reset' }).click();
  await expect(rows(page)).toHaveCount(0);
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-state', 'ready');
  await expect(rows(page)).toHaveCount(0);
});

test('a journal saved by the older page is moved into the store once', async ({ page }) => {
  await openPage(page);
  await openAccount(page, { id: 7, name: 'Old Timer', balance: '3.00' });
  const journal = await storedExport(page);
  await page.getByRole('button', { name: 'Reset' }).click();
  await expect(rows(page)).toHaveCount(0);
  await page.evaluate(([k, j]) => localStorage.setItem(k, j), [JOURNAL_KEY, journal]);
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-state', 'ready');
  await expect(bankMessage(page)).toContainText('Moved your bank');
  await expect(rows(page).first().locator('td')).toHaveText(['7', 'Old Timer', 'USD', '3.00', 'open']);
  expect(await page.evaluate((k) => localStorage.getItem(k), JOURNAL_KEY)).toBeNull();
  expect(await storedExport(page)).toBe(journal);
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-state', 'ready');
  await expect(bankMessage(page)).toContainText('Restored your bank');
  await expect(rows(page)).toHaveCount(1);
});

test('a corrupt saved journal starts an empty bank and says so', async ({ page }) => {
  await openPage(page);
  await page.evaluate((k) => localStorage.setItem(k, 'not a journal\n'), JOURNAL_KEY);
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-state', 'ready');
  await expect(bankMessage(page)).toContainText('could not be read');
  await expect(bankMessage(page)).toContainText('CORRUPT_JOURNAL');
  await expect(rows(page)).toHaveCount(0);
});

test('a transfer moves money between two accounts', async ({ page }) => {
  await openPage(page);
  await openAccount(page, { id: 1, name: 'Jo', balance: '100.00' });
  await openAccount(page, { id: 2, name: 'Kim', balance: '0' });
  await expect(rows(page)).toHaveCount(2);
  const transfer = page.getByRole('group', { name: 'Transfer' });
  await transfer.getByLabel('From account id').fill('1');
  await transfer.getByLabel('To account id').fill('2');
  await transfer.getByLabel('Amount').fill('30.5');
  await transfer.getByRole('button', { name: 'Transfer' }).click();
  await expect(message(page)).toHaveAttribute('data-kind', 'ok');
  await expect(message(page)).toContainText('Jo');
  await expect(message(page)).toContainText('Kim');
  await expect(rows(page).nth(0).locator('td').nth(3)).toHaveText('69.50');
  await expect(rows(page).nth(1).locator('td').nth(3)).toHaveText('30.50');

  // Same account is refused and changes nothing.
  await transfer.getByLabel('To account id').fill('1');
  await transfer.getByLabel('Amount').fill('1.00');
  await transfer.getByRole('button', { name: 'Transfer' }).click();
  await expect(message(page)).toContainText('SAME_ACCOUNT');
  await expect(rows(page).nth(0).locator('td').nth(3)).toHaveText('69.50');
});

test('the forms are usable with the keyboard alone', async ({ page }) => {
  await openPage(page);
  await page.getByRole('group', { name: 'Open account' }).getByLabel('Account id').focus();
  await page.keyboard.type('5');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Lee');
  await page.keyboard.press('Tab'); // currency keeps USD
  await page.keyboard.press('Tab');
  await page.keyboard.type('3.00');
  await page.keyboard.press('Enter');
  await expect(rows(page).first().locator('td')).toHaveText(['5', 'Lee', 'USD', '3.00', 'open']);
});
