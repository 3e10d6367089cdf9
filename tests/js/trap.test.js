// node --test tests/js/trap.test.js — a trap inside the wasm core (a bug in
// the core, here made real by a copy of the wasm whose wasmbank_move is
// `unreachable`) is thrown as what it is, a WebAssembly.RuntimeError, never
// dressed as the caller's INVALID_ARGUMENT; the bank it hit stops, says why
// on every later call, and a new bank works.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createBank, BankError } from '../support/package.mjs';
import { distUrl } from '../support/dist.mjs';
import { withTrappingExport } from '../support/wasm_patch.mjs';

// The glue names the export it calls for _wasmbank_move (minified in a
// release build): `_wasmbank_move=Module["_wasmbank_move"]=<exports>["O"]`
// (Emscripten 3.1) or `…=wasmExports["O"]` / `.O` (4.x).
function exportNameOfMove() {
  const glue = readFileSync(distUrl('wasm-bank.js'), 'utf8');
  const bound = /_wasmbank_move\s*=\s*Module(?:\.|\[["'])_wasmbank_move(?:["']\])?\s*=\s*(?:function\(\)\{return\s*\(_wasmbank_move\s*=\s*Module\[["']_wasmbank_move["']\]\s*=\s*)?(?:Module\[["']asm["']\]|Module\.asm|wasmExports|\w+)(?:\[["']([\w$]+)["']\]|\.([\w$]+))/.exec(glue);
  assert.ok(bound, 'the glue binds _wasmbank_move to an export');
  return bound[1] ?? bound[2];
}

const trapping = withTrappingExport(readFileSync(distUrl('wasm-bank.wasm')), exportNameOfMove());

test('the patched binary is a valid module and only its move traps', async () => {
  const bank = await createBank({ wasmBinary: trapping });
  try {
    assert.equal(bank.openAccount({ id: 1, name: 'Ann', balance: '5.00' }).entry, 1);
    assert.equal(bank.balance(1), '5.00');
  } finally {
    bank.dispose();
  }
});

test('a trap is rethrown as a WebAssembly.RuntimeError, and the bank then refuses with why', async () => {
  const bank = await createBank({ wasmBinary: trapping });
  bank.openAccount({ id: 1, name: 'Ann', balance: '5.00' });
  assert.throws(() => bank.deposit(1, '1.00'), (e) => e instanceof WebAssembly.RuntimeError && !(e instanceof BankError));
  assert.throws(() => bank.balance(1), (e) => e instanceof BankError && e.code === 'INVALID_ARGUMENT' &&
    /stopped at a failure inside the wasm core/.test(e.message) && e.cause instanceof WebAssembly.RuntimeError);
  assert.deepEqual(bank.execute({ op: 'balance', id: 1 }), { op: 'balance', ok: false, error: 'INVALID_ARGUMENT' });
  bank.dispose();  // harmless on a stopped bank
});

test('execute() does not turn a trap into a failed transcript', async () => {
  const bank = await createBank({ wasmBinary: trapping });
  bank.openAccount({ id: 1, name: 'Ann' });
  bank.openAccount({ id: 2, name: 'Ben' });
  // The typed transfer crosses through wasmbank_move.
  assert.throws(() => bank.transfer({ from: 1, to: 2, amount: 1n }), WebAssembly.RuntimeError);
  bank.dispose();
});

test('after a trap a new bank loads a fresh instance and works', async () => {
  const broken = await createBank({ wasmBinary: trapping });
  broken.openAccount({ id: 1, name: 'Ann' });
  assert.throws(() => broken.withdraw(1, 1n), WebAssembly.RuntimeError);
  const bank = await createBank();
  try {
    bank.openAccount({ id: 1, name: 'Ann', balance: '1.00' });
    assert.equal(bank.deposit(1, '2.00').balance, '3.00');
  } finally {
    bank.dispose();
  }
});
