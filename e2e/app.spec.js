// The page as an app: picking accounts, every form through the picked
// account, the statement's paging and chart, the journal's export, import
// and verify, scenario transcripts as downloads, the boundary inspector,
// and safety (text only, CSP, no console errors).
import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { openAccount, openPage, storedExport } from './helpers.js';

const repo = (p) => fileURLToPath(new URL(`../${p}`, import.meta.url));
const BANK_CLI = process.env.BANK_CLI || repo('build/native/core/bank-cli');

const form = (page, name) => page.getByRole('group', { name });
const formMessage = (page, id) => page.locator(`#${id} .form-message`);
const accountRows = (page) => page.locator('#accounts-table tbody tr');



// Fails the test on any console error, page error or CSP violation.
function watchConsole(page) {
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  return problems;
}

async function expectError(page, formId, code) {
  const msg = formMessage(page, formId);
  await expect(msg).toHaveAttribute('data-kind', 'error');
  await expect(msg).toContainText(code);
  await expect(msg).toBeFocused();
}

test('every form works through the picked account, and each refuses in words with the focus on the message', async ({ page }) => {
  const problems = watchConsole(page);
  await openPage(page);
  await openAccount(page, { id: 1, name: 'Ada', balance: '100.00' });
  await openAccount(page, { id: 2, name: 'Ben', balance: '5.00' });
  await openAccount(page, { id: 3, name: 'Chiyo', currency: 'JPY', balance: '1500' });
  await expect(accountRows(page)).toHaveCount(3);

  // Open: an id that is taken.
  const open = form(page, 'Open account');
  await open.getByLabel('Account id').fill('1');
  await open.getByLabel('Name').fill('Dup');
  await open.getByRole('button', { name: 'Open account' }).click();
  await expectError(page, 'open-form', 'ACCOUNT_EXISTS');

  // Picking fills the forms; amounts show the account's currency and scale.
  await page.getByRole('radio', { name: /Pick account 3, Chiyo/ }).check();
  await expect(form(page, 'Deposit').getByLabel('Account id')).toHaveValue('3');
  await expect(form(page, 'Deposit').getByLabel('Amount')).toHaveAttribute('placeholder', '0');
  await expect(page.locator('#deposit-form .currency-tag')).toHaveText('JPY');
  await page.getByRole('radio', { name: /Pick account 1, Ada/ }).check();
  await expect(page.locator('#picked-summary')).toContainText('account 1 (Ada), 100.00 USD');
  await expect(form(page, 'Deposit').getByLabel('Amount')).toHaveAttribute('placeholder', '0.00');
  await expect(form(page, 'Transfer').getByLabel('From account id')).toHaveValue('1');
  await expect(form(page, 'Transfer').getByLabel('To account id')).toHaveValue('2'); // same currency only
  const options = await page.locator('#open-accounts option').evaluateAll((os) => os.map((o) => o.value));
  expect(options).toEqual(['1', '2', '3']);

  // Deposit: happy, then an amount with too many decimals for USD.
  const deposit = form(page, 'Deposit');
  await deposit.getByLabel('Amount').fill('20.50');
  await deposit.getByLabel('Memo (optional)').fill('salary');
  await deposit.getByRole('button', { name: 'Deposit' }).click();
  await expect(formMessage(page, 'deposit-form')).toHaveText('Deposited 20.50 USD into account 1 (Ada). Balance: 120.50 USD.');
  await deposit.getByLabel('Amount').fill('1.234');
  await deposit.getByRole('button', { name: 'Deposit' }).click();
  await expectError(page, 'deposit-form', 'INVALID_AMOUNT');
  await expect(formMessage(page, 'deposit-form')).toContainText('That amount is not valid');

  // Withdraw: happy, then more than there is.
  const withdraw = form(page, 'Withdraw');
  await withdraw.getByLabel('Amount').fill('0.50');
  await withdraw.getByRole('button', { name: 'Withdraw' }).click();
  await expect(formMessage(page, 'withdraw-form')).toContainText('Balance: 120.00 USD');
  await withdraw.getByLabel('Amount').fill('500.00');
  await withdraw.getByRole('button', { name: 'Withdraw' }).click();
  await expectError(page, 'withdraw-form', 'INSUFFICIENT_FUNDS');

  // Transfer with memo and key; the same key again moves nothing; another currency is refused.
  const transfer = form(page, 'Transfer');
  await transfer.getByLabel('Amount').fill('20.00');
  await transfer.getByLabel('Memo (optional)').fill('rent');
  await transfer.getByLabel('Idempotency key (optional)').fill('rent-11');
  await transfer.getByRole('button', { name: 'Transfer' }).click();
  await expect(formMessage(page, 'transfer-form')).toContainText('Balances: 100.00 and 25.00');
  await transfer.getByLabel('Amount').fill('20.00');
  await transfer.getByLabel('Memo (optional)').fill('rent');
  await transfer.getByLabel('Idempotency key (optional)').fill('rent-11');
  await transfer.getByRole('button', { name: 'Transfer' }).click();
  await expect(formMessage(page, 'transfer-form')).toContainText('nothing moved again');
  await expect(accountRows(page).nth(0).locator('td').nth(3)).toHaveText('100.00');
  await transfer.getByLabel('To account id').fill('3');
  await transfer.getByLabel('Amount').fill('1.00');
  await transfer.getByRole('button', { name: 'Transfer' }).click();
  await expectError(page, 'transfer-form', 'CURRENCY_MISMATCH');

  // Close: refused with the reason in terms of the account, then done once empty.
  await page.getByRole('radio', { name: /Pick account 2, Ben/ }).check();
  const close = form(page, 'Close account');
  await close.getByRole('button', { name: 'Close account' }).click();
  await expectError(page, 'close-form', 'ACCOUNT_NOT_EMPTY');
  await expect(formMessage(page, 'close-form')).toContainText('Account 2 (Ben) still holds 25.00 USD');
  await withdraw.getByLabel('Amount').fill('25.00');
  await withdraw.getByRole('button', { name: 'Withdraw' }).click();
  await expect(formMessage(page, 'withdraw-form')).toContainText('Balance: 0.00 USD');
  await close.getByLabel('Account id').fill('2');
  await close.getByRole('button', { name: 'Close account' }).click();
  await expect(formMessage(page, 'close-form')).toContainText('Closed account 2 (Ben)');
  await expect(accountRows(page).nth(1).locator('td').nth(4)).toHaveText('closed');
  // A closed account is no longer offered where only open ones make sense.
  expect(await page.locator('#open-accounts option').evaluateAll((os) => os.map((o) => o.value))).toEqual(['1', '3']);
  // A typed id still works: deposit into 3 by typing it.
  await deposit.getByLabel('Account id').fill('3');
  await deposit.getByLabel('Amount').fill('500');
  await deposit.getByRole('button', { name: 'Deposit' }).click();
  await expect(formMessage(page, 'deposit-form')).toContainText('Balance: 2000 JPY');
  expect(problems).toEqual([]);
});

