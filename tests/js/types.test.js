// node --test tests/js/types.test.js — bindings/js/index.d.ts compiles under
// `tsc --strict` against the consumer in tests/types (typescript is a
// devDependency: `npm ci` installs it; a missing one fails the test).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

test('index.d.ts type-checks a strict consumer', () => {
  assert.ok(existsSync(TSC), `${TSC} is missing: run npm ci`);
  const r = spawnSync(process.execPath, [TSC, '-p', join(ROOT, 'tests', 'types')], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
});
