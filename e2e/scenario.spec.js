import { test, expect } from '@playwright/test';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { openPage, runInPage } from './helpers.js';

const conformance = fileURLToPath(new URL('../tests/conformance/', import.meta.url));
const names = readdirSync(conformance).filter((f) => f.endsWith('.jsonl')).map((f) => f.slice(0, -'.jsonl'.length)).sort();

test('there are conformance scenarios to run', () => {
  expect(names.length).toBeGreaterThan(0);
});

for (const name of names) {
  test(`conformance ${name}: the page's transcript equals ${name}.expected byte for byte`, async ({ page }) => {
    await openPage(page);
    const input = readFileSync(`${conformance}${name}.jsonl`);
    const expected = readFileSync(`${conformance}${name}.expected`);
    const transcript = await runInPage(page, input);
    expect(Buffer.from(transcript, 'utf8').equals(expected), `${name}:\n--- page\n${transcript.slice(0, 4000)}\n--- expected\n${expected.toString('utf8').slice(0, 4000)}`).toBe(true);
    const shown = await page.locator('#scenario-transcript').textContent();
    expect(shown === transcript).toBe(true);
  });
}

test('the file input runs a chosen scenario (BOM, CRLF and all) on a fresh bank', async ({ page }) => {
  await openPage(page);
  for (const name of ['oddities', 'lines']) {
    if (!names.includes(name)) continue;
    await page.getByLabel('Scenario file (.jsonl)').setInputFiles(`${conformance}${name}.jsonl`);
    await expect(page.locator('#scenario-message')).toContainText(`Ran ${name}.jsonl`);
    const shown = await page.locator('#scenario-transcript').textContent();
    expect(Buffer.from(shown, 'utf8').equals(readFileSync(`${conformance}${name}.expected`))).toBe(true);
  }
  // The user's bank is untouched.
  await expect(page.locator('#accounts-table tbody tr')).toHaveCount(0);
});

test('the tutorial file runs through the scenario runner too', async ({ page }) => {
  await openPage(page);
  const transcript = await runInPage(page, readFileSync(fileURLToPath(new URL('../examples/tutorial.jsonl', import.meta.url))));
  const lines = transcript.split('\n');
  expect(lines).toHaveLength(14);
  expect(lines[8]).toBe('{"op":"balance","ok":true,"id":101,"balance":"1250.00","currency":"USD"}');
  expect(lines[9]).toBe('{"op":"balance","ok":true,"id":102,"balance":"750.00","currency":"USD"}');
  expect(lines[10]).toBe('{"op":"balance","ok":true,"id":103,"balance":"500.00","currency":"USD"}');
});
