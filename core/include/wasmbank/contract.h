// The public contract of wasm-bank, declared once: the error codes (with the
// words a person reads for each), the journal's entry kinds, the forms an
// amount crosses the JS boundary in, the limits, the defaults and the
// journal's format line.
//
// This header is the only place they are written down. The core uses them
// directly; the wasm build compiles bindings/contract_gen.cc against this
// header and runs it under node to generate the package's contract.js (an
// ES module) and contract.d.ts (the TypeScript unions) into dist/. The JS
// wrapper, its types and the page import those, so nothing keeps a copy by
// hand (tests/js/contract.test.js checks the generated module against the
// built core).
//
// No includes beyond the standard library: status.h and types.h build their
// enums from the lists below.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

// The stable error codes, in their documented order (docs/errors.md):
// X(enumerator, name, words). Numbers are part of the JS API (transferMany
// reports code k as ERROR_CODES[k - 1]), so new codes go at the end. The
// words are the default sentence for people (the page shows them beside the
// core's own message, which says what exactly was wrong).
#define WASMBANK_ERROR_CODES(X)                                               \
  X(kInvalidArgument, "INVALID_ARGUMENT", "That input is not valid")          \
  X(kInvalidName, "INVALID_NAME", "That name is not valid")                   \
  X(kInvalidCurrency, "INVALID_CURRENCY",                                     \
    "That currency is not known: use an ISO 4217 code such as USD, EUR or "   \
    "JPY")                                                                    \
  X(kInvalidAmount, "INVALID_AMOUNT",                                         \
    "That amount is not valid: write a decimal such as 12.50, with no more "  \
    "decimals than the currency has")                                         \
  X(kUnknownOp, "UNKNOWN_OP", "That operation is not known")                  \
  X(kAccountExists, "ACCOUNT_EXISTS", "That account id is already taken")     \
  X(kAccountNotFound, "ACCOUNT_NOT_FOUND", "There is no such account")        \
  X(kAccountClosed, "ACCOUNT_CLOSED", "That account is closed")               \
  X(kAccountNotEmpty, "ACCOUNT_NOT_EMPTY",                                    \
    "That account still has money in it")                                     \
  X(kSameAccount, "SAME_ACCOUNT",                                             \
    "You cannot transfer money to the same account")                          \
  X(kCurrencyMismatch, "CURRENCY_MISMATCH",                                   \
    "The two accounts use different currencies")                              \
  X(kInsufficientFunds, "INSUFFICIENT_FUNDS",                                 \
    "There is not enough money in the account")                               \
  X(kOverflow, "OVERFLOW", "That amount is too large")                        \
  X(kIdempotencyConflict, "IDEMPOTENCY_CONFLICT",                             \
    "That idempotency key was already used for a different request")          \
  X(kLinkedFailed, "LINKED_FAILED", "Another operation in the batch failed")  \
  X(kCorruptJournal, "CORRUPT_JOURNAL",                                       \
    "The journal is damaged or is not a wasm-bank journal")                   \
  X(kResourceExhausted, "RESOURCE_EXHAUSTED",                                 \
    "The bank ran out of memory or storage; nothing was changed")             \
  X(kHoldNotFound, "HOLD_NOT_FOUND", "There is no such hold")                 \
  X(kHoldClosed, "HOLD_CLOSED", "That hold was already captured or released") \
  X(kHoldExpired, "HOLD_EXPIRED", "That hold has expired")                    \
  X(kStoreUnavailable, "STORE_UNAVAILABLE",                                   \
    "The bank's store cannot be reached right now; try again")

// What a journal entry records, numbered from 0 in this order (the bindings
// take a batch op's kind as this number), and the mutating op that writes
// it: X(enumerator, the journal's name, the op's name). Only a limit entry
// is written by an op of another name.
#define WASMBANK_ENTRY_KINDS(X)        \
  X(kOpen, "open", "open")             \
  X(kDeposit, "deposit", "deposit")    \
  X(kWithdraw, "withdraw", "withdraw") \
  X(kTransfer, "transfer", "transfer") \
  X(kClose, "close", "close")          \
  X(kHold, "hold", "hold")             \
  X(kCapture, "capture", "capture")    \
  X(kRelease, "release", "release")    \
  X(kLimit, "limit", "set_limit")

