import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateScenario } from '../tests/parity/generate.mjs';
import { openPage, runInPage } from './helpers.js';

const bankCli = fileURLToPath(new URL('../build/native/core/bank-cli', import.meta.url));

test('a generated scenario gives the same transcript in the browser as natively', async ({ page }) => {
  const seed = 2024;
  const file = join(mkdtempSync(join(tmpdir(), 'wasm-bank-e2e-')), `random-${seed}.jsonl`);
  const scenario = generateScenario(seed, 3000);
  writeFileSync(file, scenario);
  const native = execFileSync(bankCli, ['run', file], { maxBuffer: 1 << 28 });
  expect(native.toString().split('\n').length).toBeGreaterThan(2900);  // blank lines print nothing

  await openPage(page);
  const transcript = Buffer.from(await runInPage(page, Buffer.from(scenario)), 'utf8');
  if (!transcript.equals(native)) {
    const a = transcript.toString().split('\n');
    const b = native.toString().split('\n');
    const i = a.findIndex((line, k) => line !== b[k]);
    throw new Error(`seed ${seed}: first difference at line ${i + 1}\n  page:   ${a[i]}\n  native: ${b[i]}`);
  }
});
