// node --test tests/js/types.test.js — bindings/js/index.d.ts compiles under
// `tsc --strict` against the consumer in tests/types (typescript is a
// devDependency: `npm ci` installs it; a missing one fails the test).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DIST_DIR, ROOT } from '../support/dist.mjs';

const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

// index.d.ts imports the generated contract.d.ts ('./contract.js'), which
// only the build output has: tsconfig.json's rootDirs merge bindings/js with
// dist/, and here with the dist under test (tests/support/dist.mjs).
test('index.d.ts type-checks a strict consumer', () => {
  assert.ok(existsSync(TSC), `${TSC} is missing: run npm ci`);
  assert.ok(existsSync(join(DIST_DIR, 'contract.d.ts')), `${DIST_DIR}/contract.d.ts is missing: run scripts/build.sh`);
  const dir = mkdtempSync(join(tmpdir(), 'wasm-bank-types-'));
  try {
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
      extends: join(ROOT, 'tests', 'types', 'tsconfig.json'),
      compilerOptions: { rootDirs: [join(ROOT, 'bindings', 'js'), DIST_DIR] },
    }));
    const r = spawnSync(process.execPath, [TSC, '-p', dir], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stdout + r.stderr);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
