// node --test tests/js/pg_store.test.js — the PostgreSQL store (SPEC §5a,
// docs/postgres.md) on a real server: a throwaway cluster of its own
// (tests/support/postgres.mjs: initdb in a temp folder, 127.0.0.1 on a free
// port, stopped and removed at the end), never a system service or a mock.
//   (a) four processes write to one bank at once with keys; one is killed
//       with SIGKILL and started again; the server restarts with
//       `pg_ctl restart -m immediate` mid-run: every acknowledged op is in
//       the journal exactly once, no call said "nothing applied" for an op
//       that landed, money is conserved, verify passes, all heads agree;
//   (b) a process sees another's acknowledged op on its next read;
//   (c) export from PostgreSQL, import into a file store and bank-cli: the
//       same head; wasm-bank run/export --store postgresql://…#bank;
//   (d) the server down: STORE_UNAVAILABLE at once, the bank works again
//       without reopening; a missing database, a role without rights;
//   (e) an edited, missing or unsealed row: CORRUPT_JOURNAL, rows untouched;
//   (f) a hold placed in one process and captured in another;
//   (g) a connection that breaks during COMMIT (a proxy cuts it): resolved
//       once, by the writer token, both when the COMMIT landed and when not.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { DIST_DIR, ROOT, distUrl } from '../support/dist.mjs';
import { openBank, createBank, BankError } from '../support/package.mjs';
import { startPostgres } from '../support/postgres.mjs';

const { deleteStore } = await import(distUrl('index.node.js').href);
const BANK_CLI = process.env.BANK_CLI ?? join(ROOT, 'build/native/core/bank-cli');
const NODE_CLI = join(DIST_DIR, 'cli.js');
const WRITER = join(ROOT, 'tests/js/fixtures/pg_writer.mjs');
const env = { ...process.env, WASMBANK_DIST: DIST_DIR };

let pg;
let url;
const dir = mkdtempSync(join(tmpdir(), 'wasm-bank-pg-test-'));

before(async () => {
  pg = await startPostgres();
  url = await pg.createDatabase('bank');
});
const children = new Set();
after(async () => {
  for (const c of children) c.kill('SIGKILL');
  await pg?.stop();
  rmSync(dir, { recursive: true, force: true });
});