// What a mutating op reports after "op" and "ok" (docs/transcript-format.md),
// field by field in transcript order: X(entry kind, the field's name, the
// wasmbank::Receipt member it shows). The core renders transcripts from
// this list and the JS wrapper builds a typed call's result object from it
// (the generated RECEIPT_FIELDS; a member is read from the bindings'
// Exchange). An amount member (int64: balance, to_balance, amount,
// available) is rendered as decimal text in the account's currency.
#define WASMBANK_RECEIPT_FIELDS(X)       \
  X(kOpen, "entry", entry)               \
  X(kOpen, "id", id)                     \
  X(kOpen, "balance", balance)           \
  X(kDeposit, "entry", entry)            \
  X(kDeposit, "id", id)                  \
  X(kDeposit, "balance", balance)        \
  X(kWithdraw, "entry", entry)           \
  X(kWithdraw, "id", id)                 \
  X(kWithdraw, "balance", balance)       \
  X(kTransfer, "entry", entry)           \
  X(kTransfer, "from_balance", balance)  \
  X(kTransfer, "to_balance", to_balance) \
  X(kClose, "entry", entry)              \
  X(kClose, "id", id)                    \
  X(kHold, "entry", entry)               \
  X(kHold, "hold", hold)                 \
  X(kHold, "available", available)       \
  X(kCapture, "entry", entry)            \
  X(kCapture, "hold", hold)              \
  X(kCapture, "amount", amount)          \
  X(kCapture, "from_balance", balance)   \
  X(kCapture, "to_balance", to_balance)  \
  X(kRelease, "entry", entry)            \
  X(kRelease, "hold", hold)              \
  X(kRelease, "available", available)    \
  X(kLimit, "entry", entry)              \
  X(kLimit, "id", id)                    \
  X(kLimit, "overdraft_limit", amount)

// How an amount is given (wasmbank::Amount::Form), numbered from 0 in this
// order; JS passes the number with each amount: X(enumerator, JS name).
#define WASMBANK_AMOUNT_FORMS(X) \
  X(kAbsent, "ABSENT")           \
  X(kMinor, "MINOR")             \
  X(kDecimal, "DECIMAL")         \
  X(kUnreadable, "UNREADABLE")

// The journal's first line (without its '\n'); a macro so that a store's
// "line + \n" is a literal too.
#define WASMBANK_FORMAT_LINE "{\"format\":\"wasm-bank-journal\",\"version\":1}"

// A store's opening seal: the seal line of the empty chain (head_0, 32 zero
// bytes), written right after the format line when a store is created. It
// tells a store sealed from its start from one written before stores were
// sealed, so that the entry lines of a first record torn by a crash are
// dropped as a torn record, not kept as an unsealed old store's
// (docs/store-format.md).
// A seal line is {"head":"<64 lowercase hex digits>"}; what it starts with
// tells it from an entry line ({"entry":...}).
#define WASMBANK_SEAL_LINE_START "{\"head\""
#define WASMBANK_OPENING_SEAL \
  WASMBANK_SEAL_LINE_START    \
  ":\"0000000000000000000000000000000000000000000000000000000000000000\"}"

namespace wasmbank {

inline constexpr std::string_view kJournalFormatLine = WASMBANK_FORMAT_LINE;
inline constexpr std::string_view kSealLineStart = WASMBANK_SEAL_LINE_START;
inline constexpr std::string_view kOpeningSealLine = WASMBANK_OPENING_SEAL;
// What a new store holds: its format line and its opening seal.
inline constexpr std::string_view kStoreStart =
    WASMBANK_FORMAT_LINE "\n" WASMBANK_OPENING_SEAL "\n";

// ---- limits (docs/limits.md) ------------------------------------------------

// The most ops one batch may hold; more is INVALID_ARGUMENT for the batch.
inline constexpr size_t kMaxBatchOps = 10000;
// The longest scenario or journal line the core parses, in bytes.
inline constexpr size_t kMaxLineBytes = 1048576;
// The deepest nesting of a line's JSON the core parses.
inline constexpr int kMaxJsonDepth = 64;
// The most entries one history read returns.
inline constexpr int32_t kMaxHistoryLimit = 1000;

// Limits of the JS boundary: what the wrapper copies into the wasm heap.
// Lines longer than this are not copied at all; the core sees a stand-in of
// the same kind. It stays well under the heap guard's reserve (16 MiB,
// core/src/memory_guard.h), so the copy of a line fits even when the heap
// is full.
inline constexpr size_t kLineCopyLimitBytes = 2 * kMaxLineBytes;
// The largest journal text handed to the core (it must fit in wasm32 memory).
inline constexpr size_t kJournalLimitBytes = 1536 * kMaxLineBytes;
// A text field (name, memo, key, currency, amount text) longer than this is
// not copied either: the core's own rules refuse every field far below it,
// so a stand-in just as long is refused the same way.
inline constexpr size_t kFieldCopyLimit = 4096;

// ---- defaults
// -----------------------------------------------------------------

// Entries a history read returns when no limit is given.
inline constexpr int32_t kDefaultHistoryLimit = 100;
// A store writes a checkpoint once it has this many entries more than at the
// last one (FileStoreOptions::checkpoint_every, openBank's checkpointEvery).
inline constexpr uint32_t kDefaultCheckpointEvery = 100000;
// The currency of an account opened without one.
inline constexpr std::string_view kDefaultCurrency = "USD";

}  // namespace wasmbank
