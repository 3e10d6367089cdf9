// The bank: accounts, the journal (the only source of truth) and its ops.
//
// Two ways in, one set of rules: the typed methods below (one per op, each
// checking its arguments in the documented order of errors and changing
// nothing when it fails), and ExecuteLine, the JSON adapter that reads one
// scenario line (docs/transcript-format.md), calls the same ops and renders
// the transcript line.
//
//   using namespace wasmbank;
//   Bank bank;
//   AccountSpec alice;
//   alice.id = 101;
//   alice.name = "Alice";
//   alice.balance = Amount::Decimal("1000.00");
//   bank.Open(alice);
//   AccountSpec bob;
//   bob.id = 102;
//   bob.name = "Bob";
//   bank.Open(bob);
//   Result<Receipt> t = bank.Transfer(101, 102, Amount::Minor(1050));
//   if (!t.ok()) std::cerr << ErrorCodeName(t.code()) << ": " << t.message();
//   else std::cout << FormatAmount(t->balance, t->scale);   // 989.50
//
// docs/cpp-api.md has the whole API with examples. A Bank is not
// thread-safe; use one per thread or lock around it.
//
// This header is the banking API only. Keeping the journal in a store is
// wasmbank/file_store.h's job (its plumbing, the records, seal lines and
// checkpoints a store is made of, is internal to the core, the bindings and
// the tests: core/src/bank_internals.h); the original tutorial's greet, plus
// and minus are an extension in wasmbank/tutorial.h.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "wasmbank/money.h"
#include "wasmbank/status.h"
#include "wasmbank/types.h"
#include "wasmbank/write_batch.h"

namespace wasmbank {

// Receives human-readable lines about what the core did ("C++ core: ...").
using LogSink = std::function<void(std::string_view line)>;

class Ledger;
namespace internal {
class BankInternals;
}  // namespace internal

class Bank {
 public:
  Bank();
  ~Bank();
  Bank(Bank&&) noexcept;
  Bank& operator=(Bank&&) noexcept;
  Bank(const Bank&) = delete;
  Bank& operator=(const Bank&) = delete;

  // ---- Mutating ops. Each appends one journal entry or changes nothing.
  // Errors, first that applies: INVALID_ARGUMENT (id, address, options),
  // INVALID_NAME, INVALID_CURRENCY, INVALID_AMOUNT, idempotency
  // (IDEMPOTENCY_CONFLICT or a replay), ACCOUNT_EXISTS.
  Result<Receipt> Open(const AccountSpec& spec, const OpOptions& options = {});
  // INVALID_ARGUMENT, idempotency, ACCOUNT_NOT_FOUND, ACCOUNT_CLOSED,
  // INVALID_AMOUNT (must be > 0), OVERFLOW.
  Result<Receipt> Deposit(int32_t id, const Amount& amount,
                          const OpOptions& options = {});
  // INVALID_ARGUMENT, idempotency, ACCOUNT_NOT_FOUND, ACCOUNT_CLOSED,
  // INVALID_AMOUNT (> 0), INSUFFICIENT_FUNDS (below -overdraft_limit).
  Result<Receipt> Withdraw(int32_t id, const Amount& amount,
                           const OpOptions& options = {});
  // INVALID_ARGUMENT, idempotency, SAME_ACCOUNT, ACCOUNT_NOT_FOUND (from,
  // then to), ACCOUNT_CLOSED (from, then to), CURRENCY_MISMATCH,
  // INVALID_AMOUNT (> 0, at the source's scale), INSUFFICIENT_FUNDS, OVERFLOW.
  Result<Receipt> Transfer(int32_t from, int32_t to, const Amount& amount,
                           const OpOptions& options = {});
  // INVALID_ARGUMENT, idempotency, ACCOUNT_NOT_FOUND, ACCOUNT_CLOSED,
  // ACCOUNT_NOT_EMPTY (only a zero balance closes).
  Result<Receipt> Close(int32_t id, const OpOptions& options = {});

