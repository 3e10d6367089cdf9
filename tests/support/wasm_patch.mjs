// Test support: a copy of a wasm binary in which one exported function's body
// is replaced by `unreachable`, so that calling it traps for real (a
// WebAssembly.RuntimeError raised by the engine, as a bug in the core would
// raise one) without a test hook in the shipped core.
//
// The binary format (https://webassembly.github.io/spec/core/binary/): a
// header, then sections (id byte, LEB128 size, contents). Function indices
// count imported functions first; the code section holds one body per
// defined function, each prefixed by its LEB128 size.

function readU32(bytes, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const b = bytes[at++];
    value |= (b & 0x7f) << shift;
    if ((b & 0x80) === 0) return [value >>> 0, at];
    shift += 7;
  }
}

function writeU32(value) {
  const out = [];
  do {
    let b = value & 0x7f;
    value >>>= 7;
    if (value !== 0) b |= 0x80;
    out.push(b);
  } while (value !== 0);
  return out;
}

function readName(bytes, at) {
  const [length, start] = readU32(bytes, at);
  return [new TextDecoder().decode(bytes.subarray(start, start + length)), start + length];
}

// Skips one import's description; returns [isFunction, next offset].
function skipImportDescription(bytes, at) {
  const kind = bytes[at++];
  if (kind === 0) return [true, readU32(bytes, at)[1]];                 // func: type index
  if (kind === 1) {                                                    // table: reftype, limits
    at += 1;
    const flags = bytes[at++];
    at = readU32(bytes, at)[1];
    return [false, flags & 1 ? readU32(bytes, at)[1] : at];
  }
  if (kind === 2) {                                                    // memory: limits
    const flags = bytes[at++];
    at = readU32(bytes, at)[1];
    return [false, flags & 1 ? readU32(bytes, at)[1] : at];
  }
  if (kind === 3) return [false, at + 2];                              // global: type, mutability
  if (kind === 4) return [false, readU32(bytes, at + 1)[1]];           // tag: attribute, type index
  throw new Error(`wasm_patch: unknown import kind ${kind}`);
}

function sectionsOf(bytes) {
  const sections = [];
  for (let at = 8; at < bytes.length;) {
    const id = bytes[at];
    const [size, start] = readU32(bytes, at + 1);
    sections.push({ id, at, start, end: start + size });
    at = start + size;
  }
  return sections;
}

/**
 * @param {Uint8Array} wasm  a module's bytes
 * @param {string} exportName  an exported function's name (e.g. 'wasmbank_move')
 * @returns {Uint8Array} a copy whose function traps as soon as it is called
 */
export function withTrappingExport(wasm, exportName) {
  const bytes = new Uint8Array(wasm);
  const sections = sectionsOf(bytes);
  const byId = (id) => sections.find((s) => s.id === id);

  let importedFunctions = 0;
  const imports = byId(2);
  if (imports) {
    let [count, at] = readU32(bytes, imports.start);
    for (; count > 0; count -= 1) {
      [, at] = readName(bytes, at);
      [, at] = readName(bytes, at);
      let isFunction;
      [isFunction, at] = skipImportDescription(bytes, at);
      if (isFunction) importedFunctions += 1;
    }
  }

  let functionIndex = -1;
  const exports = byId(7);
  let [exportCount, at] = readU32(bytes, exports.start);
  for (; exportCount > 0 && functionIndex < 0; exportCount -= 1) {
    let name;
    [name, at] = readName(bytes, at);
    const kind = bytes[at++];
    let index;
    [index, at] = readU32(bytes, at);
    if (kind === 0 && name === exportName) functionIndex = index;
  }
  if (functionIndex < importedFunctions) throw new Error(`wasm_patch: no defined function exported as ${exportName}`);

  const code = byId(10);
  let [, bodyAt] = readU32(bytes, code.start);
  for (let k = importedFunctions; k < functionIndex; k += 1) {
    const [size, start] = readU32(bytes, bodyAt);
    bodyAt = start + size;
  }
  const [bodySize, bodyStart] = readU32(bytes, bodyAt);
  // No locals; `unreachable`; `end`. Valid for any signature.
  const trapBody = [...writeU32(3), 0x00, 0x00, 0x0b];
  const newCode = [
    ...bytes.subarray(code.start, bodyAt), ...trapBody, ...bytes.subarray(bodyStart + bodySize, code.end),
  ];
  return new Uint8Array([
    ...bytes.subarray(0, code.at), 10, ...writeU32(newCode.length), ...newCode, ...bytes.subarray(code.end),
  ]);
}
