// The ops on typed values, in the exact order of errors that bank.h documents.
// Bank's typed methods and the JSON adapter (executor.cc) both call these:
// one copy of every rule. Every mutating op appends one entry or changes
// nothing.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "ledger.h"
#include "wasmbank/status.h"
#include "wasmbank/types.h"
#include "wasmbank/write_batch.h"

namespace wasmbank {

inline constexpr int64_t kMaxId = 2147483647;
inline constexpr int64_t kMaxAt = 8640000000000000;
inline constexpr int64_t kMaxBefore = 9007199254740992;  // 2^53
inline constexpr int32_t kMaxHistoryLimit = 1000;

// Reads `amount` at `scale`; absent reads as `fallback`. INVALID_AMOUNT for a
// negative, malformed or unreadable amount.
Status ReadAmount(const Amount& amount, int scale, int64_t fallback,
                  int64_t* minor_units);

Status IdError(std::string_view field);

// INVALID_ARGUMENT unless 1 <= id <= 2147483647. (Inline: every op runs it.)
inline Status CheckId(int64_t id, std::string_view field) {
  if (id >= 1 && id <= kMaxId) [[likely]]
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
