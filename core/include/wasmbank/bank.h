// The bank: accounts, the journal (the only source of truth) and the ops of
// SPEC §4, driven by scenario lines (SPEC §5) or by the typed fast path.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "wasmbank/status.h"

namespace wasmbank {

// How a line's JSON is read. kScenario is SPEC §5 exactly. kJsApi is what the
// JS wrapper sends: there, a bare integer token (no '.', 'e' or 'E') in an
// amount field is a bigint of minor units, because the wrapper writes bigints
// that way and writes every JS number with an exponent (so `5` from JS arrives
// as `5e0` and is refused as a number, as SPEC §2 requires).
enum class Dialect { kScenario, kJsApi };

// Receives human-readable lines about what the core did ("C++ core: ...").
using LogSink = std::function<void(std::string_view line)>;

class Ledger;

// What a successful transfer reports: its entry number and both balances
// after it, in minor units at `scale` (format them with FormatAmount).
struct TransferReceipt {
  uint32_t entry = 0;
  int64_t from_balance = 0;
  int64_t to_balance = 0;
  int scale = 0;
};

class Bank {
 public:
  Bank();
  ~Bank();
  Bank(Bank&&) noexcept;
  Bank& operator=(Bank&&) noexcept;
  Bank(const Bank&) = delete;
  Bank& operator=(const Bank&) = delete;

  // Runs one scenario line and returns its transcript line without the
  // trailing '\n', or "" for a blank line (which produces nothing).
  // Any bytes are accepted; nothing here throws or aborts.
  std::string ExecuteLine(std::string_view line,
                          Dialect dialect = Dialect::kScenario);

  // Why the last failing ExecuteLine / ImportJournal / Transfer failed, in
  // words (the transcript carries only the code).
  const std::string& last_error_message() const { return last_error_message_; }

  // SPEC §5 export: format line, entry lines, head line, each ending in '\n'.
  std::string ExportJournal();

  // The same export in pieces of whole lines, about `max_bytes` each, for
  // callers that cannot hold it in one string (a JS string has at most
  // 2^29 - 24 characters): start with *cursor = 0; "" means it is all out.
  std::string ExportJournalPiece(uint64_t* cursor, size_t max_bytes);

  // Replaces this bank's state with the journal's. CORRUPT_JOURNAL (and no
  // change at all) for anything that is not a canonical, verifying export.
  Status ImportJournal(std::string_view text);

  // JSON array of account objects (the "account" shape of SPEC §5), by id.
  std::string AccountsJson() const;

  // The transfer op on fixed-size values, no key or memo: the fast path
  // behind transfer() and transferMany in JS. Same checks, same journal
  // entry. The amount is minor units, or decimal text read at the source
  // account's scale. On success *receipt (if given) gets what the
  // transcript line reports.
  ErrorCode Transfer(int64_t from, int64_t to, int64_t amount_minor, int64_t at,
                     TransferReceipt* receipt = nullptr);
  ErrorCode Transfer(int64_t from, int64_t to, std::string_view amount,
                     int64_t at, TransferReceipt* receipt = nullptr);

  void SetLogSink(LogSink sink);

 private:
  std::unique_ptr<Ledger> ledger_;
  LogSink sink_;  // kept here too so that an import keeps it
  std::string last_error_message_;
};

}  // namespace wasmbank
