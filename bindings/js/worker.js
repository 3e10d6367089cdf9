// wasm-bank/worker: run banks off the main thread.
//
//   // bank.worker.js (a module worker)
//   import { serveBank } from 'wasm-bank/worker';
//   serveBank();
//
//   // main thread
//   import { connectBank } from 'wasm-bank/worker';
//   const worker = new Worker(new URL('./bank.worker.js', import.meta.url), { type: 'module' });
//   const bank = await connectBank(worker, { journal });
//   await bank.transfer({ from: 1, to: 2, amount: '1.00' });   // every method returns a promise
//   await bank.dispose();
//
// Each connectBank() opens its own MessageChannel to the worker; the bank
// lives in the worker and every call is one message there and one back.
// Errors come back as BankError with the same code and message. Works with
// browser Workers and with Node's worker_threads (pass parentPort to
// serveBank inside the worker).
import { createBank, openBank, BankError } from './index.js';
import { MUTATING, READING } from './stored_bank.js';

const TAG = 'wasm-bank/connect';

/** The bank methods a remote bank forwards (dispose is handled apart). */
export const REMOTE_METHODS = Object.freeze([...MUTATING, ...READING, 'execute']);
const CALLABLE = new Set([...REMOTE_METHODS, 'dispose']);

const listen = (target, fn) => {
  if (typeof target.addEventListener === 'function') {
    target.addEventListener('message', (event) => fn(event.data));
  } else {
    target.on('message', fn); // a Node worker_threads Worker on the main thread
  }
};

const asError = (e) => ({
  code: e instanceof BankError ? e.code : 'INVALID_ARGUMENT',
  message: e && typeof e.message === 'string' ? e.message : String(e),
});

// Serves connectBank() requests arriving on `port` (default: the worker's
// global scope). `defaults` are createBank options applied in the worker —
// the place for a locateFile function, which cannot be sent in a message.
export function serveBank(defaults = {}, port = globalThis) {
  listen(port, (data) => {
    if (data === null || typeof data !== 'object' || data.type !== TAG) return;
    serveOne(data.port, { ...defaults, ...data.options }, data.log === true);
  });
}

// With a `store` option the worker serves a stored bank (openBank: an
// IndexedDB store), whose calls resolve once durable.
function serveOne(port, { store, ...options }, log) {
  let bank = null;
  const withLog = log ? { ...options, onLog: (line) => port.postMessage({ log: line }) } : options;
  const opening = store === undefined ? createBank(withLog) : openBank(store, withLog);
  port.addEventListener('message', async ({ data }) => {
    const { id, method, args } = data;
    try {
      if (bank === null) bank = await opening;
      if (!CALLABLE.has(method)) throw new BankError('INVALID_ARGUMENT', `unknown method ${String(method)}`);
      if (method === 'dispose') {
        await bank.dispose();
        port.postMessage({ id, ok: true });
        port.close();
        return;
      }
      port.postMessage({ id, ok: true, result: await bank[method](...(Array.isArray(args) ? args : [])) });
    } catch (e) {
      port.postMessage({ id, ok: false, error: asError(e) });
    }
  });
  port.start();
  opening.then(
    () => port.postMessage({ id: 0, ok: true }),
    (e) => {
      port.postMessage({ id: 0, ok: false, error: asError(e) });
      port.close();
    },
  );
}

/**
 * Opens a bank inside `worker` (a Worker, a worker_threads Worker or a
 * MessagePort whose other end called serveBank()). Options are createBank's,
 * sent to the worker: journal, wasmUrl (URL or string), wasmBinary, and
 * onLog, which stays here and receives the worker's log lines; or, for a
 * stored bank in the worker, `store: { indexedDB: name }` with openBank's
 * options (seedJournal).
 */
export function connectBank(worker, options = {}) {
  const { onLog, locateFile, ...rest } = options ?? {};
  if (typeof locateFile === 'function') {
    return Promise.reject(new BankError('INVALID_ARGUMENT',
      'locateFile cannot be sent to a worker: pass it to serveBank() inside the worker, or pass wasmUrl'));
  }
  if (onLog !== undefined && onLog !== null && typeof onLog !== 'function') {
    return Promise.reject(new BankError('INVALID_ARGUMENT', 'onLog must be a function'));
  }
  if (rest.wasmUrl instanceof URL) rest.wasmUrl = rest.wasmUrl.href;

  const { port1, port2 } = new MessageChannel();
  const pending = new Map();
  let nextId = 1;
  let disposed = false;

  port1.addEventListener('message', ({ data }) => {
    if (typeof data.log === 'string') {
      try {
        onLog(data.log);
      } catch {
        // like createBank: a throwing log callback is ignored
      }
      return;
    }
    const call = pending.get(data.id);
    if (call === undefined) return;
    pending.delete(data.id);
    if (data.ok) call.resolve(data.result);
    else call.reject(new BankError(data.error.code, data.error.message));
  });
  port1.start();

  const send = (method, args) => new Promise((resolve, reject) => {
    const id = nextId++;
    pending.set(id, { resolve, reject });
    try {
      port1.postMessage({ id, method, args });
    } catch (e) { // an argument that cannot be cloned (a function, say)
      pending.delete(id);
      reject(new BankError('INVALID_ARGUMENT', `invalid argument: ${e && e.message}`));
    }
  });

  const remote = {};
  for (const method of REMOTE_METHODS) {
    remote[method] = (...args) => {
      if (disposed) return new Promise((resolve) => resolve(afterDispose(method, args)));
      return send(method, args);
    };
  }
  remote.dispose = async () => {
    if (disposed) return;
    disposed = true;
    await send('dispose', []);
    port1.close();
  };
  if (typeof Symbol.asyncDispose === 'symbol') remote[Symbol.asyncDispose] = remote.dispose;

  return new Promise((resolve, reject) => {
    // A worker whose script fails to load never answers: report its error.
    const failed = (e) => pending.get(0)?.reject(new BankError('INVALID_ARGUMENT',
      `the worker failed: ${(e && (e.message || (e.error && e.error.message))) || 'error event'}`));
    const watch = (on) => {
      if (typeof worker.addEventListener === 'function') worker[`${on ? 'add' : 'remove'}EventListener`]('error', failed);
      else if (typeof worker.on === 'function') worker[on ? 'on' : 'off']('error', failed);
    };
    pending.set(0, {
      resolve: () => {
        watch(false);
        resolve(remote);
      },
      reject: (e) => {
        watch(false);
        pending.delete(0);
        port1.close();
        reject(e);
      },
    });
    watch(true);
    try {
      worker.postMessage({ type: TAG, port: port2, options: rest, log: typeof onLog === 'function' }, [port2]);
    } catch (e) {
      pending.get(0).reject(new BankError('INVALID_ARGUMENT', `invalid option: ${e && e.message}`));
    }
  });
}

// A call on a disposed remote bank behaves as on a disposed local bank:
// BankError INVALID_ARGUMENT, and execute returns the failure object.
function afterDispose(method, args) {
  if (method !== 'execute') throw new BankError('INVALID_ARGUMENT', 'this bank was disposed');
  let op = args[0];
  try {
    if (typeof op === 'string') op = JSON.parse(op);
    else if (op instanceof Uint8Array) op = JSON.parse(new TextDecoder().decode(op));
  } catch {
    op = null;
  }
  const name = op !== null && typeof op === 'object' && typeof op.op === 'string' ? op.op : '';
  return { op: name, ok: false, error: 'INVALID_ARGUMENT' };
}
