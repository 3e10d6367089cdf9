// The PostgreSQL backend (docs/store-format.md "The PostgreSQL store";
// docs/postgres.md): primitives only, for the store protocol in store.js,
// like idb_store.js. Node only: it uses the `pg` client from npm, loaded
// when a PostgreSQL store is opened.
//
// Tables, in the schema `wasm_bank` (created on first use; no name depends
// on anything the caller gives: the bank's name is only ever a value):
//
//   banks(bank, format, entries, head)      one row per bank: its journal's
//                                           format line, its entry count
//                                           and head after the last commit
//   entries(bank, n, line, head, writer)    one row per entry, n = 1, 2, ...
//                                           without gaps; `line` the entry's
//                                           line exactly as the export has
//                                           it ('\n' included); `head` the
//                                           record's seal (head_n) on a
//                                           record's last entry, else null;
//                                           `writer` the token of the write
//                                           that inserted it
//   checkpoints(bank, n, bytes)             the last checkpoint(s)
//
// A write turn is one transaction: BEGIN, pg_advisory_xact_lock(the bank's
// key), the rows after the last entry seen (catching up, in the same round
// trip), then the protocol applies its calls, and the record's INSERT, the
// banks row's UPDATE and COMMIT go in one more round trip. The results are
// released (store.js) only once COMMIT returned. If the connection breaks
// during the COMMIT, whether the record landed is asked again, under the
// same lock, once the server answers: the row of the record's last entry
// carries this write's token or it does not. A read turn takes no lock: it
// reads the committed rows after the last entry seen, in one round trip.
import { createHash, randomBytes } from 'node:crypto';
import { BankError } from './bank_error.js';
import { SEAL_LINE_START } from './contract.js';
import { FORMAT_LINE } from './store.js';

const SCHEMA = 'wasm_bank';
/** How long connecting may take before the call fails with STORE_UNAVAILABLE. */
export const CONNECT_TIMEOUT_MS = 3000;
/** How long a call whose COMMIT broke off waits for the server to tell whether it landed. */
export const OUTCOME_WAIT_MS = 60000;
// Rows per INSERT statement (a large record, a seed, is several in one transaction).
const ROWS_PER_INSERT = 2000;
// A checkpoint is read in parts of this many bytes, over this many
// connections at once when it has as many parts.
const CHECKPOINT_PART = 1 << 20;
const CHECKPOINT_LANES = 2;
// Rows per SELECT when reading many (an open without a checkpoint), and
// per field of it (a group of consecutive entries, in their file form).
const ROWS_PER_READ = 100000;
const ROWS_PER_PART = 1000;
// What a write turn sets for its transaction: a lock wait that never ends
// (a writer stopped mid-turn on a machine that vanished) and a turn left
// open are ended by the server.
const TURN_SETTINGS = "SET LOCAL lock_timeout = '30s'; SET LOCAL idle_in_transaction_session_timeout = '30s'";
const ZERO_HEAD = '0'.repeat(64);
const FORMAT_TEXT = new TextDecoder().decode(FORMAT_LINE).replace(/\n$/, '');
// A seal line ({"head":"<hex>"}), as the core writes it (contract.js).
const SEAL = new RegExp(`^${SEAL_LINE_START.replace(/[{}]/g, '\\$&')}:"([0-9a-f]{64})"\\}\\n$`);

/** The tables, as created on first use (docs/store-format.md shows the same). */
export const SCHEMA_SQL = `
CREATE SCHEMA IF NOT EXISTS ${SCHEMA};
CREATE TABLE IF NOT EXISTS ${SCHEMA}.banks (
  bank text PRIMARY KEY,
  format text NOT NULL,
  entries bigint NOT NULL,
  head text NOT NULL,
  created timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS ${SCHEMA}.entries (
  bank text NOT NULL,
  n bigint NOT NULL,
  line bytea NOT NULL,
  head text,
  writer text NOT NULL,
  PRIMARY KEY (bank, n)
);
CREATE TABLE IF NOT EXISTS ${SCHEMA}.checkpoints (
  bank text NOT NULL,
  n bigint NOT NULL,
  bytes bytea NOT NULL,
  PRIMARY KEY (bank, n)
);
ALTER TABLE ${SCHEMA}.checkpoints ALTER COLUMN bytes SET STORAGE EXTERNAL;
`;

