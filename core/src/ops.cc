#include "ops.h"

#include <algorithm>
#include <charconv>
#include <optional>
#include <type_traits>

#include "json.h"
#include "text_rules.h"

namespace wasmbank {
namespace {

Result<Receipt> Fail(ErrorCode code, std::string message) {
  return Result<Receipt>(code, std::move(message));
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

// The INVALID_ARGUMENT checks of what every mutating op may carry. Most ops
// carry no key and no memo: that case is decided inline.
Status CheckOptionsInDetail(const OpOptions& options) {
  if (options.key && !IsValidKey(*options.key)) {
    return Status(
        ErrorCode::kInvalidArgument,
        "\"key\" must be 1 to 64 printable ASCII characters without spaces");
  }
  if (!options.memo.empty() && !IsValidFreeText(options.memo, 140)) {
    return Status(ErrorCode::kInvalidArgument,
                  "\"memo\" must be at most 140 characters with no control "
                  "characters");
  }
  if (options.at < 0 || options.at > kMaxAt) {
    return Status(ErrorCode::kInvalidArgument,
                  "\"at\" must be an integer from 0 to 8640000000000000");
  }
  return Status::Ok();
}

inline Status CheckOptions(const OpOptions& options) {
  if (!options.key && options.memo.empty() && options.at >= 0 &&
      options.at <= kMaxAt) [[likely]]
    return Status::Ok();
  return CheckOptionsInDetail(options);
}

// A required amount (deposit, withdraw, transfer) that is absent is a
// missing field: part of the INVALID_ARGUMENT step.
Status AmountRequired() {
  return Status(ErrorCode::kInvalidArgument, "\"amount\" is required");
}

inline Status CheckPresent(const Amount& amount) {
  if (amount.form() != Amount::Form::kAbsent) [[likely]]
    return Status::Ok();
  return AmountRequired();
}

Mutation MutationOf(const OpOptions& options) {
  return Mutation{
      options.key ? std::string_view(*options.key) : std::string_view(),
      options.memo, options.at};
}

// Looks up an account that an op changes: it must exist and be open.
Status FindOpenAccount(Ledger& ledger, int32_t id, Account** out) {
  Account* account = ledger.FindAccount(id);
  if (account == nullptr) {
    return Status(ErrorCode::kAccountNotFound,
                  "no account has id " + std::to_string(id));
  }
  if (account->closed) {
    return Status(ErrorCode::kAccountClosed, Describe(*account) + " is closed");
  }
  *out = account;
  return Status::Ok();
}

Status ReadPositiveInDetail(const Amount& amount, const Account& account,
                            int64_t* minor) {
  Status status = ReadAmount(amount, account.scale(), 0, minor);
  if (status.ok() && *minor <= 0) {
    return Status(ErrorCode::kInvalidAmount,
                  "the amount must be greater than zero");
  }
  return status;
}

// Minor units above zero, the common case, are decided inline.
inline Status ReadPositive(const Amount& amount, const Account& account,
                           int64_t* minor) {
  if (amount.form() == Amount::Form::kMinor && amount.minor() > 0) [[likely]] {
    *minor = amount.minor();
    return Status::Ok();
  }
  return ReadPositiveInDetail(amount, account, minor);
}

// What a keyed op reported the first time, from its entry and key record
// (a hold's or release's keeps the source's available as its to_balance).
Receipt ReplayedReceipt(const Entry& e, const KeyRecord& record,
                        const Account& account) {
  Receipt receipt;
  receipt.kind = e.kind;
  receipt.replayed = true;
  receipt.entry = record.entry;
  receipt.id = e.id;
  receipt.balance = record.balance;
  receipt.to_balance = record.to_balance;
  receipt.scale = account.scale();
  switch (e.kind) {
    case EntryKind::kHold:
      receipt.hold = record.entry;
      receipt.available = record.to_balance;
      receipt.to_balance = 0;
      break;
    case EntryKind::kCapture:
      receipt.hold = HoldNumberOf(e);
      receipt.amount = e.amount;
      break;
    case EntryKind::kRelease:
      receipt.hold = HoldNumberOf(e);
      receipt.available = record.to_balance;
      receipt.to_balance = 0;
      break;
    case EntryKind::kLimit:
      receipt.amount = e.amount;
      break;
    default:
      break;
  }
  return receipt;
}

// The idempotency step. Returns true when the op must stop here, with
// *result holding the replayed result or IDEMPOTENCY_CONFLICT.
template <typename SameRequest>
bool CheckKey(Ledger& ledger, const OpOptions& options, EntryKind kind,
              SameRequest same, Result<Receipt>* result) {
  if (!options.key) return false;
  const std::string& key = *options.key;
  const KeyRecord* record = ledger.FindKey(key);
  if (record == nullptr) return false;
  const Entry& e = ledger.entry(record->entry);
  if (e.kind != kind || ledger.memo_of(e) != options.memo ||
      !same(e, record->entry)) {
    *result = Fail(ErrorCode::kIdempotencyConflict,
                   "the key " + JsonString(key) +
                       " was already used by a different request (entry " +
                       std::to_string(record->entry) + ")");
    return true;
  }
  const Account& account = *ledger.FindAccount(e.id);
  *result = ReplayedReceipt(e, *record, account);
  ledger.Log("C++ core: replayed entry " + std::to_string(record->entry) +
             " for key " + JsonString(key) + " on " + Describe(account));
  return true;
}

// True when `amount` reads, at the scale of entry e's account, as e.amount.
bool SameAmount(const Ledger& ledger, const Entry& e, const Amount& amount) {
  int64_t minor;
  return ReadAmount(amount, ledger.FindAccount(e.id)->scale(), 0, &minor)
             .ok() &&
         minor == e.amount;
}

// The steps deposit and withdraw share, in precedence order:
// INVALID_ARGUMENT, idempotency, ACCOUNT_NOT_FOUND, ACCOUNT_CLOSED,
// INVALID_AMOUNT (> 0). Returns true when the op stops here with *result (a
// replay or an error).
bool StopsBeforeApplying(Ledger& ledger, int32_t id, const Amount& amount,
                         const OpOptions& options, EntryKind kind,
                         Account** account, int64_t* minor,
                         Result<Receipt>* result) {
  Status status = CheckId(id, "id");
  if (status.ok()) status = CheckPresent(amount);
  if (status.ok()) status = CheckOptions(options);
  if (!status.ok()) {
    *result = status;
    return true;
  }
  ledger.PrepareAt(options.at);
  auto same = [&](const Entry& e, uint32_t) {
    return e.id == id && SameAmount(ledger, e, amount);
  };
  if (CheckKey(ledger, options, kind, same, result)) return true;
  status = FindOpenAccount(ledger, id, account);
  if (status.ok()) status = ReadPositive(amount, **account, minor);
  if (!status.ok()) {
    *result = status;
    return true;
  }
  return false;
}

Receipt Applied(EntryKind kind, uint32_t entry, const Account& account) {
  Receipt receipt;
  receipt.kind = kind;
  receipt.entry = entry;
  receipt.id = account.id;
  receipt.balance = account.balance;
  receipt.scale = account.scale();
  return receipt;
}

Status ReadDecimal(std::string_view text, int scale, int64_t* minor_units) {
  if (ParseAmount(text, scale, minor_units)) return Status::Ok();
  return Status(ErrorCode::kInvalidAmount,
                JsonString(text) + " is not a valid amount: use digits with " +
                    "at most " + std::to_string(scale) +
                    " decimal places, no sign, spaces or separators");
}

}  // namespace

Status IdError(std::string_view field) {
  std::string message = "\"";
  message.append(field).append("\" must be an integer from 1 to 2147483647");
  return Status(ErrorCode::kInvalidArgument, std::move(message));
}

Status ReadAmount(const Amount& amount, int scale, int64_t fallback,
                  int64_t* minor_units) {
  switch (amount.form()) {
    case Amount::Form::kAbsent:
      *minor_units = fallback;
      return Status::Ok();
    case Amount::Form::kMinor:
      if (amount.minor() < 0) {
        return Status(ErrorCode::kInvalidAmount, "amounts cannot be negative");
      }
      *minor_units = amount.minor();
      return Status::Ok();
    case Amount::Form::kDecimal:
      return ReadDecimal(amount.text(), scale, minor_units);
    case Amount::Form::kUnreadable:
      break;
  }
  return Status(ErrorCode::kInvalidAmount, amount.text());
}

Result<Receipt> Open(Ledger& ledger, const AccountSpec& r,
                     const OpOptions& options) {
  Status status = CheckId(r.id, "id");
  if (status.ok() && !IsValidFreeText(r.address, 200)) {
    status = Status(ErrorCode::kInvalidArgument,
                    "\"address\" must be at most 200 characters with no "
                    "control characters");
  }
  if (status.ok()) status = CheckOptions(options);
  if (!status.ok()) return status;
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
  status = ReadAmount(r.balance, currency->scale, 0, &balance);
  if (status.ok()) {
    status =
        ReadAmount(r.overdraft_limit, currency->scale, 0, &overdraft_limit);
  }
  if (!status.ok()) return status;

  ledger.PrepareAt(options.at);
  Result<Receipt> result = Receipt{};
  auto same = [&](const Entry& e, uint32_t) {
    const Account& a = *ledger.FindAccount(e.id);
    return e.id == r.id && a.name() == r.name && a.address() == r.address &&
           CurrencyIndex(currency) == a.currency && e.amount == balance &&
           a.opening_limit == overdraft_limit;
  };
  if (CheckKey(ledger, options, EntryKind::kOpen, same, &result)) {
    return result;
  }
  if (ledger.FindAccount(r.id) != nullptr) {
    return Fail(ErrorCode::kAccountExists,
                "an account with id " + std::to_string(r.id) +
                    " already exists (ids are never reused)");
  }
  uint32_t entry =
      ledger.AppendOpen(r.id, r.name, r.address, CurrencyIndex(currency),
                        balance, overdraft_limit, MutationOf(options));
  const Account& account = *ledger.FindAccount(r.id);
  if (ledger.logging()) {
    ledger.Log("C++ core: opened " + Describe(account) + " with " +
               Money(balance, account));
  }
  return Applied(EntryKind::kOpen, entry, account);
}

Result<Receipt> Deposit(Ledger& ledger, int32_t id, const Amount& amount,
                        const OpOptions& options) {
  Result<Receipt> result = Receipt{};
  Account* account;
  int64_t minor;
  if (StopsBeforeApplying(ledger, id, amount, options, EntryKind::kDeposit,
                          &account, &minor, &result)) {
    return result;
  }
  int64_t balance;
  if (!CheckedAdd(account->balance, minor, &balance)) {
    return Fail(ErrorCode::kOverflow,
                "the balance of " + Describe(*account) +
                    " would exceed the largest amount the bank can hold");
  }
  uint32_t entry = ledger.AppendDeposit(*account, minor, MutationOf(options));
  if (ledger.logging()) {
    ledger.Log("C++ core: deposited " + Money(minor, *account) + " into " +
               Describe(*account) + "; balance " +
               Money(account->balance, *account));
  }
  return Applied(EntryKind::kDeposit, entry, *account);
}

namespace {

// What an account has, in words: its balance, and what is held of it.
std::string Funds(const Account& account) {
  std::string out =
      Describe(account) + " has " + Money(account.balance, account);
  if (account.held != 0) {
    out += " (" + Money(Ledger::AvailableOf(account), account) +
           " available, " + Money(account.held, account) + " held)";
  }
  return out;
}

Result<Receipt> Insufficient(const Account& account, int64_t amount) {
  return Fail(ErrorCode::kInsufficientFunds,
              Funds(account) + " and an overdraft limit of " +
                  Money(account.overdraft_limit, account) + "; " +
                  Money(amount, account) + " is too much");
}

// The message for a code that TransferAccountsStep returned, for a
// transfer or a hold (`what`).
Status AccountsStepError(ErrorCode code, int32_t from_id, int32_t to_id,
                         const Account* from, const Account* to,
                         std::string_view what = "transfer") {
  switch (code) {
    case ErrorCode::kSameAccount:
      return Status(code, "cannot " + std::string(what) + " from account " +
                              std::to_string(from_id) + " to itself");
    case ErrorCode::kAccountNotFound:
      return Status(code,
                    "no account has id " +
                        std::to_string(from == nullptr ? from_id : to_id));
    case ErrorCode::kAccountClosed:
      return Status(code, Describe(from->closed ? *from : *to) + " is closed");
    default:
      return Status(code, Describe(*from) + " holds " +
                              CurrencyAt(from->currency).code + " but " +
                              Describe(*to) + " holds " +
                              CurrencyAt(to->currency).code);
  }
}

// The message for a code that TransferFundsStep returned.
Result<Receipt> FundsStepError(ErrorCode code, const Account& from,
                               const Account& to, int64_t minor) {
  if (code == ErrorCode::kInsufficientFunds) return Insufficient(from, minor);
  return Fail(code, "the balance of " + Describe(to) +
                        " would exceed the largest amount the bank can hold");
}

}  // namespace

Result<Receipt> Withdraw(Ledger& ledger, int32_t id, const Amount& amount,
                         const OpOptions& options) {
  Result<Receipt> result = Receipt{};
  Account* account;
  int64_t minor;
  if (StopsBeforeApplying(ledger, id, amount, options, EntryKind::kWithdraw,
                          &account, &minor, &result)) {
    return result;
  }
  if (!CanDebit(*account, minor)) return Insufficient(*account, minor);
  uint32_t entry = ledger.AppendWithdraw(*account, minor, MutationOf(options));
  if (ledger.logging()) {
    ledger.Log("C++ core: withdrew " + Money(minor, *account) + " from " +
               Describe(*account) + "; balance " +
               Money(account->balance, *account));
  }
  return Applied(EntryKind::kWithdraw, entry, *account);
}

// Transfer's INVALID_ARGUMENT step. Early returns, inlined: on the hot path
// no Status is assigned or moved.
inline Status CheckTransferArguments(int32_t from_id, int32_t to_id,
                                     const Amount& amount,
                                     const OpOptions& options) {
  if (Status status = CheckId(from_id, "from"); !status.ok()) return status;
  if (Status status = CheckId(to_id, "to"); !status.ok()) return status;
  if (Status status = CheckPresent(amount); !status.ok()) return status;
  return CheckOptions(options);
}

Result<Receipt> Transfer(Ledger& ledger, int32_t from_id, int32_t to_id,
                         const Amount& amount, const OpOptions& options) {
  Status status = CheckTransferArguments(from_id, to_id, amount, options);
  if (!status.ok()) [[unlikely]]
    return status;
  ledger.PrepareAt(options.at);
  if (options.key) {
    Result<Receipt> result = Receipt{};
    auto same = [&](const Entry& e, uint32_t) {
      return e.id == from_id && e.to == to_id && SameAmount(ledger, e, amount);
    };
    if (CheckKey(ledger, options, EntryKind::kTransfer, same, &result)) {
      return result;
    }
  }
  Account* from = nullptr;
  Account* to = nullptr;
  ErrorCode code = TransferAccountsStep(ledger, from_id, to_id, &from, &to);
  if (code != ErrorCode::kOk) [[unlikely]]
    return AccountsStepError(code, from_id, to_id, from, to);
  int64_t minor = 0;
  status = ReadPositive(amount, *from, &minor);
  if (!status.ok()) [[unlikely]]
    return status;
  code = TransferFundsStep(*from, *to, minor);
  if (code != ErrorCode::kOk) [[unlikely]]
    return FundsStepError(code, *from, *to, minor);
  uint32_t entry =
      ledger.AppendTransfer(*from, *to, minor, MutationOf(options));
  if (ledger.logging()) {
    ledger.Log("C++ core: transferred " + Money(minor, *from) + " from " +
               Describe(*from) + " to " + Describe(*to));
  }
  Receipt receipt = Applied(EntryKind::kTransfer, entry, *from);
  receipt.to_balance = to->balance;
  return receipt;
}

size_t TransferMany(Ledger& ledger, const TransferColumns& transfers,
                    int64_t at, std::span<uint8_t> codes) {
  const size_t count = std::min({transfers.from.size(), transfers.to.size(),
                                 transfers.minor_units.size(), codes.size()});
  OpOptions options;
  options.at = at;
  size_t applied = 0;
  auto note = [&](size_t i, ErrorCode code) {
    codes[i] = static_cast<uint8_t>(code);
    if (code == ErrorCode::kOk) ++applied;
  };
  if (ledger.logging()) {
    // The log tells each transfer in words: the one-op path writes it.
    for (size_t i = 0; i < count; ++i) {
      note(i, Transfer(ledger, transfers.from[i], transfers.to[i],
                       Amount::Minor(transfers.minor_units[i]), options)
                  .code());
    }
    return applied;
  }
  const bool at_ok = CheckOptions(options).ok();
  const Mutation mutation{{}, {}, at};
  for (size_t i = 0; i < count; ++i) {
    note(i, TransferCode(ledger, transfers.from[i], transfers.to[i],
                         transfers.minor_units[i], at_ok, mutation));
  }
  return applied;
}

Result<Receipt> Close(Ledger& ledger, int32_t id, const OpOptions& options) {
  Status status = CheckId(id, "id");
  if (status.ok()) status = CheckOptions(options);
  if (!status.ok()) return status;
  ledger.PrepareAt(options.at);
  Result<Receipt> result = Receipt{};
  auto same = [&](const Entry& e, uint32_t) { return e.id == id; };
  if (CheckKey(ledger, options, EntryKind::kClose, same, &result)) {
    return result;
  }
  Account* account;
  status = FindOpenAccount(ledger, id, &account);
  if (!status.ok()) return status;
  if (account->balance != 0) {
    return Fail(ErrorCode::kAccountNotEmpty,
                Describe(*account) + " still holds " +
                    Money(account->balance, *account) +
                    "; only an account at zero can be closed");
  }
  if (account->holds != 0) {
    return Fail(ErrorCode::kAccountNotEmpty,
                Describe(*account) + " is named by " +
                    std::to_string(account->holds) +
                    " pending hold(s); capture or release them first");
  }
  uint32_t entry = ledger.AppendClose(*account, MutationOf(options));
  ledger.Log("C++ core: closed " + Describe(*account));
  return Applied(EntryKind::kClose, entry, *account);
}

namespace {

Status HoldNumberError() {
  return Status(ErrorCode::kInvalidArgument,
                "\"hold\" must be an integer from 1 to 9007199254740992");
}

// The steps of capture and release after the idempotency step:
// HOLD_NOT_FOUND, HOLD_CLOSED, HOLD_EXPIRED. Sets *hold when it is pending.
// (The hold's name is written only into an error: this is the hot path.)
Status FindPendingHold(Ledger& ledger, int64_t number, HoldRecord** hold) {
  *hold = ledger.FindHold(static_cast<uint64_t>(number));
  auto name = [&] { return "hold " + std::to_string(number); };
  if (*hold == nullptr) {
    return Status(ErrorCode::kHoldNotFound,
                  "there is no " + name() +
                      " (a hold is named by the number "
                      "of the entry that placed it)");
  }
  switch ((*hold)->state) {
    case HoldState::kPending:
      return Status::Ok();
    case HoldState::kCaptured:
      return Status(ErrorCode::kHoldClosed, name() + " was already captured");
    case HoldState::kReleased:
      return Status(ErrorCode::kHoldClosed, name() + " was already released");
    case HoldState::kExpired:
      break;
  }
  return Status(ErrorCode::kHoldExpired,
                name() + " expired at " + std::to_string((*hold)->expires_at) +
                    " (the bank's time is " + std::to_string(ledger.time()) +
                    ")");
}

// Capture's and release's first steps, in the documented order: the hold's
// number and the options, the bank's time, an idempotent retry, then the
// hold, which must be pending. Returns the op's result when these decide
// it (an error, or a retry's first result); else nullopt, with *hold set.
template <typename SameRequest>
std::optional<Result<Receipt>> StartSettling(Ledger& ledger, int64_t number,
                                             const OpOptions& options,
                                             EntryKind kind, SameRequest same,
                                             HoldRecord** hold) {
  Status status = number < 1 || number > kMaxHold ? HoldNumberError()
                                                  : CheckOptions(options);
  if (!status.ok()) return status;
  ledger.PrepareAt(options.at);
  Result<Receipt> replayed = Receipt{};
  if (CheckKey(ledger, options, kind, same, &replayed)) return replayed;
  status = FindPendingHold(ledger, number, hold);
  if (!status.ok()) return status;
  return std::nullopt;
}

}  // namespace

Result<Receipt> Hold(Ledger& ledger, int32_t from_id, int32_t to_id,
                     const Amount& amount, const HoldOptions& hold,
                     const OpOptions& options) {
  Status status = CheckTransferArguments(from_id, to_id, amount, options);
  if (status.ok() && hold.expires_at &&
      (*hold.expires_at < 1 || *hold.expires_at > kMaxAt)) {
    status = Status(ErrorCode::kInvalidArgument,
                    "\"expires_at\" must be an integer from 1 to "
                    "8640000000000000");
  }
  if (!status.ok()) return status;
  const int64_t now = ledger.PrepareAt(options.at);
  const int64_t expires_at = hold.expires_at.value_or(0);
  Result<Receipt> result = Receipt{};
  auto same = [&](const Entry& e, uint32_t number) {
    return e.id == from_id && e.to == to_id && SameAmount(ledger, e, amount) &&
           ledger.FindHold(number)->expires_at == expires_at;
  };
  if (CheckKey(ledger, options, EntryKind::kHold, same, &result)) {
    return result;
  }
  Account* from = nullptr;
  Account* to = nullptr;
  ErrorCode code = TransferAccountsStep(ledger, from_id, to_id, &from, &to);
  if (code != ErrorCode::kOk) {
    return AccountsStepError(code, from_id, to_id, from, to, "hold money");
  }
  int64_t minor = 0;
  status = ReadPositive(amount, *from, &minor);
  if (!status.ok()) return status;
  if (expires_at != 0 && expires_at <= now) {
    return Fail(ErrorCode::kHoldExpired,
                "the hold would expire at " + std::to_string(expires_at) +
                    ", which is not after the bank's time now (" +
                    std::to_string(now) + ")");
  }
  if (!CanDebit(*from, minor)) return Insufficient(*from, minor);
  int64_t held;
  if (!CheckedAdd(from->held, minor, &held)) {
    return Fail(ErrorCode::kOverflow,
                "the money held on " + Describe(*from) +
                    " would exceed the largest amount the bank can hold");
  }
  uint32_t entry =
      ledger.AppendHold(*from, *to, minor, expires_at, MutationOf(options));
  if (ledger.logging()) {
    ledger.Log("C++ core: held " + Money(minor, *from) + " of " +
               Describe(*from) + " for " + Describe(*to) + " (hold " +
               std::to_string(entry) + ")");
  }
  Receipt receipt = Applied(EntryKind::kHold, entry, *from);
  receipt.hold = entry;
  receipt.available = Ledger::AvailableOf(*from);
  return receipt;
}

Result<Receipt> Capture(Ledger& ledger, int64_t number, const Amount& amount,
                        const OpOptions& options) {
  // Without an amount, the same request as one for the whole hold.
  auto same = [&](const Entry& e, uint32_t) {
    if (HoldNumberOf(e) != static_cast<uint64_t>(number)) return false;
    const Entry& placed = ledger.entry(HoldNumberOf(e));
    return amount.form() == Amount::Form::kAbsent
               ? placed.amount == e.amount
               : SameAmount(ledger, e, amount);
  };
  HoldRecord* hold;
  if (auto decided = StartSettling(ledger, number, options, EntryKind::kCapture,
                                   same, &hold)) {
    return *std::move(decided);
  }
  const Entry placed = ledger.entry(hold->entry);
  Account& from = *ledger.FindAccount(placed.id);
  Account& to = *ledger.FindAccount(placed.to);
  int64_t minor = placed.amount;
  if (amount.form() != Amount::Form::kAbsent) {
    if (Status status = ReadPositive(amount, from, &minor); !status.ok()) {
      return status;
    }
    if (minor > placed.amount) {
      return Fail(ErrorCode::kInvalidAmount,
                  "hold " + std::to_string(number) + " holds " +
                      Money(placed.amount, from) + "; " + Money(minor, from) +
                      " is more than that");
    }
  }
  int64_t after;
  if (!CheckedAdd(to.balance, minor, &after)) {
    return Fail(ErrorCode::kOverflow,
                "the balance of " + Describe(to) +
                    " would exceed the largest amount the bank can hold");
  }
  uint32_t entry = ledger.AppendCapture(*hold, minor, MutationOf(options));
  if (ledger.logging()) {
    ledger.Log("C++ core: captured " + Money(minor, from) + " of hold " +
               std::to_string(number) + " from " + Describe(from) + " to " +
               Describe(to));
  }
  Receipt receipt = Applied(EntryKind::kCapture, entry, from);
  receipt.hold = static_cast<uint64_t>(number);
  receipt.amount = minor;
  receipt.to_balance = to.balance;
  return receipt;
}

Result<Receipt> Release(Ledger& ledger, int64_t number,
                        const OpOptions& options) {
  auto same = [&](const Entry& e, uint32_t) {
    return HoldNumberOf(e) == static_cast<uint64_t>(number);
  };
  HoldRecord* hold;
  if (auto decided = StartSettling(ledger, number, options, EntryKind::kRelease,
                                   same, &hold)) {
    return *std::move(decided);
  }
  Account& from = *ledger.FindAccount(ledger.entry(hold->entry).id);
  uint32_t entry = ledger.AppendRelease(*hold, MutationOf(options));
  if (ledger.logging()) {
    ledger.Log("C++ core: released hold " + std::to_string(number) + " on " +
               Describe(from));
  }
  Receipt receipt = Applied(EntryKind::kRelease, entry, from);
  receipt.hold = static_cast<uint64_t>(number);
  receipt.available = Ledger::AvailableOf(from);
  return receipt;
}

Result<Receipt> SetLimit(Ledger& ledger, int32_t id, const Amount& limit,
                         const OpOptions& options) {
  Status status = CheckId(id, "id");
  if (status.ok() && limit.form() == Amount::Form::kAbsent) {
    status =
        Status(ErrorCode::kInvalidArgument, "\"overdraft_limit\" is required");
  }
  if (status.ok()) status = CheckOptions(options);
  if (!status.ok()) return status;
  ledger.PrepareAt(options.at);
  Result<Receipt> result = Receipt{};
  auto same = [&](const Entry& e, uint32_t) {
    return e.id == id && SameAmount(ledger, e, limit);
  };
  if (CheckKey(ledger, options, EntryKind::kLimit, same, &result)) {
    return result;
  }
  Account* account;
  status = FindOpenAccount(ledger, id, &account);
  int64_t minor = 0;
  if (status.ok()) status = ReadAmount(limit, account->scale(), 0, &minor);
  if (!status.ok()) return status;
  if (Ledger::AvailableOf(*account) < -minor) {
    return Fail(ErrorCode::kInsufficientFunds,
                Funds(*account) + "; an overdraft limit of " +
                    Money(minor, *account) + " would leave it below it");
  }
  uint32_t entry = ledger.AppendLimit(*account, minor, MutationOf(options));
  if (ledger.logging()) {
    ledger.Log("C++ core: set the overdraft limit of " + Describe(*account) +
               " to " + Money(minor, *account));
  }
  Receipt receipt = Applied(EntryKind::kLimit, entry, *account);
  receipt.amount = minor;
  return receipt;
}

std::vector<Result<Receipt>> ApplyBatch(
    Ledger& ledger, size_t count, bool atomic,
    const std::function<Result<Receipt>(size_t)>& apply, size_t* failed_at) {
  const uint32_t start = ledger.entry_count();
  std::vector<Result<Receipt>> results;
  results.reserve(count);
  *failed_at = count;
  for (size_t i = 0; i < count; ++i) {
    results.push_back(apply(i));
    if (!results.back().ok() && *failed_at == count) {
      *failed_at = i;
      if (atomic) break;
    }
  }
  if (!atomic || *failed_at == count) return results;
  ledger.RollbackTo(start);
  ledger.Log("C++ core: batch failed at op " + std::to_string(*failed_at + 1) +
             "; nothing was applied");
  results.resize(count, Result<Receipt>(ErrorCode::kLinkedFailed, ""));
  for (size_t i = 0; i < count; ++i) {
    if (i != *failed_at) {
      results[i] =
          Result<Receipt>(ErrorCode::kLinkedFailed,
                          "not applied: op " + std::to_string(*failed_at + 1) +
                              " of the atomic batch failed");
    }
  }
  return results;
}

Result<Receipt> ApplyBatchOp(Ledger& ledger, const WriteBatch::Op& op) {
  if (!op.refused.ok()) return op.refused;
  switch (op.kind) {
    case EntryKind::kOpen:
      return Open(ledger, op.spec, op.options);
    case EntryKind::kDeposit:
      return Deposit(ledger, op.id, op.amount, op.options);
    case EntryKind::kWithdraw:
      return Withdraw(ledger, op.id, op.amount, op.options);
    case EntryKind::kTransfer:
      return Transfer(ledger, op.id, op.to, op.amount, op.options);
    case EntryKind::kClose:
      return Close(ledger, op.id, op.options);
    case EntryKind::kHold:
      return Hold(ledger, op.id, op.to, op.amount, op.hold_options, op.options);
    case EntryKind::kCapture:
      return Capture(ledger, op.hold, op.amount, op.options);
    case EntryKind::kRelease:
      return Release(ledger, op.hold, op.options);
    case EntryKind::kLimit:
      return SetLimit(ledger, op.id, op.amount, op.options);
  }
  return Fail(ErrorCode::kInvalidArgument, "unknown batch op");
}

void AppendReceiptFields(const Receipt& o, std::string* out) {
  // The fields wasmbank/contract.h declares for the op's kind, in order.
  auto append = [&](std::string_view name, auto value) {
    out->append(",\"").append(name).append("\":");
    if constexpr (std::is_same_v<decltype(value), int64_t>) {
      out->push_back('"');
      out->append(FormatAmount(value, o.scale)).push_back('"');
    } else {
      char digits[24];
      const auto [end, error] =
          std::to_chars(digits, digits + sizeof digits, value);
      out->append(digits, end);
    }
  };
#define WASMBANK_RECEIPT_FIELD(entry_kind, name, member) \
  if (o.kind == EntryKind::entry_kind) append(name, o.member);
  WASMBANK_RECEIPT_FIELDS(WASMBANK_RECEIPT_FIELD)
#undef WASMBANK_RECEIPT_FIELD
  if (o.replayed) out->append(",\"replayed\":true");
}

}  // namespace wasmbank