test('the statement pages over 250 entries, newest first, with one chart point per entry shown', async ({ page }) => {
  await openPage(page);
  // 1 open + 249 deposits through a second bank on the same store.
  await page.evaluate(async () => {
    const { openBank } = await import('/dist/index.js');
    const bank = await openBank({ indexedDB: 'wasm-bank' });
    await bank.openAccount({ id: 9, name: 'Pat', balance: '0.00' });
    await bank.batch(Array.from({ length: 249 }, (_, i) => ({ op: 'deposit', id: 9, amount: `${i + 1}.00` })));
    await bank.dispose();
  });
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-state', 'ready');
  await page.getByRole('radio', { name: /Pick account 9, Pat/ }).check();
  const rows = page.locator('#statement-table tbody tr');
  const chart = page.locator('#statement-chart');
  await expect(rows).toHaveCount(25);
  await expect(rows.first().locator('td').first()).toHaveText('250');
  await expect(rows.first().locator('td').nth(1)).toHaveText('Deposit');
  await expect(rows.first().locator('td').nth(3)).toHaveText('31125.00 USD'); // 1 + ... + 249
  await expect(chart).toHaveAttribute('data-points', '25');
  await expect(chart.locator('canvas')).toHaveCount(1);
  await expect(page.getByRole('button', { name: 'Newer' })).toBeDisabled();
  const seen = [];
  for (let p = 0; p < 10; p++) {
    seen.push(...await rows.locator('td:first-child').allTextContents());
    const count = await rows.count();
    await expect(chart).toHaveAttribute('data-points', String(count));
    const older = page.getByRole('button', { name: 'Older' });
    if (await older.isDisabled()) break;
    await older.click();
    await expect(rows.first().locator('td').first()).toHaveText(String(250 - 25 * (p + 1)));
  }
  expect(seen.map(Number)).toEqual(Array.from({ length: 250 }, (_, i) => 250 - i));
  await expect(rows.last().locator('td').nth(1)).toHaveText('Opened for Pat in USD');
  await expect(rows.last().locator('td').nth(3)).toHaveText('0.00 USD');
  // Back to the newest through "Newer".
  for (let p = 0; p < 9; p++) await page.getByRole('button', { name: 'Newer' }).click();
  await expect(rows.first().locator('td').first()).toHaveText('250');
  await expect(page.getByRole('button', { name: 'Newer' })).toBeDisabled();
});

