// The plain-JS baseline of `npm run bench` (BENCHMARKS.md): the ledger a
// competent JS developer would write with the same rules — a Map of
// accounts, BigInt balances (no floats on money), an append-only journal
// array, and for transfers: ids, closed accounts, currency match, amount > 0,
// the overdraft limit and int64 overflow.
//
// Holds as that developer would add them: a Map of pending holds by
// number, `held` kept per account, the funds check on available
// (balance - held); capture moves money and closes the hold.
//
// Two ways to answer, to compare like with like:
//   - transfer(): an error code or null, as transferMany reports codes;
//   - transferResult() / deposit() / withdraw(): the result object the wasm
//     API's per-call methods return, entry number and balances formatted as
//     decimal strings at the currency's scale.
const INT64_MAX = (1n << 63n) - 1n;

// Decimal text of minor units at `scale` ("1250.00", "-0.05", JPY "1500").
function format(minor, scale) {
  if (scale === 0) return minor.toString();
  const negative = minor < 0n;
  const digits = (negative ? -minor : minor).toString().padStart(scale + 1, '0');
  const text = `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return negative ? `-${text}` : text;
}

export class PlainLedger {
  constructor() {
    this.accounts = new Map();
    this.journal = [];
    this.holds = new Map();
  }

  open(id, balance, currency = 'USD', scale = 2) {
    this.accounts.set(id, { id, balance, held: 0n, overdraft: 0n, currency, scale, closed: false });
    this.journal.push({ kind: 'open', id, amount: balance, at: 0 });
  }

  transfer(from, to, amount, at) {
    if (from === to) return 'SAME_ACCOUNT';
    const a = this.accounts.get(from);
    const b = this.accounts.get(to);
    if (!a || !b) return 'ACCOUNT_NOT_FOUND';
    if (a.closed || b.closed) return 'ACCOUNT_CLOSED';
    if (a.currency !== b.currency) return 'CURRENCY_MISMATCH';
    if (amount <= 0n) return 'INVALID_AMOUNT';
    if (a.balance - a.held - amount < -a.overdraft) return 'INSUFFICIENT_FUNDS';
    if (b.balance + amount > INT64_MAX) return 'OVERFLOW';
    a.balance -= amount;
    b.balance += amount;
    this.journal.push({ kind: 'transfer', from, to, amount, at });
    return null;
  }

  transferResult(from, to, amount, at) {
    const error = this.transfer(from, to, amount, at);
    if (error !== null) throw new Error(error);
    const a = this.accounts.get(from);
    return {
      op: 'transfer', ok: true, entry: this.journal.length,
      from_balance: format(a.balance, a.scale),
      to_balance: format(this.accounts.get(to).balance, a.scale),
    };
  }

  deposit(id, amount, at) {
    const a = this.accounts.get(id);
    if (!a) throw new Error('ACCOUNT_NOT_FOUND');
    if (a.closed) throw new Error('ACCOUNT_CLOSED');
    if (amount <= 0n) throw new Error('INVALID_AMOUNT');
    if (a.balance + amount > INT64_MAX) throw new Error('OVERFLOW');
    a.balance += amount;
    this.journal.push({ kind: 'deposit', id, amount, at });
    return { op: 'deposit', ok: true, entry: this.journal.length, id, balance: format(a.balance, a.scale) };
  }

  withdraw(id, amount, at) {
    const a = this.accounts.get(id);
    if (!a) throw new Error('ACCOUNT_NOT_FOUND');
    if (a.closed) throw new Error('ACCOUNT_CLOSED');
    if (amount <= 0n) throw new Error('INVALID_AMOUNT');
    if (a.balance - a.held - amount < -a.overdraft) throw new Error('INSUFFICIENT_FUNDS');
    a.balance -= amount;
    this.journal.push({ kind: 'withdraw', id, amount, at });
    return { op: 'withdraw', ok: true, entry: this.journal.length, id, balance: format(a.balance, a.scale) };
  }

  hold(from, to, amount, at) {
    if (from === to) throw new Error('SAME_ACCOUNT');
    const a = this.accounts.get(from);
    const b = this.accounts.get(to);
    if (!a || !b) throw new Error('ACCOUNT_NOT_FOUND');
    if (a.closed || b.closed) throw new Error('ACCOUNT_CLOSED');
    if (a.currency !== b.currency) throw new Error('CURRENCY_MISMATCH');
    if (amount <= 0n) throw new Error('INVALID_AMOUNT');
    if (a.balance - a.held - amount < -a.overdraft) throw new Error('INSUFFICIENT_FUNDS');
    a.held += amount;
    this.journal.push({ kind: 'hold', from, to, amount, at });
    const hold = this.journal.length;
    this.holds.set(hold, { from: a, to: b, amount });
    return { op: 'hold', ok: true, entry: hold, hold, available: format(a.balance - a.held, a.scale) };
  }

  capture(hold, amount, at) {
    const h = this.holds.get(hold);
    if (!h) throw new Error('HOLD_NOT_FOUND');
    const captured = amount ?? h.amount;
    if (captured <= 0n || captured > h.amount) throw new Error('INVALID_AMOUNT');
    if (h.to.balance + captured > INT64_MAX) throw new Error('OVERFLOW');
    this.holds.delete(hold);
    h.from.held -= h.amount;
    h.from.balance -= captured;
    h.to.balance += captured;
    this.journal.push({ kind: 'capture', hold, amount: captured, at });
    return {
      op: 'capture', ok: true, entry: this.journal.length, hold, amount: format(captured, h.from.scale),
      from_balance: format(h.from.balance, h.from.scale), to_balance: format(h.to.balance, h.from.scale),
    };
  }
}
