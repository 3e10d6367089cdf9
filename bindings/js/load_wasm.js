// Loading wasm-bank.wasm and instantiating the Emscripten glue.

import createWasmBankModule from './wasm-bank.js';
import { BankError } from './bank_error.js';

// Loading the wasm (one instance per wasm source, shared by the banks made
// from it; each bank is its own C++ object in that instance).
//
// The wrapper fetches and compiles wasm-bank.wasm itself and hands the
// compiled module to the Emscripten glue (instantiateWasm), so that it can
// (1) name the URL and the HTTP status, MIME type or file error when loading
// fails, (2) read the file with fs in Node, where the 3.1.6 glue (built for
// web and worker only) cannot, and (3) find the file with the literal
// `new URL('./wasm-bank.wasm', import.meta.url)` that Vite, webpack 5 and
// Parcel 2 recognise and emit as an asset. Plain Rollup does not (it needs
// @web/rollup-plugin-import-meta-assets), nor does esbuild (import
// 'wasm-bank/wasm-bank.wasm' with --loader:.wasm=file and pass the URL as
// wasmUrl); the README's "Install and use" gives each recipe.

const WASM_FILE = 'wasm-bank.wasm';

const isNode =
  typeof process === 'object' && process !== null &&
  typeof process.versions === 'object' && process.versions !== null &&
  typeof process.versions.node === 'string';

// Kept out of bundlers' sight: a browser build never needs node:fs.
const NODE_FS = 'node:fs/promises';
const NODE_URL = 'node:url';
const importNodeFs = () => import(/* @vite-ignore */ /* webpackIgnore: true */ NODE_FS);

// The default location, next to this module. Inside a function so that an
// environment without import.meta.url gets a BankError at createBank, not a
// crash at import.
function defaultWasmUrl() {
  return new URL('./wasm-bank.wasm', import.meta.url);
}

// The `prefix` handed to locateFile, as Emscripten does: the directory the
// wasm would be loaded from by default. (Derived from the wasm URL, not
// written as a literal new URL('./', import.meta.url), which bundlers would
// take for an asset reference to this directory.)
function moduleDirectory() {
  try {
    return defaultWasmUrl().href.replace(/[^/]*$/, '');
  } catch {
    return '';
  }
}

export const loadError = (message, cause) =>
  new BankError('INVALID_ARGUMENT', message, cause === undefined ? undefined : { cause });

// A string from wasmUrl or locateFile: an absolute URL as it is; a relative
// one against the page (browsers, workers) or, in Node, as a file path
// relative to the current directory.
async function toUrl(value, what) {
  if (value instanceof URL) return value;
  if (typeof value !== 'string' || value === '') {
    throw loadError(`${what} must be a URL or a non-empty string, got ${describe(value)}`);
  }
  if (/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(value) && !/^[a-zA-Z]:[\\/]/.test(value)) {
    try {
      return new URL(value);
    } catch (e) {
      throw loadError(`${what} ${JSON.stringify(value)} is not a valid URL`, e);
    }
  }
  if (isNode) {
    const { pathToFileURL } = await import(/* @vite-ignore */ /* webpackIgnore: true */ NODE_URL);
    return pathToFileURL(value);
  }
  const base = globalThis.document?.baseURI ?? globalThis.location?.href;
  try {
    return new URL(value, base);
  } catch (e) {
    throw loadError(`${what} ${JSON.stringify(value)} is not a valid URL`, e);
  }
}

function describe(value) {
  if (value === null) return 'null';
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'object') return `an object (${Object.prototype.toString.call(value)})`;
  return `${typeof value} ${String(value).slice(0, 40)}`;
}

const isWasm = (b) => b.length >= 4 && b[0] === 0 && b[1] === 0x61 && b[2] === 0x73 && b[3] === 0x6d;

// What a non-wasm body starts with, for the message.
function preview(bytes) {
  const head = Array.from(bytes.subarray(0, 24), (c) =>
    c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : '.').join('');
  return bytes.length === 0 ? 'the body is empty' : `it starts with ${JSON.stringify(head)}`;
}

function bytesOf(wasmBinary) {
  if (wasmBinary instanceof ArrayBuffer ||
      (typeof SharedArrayBuffer === 'function' && wasmBinary instanceof SharedArrayBuffer)) {
    return new Uint8Array(wasmBinary);
  }
  if (ArrayBuffer.isView(wasmBinary)) {
    return new Uint8Array(wasmBinary.buffer, wasmBinary.byteOffset, wasmBinary.byteLength);
  }
  throw loadError(`wasmBinary must be an ArrayBuffer or a typed array, got ${describe(wasmBinary)}`);
}

async function compileBytes(bytes, where) {
  if (!isWasm(bytes)) {
    throw loadError(`${where} is not a WebAssembly file: ${preview(bytes)}`);
  }
  try {
    return await WebAssembly.compile(bytes);
  } catch (e) {
    throw loadError(`${where} is not a valid WebAssembly module: ${e && e.message}`, e);
  }
}

const HINT = 'pass wasmUrl, locateFile or wasmBinary to createBank() to say where it is';