// A child process running the fixture, its JSON lines as they come.
function child(args) {
  const proc = spawn(process.execPath, [WRITER, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  children.add(proc);
  const lines = [];
  const waiters = [];
  let stderr = '';
  proc.stderr.setEncoding('utf8').on('data', (d) => { stderr += d; });
  createInterface({ input: proc.stdout }).on('line', (line) => {
    const value = JSON.parse(line);
    lines.push(value);
    for (const w of [...waiters]) {
      if (w.test(value)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(value);
      }
    }
  });
  let gone = null;
  const exited = new Promise((resolve) => {
    proc.on('exit', (code, signal) => {
      children.delete(proc);
      gone = { code, signal };
      for (const w of waiters.splice(0)) w.reject(new Error(`the process exited (${code ?? signal}) before ${w.what}; stderr: ${stderr}`));
      resolve(gone);
    });
  });
  const next = (testFn, what, ms = 60000) => {
    const found = lines.find(testFn);
    if (found) return Promise.resolve(found);
    if (gone !== null) return Promise.reject(new Error(`the process exited (${gone.code ?? gone.signal}) before ${what}; stderr: ${stderr}`));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}; stderr: ${stderr}`)), ms);
      waiters.push({
        test: testFn,
        what,
        resolve: (v) => { clearTimeout(timer); resolve(v); },
        reject: (e) => { clearTimeout(timer); reject(e); },
      });
    });
  };
  let calls = 0;
  return {
    proc,
    lines,
    exited,
    next,
    get stderr() { return stderr; },
    send(line) { proc.stdin.write(`${line}\n`); },
    async call(method, ...args) {
      const id = ++calls;
      proc.stdin.write(`${JSON.stringify({ id, method, args })}\n`);
      const reply = await next((v) => v.id === id, `${method} reply`);
      if (reply.error) throw new BankError(reply.error, reply.message);
      return reply.value;
    },
    async head() {
      lines.splice(0, lines.length, ...lines.filter((v) => v.head === undefined));
      proc.stdin.write('head\n');
      return next((v) => v.head !== undefined, 'head');
    },
    async exit() {
      proc.stdin.write('exit\n');
      return exited;
    },
  };
}

const exportKeys = (text) => text.split('\n').filter((l) => l.startsWith('{"entry"')).map((l) => JSON.parse(l).key).filter(Boolean);
const headOf = (text) => JSON.parse(text.trim().split('\n').at(-1)).head;

async function until(condition, what, ms = 60000) {
  for (const start = Date.now(); !condition();) {
    assert.ok(Date.now() - start < ms, `timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function openTen(bankName) {
  const bank = await openBank({ postgres: url, bank: bankName });
  for (let id = 1; id <= 10; id += 1) await bank.openAccount({ id, name: `Account ${id}`, balance: '1000000.00' });
  return bank;
}

test('(a) four processes, one SIGKILLed and restarted, the server restarted -m immediate: every acknowledged op exactly once, money conserved, one head', async (t) => {
  const bankName = 'four';
  const setup = await openTen(bankName);
  const total = (await setup.accounts()).reduce((sum, a) => sum + BigInt(a.balance.replace('.', '')), 0n);
  await setup.dispose();

  const PER = 1500;
  const writers = ['w1', 'w2', 'w3', 'w4'].map((name) => ({ name, proc: child(['write', url, bankName, name, String(PER)]) }));
  const acked = (w) => w.proc.lines.filter((v) => v.ok).length;
  // Kill w2 once it has some acknowledged ops, then start it again under a new name.
  await until(() => acked(writers[1]) >= 40, 'w2 to acknowledge 40 ops');
  writers[1].proc.proc.kill('SIGKILL');
  assert.equal((await writers[1].proc.exited).signal, 'SIGKILL');
  writers.push({ name: 'w2b', proc: child(['write', url, bankName, 'w2b', String(PER)]) });
  // Restart the server hard while the others write.
  await until(() => writers.reduce((n, w) => n + acked(w), 0) >= 300, '300 acknowledged ops');
  await pg.restart({ mode: 'immediate' });
  const running = writers.filter((w) => w.name !== 'w2');
  await Promise.all(running.map((w) => w.proc.next((v) => v.done, `${w.name} done`, 120000)));

  // What every process was told, the killed one's too (its lines up to the kill).
  const attempts = writers.flatMap((w) => w.proc.lines.filter((v) => v.key !== undefined));
  const ackedKeys = attempts.filter((v) => v.ok).map((v) => v.key);
  const failures = attempts.filter((v) => v.error !== undefined);
  assert.ok(failures.every((v) => v.error === 'STORE_UNAVAILABLE'), JSON.stringify(failures.filter((v) => v.error !== 'STORE_UNAVAILABLE')));
  assert.ok(failures.length > 0, 'the restart made some calls fail');
  t.diagnostic(`${ackedKeys.length} acknowledged, ${failures.length} failed (${failures.filter((v) => v.unknown).length} with the outcome unknown) and were tried again`);
  // A call that said "nothing was applied" was tried again with its key:
  // had it landed after all, the retry would have been a replay.
  for (const w of writers) {
    const seen = w.proc.lines.filter((v) => v.key !== undefined);
    seen.forEach((v, i) => {
      if (v.error === undefined || v.unknown) return;
      const retry = seen.slice(i + 1).find((r) => r.key === v.key);
      if (retry?.ok) assert.equal(retry.replayed, false, `${v.key} was reported failed ('${v.message}') but had landed`);
    });
  }

  // The journal from a fresh process: every acknowledged key exactly once,
  // no key twice, money conserved, verify passes.
  const fresh = await openBank({ postgres: url, bank: bankName });
  const text = await fresh.exportJournal();
  const keys = exportKeys(text);
  const counts = new Map();
  for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
  for (const k of ackedKeys) assert.equal(counts.get(k), 1, `acknowledged ${k} is in the journal ${counts.get(k) ?? 0} times`);
  assert.ok([...counts.values()].every((c) => c === 1), 'no key twice');
  for (const w of running) for (let i = 0; i < PER; i += 1) assert.ok(counts.has(`${w.name}-${i}`), `${w.name}-${i}`);
  const sum = (await fresh.accounts()).reduce((s, a) => s + BigInt(a.balance.replace('.', '')), 0n);
  assert.equal(sum, total, 'money is conserved');
  const verified = await fresh.verify();
  assert.equal(verified.entries, 10 + keys.length);
  assert.equal(verified.head, headOf(text));
  // Every process that is still running converges on the same head.
  for (const w of running) {
    const { head, entries } = await w.proc.head();
    assert.equal(head, verified.head, w.name);
    assert.equal(entries, verified.entries, w.name);
  }
  await Promise.all(running.map((w) => w.proc.exit()));
  await fresh.dispose();
});

test('(b) a process sees another\'s acknowledged op on its next read', async () => {
  const bank = await openTen('visible');
  const other = child(['serve', url, 'visible']);
  try {
    await other.next((v) => v.ready, 'ready');
    for (let i = 1; i <= 20; i += 1) {
      const { balance } = await bank.deposit(1, BigInt(i), { key: `vis-${i}` });
      assert.equal(await other.call('balance', 1), balance, `deposit ${i}`);
      // And the other way round.
      const r = await other.call('withdraw', 2, String(i), { key: `vis-w-${i}` });
      assert.equal(await bank.balance(2), r.balance);
    }
  } finally {
    await other.exit();
    await bank.dispose();
  }
});

test('(c) export from PostgreSQL, import into a file store and bank-cli: the same head; the Node bin takes postgresql:// stores', async () => {
  const bank = await openTen('moved');
  await bank.batch(Array.from({ length: 50 }, (_, i) => ({ op: 'transfer', from: 1 + (i % 10), to: 1 + ((i + 3) % 10), amount: `${i + 1}.25`, key: `m-${i}`, memo: `move ${i} ünïcödé` })));
  await bank.hold({ from: 1, to: 2, amount: '5.00', key: 'm-hold' });
  const text = await bank.exportJournal();
  const head = headOf(text);
  assert.equal((await bank.verify()).head, head);
  await bank.dispose();

  // wasm-bank export --from-store gives the same bytes.
  const cli = spawnSync(process.execPath, [NODE_CLI, 'export', '--from-store', `${url}#moved`], { env, encoding: 'utf8' });
  assert.equal(cli.status, 0, cli.stderr);
  assert.equal(cli.stdout, text);

  // Into a file store (seedJournal), and the page's way: createBank({ journal }).
  const path = join(dir, 'moved.journal');
  const file = await openBank(path, { seedJournal: text });
  assert.equal(file.seeded, true);
  assert.equal((await file.verify()).head, head);
  await file.dispose();
  const plain = await createBank({ journal: text });
  assert.equal(plain.verify().head, head);
  plain.dispose();

  // bank-cli: --from the export, and the file store's export.
  const exported = join(dir, 'moved.export');
  writeFileSync(exported, text);
  const out = join(dir, 'moved.out');
  const run = spawnSync(BANK_CLI, ['run', '-', '--from', exported, '--journal', out], { input: '', encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  assert.equal(headOf(readFileSync(out, 'utf8')), head);
  const fromStore = spawnSync(BANK_CLI, ['export', '--from-store', path], { encoding: 'utf8' });
  assert.equal(fromStore.status, 0, fromStore.stderr);
  assert.equal(fromStore.stdout, text);

  // seedJournal fills an empty PostgreSQL bank, and only an empty one.
  const seeded = await openBank({ postgres: url, bank: 'seeded' }, { seedJournal: text });
  assert.equal(seeded.seeded, true);
  assert.equal((await seeded.verify()).head, head);
  await seeded.dispose();
  const again = await openBank({ postgres: url, bank: 'seeded' }, { seedJournal: text });
  assert.equal(again.seeded, false);
  await again.dispose();

  // wasm-bank run --store postgresql://…#bank: each piece committed before it is printed.
  const scenario = readFileSync(join(ROOT, 'tests/conformance/transfer.jsonl'));
  const expected = readFileSync(join(ROOT, 'tests/conformance/transfer.expected'), 'utf8');
  const ran = spawnSync(process.execPath, [NODE_CLI, 'run', '-', '--store', `${url}#cli`], { env, input: scenario, encoding: 'utf8' });
  assert.equal(ran.status, 0, ran.stderr);
  assert.equal(ran.stdout, expected);
  const native = spawnSync(BANK_CLI, ['run', '-', '--journal', out], { input: scenario, encoding: 'utf8' });
  assert.equal(native.status, 0, native.stderr);
  const cliExport = spawnSync(process.execPath, [NODE_CLI, 'export', '--from-store', `${url}#cli`], { env, encoding: 'utf8' });
  assert.equal(cliExport.stdout, readFileSync(out, 'utf8'));
  const noBank = spawnSync(process.execPath, [NODE_CLI, 'export', '--from-store', url], { env, encoding: 'utf8' });
  assert.equal(noBank.status, 2);
  assert.match(noBank.stderr, /name the bank after '#'/);
});

test('(d) the server down: STORE_UNAVAILABLE at once, and the bank works again without reopening; a missing database and a role without rights say so', async () => {
  const bank = await openTen('down');
  await pg.stopServer();
  try {
    for (const call of [() => bank.deposit(1, '1.00', { key: 'down-1' }), () => bank.balance(1)]) {
      const started = Date.now();
      await assert.rejects(call(), (e) => e instanceof BankError && e.code === 'STORE_UNAVAILABLE' && /cannot be reached/.test(e.message));
      assert.ok(Date.now() - started < 5000, `failed in ${Date.now() - started} ms`);
    }
    await assert.rejects(openBank({ postgres: url, bank: 'down' }), (e) => e.code === 'STORE_UNAVAILABLE' && /cannot open/.test(e.message));
  } finally {
    await pg.startServer();
  }
  // The same bank object, once the server is back: nothing was applied.
  assert.equal(await bank.balance(1), '1000000.00');
  const r = await bank.deposit(1, '1.00', { key: 'down-1' });
  assert.equal(r.replayed, undefined);
  assert.equal(r.balance, '1000001.00');
  await bank.dispose();

  // Nothing listens: fast too.
  const started = Date.now();
  await assert.rejects(openBank({ postgres: 'postgresql://nobody@127.0.0.1:1/none', bank: 'x' }), (e) => e.code === 'STORE_UNAVAILABLE');
  assert.ok(Date.now() - started < 5000);

  await assert.rejects(openBank({ postgres: pg.url('no_such_db'), bank: 'x' }),
    (e) => e.code === 'INVALID_ARGUMENT' && /database "no_such_db" does not exist/.test(e.message) && /cannot open/.test(e.message));
  // A role that may log in but not create the schema in a new database.
  pg.psql('CREATE ROLE clerk LOGIN');
  await pg.createDatabase('bare');
  await assert.rejects(openBank({ postgres: `postgresql://clerk@127.0.0.1:${pg.port}/bare`, bank: 'x' }),
    (e) => e.code === 'INVALID_ARGUMENT' && /permission denied/.test(e.message) && /CREATE on the database/.test(e.message));
  // Bad specs.
  await assert.rejects(openBank({ postgres: url }), (e) => e.code === 'INVALID_ARGUMENT' && /names its bank/.test(e.message));
  await assert.rejects(openBank({ postgres: 'mysql://x/y', bank: 'b' }), (e) => e.code === 'INVALID_ARGUMENT');
  await assert.rejects(openBank({ postgres: url, bank: 'a\nb' }), (e) => e.code === 'INVALID_ARGUMENT');
});

test('(e) an edited, missing or unsealed row is CORRUPT_JOURNAL on open and on catching up, and the rows are left as they were', async () => {
  const bankName = 'edited';
  const bank = await openTen(bankName);
  for (let i = 0; i < 5; i += 1) await bank.transfer({ from: 1, to: 2, amount: '5.00', key: `e-${i}` });
  const b = pg.psql.bind(pg);
  const rows = () => b(`SELECT md5(string_agg(n || ':' || encode(line, 'hex') || ':' || coalesce(head, '-'), ',' ORDER BY n)) FROM wasm_bank.entries WHERE bank = '${bankName}'`, 'bank');
  const damage = [
    // An affordable amount edited into another: a valid entry, a broken seal.
    `UPDATE wasm_bank.entries SET line = convert_to(replace(convert_from(line, 'UTF8'), '"amount":"5.00"', '"amount":"6.00"'), 'UTF8') WHERE bank = '${bankName}' AND n = 12`,
    // An entry gone from the middle.
    `DELETE FROM wasm_bank.entries WHERE bank = '${bankName}' AND n = 12`,
    // The last record's seal gone.
    `UPDATE wasm_bank.entries SET head = NULL WHERE bank = '${bankName}' AND n = 15`,
    // The last record gone (the bank counts 15 entries).
    `DELETE FROM wasm_bank.entries WHERE bank = '${bankName}' AND n = 15`,
  ];
  const original = b(`SELECT n, line, head, writer FROM wasm_bank.entries WHERE bank = '${bankName}' AND n IN (12, 15) ORDER BY n`, 'bank');
  assert.match(original, /^12\|/);
  for (const sql of damage) {
    b(sql, 'bank');
    const before = rows();
    await assert.rejects(openBank({ postgres: url, bank: bankName }), (e) => e instanceof BankError && e.code === 'CORRUPT_JOURNAL' &&
      (!sql.startsWith('DELETE') || /no entry 12 \(the next row is entry 13\)|entries 15\.\.15 are missing/.test(e.message)), sql);
    assert.equal(rows(), before, 'the rows are as they were');
    // Put the row back as it was (the next case starts from a whole bank).
    b(`DELETE FROM wasm_bank.entries WHERE bank = '${bankName}' AND n IN (12, 15)`, 'bank');
    for (const line of original.trim().split('\n')) {
      const [n, hex, head, writer] = line.split('|');
      b(`INSERT INTO wasm_bank.entries (bank, n, line, head, writer) VALUES ('${bankName}', ${n}, '${hex}'::bytea, ${head === '' ? 'NULL' : `'${head}'`}, '${writer}')`, 'bank');
    }
    const whole = await openBank({ postgres: url, bank: bankName });
    assert.equal((await whole.verify()).entries, 15);
    await whole.dispose();
  }
  // An open bank catching up over a row another writer's record left damaged.
  const other = await openBank({ postgres: url, bank: bankName });
  await other.deposit(3, '1.00', { key: 'e-late' });
  b(`UPDATE wasm_bank.entries SET line = convert_to(replace(convert_from(line, 'UTF8'), '"amount":"1.00"', '"amount":"2.00"'), 'UTF8') WHERE bank = '${bankName}' AND n = 16`, 'bank');
  await assert.rejects(bank.balance(3), (e) => e.code === 'CORRUPT_JOURNAL');
  await other.dispose();
  await bank.dispose();
});

test('(f) holds across processes: placed in one, captured in part in the other, the money where it belongs in both', async () => {
  const bank = await openTen('holds');
  const other = child(['serve', url, 'holds']);
  try {
    await other.next((v) => v.ready, 'ready');
    const held = await bank.hold({ from: 1, to: 2, amount: '300.00', key: 'h-1' });
    const pending = await other.call('pendingHolds', 1);
    assert.equal(pending.length, 1);
    assert.equal(pending[0].hold, held.hold);
    const account = await other.call('account', 1);
    assert.equal(account.held, '300.00');
    assert.equal(account.available, '999700.00');
    const captured = await other.call('capture', held.hold, { amount: '120.00', key: 'c-1' });
    assert.equal(captured.amount, '120.00');
    assert.equal(await bank.balance(1), '999880.00');
    assert.equal(await bank.balance(2), '1000120.00');
    assert.deepEqual(await bank.pendingHolds(1), []);
    // The capture's key, replayed here: the same result, nothing twice.
    const replay = await bank.capture(held.hold, { amount: '120.00', key: 'c-1' });
    assert.equal(replay.replayed, true);
    assert.equal((await bank.verify()).head, (await other.head()).head);
  } finally {
    await other.exit();
    await bank.dispose();
  }
});

// A TCP proxy in front of the server that can cut the connection of the
// next write turn's final round trip (the INSERT … COMMIT): 'landed' lets
// it reach the server and cuts the reply; 'lost' cuts before it is sent.
async function commitCutter() {
  let mode = null;
  const sockets = new Set();
  const server = createServer((client) => {
    const upstream = createConnection({ host: '127.0.0.1', port: pg.port });
    sockets.add(client);
    sockets.add(upstream);
    let mute = false;
    client.on('data', (d) => {
      if (mode !== null && d.includes('INSERT INTO wasm_bank.entries') && d.includes('COMMIT;')) {
        const how = mode;
        mode = null;
        if (how === 'landed') {
          upstream.write(d);
          mute = true;
          setTimeout(() => { client.destroy(); upstream.destroy(); }, 500);
        } else {
          client.destroy();
          upstream.destroy();
        }
        return;
      }
      upstream.write(d);
    });
    upstream.on('data', (d) => { if (!mute) client.write(d); });
    const end = () => { client.destroy(); upstream.destroy(); };
    client.on('error', end);
    upstream.on('error', end);
    client.on('close', end);
    upstream.on('close', end);
  });
  await new Promise((resolve) => { server.listen(0, '127.0.0.1', resolve); });
  return {
    url: `postgresql://${pg.user}@127.0.0.1:${server.address().port}/bank`,
    cut(how) { mode = how; },
    close() {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => { server.close(resolve); });
    },
  };
}

test('(g) the connection breaks during COMMIT: the writer token tells, once, whether it landed', async () => {
  const proxy = await commitCutter();
  const bank = await openBank({ postgres: proxy.url, bank: 'cut' });
  const direct = await openBank({ postgres: url, bank: 'cut' });
  try {
    await bank.openAccount({ id: 1, name: 'Ann', balance: '100.00' });
    // Landed: the server committed, the reply never came; the call succeeds.
    proxy.cut('landed');
    const r = await bank.deposit(1, '1.00', { key: 'cut-landed' });
    assert.equal(r.balance, '101.00');
    assert.equal(r.replayed, undefined);
    // Lost: the COMMIT never reached the server; the call fails, nothing applied.
    proxy.cut('lost');
    await assert.rejects(bank.deposit(1, '2.00', { key: 'cut-lost' }),
      (e) => e.code === 'STORE_UNAVAILABLE' && /nothing was applied/.test(e.message));
    assert.equal(await bank.balance(1), '101.00');
    assert.equal(await direct.balance(1), '101.00');
    const retry = await bank.deposit(1, '2.00', { key: 'cut-lost' });
    assert.equal(retry.replayed, undefined, 'the failed call had not landed');
    assert.equal(retry.balance, '103.00');
    const keys = exportKeys(await direct.exportJournal());
    assert.deepEqual(keys, ['cut-landed', 'cut-lost']);
    assert.equal((await bank.verify()).head, (await direct.verify()).head);
  } finally {
    await bank.dispose();
    await direct.dispose();
    await proxy.close();
  }
  // deleteStore removes the bank's rows; an open bank's next call says so.
  const gone = await openBank({ postgres: url, bank: 'cut' });
  await deleteStore({ postgres: url, bank: 'cut' });
  assert.equal(pg.psql("SELECT count(*) FROM wasm_bank.entries WHERE bank = 'cut'", 'bank').trim(), '0');
  await assert.rejects(gone.balance(1), (e) => /deleted/.test(e.message));
  await gone.dispose();
});

test('(h) checkpoints: written after commits when due, the newest kept, an open from one gives the same bank; a damaged one is ignored', async () => {
  const bank = await openBank({ postgres: url, bank: 'ck' }, { checkpointEvery: 5 });
  for (let i = 0; i < 3; i += 1) {
    await bank.batch(Array.from({ length: 6 }, (_, j) => ({ op: 'open', id: i * 10 + j + 1, name: `P ${i} ${j}`, balance: '10.00' })));
  }
  const head = (await bank.verify()).head;
  await bank.dispose();
  assert.equal(pg.psql("SELECT count(*) || ' ' || max(n) FROM wasm_bank.checkpoints WHERE bank = 'ck'", 'bank').trim(), '1 18');
  const notes = [];
  const again = await openBank({ postgres: url, bank: 'ck' }, { onLog: (l) => notes.push(l) });
  assert.equal((await again.verify()).head, head);
  assert.ok(!notes.some((l) => /checkpoint/.test(l)), notes.join('\n'));
  await again.dispose();
  pg.psql("UPDATE wasm_bank.checkpoints SET bytes = set_byte(bytes, 40, get_byte(bytes, 40) # 1) WHERE bank = 'ck'", 'bank');
  const later = [];
  const third = await openBank({ postgres: url, bank: 'ck' }, { onLog: (l) => later.push(l) });
  assert.equal((await third.verify()).head, head);
  assert.ok(later.some((l) => /ignored its checkpoint/.test(l)), later.join('\n'));
  await third.dispose();
});

test('(i) a checkpoint of several MiB is read in parts over two connections: the same bank, and a damaged part is noticed; a replay of every entry reads them in groups and names a missing one', async () => {
  const seed = await createBank();
  for (let id = 1; id <= 100; id += 1) seed.openAccount({ id, name: `S ${id}`, balance: 1_000_000_00n, at: 0 });
  const n = 100_000;
  const from = new Int32Array(n);
  const to = new Int32Array(n);
  const amount = new BigInt64Array(n);
  for (let i = 0; i < n; i += 1) {
    from[i] = (i % 100) + 1;
    to[i] = ((i * 7 + 3) % 100) + 1;
    if (to[i] === from[i]) to[i] = (to[i] % 100) + 1;
    amount[i] = BigInt((i % 97) + 1);
  }
  seed.transferMany({ from, to, amount });
  const text = seed.exportJournal();
  seed.dispose();
  const seeded = await openBank({ postgres: url, bank: 'big-ck' }, { seedJournal: text });
  const head = (await seeded.verify()).head;
  await seeded.dispose();
  const [count, size] = pg.psql("SELECT count(*) || ' ' || max(length(bytes)) FROM wasm_bank.checkpoints WHERE bank = 'big-ck'", 'bank').trim().split(' ').map(Number);
  assert.equal(count, 1);
  assert.ok(size > 2 * 1024 * 1024, `a checkpoint of ${size} bytes is not several parts`);
  const notes = [];
  const again = await openBank({ postgres: url, bank: 'big-ck' }, { onLog: (l) => notes.push(l) });
  assert.equal((await again.verify()).head, head);
  await again.dispose();
  assert.ok(!notes.some((l) => /checkpoint/.test(l)), notes.join('\n'));
  // A byte of the second part (read by the second connection) flipped.
  pg.psql("UPDATE wasm_bank.checkpoints SET bytes = set_byte(bytes, 1048576 + 40, get_byte(bytes, 1048576 + 40) # 1) WHERE bank = 'big-ck'", 'bank');
  const later = [];
  const third = await openBank({ postgres: url, bank: 'big-ck' }, { onLog: (l) => later.push(l) });
  assert.equal((await third.verify()).head, head);
  assert.ok(later.some((l) => /ignored its checkpoint/.test(l)), later.join('\n'));
  await third.dispose();
  // Replaying every entry (the checkpoint is damaged) reads them in groups
  // of consecutive entries: a row gone from the middle of a later group is
  // named, and the rows are left as they were.
  pg.psql("DELETE FROM wasm_bank.entries WHERE bank = 'big-ck' AND n = 50500", 'bank');
  await assert.rejects(openBank({ postgres: url, bank: 'big-ck' }),
    (e) => e instanceof BankError && e.code === 'CORRUPT_JOURNAL' && /no entry 50500 \(the next row is entry 50501\)/.test(e.message));
  assert.equal(pg.psql("SELECT count(*) FROM wasm_bank.entries WHERE bank = 'big-ck'", 'bank').trim(), String(n + 100 - 1));
});
