#!/usr/bin/env node
// wasm-bank: the Node runner (docs/cli.md), through the public JS API; its
// options are read by the grammar bank-cli uses (wasmbank/run_options.h).
//
//   wasm-bank run FILE|- [--journal OUT] [--from IN | --store STORE]
//   wasm-bank export --from-store STORE
//
// STORE is a file (the store bank-cli keeps too) or a bank in PostgreSQL,
// postgresql://user@host:port/db#bank (this bin only: bank-cli has no
// PostgreSQL client).
//   wasm-bank demo
//   wasm-bank --help | -h | --version    (the core's text, as bank-cli's)
//
// `run` prints one transcript line per non-blank scenario line; exit 0 when
// the file was read (whatever ops failed), 2 with a one-line message on
// stderr for a usage error, an unreadable file or a corrupt --from journal.
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createBank, BankError } from './index.js';
import { internalWithCore } from './internal.js';
import { NodeFileBackend } from './node_store.js';
import { Store } from './store.js';
import { StoredBank } from './stored_bank.js';
import { runTutorial } from './tutorial.js';

class UsageError extends Error {}

// The option grammar, help and version texts of both command lines, from
// their own small module (wasm-bank-args.cjs, the core's run_options.cc):
// the browser's wasm-bank.wasm does not carry them.
let runArgs;
const runArgsModule = () =>
  (runArgs ??= createRequire(import.meta.url)('./wasm-bank-args.cjs')());

function fail(message) {
  process.stderr.write(`wasm-bank: ${String(message).replace(/[\r\n]+/g, ' ')}\n`);
  process.exitCode = 2;
}

// The run options, by the grammar bank-cli uses too (core/include/wasmbank/
// run_options.h, read through wasm-bank-args.cjs).
async function parseRunArgs(args) {
  const M = await runArgsModule();
  const parsed = M.parseRunArgs(args);
  if (parsed.code !== 0) throw new UsageError(parsed.message);
  return {
    file: parsed.file,
    journalOut: parsed.journal === '' ? undefined : parsed.journal,
    fromIn: parsed.from === '' ? undefined : parsed.from,
    storePath: parsed.store === '' ? undefined : parsed.store,
  };
}

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return Buffer.concat(chunks);
}

// Writes to stdout, honouring back-pressure.
async function write(text) {
  if (!process.stdout.write(text)) {
    await new Promise((resolve) => process.stdout.once('drain', resolve));
  }
}

const isPostgresUrl = (store) => /^postgres(ql)?:\/\//i.test(store);

// A PostgreSQL store (pg_store.js) for `postgresql://…/db#bank`.
async function postgresBackend(store, note) {
  const { PostgresBackend, parseStoreUrl } = await import('./pg_store.js');
  const { url, bank } = parseStoreUrl(store);
  if (bank === '') {
    throw new BankError('INVALID_ARGUMENT', `${store}: name the bank after '#' (postgresql://user@host/db#bank)`);
  }
  return new PostgresBackend({ postgres: url, bank }, { note });
}

// The scenario's bytes in pieces of whole lines (at most PIECE_LINES
// lines), each run as one call of the stored bank: its ops are committed,
// in one transaction, before its transcript lines are printed. A piece
// after the first never starts with a byte-order mark (the runner would
// take it for the file's).
const PIECE_LINES = 1000;
function* scenarioPieces(bytes) {
  let start = 0;
  let lines = 0;
  for (let at = bytes.indexOf(10); at >= 0; at = bytes.indexOf(10, at + 1)) {
    lines += 1;
    const next = at + 1;
    const bom = bytes[next] === 0xef && bytes[next + 1] === 0xbb && bytes[next + 2] === 0xbf;
    if (lines >= PIECE_LINES && !bom) {
      yield bytes.subarray(start, next);
      start = next;
      lines = 0;
    }
  }
  if (start < bytes.length || start === 0) yield bytes.subarray(start);
}

// `run --store postgresql://…#bank`: through openBank's protocol (the
// store's turns, group commit), not the synchronous path a file takes.
async function runPostgres({ file, journalOut, storePath }) {
  const note = (line) => process.stderr.write(`wasm-bank: ${line}\n`);
  const bank = await createBank();
  const core = (fn) => internalWithCore(bank, fn);
  let stored;
  try {
    const store = await Store.open(await postgresBackend(storePath, note), core, { note });
    stored = new StoredBank(bank, store, core);
  } catch (e) {
    bank.dispose();
    fail(e.message);
    return;
  }
  try {
    let bytes;
    try {
      bytes = file === '-' ? await readStdin() : await readFile(file);
    } catch (e) {
      fail(`cannot read ${file === '-' ? 'standard input' : file}: ${e.code ?? e.message}`);
      return;
    }
    for (const piece of scenarioPieces(bytes)) await write(await stored.runScenario(piece));
    if (journalOut !== undefined) {
      const text = await stored.exportJournal();
      try {
        await writeFile(journalOut, text);
      } catch (e) {
        fail(`cannot write ${journalOut}: ${e.code ?? e.message}`);
      }
    }
  } catch (e) {
    fail(e.message);
  } finally {
    await stored.dispose();
  }
}

