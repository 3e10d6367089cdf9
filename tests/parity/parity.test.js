// Parity: the native bank-cli and the Node bin (through the public
// JS API) print byte-identical transcripts and journals for the same scenario,
// equal to the expected files where there are any; journals move between them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateScenario } from './generate.mjs';
import { createBank } from '../support/package.mjs';
import { DIST_DIR } from '../support/dist.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const nativeCli = process.env.BANK_CLI ?? join(root, 'build/native/core/bank-cli');
const nodeCli = join(DIST_DIR, 'cli.js');
const work = mkdtempSync(join(tmpdir(), 'wasm-bank-parity-'));

// Runs one runner; returns its transcript and exported journal.
function run(runner, scenarioPath, extra = []) {
  const journalPath = join(work, `journal-${Math.random().toString(36).slice(2)}`);
  const [command, args] = runner === 'native'
    ? [nativeCli, []] : [process.execPath, [nodeCli]];
  const transcript = execFileSync(command,
    [...args, 'run', scenarioPath, '--journal', journalPath, ...extra],
    { maxBuffer: 1 << 30 });
  return { transcript, journal: readFileSync(journalPath) };
}

// Fails with the first differing line, so a mismatch is easy to chase.
function assertSameBytes(actual, expected, what) {
  if (Buffer.compare(actual, expected) === 0) return;
  const a = actual.toString('utf8').split('\n');
  const b = expected.toString('utf8').split('\n');
  const i = a.findIndex((line, k) => line !== b[k]);
  assert.fail(`${what}: first difference at line ${i + 1}\n  got:      ${a[i]}\n  expected: ${b[i]}`);
}

function scenarioFiles() {
  const files = [];
  for (const dir of ['tests/conformance', 'tests/scenarios']) {
    for (const name of readdirSync(join(root, dir))) {
      if (name.endsWith('.jsonl')) files.push(join(root, dir, name));
    }
  }
  return files;
}

test('the native and Node runners exist', () => {
  assert.ok(existsSync(nativeCli), `${nativeCli} is missing: run npm run build`);
  assert.ok(existsSync(nodeCli), `${nodeCli} is missing: run npm run build`);
});

for (const file of scenarioFiles()) {
  test(`parity on ${file.slice(root.length)}`, () => {
    const native = run('native', file);
    const node = run('node', file);
    const expectedPath = file.replace(/\.jsonl$/, '.expected');
    const journalPath = file.replace(/\.jsonl$/, '.journal');
    assertSameBytes(native.transcript, readFileSync(expectedPath), 'native transcript');
    assertSameBytes(node.transcript, readFileSync(expectedPath), 'node transcript');
    assertSameBytes(node.journal, native.journal, 'node journal vs native');
    if (existsSync(journalPath)) {
      assertSameBytes(native.journal, readFileSync(journalPath), 'native journal');
    }
  });
}

test('the tutorial example runs the same on both runners', () => {
  const file = join(root, 'examples/tutorial.jsonl');
  const native = run('native', file);
  const node = run('node', file);
  assertSameBytes(native.transcript, readFileSync(join(root, 'tests/scenarios/tutorial.expected')),
    'tutorial transcript');
  assertSameBytes(node.transcript, native.transcript, 'tutorial transcript');
  const text = native.transcript.toString();
  for (const balance of ['"1250.00"', '"750.00"', '"500.00"', '"result":8', '"result":5']) {
    assert.ok(text.includes(balance), `tutorial transcript lacks ${balance}`);
  }
});

// Sums each currency's opening balances, deposits and withdrawals from the
// journal, independently of the core; transfers move money within a currency.
function expectedTotals(journal) {
  const currencyOf = new Map();
  const totals = new Map();
  const add = (currency, units) => totals.set(currency, (totals.get(currency) ?? 0n) + units);
  const units = (text) => BigInt(text.replace('.', ''));
  for (const line of journal.split('\n')) {
    if (!line.startsWith('{"entry"')) continue;
    const e = JSON.parse(line);
    if (e.kind === 'open') {
      currencyOf.set(e.id, e.currency);
      add(e.currency, units(e.amount));
    } else if (e.kind === 'deposit') add(currencyOf.get(e.id), units(e.amount));
    else if (e.kind === 'withdraw') add(currencyOf.get(e.id), -units(e.amount));
  }
  return totals;
}

const SEEDS = [11, 22, 33, 44];
const OPS_PER_SEED = 5000;  // 20,000 generated operations in all