test('export, then import into a fresh browser: the same accounts and head; a changed byte is refused and changes nothing', async ({ page, browser }, testInfo) => {
  await openPage(page);
  await openAccount(page, { id: 1, name: 'Eve', balance: '10.00' });
  await openAccount(page, { id: 2, name: 'Yui', currency: 'JPY', balance: '300' });
  const downloaded = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export journal' }).click();
  const file = testInfo.outputPath('bank.journal');
  await (await downloaded).saveAs(file);
  const exported = readFileSync(file, 'utf8');
  expect(exported).toBe(await storedExport(page));
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.locator('#verify-result')).toBeVisible();
  const head = await page.locator('#verify-head').textContent();
  expect(head).toMatch(/^[0-9a-f]{64}$/);
  const accounts = await page.locator('#accounts-table tbody').innerText();

  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  await openPage(other);
  const empty = await storedExport(other);
  // One byte changed: refused, in words, nothing imported.
  const bad = Buffer.from(exported);
  bad[bad.indexOf('Eve') + 1] = 'w'.charCodeAt(0);
  const badFile = testInfo.outputPath('bad.journal');
  writeFileSync(badFile, bad);
  await other.getByLabel('Journal file').setInputFiles(badFile);
  await expect(other.locator('#journal-message')).toContainText('CORRUPT_JOURNAL');
  await expect(other.locator('#journal-message')).toContainText('not changed');
  await expect(other.locator('#accounts-table tbody tr')).toHaveCount(0);
  expect(await storedExport(other)).toBe(empty);
  // The good file.
  await other.getByLabel('Journal file').setInputFiles(file);
  await expect(other.locator('#journal-message')).toContainText('Imported bank.journal: 2 entries, 2 accounts');
  await expect(other.locator('#accounts-table tbody tr')).toHaveCount(2);
  expect(await other.locator('#accounts-table tbody').innerText()).toBe(accounts);
  await other.getByRole('button', { name: 'Verify' }).click();
  await expect(other.locator('#verify-head')).toHaveText(head);
  await expect(other.locator('#verify-entries')).toHaveText('2');
  // It is stored: a reload shows it.
  await other.reload();
  await expect(other.locator('#accounts-table tbody tr')).toHaveCount(2);
  // A bank that has entries refuses an import instead of mixing two banks.
  await other.getByLabel('Journal file').setInputFiles(file);
  await expect(other.locator('#journal-message')).toContainText('already has 2 entries');
  await fresh.close();
});

test('a scenario file run in the page downloads the native transcript byte for byte', async ({ page }, testInfo) => {
  await openPage(page);
  for (const name of ['idempotency', 'money']) {
    const scenario = repo(`tests/conformance/${name}.jsonl`);
    const native = execFileSync(BANK_CLI, ['run', scenario]);
    await page.getByLabel('Scenario file (.jsonl)').setInputFiles(scenario);
    await expect(page.locator('#scenario-message')).toContainText(`Ran ${name}.jsonl`);
    const downloaded = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download transcript' }).click();
    const download = await downloaded;
    expect(download.suggestedFilename()).toBe(`${name}.transcript`);
    const file = testInfo.outputPath(`${name}.transcript`);
    await download.saveAs(file);
    expect(readFileSync(file).equals(native), `${name}: the downloaded transcript differs from bank-cli run`).toBe(true);
  }
});

