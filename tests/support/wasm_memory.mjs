// For tests that run a child Node process and watch its wasm heap: source
// text to put at the top of the child's script. It keeps the instance's
// WebAssembly.Memory in `memory` as the package instantiates its module.
export const CAPTURE_WASM_MEMORY = `
  let memory;
  const instantiate = WebAssembly.instantiate;
  WebAssembly.instantiate = async function (...args) {
    const r = await instantiate.apply(this, args);
    const instance = r instanceof WebAssembly.Instance ? r : r.instance;
    memory = Object.values(instance.exports).find((v) => v instanceof WebAssembly.Memory);
    return r;
  };
`;
