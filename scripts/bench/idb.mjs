// The IndexedDB store's figures for `npm run bench`, measured in Chromium
// (Playwright, Debian's browser) on a page of the project's own server:
// opening a store of `entries` entries without and with a checkpoint (the
// seconds of each round), and the latency of each durable deposit awaited
// one at a time; and turning the pages of a statement (25 entries each);
// bench.mjs sums them up as it does the file store's.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';

const root = fileURLToPath(new URL('../../', import.meta.url));

async function startServer(port) {
  const server = spawn(process.execPath, [`${root}scripts/serve.mjs`], {
    env: { ...process.env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise((resolve, reject) => {
    server.stdout.on('data', (d) => { if (String(d).includes('served at')) resolve(); });
    server.on('exit', (code) => reject(new Error(`the server stopped (${code})`)));
  });
  return server;
}

export async function idbFigures({ entries, rounds, deposits }) {
  const port = 8190 + Math.floor(Math.random() * 100);
  const server = await startServer(port);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu'],
  });
  try {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${port}/`);
    const figures = await page.evaluate(async ({ n, rounds: r, count }) => {
      const { openBank } = await import('/dist/index.js');
      const now = () => performance.now() / 1000;
      const store = { indexedDB: 'bench' };
      const never = 2 ** 31;  // no checkpoint while it is filled
      let bank = await openBank(store, { checkpointEvery: never });
      const accounts = 10000;
      for (let id = 1; id <= accounts; id += 1000) {
        await bank.batch(Array.from({ length: 1000 }, (_, k) => ({ op: 'open', id: id + k, name: `C${id + k}`, balance: '1000000.00' })));
      }
      for (let done = accounts; done < n; done += 100000) {
        const k = Math.min(100000, n - done);
        const from = Int32Array.from({ length: k }, (_, i) => (i % accounts) + 1);
        const to = Int32Array.from({ length: k }, (_, i) => ((i + 1) % accounts) + 1);
        await bank.transferMany({ from, to, amount: new BigInt64Array(k).fill(1n) });
      }
      await bank.dispose();
      const plain = [];
      const checkpointed = [];
      for (let round = -1; round < r; round += 1) {
        let start = now();
        bank = await openBank(store, { checkpointEvery: never });
        const t1 = now() - start;
        await bank.dispose();
        bank = await openBank(store, { checkpointEvery: 1 });
        await bank.deposit(1, 1n);  // due at once: writes the checkpoint
        await bank.dispose();
        start = now();
        bank = await openBank(store);
        const t2 = now() - start;
        await bank.dispose();
        // The next round starts without one again.
        const db = await new Promise((resolve) => { indexedDB.open('wasm-bank:bench').onsuccess = (e) => resolve(e.target.result); });
        await new Promise((resolve) => {
          const tx = db.transaction('checkpoints', 'readwrite');
          tx.objectStore('checkpoints').clear();
          tx.oncomplete = resolve;
        });
        db.close();
        if (round >= 0) {
          plain.push(t1);
          checkpointed.push(t2);
        }
      }
      bank = await openBank(store);
      const latencies = [];
      for (let i = 0; i < count; i += 1) {
        const start = now();
        await bank.deposit(1, 1n);
        latencies.push(now() - start);
      }
      // The page's statement: a page of 25 entries at a time with their
      // running balances, older and older, through the stored bank (a store
      // turn each, as on the page).
      const pages = [];
      let before;
      for (let i = 0; i < 20; i += 1) {
        const start = now();
        const { lines } = await bank.statement(1, before === undefined ? { limit: 25 } : { limit: 25, before });
        pages.push(now() - start);
        if (lines.length < 25) break;
        before = lines[lines.length - 1].entry.entry;
      }
      await bank.dispose();
      return { entries: n, plain, checkpointed, latencies, pages };
    }, { n: entries, rounds, count: deposits });
    // Cold start of the page's bank: a fresh browser context each time (no
    // cache), from the import of the package to a bank that answered.
    const coldStarts = [];
    for (let i = 0; i < Math.max(rounds, 3); i += 1) {
      const context = await browser.newContext();
      const fresh = await context.newPage();
      await fresh.goto(`http://127.0.0.1:${port}/favicon.svg`);
      coldStarts.push(await fresh.evaluate(async () => {
        const start = performance.now();
        const { createBank } = await import('/dist/index.js');
        const bank = await createBank();
        bank.openAccount({ id: 1, name: 'Ann' });
        return (performance.now() - start) / 1000;
      }));
      await context.close();
    }
    return { ...figures, coldStarts };
  } finally {
    await browser.close();
    server.kill();
  }
}
