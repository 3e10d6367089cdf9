#include "queries.h"

#include <algorithm>
#include <climits>

#include "journal_io.h"
#include "ops.h"
#include "text_rules.h"
#include "wasmbank/money.h"
#include "wasmbank/sha256.h"

namespace wasmbank {

Result<const Account*> FindAccountToRead(const Ledger& ledger, int32_t id) {
  Status status = CheckId(id, "id");
  if (!status.ok()) return status;
  const Account* account = ledger.FindAccount(id);
  if (account == nullptr) {
    return Status(ErrorCode::kAccountNotFound,
                  "no account has id " + std::to_string(id));
  }
  return account;
}

Result<Balance> BalanceOf(Ledger& ledger, int32_t id,
                          std::optional<int64_t> as_of) {
  if (Status status = CheckId(id, "id"); !status.ok()) return status;
  if (as_of && (*as_of < 1 || *as_of > ledger.entry_count())) {
    return Status(ErrorCode::kInvalidArgument,
                  "\"as_of\" must be an entry number from 1 to " +
                      std::to_string(ledger.entry_count()) +
                      " (the entries in the journal)");
  }
  Result<const Account*> found = FindAccountToRead(ledger, id);
  if (!found.ok()) return found.status();
  const Account& account = **found;
  Balance balance{account.id, account.balance, account.scale(),
                  CurrencyAt(account.currency).code, as_of};
  if (as_of && !ledger.BalanceAfter(account, static_cast<uint32_t>(*as_of),
                                    &balance.minor)) {
    return Status(ErrorCode::kAccountNotFound, "account " + std::to_string(id) +
                                                   " was opened after entry " +
                                                   std::to_string(*as_of));
  }
  if (ledger.logging()) {
    ledger.Log("C++ core: account " + std::to_string(account.id) + " (" +
               std::string(account.name()) + ") has " +
               FormatAmount(balance.minor, balance.scale) + " " +
               balance.currency);
  }
  return balance;
}

Result<std::vector<uint32_t>> HistoryNumbers(Ledger& ledger, int32_t id,
                                             const HistoryOptions& options) {
  if (options.limit < 1 || options.limit > kMaxHistoryLimit) {
    return Status(ErrorCode::kInvalidArgument,
                  "\"limit\" must be an integer from 1 to " +
                      std::to_string(kMaxHistoryLimit));
  }
  if (options.before && (*options.before < 1 || *options.before > kMaxBefore)) {
    return Status(ErrorCode::kInvalidArgument,
                  "\"before\" must be an integer from 1 to 9007199254740992");
  }
  Result<const Account*> found = FindAccountToRead(ledger, id);
  if (!found.ok()) return found.status();
  const std::vector<uint32_t>& numbers = ledger.EntriesOf(**found);
  // Entries touching the account are ascending: find the first one that is
  // not below `before`, then walk back at most `limit`.
  auto end = options.before ? std::lower_bound(
                                  numbers.begin(), numbers.end(),
                                  static_cast<uint64_t>(*options.before),
                                  [](uint32_t n, uint64_t b) { return n < b; })
                            : numbers.end();
  std::vector<uint32_t> newest_first;
  for (auto it = end;
       it != numbers.begin() &&
       newest_first.size() < static_cast<size_t>(options.limit);) {
    newest_first.push_back(*--it);
  }
  return newest_first;
}

Result<VerifyReport> VerifyJournal(Ledger& ledger) {
  Status verified = VerifyLedger(ledger);
  if (!verified.ok()) return verified;
  return VerifyReport{ledger.accounts().size(), ledger.entry_count(),
                      ToHex(ledger.Head())};
}

Result<std::string> Greet(const Ledger& ledger, std::string_view name) {
  if (!IsValidName(name)) {
    return Status(ErrorCode::kInvalidName,
                  "a name must be 1 to 64 characters, not only spaces, with "
                  "no control characters");
  }
  ledger.Log("C++ core: greeted " + std::string(name));
  return "Hello, " + std::string(name);
}

Result<int32_t> Arithmetic(const Ledger& ledger, bool plus, int64_t a,
                           int64_t b) {
  const int64_t result = plus ? a + b : a - b;
  if (result < INT32_MIN || result > INT32_MAX) {
    return Status(ErrorCode::kOverflow,
                  "the result does not fit a 32-bit integer");
  }
  ledger.Log("C++ core: " + std::to_string(a) + (plus ? " + " : " - ") +
             std::to_string(b) + " = " + std::to_string(result));
  return static_cast<int32_t>(result);
}

AccountInfo InfoOf(const Account& account) {
  return AccountInfo{account.id,
                     std::string(account.name()),
                     std::string(account.address()),
                     CurrencyAt(account.currency).code,
                     account.scale(),
                     account.balance,
                     account.held,
                     Ledger::AvailableOf(account),
                     account.overdraft_limit,
                     account.closed};
}

Result<std::vector<HoldInfo>> PendingHoldsOf(Ledger& ledger, int32_t id,
                                             int64_t at) {
  if (at < 0 || at > kMaxAt) {
    return Status(ErrorCode::kInvalidArgument,
                  "\"at\" must be an integer from 0 to 8640000000000000");
  }
  Result<const Account*> found = FindAccountToRead(ledger, id);
  if (!found.ok()) return found.status();
  ledger.PrepareAt(at);
  std::vector<HoldInfo> pending;
  if ((*found)->holds == 0) return pending;
  // The holds naming the account are among the entries touching it.
  for (uint32_t number : ledger.EntriesOf(**found)) {
    const HoldRecord* hold = ledger.FindHold(number);
    if (hold == nullptr || hold->state != HoldState::kPending) continue;
    const Entry& e = ledger.entry(number);
    HoldInfo info;
    info.hold = number;
    info.from = e.id;
    info.to = e.to;
    info.amount = e.amount;
    info.scale = (*found)->scale();
    if (hold->expires_at != 0) info.expires_at = hold->expires_at;
    info.memo = ledger.memo_of(e);
    info.at = e.at;
    pending.push_back(std::move(info));
  }
  return pending;
}

JournalEntry EntryAt(const Ledger& ledger, uint32_t number) {
  const Entry& e = ledger.entry(number);
  const Account& account = *ledger.FindAccount(e.id);
  JournalEntry out;
  out.number = number;
  out.kind = e.kind;
  out.id = e.id;
  out.to = ledger.SecondAccountOf(e);
  if (e.kind == EntryKind::kCapture || e.kind == EntryKind::kRelease) {
    out.hold = HoldNumberOf(e);
  }
  if (e.kind == EntryKind::kHold) {
    const HoldRecord* hold = ledger.FindHold(number);
    if (hold->expires_at != 0) out.expires_at = hold->expires_at;
  }
  if (e.kind == EntryKind::kLimit) out.overdraft_limit = e.amount;
  out.amount = e.amount;
  out.scale = account.scale();
  out.currency = CurrencyAt(account.currency).code;
  if (e.kind == EntryKind::kOpen) {
    out.name = account.name();
    out.address = account.address();
    out.overdraft_limit = account.opening_limit;
  }
  out.memo = ledger.memo_of(e);
  if (std::string_view key = ledger.key_of(e); !key.empty()) out.key = key;
  out.at = e.at;
  return out;
}

}  // namespace wasmbank
