// The package under test (see dist.mjs for which build), for tests that
// would otherwise `import … from '../../dist/index.js'`.
import { distUrl } from './dist.mjs';

export const { createBank, BankError, ERROR_CODES } = await import(distUrl('index.js').href);
export const { connectBank, serveBank, REMOTE_METHODS } = await import(distUrl('worker.js').href);
export const { openBank } = await import(distUrl('index.node.js').href);
