// Preloaded (NODE_OPTIONS=--import=...) for the Node tests of the wasm-safe
// package only (scripts/test.sh). That glue is built with ASSERTIONS=2, which
// makes it refuse an environment it was not built for, so it is built for
// node too; Emscripten 3.1.6's node path of an ES module glue then expects
// CommonJS's `require` and `__dirname`. The release glue (web and worker
// only, no assertions) needs neither.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

globalThis.require ??= createRequire(import.meta.url);
globalThis.__dirname ??= fileURLToPath(new URL('../../build/wasm-safe/dist/', import.meta.url));
