// One process of the PostgreSQL bench's limit rows (scripts/bench_pg.mjs):
// what a bank's write turn must do at the least, with `pg` only and no
// bank: no wasm, no replay, nothing decided. Talks JSON lines like
// pg_worker.mjs: prints {ready} once connected, then
//   {"go": {"turns": T, "rows": R, "bytes": B, "read": bool}}
//       T turns on the bank `BANK`, each one transaction holding the bank's
//       advisory lock (the key pg_store.js takes for that name), inserting
//       R rows of B-byte lines into wasm_bank.entries (the seal's head on
//       the last, a writer token on each, as the bank writes them),
//       updating the bank's row and committing with synchronous_commit on
//       (the lines sent as pg_store.js sends them: one string of their hex
//       forms, split on the server).
//       read false: BEGIN, the lock, the INSERT, the UPDATE and COMMIT in
//       one round trip (the floor: a turn that need not read first);
//       read true: BEGIN, the lock and the rows after the last seen in one
//       round trip, then the INSERT, the UPDATE and COMMIT in a second (the
//       bank's turn without the bank);
//       prints {done, rows, seconds, caughtUp}
//   "exit"
//   node pg_limit_worker.mjs URL BANK
import { createHash, randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { performance } from 'node:perf_hooks';
import pg from 'pg';

const [url, bankName] = process.argv.slice(2);
const say = (value) => process.stdout.write(`${JSON.stringify(value)}\n`);
const key = createHash('sha256').update(`wasm-bank:${bankName}`).digest().readBigInt64BE(0).toString();
const b = `'${bankName.replace(/'/g, "''")}'`;
const client = new pg.Client({ connectionString: url });
await client.connect();
await client.query(`INSERT INTO wasm_bank.banks (bank, format, entries, head) VALUES (${b}, 'limit', 0, '${'0'.repeat(64)}') ON CONFLICT (bank) DO NOTHING`);

async function go({ turns, rows, bytes, read }) {
  const head = '0'.repeat(64);
  const line = Buffer.alloc(bytes, 'x'.charCodeAt(0));
  line[bytes - 1] = 10;
  const hex = line.toString('hex');
  let known = 0;
  let caughtUp = 0;
  const start = performance.now();
  for (let t = 0; t < turns; t += 1) {
    const token = `'${randomBytes(12).toString('hex')}'`;
    if (!read) {
      // The entry numbers come from the bank's row, under the lock, on the
      // server: nothing is read before writing.
      await client.query(`BEGIN; SELECT pg_advisory_xact_lock(${key}); ` +
        `INSERT INTO wasm_bank.entries (bank, n, line, head, writer) SELECT ${b}, k.entries + t.o, decode(t.h, 'hex'), ` +
        `CASE WHEN t.o = ${rows} THEN '${head}' END, ${token} ` +
        `FROM wasm_bank.banks AS k, unnest(string_to_array('${Array(rows).fill(hex).join(',')}', ',')) WITH ORDINALITY AS t(h, o) WHERE k.bank = ${b}; ` +
        `UPDATE wasm_bank.banks SET entries = entries + ${rows}, head = '${head}' WHERE bank = ${b}; COMMIT`);
      continue;
    }
    const r = await client.query(`BEGIN; SELECT pg_advisory_xact_lock(${key}); SELECT entries FROM wasm_bank.banks WHERE bank = ${b}; ` +
      `SELECT n, line, head FROM wasm_bank.entries WHERE bank = ${b} AND n > ${known} ORDER BY n`);
    caughtUp += r[r.length - 1].rows.length;
    const at = Number(r[r.length - 2].rows[0].entries);
    await client.query(`INSERT INTO wasm_bank.entries (bank, n, line, head, writer) SELECT ${b}, ${at} + t.o, decode(t.h, 'hex'), ` +
      `CASE WHEN t.o = ${rows} THEN '${head}' END, ${token} FROM unnest(string_to_array('${Array(rows).fill(hex).join(',')}', ',')) WITH ORDINALITY AS t(h, o); ` +
      `UPDATE wasm_bank.banks SET entries = ${at + rows}, head = '${head}' WHERE bank = ${b}; COMMIT`);
    known = at + rows;
  }
  say({ done: true, rows: turns * rows, seconds: (performance.now() - start) / 1000, caughtUp });
}

createInterface({ input: process.stdin }).on('line', async (text) => {
  if (text === 'exit') {
    await client.end();
    process.exit(0);
  }
  const message = JSON.parse(text);
  if (message.go) await go(message.go);
});
say({ ready: true });
