// node --test tests/js/loader.test.js — how createBank finds wasm-bank.wasm
// (dist/index.js): the default next to the module, wasmBinary, wasmUrl,
// locateFile, and the clear BankError when loading fails (the URL tried and
// the HTTP status, MIME type or file error).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createBank, BankError } from '../support/package.mjs';
import { DIST_URL, distUrl } from '../support/dist.mjs';

const WASM_URL = distUrl('wasm-bank.wasm');
const WASM = readFileSync(WASM_URL);
const HINT = /pass wasmUrl, locateFile or wasmBinary/;

// Asserts a rejection with BankError INVALID_ARGUMENT whose message matches
// every pattern.
async function rejectsClearly(promise, ...patterns) {
  await assert.rejects(promise, (e) => {
    assert.ok(e instanceof BankError, `expected BankError, got ${e && e.stack}`);
    assert.equal(e.code, 'INVALID_ARGUMENT');
    for (const p of patterns) assert.match(e.message, p);
    return true;
  });
}

async function works(options) {
  const bank = await createBank(options);
  bank.openAccount({ id: 1, name: 'A', balance: '10.00' });
  bank.openAccount({ id: 2, name: 'B' });
  bank.transfer({ from: 1, to: 2, amount: '2.50' });
  assert.equal(bank.balance(2), '2.50');
  bank.dispose();
}

