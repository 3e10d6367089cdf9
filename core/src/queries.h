// The read ops and the tutorial's calls on typed values, in the order of
// errors bank.h documents; shared by Bank's typed methods and the JSON
// adapter (executor.cc), which renders what they find.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ledger.h"
#include "wasmbank/status.h"
#include "wasmbank/types.h"

namespace wasmbank {

// INVALID_ARGUMENT (id), ACCOUNT_NOT_FOUND; closed accounts are found.
Result<const Account*> FindAccountToRead(const Ledger& ledger, int32_t id);

// balance, now or right after entry `as_of` (INVALID_ARGUMENT unless it is
// 1 to the number of entries; ACCOUNT_NOT_FOUND for an account opened
// after it): logs what it read.
Result<Balance> BalanceOf(Ledger& ledger, int32_t id,
                          std::optional<int64_t> as_of = std::nullopt);

// The pending holds `id` is the source or destination of, by number.
Result<std::vector<HoldInfo>> PendingHoldsOf(Ledger& ledger, int32_t id,
                                             int64_t at);

// history: the numbers of the entries touching account `id` below
// options.before, newest first, at most options.limit.
Result<std::vector<uint32_t>> HistoryNumbers(Ledger& ledger, int32_t id,
                                             const HistoryOptions& options);

Result<VerifyReport> VerifyJournal(Ledger& ledger);

Result<std::string> Greet(const Ledger& ledger, std::string_view name);
// plus (a + b) or minus (a - b) on int32; OVERFLOW outside int32.
Result<int32_t> Arithmetic(const Ledger& ledger, bool plus, int64_t a,
                           int64_t b);

AccountInfo InfoOf(const Account& account);
JournalEntry EntryAt(const Ledger& ledger, uint32_t number);

}  // namespace wasmbank
