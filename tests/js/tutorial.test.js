// node --test tests/js/tutorial.test.js — the one JS tutorial driver
// (dist/tutorial.js, used by the page and `wasm-bank demo`): its lines are
// examples/tutorial.jsonl, its transcript the expected one, and every line it
// says about an account names that account's owner.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createBank } from '../support/package.mjs';
import { ROOT, distUrl } from '../support/dist.mjs';

const { TUTORIAL, runTutorial } = await import(distUrl('tutorial.js').href);

test('the driver runs exactly examples/tutorial.jsonl and gives its expected transcript', async () => {
  const file = readFileSync(join(ROOT, 'examples', 'tutorial.jsonl'), 'utf8');
  assert.deepEqual([...TUTORIAL], file.trimEnd().split('\n'));
  const bank = await createBank();
  const said = [];
  const transcript = runTutorial(bank, (text) => said.push(text));
  assert.equal(transcript, readFileSync(join(ROOT, 'tests', 'scenarios', 'tutorial.expected'), 'utf8'));
  const owners = { 101: 'Alice', 102: 'Bob', 103: 'Charlie' };
  for (const line of said) {
    for (const [id, name] of Object.entries(owners)) {
      if (new RegExp(`account ${id}`).test(line)) assert.ok(line.includes(name), line);
    }
  }
  assert.ok(said.includes("depositing 250.00 into Alice's account 101"));
  assert.ok(said.includes("Alice's balance is 1250.00 USD"));
  bank.dispose();
});

test('any lines: a refused line is said, results reach onResult', async () => {
  const bank = await createBank();
  const said = [];
  const results = [];
  runTutorial(bank, (t) => said.push(t), {
    lines: ['{"op":"deposit","id":9,"amount":"1.00"}', '', 'nonsense'],
    onResult: (op, r) => results.push([op?.op ?? null, r.ok]),
  });
  assert.deepEqual(results, [['deposit', false], [null, false]]);
  assert.ok(said.some((t) => t.includes('refused') && t.includes('ACCOUNT_NOT_FOUND')));
  bank.dispose();
});
