// One process of the PostgreSQL bench rows (scripts/bench_pg.mjs), on a
// bank in PostgreSQL. Talks JSON lines: prints {ready} once open, then
//   {"go": {"count": N, "inFlight": K, "accounts": A}}
//       N durable transfers (1 to 100 minor units between accounts
//       1..A), K calls in flight; prints {done, ops, seconds, writes, entries}
//   {"deposit": i}   one durable deposit of 1 minor unit to account 1;
//                    prints {i, balance, at} (at: when it resolved, ms)
//   {"read": i, "expect": balance}
//                    one read of account 1's balance; prints {i, seen, at}
//                    (seen: whether it shows `expect`)
//   "exit"
// `at` is process.hrtime (CLOCK_MONOTONIC, in ms): one clock for every
// process of the machine. (performance.timeOrigin + performance.now() is
// not: each process fixes its origin from the wall clock as it starts, and
// two processes' figures differed by several ms, a read "before" the ack.)
//   node pg_worker.mjs URL BANK
// WASMBANK_DIST=DIR: the package in DIR instead of dist/.
import path from 'node:path';
import { createInterface } from 'node:readline';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DIST = process.env.WASMBANK_DIST ? path.resolve(ROOT, process.env.WASMBANK_DIST) : path.join(ROOT, 'dist');
const { openBank } = await import(pathToFileURL(path.join(DIST, 'index.node.js')).href);

const [url, bankName] = process.argv.slice(2);
const say = (value) => process.stdout.write(`${JSON.stringify(value)}\n`);
const now = () => Number(process.hrtime.bigint()) / 1e6;
const bank = await openBank({ postgres: url, bank: bankName });

async function go({ count, inFlight, accounts }) {
  let state = process.pid >>> 0;
  const next = () => { state = (Math.imul(state, 1103515245) + 12345) >>> 0; return state; };
  let left = count;
  const before = bank.storeStats();
  const start = performance.now();
  const loop = async () => {
    while (left > 0) {
      left -= 1;
      const from = (next() % accounts) + 1;
      const to = (from % accounts) + 1;
      await bank.transfer({ from, to, amount: BigInt((next() % 100) + 1) });
    }
  };
  await Promise.all(Array.from({ length: inFlight }, loop));
  const seconds = (performance.now() - start) / 1000;
  const after = bank.storeStats();
  say({ done: true, ops: count, seconds, writes: after.writes - before.writes, entries: after.entries - before.entries });
}

createInterface({ input: process.stdin }).on('line', async (line) => {
  if (line === 'exit') {
    await bank.dispose();
    process.exit(0);
  }
  const message = JSON.parse(line);
  if (message.go) await go(message.go);
  else if (message.deposit !== undefined) {
    const { balance } = await bank.deposit(1, 1n);
    say({ i: message.deposit, balance, at: now() });
  } else if (message.read !== undefined) {
    const balance = await bank.balance(1);
    say({ i: message.read, seen: balance === message.expect, at: now() });
  }
});
say({ ready: true });
