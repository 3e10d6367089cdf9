// What the page says: error codes in words, journal entries in words, and
// the exact arithmetic of a statement's running balance (BigInt minor
// units, never floats: a balance is shown as the core's decimal text).

// Each code's words are the core's (core/include/wasmbank/contract.h,
// generated into the package's contract.js). Without a built package the
// page says so elsewhere; a refusal then still shows its code and message.
const { ERROR_WORDS } = await import('./dist/contract.js').catch(() => ({ ERROR_WORDS: {} }));

/** A refusal in words, with the core's own message and the code. */
export function describeError(err) {
  if (err && typeof err === 'object' && typeof err.code === 'string') {
    const words = (Object.hasOwn(ERROR_WORDS, err.code) && ERROR_WORDS[err.code]) || 'The bank refused that';
    const detail = err.message && err.message !== err.code ? ` (${err.message})` : '';
    return `${words}${detail}. [${err.code}]`;
  }
  return `Something went wrong: ${err && err.message ? err.message : String(err)}`;
}

// ---------- amounts: the core's decimal text <-> BigInt minor units ----------

/** Digits after the point in the core's text of an amount of this currency ("12.50" -> 2, "1500" -> 0). */
export const scaleOf = (text) => (text.includes('.') ? text.length - text.indexOf('.') - 1 : 0);

/** "-12.50" -> -1250n (text as the core formats it, at `scale`). */
export function toMinor(text, scale) {
  const negative = text.startsWith('-');
  const [whole, frac = ''] = (negative ? text.slice(1) : text).split('.');
  const value = BigInt(whole + frac.padEnd(scale, '0'));
  return negative ? -value : value;
}

/** -1250n -> "-12.50" at scale 2. */
export function fromMinor(value, scale) {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(scale + 1, '0');
  const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return negative ? `-${text}` : text;
}

/** How an entry changes account `id`'s balance, in minor units. */
export function effectOn(entry, id, scale) {
  if (entry.amount === undefined || entry.kind === 'close') return 0n;
  const amount = toMinor(entry.amount, scale);
  switch (entry.kind) {
    case 'open':
    case 'deposit': return amount;
    case 'withdraw': return -amount;
    case 'transfer': return entry.from === id ? -amount : amount;
    default: return 0n;
  }
}

// ---------- entries in words ----------

/** An entry of account `id`'s statement in words; `named(id)` names another account. */
export function entryInWords(entry, id, currency, named) {
  const memo = entry.memo ? ` — “${entry.memo}”` : '';
  switch (entry.kind) {
    case 'open': return `Opened for ${entry.name} in ${currency}`;
    case 'deposit': return `Deposit${memo}`;
    case 'withdraw': return `Withdrawal${memo}`;
    case 'transfer':
      return entry.from === id ? `Transfer to ${named(entry.to)}${memo}` : `Transfer from ${named(entry.from)}${memo}`;
    case 'close': return 'Closed';
    default: return entry.kind;
  }
}

/** An entry's time as "2026-11-24 16:10:14" (UTC), or a dash when it has none. */
export function timeOf(at) {
  return typeof at === 'number' && at > 0 ? `${new Date(at).toISOString().replace('T', ' ').slice(0, 19)} UTC` : '—';
}
