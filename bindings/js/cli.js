#!/usr/bin/env node
// wasm-bank: the Node runner (docs/cli.md), through the public JS API; its
// options are read by the grammar bank-cli uses (wasmbank/run_options.h).
//
//   wasm-bank run FILE|- [--journal OUT] [--from IN]
//   wasm-bank demo
//
// `run` prints one transcript line per non-blank scenario line; exit 0 when
// the file was read (whatever ops failed), 2 with a one-line message on
// stderr for a usage error, an unreadable file or a corrupt --from journal.
import { readFile, writeFile } from 'node:fs/promises';
import { createBank, BankError } from './index.js';
import { loadModule } from './load_wasm.js';

class UsageError extends Error {}

function fail(message) {
  process.stderr.write(`wasm-bank: ${String(message).replace(/[\r\n]+/g, ' ')}\n`);
  process.exitCode = 2;
}

// The run options, by the grammar bank-cli uses too (core/include/wasmbank/
// run_options.h, read through the wasm module).
async function parseRunArgs(args) {
  const M = await loadModule({});
  const parsed = M.parseRunArgs(args);
  if (parsed.code !== 0) throw new UsageError(parsed.message);
  return {
    file: parsed.file,
    journalOut: parsed.journal === '' ? undefined : parsed.journal,
    fromIn: parsed.from === '' ? undefined : parsed.from,
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

async function run(args) {
  const { file, journalOut, fromIn } = await parseRunArgs(args);

  let bytes;
  try {
    bytes = file === '-' ? await readStdin() : await readFile(file);
  } catch (e) {
    fail(`cannot read ${file === '-' ? 'standard input' : file}: ${e.code ?? e.message}`);
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

  try {
    // The core's scenario runner, the one behind bank-cli run.
    await write(bank.runScenario(bytes));

    if (journalOut !== undefined) {
      try {
        await writeFile(journalOut, bank.exportJournal());
      } catch (e) {
        fail(`cannot write ${journalOut}: ${e.code ?? e.message}`);
      }
    }
  } finally {
    bank.dispose();
  }
}

// The tutorial (examples/tutorial.jsonl), embedded: the package ships only dist/.
const TUTORIAL = [
  '{"op":"open","id":101,"name":"Alice","balance":"1000.00"}',
  '{"op":"greet","name":"Alice"}',
  '{"op":"open","id":102,"name":"Bob","balance":"1500.00"}',
  '{"op":"greet","name":"Bob"}',
  '{"op":"open","id":103,"name":"Charlie","balance":"500.00"}',
  '{"op":"greet","name":"Charlie"}',
  '{"op":"deposit","id":101,"amount":"250.00"}',
  '{"op":"withdraw","id":102,"amount":"750.00"}',
  '{"op":"balance","id":101}',
  '{"op":"balance","id":102}',
  '{"op":"balance","id":103}',
  '{"op":"plus","a":5,"b":3}',
  '{"op":"minus","a":10,"b":5}',
];

async function demo(args) {
  if (args.length > 0) throw new UsageError('demo takes no arguments');
  const lines = [];
  const say = (line) => lines.push(line);
  const bank = await createBank({ onLog: say });
  const names = new Map(); // id -> customer name, from the open ops
  const whose = (id) => `${names.get(id) ?? 'unknown customer'}'s account ${id}`;
  try {
    for (const text of TUTORIAL) {
      const op = JSON.parse(text);
      switch (op.op) {
        case 'open':
          say(`JS: opening account ${op.id} for ${op.name} with ${op.balance}`);
          break;
        case 'greet':
          say(`JS: asking the core to greet ${op.name}`);
          break;
        case 'deposit':
          say(`JS: depositing ${op.amount} into ${whose(op.id)}`);
          break;
        case 'withdraw':
          say(`JS: withdrawing ${op.amount} from ${whose(op.id)}`);
          break;
        case 'balance':
          say(`JS: asking for the balance of ${whose(op.id)}`);
          break;
        default:
          break;
      }
      const r = bank.execute(text);
      if (!r.ok) {
        say(`JS: ${op.op} failed with ${r.error}`);
        continue;
      }
      switch (op.op) {
        case 'open':
          names.set(op.id, op.name);
          say(`JS: ${whose(op.id)} is open with ${r.balance}`);
          break;
        case 'greet':
          say(`JS: the core says "${r.greeting}"`);
          break;
        case 'deposit':
        case 'withdraw':
          say(`JS: ${whose(op.id)} now holds ${r.balance}`);
          break;
        case 'balance':
          say(`JS: ${names.get(op.id)} has ${r.balance} ${r.currency} in account ${op.id}`);
          break;
        case 'plus':
          say(`JS: ${op.a} + ${op.b} = ${r.result}`);
          break;
        case 'minus':
          say(`JS: ${op.a} - ${op.b} = ${r.result}`);
          break;
        default:
          break;
      }
    }
  } finally {
    bank.dispose();
  }
  process.stdout.write(lines.join('\n') + '\n');
}

async function main(argv) {
  const [command, ...args] = argv;
  try {
    if (command === 'run') await run(args);
    else if (command === 'demo') await demo(args);
    else if (command === undefined) throw new UsageError('missing command');
    else throw new UsageError(`unknown command ${command}`);
  } catch (e) {
    if (e instanceof UsageError) {
      const usage = (await loadModule({})).RUN_USAGE; // the grammar's own line
      fail(`${e.message}; usage: wasm-bank ${usage}`);
    } else {
      fail(e && e.message ? e.message : String(e));
    }
  }
}

await main(process.argv.slice(2));
