// Crash at every step (issue 16) on the IndexedDB backend, in Chromium: the
// same wrapper and workload as tests/js/store_crash_points.test.js
// (tests/support/crash_backend.js, served by the project's server under
// /tests/), around dist/idb_store.js's IndexedDbBackend. Each primitive is
// one transaction, so a crash inside an append leaves the record's
// transaction committed or not, inside a cut the old or the new entries,
// inside writeCheckpoint the old or the new checkpoint. A crashed tab's
// connection is closed and its Web Lock let go (its turn ended with the
// crash); the store's next bank, on the real backend, must open it, verify,
// hold every acknowledged op and at most the group being written, whole.
import { test, expect } from '@playwright/test';

test('IndexedDB backend: after a crash at every primitive call, the store opens whole', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/');
  const report = await page.evaluate(async () => {
    const index = await import('/dist/index.js');
    const { IndexedDbBackend } = await import('/dist/idb_store.js');
    const { crashEveryStep } = await import('/tests/support/crash_backend.js');
    // Another module may hold the internal exports one day; index.js has them now.
    const internalOpenStoredBank = index.internalOpenStoredBank
      ?? (await import('/dist/internal.js')).internalOpenStoredBank;
    const prefix = `crash-points-${Date.now()}`;
    let stores = 0;
    const started = performance.now();
    const result = await crashEveryStep({
      newStore: () => `${prefix}-${stores++}`,
      backend: (name) => new IndexedDbBackend(name),
      openBank: (backend, options) => internalOpenStoredBank(options, backend),
      recover: (name) => internalOpenStoredBank({}, new IndexedDbBackend(name)),
      destroy: (name) => IndexedDbBackend.destroy(name),
      wrap: { atomic: true },
      // A crashed tab: its connection goes (its Web Lock went with its turn).
      abandon: (real) => real.close(),
    });
    return { ...result, ms: Math.round(performance.now() - started) };
  });
  console.log(`N = ${report.calls} primitive calls: ${report.names.join(' ')}`);
  console.log(`${report.runs} crash runs: ${JSON.stringify(report.counts)} in ${report.ms} ms`);
  expect(report.failures).toEqual([]);
  const count = (name) => report.names.filter((n) => n === name).length;
  expect(count('open')).toBe(3);
  expect(count('cut')).toBe(2);
  expect(count('writeCheckpoint')).toBeGreaterThanOrEqual(3);
  expect(report.runs).toBe(report.names.reduce((sum, name) => sum + ({
    append: 2, cut: 2, writeCheckpoint: 2,
  }[name] ?? 1), 0));
  expect(report.expected.accounts).toEqual(['1:96.75', '2:18.25']);
});
