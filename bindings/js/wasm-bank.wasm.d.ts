// Types for `import wasmUrl from 'wasm-bank/wasm-bank.wasm'` (package.json
// "exports" points its "types" condition here). A bundler that copies the
// file (esbuild's --loader:.wasm=file, Vite's ?url, ...) makes the import
// the emitted file's URL as a string: pass it to createBank({ wasmUrl }).
declare const url: string;
export default url;