let pgModule = null;
async function loadPg() {
  if (pgModule === null) {
    try {
      const mod = await import('pg');
      pgModule = mod.default ?? mod;
    } catch (e) {
      throw new BankError('INVALID_ARGUMENT', `a PostgreSQL store needs the 'pg' package (npm install pg): ${e.message}`);
    }
  }
  return pgModule;
}

// A SQL string literal (as pg's escapeLiteral): every value in a statement
// text goes through this or is a number this module made.
function literal(text) {
  let out = "'";
  let backslash = false;
  for (const c of text) {
    if (c === "'") out += "''";
    else if (c === '\\') {
      out += '\\\\';
      backslash = true;
    } else out += c;
  }
  out += "'";
  return backslash ? ` E${out}` : out;
}

const sleep = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });
const resultsOf = (r) => (Array.isArray(r) ? r : [r]);

/** Checks a bank's name: 1 to 128 characters, no control characters. */
function checkBankName(bank) {
  if (typeof bank !== 'string' || bank.length === 0 || bank.length > 128 ||
      /[\u0000-\u001f\u007f]/.test(bank) || /[\ud800-\udfff]/.test(bank.replace(/[\ud800-\udbff][\udc00-\udfff]/g, ''))) {
    throw new BankError('INVALID_ARGUMENT', 'a PostgreSQL store names its bank: { postgres, bank: name }, a name of 1 to 128 characters without control characters');
  }
  return bank;
}

// A URL without its credentials and fragment, for messages.
function describeUrl(url) {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return 'postgresql';
  }
}

function describePool(pool) {
  const o = pool && pool.options ? pool.options : {};
  if (typeof o.connectionString === 'string') return describeUrl(o.connectionString);
  const host = o.host ?? 'localhost';
  return `postgresql://${host}${o.port ? `:${o.port}` : ''}/${o.database ?? ''}`;
}

/**
 * Reads `postgresql://user@host:port/db#bank` (or postgres://): the URL
 * without its fragment, and the bank (the fragment, percent-decoded); null
 * if `text` is not such a URL.
 */
export function parseStoreUrl(text) {
  if (typeof text !== 'string' || !/^postgres(ql)?:\/\//i.test(text)) return null;
  const hash = text.indexOf('#');
  const url = hash < 0 ? text : text.slice(0, hash);
  let bank = '';
  if (hash >= 0) {
    try {
      bank = decodeURIComponent(text.slice(hash + 1));
    } catch {
      bank = text.slice(hash + 1);
    }
  }
  return { url, bank };
}

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH',
  'ENETUNREACH', 'EHOSTDOWN', 'EAI_AGAIN', 'ECONNABORTED', '57P01', '57P02', '57P03', '53300']);

function rootOf(e) {
  if (e instanceof AggregateError && Array.isArray(e.errors) && e.errors.length > 0) return e.errors[0];
  return e;
}

/** Whether `e` says the server cannot be reached or the connection broke. */
function isConnectionError(e) {
  const r = rootOf(e);
  if (!r) return false;
  const code = typeof r.code === 'string' ? r.code : '';
  if (CONNECTION_CODES.has(code) || code.startsWith('08')) return true;
  return /Connection terminated|timeout expired|connection timeout|Client has encountered a connection error|not queryable|socket|closed the connection|Query read timeout/i
    .test(String(r.message ?? ''));
}

function detailOf(e) {
  const r = rootOf(e);
  const message = String((r && r.message) || e || 'unknown error').replace(/[\r\n]+/g, ' ');
  const code = r && typeof r.code === 'string' && r.code !== '' && !message.includes(r.code) ? ` (${r.code})` : '';
  return `${message}${code}`;
}

export class PostgresBackend {
  #postgres;
  #bank;
  #b;            // the bank as a SQL literal
  #key;          // its advisory lock key, a bigint as text
  #label;
  #pool = null;
  #ownPool = false;
  #client = null;      // the write turn's connection
  #staged = null;      // the record appended in this turn: { lines, from, to, head, token }
  #prefetched = null;  // { after, banks, groups }: the catch-up read with the lock
  #known = 0;          // the entries this backend read or wrote last (where catching up starts)
  #opening = false;    // open() is running: errors say the store cannot be opened
  #note;

