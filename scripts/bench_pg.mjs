// The PostgreSQL store's rows of `npm run bench` (scripts/bench.mjs adds
// this group; BENCHMARKS.md says what each row does). A throwaway cluster
// of its own (tests/support/postgres.mjs: initdb in a temp folder,
// 127.0.0.1, fsync and synchronous_commit on, stopped at the end), and
// bench processes (scripts/bench/pg_worker.mjs) on one bank:
//   - durable transfers/s from 1 and from 4 processes sharing one bank,
//     100 calls in flight in each (group commit: the calls waiting in a
//     process share one transaction);
//   - how long after one process's op was acknowledged another process's
//     read shows it (the news goes through this process: two pipe hops);
//   - opening a bank of 1,000,000 entries from its checkpoint;
// and, in the same run on the same cluster, the limit rows the goals are
// judged against (scripts/bench/pg_limit_worker.mjs: `pg` only, no bank):
//   - 4 processes taking turns on one bank's advisory lock, each turn
//     inserting as many rows of the same size as the bank's turns did and
//     committing (synchronous_commit on): in one round trip (nothing read
//     first), and in two (the rows after the last seen read with the lock,
//     as a bank's turn must before it can decide anything);
//   - reading a stored bank's checkpoint and the rows after it, as opening
//     does, without loading them.
// WASMBANK_DIST=DIR runs the package in DIR (as the tests do) instead of dist/.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startPostgres } from '../tests/support/postgres.mjs';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const DIST = process.env.WASMBANK_DIST ? path.resolve(ROOT, process.env.WASMBANK_DIST) : path.join(ROOT, 'dist');
const { openBank } = await import(pathToFileURL(path.join(DIST, 'index.node.js')).href);
const WORKER = fileURLToPath(new URL('./bench/pg_worker.mjs', import.meta.url));
const LIMIT_WORKER = fileURLToPath(new URL('./bench/pg_limit_worker.mjs', import.meta.url));

function worker(url, bank, script = WORKER) {
  const proc = spawn(process.execPath, [script, url, bank], { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, WASMBANK_DIST: DIST } });
  const waiting = [];
  const early = [];
  createInterface({ input: proc.stdout }).on('line', (line) => {
    const value = JSON.parse(line);
    const w = waiting.shift();
    if (w) w(value);
    else early.push(value);
  });
  return {
    next() {
      return early.length > 0 ? Promise.resolve(early.shift()) : new Promise((resolve) => { waiting.push(resolve); });
    },
    send(value) { proc.stdin.write(`${typeof value === 'string' ? value : JSON.stringify(value)}\n`); },
    exit() {
      proc.stdin.write('exit\n');
      return new Promise((resolve) => { proc.on('exit', resolve); });
    },
  };
}

const seconds = async (fn) => {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e9;
};

// Transfers/s of `processes` workers on one bank, `count` each, `inFlight`
// calls in flight in each.
async function throughput(url, bankName, { processes, count, accounts, inFlight = 100 }) {
  const workers = Array.from({ length: processes }, () => worker(url, bankName));
  await Promise.all(workers.map((w) => w.next()));  // {ready}
  const wall = await seconds(async () => {
    for (const w of workers) w.send({ go: { count, inFlight, accounts } });
    const done = await Promise.all(workers.map((w) => w.next()));
    workers.done = done;
  });
  const done = workers.done;
  await Promise.all(workers.map((w) => w.exit()));
  const writes = done.reduce((n, d) => n + d.writes, 0);
  const entries = done.reduce((n, d) => n + d.entries, 0);
  return { rate: (processes * count) / wall, perCommit: entries / writes };
}

// The limit: `processes` pg-only processes on one bank of their own, `turns`
// turns each of `rows` rows of `bytes` bytes (read: catching up first).
async function limitThroughput(url, bankName, { processes, turns, rows, bytes, read }) {
  const workers = Array.from({ length: processes }, () => worker(url, bankName, LIMIT_WORKER));
  await Promise.all(workers.map((w) => w.next()));
  let done;
  const wall = await seconds(async () => {
    for (const w of workers) w.send({ go: { turns, rows, bytes, read } });
    done = await Promise.all(workers.map((w) => w.next()));
  });
  await Promise.all(workers.map((w) => w.exit()));
  const all = done.reduce((n, d) => n + d.rows, 0);
  return { rate: all / wall, turnsPerSecond: (processes * turns) / wall };
}

// What the bank's turns wrote: entry lines of how many bytes on average.
async function lineBytes(url, bankName, after) {
  const pg = (await import('pg')).default;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const r = await client.query('SELECT round(avg(octet_length(line)))::int AS bytes FROM wasm_bank.entries WHERE bank = $1 AND n > $2', [bankName, after]);
    return r.rows[0].bytes;
  } finally {
    await client.end();
  }
}

