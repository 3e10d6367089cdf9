// A straightforward plain-JS ledger with the transfer rules of SPEC §4 (ids,
// closed accounts, currency match, amount > 0, overdraft, int64 overflow) and
// an append-only journal: the baseline transferMany is compared against.
const INT64_MAX = (1n << 63n) - 1n;

export class PlainLedger {
  constructor() {
    this.accounts = new Map();
    this.journal = [];
  }

  open(id, balance, currency = 'USD') {
    this.accounts.set(id, { id, balance, overdraft: 0n, currency, closed: false });
  }

  transfer(from, to, amount, at) {
    if (from === to) return 'SAME_ACCOUNT';
    const a = this.accounts.get(from);
    const b = this.accounts.get(to);
    if (!a || !b) return 'ACCOUNT_NOT_FOUND';
    if (a.closed || b.closed) return 'ACCOUNT_CLOSED';
    if (a.currency !== b.currency) return 'CURRENCY_MISMATCH';
    if (amount <= 0n) return 'INVALID_AMOUNT';
    if (a.balance - amount < -a.overdraft) return 'INSUFFICIENT_FUNDS';
    if (b.balance + amount > INT64_MAX) return 'OVERFLOW';
    a.balance -= amount;
    b.balance += amount;
    this.journal.push({ kind: 'transfer', from, to, amount, at });
    return null;
  }
}
