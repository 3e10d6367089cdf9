// Stores from both command lines (docs/store-format.md, docs/cli.md):
// `bank-cli run --store` and `wasm-bank run --store` write the same file
// for the same scenario, `export --from-store` on either reads either's,
// one process at a time holds a store, and a damaged store is refused by
// both with the file left as it was.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DIST_DIR, ROOT } from '../support/dist.mjs';

const CLIS = {
  native: [process.env.BANK_CLI ?? join(ROOT, 'build/native/core/bank-cli')],
  node: [process.execPath, join(DIST_DIR, 'cli.js')],
};
const work = mkdtempSync(join(tmpdir(), 'wasm-bank-store-'));
let fresh = 0;
const path = (name) => join(work, `${fresh++}-${name}`);

function cli(runner, args, input) {
  const [command, ...pre] = CLIS[runner];
  return spawnSync(command, [...pre, ...args], { input, encoding: 'utf8', maxBuffer: 1 << 26 });
}

const scenarios = [
  join(ROOT, 'examples/tutorial.jsonl'),
  ...readdirSync(join(ROOT, 'tests/conformance')).filter((f) => f.endsWith('.jsonl'))
    .map((f) => join(ROOT, 'tests/conformance', f)),
];

test('both CLIs write the same store, and each exports the other\'s', () => {
  for (const scenario of scenarios) {
    const stores = {};
    const transcripts = {};
    for (const runner of ['native', 'node']) {
      stores[runner] = path('bank.journal');
      const journal = path('export.journal');
      const r = cli(runner, ['run', scenario, '--store', stores[runner], '--journal', journal]);
      assert.equal(r.status, 0, `${runner} ${scenario}: ${r.stderr}`);
      transcripts[runner] = r.stdout;
      const exported = readFileSync(journal, 'utf8');
      // The store is the export's lines, each record sealed by the head line
      // at its end (docs/store-format.md): without its seal lines it is the
      // export without its head line, and its last line is that head line.
      const stored = readFileSync(stores[runner], 'utf8');
      const head = exported.slice(exported.lastIndexOf('{"head"'));
      assert.equal(stored.split('\n').filter((l) => !l.startsWith('{"head"')).join('\n'), exported.slice(0, -head.length));
      if (stored.includes('{"entry"')) assert.ok(stored.endsWith(head), `${runner}'s store ends sealed by the export's head`);
      for (const reader of ['native', 'node']) {
        const e = cli(reader, ['export', '--from-store', stores[runner]]);
        assert.equal(e.status, 0, e.stderr);
        assert.equal(e.stdout, exported, `${reader} reading ${runner}'s store of ${scenario}`);
      }
    }
    assert.equal(readFileSync(stores.node, 'utf8'), readFileSync(stores.native, 'utf8'), scenario);
    assert.equal(transcripts.node, transcripts.native, scenario);
  }
});

test('a store reopened by the other CLI carries on where it was', () => {
  const store = path('bank.journal');
  assert.equal(cli('native', ['run', '-', '--store', store], '{"op":"open","id":1,"name":"A","balance":"5.00"}\n').status, 0);
  const r = cli('node', ['run', '-', '--store', store], '{"op":"withdraw","id":1,"amount":"1.00"}\n{"op":"verify"}\n');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /"entry":2,"id":1,"balance":"4.00"/);
  const back = cli('native', ['run', '-', '--store', store], '{"op":"balance","id":1}\n');
  assert.match(back.stdout, /"balance":"4.00"/);
});

for (const [holder, other] of [['native', 'node'], ['node', 'native']]) {
  test(`a store held by ${holder} is refused by ${other} until it exits`, async () => {
    const store = path('bank.journal');
    const [command, ...pre] = CLIS[holder];
    const child = spawn(command, [...pre, 'run', '-', '--store', store], { stdio: ['pipe', 'pipe', 'pipe'] });
    child.stdin.write('{"op":"open","id":1,"name":"A"}\n');
    // Held once its lock file names it (wasm-bank reads all of standard
    // input before it runs a line; bank-cli runs each line as it comes).
    const owner = () => { try { return readFileSync(`${store}.lock`, 'utf8'); } catch { return ''; } };
    // (The lock file holds "<pid> <token>\n": docs/store-format.md.)
    for (let i = 0; owner().split(/[ \n]/)[0] !== String(child.pid); i += 1) {
      assert.ok(i < 500, 'the holder never took the lock');
      await new Promise((r) => setTimeout(r, 20));
    }
    const refused = cli(other, ['run', '-', '--store', store], '{"op":"verify"}\n');
    assert.equal(refused.status, 2);
    assert.match(refused.stderr, new RegExp(`in use by process ${child.pid}`));
    assert.equal(refused.stdout, '');
    child.stdin.end();
    await new Promise((r) => child.on('exit', r));
    const opened = cli(other, ['run', '-', '--store', store], '{"op":"verify"}\n');
    assert.equal(opened.status, 0, opened.stderr);
    assert.match(opened.stdout, /"entries":1/);
  });
}

test('a damaged store is refused by both CLIs and left as it was', () => {
  const store = path('bank.journal');
  assert.equal(cli('native', ['run', join(ROOT, 'examples/tutorial.jsonl'), '--store', store]).status, 0);
  const lines = readFileSync(store, 'utf8').split('\n');
  [lines[1], lines[3]] = [lines[3], lines[1]];  // entries 1 and 2 swapped (a seal line follows each)
  const damaged = lines.join('\n');
  writeFileSync(store, damaged);
  for (const runner of ['native', 'node']) {
    for (const args of [['run', '-', '--store', store], ['export', '--from-store', store]]) {
      const r = cli(runner, args, '{"op":"verify"}\n');
      assert.equal(r.status, 2, `${runner} ${args[0]}`);
      assert.match(r.stderr, /corrupt at line 2/);
      assert.equal(r.stdout, '');
      assert.equal(readFileSync(store, 'utf8'), damaged);
    }
  }
});

test('--from and --store together, and export without a store, are usage errors on both', () => {
  for (const runner of ['native', 'node']) {
    const both = cli(runner, ['run', '-', '--from', 'a', '--store', 'b'], '');
    assert.equal(both.status, 2);
    assert.match(both.stderr, /--from and --store cannot be used together/);
    const bare = cli(runner, ['export']);
    assert.equal(bare.status, 2);
    assert.match(bare.stderr, /export takes --from-store FILE/);
  }
});