// The limit of opening: the checkpoint's bytes and the rows after it read
// as pg_store.js reads them (1 MiB base64 parts over two connections at
// once, the fastest way `pg` takes a bytea of tens of MB), nothing loaded;
// the median of `rounds` (s).
async function openReadLimit(url, bankName, { rounds, median }) {
  const pg = (await import('pg')).default;
  const clients = [new pg.Client({ connectionString: url }), new pg.Client({ connectionString: url })];
  await Promise.all(clients.map((c) => c.connect()));
  const part = 1 << 20;
  try {
    const times = [];
    let bytes = 0;
    for (let round = -1; round < rounds; round += 1) {
      const s = await seconds(async () => {
        const found = await clients[0].query(
          'SELECT n, length(bytes) AS size FROM wasm_bank.checkpoints WHERE bank = $1 ORDER BY n DESC LIMIT 1', [bankName]);
        let checkpoint = Buffer.alloc(0);
        let n = 0;  // (a smoke run's bank may have no checkpoint)
        if (found.rows.length > 0) {
          n = Number(found.rows[0].n);
          const parts = Math.ceil(Number(found.rows[0].size) / part);
          const lanes = await Promise.all(clients.map((c, lane) => c.query(
            `SELECT i, encode(substring(c.bytes FROM i * ${part} + 1 FOR ${part}), 'base64') AS part ` +
            `FROM wasm_bank.checkpoints AS c, generate_series(${lane}, ${parts - 1}, ${clients.length}) AS i ` +
            'WHERE c.bank = $1 AND c.n = $2 ORDER BY i', [bankName, n])));
          const out = new Array(parts);
          for (const r of lanes) for (const row of r.rows) out[row.i] = Buffer.from(row.part, 'base64');
          checkpoint = Buffer.concat(out);
        }
        const tail = await clients[0].query('SELECT n, line, head FROM wasm_bank.entries WHERE bank = $1 AND n >= $2 ORDER BY n', [bankName, n]);
        bytes = checkpoint.length + tail.rows.reduce((k, row) => k + row.line.length, 0);
      });
      if (round >= 0) times.push(s);
    }
    return { read: median(times), bytes };
  } finally {
    await Promise.all(clients.map((c) => c.end()));
  }
}

// Another process's read after an acknowledged deposit: p50 and p99 (s).
async function visibility(url, bankName, samples) {
  const writer = worker(url, bankName);
  const reader = worker(url, bankName);
  await Promise.all([writer.next(), reader.next()]);
  const gaps = [];
  let unseen = 0;
  for (let i = 0; i < samples; i += 1) {
    writer.send({ deposit: i });
    const acked = await writer.next();
    reader.send({ read: i, expect: acked.balance });
    const read = await reader.next();
    if (!read.seen) unseen += 1;
    gaps.push((read.at - acked.at) / 1000);
  }
  await Promise.all([writer.exit(), reader.exit()]);
  gaps.sort((a, b) => a - b);
  // (A gap below zero would be a clock that is not one for both processes.)
  return { p50: gaps[gaps.length >> 1], p99: gaps[Math.floor(gaps.length * 0.99)], unseen, negative: gaps.filter((g) => g < 0).length };
}

// A bank of `entries` transfers seeded in one transaction (its checkpoint
// written after it), then opened `rounds` times from the checkpoint.
async function openFromCheckpoint(url, { entries, rounds, wasmBank, work, median }) {
  const bank = await wasmBank();
  bank.transferMany(work(entries));
  const text = bank.exportJournal();
  bank.dispose();
  const seeded = await openBank({ postgres: url, bank: 'large' }, { seedJournal: text });
  const total = (await seeded.verify()).entries;
  await seeded.dispose();
  const times = [];
  for (let round = -1; round < rounds; round += 1) {
    let stored;
    const s = await seconds(async () => { stored = await openBank({ postgres: url, bank: 'large' }); });
    if ((await stored.verify()).entries !== total) throw new Error('the opened bank is not the one seeded');
    await stored.dispose();
    if (round >= 0) times.push(s);
  }
  return { entries: total, open: median(times) };
}

const ROWS = {
  one: 'PostgreSQL: durable transfers, 1 process',
  four: 'PostgreSQL: durable transfers, 4 processes, one bank',
  fourWide: 'PostgreSQL: durable transfers, 4 processes, 1,000 in flight in each',
  p50: 'PostgreSQL: another process sees an ack, p50',
  p99: 'PostgreSQL: another process sees an ack, p99',
  open: 'PostgreSQL: open from a checkpoint',
  limitOne: 'PostgreSQL limit: 4 pg-only processes, lock+INSERT+COMMIT',
  limitTwo: 'PostgreSQL limit: 4 pg-only processes, + catch-up read',
  limitOpen: 'PostgreSQL limit: read the checkpoint and its tail',
};

