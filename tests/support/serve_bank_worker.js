// A module worker that serves a bank (wasm-bank/worker's serveBank), for the
// page tests: loaded from this origin, as the page's CSP (worker-src 'self')
// requires.
import { serveBank } from '/dist/worker.js';

serveBank();
