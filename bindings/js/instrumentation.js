// Instrumentation (createBank's onCrossing option): when it is given, every
// call from the wrapper into the wasm core is recorded as it crossed.

// A value as it crossed the boundary: embind hands a string over as its
// UTF-8 bytes (a std::string), numbers and BigInts as they are (int32,
// double, int64), value objects field by field, views of wasm memory as a
// copy of the bytes they showed.
function crossed(value) {
  if (typeof value === 'string') return new TextEncoder().encode(value);
  if (ArrayBuffer.isView(value)) return value.slice();
  if (Array.isArray(value)) return value.map(crossed);
  if (value !== null && typeof value === 'object') {
    const out = {};
    for (const [k, v] of Object.entries(value)) out[k] = crossed(v);
    return out;
  }
  return value;
}

// What came back: strings stay strings (the core's UTF-8, decoded by the
// glue); objects are copied so that later calls do not change the record.
function returned(value) {
  if (ArrayBuffer.isView(value)) return value.slice();
  if (Array.isArray(value)) return value.map(returned);
  if (value !== null && typeof value === 'object') return { ...value };
  return value;
}

const now = typeof performance === 'object' && typeof performance.now === 'function'
  ? () => performance.now()
  : () => Date.now();

// Runs one crossing, `call(...args)` into the core, and records it with
// record({ call, args, result | error, ms, heapBefore, heapAfter, wrote? }).
export function recordCrossing(record, heapSize, name, fn, args, wrote) {
  const entry = { call: name, args: args.map(crossed) };
  if (wrote !== undefined) entry.wrote = wrote;
  entry.heapBefore = heapSize();
  const start = now();
  try {
    const result = fn();
    entry.ms = now() - start;
    entry.result = returned(result);
    return result;
  } catch (e) {
    entry.ms = now() - start;
    entry.error = e instanceof Error ? e.message : String(e);
    throw e;
  } finally {
    entry.heapAfter = heapSize();
    record(entry);
  }
}

// The WasmBank handle with each method call recorded.
export function instrumentedHandle(handle, record, heapSize) {
  const methods = new Map();
  return new Proxy(handle, {
    get(target, prop) {
      const value = target[prop];
      if (typeof value !== 'function' || typeof prop !== 'string') return value;
      let method = methods.get(prop);
      if (method === undefined) {
        method = (...args) => recordCrossing(record, heapSize, prop, () => value.apply(target, args), args);
        methods.set(prop, method);
      }
      return method;
    },
  });
}
