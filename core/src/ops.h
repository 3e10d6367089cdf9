// The ops on typed values, in the exact order of errors that bank.h documents.
// Bank's typed methods and the JSON adapter (executor.cc) both call these:
// one copy of every rule. Every mutating op appends one entry or changes
// nothing.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "ledger.h"
#include "wasmbank/money.h"
#include "wasmbank/status.h"
#include "wasmbank/types.h"
#include "wasmbank/write_batch.h"

namespace wasmbank {

inline constexpr int64_t kMaxId = 2147483647;
inline constexpr int64_t kMaxAt = 8640000000000000;
inline constexpr int64_t kMaxBefore = 9007199254740992;  // 2^53
inline constexpr int64_t kMaxHold = 9007199254740992;    // 2^53
// kMaxHistoryLimit is in wasmbank/contract.h.

// Reads `amount` at `scale`; absent reads as `fallback`. INVALID_AMOUNT for a
// negative, malformed or unreadable amount.
Status ReadAmount(const Amount& amount, int scale, int64_t fallback,
                  int64_t* minor_units);

Status IdError(std::string_view field);

// The id rule: 1 <= id <= 2147483647.
inline bool IsValidId(int64_t id) { return id >= 1 && id <= kMaxId; }

// INVALID_ARGUMENT unless IsValidId. (Inline: every op runs it.)
inline Status CheckId(int64_t id, std::string_view field) {
  if (IsValidId(id)) [[likely]]
    return Status();
  return IdError(field);
}

Result<Receipt> Open(Ledger& ledger, const AccountSpec& spec,
                     const OpOptions& options);
Result<Receipt> Deposit(Ledger& ledger, int32_t id, const Amount& amount,
                        const OpOptions& options);
Result<Receipt> Withdraw(Ledger& ledger, int32_t id, const Amount& amount,
                         const OpOptions& options);
Result<Receipt> Transfer(Ledger& ledger, int32_t from, int32_t to,
                         const Amount& amount, const OpOptions& options);
Result<Receipt> Close(Ledger& ledger, int32_t id, const OpOptions& options);
// Holds and limits (SPEC 4b), in the order of errors bank.h documents.
Result<Receipt> Hold(Ledger& ledger, int32_t from, int32_t to,
                     const Amount& amount, const HoldOptions& hold,
                     const OpOptions& options);
Result<Receipt> Capture(Ledger& ledger, int64_t hold, const Amount& amount,
                        const OpOptions& options);
Result<Receipt> Release(Ledger& ledger, int64_t hold, const OpOptions& options);
Result<Receipt> SetLimit(Ledger& ledger, int32_t id, const Amount& limit,
                         const OpOptions& options);

// Whether `account` may go down by `amount` within its overdraft limit,
// counting what its pending holds reserve: available - amount >= -limit.
inline bool CanDebit(const Account& account, int64_t amount) {
  int64_t after;
  return CheckedSub(Ledger::AvailableOf(account), amount, &after) &&
         after >= -account.overdraft_limit;
}

// Transfer's steps after the idempotency step, as codes: the rules live here
// once; Transfer adds the messages, TransferMany only needs the codes.
// SAME_ACCOUNT, ACCOUNT_NOT_FOUND (from, then to), ACCOUNT_CLOSED (from, then
// to), CURRENCY_MISMATCH. Sets *from / *to as far as it got.
inline ErrorCode TransferAccountsStep(Ledger& ledger, int32_t from_id,
                                      int32_t to_id, Account** from,
                                      Account** to) {
  if (from_id == to_id) return ErrorCode::kSameAccount;
  *from = ledger.FindAccount(from_id);
  *to = ledger.FindAccount(to_id);
  if (*from == nullptr || *to == nullptr) return ErrorCode::kAccountNotFound;
  if ((*from)->closed || (*to)->closed) return ErrorCode::kAccountClosed;
  if ((*from)->currency != (*to)->currency) return ErrorCode::kCurrencyMismatch;
  return ErrorCode::kOk;
}

// After the amount step: INSUFFICIENT_FUNDS (below -overdraft_limit), then
// OVERFLOW of the destination.
inline ErrorCode TransferFundsStep(const Account& from, const Account& to,
                                   int64_t minor) {
  if (!CanDebit(from, minor)) return ErrorCode::kInsufficientFunds;
  int64_t after;
  if (!CheckedAdd(to.balance, minor, &after)) return ErrorCode::kOverflow;
  return ErrorCode::kOk;
}

// A whole transfer of minor units without key or memo, code only: what
// Transfer would return, in the same order. `at_ok` is the verdict on the
// mutation's `at` (checked once by the caller).
inline ErrorCode TransferCode(Ledger& ledger, int32_t from_id, int32_t to_id,
                              int64_t minor, bool at_ok,
                              const Mutation& mutation) {
  if (!IsValidId(from_id) || !IsValidId(to_id) || !at_ok) {
    return ErrorCode::kInvalidArgument;
  }
  ledger.PrepareAt(mutation.at);
  Account* from = nullptr;
  Account* to = nullptr;
  ErrorCode code = TransferAccountsStep(ledger, from_id, to_id, &from, &to);
  if (code != ErrorCode::kOk) return code;
  if (minor <= 0) return ErrorCode::kInvalidAmount;
  code = TransferFundsStep(*from, *to, minor);
  if (code != ErrorCode::kOk) return code;
  ledger.AppendTransfer(*from, *to, minor, mutation);
  return ErrorCode::kOk;
}

// Applies each transfer in order, like Transfer with OpOptions{.at = at}
// (not atomic); codes[i] gets its ErrorCode. Returns how many applied.
size_t TransferMany(Ledger& ledger, const TransferColumns& transfers,
                    int64_t at, std::span<uint8_t> codes);

// The batch rule, once for WriteBatch and for JSON batch lines: runs
// apply(0..count-1) in order; atomic, it stops at the first failure, undoes
// what the batch applied and reports every other op LINKED_FAILED.
// `*failed_at` gets the index of the first failure (count if none).
std::vector<Result<Receipt>> ApplyBatch(
    Ledger& ledger, size_t count, bool atomic,
    const std::function<Result<Receipt>(size_t)>& apply, size_t* failed_at);

// One op of a WriteBatch.
Result<Receipt> ApplyBatchOp(Ledger& ledger, const WriteBatch::Op& op);

// Appends the fields after "ok" of a successful result:
// ,"entry":N,"id":..,"balance":".." (and so on per kind; "replayed" too).
void AppendReceiptFields(const Receipt& receipt, std::string* out);

}  // namespace wasmbank