  /**
   * @param {{ postgres: string | import('pg').Pool, bank?: string }} spec
   *   a connection URL (a fragment names the bank when `bank` is not given)
   *   or a pg.Pool of the caller's (not ended on close)
   * @param {{ note?: (line: string) => void }} [options]
   */
  constructor(spec, { note } = {}) {
    let { postgres, bank } = spec;
    if (typeof postgres === 'string') {
      const parsed = parseStoreUrl(postgres);
      if (parsed === null) {
        throw new BankError('INVALID_ARGUMENT', 'postgres must be a postgresql:// (or postgres://) URL or a pg.Pool');
      }
      postgres = parsed.url;
      if (bank === undefined && parsed.bank !== '') bank = parsed.bank;
      this.#label = `${describeUrl(postgres)}#${bank ?? ''}`;
    } else if (postgres !== null && typeof postgres === 'object' && typeof postgres.connect === 'function' && typeof postgres.query === 'function') {
      this.#label = `${describePool(postgres)}#${bank ?? ''}`;
    } else {
      throw new BankError('INVALID_ARGUMENT', 'postgres must be a postgresql:// (or postgres://) URL or a pg.Pool');
    }
    this.#postgres = postgres;
    this.#bank = checkBankName(bank);
    this.#b = literal(this.#bank);
    this.#key = createHash('sha256').update(`wasm-bank:${this.#bank}`).digest().readBigInt64BE(0).toString();
    this.#note = typeof note === 'function' ? note : () => {};
  }

  get label() { return this.#label; }

  // A record is one transaction, never torn (store.js: no opening seal),
  // and only the protocol writes rows: entries after the last seal are
  // damage, refused, never deleted.
  get atomic() { return true; }

  get neverTorn() { return true; }

  // --- connections and errors ------------------------------------------

  async #ensurePool() {
    if (this.#pool !== null) return this.#pool;
    if (typeof this.#postgres === 'string') {
      const pg = await loadPg();
      const pool = new pg.Pool({
        connectionString: this.#postgres,
        max: 4,
        connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
        idleTimeoutMillis: 10000,
        keepAlive: true,
        application_name: 'wasm-bank',
      });
      // An idle connection the server closes (a restart) is only dropped:
      // the next turn connects again.
      pool.on('error', () => {});
      this.#pool = pool;
      this.#ownPool = true;
    } else {
      this.#pool = this.#postgres;
    }
    return this.#pool;
  }

  // A BankError saying what went wrong, in the words a user can act on.
  // `opening`: configuration problems are INVALID_ARGUMENT (the store
  // cannot be opened); later everything but a full disk and damage is
  // STORE_UNAVAILABLE (nothing applied).
  #error(e, { opening = this.#opening } = {}) {
    if (e instanceof BankError) return e;
    const r = rootOf(e);
    const code = r && typeof r.code === 'string' ? r.code : '';
    const detail = detailOf(e);
    const where = `the store '${this.#label}'`;
    if (isConnectionError(e)) {
      if (opening) return new BankError('STORE_UNAVAILABLE', `cannot open ${where}: the PostgreSQL server cannot be reached (${detail})`);
      return new BankError('STORE_UNAVAILABLE', `${where}: the PostgreSQL server cannot be reached (${detail}); nothing was applied`);
    }
    if (code === '53100' || code === '53200' || code === '54000') {
      return new BankError('RESOURCE_EXHAUSTED', `${where} cannot take the entries: ${detail}; nothing was applied`);
    }
    if (code === '55P03') {
      return new BankError('STORE_UNAVAILABLE', `${where}: another process held the bank's turn too long (${detail}); nothing was applied`);
    }
    let what = detail;
    if (code === '3D000') what = `${detail}: create the database first (createdb), or name one that exists`;
    else if (code === '28P01' || code === '28000') what = `${detail}: check the user and password in the URL (or the pool's settings) and pg_hba.conf`;
    else if (code === '42501') {
      what = `${detail}: the role needs CREATE on the database the first time (to create the schema ${SCHEMA}), ` +
        `then USAGE on it and SELECT, INSERT, UPDATE, DELETE on its tables (docs/store-format.md)`;
    } else if (code === '42P01' || code === '3F000') what = `${detail}: the schema ${SCHEMA} or one of its tables is missing`;
    if (opening) return new BankError('INVALID_ARGUMENT', `cannot open ${where}: ${what}`);
    return new BankError('STORE_UNAVAILABLE', `${where} cannot be used: ${what}; nothing was applied`);
  }