/** The bench's PostgreSQL group (scripts/bench.mjs GROUPS). */
export function pgGroups({ SMOKE, ROUNDS, ACCOUNTS, wasmBank, work, goalMet, median }) {
  return [{
    name: 'postgres-store',
    what: 'the PostgreSQL store (a throwaway local cluster, synchronous_commit on): processes sharing one bank, ' +
      'visibility across processes, opening a large bank from its checkpoint',
    rows: Object.values(ROWS),
    run: async () => {
      const pg = await startPostgres();
      try {
        const url = await pg.createDatabase('bench');
        const accounts = SMOKE ? 100 : 1000;
        const setup = await openBank({ postgres: url, bank: 'shared' });
        await setup.batch(Array.from({ length: accounts }, (_, i) => ({ op: 'open', id: i + 1, name: `Customer ${i + 1}`, balance: '100000000.00' })));
        await setup.dispose();
        const count = SMOKE ? 500 : 20_000;
        const one = await throughput(url, 'shared', { processes: 1, count, accounts });
        const four = await throughput(url, 'shared', { processes: 4, count, accounts });
        // The same with ten times the calls in flight: a turn carries what
        // waited for it (group commit), so the lock's cost is shared more.
        const fourWide = await throughput(url, 'shared', { processes: 4, count, accounts, inFlight: SMOKE ? 100 : 1000 });
        // The limit rows: as many rows per turn as the 4 processes' turns
        // held, of the bytes the bank's entry lines have.
        const bytes = await lineBytes(url, 'shared', accounts);
        const rows = Math.max(1, Math.round(four.perCommit));
        const turns = Math.ceil(count / rows);
        const limitOne = await limitThroughput(url, 'limit-one', { processes: 4, turns, rows, bytes, read: false });
        const limitTwo = await limitThroughput(url, 'limit-two', { processes: 4, turns, rows, bytes, read: true });
        const seen = await visibility(url, 'shared', SMOKE ? 20 : 500);
        const large = await openFromCheckpoint(url, {
          entries: SMOKE ? 20_000 : 1_000_000, rounds: SMOKE ? 1 : ROUNDS, wasmBank, work, median,
        });
        const openLimit = await openReadLimit(url, 'large', { rounds: SMOKE ? 1 : ROUNDS, median });
        void ACCOUNTS;
        const x = (a, b) => `${(a / b).toFixed(2)}x`;
        return [
          [ROWS.one, one.rate, 'k/s', `100 calls in flight; ${one.perCommit.toFixed(0)} entries per commit`],
          [ROWS.four, four.rate, 'k/s', `100 in flight in each; ${four.perCommit.toFixed(0)} entries per commit; ` +
            `goal >= 50,000/s: ${goalMet(four.rate >= 50_000)}; ${x(four.rate, limitTwo.rate)} the two-round-trip limit, ` +
            `${x(four.rate, limitOne.rate)} the one-round-trip limit`],
          [ROWS.fourWide, fourWide.rate, 'k/s', `${fourWide.perCommit.toFixed(0)} entries per commit; ` +
            `goal >= 50,000/s: ${goalMet(fourWide.rate >= 50_000)}`],
          [ROWS.limitOne, limitOne.rate, 'k/s', `${rows} rows of ${bytes} B a turn, ${limitOne.turnsPerSecond.toFixed(0)} turns/s; ` +
            `the floor of a turn (one round trip, nothing read first)`],
          [ROWS.limitTwo, limitTwo.rate, 'k/s', `${rows} rows of ${bytes} B a turn, ${limitTwo.turnsPerSecond.toFixed(0)} turns/s; ` +
            'the rows after the last seen read with the lock, then INSERT+COMMIT (a bank turn without the bank)'],
          [ROWS.p50, seen.p50, 's', `ack to the other's read resolving, through this process; goal <= 10 ms: ${goalMet(seen.p50 <= 0.01)}` +
            `${seen.unseen > 0 ? `; ${seen.unseen} reads did NOT see it` : ''}${seen.negative > 0 ? `; ${seen.negative} gaps below zero: the clocks disagree` : ''}`],
          [ROWS.p99, seen.p99, 's', `goal <= 10 ms: ${goalMet(seen.p99 <= 0.01)}`],
          [ROWS.open, large.open, 's', `${large.entries.toLocaleString('en')} entries; goal <= 1 s: ${goalMet(large.open <= 1)}; ` +
            `${x(large.open, openLimit.read)} the read-only limit`],
          [ROWS.limitOpen, openLimit.read, 's', `${(openLimit.bytes / 2 ** 20).toFixed(1)} MiB read as opening reads them, nothing loaded`],
        ];
      } finally {
        await pg.stop();
      }
    },
  }];
}
