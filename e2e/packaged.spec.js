// The installed package in Chromium: packs the repository, installs the
// tarball into an empty temp project, builds its Vite app (index.html,
// main.js, a module worker) and serves the project from a tiny static server
// of its own on 127.0.0.1 (application/wasm). Self-contained: needs only a
// built dist/. The same fixture is checked without a browser by
// tests/js/pack.test.js.
import { test, expect } from '@playwright/test';
import { makePackedProject, viteBuild, serve } from '../tests/pack/project.mjs';

let project;
let server;

test.beforeAll(async ({}, testInfo) => {
  testInfo.setTimeout(120_000);
  project = await makePackedProject();
  await viteBuild(project.app);
  server = await serve(project.app);
});

test.afterAll(async () => {
  await server?.close();
  await project?.cleanup();
});

// Collects page errors and failed requests so a failure says why.
function watch(page) {
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`requestfailed: ${r.url()}`));
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`${r.status()}: ${r.url()}`); });
  return problems;
}

test('the Vite build loads the .wasm and shows a balance, on the page and in a worker', async ({ page }) => {
  const problems = watch(page);
  const wasm = page.waitForResponse((r) => r.url().endsWith('.wasm'));
  await page.goto(`${server.url}/dist/`);
  const response = await wasm;
  expect(response.url()).toMatch(/\/dist\/assets\/wasm-bank-[\w-]+\.wasm$/);
  expect(response.headers()['content-type']).toBe('application/wasm');
  await expect(page.locator('#balance')).toHaveText('25.50');
  await expect(page.locator('#worker-balance')).toHaveText('7.25');
  expect(problems).toEqual([]);
});

test('a plain page with an import map uses the installed package directly', async ({ page }) => {
  const problems = watch(page);
  await page.goto(`${server.url}/plain.html`);
  await expect(page.locator('#balance')).toHaveText('12.00');
  await expect(page.locator('#worker-balance')).toHaveText('3.00');
  expect(problems).toEqual([]);
});

test('a wasm URL that 404s gives the clear BankError in the browser', async ({ page }) => {
  await page.goto(`${server.url}/plain.html`);
  await expect(page.locator('#balance')).toHaveText('12.00');
  const error = await page.evaluate(async () => {
    const { createBank } = await import('wasm-bank');
    try {
      await createBank({ locateFile: (file) => `/missing/${file}` });
      return 'no error';
    } catch (e) {
      return `${e.name} ${e.code}: ${e.message}`;
    }
  });
  expect(error).toMatch(/^BankError INVALID_ARGUMENT: could not load wasm-bank\.wasm from http:\/\/127\.0\.0\.1:\d+\/missing\/wasm-bank\.wasm: the server answered HTTP 404/);
});