  async #connect() {
    const pool = await this.#ensurePool();
    try {
      return await pool.connect();
    } catch (e) {
      throw this.#error(e);
    }
  }

  // Runs `fn(client)` on a connection of its own; the connection is dropped
  // if anything failed (it may be broken).
  async #withClient(fn) {
    const client = await this.#connect();
    const broken = { error: null };
    const onError = (e) => { broken.error = e; };
    client.on('error', onError);
    let failed = false;
    try {
      return await fn(client);
    } catch (e) {
      failed = true;
      throw e;
    } finally {
      client.removeListener('error', onError);
      client.release(failed || broken.error !== null ? true : undefined);
    }
  }

  // --- opening -----------------------------------------------------------

  // A writer creates the tables (once per database, under a lock of its
  // own) and the bank's row; a reader (hold: false, export --from-store)
  // creates nothing and needs the bank to exist.
  async open({ hold = true } = {}) {
    this.#opening = true;
    try {
      await this.#withClient(async (client) => {
        const [ready] = resultsOf(await client.query(
          `SELECT to_regclass('${SCHEMA}.banks') IS NOT NULL AND to_regclass('${SCHEMA}.entries') IS NOT NULL ` +
          `AND to_regclass('${SCHEMA}.checkpoints') IS NOT NULL AS ready, current_setting('synchronous_commit') AS sync`));
        const { ready: tables, sync } = ready.rows[0];
        if (!tables) {
          if (!hold) throw new BankError('INVALID_ARGUMENT', `cannot open the store '${this.#label}': this database has no wasm-bank store (no schema ${SCHEMA})`);
          try {
            await client.query(`BEGIN; SELECT pg_advisory_xact_lock(${this.#schemaKey()}); ${SCHEMA_SQL} COMMIT;`);
          } catch (e) {
            try { await client.query('ROLLBACK'); } catch { /* broken */ }
            throw e;
          }
        }
        if (hold) {
          await client.query(`INSERT INTO ${SCHEMA}.banks (bank, format, entries, head) VALUES (${this.#b}, ${literal(FORMAT_TEXT)}, 0, '${ZERO_HEAD}') ` +
            'ON CONFLICT (bank) DO NOTHING');
        }
        const found = await client.query(`SELECT format FROM ${SCHEMA}.banks WHERE bank = ${this.#b}`);
        if (found.rows.length === 0) {
          throw new BankError('INVALID_ARGUMENT', `cannot open the store '${this.#label}': there is no bank '${this.#bank}' in this database`);
        }
        if (found.rows[0].format !== FORMAT_TEXT) {
          throw new BankError('CORRUPT_JOURNAL', `the store '${this.#label}' cannot be opened: its format is ${found.rows[0].format}, not ${FORMAT_TEXT}`);
        }
        if (hold && sync === 'off') {
          this.#note(`store '${this.#label}': synchronous_commit is off on this server, so a commit it acknowledged can still be lost in a crash`);
        }
      });
    } catch (e) {
      await this.close();
      throw this.#error(e, { opening: true });
    } finally {
      this.#opening = false;
    }
  }

  // The lock that serializes creating the schema: a fixed key of its own.
  #schemaKey() {
    return createHash('sha256').update('wasm-bank:schema').digest().readBigInt64BE(0).toString();
  }

  // --- the turn ----------------------------------------------------------

  /**
   * A write turn is one transaction holding the bank's advisory lock; it
   * commits the record appended in it before it returns. A read turn takes
   * no lock (its reads see committed rows only).
   */
  async turn(fn, { write = true } = {}) {
    if (!write) return fn();
    const { client, broken, onError, results } = await this.#beginTurn();
    this.#client = client;
    this.#staged = null;
    let drop = false;
    try {
      const [banks, groups] = results.slice(-2);
      this.#prefetched = { after: results.after, banks: banks.rows, groups: groups.rows };
      const value = await fn();
      const staged = this.#staged;
      if (staged === null) {
        await client.query('COMMIT');
        return value;
      }
      const statements = this.#insertSql(staged);
      const last = statements.pop();
      try {
        for (const sql of statements) await client.query(sql);
        await client.query(`${last} UPDATE ${SCHEMA}.banks SET entries = ${staged.to}, head = '${staged.head}' WHERE bank = ${this.#b}; COMMIT;`);
      } catch (e) {
        if (!isConnectionError(e) && broken.error === null) throw e;  // refused: rolled back below
        // The connection broke: the COMMIT may or may not have landed.
        drop = true;
        if (!(await this.#landed(staged, e))) {
          throw new BankError('STORE_UNAVAILABLE', `the store '${this.#label}': the connection to the PostgreSQL server broke ` +
            `(${detailOf(e)}) before the entries were committed; nothing was applied`);
        }
      }
      this.#known = staged.to;
      return value;
    } catch (e) {
      if (!drop && broken.error === null) {
        try { await client.query('ROLLBACK'); } catch { drop = true; }
      }
      throw this.#error(e);
    } finally {
      this.#client = null;
      this.#staged = null;
      this.#prefetched = null;
      client.removeListener('error', onError);
      client.release(drop || broken.error !== null ? true : undefined);
    }
  }

  // BEGIN, the bank's lock and the rows after the last entry seen, in one
  // round trip. A connection that broke while it lay idle in the pool (the
  // server restarted meanwhile) costs one more try on a new one: nothing
  // was done on it yet.
  async #beginTurn() {
    for (let attempt = 0; ; attempt += 1) {
      const client = await this.#connect();
      const broken = { error: null };
      const onError = (e) => { broken.error = e; };
      client.on('error', onError);
      const after = this.#known;
      try {
        const results = resultsOf(await client.query(
          `BEGIN; ${TURN_SETTINGS}; SELECT pg_advisory_xact_lock(${this.#key}); ${this.#readSql(after, ROWS_PER_READ)}`));
        results.after = after;
        return { client, broken, onError, results };
      } catch (e) {
        const connection = isConnectionError(e) || broken.error !== null;
        if (!connection) {
          try { await client.query('ROLLBACK'); } catch { /* reported below */ }
        }
        client.removeListener('error', onError);
        client.release(connection ? true : undefined);
        if (!(connection && attempt === 0)) throw this.#error(e);
      }
    }
  }

  // Whether the record `staged` was committed, asked on a new connection
  // under the bank's lock (so that a COMMIT still running on the server has
  // finished) once the server answers; STORE_UNAVAILABLE saying the outcome
  // is unknown if it does not answer within OUTCOME_WAIT_MS.
  async #landed(staged, cause) {
    const deadline = Date.now() + OUTCOME_WAIT_MS;
    for (let wait = 100; ; wait = Math.min(wait * 2, 1000)) {
      try {
        return await this.#withClient(async (client) => {
          const results = resultsOf(await client.query(
            `BEGIN; ${TURN_SETTINGS}; SELECT pg_advisory_xact_lock(${this.#key}); ` +
            `SELECT writer FROM ${SCHEMA}.entries WHERE bank = ${this.#b} AND n = ${staged.to}; COMMIT;`));
          const rows = results[results.length - 2].rows;
          return rows.length === 1 && rows[0].writer === staged.token;
        });
      } catch (e) {
        if (Date.now() + wait > deadline || !(e instanceof BankError ? e.code === 'STORE_UNAVAILABLE' : isConnectionError(e))) {
          throw new BankError('STORE_UNAVAILABLE', `the store '${this.#label}': the connection to the PostgreSQL server broke during the COMMIT ` +
            `(${detailOf(cause)}) and the server could not tell since whether the entries landed (${detailOf(e)}): ` +
            'the outcome is unknown; retry with the same key');
        }
        await sleep(wait);
      }
    }
  }

  // The bank's row, then the rows after entry `after` (two statements, one
  // round trip; the banks row first, so that the rows read cover at least
  // the entries it counts), at most `limit`, in their file form: each group
  // of ROWS_PER_PART consecutive entry numbers as ONE bytea (the entry
  // lines, each record's seal line after its last entry) with its count and
  // first and last entry number. A row per entry costs the client more than
  // the bytes (a catch-up of 300 rows is one field); a group of a bounded
  // size keeps each field small (`pg` parses a field of tens of MB slowly).
  #readSql(after, limit) {
    return `SELECT entries FROM ${SCHEMA}.banks WHERE bank = ${this.#b}; ` +
      `SELECT count(*) AS k, min(r.n) AS lo, max(r.n) AS hi, string_agg(r.line || CASE WHEN r.head IS NULL THEN ''::bytea ` +
      `ELSE convert_to('${SEAL_LINE_START}:"' || r.head || E'"}\\n', 'UTF8') END, ''::bytea ORDER BY r.n) AS bytes ` +
      `FROM (SELECT n, line, head FROM ${SCHEMA}.entries WHERE bank = ${this.#b} AND n > ${after} ORDER BY n LIMIT ${limit}) AS r ` +
      `GROUP BY (r.n - ${after} - 1) / ${ROWS_PER_PART} ORDER BY 2`;
  }

  // The record's rows, ROWS_PER_INSERT to a statement: the lines go as ONE
  // string of their hex forms, split on the server, the entry number from
  // each one's place in it. A VALUES list of a row per entry costs the
  // server several times as long to parse (1.2 against 2.7 ms for 100 rows
  // and COMMIT, one client alone).
  #insertSql({ lines, from, head, token }) {
    const statements = [];
    const tok = literal(token);
    for (let start = 0; start < lines.length; start += ROWS_PER_INSERT) {
      const end = Math.min(lines.length, start + ROWS_PER_INSERT);
      const hex = [];
      for (let i = start; i < end; i += 1) hex.push(lines[i].toString('hex'));
      const seal = end === lines.length ? `CASE WHEN t.o = ${end - start} THEN '${head}' END` : 'NULL';
      statements.push(`INSERT INTO ${SCHEMA}.entries (bank, n, line, head, writer) ` +
        `SELECT ${this.#b}, ${from + start} + t.o, decode(t.h, 'hex'), ${seal}, ${tok} ` +
        `FROM unnest(string_to_array('${hex.join(',')}', ',')) WITH ORDINALITY AS t(h, o);`);
    }
    return statements;
  }

  // --- reading -----------------------------------------------------------

  // A read in the write turn's transaction, or else on any connection of
  // the pool (tried once more on a new one if the first was broken: a read
  // changes nothing).
  async #query(sql) {
    if (this.#client !== null) {
      try {
        return await this.#client.query(sql);
      } catch (e) {
        throw this.#error(e);
      }
    }
    const pool = await this.#ensurePool();
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await pool.query(sql);
      } catch (e) {
        if (!(attempt === 0 && isConnectionError(e))) throw this.#error(e);
      }
    }
  }

  // The newest checkpoint, in parts of 1 MiB as base64: one bytea of tens
  // of MB as one hex field costs several times as long to send and parse
  // (and `pg` cannot take it in binary form). A checkpoint of CHECKPOINT_LANES
  // parts or more is read over CHECKPOINT_LANES connections at once, every
  // lane the parts i = lane (mod lanes) of the one row (bank, n) the first
  // query named, whose xmin each part carries: the server encodes and the
  // client decodes on more than one core. Should that row go meanwhile (a
  // newer checkpoint replaced it) or be another row (deleted and written
  // again), a part is missing or its xmin differs, and the checkpoint is read
  // again in one statement (one snapshot), as a write turn reads it.
  async readCheckpoint() {
    if (this.#client === null) {
      const parted = await this.#readCheckpointLanes();
      if (parted !== undefined) return parted;
    }
    const r = await this.#query(
      `SELECT encode(substring(c.bytes FROM i * ${CHECKPOINT_PART} + 1 FOR ${CHECKPOINT_PART}), 'base64') AS part ` +
      `FROM (SELECT bytes FROM ${SCHEMA}.checkpoints WHERE bank = ${this.#b} ORDER BY n DESC LIMIT 1) AS c, ` +
      `generate_series(0, (length(c.bytes) - 1) / ${CHECKPOINT_PART}) AS i ORDER BY i`);
    return r.rows.length === 0 ? null : Buffer.concat(r.rows.map((row) => Buffer.from(row.part, 'base64')));
  }

  // The lanes' read: the checkpoint, null if there is none, or undefined
  // when it must be read in one statement (too small to share, or it
  // changed between the queries).
  async #readCheckpointLanes() {
    const found = await this.#query(
      `SELECT n, xmin::text AS x, length(bytes) AS size FROM ${SCHEMA}.checkpoints WHERE bank = ${this.#b} ORDER BY n DESC LIMIT 1`);
    if (found.rows.length === 0) return null;
    const { n, x } = found.rows[0];
    const parts = Math.ceil(Number(found.rows[0].size) / CHECKPOINT_PART);
    if (parts < CHECKPOINT_LANES || !/^[0-9]+$/.test(String(n)) || !/^[0-9]+$/.test(x)) return undefined;
    const lanes = await Promise.all(Array.from({ length: CHECKPOINT_LANES }, (_, lane) => this.#query(
      `SELECT i, c.xmin::text AS x, encode(substring(c.bytes FROM i * ${CHECKPOINT_PART} + 1 FOR ${CHECKPOINT_PART}), 'base64') AS part ` +
      `FROM ${SCHEMA}.checkpoints AS c, generate_series(${lane}, ${parts - 1}, ${CHECKPOINT_LANES}) AS i ` +
      `WHERE c.bank = ${this.#b} AND c.n = ${n} ORDER BY i`)));
    const out = new Array(parts);
    let got = 0;
    for (const r of lanes) {
      for (const row of r.rows) {
        const i = Number(row.i);
        if (row.x !== x || !(i >= 0 && i < parts) || out[i] !== undefined) return undefined;
        out[i] = Buffer.from(row.part, 'base64');
        got += 1;
      }
    }
    return got === parts ? Buffer.concat(out) : undefined;
  }

  async readAll() {
    const rest = await this.readAfter(0);
    return Buffer.concat([FORMAT_LINE, rest]);
  }

  // The entry lines after entry n, each record's seal line after its last
  // entry: the file form's bytes. A missing entry (a gap, or fewer rows
  // than the bank counts) is CORRUPT_JOURNAL.
  async readAfter(n) {
    const parts = [];
    let at = n;
    let counted = null;
    for (;;) {
      let banks;
      let groups;
      if (this.#prefetched !== null && this.#prefetched.after === at) {
        ({ banks, groups } = this.#prefetched);
        this.#prefetched = null;
      } else {
        const results = resultsOf(await this.#query(this.#readSql(at, ROWS_PER_READ)));
        [banks, groups] = results.slice(-2).map((r) => r.rows);
      }
      if (banks.length === 0) {
        throw new BankError('INVALID_ARGUMENT', `the store '${this.#label}' was deleted (deleteStore) while this bank had it open`);
      }
      counted ??= Number(banks[0].entries);
      let read = 0;
      for (const group of groups) {
        const count = Number(group.k);
        const first = Number(group.lo);
        const last = Number(group.hi);
        if (first !== at + 1 || last - first + 1 !== count) await this.#gapAfter(at);
        parts.push(group.bytes);
        at = last;
        read += count;
      }
      if (read < ROWS_PER_READ) break;
    }
    if (at < counted) {
      throw new BankError('CORRUPT_JOURNAL', `the store '${this.#label}' has ${at} entries, but its bank counts ${counted}: entries ${at + 1}..${counted} are missing`);
    }
    this.#known = at;
    return Buffer.concat(parts);
  }

  // The rows after entry `at` skip a number: CORRUPT_JOURNAL naming the
  // first one missing.
  async #gapAfter(at) {
    const r = await this.#query(`SELECT n FROM ${SCHEMA}.entries WHERE bank = ${this.#b} AND n > ${at} ORDER BY n LIMIT ${ROWS_PER_READ}`);
    let expected = at + 1;
    for (const row of r.rows) {
      const number = Number(row.n);
      if (number !== expected) {
        throw new BankError('CORRUPT_JOURNAL', `the store '${this.#label}' has no entry ${expected} (the next row is entry ${number})`);
      }
      expected += 1;
    }
    throw new BankError('CORRUPT_JOURNAL', `the store '${this.#label}' has no entry ${expected} (its rows changed while they were read)`);
  }

  // --- writing -----------------------------------------------------------

  begin() { return FORMAT_LINE.length; }  // the format line is implied

  // Stages the record for the turn's COMMIT: one row per entry, the seal's
  // head on the last, this write's token on each. `record` may view the
  // wasm heap: it is copied here, before anything can change it.
  append(record, { from, to }) {
    if (this.#client === null) throw new Error('a PostgreSQL store writes only inside its turn');
    const bytes = Buffer.from(record);
    const lines = [];
    for (let start = 0; start < bytes.length;) {
      const newline = bytes.indexOf(10, start);
      const end = newline < 0 ? bytes.length : newline + 1;
      lines.push(bytes.subarray(start, end));
      start = end;
    }
    const seal = SEAL.exec(lines.length > 0 ? lines.pop().toString('latin1') : '');
    if (seal === null || lines.length !== to - from) {
      throw new Error(`a record of ${lines.length} entry lines and no seal line cannot hold entries ${from + 1}..${to}`);
    }
    this.#staged = { lines, from, to, head: seal[1], token: randomBytes(12).toString('hex') };
  }

  // Nothing of a record reaches the server before its turn commits: what a
  // failed append left is only the staged record.
  cut() {
    this.#staged = null;
  }

  // In a statement of its own, after the entries' transaction committed;
  // older checkpoints of the bank go with it, and one older than the
  // newest there is not written.
  async writeCheckpoint(bytes, { entries } = {}) {
    if (!Number.isInteger(entries)) return;
    const pool = await this.#ensurePool();
    try {
      await pool.query(
        `WITH gone AS (DELETE FROM ${SCHEMA}.checkpoints WHERE bank = $1 AND n < $2) ` +
        `INSERT INTO ${SCHEMA}.checkpoints (bank, n, bytes) SELECT $1, $2, $3 ` +
        `WHERE NOT EXISTS (SELECT 1 FROM ${SCHEMA}.checkpoints WHERE bank = $1 AND n >= $2)`,
        [this.#bank, entries, Buffer.from(bytes)]);
    } catch (e) {
      throw this.#error(e);
    }
  }

  async close() {
    const pool = this.#pool;
    this.#pool = null;
    if (pool !== null && this.#ownPool) {
      this.#ownPool = false;
      try { await pool.end(); } catch { /* gone already */ }
    }
  }

  /**
   * Deletes the bank `spec.bank` (its rows in every table), under its lock.
   * Nothing there is no error. Banks still open on it fail their next call.
   */
  static async destroy(spec) {
    const backend = new PostgresBackend(spec);
    backend.#opening = true;
    try {
      await backend.#withClient(async (client) => {
        const [exists] = resultsOf(await client.query(`SELECT to_regclass('${SCHEMA}.banks') IS NOT NULL AS ready`));
        if (!exists.rows[0].ready) return;
        try {
          await client.query(`BEGIN; SELECT pg_advisory_xact_lock(${backend.#key}); ` +
            `DELETE FROM ${SCHEMA}.entries WHERE bank = ${backend.#b}; DELETE FROM ${SCHEMA}.checkpoints WHERE bank = ${backend.#b}; ` +
            `DELETE FROM ${SCHEMA}.banks WHERE bank = ${backend.#b}; COMMIT;`);
        } catch (e) {
          try { await client.query('ROLLBACK'); } catch { /* broken */ }
          throw e;
        }
      });
    } catch (e) {
      throw backend.#error(e, { opening: true });
    } finally {
      await backend.close();
    }
  }
}