test('the inspector lists the tutorial\'s crossings with their arguments and results', async ({ page }) => {
  await openPage(page);
  await page.getByRole('button', { name: 'Run tutorial' }).click();
  await expect(page.locator('#tutorial-accounts tbody tr')).toHaveCount(3);
  const groups = page.locator('#boundary-tutorial details');
  await expect(groups).toHaveCount(14); // 13 lines and the accounts() read
  const greet = groups.filter({ hasText: '{"op":"greet","name":"Alice"}' });
  await greet.locator('summary').click();
  const row = greet.locator('tbody tr').first();
  await expect(row.locator('th')).toHaveText('execute');
  const line = '{"op":"greet","name":"Alice"}';
  await expect(row.locator('td').nth(0)).toContainText(`as ${line.length} UTF-8 bytes (7b 22 6f 70`);
  await expect(row.locator('td').nth(1)).toContainText('"{\\"op\\":\\"greet\\",\\"ok\\":true,\\"greeting\\":\\"Hello, Alice\\"}"');
  await expect(row.locator('td').nth(3)).toContainText('KiB');
  // Beside it, the original's way: a C string by hand, read back byte by byte, freed by hand.
  await expect(greet.locator('.origin-steps li')).toHaveCount(4);
  await expect(greet.locator('.origin-steps')).toContainText('memory.read calls, one byte each');
  await expect(greet.locator('.origin-steps')).toContainText('free_string');
  const plus = groups.filter({ hasText: '{"op":"plus","a":5,"b":3}' });
  await expect(plus.locator('summary')).toContainText('1 crossing here, 1 crossing in the original');
  // The user's own operations are listed too.
  await openAccount(page, { id: 4, name: 'Dee', balance: '1.00' });
  const mine = page.locator('#boundary-bank details').filter({ hasText: 'Open account 4 for Dee' });
  await expect(mine).toHaveCount(1);
  await expect(mine.locator('tbody th', { hasText: /^open$/ })).toHaveCount(1);
  await expect(mine.locator('tbody tr', { hasText: /^open/ }).locator('td').first()).toContainText('name: "Dee" as 3 UTF-8 bytes (44 65 65)');
});

test('a name made of markup renders as text, survives a reload and runs nothing; the CSP is in force and the console stays clean', async ({ page }) => {
  const problems = watchConsole(page);
  const name = '<img src=x onerror=window.__pwned=1>';
  await openPage(page);
  await openAccount(page, { id: 66, name, balance: '1.00' });
  await page.getByRole('radio', { name: /Pick account 66/ }).check();
  const check = async () => {
    await expect(accountRows(page).first().locator('td').nth(1)).toHaveText(name);
    await expect(page.locator('#statement-table tbody')).toContainText(`Opened for ${name}`);
    expect(await page.locator('main img').count()).toBe(0);
    expect(await page.evaluate(() => window.__pwned)).toBeUndefined();
  };
  await check();
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-state', 'ready');
  await page.getByRole('radio', { name: /Pick account 66/ }).check();
  await check();
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
  expect(csp).not.toContain('unsafe-inline');
  expect(csp).not.toMatch(/'unsafe-eval'/);
  expect(csp).not.toMatch(/https?:/);
  // The policy holds: an inline script is refused (and reported).
  const blocked = await page.evaluate(() => new Promise((resolve) => {
    document.addEventListener('securitypolicyviolation', (e) => resolve(e.violatedDirective), { once: true });
    const s = document.createElement('script');
    s.textContent = 'window.__inline = 1';
    document.body.append(s);
    setTimeout(() => resolve('none'), 2000);
  }));
  expect(blocked).toMatch(/^script-src/);
  expect(await page.evaluate(() => window.__inline)).toBeUndefined();
  // Every section, with everything in it shown, logs no error (the CSP test above logs one on purpose).
  problems.length = 0;
  await page.getByRole('button', { name: 'Run tutorial' }).click();
  await expect(page.locator('#tutorial-accounts tbody tr')).toHaveCount(3);
  for (const link of ['Tutorial', 'Bank', 'Statement', 'Boundary', 'Journal', 'Scenario files']) {
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: link, exact: true }).click();
  }
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.locator('#verify-result')).toBeVisible();
  await page.getByLabel('Scenario file (.jsonl)').setInputFiles(repo('tests/conformance/money.jsonl'));
  await expect(page.locator('#scenario-message')).toContainText('Ran money.jsonl');
  expect(problems).toEqual([]);
});

test('the favicon is served and the page asks for no missing file', async ({ page }) => {
  const missing = [];
  page.on('response', (r) => { if (r.status() >= 400) missing.push(`${r.status()} ${r.url()}`); });
  await openPage(page);
  const icon = await page.request.get('/favicon.svg');
  expect(icon.status()).toBe(200);
  expect(icon.headers()['content-type']).toBe('image/svg+xml');
  expect(missing).toEqual([]);
});
