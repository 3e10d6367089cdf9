// node --test tests/js/store_crash.test.js — no acknowledged op is lost in a
// crash (docs/store-format.md). A writer prints each deposit's result once it
// is durable and is killed with SIGKILL at a random moment, 20 times in a row
// on the same store: a Node process banking through openBank (the fixture
// store_writer.mjs), and `bank-cli run - --store S` reading deposits from a
// pipe. After each kill the store opens, verifies, and holds every
// acknowledged entry: its line (the memo names the deposit) and the balance
// they add up to.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DIST_DIR, ROOT } from '../support/dist.mjs';

const BANK_CLI = process.env.BANK_CLI ?? join(ROOT, 'build/native/core/bank-cli');
const KILLS = 20;

// The writers: each starts a process that deposits 0.01 into account 1 with
// memos r<round>-0, r<round>-1, ... and prints each result once durable.
const WRITERS = {
  'openBank (Node)': (store, round) => spawn(process.execPath,
    [join(ROOT, 'tests/js/fixtures/store_writer.mjs'), store, String(round)],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, WASMBANK_DIST: DIST_DIR } }),
  'bank-cli --store': (store, round) => {
    const child = spawn(BANK_CLI, ['run', '-', '--store', store], { stdio: ['pipe', 'pipe', 'pipe'] });
    child.stdin.on('error', () => {});  // the pipe breaks when it dies
    let i = 0;
    const feed = () => {  // a few lines at a time, as a client would
      if (i >= 4000 || child.exitCode !== null) return;
      const lines = Array.from({ length: 25 },
        (_, k) => `{"op":"deposit","id":1,"amount":"0.01","memo":"r${round}-${i + k}"}\n`);
      i += 25;
      child.stdin.write(lines.join(''), feed);
    };
    feed();
    return child;
  },
};

// Starts a writer and kills it `ms` after it started or, with
// `afterFirstAck`, `ms` after it printed its first result (so that a machine
// slow to start Node still has kills land while deposits flow); resolves with
// the results it printed (the acknowledged deposits).
function runAndKill(start, store, round, ms, afterFirstAck) {
  return new Promise((resolve) => {
    const child = start(store, round);
    let out = '';
    let timer = null;
    const kill = () => { timer = setTimeout(() => child.kill('SIGKILL'), ms); };
    child.stdout.on('data', (d) => {
      out += d;
      if (afterFirstAck && timer === null && out.includes('}')) kill();
    });
    child.on('exit', () => {
      clearTimeout(timer);
      resolve(out.split('\n').filter((l) => l.endsWith('}')));
    });
    if (!afterFirstAck) kill();
  });
}

function exportStore(store) {
  const r = spawnSync(BANK_CLI, ['export', '--from-store', store], { encoding: 'utf8', maxBuffer: 1 << 28 });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

for (const [writer, start] of Object.entries(WRITERS)) {
  test(`${writer} keeps every acknowledged entry through ${KILLS} SIGKILLs`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wasm-bank-crash-'));
    const store = join(dir, 'bank.journal');
    try {
      const opened = spawnSync(BANK_CLI, ['run', '-', '--store', store], {
        input: '{"op":"open","id":1,"name":"Saver"}\n', encoding: 'utf8' });
      assert.match(opened.stdout, /"ok":true/);
      const acknowledged = [];  // { entry, memo }
      let acknowledgedCount = 0n;
      for (let round = 0; round < KILLS; round += 1) {
        // Opening replays the store first (tens of ms as it grows): odd rounds
        // kill at a moment counted from the start, which may land while it
        // opens or cuts a torn line; even rounds count from its first
        // acknowledgement, so deposits are flowing however slow the start.
        const printed = await runAndKill(start, store, round, 60 + Math.floor(Math.random() * 300), round % 2 === 0);
        printed.forEach((line, i) => {
          const reply = JSON.parse(line);
          assert.equal(reply.ok, true, line);
          acknowledged.push({ entry: reply.entry, memo: `r${round}-${i}` });
          acknowledgedCount += 1n;
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
        assert.ok(cents >= acknowledgedCount, `round ${round}: ${cents} < ${acknowledgedCount}`);
      }
      assert.ok(acknowledgedCount > 0n, 'no writer got to acknowledge anything');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