// A server with every way a host gets it wrong (and right).
let server;
let base;
before(async () => {
  server = createServer((req, res) => {
    const send = (status, type, body) => {
      res.writeHead(status, { 'Content-Type': type });
      res.end(body);
    };
    switch (req.url) {
      case '/ok/wasm-bank.wasm': return send(200, 'application/wasm', WASM);
      case '/octet/wasm-bank.wasm': return send(200, 'application/octet-stream', WASM);
      case '/spa/wasm-bank.wasm':
        return send(200, 'text/html; charset=utf-8', '<!doctype html><title>app</title>');
      case '/empty/wasm-bank.wasm': return send(200, 'application/wasm', '');
      case '/broken/wasm-bank.wasm': return send(200, 'application/wasm', WASM.subarray(0, 100));
      case '/forbidden/wasm-bank.wasm': return send(403, 'text/plain', 'no');
      default: return send(404, 'text/plain', 'not found');
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${server.address().port}`;
});
after(() => server.close());

describe('finding wasm-bank.wasm', () => {
  test('by default: next to the module (read with fs in Node)', () => works());

  test('wasmBinary: bytes as Buffer, Uint8Array, ArrayBuffer or another view', async () => {
    await works({ wasmBinary: WASM });
    await works({ wasmBinary: new Uint8Array(WASM) });
    await works({ wasmBinary: new Uint8Array(WASM).buffer });
    const padded = new Uint8Array(WASM.length + 8);
    padded.set(WASM, 8);
    await works({ wasmBinary: new DataView(padded.buffer, 8) });
  });

  test('wasmUrl: a URL object, a file: URL string, a file path, an http URL', async () => {
    await works({ wasmUrl: WASM_URL });
    await works({ wasmUrl: WASM_URL.href });
    await works({ wasmUrl: fileURLToPath(WASM_URL) });
    await works({ wasmUrl: new URL('/ok/wasm-bank.wasm', base) });
    await works({ wasmUrl: `${base}/ok/wasm-bank.wasm` });
  });

  test('a host serving another MIME type still works (without streaming compile)', () =>
    works({ wasmUrl: `${base}/octet/wasm-bank.wasm` }));

  test('locateFile: called like Emscripten\'s, with the file name and the module directory', async () => {
    const calls = [];
    await works({
      locateFile: (path, prefix) => {
        calls.push([path, prefix]);
        return prefix + path;
      },
    });
    assert.deepEqual(calls, [['wasm-bank.wasm', DIST_URL.href]]);
    await works({ locateFile: (path) => `${base}/ok/${path}` });
    await works({ locateFile: () => WASM_URL });
  });

  test('precedence: wasmBinary, then wasmUrl, then locateFile', async () => {
    const nope = () => { throw new Error('locateFile must not be called'); };
    await works({ wasmBinary: WASM, wasmUrl: `${base}/missing.wasm`, locateFile: nope });
    await works({ wasmUrl: `${base}/ok/wasm-bank.wasm`, locateFile: nope });
  });

  test('after a failed load, a good one still works (failures are not cached)', async () => {
    await rejectsClearly(createBank({ wasmUrl: `${base}/later/wasm-bank.wasm` }), /404/);
    await works();
  });
});

describe('a load that fails rejects with BankError INVALID_ARGUMENT naming the URL and why', () => {
  test('wrong locateFile: a file that does not exist', async () => {
    const missing = pathToFileURL('/no/such/dir/wasm-bank.wasm').href;
    await rejectsClearly(createBank({ locateFile: (path) => `/no/such/dir/${path}` }),
      new RegExp(`could not load wasm-bank\\.wasm from ${missing.replace(/\./g, '\\.')}`),
      /file not found \(ENOENT\)/, HINT);
  });

  test('wrong locateFile: an http URL answering 404', async () => {
    const url = `${base}/static/wasm-bank.wasm`;
    await rejectsClearly(createBank({ locateFile: (path) => `${base}/static/${path}` }),
      new RegExp(`from ${url.replace(/\./g, '\\.')}`), /HTTP 404 Not Found/, HINT);
  });

  test('wrong wasmUrl: 404 and 403 name the status', async () => {
    await rejectsClearly(createBank({ wasmUrl: `${base}/nowhere/wasm-bank.wasm` }),
      /\/nowhere\/wasm-bank\.wasm/, /HTTP 404/);
    await rejectsClearly(createBank({ wasmUrl: new URL('/forbidden/wasm-bank.wasm', base) }),
      /\/forbidden\/wasm-bank\.wasm/, /HTTP 403 Forbidden/);
  });

  test('wrong wasmUrl: an HTML page (an SPA fallback) names the MIME type and what came', async () => {
    await rejectsClearly(createBank({ wasmUrl: `${base}/spa/wasm-bank.wasm` }),
      /\/spa\/wasm-bank\.wasm/, /HTTP 200/, /Content-Type "text\/html; charset=utf-8"/,
      /expected application\/wasm/, /starts with "<!doctype html>/);
  });

  test('wrong wasmUrl: an empty or truncated body', async () => {
    await rejectsClearly(createBank({ wasmUrl: `${base}/empty/wasm-bank.wasm` }),
      /\/empty\/wasm-bank\.wasm/, /not a valid WebAssembly module/);
    await rejectsClearly(createBank({ wasmUrl: `${base}/broken/wasm-bank.wasm` }),
      /\/broken\/wasm-bank\.wasm/, /not a valid WebAssembly module/);
  });

  test('wrong wasmUrl: nobody listening', async () => {
    const closed = createServer();
    await new Promise((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${closed.address().port}/wasm-bank.wasm`;
    await new Promise((resolve) => closed.close(resolve));
    await rejectsClearly(createBank({ wasmUrl: url }), new RegExp(url.replace(/\./g, '\\.')),
      /the request failed/, /ECONNREFUSED/);
  });

  test('wrong wasmUrl: a file that is not wasm, and a wasm file that is not this module', async () => {
    const notWasm = new URL('../../package.json', import.meta.url);
    await rejectsClearly(createBank({ wasmUrl: notWasm }), new RegExp(notWasm.href), /not a WebAssembly file/,
      /starts with "\{/);
    const emptyModule = 'data:application/wasm;base64,AGFzbQEAAAA=';
    await rejectsClearly(createBank({ wasmUrl: emptyModule }), /could not instantiate wasm-bank\.wasm/);
  });

  test('wrong wasmBinary', async () => {
    await rejectsClearly(createBank({ wasmBinary: new Uint8Array([1, 2, 3]) }), /wasmBinary is not a WebAssembly file/);
    await rejectsClearly(createBank({ wasmBinary: 'bytes' }), /wasmBinary must be an ArrayBuffer or a typed array/);
  });

  test('options of the wrong type', async () => {
    await rejectsClearly(createBank({ wasmUrl: 42 }), /wasmUrl must be a URL or a non-empty string/);
    await rejectsClearly(createBank({ wasmUrl: '' }), /wasmUrl must be a URL or a non-empty string/);
    await rejectsClearly(createBank({ wasmUrl: 'http://[bad' }), /is not a valid URL/);
    await rejectsClearly(createBank({ locateFile: 'wasm-bank.wasm' }), /locateFile must be a function/);
    await rejectsClearly(createBank({ locateFile: () => 7 }), /locateFile\('wasm-bank\.wasm'\) returned must be a URL/);
    await rejectsClearly(createBank({ locateFile: () => { throw new Error('boom'); } }),
      /locateFile\('wasm-bank\.wasm'\) threw: boom/);
  });

  test('the error keeps the underlying error as cause', async () => {
    await assert.rejects(createBank({ wasmUrl: '/no/such/file.wasm' }), (e) => {
      assert.ok(e instanceof BankError);
      assert.equal(e.cause?.code, 'ENOENT');
      return true;
    });
  });
});
