// Where the Node tests find the built package. By default the repository's
// dist/ (what scripts/build.sh fills); WASMBANK_DIST=DIR points them at
// another build of it, e.g. build/wasm-current/dist from a second Emscripten
// (scripts/test.sh does this to prove the package on two toolchains).
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Absolute path of the dist directory under test (no trailing slash). */
export const DIST_DIR = process.env.WASMBANK_DIST
  ? path.resolve(ROOT, process.env.WASMBANK_DIST)
  : path.join(ROOT, 'dist');

/** file: URL of the dist directory (with a trailing slash), to resolve files against. */
export const DIST_URL = pathToFileURL(DIST_DIR + path.sep);

/** file: URL of one file of the package, e.g. distUrl('index.js'). */
export const distUrl = (file) => new URL(file, DIST_URL);

/**
 * The test-only package with a small heap ceiling (bindings/CMakeLists.txt,
 * wasm-bank-small-heap) built beside the dist under test: in its build tree
 * (build/wasm/dist-small-heap for the repository's dist/, DIR/../
 * dist-small-heap for WASMBANK_DIST=DIR).
 */
export const SMALL_HEAP_DIST_URL = pathToFileURL(
  (process.env.WASMBANK_DIST
    ? path.join(path.dirname(DIST_DIR), 'dist-small-heap')
    : path.join(ROOT, 'build', 'wasm', 'dist-small-heap')) + path.sep);
