// node --test tests/js/bench_smoke.test.js — `npm run bench` in its smoke
// mode (tiny sizes, one round): it must run and print every row, so the
// bench cannot rot. Its figures are not checked: speed goals live in the
// bench, never in tests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../support/dist.mjs';

test('npm run bench --smoke runs and prints the whole table', () => {
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts/bench.mjs'), '--smoke'],
    { encoding: 'utf8', timeout: 120_000 });
  assert.equal(r.status, 0, r.stderr);
  for (const row of ['native core, Bank::Transfer', 'native Bank::TransferMany', 'wasm transferMany', 'plain JS, codes only', 'wasm transfer() per call',
    'plain JS transfer, same result', 'wasm deposit() per call', 'wasm withdraw() per call',
    'wasm execute(JSON line)', 'journal import', 'journal verify', 'open without a checkpoint',
    'open from a checkpoint', 'one durable deposit at a time', 'group commit', 'IndexedDB store in Chromium',
    'wasm32 heap']) {
    assert.match(r.stdout, new RegExp(row.replace(/[()]/g, '\\$&')), row);
  }
  assert.doesNotMatch(r.stdout, /NaN|Infinity/);
});
