#!/usr/bin/env node
// Zero-dependency static server for the wasm-bank page (127.0.0.1 only).
//   /            -> web/
//   /dist/       -> dist/       (wasm-bank.js, wasm-bank.wasm, index.js, ...; or $WASMBANK_DIST)
//   /examples/   -> examples/
//   /tests/      -> tests/
//   /vendor/uplot/ -> node_modules/uplot/dist/ (the page's chart library, installed by npm ci)
// Every response carries the page's Content-Security-Policy (also in
// web/index.html's meta tag, for other servers) and frame-ancestors, which
// only a header can set.
// PORT overrides the default port 8080.
import { createServer } from 'node:http';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const HOST = '127.0.0.1';
const PORT = Number.parseInt(process.env.PORT ?? '8080', 10);
if (!Number.isInteger(PORT) || PORT < 0 || PORT > 65535) {
  console.error(`serve: invalid PORT ${JSON.stringify(process.env.PORT)}`);
  process.exit(2);
}

// Longest prefix first.
const MOUNTS = [
  ['/vendor/uplot/', path.join(ROOT, 'node_modules', 'uplot', 'dist')],
  // WASMBANK_DIST serves another build of the package (as the Node tests take it).
  ['/dist/', process.env.WASMBANK_DIST ? path.resolve(ROOT, process.env.WASMBANK_DIST) : path.join(ROOT, 'dist')],
  ['/examples/', path.join(ROOT, 'examples')],
  ['/tests/', path.join(ROOT, 'tests')],
  ['/', path.join(ROOT, 'web')],
];

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.cjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.jsonl': 'text/plain; charset=utf-8',
  '.expected': 'text/plain; charset=utf-8',
  '.journal': 'text/plain; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webmanifest': 'application/manifest+json',
};

const CONTENT_SECURITY_POLICY = [
  "default-src 'self'", "script-src 'self' 'wasm-unsafe-eval'", "style-src 'self'", "img-src 'self'",
  "font-src 'self'", "connect-src 'self'", "worker-src 'self'", "object-src 'none'", "base-uri 'none'",
  "form-action 'none'", "frame-ancestors 'none'",
].join('; ');

const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

function contentType(file) {
  return TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

function send(res, status, text, extra = {}) {
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Cache-Control': 'no-cache',
    ...SECURITY_HEADERS,
    ...extra,
  });
  res.end(status === 405 || res.req.method === 'HEAD' ? undefined : `${text}\n`);
}

// Maps a URL path to a file inside one of the mounts, or null.
function resolve(urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  for (const [prefix, dir] of MOUNTS) {
    if (decoded === prefix.slice(0, -1) && prefix !== '/') return { redirect: prefix };
    if (!decoded.startsWith(prefix)) continue;
    const rel = decoded.slice(prefix.length);
    const segments = rel.split('/');
    if (segments.some((s) => s === '..' || s === '.')) return null;
    const file = path.resolve(dir, ...segments.filter(Boolean));
    if (file !== dir && !file.startsWith(dir + path.sep)) return null;
    return { file, dir, trailingSlash: rel === '' || rel.endsWith('/') };
  }
  return null;
}

const server = createServer(async (req, res) => {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    send(res, 405, 'method not allowed', { Allow: 'GET, HEAD' });
    return;
  }
  let pathname;
  try {
    pathname = new URL(req.url, `http://${HOST}`).pathname;
  } catch {
    send(res, 400, 'bad request');
    return;
  }
  const target = resolve(pathname);
  if (!target) {
    send(res, 404, 'not found');
    return;
  }
  if (target.redirect) {
    send(res, 301, 'moved', { Location: target.redirect });
    return;
  }
  let file = target.file;
  try {
    let st = await stat(file);
    if (st.isDirectory()) {
      if (!target.trailingSlash) {
        send(res, 301, 'moved', { Location: `${pathname}/` });
        return;
      }
      file = path.join(file, 'index.html');
      st = await stat(file);
    }
    if (!st.isFile()) throw new Error('not a file');
    res.writeHead(200, {
      'Content-Type': contentType(file),
      'Content-Length': st.size,
      'Cache-Control': 'no-cache',
      ...SECURITY_HEADERS,
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    const stream = createReadStream(file);
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  } catch {
    send(res, 404, 'not found');
  }
});

server.on('error', (err) => {
  console.error(`serve: ${err.message}`);
  process.exit(1);
});

server.listen(PORT, HOST, () => {
  const { port } = server.address();
  console.log(`wasm-bank is being served at http://${HOST}:${port}/`);
});

for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    server.close();
    server.closeAllConnections?.();
    process.exit(0);
  });
}
