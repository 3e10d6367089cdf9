// The values the typed API (bank.h) takes and reports. Everything here owns
// its data: a value may outlive the call that made it.
//
// Money is always int64 minor units (cents) with the account's currency scale
// beside it; format it with FormatAmount (money.h). Nothing here is floating
// point. docs/cpp-api.md has examples.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "wasmbank/contract.h"

namespace wasmbank {

// What a journal entry records. The names ("open", ...) are the journal's.
// The list is wasmbank/contract.h's WASMBANK_ENTRY_KINDS.
enum class EntryKind : uint8_t {
#define WASMBANK_ENTRY_KIND_ENUMERATOR(name, text, op) name,
  WASMBANK_ENTRY_KINDS(WASMBANK_ENTRY_KIND_ENUMERATOR)
#undef WASMBANK_ENTRY_KIND_ENUMERATOR
};

std::string_view EntryKindName(EntryKind kind);
// The op that writes entries of `kind` ("set_limit" for kLimit).
std::string_view OpNameOf(EntryKind kind);

// An amount as a caller gives it: minor units, or decimal text that the op
// reads at the scale of the account it applies to ("12.50" is 1250 cents in
// USD, and INVALID_AMOUNT in JPY). A default-constructed Amount is absent:
// optional fields (opening balance, overdraft limit) read it as zero; for a
// required one (deposit, withdraw, transfer) it is a missing field,
// INVALID_ARGUMENT.
class Amount {
 public:
  Amount() = default;
  static Amount Minor(int64_t units);
  static Amount Decimal(std::string text);
  // For adapters: an amount given in a form the bank does not take (a JSON
  // number, say). The op fails with INVALID_AMOUNT at its amount step, with
  // `reason` as the message.
  static Amount Unreadable(std::string reason);

  // wasmbank/contract.h's WASMBANK_AMOUNT_FORMS, numbered as JS passes them.
  enum class Form : uint8_t {
#define WASMBANK_AMOUNT_FORM_ENUMERATOR(name, text) name,
    WASMBANK_AMOUNT_FORMS(WASMBANK_AMOUNT_FORM_ENUMERATOR)
#undef WASMBANK_AMOUNT_FORM_ENUMERATOR
  };
  Form form() const { return form_; }
  int64_t minor() const { return minor_; }
  // The decimal text, or the reason of an unreadable amount.
  const std::string& text() const { return text_; }

 private:
  Form form_ = Form::kAbsent;
  int64_t minor_ = 0;
  std::string text_;
};

// What every mutating op may carry besides its own fields.
struct OpOptions {
  // Idempotency key: 1 to 64 characters in U+0021..U+007E. A retry with the
  // same key and the same request replays the first result; a different
  // request with a used key is IDEMPOTENCY_CONFLICT.
  std::optional<std::string> key;
  // Free text kept in the journal: 0 to 140 characters, no control
  // characters.
  std::string memo;
  // Milliseconds since the epoch, 0 to 8640000000000000.
  int64_t at = 0;
};

// What opening an account takes.
struct AccountSpec {
  int32_t id = 0;       // 1 to 2147483647, never reused
  std::string name;     // 1 to 64 characters, not only spaces
  std::string address;  // 0 to 200 characters
  // An active ISO 4217 code (wasmbank/contract.h: the default).
  std::string currency{kDefaultCurrency};
  Amount balance;          // opening balance, >= 0 (absent: 0)
  Amount overdraft_limit;  // >= 0 (absent: 0)
};

// Transfers by column, for Bank::TransferMany: from[i] to to[i],
// minor_units[i] in the source's currency. The shortest column sets the count.
struct TransferColumns {
  std::span<const int32_t> from;
  std::span<const int32_t> to;
  std::span<const int64_t> minor_units;
};

// What a successful mutating op reports: the entry it wrote (or, replayed,
// the entry it wrote the first time) and the balances after it.
struct Receipt {
  EntryKind kind = EntryKind::kOpen;
  uint32_t entry = 0;
  int32_t id = 0;          // the account; transfer, hold, capture: the source
  int64_t balance = 0;     // the account's balance; transfer, capture: the
                           // source's
  int64_t to_balance = 0;  // transfer, capture: the destination's balance
  uint64_t hold = 0;       // hold, capture, release: the hold's number
  int64_t amount = 0;      // capture: the amount captured; limit: the limit
  int64_t available = 0;   // hold, release: the source's available after it
  int scale = 0;           // of the account's currency
  bool replayed = false;   // an idempotent retry: nothing new was written
};

// What Bank::Hold takes besides the accounts and the amount.
struct HoldOptions {
  // Milliseconds since the epoch, 1 to 8640000000000000: the hold stops
  // counting once the bank's time reaches it (docs/holds.md). Absent: the
  // hold stays pending until it is captured or released.
  std::optional<int64_t> expires_at;
};

// A pending hold, as Bank::PendingHolds lists it.
struct HoldInfo {
  uint32_t hold = 0;  // the number of the entry that placed it
  int32_t from = 0;
  int32_t to = 0;
  int64_t amount = 0;
  int scale = 0;
  std::optional<int64_t> expires_at;
  std::string memo;
  int64_t at = 0;  // when it was placed
};

// An account's balance as `balance` reports it.
struct Balance {
  int32_t id = 0;
  int64_t minor = 0;
  int scale = 0;
  std::string currency;
  // Set when the balance was asked as of an entry (GetBalance's as_of).
  std::optional<int64_t> as_of;
};

struct AccountInfo {
  int32_t id = 0;
  std::string name;
  std::string address;
  std::string currency;
  int scale = 0;
  int64_t balance = 0;
  // The sum of the pending holds this account is the source of, at the
  // time the account was read, and balance - held.
  int64_t held = 0;
  int64_t available = 0;
  int64_t overdraft_limit = 0;
  bool closed = false;
};

// One journal entry, as the journal line says it (docs/journal-format.md).
struct JournalEntry {
  uint32_t number = 0;
  EntryKind kind = EntryKind::kOpen;
  int32_t id = 0;      // the account; transfer, hold: the source; capture,
                       // release: the hold's source
  int32_t to = 0;      // transfer, hold: the destination; capture, release:
                       // the hold's destination
  int64_t amount = 0;  // open: the opening balance; close, release: 0
  int scale = 0;
  std::string currency;
  std::string name, address;          // open only
  int64_t overdraft_limit = 0;        // open and limit
  uint32_t hold = 0;                  // capture, release: the hold's number
  std::optional<int64_t> expires_at;  // hold, when it has one
  std::string memo;
  std::optional<std::string> key;
  int64_t at = 0;
};

// Which entries `history` returns: those touching the account, numbered
// below `before`, newest first, at most `limit` (1 to 1000).
struct HistoryOptions {
  int32_t limit = kDefaultHistoryLimit;
  // 1 to 2^53; absent: no bound.
  std::optional<int64_t> before;
};

struct VerifyReport {
  uint64_t accounts = 0;  // closed ones too
  uint32_t entries = 0;
  std::string head;  // the hash chain's head, 64 lowercase hex digits
};

}  // namespace wasmbank