  // ---- Holds and limits (docs/holds.md). A hold is named by the number of
  // the entry that placed it; every op runs at now = max(options.at, the
  // bank's time), and a hold expires once now reaches its expires_at.
  // INVALID_ARGUMENT (ids, expires_at, options), idempotency, SAME_ACCOUNT,
  // ACCOUNT_NOT_FOUND (from, then to), ACCOUNT_CLOSED (from, then to),
  // CURRENCY_MISMATCH, INVALID_AMOUNT (> 0), HOLD_EXPIRED (expires_at <=
  // now), INSUFFICIENT_FUNDS (available - amount < -overdraft_limit),
  // OVERFLOW (held + amount).
  Result<Receipt> Hold(int32_t from, int32_t to, const Amount& amount,
                       const HoldOptions& hold = {},
                       const OpOptions& options = {});
  // Moves `amount` (absent: the whole hold) from the hold's source to its
  // destination and closes the hold. INVALID_ARGUMENT (hold 1 to 2^53,
  // options), idempotency, HOLD_NOT_FOUND, HOLD_CLOSED, HOLD_EXPIRED,
  // INVALID_AMOUNT (> 0 and at most the hold's amount), OVERFLOW.
  Result<Receipt> Capture(int64_t hold, const Amount& amount = {},
                          const OpOptions& options = {});
  // Closes the hold without moving money. INVALID_ARGUMENT, idempotency,
  // HOLD_NOT_FOUND, HOLD_CLOSED, HOLD_EXPIRED.
  Result<Receipt> Release(int64_t hold, const OpOptions& options = {});
  // A new overdraft limit. INVALID_ARGUMENT, idempotency, ACCOUNT_NOT_FOUND,
  // ACCOUNT_CLOSED, INVALID_AMOUNT (>= 0), INSUFFICIENT_FUNDS (available
  // below -limit).
  Result<Receipt> SetLimit(int32_t id, const Amount& overdraft_limit,
                           const OpOptions& options = {});
  // Many transfers in one call, each exactly like
  // Transfer(from[i], to[i], Amount::Minor(minor_units[i]), {.at = at}), in
  // order and not atomic; codes[i] gets each one's code (no message: a
  // failing one can be tried again through Transfer for that). Returns how
  // many applied. Much faster than calling Transfer in a loop: no Result is
  // built per transfer.
  size_t TransferMany(const TransferColumns& transfers, int64_t at,
                      std::span<uint8_t> codes);
  // The batch's ops in order (write_batch.h). INVALID_ARGUMENT for the whole
  // batch when it is empty or has more than kMaxBatchOps ops; otherwise ok,
  // with each op's own result in the report.
  Result<BatchReport> Write(const WriteBatch& batch, bool atomic = true);

  // ---- Reads. INVALID_ARGUMENT (id), ACCOUNT_NOT_FOUND.
  // The balance now, or right after entry `as_of` (INVALID_ARGUMENT unless
  // 1 to entry_count(); ACCOUNT_NOT_FOUND for an account opened after it).
  Result<Balance> GetBalance(int32_t id,
                             std::optional<int64_t> as_of = std::nullopt);
  // An account's held and available are as of max(at, the bank's time)
  // (INVALID_ARGUMENT unless 0 <= at <= 8640000000000000).
  Result<AccountInfo> GetAccount(int32_t id, int64_t at = 0) const;
  // Every account, closed ones too, by id.
  std::vector<AccountInfo> Accounts(int64_t at = 0) const;
  // The same one at a time, for a caller that converts each (the bindings):
  // only one AccountInfo is held at once, not a copy of every account.
  void VisitAccounts(const std::function<void(const AccountInfo&)>& visit,
                     int64_t at = 0) const;
  // The holds pending at max(at, the bank's time) that name account `id`
  // (as source or destination), by number.
  Result<std::vector<HoldInfo>> PendingHolds(int32_t id, int64_t at = 0);
  // The bank's time: the greatest `at` of any entry (0 when empty).
  int64_t time() const;
  // An account's statement in one consistent read, as JSON:
  // {"account":<account object, held as of at>,"lines":[{"entry":<journal
  // entry>,"change":"<what it did to the balance, signed>","balance":"<the
  // balance right after it>","counterparty":<the other account of a
  // transfer, hold, capture or release>},...]}, the entries as History
  // selects them (newest first). Errors as History's, and INVALID_ARGUMENT
  // for `at` as GetAccount's.
  Result<std::string> StatementJson(int32_t id,
                                    const HistoryOptions& options = {},
                                    int64_t at = 0);
  // INVALID_ARGUMENT (id, limit, before), ACCOUNT_NOT_FOUND.
  Result<std::vector<JournalEntry>> History(int32_t id,
                                            const HistoryOptions& options = {});
  // Replays the whole journal: every balance and the hash chain.
  // CORRUPT_JOURNAL if they disagree with the state.
  Result<VerifyReport> Verify();