async function compileFromUrl(url) {
  const where = `wasm-bank.wasm from ${url.href}`;
  if (url.protocol === 'file:' && isNode) {
    let bytes;
    try {
      const { readFile } = await importNodeFs();
      bytes = await readFile(url);
    } catch (e) {
      const why = e && e.code === 'ENOENT' ? 'file not found (ENOENT)' : (e && (e.code ?? e.message));
      throw loadError(`could not load ${where}: ${why}; ${HINT}`, e);
    }
    return compileBytes(bytes, `the file ${url.href}`);
  }

  if (typeof fetch !== 'function') {
    throw loadError(`could not load ${where}: this environment has no fetch(); ${HINT}`);
  }
  let response;
  try {
    response = await fetch(url, { credentials: 'same-origin' });
  } catch (e) {
    // Node's fetch puts the reason (ECONNREFUSED, bad port, ...) in e.cause.
    const c = e && e.cause;
    const why = c && (c.code || c.message) ? ` (${c.code || c.message})` : '';
    throw loadError(`could not load ${where}: the request failed: ${e && e.message}${why}; ${HINT}`, e);
  }
  const status = `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
  if (!response.ok) {
    throw loadError(`could not load ${where}: the server answered ${status}; ${HINT}`);
  }
  const type = response.headers.get('Content-Type') ?? '';
  const mime = type.split(';')[0].trim().toLowerCase();
  if (mime === 'application/wasm' && typeof WebAssembly.compileStreaming === 'function') {
    try {
      return await WebAssembly.compileStreaming(response);
    } catch (e) {
      throw loadError(`could not load ${where} (${status}, Content-Type ${type}): ` +
        `not a valid WebAssembly module: ${e && e.message}`, e);
    }
  }
  // A host that serves the file with another MIME type still works (without
  // streaming compilation); a body that is not wasm at all (an HTML error or
  // fallback page, say) is reported with its status and MIME type.
  let bytes;
  try {
    bytes = new Uint8Array(await response.arrayBuffer());
  } catch (e) {
    throw loadError(`could not load ${where}: reading the response failed: ${e && e.message}`, e);
  }
  if (!isWasm(bytes)) {
    throw loadError(`could not load ${where}: the server answered ${status} with Content-Type ` +
      `${JSON.stringify(type)} (expected application/wasm), and ${preview(bytes)}; ${HINT}`);
  }
  return compileBytes(bytes, `the response from ${url.href}`);
}

// Where the wasm comes from: wasmBinary, else wasmUrl, else locateFile, else
// next to this module. Returns { key, compile } with a cache key.
async function wasmSource({ wasmBinary, wasmUrl, locateFile }) {
  if (wasmBinary !== undefined && wasmBinary !== null) {
    const bytes = bytesOf(wasmBinary);
    return { key: wasmBinary, compile: () => compileBytes(bytes, 'wasmBinary') };
  }
  let url;
  if (wasmUrl !== undefined && wasmUrl !== null) {
    url = await toUrl(wasmUrl, 'wasmUrl');
  } else if (locateFile !== undefined && locateFile !== null) {
    if (typeof locateFile !== 'function') {
      throw loadError(`locateFile must be a function, got ${describe(locateFile)}`);
    }
    let located;
    try {
      located = locateFile(WASM_FILE, moduleDirectory());
    } catch (e) {
      throw loadError(`locateFile('${WASM_FILE}') threw: ${e && e.message}`, e);
    }
    url = await toUrl(located, `locateFile('${WASM_FILE}') returned`);
  } else {
    try {
      url = defaultWasmUrl();
    } catch (e) {
      throw loadError(`cannot find ${WASM_FILE}: import.meta.url is not available here; ${HINT}`, e);
    }
  }
  return { key: url.href, compile: () => compileFromUrl(url) };
}

// Instantiates the glue around a compiled module.
function instantiate(compiled) {
  return new Promise((resolve, reject) => {
    createWasmBankModule({
      // Keeps the glue from computing its own URL (it never fetches: we
      // instantiate below).
      locateFile: (path) => path,
      instantiateWasm(imports, receiveInstance) {
        const mismatch = (e) => reject(loadError('could not instantiate wasm-bank.wasm ' +
          `(a different file, or not the build of this wasm-bank.js?): ${e && e.message}`, e));
        WebAssembly.instantiate(compiled, imports).then((instance) => {
          try {
            receiveInstance(instance, compiled);
          } catch (e) {
            mismatch(e);
          }
        }, mismatch);
        return {};
      },
    }).then(resolve, reject);
  });
}

const moduleCache = new Map(); // key -> promise of an Emscripten module
const moduleKeys = new WeakMap(); // module -> { key, promise } in moduleCache

export async function loadModule(options) {
  const { key, compile } = await wasmSource(options);
  let promise = moduleCache.get(key);
  if (promise === undefined) {
    const loading = compile().then(instantiate).then((module) => {
      moduleKeys.set(module, { key, promise: loading });
      return module;
    });
    promise = loading;
    moduleCache.set(key, promise);
    promise.catch(() => {
      if (moduleCache.get(key) === promise) moduleCache.delete(key);
    });
  }
  return promise;
}

// An abort inside wasm (which the core is built never to do) leaves that
// instance unusable: later banks get a fresh one.
export function forgetIfAborted(module, e) {
  const aborted = typeof WebAssembly === 'object' && e instanceof WebAssembly.RuntimeError;
  if (!aborted || !moduleKeys.has(module)) return;
  const { key, promise } = moduleKeys.get(module);
  moduleKeys.delete(module);
  if (moduleCache.get(key) === promise) moduleCache.delete(key);
}
