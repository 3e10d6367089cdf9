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
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
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
  Result<Balance> GetBalance(int32_t id);
  Result<AccountInfo> GetAccount(int32_t id) const;
  // Every account, closed ones too, by id.
  std::vector<AccountInfo> Accounts() const;
  // The same one at a time, for a caller that converts each (the bindings):
  // only one AccountInfo is held at once, not a copy of every account.
  void VisitAccounts(
      const std::function<void(const AccountInfo&)>& visit) const;
  // INVALID_ARGUMENT (id, limit, before), ACCOUNT_NOT_FOUND.
  Result<std::vector<JournalEntry>> History(int32_t id,
                                            const HistoryOptions& options = {});
  // Replays the whole journal: every balance and the hash chain.
  // CORRUPT_JOURNAL if they disagree with the state.
  Result<VerifyReport> Verify();

  // ---- The original tutorial's calls.
  // "Hello, <name>"; INVALID_NAME for a name an account could not have.
  Result<std::string> Greet(std::string_view name);
  // OVERFLOW when the result does not fit int32.
  Result<int32_t> Plus(int32_t a, int32_t b);
  Result<int32_t> Minus(int32_t a, int32_t b);

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
  enum class LineSource { kScenarioLine, kJsObject };
  std::string ExecuteLine(std::string_view line,
                          LineSource source = LineSource::kScenarioLine);

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
  // change at all) for anything that is not a canonical, verifying export.
  Status ImportJournal(std::string_view text);

  // JSON array of account objects (the "account" shape of
  // docs/transcript-format.md), by id.
  std::string AccountsJson() const;

  void SetLogSink(LogSink sink);

  // ---- Stores (docs/store-format.md): the journal kept durable as the
  // bank runs. wasmbank/file_store.h is the file store built on these.

  // A store is its format line, then records: the entry lines of one
  // durable write followed by one seal line, the export's head line at that
  // point (so a store of one record is byte for byte an export).

  // Replaces this bank's state with a store's. Every seal line is checked
  // against the hash chain, so an entry edited into another valid one, or
  // removed, swapped or moved, is CORRUPT_JOURNAL, as is any other damage;
  // nothing changes then. What a crash can leave at the end, a last line
  // without '\n' and whole entry lines after the last seal line (a record
  // whose write never completed, so never reported), is left out and
  // reported (torn_bytes, torn_entries) for the store to cut off, keeping
  // whole_bytes. A store without any seal line (written before stores were
  // sealed) keeps all its whole lines; its next record seals them. No bytes
  // at all (or a torn format line) is a new, empty store.
  Result<StoreOpening> LoadStore(std::string_view bytes);

  // ---- Checkpoints (docs/store-format.md): the state at entry n, so that
  // opening a store replays only the entries after n.

  // The state now, at entry_count() (which must be > 0), for a store whose
  // bytes through the seal line of its last record number `store_bytes`:
  // a checkpoint stands at the end of a record.
  std::string MakeCheckpoint(uint64_t store_bytes);
  // Replaces this bank's state with a store's, `bytes` (as for LoadStore),
  // loaded from `checkpoint` and the lines after it: only those are read
  // and replayed (their seal lines checked), so damage before it goes
  // unseen here (a full LoadStore, or an export, reads everything). The
  // checkpoint must check out (its own checksum) and agree with the store:
  // just before its recorded end the store holds entry n's line, as the
  // checkpoint renders it, and the seal line of its head. CORRUPT_JOURNAL
  // and no change otherwise, or when a later line is damaged: the store
  // should then be opened with LoadStore.
  Result<StoreOpening> LoadStoreFromCheckpoint(std::string_view checkpoint,
                                               std::string_view bytes);
  // The same from the store's bytes from the start of entry n's line on,
  // for a store that can read those alone (IndexedDB: entries n, n+1, ...,
  // entry n's value ending in its record's seal line).
  Result<StoreOpening> LoadStoreTailFromCheckpoint(
      std::string_view checkpoint, std::string_view from_last_line);
  // The entry n a checkpoint stands at; 0 for bytes that are no checkpoint.
  static uint32_t CheckpointEntries(std::string_view checkpoint);
  // Whether a store that had `checkpointed` entries at its last checkpoint
  // should write one now: `every` entries more, or a quarter more if that
  // is more (so opening replays few entries, and writing checkpoints costs
  // O(entries) in all).
  bool CheckpointDue(uint32_t checkpointed, uint32_t every) const;

  // For adapters that allocate beside the bank (buffers for TransferMany):
  // ok when the heap can take `bytes` more and still keep the room every
  // call of this bank is refused without (RESOURCE_EXHAUSTED otherwise,
  // with last_error_message()). See docs/limits.md.
  Status CheckRoom(size_t bytes) { return Headroom(0, 0, bytes); }

  // The number of entries in the journal.
  uint32_t entry_count() const;
  // Appends the lines of the entries after entry `after`, each ending in
  // '\n' (no seal line).
  void AppendEntryLines(uint32_t after, std::string* out) const;
  // Appends the store record of the entries after entry `after`: their
  // lines and the seal line of the head now. What a store that writes after
  // the calls returned (several calls sharing one flush) appends. Nothing
  // when there are no entries after `after`. O(those entries).
  void AppendStoreRecord(uint32_t after, std::string* out);

  // Catches up with records another writer appended to the same store (a
  // second tab): entry lines numbered on from this bank's last entry, each
  // record ending in its seal line, which is checked. All or nothing;
  // CORRUPT_JOURNAL if they do not replay, a seal line does not match or
  // the last entry lines have no seal line after them. They are already
  // durable: the durable write is not called.
  Status ApplyEntryLines(std::string_view records);

  // What a store does with the record of the entries one call made (a
  // mutating op, a batch, TransferMany, a scenario line) before that call
  // reports success: write it durably. `record` is their lines and the seal
  // line after them (AppendStoreRecord). A status other than ok (say
  // RESOURCE_EXHAUSTED for a full disk) undoes the call's entries and
  // becomes its result. A bank with a durable write refuses ImportJournal
  // and LoadStore (INVALID_ARGUMENT): a store only ever grows.
  using DurableWrite = std::function<Status(std::string_view record)>;
  void SetDurableWrite(DurableWrite write);

  // Undoes the entries after `count`: for a store that writes after the call
  // returned (several calls sharing one flush) and could not. Their ops were
  // never reported durable. Does nothing when count >= entry_count().
  void DiscardEntriesAfter(uint32_t count);

 private:
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
  DurableWrite durable_write_;
  std::string last_error_message_;
};

}  // namespace wasmbank