  // ---- JSON and journals.
  // Runs one scenario line and returns its transcript line without the
  // trailing '\n', or "" for a blank line (which produces nothing).
  // Any bytes are accepted; nothing here throws or aborts.
  //
  // kJsObject is the JS API's execute(object) and batch() (bindings/js):
  // the wrapper writes the op object as JSON in which a bigint amount (minor
  // units) is the token `123n`, one no JSON text can contain, so no scenario
  // line or journal can ever mean it. Such text has no line length limit
  // (the wrapper bounds it) and an int32 field (an id, limit, a, b) also
  // takes a bigint, as the typed JS methods do.
  //
  // kScenarioLineGeneral is a scenario line read by the general JSON reader
  // only, never the fast one (below): for tests that compare the two.
  enum class LineSource { kScenarioLine, kJsObject, kScenarioLineGeneral };
  std::string ExecuteLine(std::string_view line,
                          LineSource source = LineSource::kScenarioLine);

  // ExecuteLine's fast path, for callers that take an op's result rather
  // than its transcript text (the wasm bindings build the result object from
  // it). A line in the fast shape of docs/transcript-format.md (a mutating
  // op other than open, written compactly in its documented member order)
  // is run exactly as ExecuteLine runs it, and its op and result returned;
  // any other line is left alone (nullopt) for ExecuteLine.
  struct LineResult {
    EntryKind kind;  // the op, as the kind of entry it writes
    Result<Receipt> result;
  };
  std::optional<LineResult> ExecuteFastLine(std::string_view line);

  // Why the last failing ExecuteLine or ImportJournal failed, in words (the
  // transcript carries only the code).
  const std::string& last_error_message() const { return last_error_message_; }

  // The export (docs/journal-format.md): format line, entry lines, head line,
  // each ending in '\n'.
  std::string ExportJournal();

  // The same export in pieces of whole lines, about `max_bytes` each, for
  // callers that cannot hold it in one string (a JS string has at most
  // 2^29 - 24 characters): start with *cursor = 0; "" means it is all out.
  std::string ExportJournalPiece(uint64_t* cursor, size_t max_bytes);

  // Replaces this bank's state with the journal's. CORRUPT_JOURNAL (and no
  // change at all) for anything that is not a canonical, verifying export;
  // INVALID_ARGUMENT while a store keeps this bank (a store only grows).
  Status ImportJournal(std::string_view text);

  // JSON array of account objects (the "account" shape of
  // docs/transcript-format.md), by id, held as of max(at, the bank's time).
  std::string AccountsJson(int64_t at = 0) const;

  void SetLogSink(LogSink sink);

  // The number of entries in the journal.
  uint32_t entry_count() const;

 private:
  // The store plumbing and the tutorial extension (core/src/bank_internals.h).
  friend class internal::BankInternals;

  // A replay's outcome: on success `fresh` becomes the bank's ledger (with
  // the log sink); on failure the bank stays as it was and remembers why.
  Status Adopt(std::unique_ptr<Ledger> fresh, Status status);
  // Hands the entries after `before` (what one call made) to the durable
  // write; if it fails, undoes them and returns its status.
  Status MakeDurable(uint32_t before);
  // RESOURCE_EXHAUSTED, before anything changes, when the heap could not
  // take `accounts` opens and `entries` entries plus `bytes` more and still
  // hold a copy of the bank (core/src/memory_guard.h); else ok.
  Status Headroom(size_t accounts, size_t entries, size_t bytes = 0);
  // Runs `apply` (one call that may open `accounts` accounts and write
  // `entries` entries) if the heap has room for it, and makes its entries
  // durable; a failed write is the call's result. Without a store it is
  // just the check and `apply()`.
  template <typename Apply>
  auto Durably(size_t accounts, size_t entries, Apply apply)
      -> decltype(apply()) {
    if (Status room = Headroom(accounts, entries); !room.ok()) return room;
    if (!durable_write_) return apply();
    const uint32_t before = entry_count();
    auto result = apply();
    Status status = MakeDurable(before);
    if (!status.ok()) return status;
    return result;
  }

  std::unique_ptr<Ledger> ledger_;
  LogSink sink_;  // kept here too so that an import keeps it
  // Writes a call's record durably before the call returns (a store's).
  std::function<Status(std::string_view record)> durable_write_;
  std::string last_error_message_;
};

}  // namespace wasmbank
