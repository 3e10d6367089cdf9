// wasm-bank service worker: makes the page work offline after one online visit.
//
// It precaches exactly the files the page loads (the list below) and answers
// same-origin GET requests for those files network-first: online, the server's
// copy is used and refreshes the cache (so a rebuilt wasm is picked up at
// once); offline, the cached copy is used. Every other request (another file,
// another origin, a query string, anything but GET) is left to the browser.
// Cached responses keep their headers, so the wasm is still application/wasm
// and the loader's WebAssembly.compileStreaming() works on it.

const CACHE_PREFIX = 'wasm-bank-offline-';
const CACHE = `${CACHE_PREFIX}v7`; // bump when the list below changes

// Relative to this file, which sits at the root of the page (scope ./).
const FILES = [
  './',
  './index.html',
  './app.js',
  './bank_view.js',
  './dom.js',
  './favicon.svg',
  './inspector.js',
  './journal_view.js',
  './scenario_view.js',
  './statement.js',
  './style.css',
  './tutorial_view.js',
  './words.js',
  './vendor/uplot/uPlot.esm.js',
  './vendor/uplot/uPlot.min.css',
  './dist/index.js',
  './dist/bank.js',
  './dist/exchange.js',
  './dist/instrumentation.js',
  './dist/internal.js',
  './dist/bank_error.js',
  './dist/contract.js',
  './dist/convert.js',
  './dist/idb_store.js',
  './dist/load_wasm.js',
  './dist/op_text.js',
  './dist/stored_bank.js',
  './dist/store.js',
  './dist/tutorial.js',
  './dist/wasm-bank.js',
  './dist/wasm-bank.wasm',
  './examples/tutorial.jsonl',
];
const URLS = new Set(FILES.map((f) => new URL(f, self.location.href).href));

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    // 'reload': straight from the server, never from the HTTP cache.
    await cache.addAll([...URLS].map((url) => new Request(url, { cache: 'reload' })));
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith(CACHE_PREFIX) && name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET' || !URLS.has(request.url)) return;
  event.respondWith(networkFirst(event));
});

async function networkFirst(event) {
  const { request } = event;
  try {
    const response = await fetch(request);
    if (response.ok && response.type === 'basic' && !response.redirected) {
      const copy = response.clone();
      event.waitUntil(caches.open(CACHE).then((cache) => cache.put(request, copy)).catch(() => {}));
    }
    return response;
  } catch (err) {
    const cache = await caches.open(CACHE);
    const cached = await cache.match(request, { ignoreVary: true });
    if (cached) return cached;
    throw err;
  }
}
