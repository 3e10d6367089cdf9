// A journal larger than one export piece (1 MiB) comes out whole and in
// order, imports back to the same bank, and verify works on it without the
// core ever holding the whole text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBank } from '../support/package.mjs';

const bankCli = fileURLToPath(new URL('../../build/native/core/bank-cli', import.meta.url));

test('a multi-piece journal exports whole, imports back and verifies natively too', async () => {
  const bank = await createBank();
  const copy = { bank: null };
  try {
    for (let id = 1; id <= 100; id += 1) {
      bank.openAccount({ id, name: `Customer ${id}`, balance: '1000000.00', at: 0 });
    }
    const n = 50_000;
    const from = new Int32Array(n);
    const to = new Int32Array(n);
    for (let i = 0; i < n; i += 1) {
      from[i] = (i % 100) + 1;
      to[i] = ((i + 1) % 100) + 1;
    }
    const codes = bank.transferMany({ from, to, amount: new BigInt64Array(n).fill(7n) });
    assert.ok(codes.every((c) => c === 0));
    const journal = bank.exportJournal();
    assert.ok(journal.length > 4 * (1 << 20), `only ${journal.length} characters`);
    const lines = journal.split('\n');
    assert.equal(lines[0], '{"format":"wasm-bank-journal","version":1}');
    assert.equal(lines.length, n + 100 + 3);  // header, entries, head, final ''
    lines.slice(1, -2).forEach((line, i) => assert.ok(line.startsWith(`{"entry":${i + 1},`)));

    const verify = bank.verify();
    assert.equal(lines.at(-2), `{"head":"${verify.head}"}`);
    copy.bank = await createBank({ journal });
    assert.equal(copy.bank.exportJournal(), journal);
    assert.deepEqual(copy.bank.verify(), verify);

    const file = join(mkdtempSync(join(tmpdir(), 'wasm-bank-journal-')), 'big.journal');
    writeFileSync(file, journal);
    const native = execFileSync(bankCli, ['run', '-', '--from', file], { input: '{"op":"verify"}\n' });
    assert.deepEqual(JSON.parse(native), verify);
  } finally {
    bank.dispose();
    copy.bank?.dispose();
  }
});
