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
//   - opening a bank of 1,000,000 entries from its checkpoint.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { openBank } from '../dist/index.node.js';
import { startPostgres } from '../tests/support/postgres.mjs';

const WORKER = fileURLToPath(new URL('./bench/pg_worker.mjs', import.meta.url));

function worker(url, bank) {
  const proc = spawn(process.execPath, [WORKER, url, bank], { stdio: ['pipe', 'pipe', 'inherit'] });
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

// Transfers/s of `processes` workers on one bank, `count` each.
async function throughput(url, bankName, { processes, count, accounts }) {
  const workers = Array.from({ length: processes }, () => worker(url, bankName));
  await Promise.all(workers.map((w) => w.next()));  // {ready}
  const wall = await seconds(async () => {
    for (const w of workers) w.send({ go: { count, inFlight: 100, accounts } });
    const done = await Promise.all(workers.map((w) => w.next()));
    workers.done = done;
  });
  const done = workers.done;
  await Promise.all(workers.map((w) => w.exit()));
  const writes = done.reduce((n, d) => n + d.writes, 0);
  const entries = done.reduce((n, d) => n + d.entries, 0);
  return { rate: (processes * count) / wall, perCommit: entries / writes };
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
  return { p50: gaps[gaps.length >> 1], p99: gaps[Math.floor(gaps.length * 0.99)], unseen };
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
  p50: 'PostgreSQL: another process sees an ack, p50',
  p99: 'PostgreSQL: another process sees an ack, p99',
  open: 'PostgreSQL: open from a checkpoint',
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
        const seen = await visibility(url, 'shared', SMOKE ? 20 : 500);
        const large = await openFromCheckpoint(url, {
          entries: SMOKE ? 20_000 : 1_000_000, rounds: SMOKE ? 1 : ROUNDS, wasmBank, work, median,
        });
        void ACCOUNTS;
        return [
          [ROWS.one, one.rate, 'k/s', `100 calls in flight; ${one.perCommit.toFixed(0)} entries per commit`],
          [ROWS.four, four.rate, 'k/s', `100 in flight in each; ${four.perCommit.toFixed(0)} entries per commit; ` +
            `goal >= 50,000/s: ${goalMet(four.rate >= 50_000)}`],
          [ROWS.p50, seen.p50, 's', `ack to the other's read resolving, through this process; goal <= 10 ms: ${goalMet(seen.p50 <= 0.01)}` +
            `${seen.unseen > 0 ? `; ${seen.unseen} reads did NOT see it` : ''}`],
          [ROWS.p99, seen.p99, 's', `goal <= 10 ms: ${goalMet(seen.p99 <= 0.01)}`],
          [ROWS.open, large.open, 's', `${large.entries.toLocaleString('en')} entries; goal <= 1 s: ${goalMet(large.open <= 1)}`],
        ];
      } finally {
        await pg.stop();
      }
    },
  }];
}
