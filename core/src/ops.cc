#include "ops.h"

#include "json.h"
#include "text_rules.h"

namespace wasmbank {
namespace {

Outcome Fail(ErrorCode code, std::string message) {
  Outcome outcome;
  outcome.status = Status(code, std::move(message));
  return outcome;
}

std::string Describe(const Account& account) {
  std::string out = "account " + std::to_string(account.id) + " (";
  out.append(account.name()).append(")");
  return out;
}

std::string Money(int64_t minor, const Account& account) {
  return FormatAmount(minor, account.scale()) + " " +
         CurrencyAt(account.currency).code;
}

// Looks up an account that an op changes: it must exist and be open.
Outcome FindOpenAccount(Ledger& ledger, int32_t id, Account** out) {
  Account* account = ledger.FindAccount(id);
  if (account == nullptr) {
    return Fail(ErrorCode::kAccountNotFound,
                "no account has id " + std::to_string(id));
  }
  if (account->closed) {
    return Fail(ErrorCode::kAccountClosed, Describe(*account) + " is closed");
  }
  *out = account;
  return Outcome();
}

Status ReadPositive(const AmountInput& input, const Account& account,
                    int64_t* minor) {
  Status status = ReadAmount(input, account.scale(), 0, minor);
  if (status.ok() && *minor <= 0) {
    return Status(ErrorCode::kInvalidAmount,
                  "the amount must be greater than zero");
  }
  return status;
}

// The idempotency step. Returns true when the op must stop here, with
// *outcome holding the replayed result or IDEMPOTENCY_CONFLICT.
template <typename SameRequest>
bool CheckKey(Ledger& ledger, const Mutation& m, EntryKind kind,
              SameRequest same, Outcome* outcome) {
  if (m.key.empty()) return false;
  const KeyRecord* record = ledger.FindKey(m.key);
  if (record == nullptr) return false;
  const Entry& e = ledger.entry(record->entry);
  if (e.kind != kind || ledger.memo_of(e) != m.memo || !same(e)) {
    *outcome = Fail(ErrorCode::kIdempotencyConflict,
                    "the key " + JsonString(m.key) +
                        " was already used by a different request (entry " +
                        std::to_string(record->entry) + ")");
    return true;
  }
  const Account& account = *ledger.FindAccount(e.id);
  *outcome = Outcome();
  outcome->kind = kind;
  outcome->replayed = true;
  outcome->entry = record->entry;
  outcome->id = e.id;
  outcome->balance = record->balance;
  outcome->to_balance = record->to_balance;
  outcome->scale = account.scale();
  ledger.Log("C++ core: replayed entry " + std::to_string(record->entry) +
             " for key " + JsonString(m.key) + " on " + Describe(account));
  return true;
}

// True when `input` reads, at the scale of entry e's account, as e.amount.
bool SameAmount(const Ledger& ledger, const Entry& e,
                const AmountInput& input) {
  int64_t minor;
  return ReadAmount(input, ledger.FindAccount(e.id)->scale(), 0, &minor).ok() &&
         minor == e.amount;
}

// The steps deposit and withdraw share, in precedence order: idempotency,
// ACCOUNT_NOT_FOUND, ACCOUNT_CLOSED, INVALID_AMOUNT (> 0). Returns true when
// the op stops here with *outcome (a replay or an error).
bool StopsBeforeApplying(Ledger& ledger, const AmountRequest& r, EntryKind kind,
                         Account** account, int64_t* amount, Outcome* outcome) {
  auto same = [&](const Entry& e) {
    return e.id == r.id && SameAmount(ledger, e, r.amount);
  };
  if (CheckKey(ledger, r.mutation, kind, same, outcome)) return true;
  *outcome = FindOpenAccount(ledger, r.id, account);
  if (!outcome->ok()) return true;
  Status status = ReadPositive(r.amount, **account, amount);
  if (!status.ok()) {
    *outcome = Outcome{status};
    return true;
  }
  return false;
}

Outcome Applied(EntryKind kind, uint32_t entry, const Account& account) {
  Outcome outcome;
  outcome.kind = kind;
  outcome.entry = entry;
  outcome.id = account.id;
  outcome.balance = account.balance;
  outcome.scale = account.scale();
  return outcome;
}

Status ReadDecimal(std::string_view text, int scale, int64_t* minor_units) {
  if (ParseAmount(text, scale, minor_units)) return Status::Ok();
  return Status(ErrorCode::kInvalidAmount,
                JsonString(text) + " is not a valid amount: use digits with " +
                    "at most " + std::to_string(scale) +
                    " decimal places, no sign, spaces or separators");
}

}  // namespace

Status ReadAmount(const AmountInput& input, int scale, int64_t fallback,
                  int64_t* minor_units) {
  if (input.has_minor) {
    if (input.minor < 0) {
      return Status(ErrorCode::kInvalidAmount, "amounts cannot be negative");
    }
    *minor_units = input.minor;
    return Status::Ok();
  }
  if (input.has_text) return ReadDecimal(input.text, scale, minor_units);
  if (input.json == nullptr) {
    *minor_units = fallback;
    return Status::Ok();
  }
  const JsonValue& json = *input.json;
  if (input.dialect == Dialect::kJsApi && json.is_number() &&
      json.integer_token) {
    // A bigint of minor units (see Dialect). Reuse the decimal parser at
    // scale 0 so the int64 range check is the same one.
    if (!json.text.empty() && json.text[0] == '-') {
      return Status(ErrorCode::kInvalidAmount, "amounts cannot be negative");
    }
    if (ParseAmount(json.text, 0, minor_units)) return Status::Ok();
    return Status(ErrorCode::kInvalidAmount,
                  "the amount " + json.text + " is out of range");
  }
  if (json.is_number()) {
    return Status(ErrorCode::kInvalidAmount,
                  "amounts must be a decimal string such as \"12.50\" or a "
                  "bigint of minor units; a number can lose cents");
  }
  if (!json.is_string()) {
    return Status(ErrorCode::kInvalidAmount,
                  "amounts must be a decimal string such as \"12.50\"");
  }
  return ReadDecimal(json.text, scale, minor_units);
}

Outcome Open(Ledger& ledger, const OpenRequest& r) {
  if (!IsValidName(r.name)) {
    return Fail(ErrorCode::kInvalidName,
                "an account name must be 1 to 64 characters, not only "
                "spaces, with no control characters");
  }
  const Currency* currency = FindCurrency(r.currency);
  if (currency == nullptr) {
    return Fail(ErrorCode::kInvalidCurrency,
                JsonString(r.currency) +
                    " is not an active ISO 4217 currency code (e.g. \"USD\")");
  }
  int64_t balance;
  int64_t overdraft_limit;
  Status status = ReadAmount(r.balance, currency->scale, 0, &balance);
  if (status.ok()) {
    status =
        ReadAmount(r.overdraft_limit, currency->scale, 0, &overdraft_limit);
  }
  if (!status.ok()) return Outcome{status};

  Outcome outcome;
  auto same = [&](const Entry& e) {
    const Account& a = *ledger.FindAccount(e.id);
    return e.id == r.id && a.name() == r.name && a.address() == r.address &&
           CurrencyIndex(currency) == a.currency && e.amount == balance &&
           a.overdraft_limit == overdraft_limit;
  };
  if (CheckKey(ledger, r.mutation, EntryKind::kOpen, same, &outcome)) {
    return outcome;
  }
  if (ledger.FindAccount(r.id) != nullptr) {
    return Fail(ErrorCode::kAccountExists,
                "an account with id " + std::to_string(r.id) +
                    " already exists (ids are never reused)");
  }
  uint32_t entry =
      ledger.AppendOpen(r.id, r.name, r.address, CurrencyIndex(currency),
                        balance, overdraft_limit, r.mutation);
  const Account& account = *ledger.FindAccount(r.id);
  if (ledger.logging()) {
    ledger.Log("C++ core: opened " + Describe(account) + " with " +
               Money(balance, account));
  }
  return Applied(EntryKind::kOpen, entry, account);
}

Outcome Deposit(Ledger& ledger, const AmountRequest& r) {
  Outcome outcome;
  Account* account;
  int64_t amount;
  if (StopsBeforeApplying(ledger, r, EntryKind::kDeposit, &account, &amount,
                          &outcome)) {
    return outcome;
  }
  int64_t balance;
  if (!CheckedAdd(account->balance, amount, &balance)) {
    return Fail(ErrorCode::kOverflow,
                "the balance of " + Describe(*account) +
                    " would exceed the largest amount the bank can hold");
  }
  uint32_t entry = ledger.AppendDeposit(*account, amount, r.mutation);
  if (ledger.logging()) {
    ledger.Log("C++ core: deposited " + Money(amount, *account) + " into " +
               Describe(*account) + "; balance " +
               Money(account->balance, *account));
  }
  return Applied(EntryKind::kDeposit, entry, *account);
}

namespace {

// Whether `account` may go down by `amount` within its overdraft limit.
bool CanDebit(const Account& account, int64_t amount) {
  int64_t after;
  return CheckedSub(account.balance, amount, &after) &&
         after >= -account.overdraft_limit;
}

Outcome Insufficient(const Account& account, int64_t amount) {
  return Fail(ErrorCode::kInsufficientFunds,
              Describe(account) + " has " + Money(account.balance, account) +
                  " and an overdraft limit of " +
                  Money(account.overdraft_limit, account) + "; " +
                  Money(amount, account) + " is too much");
}

}  // namespace

Outcome Withdraw(Ledger& ledger, const AmountRequest& r) {
  Outcome outcome;
  Account* account;
  int64_t amount;
  if (StopsBeforeApplying(ledger, r, EntryKind::kWithdraw, &account, &amount,
                          &outcome)) {
    return outcome;
  }
  if (!CanDebit(*account, amount)) return Insufficient(*account, amount);
  uint32_t entry = ledger.AppendWithdraw(*account, amount, r.mutation);
  if (ledger.logging()) {
    ledger.Log("C++ core: withdrew " + Money(amount, *account) + " from " +
               Describe(*account) + "; balance " +
               Money(account->balance, *account));
  }
  return Applied(EntryKind::kWithdraw, entry, *account);
}

Outcome Transfer(Ledger& ledger, const TransferRequest& r) {
  Outcome outcome;
  auto same = [&](const Entry& e) {
    return e.id == r.from && e.to == r.to && SameAmount(ledger, e, r.amount);
  };
  if (CheckKey(ledger, r.mutation, EntryKind::kTransfer, same, &outcome)) {
    return outcome;
  }
  if (r.from == r.to) {
    return Fail(ErrorCode::kSameAccount, "cannot transfer from account " +
                                             std::to_string(r.from) +
                                             " to itself");
  }
  Account* from = ledger.FindAccount(r.from);
  Account* to = ledger.FindAccount(r.to);
  if (from == nullptr || to == nullptr) {
    return Fail(
        ErrorCode::kAccountNotFound,
        "no account has id " + std::to_string(from == nullptr ? r.from : r.to));
  }
  if (from->closed || to->closed) {
    return Fail(ErrorCode::kAccountClosed,
                Describe(from->closed ? *from : *to) + " is closed");
  }
  if (from->currency != to->currency) {
    return Fail(ErrorCode::kCurrencyMismatch,
                Describe(*from) + " holds " + CurrencyAt(from->currency).code +
                    " but " + Describe(*to) + " holds " +
                    CurrencyAt(to->currency).code);
  }
  int64_t amount;
  int64_t to_balance;
  Status status = ReadPositive(r.amount, *from, &amount);
  if (!status.ok()) return Outcome{status};
  if (!CanDebit(*from, amount)) return Insufficient(*from, amount);
  if (!CheckedAdd(to->balance, amount, &to_balance)) {
    return Fail(ErrorCode::kOverflow,
                "the balance of " + Describe(*to) +
                    " would exceed the largest amount the bank can hold");
  }
  uint32_t entry = ledger.AppendTransfer(*from, *to, amount, r.mutation);
  if (ledger.logging()) {
    ledger.Log("C++ core: transferred " + Money(amount, *from) + " from " +
               Describe(*from) + " to " + Describe(*to));
  }
  Outcome result = Applied(EntryKind::kTransfer, entry, *from);
  result.to_balance = to->balance;
  return result;
}

Outcome Close(Ledger& ledger, const CloseRequest& r) {
  Outcome outcome;
  auto same = [&](const Entry& e) { return e.id == r.id; };
  if (CheckKey(ledger, r.mutation, EntryKind::kClose, same, &outcome)) {
    return outcome;
  }
  Account* account;
  outcome = FindOpenAccount(ledger, r.id, &account);
  if (!outcome.ok()) return outcome;
  if (account->balance != 0) {
    return Fail(ErrorCode::kAccountNotEmpty,
                Describe(*account) + " still holds " +
                    Money(account->balance, *account) +
                    "; only an account at zero can be closed");
  }
  uint32_t entry = ledger.AppendClose(*account, r.mutation);
  ledger.Log("C++ core: closed " + Describe(*account));
  return Applied(EntryKind::kClose, entry, *account);
}

void AppendOutcomeFields(const Outcome& o, std::string* out) {
  out->append(",\"entry\":").append(std::to_string(o.entry));
  switch (o.kind) {
    case EntryKind::kTransfer:
      out->append(",\"from_balance\":\"")
          .append(FormatAmount(o.balance, o.scale))
          .append("\",\"to_balance\":\"")
          .append(FormatAmount(o.to_balance, o.scale))
          .append("\"");
      break;
    case EntryKind::kClose:
      out->append(",\"id\":").append(std::to_string(o.id));
      break;
    default:
      out->append(",\"id\":").append(std::to_string(o.id));
      out->append(",\"balance\":\"")
          .append(FormatAmount(o.balance, o.scale))
          .append("\"");
      break;
  }
  if (o.replayed) out->append(",\"replayed\":true");
}

}  // namespace wasmbank
