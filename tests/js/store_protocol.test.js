// node --test tests/js/store_protocol.test.js — the store protocol
// (bindings/js/store.js) on real files, no mocks (docs/store-format.md,
// SPEC §5a):
// - isolation in one process: reads issued while a write is in flight never
//   include an op whose write then fails (a real EFBIG under `ulimit -f`),
//   and a failed group leaves no trace;
// - two writers: a second process is refused while the first holds the
//   store, and takes it over once the first was killed with SIGKILL;
// - takeover race: processes of both programs race for a dead owner's lock,
//   round after round; exactly one wins each round;
// - seedJournal says whether it seeded; deleteStore.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DIST_DIR, ROOT, distUrl } from '../support/dist.mjs';
import { openBank, BankError, createBank } from '../support/package.mjs';

const { deleteStore } = await import(distUrl('index.node.js').href);
const BANK_CLI = process.env.BANK_CLI ?? join(ROOT, 'build/native/core/bank-cli');
const NODE_CLI = join(DIST_DIR, 'cli.js');
const FIXTURES = join(ROOT, 'tests/js/fixtures');
const env = { ...process.env, WASMBANK_DIST: DIST_DIR };

const dir = mkdtempSync(join(tmpdir(), 'wasm-bank-protocol-'));
let n = 0;
const freshPath = () => join(dir, `bank-${n++}.journal`);

const exited = (child) => new Promise((resolve) => {
  if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
  else child.on('exit', (code) => resolve(code));
});

// Collects a child's output as it comes.
function watch(child) {
  const seen = { stdout: '', stderr: '' };
  child.stdout?.setEncoding('utf8').on('data', (d) => { seen.stdout += d; });
  child.stderr?.setEncoding('utf8').on('data', (d) => { seen.stderr += d; });
  return seen;
}

