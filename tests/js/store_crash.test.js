// node --test tests/js/store_crash.test.js — no acknowledged op is lost in a
// crash (docs/store-format.md). `bank-cli run - --store S` reads deposits from
// a pipe and prints a transcript line for each once it is durable; it is
// killed with SIGKILL at a random moment, 20 times in a row on the same store.
// After each kill the store opens, verifies, and holds every acknowledged
// entry: its line (the memo names the deposit) and the balance they add up to.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../support/dist.mjs';

const BANK_CLI = process.env.BANK_CLI ?? join(ROOT, 'build/native/core/bank-cli');
const KILLS = 20;

// Runs bank-cli on the store, feeding `lines`, and kills it after `ms`.
// Resolves with the transcript lines it printed (the acknowledged ones).
function runAndKill(store, lines, ms) {
  return new Promise((resolve) => {
    const child = spawn(BANK_CLI, ['run', '-', '--store', store], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stdin.on('error', () => {});  // the pipe breaks when it dies
    child.on('exit', () => resolve(out.split('\n').filter((l) => l.endsWith('}'))));
    let i = 0;
    const feed = () => {  // a few lines at a time, as a client would
      if (i >= lines.length || child.exitCode !== null) return;
      child.stdin.write(lines.slice(i, i + 25).join(''), feed);
      i += 25;
    };
    feed();
    setTimeout(() => child.kill('SIGKILL'), ms);
  });
}

function exportStore(store) {
  const r = spawnSync(BANK_CLI, ['export', '--from-store', store], { encoding: 'utf8', maxBuffer: 1 << 28 });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

test('bank-cli --store keeps every acknowledged entry through 20 SIGKILLs', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'wasm-bank-crash-'));
  const store = join(dir, 'bank.journal');
  try {
    const opened = spawnSync(BANK_CLI, ['run', '-', '--store', store], {
      input: '{"op":"open","id":1,"name":"Saver"}\n', encoding: 'utf8' });
    assert.match(opened.stdout, /"ok":true/);
    let acknowledged = [];  // { entry, memo }
    let expectedMinimum = 0n;
    for (let round = 0; round < KILLS; round += 1) {
      const lines = Array.from({ length: 4000 },
        (_, i) => `{"op":"deposit","id":1,"amount":"0.01","memo":"r${round}-${i}"}\n`);
      // Opening replays the store first (tens of ms as it grows): most kills
      // land while deposits flow, some while it opens or cuts a torn line.
      const printed = await runAndKill(store, lines, 30 + Math.floor(Math.random() * 300));
      printed.forEach((line, i) => {
        const reply = JSON.parse(line);
        assert.equal(reply.ok, true, line);
        acknowledged.push({ entry: reply.entry, memo: `r${round}-${i}` });
        expectedMinimum += 1n;
      });

      const text = exportStore(store);
      const entries = text.split('\n').slice(1, -2);  // without format and head lines
      for (const { entry, memo } of acknowledged) {
        assert.ok(entries[entry - 1]?.includes(`"memo":"${memo}"`),
          `round ${round}: acknowledged entry ${entry} (${memo}) is missing`);
      }
      const verify = spawnSync(BANK_CLI, ['run', '-', '--store', store], {
        input: '{"op":"verify"}\n{"op":"balance","id":1}\n', encoding: 'utf8' });
      assert.equal(verify.status, 0, verify.stderr);
      const [verified, balance] = verify.stdout.trim().split('\n').map((l) => JSON.parse(l));
      assert.equal(verified.ok, true);
      assert.equal(verified.entries, entries.length);
      // Each deposit adds 0.01: the balance counts every entry in the store,
      // and at least every acknowledged one.
      const cents = BigInt(balance.balance.replace('.', ''));
      assert.equal(cents, BigInt(entries.length - 1));
      assert.ok(cents >= expectedMinimum, `round ${round}: ${cents} < ${expectedMinimum}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
