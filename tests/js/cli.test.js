// node --test tests/js/cli.test.js — the wasm-bank bin (dist/cli.js) against
// the conformance files, byte for byte, and its exit statuses (docs/js-api.md, "The wasm-bank bin").
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DIST_DIR, ROOT } from '../support/dist.mjs';

const CLI = join(DIST_DIR, 'cli.js');
const CONFORMANCE = join(ROOT, 'tests', 'conformance');
const BANK_CLI = process.env.BANK_CLI ?? join(ROOT, 'build/native/core/bank-cli');

let tmp;
before(() => { tmp = mkdtempSync(join(tmpdir(), 'wasm-bank-cli-')); });
after(() => rmSync(tmp, { recursive: true, force: true }));

function cli(args, input) {
  return spawnSync(process.execPath, [CLI, ...args], {
    input: input ?? '',
    maxBuffer: 64 * 1024 * 1024,
  });
}

describe('run: conformance scenarios, byte for byte', () => {
  const names = readdirSync(CONFORMANCE).filter((f) => f.endsWith('.jsonl')).map((f) => f.slice(0, -6)).sort();
  test('there are conformance scenarios', () => assert.ok(names.length >= 10));
  for (const name of names) {
    test(name, () => {
      const out = join(tmp, `${name}.journal`);
      const r = cli(['run', join(CONFORMANCE, `${name}.jsonl`), '--journal', out]);
      assert.equal(r.status, 0, r.stderr.toString());
      assert.equal(r.stderr.length, 0);
      assert.ok(r.stdout.equals(readFileSync(join(CONFORMANCE, `${name}.expected`))), `${name}: transcript differs`);
      assert.ok(readFileSync(out).equals(readFileSync(join(CONFORMANCE, `${name}.journal`))), `${name}: journal differs`);
    });
  }
});

describe('run: input handling', () => {
  test('- reads standard input; BOM only at the start; last line without newline', () => {
    const input = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from('{"op":"greet","name":"A"}\r\n\n  \n\ufeff{"op":"greet","name":"B"}\n{"op":"plus","a":1,"b":2}'),
    ]);
    const r = cli(['run', '-'], input);
    assert.equal(r.status, 0);
    assert.equal(r.stdout.toString(),
      '{"op":"greet","ok":true,"greeting":"Hello, A"}\n' +
      '{"op":"","ok":false,"error":"INVALID_ARGUMENT"}\n' +
      '{"op":"plus","ok":true,"result":3}\n');
  });

  test('empty input prints nothing and exits 0', () => {
    const r = cli(['run', '-'], '');
    assert.equal(r.status, 0);
    assert.equal(r.stdout.length, 0);
  });

  test('--from starts from an exported journal; --journal writes the export', () => {
    const first = join(tmp, 'first.journal');
    const second = join(tmp, 'second.journal');
    let r = cli(['run', '-', '--journal', first], '{"op":"open","id":1,"name":"A","balance":"5.00"}\n');
    assert.equal(r.status, 0);
    r = cli(['run', '-', '--from', first, '--journal', second],
      '{"op":"deposit","id":1,"amount":"1.00"}\n{"op":"balance","id":1}\n');
    assert.equal(r.status, 0, r.stderr.toString());
    assert.equal(r.stdout.toString(),
      '{"op":"deposit","ok":true,"entry":2,"id":1,"balance":"6.00"}\n' +
      '{"op":"balance","ok":true,"id":1,"balance":"6.00","currency":"USD"}\n');
    const lines = readFileSync(second, 'utf8').split('\n');
    assert.equal(lines.length, 5);
    assert.equal(lines[2], '{"entry":2,"kind":"deposit","id":1,"amount":"1.00","at":0}');
  });

  test('many lines are buffered and all printed', () => {
    const n = 50000;
    const r = cli(['run', '-'], '{"op":"plus","a":1,"b":1}\n'.repeat(n));
    assert.equal(r.status, 0);
    assert.equal(r.stdout.toString(), '{"op":"plus","ok":true,"result":2}\n'.repeat(n));
  });
});