async function until(condition, what, ms = 30000) {
  for (const start = Date.now(); !condition();) {
    assert.ok(Date.now() - start < ms, `timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

// A process id that is certainly not running any more.
function deadPid() {
  const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(gone.stdout);
}

test('isolation: reads during a write that fails never see its op, and a failed group leaves no trace', async () => {
  const path = freshPath();
  const setup = await openBank(path);
  await setup.openAccount({ id: 1, name: 'Ann', balance: '5.00' });
  await setup.dispose();
  const before = readFileSync(path);
  // Room for a small record, not for a batch of 40 entries
  // (bash's ulimit -f counts 1,024-byte blocks).
  const blocks = Math.ceil((before.length + 700) / 1024);
  const child = spawnSync('bash', ['-c', `ulimit -f ${blocks}; exec "$0" "$1" "$2"`,
    process.execPath, join(FIXTURES, 'store_isolation.mjs'), path], { env, encoding: 'utf8' });
  assert.equal(child.status, 0, child.stderr);
  const out = JSON.parse(child.stdout);

  assert.deepEqual(out.failing, { error: 'RESOURCE_EXHAUSTED' });
  assert.deepEqual(out.reads, [{ value: '5.00' }, { value: '5.00' }, { value: '5.00' }, { value: 1 }],
    'no read saw the deposit that never became durable');
  // The group shared one write: when it failed, every call of it was undone
  // and rejected, also the withdrawal that only the first deposit paid for.
  assert.deepEqual(out.group, [{ error: 'RESOURCE_EXHAUSTED' }, { error: 'RESOURCE_EXHAUSTED' }, { error: 'RESOURCE_EXHAUSTED' }]);
  assert.equal(out.after, '5.00');
  assert.equal(out.entries, 1);
  assert.deepEqual(out.small, { value: '5.25' }, 'the bank keeps working');
  assert.equal(out.final, '5.25');

  // The store holds exactly the acknowledged ops: what it had, and the small
  // deposit's record after it.
  const after = readFileSync(path);
  assert.deepEqual(after.subarray(0, before.length), before);
  const bank = await openBank(path);
  assert.equal(await bank.balance(1), '5.25');
  assert.equal((await bank.verify()).entries, 2);
  await bank.dispose();
});

test('isolation in one process without a failure: a read queued behind writes sees them all, durable', async () => {
  const path = freshPath();
  const bank = await openBank(path);
  try {
    await bank.openAccount({ id: 1, name: 'Ann' });
    const deposits = Array.from({ length: 20 }, () => bank.deposit(1, 1n));
    const seen = bank.balance(1);
    const lines = () => readFileSync(path, 'utf8').split('\n').filter((l) => l.startsWith('{"entry"')).length;
    assert.equal(await seen, '0.20');
    assert.equal(lines(), 21, 'what the read saw was in the file when it resolved');
    await Promise.all(deposits);
  } finally {
    await bank.dispose();
  }
});

test('two writers: the second is refused while the first holds the store, and takes over after SIGKILL', async () => {
  const path = freshPath();
  const first = spawn(process.execPath, [join(FIXTURES, 'store_holder.mjs'), path], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  const seen = watch(first);
  await until(() => seen.stdout.includes('held 1.00'), 'the first writer');

  const refused = spawnSync(process.execPath, [join(FIXTURES, 'store_holder.mjs'), path], { env, encoding: 'utf8', input: '' });
  assert.equal(refused.status, 2);
  assert.match(refused.stderr, new RegExp(`INVALID_ARGUMENT: .*in use by process ${first.pid} \\(lock file`));
  const native = spawnSync(BANK_CLI, ['run', '-', '--store', path], { encoding: 'utf8', input: '{"op":"verify"}\n' });
  assert.equal(native.status, 2);
  assert.match(native.stderr, new RegExp(`in use by process ${first.pid}`));

  first.kill('SIGKILL');
  await exited(first);
  assert.ok(existsSync(`${path}.lock`), 'the dead writer left its lock');
  const second = spawnSync(process.execPath, [join(FIXTURES, 'store_holder.mjs'), path], { env, encoding: 'utf8', input: '' });
  assert.equal(second.status, 0, second.stderr);
  assert.equal(second.stdout, 'held 2.00\n', 'the first writer\'s acknowledged deposit is there');
  assert.ok(!existsSync(`${path}.lock`), 'released when it closed');
});

test('takeover race: of many processes that find the owner dead, exactly one wins, every round', async () => {
  const path = freshPath();
  // The first round's owner: a process that is gone.
  writeFileSync(`${path}.lock`, `${deadPid()} 0123456789abcdef\n`);
  const ROUNDS = 5;
  const RACERS = 10;
  for (let round = 0; round < ROUNDS; round += 1) {
    const racers = Array.from({ length: RACERS }, (_, i) => {
      // Both programs: wasm-bank (the Node bindings) and bank-cli.
      const child = i % 2 === 0
        ? spawn(process.execPath, [NODE_CLI, 'run', '-', '--store', path], { env, stdio: ['pipe', 'pipe', 'pipe'] })
        : spawn(BANK_CLI, ['run', '-', '--store', path], { stdio: ['pipe', 'pipe', 'pipe'] });
      child.stdin.on('error', () => {});
      return { child, seen: watch(child), code: null };
    });
    for (const r of racers) exited(r.child).then((code) => { r.code = code; });
    // Losers exit 2 saying the store is in use; the winner holds it (it is
    // reading standard input) and is named by the lock file.
    await until(() => racers.filter((r) => r.code !== null).length >= RACERS - 1, `round ${round}: all but one to give up`);
    await new Promise((r) => setTimeout(r, 300));  // a second winner would still be running too
    const running = racers.filter((r) => r.code === null);
    assert.equal(running.length, 1, `round ${round}: ${running.length} winners`);
    const [winner] = running;
    for (const r of racers) {
      if (r === winner) continue;
      assert.equal(r.code, 2, `round ${round}: a loser: ${r.seen.stderr}`);
      assert.match(r.seen.stderr, /in use by process \d+/);
    }
    assert.equal(readFileSync(`${path}.lock`, 'latin1').split(' ')[0], String(winner.child.pid));
    // The winner dies holding it: the next round's dead owner.
    winner.child.kill('SIGKILL');
    await exited(winner.child);
  }
  // Whoever comes next takes the store over and finds it whole.
  const last = spawnSync(BANK_CLI, ['run', '-', '--store', path], { encoding: 'utf8', input: '{"op":"verify"}\n' });
  assert.equal(last.status, 0, last.stderr);
  assert.match(last.stdout, /"ok":true/);
});

test('seedJournal: the bank says whether it seeded', async () => {
  const plain = await createBank();
  plain.openAccount({ id: 4, name: 'Dee', balance: '9.00' });
  const journal = plain.exportJournal();
  plain.dispose();

  const path = freshPath();
  const seeded = await openBank(path, { seedJournal: journal });
  assert.equal(seeded.seeded, true);
  assert.equal(await seeded.balance(4), '9.00');
  await seeded.deposit(4, '1.00');
  await seeded.dispose();

  const again = await openBank(path, { seedJournal: journal });
  assert.equal(again.seeded, false, 'a store with entries is opened as it is');
  assert.equal(await again.balance(4), '10.00');
  await again.dispose();

  const none = await openBank(path);
  assert.equal(none.seeded, false);
  await none.dispose();

  // A journal that does not verify seeds nothing and is CORRUPT_JOURNAL.
  const empty = freshPath();
  await assert.rejects(openBank(empty, { seedJournal: journal.replace('9.00', '8.00') }),
    (e) => e instanceof BankError && e.code === 'CORRUPT_JOURNAL');
  const stillEmpty = await openBank(empty);
  assert.equal((await stillEmpty.verify()).entries, 0);
  await stillEmpty.dispose();
});

test('deleteStore: removes the file, its checkpoint and lock; refused while a process holds it', async () => {
  const path = freshPath();
  const bank = await openBank(path, { checkpointEvery: 2 });
  await bank.openAccount({ id: 1, name: 'Ann' });
  for (let i = 0; i < 4; i += 1) await bank.deposit(1, 1n);
  assert.ok(existsSync(`${path}.checkpoint`));
  await assert.rejects(deleteStore(path), (e) => e instanceof BankError && e.code === 'INVALID_ARGUMENT'
    && e.message.includes(`in use by process ${process.pid}`));
  assert.ok(statSync(path).size > 0, 'a store in use is left alone');
  await bank.dispose();

  await deleteStore(path);
  for (const file of [path, `${path}.checkpoint`, `${path}.lock`]) assert.ok(!existsSync(file), file);
  await deleteStore(path);  // nothing there: nothing to do
  const fresh = await openBank(path);
  assert.equal((await fresh.verify()).entries, 0);
  await fresh.dispose();

  // Held by another process: refused; once that process is dead, removed.
  const holder = spawn(process.execPath, [join(FIXTURES, 'store_holder.mjs'), path], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  const seen = watch(holder);
  await until(() => seen.stdout.includes('held'), 'the holder');
  await assert.rejects(deleteStore(path), (e) => e.code === 'INVALID_ARGUMENT' && e.message.includes(`in use by process ${holder.pid}`));
  holder.kill('SIGKILL');
  await exited(holder);
  await deleteStore(path);
  assert.ok(!existsSync(path) && !existsSync(`${path}.lock`));

  for (const bad of ['', 42, null, {}, { indexedDB: '' }]) {
    await assert.rejects(deleteStore(bad), (e) => e instanceof BankError && e.code === 'INVALID_ARGUMENT', String(bad));
  }
});

test('an old store (written before sealing) is sealed when opened, before any record can follow and be torn', async () => {
  const path = freshPath();
  const first = await openBank(path);
  await first.openAccount({ id: 1, name: 'Ann', balance: '5.00' });
  await first.deposit(1, '1.00');
  const exported = await first.exportJournal();
  await first.dispose();
  // The same entries as an old store wrote them: no opening seal, no seals.
  const [format, ...rest] = exported.trimEnd().split('\n');
  const entries = rest.filter((l) => !l.startsWith('{"head"'));
  const legacy = [format, ...entries, ''].join('\n');
  const head = rest.at(-1);
  writeFileSync(path, legacy);
  const old = await openBank(path);
  assert.equal(readFileSync(path, 'utf8'), `${legacy}${head}\n`, 'sealed at once by the head line');
  const next = await old.deposit(1, '2.00');
  await old.dispose();
  // A record torn after its entry line (no seal line) is dropped as torn,
  // not kept as an old store's line.
  const record = readFileSync(path, 'utf8').slice(`${legacy}${head}\n`.length);
  writeFileSync(path, `${legacy}${head}\n${record.split('\n')[0]}\n`);
  const notes = [];
  const again = await openBank(path, { onLog: (l) => notes.push(l) });
  try {
    assert.equal(await again.balance(1), '6.00', `entry ${next.entry} was never acknowledged here`);
    assert.ok(notes.some((l) => /1 whole entry line\(s\) of a record without its seal line/.test(l)), notes.join('\n'));
    assert.equal(readFileSync(path, 'utf8'), `${legacy}${head}\n`);
  } finally {
    await again.dispose();
  }
});
