// The page works offline after one online visit: web/sw.js precaches the page,
// the module and the tutorial, and answers for them network-first. Each test has
// a fresh browser context (Playwright's default), so no service worker or cache
// from here reaches another spec, and none from elsewhere reaches these.
import { readFileSync } from 'node:fs';
import { test, expect } from '@playwright/test';

test.use({ serviceWorkers: 'allow' }); // Playwright's default, stated because these tests need it

// What the service worker precaches, read from its own list (web/sw.js): one
// copy. Whether that list is complete is what the offline run below proves.
const PRECACHED = (() => {
  const sw = readFileSync(new URL('../web/sw.js', import.meta.url), 'utf8');
  const list = sw.slice(sw.indexOf('const FILES = ['), sw.indexOf('];', sw.indexOf('const FILES = [')));
  return [...list.matchAll(/'\.\/([^']*)'/g)].map((m) => `/${m[1]}`);
})();

const ready = (page) => expect(page.locator('html')).toHaveAttribute('data-state', 'ready');

// Loads the page online and returns once the service worker is active, has
// precached everything and controls the page.
async function visitOnline(page) {
  await page.goto('/');
  await ready(page);
  await page.evaluate(async () => { await navigator.serviceWorker.ready; });
  for (let i = 0; ; i++) {
    if (await page.evaluate(() => navigator.serviceWorker.controller !== null)) break;
    expect(i, 'the service worker takes control of the page').toBeLessThan(5);
    await page.reload();
    await ready(page);
  }
}

// Resolves to 'online' or 'offline' depending on whether a request for a file
// the service worker does not answer for gets through.
const probe = () => fetch('/examples/tutorial.jsonl?probe', { cache: 'no-store' }).then(() => 'online', () => 'offline');

test('after one online visit the page loads, runs the tutorial and opens an account offline', async ({ page, context }) => {
  await visitOnline(page);

  // Everything the page loads is in the cache.
  const cached = await page.evaluate(async () => {
    const urls = [];
    for (const name of await caches.keys()) {
      for (const req of await (await caches.open(name)).keys()) urls.push(new URL(req.url).pathname);
    }
    return urls.sort();
  });
  expect(cached).toEqual([...PRECACHED].sort());

  await context.setOffline(true);
  // Really offline: neither the page nor the service worker reaches the server.
  expect(await page.evaluate(probe)).toBe('offline');
  const [worker] = context.serviceWorkers();
  expect(worker, 'a running service worker').toBeTruthy();
  expect(await worker.evaluate(probe)).toBe('offline');

  const wasm = page.waitForResponse((r) => r.url().endsWith('/dist/wasm-bank.wasm'));
  await page.reload();
  const response = await wasm;
  expect(response.status()).toBe(200);
  expect(response.fromServiceWorker()).toBe(true);
  expect(response.headers()['content-type']).toBe('application/wasm');
  await ready(page);
  await expect(page.locator('#load-status')).toHaveAttribute('data-kind', 'ok');

  // The tutorial (its .jsonl comes from the cache too).
  await page.getByRole('button', { name: 'Run tutorial' }).click();
  const tutorial = page.locator('#tutorial-accounts tbody tr');
  await expect(tutorial).toHaveCount(3);
  await expect(tutorial.nth(0)).toHaveText(/101\s*Alice\s*1250\.00/);
  await expect(tutorial.nth(1)).toHaveText(/102\s*Bob\s*750\.00/);
  await expect(tutorial.nth(2)).toHaveText(/103\s*Charlie\s*500\.00/);
  await expect(page.locator('#tutorial-log')).not.toContainText('the tutorial stopped');

  // The user's bank: open an account through the form.
  const form = page.getByRole('group', { name: 'Open account' });
  await form.getByLabel('Account id').fill('42');
  await form.getByLabel('Name').fill('Offline Olga');
  await form.getByLabel('Opening balance').fill('12.50');
  await form.getByRole('button', { name: 'Open account' }).click();
  await expect(page.locator('.form-message:not(:empty)')).toHaveAttribute('data-kind', 'ok');
  const rows = page.locator('#accounts-table tbody tr');
  await expect(rows).toHaveCount(1);
  await expect(rows.first().locator('td')).toHaveText(['42', 'Offline Olga', 'USD', '12.50', 'open']);

  // Still offline, a reload restores it from this browser.
  await page.reload();
  await ready(page);
  await expect(page.locator('#bank-message')).toContainText('Restored your bank from this browser (1 account)');
  await expect(rows.first().locator('td')).toHaveText(['42', 'Offline Olga', 'USD', '12.50', 'open']);

  // Only GETs of the listed files are answered from the cache.
  expect(await page.evaluate(() => fetch('/index.html', { method: 'POST' }).then(() => 'answered', () => 'failed'))).toBe('failed');
});

test('online, the server\'s copy wins and refreshes the cached one', async ({ page, context }) => {
  await visitOnline(page);
  const fetchTutorial = () => page.evaluate(() => fetch('./examples/tutorial.jsonl', { cache: 'no-store' }).then((r) => r.text()));
  const original = await fetchTutorial();
  expect(original).toContain('"Alice"');

  // A "rebuilt" file on the server: served instead of the cached copy, and cached.
  const rebuilt = '{"op":"greet","name":"Rebuilt"}\n';
  await context.route('**/examples/tutorial.jsonl', (route) =>
    route.fulfill({ status: 200, contentType: 'text/plain; charset=utf-8', body: rebuilt }));
  expect(await fetchTutorial()).toBe(rebuilt);

  await context.unroute('**/examples/tutorial.jsonl');
  await context.setOffline(true);
  expect(await page.evaluate(probe)).toBe('offline');
  // (The service worker stores the copy without holding up the response, hence the poll.)
  await expect.poll(fetchTutorial).toBe(rebuilt);
});