async function run(args) {
  const { file, journalOut, fromIn, storePath } = await parseRunArgs(args);
  if (storePath !== undefined && isPostgresUrl(storePath)) {
    await runPostgres({ file, journalOut, storePath });
    return;
  }

  let journal;
  if (fromIn !== undefined) {
    try {
      journal = await readFile(fromIn);
    } catch (e) {
      fail(`cannot read ${fromIn}: ${e.code ?? e.message}`);
      return;
    }
  }

  let bank;
  try {
    bank = await createBank(journal === undefined ? {} : { journal });
  } catch (e) {
    const what = e instanceof BankError && e.code === 'CORRUPT_JOURNAL'
      ? `${fromIn} is not a valid journal: ${e.message}` : e.message;
    fail(what);
    return;
  }

  let store;
  if (storePath !== undefined) {
    try {
      const note = (line) => process.stderr.write(`wasm-bank: ${line}\n`);
      // The store protocol (store.js) with the core writing each call's
      // record through the file backend's primitives (bindDurableWrite).
      store = await Store.open(new NodeFileBackend(storePath, { synchronous: true }), (fn) => internalWithCore(bank, fn), { note });
      store.bindDurableWrite();
    } catch (e) {
      bank.dispose();
      fail(e.message);
      return;
    }
  }

  // Read after the store is open (as bank-cli does): a store is held from
  // the start, even while standard input is still coming.
  let bytes;
  try {
    bytes = file === '-' ? await readStdin() : await readFile(file);
  } catch (e) {
    if (store !== undefined) store.closeSync();
    bank.dispose();
    fail(`cannot read ${file === '-' ? 'standard input' : file}: ${e.code ?? e.message}`);
    return;
  }

  try {
    // The core's scenario runner, the one behind bank-cli run. With a
    // store, each line's entries are durable before the next line runs.
    await write(bank.runScenario(bytes));

    if (journalOut !== undefined) {
      try {
        await writeFile(journalOut, bank.exportJournal());
      } catch (e) {
        fail(`cannot write ${journalOut}: ${e.code ?? e.message}`);
      }
    }
  } finally {
    if (store !== undefined) store.closeSync();
    bank.dispose();
  }
}

async function exportStore(args) {
  const parsed = (await runArgsModule()).parseExportArgs(args);
  if (parsed.code !== 0) throw new UsageError(parsed.message);
  const bank = await createBank();
  try {
    const backend = isPostgresUrl(parsed.store) ? await postgresBackend(parsed.store) : new NodeFileBackend(parsed.store);
    await Store.peek(backend, (fn) => internalWithCore(bank, fn));
    await write(bank.exportJournal());
  } catch (e) {
    fail(e.message);
  } finally {
    bank.dispose();
  }
}

async function demo(args) {
  if (args.length > 0) throw new UsageError('demo takes no arguments');
  const lines = [];
  const bank = await createBank({ onLog: (line) => lines.push(line) });
  try {
    runTutorial(bank, (text) => lines.push(`JS: ${text}`));
  } finally {
    bank.dispose();
  }
  process.stdout.write(lines.join('\n') + '\n');
}

async function main(argv) {
  const [command, ...args] = argv;
  try {
    if (command === '--help' || command === '-h') await write((await runArgsModule()).helpText('wasm-bank'));
    else if (command === '--version') await write((await runArgsModule()).VERSION_TEXT);
    else if (command === 'run') await run(args);
    else if (command === 'export') await exportStore(args);
    else if (command === 'demo') await demo(args);
    else if (command === undefined) throw new UsageError('missing command');
    else throw new UsageError(`unknown command ${command}`);
  } catch (e) {
    if (e instanceof UsageError) {
      const usage = (await runArgsModule()).RUN_USAGE; // the grammar's own line
      fail(`${e.message}; usage: wasm-bank ${usage}`);
    } else {
      fail(e && e.message ? e.message : String(e));
    }
  }
}

await main(process.argv.slice(2));