describe('exit status 2 with a one-line message', () => {
  const cases = {
    'no command': [],
    'unknown command': ['frobnicate'],
    'run without file': ['run'],
    'run with two files': ['run', 'a', 'b'],
    'unknown option': ['run', '-', '--verbose'],
    '--journal without value': ['run', '-', '--journal'],
    '--from without value': ['run', '-', '--from'],
    'demo with arguments': ['demo', 'extra'],
    'unreadable file': ['run', '/nonexistent/scenario.jsonl'],
    'unreadable --from': ['run', '-', '--from', '/nonexistent/journal'],
  };
  for (const [what, args] of Object.entries(cases)) {
    test(what, () => {
      const r = cli(args);
      assert.equal(r.status, 2);
      assert.equal(r.stdout.length, 0);
      const err = r.stderr.toString();
      assert.match(err, /^wasm-bank: [^\n]+\n$/);
    });
  }

  test('corrupt --from journal', () => {
    const bad = join(tmp, 'bad.journal');
    const good = readFileSync(join(CONFORMANCE, 'transfer.journal'), 'utf8');
    writeFileSync(bad, good.replace('"amount":"', '"amount":"1'));
    const r = cli(['run', '-', '--from', bad], '{"op":"verify"}\n');
    assert.equal(r.status, 2);
    assert.equal(r.stdout.length, 0);
    assert.match(r.stderr.toString(), /^wasm-bank: [^\n]+\n$/);
  });
});

describe('demo', () => {
  test('two-sided log naming the customers, with the tutorial results', () => {
    const r = cli(['demo']);
    assert.equal(r.status, 0, r.stderr.toString());
    const lines = r.stdout.toString().trimEnd().split('\n');
    const core = lines.filter((l) => l.startsWith('C++ core:'));
    const js = lines.filter((l) => l.startsWith('JS:'));
    assert.equal(core.length + js.length, lines.length);
    assert.ok(core.length >= 13);
    assert.ok(js.includes("JS: depositing 250.00 into Alice's account 101"));
    assert.ok(js.some((l) => /Bob/.test(l) && /750\.00/.test(l) && /withdraw/.test(l)));
    // every JS line about an account names its owner (not "Charlie" for all)
    const owner = { 101: 'Alice', 102: 'Bob', 103: 'Charlie' };
    for (const line of lines) {
      const m = line.match(/account (10[123])/);
      if (m) assert.ok(line.includes(owner[m[1]]), line);
    }
    assert.ok(js.some((l) => l.includes('Alice') && l.includes('1250.00')));
    assert.ok(js.some((l) => l.includes('Bob') && l.includes('750.00') && !l.includes('withdraw')));
    assert.ok(js.some((l) => l.includes('Charlie') && l.includes('500.00')));
    assert.ok(js.includes('JS: 5 + 3 = 8'));
    assert.ok(js.includes('JS: 10 - 5 = 5'));
  });
});

describe('--help, -h and --version', () => {
  const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

  test('--version prints package.json\'s version, exit 0', () => {
    const r = cli(['--version']);
    assert.equal(r.status, 0, r.stderr.toString());
    assert.equal(r.stdout.toString(), `wasm-bank ${version}\n`);
    assert.equal(r.stderr.length, 0);
  });

  test('--help and -h print the usage of every command, exit 0', () => {
    const help = cli(['--help']);
    assert.equal(help.status, 0, help.stderr.toString());
    const text = help.stdout.toString();
    assert.ok(text.startsWith(`wasm-bank (wasm-bank ${version})`), text);
    for (const usage of ['run FILE|- [--journal OUT] [--from IN | --store STORE]',
      'export --from-store STORE', 'demo', '--help | -h', '--version']) {
      assert.ok(text.includes(`wasm-bank ${usage}\n`), usage);
    }
    assert.ok(cli(['-h']).stdout.equals(help.stdout));
  });

  test('the text is bank-cli\'s, but for the program\'s name', { skip: !existsSync(BANK_CLI) && `no ${BANK_CLI}` }, () => {
    for (const args of [['--help'], ['--version']]) {
      const native = spawnSync(BANK_CLI, args);
      assert.equal(native.status, 0);
      assert.equal(native.stdout.toString().replaceAll('bank-cli', 'wasm-bank'), cli(args).stdout.toString());
    }
  });

  test('an unknown command is still a usage error: exit 2, one line', () => {
    const r = cli(['--halp']);
    assert.equal(r.status, 2);
    assert.equal(r.stdout.length, 0);
    assert.match(r.stderr.toString(), /^wasm-bank: unknown command --halp; usage: wasm-bank run [^\n]*\n$/);
  });
});
