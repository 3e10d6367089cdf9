// What the page says: error codes in words and journal entries in words.
// The page does no money arithmetic and guesses nothing from a balance's
// text: every amount and balance it shows is the core's own decimal text
// (a statement's balances come from bank.statement(), a balance as of an
// entry from bank.balance()).

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

// ---------- entries in words ----------

// `holdOf(n)` gives hold n's own entry ({ from, to, amount, expires_at? }) or
// null: a capture or release entry names its hold only.

/**
 * An entry of account `id`'s statement in words; `named(id)` names another
 * account, `holdOf(n)` looks up hold n's entry.
 */
export function entryInWords(entry, id, currency, named, holdOf = () => null) {
  const memo = entry.memo ? ` — “${entry.memo}”` : '';
  const money = (text) => `${text} ${currency}`;
  switch (entry.kind) {
    case 'open': return `Opened for ${entry.name} in ${currency}`;
    case 'deposit': return `Deposit${memo}`;
    case 'withdraw': return `Withdrawal${memo}`;
    case 'transfer':
      return entry.from === id ? `Transfer to ${named(entry.to)}${memo}` : `Transfer from ${named(entry.from)}${memo}`;
    case 'close': return 'Closed';
    case 'hold': {
      const until = entry.expires_at === undefined ? '' : `, until ${timeOf(entry.expires_at)}`;
      return entry.from === id
        ? `Hold ${entry.entry}: ${money(entry.amount)} set aside for ${named(entry.to)}${until}${memo}`
        : `Hold ${entry.entry}: ${named(entry.from)} set aside ${money(entry.amount)} for this account${until}${memo}`;
    }
    case 'capture': {
      const hold = holdOf(entry.hold);
      if (hold === null) return `Capture of hold ${entry.hold}: ${money(entry.amount)} moved${memo}`;
      const of = `of the ${money(hold.amount)} held`;
      return hold.from === id
        ? `Capture of hold ${entry.hold}: ${money(entry.amount)} ${of} paid to ${named(hold.to)}${memo}`
        : `Capture of hold ${entry.hold}: ${money(entry.amount)} ${of} received from ${named(hold.from)}${memo}`;
    }
    case 'release': {
      const hold = holdOf(entry.hold);
      if (hold === null) return `Release of hold ${entry.hold}: nothing moved${memo}`;
      return hold.from === id
        ? `Release of hold ${entry.hold}: the ${money(hold.amount)} set aside for ${named(hold.to)} is free again${memo}`
        : `Release of hold ${entry.hold}: the ${money(hold.amount)} ${named(hold.from)} set aside will not come${memo}`;
    }
    case 'limit': return `Overdraft limit set to ${money(entry.overdraft_limit)}${memo}`;
    default: return entry.kind;
  }
}

/** An entry's time as "2026-11-24 16:10:14 UTC", or a dash when it has none. */
export function timeOf(at) {
  return typeof at === 'number' && at > 0 ? `${new Date(at).toISOString().replace('T', ' ').slice(0, 19)} UTC` : '—';
}
