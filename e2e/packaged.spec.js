// The installed package in Chromium: packs the package (the dist directory
// under test, see tests/support/dist.mjs), installs the tarball into an empty
// temp project, builds its Vite app (index.html, main.js, a module worker)
// and serves the project from a tiny static server of its own on 127.0.0.1
// (application/wasm); then a production build with each of webpack, esbuild,
// Rollup and Parcel, and plain pages with import maps (page-relative, and a
// site with pages under /app/ and the package under /vendor/). Self-contained:
// needs only a built dist. The same fixture is checked without a browser by
// tests/js/pack.test.js.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test, expect } from '@playwright/test';
import { makePackedProject, viteBuild, serve, bundle, BUNDLERS } from '../tests/pack/project.mjs';

let project;
let server;
let site;

test.beforeAll(async ({}, testInfo) => {
  testInfo.setTimeout(120_000);
  project = await makePackedProject();
  await viteBuild(project.app);
  server = await serve(project.app);
  site = await serve(project.site);
});

test.afterAll(async () => {
  await server?.close();
  await site?.close();
  await project?.cleanup();
});

// Collects page errors and failed requests so a failure says why.
function watch(page) {
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`requestfailed: ${r.url()}`));
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`${r.status()}: ${r.url()}`); });
  // (the browser's own request for /favicon.ico is no problem of the page)
  page.on('console', (m) => {
    const where = m.location().url ?? '';
    if (m.type() === 'error' && !where.endsWith('/favicon.ico')) problems.push(`console: ${m.text()} ${where}`);
  });
  return problems;
}

// Opens url: the first .wasm the page fetches must match `wasm` (a RegExp or
// the URL) and come as application/wasm, then each #id must show its text
// ({ id: text }), with no problem on the way.
async function expectBalances(page, url, wasm, texts) {
  const problems = watch(page);
  const fetched = page.waitForResponse((r) => r.url().endsWith('.wasm'));
  await page.goto(url);
  const response = await fetched;
  expect(response.url()).toMatch(wasm);
  expect(response.headers()['content-type']).toBe('application/wasm');
  for (const [id, text] of Object.entries(texts)) await expect(page.locator(`#${id}`)).toHaveText(text);
  expect(problems).toEqual([]);
}

for (const name of Object.keys(BUNDLERS)) {
  test(`a production build with ${name} emits the .wasm and shows a balance`, async ({ page }, testInfo) => {
    testInfo.setTimeout(120_000);
    const built = await bundle(project.app, name);
    console.log(`${name} build: ${built.seconds.toFixed(2)} s`);
    testInfo.annotations.push({ type: 'build time', description: `${built.seconds.toFixed(2)} s` });
    const wasm = built.files.filter((f) => f.endsWith('.wasm'));
    expect(wasm, built.files.join(', ')).toHaveLength(1);
    expect(readFileSync(path.join(built.out, wasm[0])).equals(
      readFileSync(path.join(project.app, 'node_modules', 'wasm-bank', 'dist', 'wasm-bank.wasm')))).toBe(true);
    await expectBalances(page, `${server.url}/${built.page}`, `${server.url}/out/${name}/${wasm[0]}`,
      { balance: '25.50' });
  });
}

test('the Vite build loads the .wasm and shows a balance, on the page and in a worker', async ({ page }) => {
  await expectBalances(page, `${server.url}/dist/`, /\/dist\/assets\/wasm-bank-[\w-]+\.wasm$/,
    { balance: '25.50', 'worker-balance': '7.25' });
});

// Import maps: page-relative (the package in the project's node_modules), and
// absolute on a site with pages under /app/ and the package under /vendor/.
for (const [title, host, pagePath, pkg] of [
  ['a plain page with an import map uses the installed package directly',
    () => server, '/plain.html', '/node_modules/wasm-bank'],
  ['a page under /app/ with an absolute import map uses the package under /vendor/',
    () => site, '/app/', '/vendor/wasm-bank'],
]) {
  test(title, async ({ page }) => {
    const { url } = host();
    await expectBalances(page, url + pagePath, `${url}${pkg}/dist/wasm-bank.wasm`,
      { balance: '12.00', 'worker-balance': '3.00' });
  });
}

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

test('a wrong import map shows only as a 404 for the module, and nothing runs', async ({ page }) => {
  const problems = watch(page);
  await page.goto(`${site.url}/app/wrong.html`);
  const missing = `${site.url}/app/node_modules/wasm-bank/dist/index.js`;
  await expect.poll(() => problems).toContain(`404: ${missing}`);
  expect(problems.filter((p) => p.startsWith('console:')).join('\n')).toMatch(/404/);
  expect(problems.some((p) => p.startsWith('pageerror:'))).toBe(false);
  await expect(page.locator('#balance')).toHaveText('…');
});
