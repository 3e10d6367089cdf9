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
  // Every row of every group (--list names them), in the table at the end.
  const list = spawnSync(process.execPath, [join(ROOT, 'scripts/bench.mjs'), '--list'], { encoding: 'utf8' });
  const rows = list.stdout.trim().split('\n').flatMap((l) => l.slice(l.indexOf(': ') + 2).split('; '));
  assert.ok(rows.length >= 30, list.stdout);
  const table = r.stdout.slice(r.stdout.indexOf('== the table'));
  for (const row of rows) assert.ok(table.includes(row), row);
  assert.doesNotMatch(r.stdout, /NaN|Infinity/);
  // Each group says what it measures before its rows.
  assert.match(r.stdout, /== journal: measuring import and verify/);
});

test('--only runs the groups a row name picks, and refuses a name that picks none', () => {
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts/bench.mjs'), '--smoke', '--only', 'gzip'],
    { encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /== start: measuring/);
  assert.doesNotMatch(r.stdout, /== calls:/);
  const none = spawnSync(process.execPath, [join(ROOT, 'scripts/bench.mjs'), '--only', 'no such row'], { encoding: 'utf8' });
  assert.equal(none.status, 2);
  assert.match(none.stderr, /no group or row matches/);
});
