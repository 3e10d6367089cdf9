import { test, expect } from '@playwright/test';
import { openPage } from './helpers.js';

const CUSTOMERS = { 101: 'Alice', 102: 'Bob', 103: 'Charlie' };

test('Run tutorial shows balances, greetings, arithmetic and a two-sided log', async ({ page }) => {
  await openPage(page);
  await page.getByRole('button', { name: 'Run tutorial' }).click();

  const accounts = page.locator('#tutorial-accounts tbody tr');
  await expect(accounts).toHaveCount(3);
  await expect(accounts.nth(0)).toHaveText(/101\s*Alice\s*1250\.00/);
  await expect(accounts.nth(1)).toHaveText(/102\s*Bob\s*750\.00/);
  await expect(accounts.nth(2)).toHaveText(/103\s*Charlie\s*500\.00/);

  await expect(page.locator('#tutorial-greetings li')).toHaveText(['Hello, Alice', 'Hello, Bob', 'Hello, Charlie']);
  await expect(page.locator('#tutorial-arith li')).toHaveText(['5 + 3 = 8', '10 - 5 = 5']);

  // The transcript is the JSON lines of the results.
  const transcript = await page.locator('#tutorial-transcript').textContent();
  const lines = transcript.split('\n');
  expect(lines.pop()).toBe('');
  expect(lines).toHaveLength(13);
  expect(JSON.parse(lines[6])).toMatchObject({ op: 'deposit', ok: true, id: 101, balance: '1250.00' });
  expect(JSON.parse(lines[7])).toMatchObject({ op: 'withdraw', ok: true, id: 102, balance: '750.00' });
  expect(lines[11]).toBe('{"op":"plus","ok":true,"result":8}');
  expect(lines[12]).toBe('{"op":"minus","ok":true,"result":5}');

  // Both sides of the log are there, told apart by a text label (not only colour).
  const log = page.locator('#tutorial-log li');
  const cpp = page.locator('#tutorial-log li[data-source="cpp"]');
  const js = page.locator('#tutorial-log li[data-source="js"]');
  expect(await cpp.count()).toBeGreaterThan(0);
  expect(await js.count()).toBeGreaterThan(0);
  for (const badge of await cpp.locator('.badge').allTextContents()) expect(badge).toBe('C++ core');
  for (const badge of await js.locator('.badge').allTextContents()) expect(badge).toBe('JS');
  const texts = await log.allTextContents();
  for (const t of await cpp.allTextContents()) expect(t).toMatch(/^C\+\+ core: /);
  for (const t of await js.allTextContents()) expect(t).toMatch(/^JS: /);

  // Every line that mentions a tutorial account names its customer, and only that one.
  for (const line of texts) {
    const ids = Object.keys(CUSTOMERS).filter((id) => new RegExp(`(^|[^0-9])${id}([^0-9]|$)`).test(line));
    const names = Object.values(CUSTOMERS).filter((n) => line.includes(n));
    if (ids.length > 0) {
      expect(names.sort(), `log line: ${line}`).toEqual(ids.map((id) => CUSTOMERS[id]).sort());
    }
    expect(line, 'the original bug: Charlie on every transaction').not.toMatch(/Charlie.*(^|[^0-9])10[12]([^0-9]|$)|(^|[^0-9])10[12]([^0-9]|$).*Charlie/);
  }

  // The deposit is Alice's, the withdrawal Bob's — on both sides of the log.
  for (const side of [cpp, js]) {
    const sideTexts = await side.allTextContents();
    const deposits = sideTexts.filter((t) => /deposit/i.test(t));
    const withdrawals = sideTexts.filter((t) => /withdr/i.test(t));
    expect(deposits.length, `deposit lines in ${sideTexts.join(' | ')}`).toBeGreaterThan(0);
    expect(withdrawals.length, `withdraw lines in ${sideTexts.join(' | ')}`).toBeGreaterThan(0);
    for (const t of deposits) {
      expect(t).toContain('Alice');
      expect(t).not.toMatch(/Bob|Charlie/);
    }
    for (const t of withdrawals) {
      expect(t).toContain('Bob');
      expect(t).not.toMatch(/Alice|Charlie/);
    }
  }
  const balanceLines = (await js.allTextContents()).filter((t) => /balance is 1250\.00/.test(t));
  expect(balanceLines.join('\n')).toContain("Alice's balance is 1250.00");
});

test('the tutorial runs on its own bank, not the user\'s', async ({ page }) => {
  await openPage(page);
  await page.getByRole('button', { name: 'Run tutorial' }).click();
  await expect(page.locator('#tutorial-accounts tbody tr')).toHaveCount(3);
  await expect(page.locator('#accounts-table tbody tr')).toHaveCount(0);
  // Running it twice starts afresh each time (no ACCOUNT_EXISTS the second time).
  await page.getByRole('button', { name: 'Run tutorial' }).click();
  await expect(page.locator('#tutorial-accounts tbody tr')).toHaveCount(3);
  await expect(page.locator('#tutorial-transcript')).not.toContainText('ok":false');
  await expect(page.locator('#tutorial-accounts tbody tr').nth(0)).toContainText('1250.00');
});