for (const seed of SEEDS) {
  test(`random scenario, seed ${seed}: identical transcripts, journals and heads`, async () => {
    const file = join(work, `random-${seed}.jsonl`);
    writeFileSync(file, generateScenario(seed, OPS_PER_SEED));
    const native = run('native', file);
    const node = run('node', file);
    assertSameBytes(node.transcript, native.transcript, `transcript (seed ${seed})`);
    assertSameBytes(node.journal, native.journal, `journal (seed ${seed})`);
    const lines = native.transcript.toString().trimEnd().split('\n');
    assert.equal(lines.length, OPS_PER_SEED + 1 - countBlankLines(file));
    const verify = JSON.parse(lines.at(-1));
    assert.equal(verify.ok, true);

    // Invariants: per currency, the balances add up to what the journal says,
    // and replaying the exported journal reproduces every balance.
    const journal = native.journal.toString();
    const bank = await createBank({ journal });
    try {
      assert.equal(bank.verify().head, verify.head);
      const sums = new Map();
      for (const account of bank.accounts()) {
        const units = BigInt(account.balance.replace('.', ''));
        sums.set(account.currency, (sums.get(account.currency) ?? 0n) + units);
      }
      assert.deepEqual(sums, expectedTotals(journal));
    } finally {
      bank.dispose();
    }
  });
}

function countBlankLines(file) {
  return readFileSync(file, 'utf8').split('\n').slice(0, -1)
    .filter((line) => /^[ \t]*\r?$/.test(line)).length;
}

test('a failed op leaves the export byte-identical (Node, 1,500 random ops)', async () => {
  const bank = await createBank();
  try {
    const lines = generateScenario(99, 1500).split('\n').filter(Boolean);
    let checked = 0;
    for (const line of lines) {
      const before = bank.exportJournal();
      const result = bank.execute(line);
      const failed = result && result.ok === false && !(result.op === 'batch' && result.results
        && result.results.some((r) => r.ok));
      if (failed) {
        assert.equal(bank.exportJournal(), before, `after ${line}`);
        checked += 1;
      }
    }
    assert.ok(checked > 300, `only ${checked} failing ops were checked`);
  } finally {
    bank.dispose();
  }
});

test('journals cross runtimes: Node export imports natively and back, same head', () => {
  const file = join(work, 'cross.jsonl');
  writeFileSync(file, generateScenario(5, 1500));
  const verifyLine = join(work, 'verify.jsonl');
  writeFileSync(verifyLine, '{"op":"verify"}\n');
  const fromNode = run('node', file);
  const nodeJournal = join(work, 'from-node.journal');
  writeFileSync(nodeJournal, fromNode.journal);
  const nativeImport = run('native', verifyLine, ['--from', nodeJournal]);
  const fromNative = run('native', file);
  const nativeJournal = join(work, 'from-native.journal');
  writeFileSync(nativeJournal, fromNative.journal);
  const nodeImport = run('node', verifyLine, ['--from', nativeJournal]);
  assertSameBytes(nativeImport.transcript, nodeImport.transcript, 'verify after import');
  assertSameBytes(nativeImport.journal, fromNode.journal, 'native re-export');
  const head = JSON.parse(nativeImport.transcript.toString()).head;
  assert.match(head, /^[0-9a-f]{64}$/);
  assert.ok(fromNode.journal.toString().includes(`{"head":"${head}"}`));
});

test('a corrupt --from journal exits 2 on both runners', () => {
  const bad = join(work, 'bad.journal');
  writeFileSync(bad, readFileSync(join(root, 'tests/conformance/transfer.journal'), 'utf8')
    .replace('"10.00"', '"10.01"'));
  for (const [command, args] of [[nativeCli, []], [process.execPath, [nodeCli]]]) {
    const result = spawnSync(command, [...args, 'run', '-', '--from', bad], { input: '' });
    assert.equal(result.status, 2);
    assert.match(result.stderr.toString(), /corrupt/i);
  }
});

test('both command lines read run options by one grammar: same exit, same message', () => {
  const scenario = join(root, 'tests/conformance/transfer.jsonl');
  const out = join(work, 'grammar.journal');
  const cases = [  // [arguments, exit status]
    [[scenario, `--journal=${out}`], 0],
    [[scenario, '--journal', out], 0],
    [[`--journal=${out}`, scenario], 0],
    [[scenario, '--journal', out, '--journal', out], 2],
    [[scenario, `--journal=${out}`, '--journal', out], 2],
    [[scenario, '--journal'], 2],
    [[scenario, '--journal='], 2],
    [[scenario, '--from'], 2],
    [[scenario, scenario], 2],
    [[scenario, '--verbose'], 2],
    [[''], 2],
    [[], 2],
  ];
  for (const [extra, status] of cases) {
    const answers = [[nativeCli, []], [process.execPath, [nodeCli]]].map(([command, args]) => {
      const r = spawnSync(command, [...args, 'run', ...extra], { input: '' });
      // "<runner>: <message>; usage: ..." — the message is the grammar's.
      const message = r.stderr.toString().replace(/^[\w-]+: /, '').split('; usage:')[0].trim();
      return { status: r.status, message, stdout: r.stdout.toString() };
    });
    assert.deepEqual(answers[1], answers[0], JSON.stringify(extra));
    assert.equal(answers[0].status, status, JSON.stringify(extra));
    if (status === 2) assert.notEqual(answers[0].message, '', JSON.stringify(extra));
  }
});
