// node --test tests/js/codes_drift.test.js — one source for the error codes
// and the line limits: the C++ headers. Every other copy (the package's
// ERROR_CODES, the TypeScript tuple, the page's words, the JS line limits)
// must say exactly the same, in the same order; this fails on any drift.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../support/dist.mjs';
import { ERROR_CODES } from '../support/package.mjs';

const read = (file) => readFileSync(path.join(ROOT, file), 'utf8');

// The names in WASMBANK_ERROR_CODES(X), in order.
function cppCodes() {
  const header = read('core/include/wasmbank/status.h');
  const list = header.slice(header.indexOf('#define WASMBANK_ERROR_CODES'),
    header.indexOf('enum class ErrorCode'));
  return [...list.matchAll(/X\(k\w+, "([A-Z_]+)"\)/g)].map((m) => m[1]);
}

// The string literals of a bracketed list that follows `marker` in `text`.
function listAfter(text, marker, open = '[', close = ']') {
  const start = text.indexOf(open, text.indexOf(marker));
  const body = text.slice(start + 1, text.indexOf(close, start));
  return [...body.matchAll(/'([A-Z_]+)'/g)].map((m) => m[1]);
}

const CODES = cppCodes();

test('the C++ list has the 17 documented codes', () => {
  assert.equal(CODES.length, 17);
  assert.equal(CODES[0], 'INVALID_ARGUMENT');
  assert.equal(CODES.at(-1), 'RESOURCE_EXHAUSTED');
});

test("the package's ERROR_CODES is the C++ list, in order", () => {
  assert.deepEqual([...ERROR_CODES], CODES);
  assert.deepEqual(listAfter(read('bindings/js/bank_error.js'), 'export const ERROR_CODES'), CODES);
});

test('the TypeScript ERROR_CODES tuple is the C++ list, and ErrorCode derives from it', () => {
  const types = read('bindings/js/index.d.ts');
  assert.deepEqual(listAfter(types, 'export declare const ERROR_CODES'), CODES);
  assert.match(types, /export type ErrorCode = \(typeof ERROR_CODES\)\[number\];/);
});

test('the page has words for every code and for nothing else', () => {
  const app = read('web/words.js');
  const start = app.indexOf('{', app.indexOf('const ERROR_WORDS'));
  const body = app.slice(start + 1, app.indexOf('};', start));
  const keys = [...body.matchAll(/^\s*([A-Z_]+):/gm)].map((m) => m[1]);
  assert.deepEqual(keys, CODES);
});

test('the JS line limits are the core scenario limits', () => {
  const executor = read('core/src/executor.h');
  const cpp = (name) => Number(executor.match(new RegExp(`${name} = (\\d+);`))[1]);
  const opText = read('bindings/js/op_text.js');
  const js = (name) => Number(opText.match(new RegExp(`export const ${name} = (\\d+);`))[1]);
  assert.equal(js('MAX_DEPTH'), cpp('kMaxJsonDepth'));
  assert.equal(js('LINE_LIMIT'), cpp('kMaxLineBytes'));
});
