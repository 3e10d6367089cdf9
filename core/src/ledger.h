// The bank's state: accounts, the journal and the idempotency keys.
//
// The journal is binary (32 bytes an entry) and rendered to JSON on demand;
// the hash chain over those renderings is computed lazily. Every mutation
// appends exactly one entry, and RollbackTo undoes entries from the end, which
// is how an atomic batch leaves no trace when one of its ops fails.
#pragma once

#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "chunked_vector.h"
#include "id_index.h"
#include "wasmbank/bank.h"
#include "wasmbank/money.h"
#include "wasmbank/sha256.h"
#include "wasmbank/types.h"

namespace wasmbank {

struct Entry {
  int64_t amount;  // open: the opening balance; close, release: 0; limit:
                   // the new overdraft limit
  int64_t at;
  int32_t id;      // the account; transfer, hold: the source; capture,
                   // release: the hold's source
  int32_t to;      // transfer, hold: the destination; capture, release:
                   // the hold's number (HoldNumberOf)
  uint32_t extra;  // 1-based index into the entries' extras, 0 = none
  EntryKind kind;
};  // 32 bytes: most entries have no memo and no key, so those live aside

// The hold a capture or release entry names.
inline uint32_t HoldNumberOf(const Entry& e) {
  return static_cast<uint32_t>(e.to);
}

// A hold's life: pending until it is captured, released or expired.
enum class HoldState : uint8_t { kPending, kCaptured, kReleased, kExpired };

// What a hold entry does not say itself: its expiry and its state. The
// accounts and the amount are the entry's.
struct HoldRecord {
  int64_t expires_at = 0;  // 0: none
  uint32_t entry = 0;      // the hold's number
  HoldState state = HoldState::kPending;
};  // 16 bytes

static_assert(sizeof(Entry) == 32,
              "entries stay 32 bytes: memo and key live aside (budget: 64)");

// The memo and key of an entry that has either.
struct EntryExtra {
  uint32_t memo = 0;  // 1-based index into the memo texts, 0 = none
  uint32_t key = 0;   // 1-based index into the key texts, 0 = none
};

// One cache line at most (64 bytes on 64-bit machines, 56 in wasm32): a
// transfer touches two random accounts. What only history reads (the entries
// touching an account) lives in Ledger.
struct alignas(sizeof(void*) == 8 ? 64 : 8) Account {
  int64_t balance = 0;
  int64_t overdraft_limit = 0;
  // The pending holds this account is the source of, summed (SPEC: held).
  int64_t held = 0;
  int64_t opening_limit = 0;  // the limit it was opened with (its open entry)
  std::unique_ptr<char[]> text;  // the name followed by the address
  int32_t id = 0;
  uint32_t holds = 0;        // pending holds naming it, as source or not
  uint16_t name_size = 0;    // bytes of `text` that are the name
  uint16_t text_size = 0;    // bytes of `text` (name and address)
  uint16_t currency = 0;     // index into the currency table
  uint8_t scale_digits = 0;  // of the currency: cached, the hot path reads it
  bool closed = false;

  void SetText(std::string_view name, std::string_view address) {
    text_size = static_cast<uint16_t>(name.size() + address.size());
    name_size = static_cast<uint16_t>(name.size());
    text = std::make_unique<char[]>(text_size + 1);
    name.copy(text.get(), name.size());
    address.copy(text.get() + name.size(), address.size());
  }
  std::string_view all_text() const {
    return text ? std::string_view(text.get(), text_size) : std::string_view();
  }
  std::string_view name() const { return all_text().substr(0, name_size); }
  std::string_view address() const { return all_text().substr(name_size); }
  int scale() const { return scale_digits; }
};

static_assert(sizeof(Account) <= 64, "an account fits one cache line");

// What every mutating op may carry besides its own fields.
struct Mutation {
  std::string_view key;   // empty = none
  std::string_view memo;  // empty = none
  int64_t at = 0;
};

// Recorded by a keyed op so that a retry gets the original result back.
struct KeyRecord {
  uint32_t entry;
  int64_t balance;     // the account's balance after it (transfer, hold,
                       // capture, release: the source's)
  int64_t to_balance;  // transfer, capture: the destination's balance;
                       // hold, release: the source's available
};

// Where a checkpoint stands: after entry `entries`, the last of a record,
// whose line and the record's seal line are the store's last
// `last_line_bytes` bytes before `store_bytes` (docs/store-format.md).
struct CheckpointPlace {
  uint32_t entries = 0;
  uint64_t store_bytes = 0;
  uint32_t last_line_bytes = 0;
};

// Reads the place of a checkpoint (nothing checked but its start).
bool ReadCheckpointPlace(std::string_view bytes, CheckpointPlace* place);

class Ledger {
 public:
  // Inline: every op looks up one or two accounts.
  Account* FindAccount(int64_t id) {
    if (id < 1 || id > INT32_MAX) return nullptr;
    uint32_t position = account_index_.Find(static_cast<int32_t>(id));
    return position == IdIndex::kMissing ? nullptr : &accounts_[position];
  }
  const Account* FindAccount(int64_t id) const {
    return const_cast<Ledger*>(this)->FindAccount(id);
  }
  const std::vector<Account>& accounts() const { return accounts_; }

  uint32_t entry_count() const {
    return static_cast<uint32_t>(entries_.size());
  }
  const Entry& entry(uint32_t number) const { return entries_[number - 1]; }
  std::string_view memo_of(const Entry& e) const;
  std::string_view key_of(const Entry& e) const;
  const KeyRecord* FindKey(std::string_view key) const;

  // Appenders: the caller has checked every rule. Each returns the entry
  // number it wrote.
  uint32_t AppendOpen(int32_t id, std::string_view name,
                      std::string_view address, uint16_t currency,
                      int64_t balance, int64_t overdraft_limit,
                      const Mutation& m);
  uint32_t AppendDeposit(Account& account, int64_t amount, const Mutation& m);
  uint32_t AppendWithdraw(Account& account, int64_t amount, const Mutation& m);
  // Inline, with Append and RecordKey: the hot path of the core.
  uint32_t AppendTransfer(Account& from, Account& to, int64_t amount,
                          const Mutation& m) {
    from.balance -= amount;
    to.balance += amount;
    uint32_t number =
        Append(Entry{amount, 0, from.id, to.id, 0, EntryKind::kTransfer}, m);
    RecordKey(m.key, KeyRecord{number, from.balance, to.balance});
    return number;
  }
  uint32_t AppendClose(Account& account, const Mutation& m);
  // Holds (SPEC 4b). The hold's number is the entry's.
  uint32_t AppendHold(Account& from, Account& to, int64_t amount,
                      int64_t expires_at, const Mutation& m);
  // Captures `amount` of pending hold `number`, which closes it.
  // `hold` is a pending hold of this ledger (FindHold).
  uint32_t AppendCapture(HoldRecord& hold, int64_t amount, const Mutation& m);
  uint32_t AppendRelease(HoldRecord& hold, const Mutation& m);
  uint32_t AppendLimit(Account& account, int64_t limit, const Mutation& m);

  // ---- The bank's time and the holds ------------------------------------
  // The greatest `at` of any entry (0 for an empty journal).
  int64_t time() const { return time_; }
  // Readies the ledger for an op or a query at `at`: returns now =
  // max(at, time()), with every hold whose expiry is at or before now no
  // longer pending. What expires only because `at` is ahead of the bank's
  // time is undone at the next call unless the op appends an entry (which
  // moves the bank's time there): a failed op does not move the bank's
  // time, nor does a query. O(holds expired), inline when none is due.
  int64_t PrepareAt(int64_t at) {
    if (!expired_.empty() && expired_.back().tag > entry_count()) Settle();
    if (at <= time_) return time_;
    if (!expiring_.empty() && expiring_.begin()->first <= at) Expire(at);
    return at;
  }
  // The hold entry `number` placed, or nullptr if that entry is not a hold.
  const HoldRecord* FindHold(uint64_t number) const;
  HoldRecord* FindHold(uint64_t number) {
    return const_cast<HoldRecord*>(std::as_const(*this).FindHold(number));
  }
  const std::vector<HoldRecord>& holds() const { return holds_; }
  // balance - held: what the account can spend before its overdraft limit.
  // (It stays >= -overdraft_limit, SPEC 4b; the saturation only guards
  // against a state no op can make.)
  static int64_t AvailableOf(const Account& account) {
    int64_t available;
    return CheckedSub(account.balance, account.held, &available) ? available
                                                                 : INT64_MIN;
  }

  // The balance of `account` right after entry `number` (>= 1), or false
  // when the account was opened after it. O(log entries of the account).
  bool BalanceAfter(const Account& account, uint32_t number, int64_t* out);

  // The entries touching `account`, ascending: the per-account index behind
  // history. It is brought up to date here, on demand, like the hash chain.
  const std::vector<uint32_t>& EntriesOf(const Account& account);
  // The other account an entry touches, or 0: a transfer's or a hold's
  // destination, a capture's or release's hold's destination.
  int32_t SecondAccountOf(const Entry& e) const;
  // What entry `e` did to the balance of account `id`, which it touches.
  int64_t ChangeOf(const Entry& e, int32_t id) const;

  // At most how many bytes appending `accounts` opens and `entries` entries
  // in all (each with the longest name, address, memo and key) may
  // allocate, the history index's catching up on the entries since it last
  // ran included: what a call asks CheckHeadroom (memory_guard.h) for.
  size_t GrowthBound(size_t accounts, size_t entries) const;

  // How far the hash chain is computed. Saved before entries that may be
  // undone are chained (a store's record, a replay's), so that undoing them
  // goes back to it instead of starting the chain over: the next Head()
  // would otherwise render and hash every entry again.
  struct ChainState {
    uint32_t hashed = 0;
    Sha256Digest head{};
    uint64_t generation = 0;  // of the ledger's chain: see generation_
  };
  ChainState chain() const { return {hashed_, head_, generation_}; }
  // Saves chain() for RollbackTo(count) (a store's record is about to be
  // chained; a failed write undoes its entries).
  void MarkChain() { marked_ = chain(); }

  // Undoes every entry numbered above `count`. If chained entries go, the
  // chain goes back to the state MarkChain saved, if that still holds.
  void RollbackTo(uint32_t count) { RollbackTo(count, marked_); }
  // The same back to `saved`: used if none of the entries it covers was
  // undone since it was saved, and it covers at most `count`; otherwise
  // the chain starts over.
  void RollbackTo(uint32_t count, const ChainState& saved);

  // The journal line of entry `number` (docs/journal-format.md), without '\n'.
  void AppendEntryJson(uint32_t number, std::string* out) const;
  // Whether `line` is exactly that line, compared as it is produced rather
  // than built: what a replay checks every line it reads against.
  bool EntryJsonIs(uint32_t number, std::string_view line) const;
  // The JSON object of an account (docs/transcript-format.md, "account").
  void AppendAccountJson(const Account& account, std::string* out) const;
  // head_n (docs/journal-format.md) over the whole journal.
  Sha256Digest Head();
  // head_n from the entries' lines as appended: for a replay, which has each
  // canonical line in hand already (Head() would render them all again).
  // `line` is the last entry's; ignored unless the chain reaches the one
  // before.
  void ChainLine(std::string_view line) { ChainLine(entry_count(), line); }
  // The same for entry `number`'s line: for a writer that renders the new
  // entries' lines anyway (a store's record), so that its seal costs one
  // hash per entry and no second rendering.
  void ChainLine(uint32_t number, std::string_view line);

  // The state now in checkpoint form (core/src/checkpoint.cc), placed in
  // the store as given.
  std::string Checkpoint(uint64_t store_bytes, uint32_t last_line_bytes);
  // Fills `fresh` (an empty ledger) from a checkpoint; false if its
  // checksum, a bound, an index or a reference does not check out.
  static bool LoadCheckpoint(std::string_view bytes, Ledger* fresh);

  void SetLogSink(LogSink sink) { sink_ = std::move(sink); }
  bool logging() const { return static_cast<bool>(sink_) && !quiet_; }
  void Log(std::string_view line) const {
    if (logging()) sink_(line);
  }
  // Replays (import, verify) run quietly.
  void set_quiet(bool quiet) { quiet_ = quiet; }

 private:
  uint32_t Append(const Entry& e, const Mutation& m) {
    Entry entry = e;
    entry.at = m.at;
    if (m.at > time_) [[unlikely]]
      AdvanceTime(entry_count() + 1, m.at);
    entry.extra = 0;
    if (!m.memo.empty() || !m.key.empty()) [[unlikely]]
      entry.extra = AddExtra(m.memo);
    entries_.push_back(entry);
    return entry_count();
  }
  // Room for an entry's memo and key; returns its 1-based extras index.
  uint32_t AddExtra(std::string_view memo);
  // Called right after Append, which made room for the key in the extras.
  void RecordKey(std::string_view key, const KeyRecord& record) {
    if (!key.empty()) [[unlikely]]
      RecordNewKey(key, record);
  }
  void RecordNewKey(std::string_view key, const KeyRecord& record);
  void UndoLast();
  // Undoes the effect of a hold being closed (captured, released or
  // expired): it is pending again.
  void Reopen(HoldRecord& hold);
  // The effect of a pending hold being closed, in state `state`.
  void CloseHold(HoldRecord& hold, HoldState state);
  HoldRecord& HoldAt(uint32_t number) { return holds_[HoldIndex(number)]; }
  // holds_'s only writers: a hold numbered after every other, and undoing
  // the last one.
  void AddHold(const HoldRecord& hold);
  void RemoveLastHold();
  size_t HoldIndex(uint64_t number) const;  // holds_.size(): none
  // LoadCheckpoint's holds section, and what follows from it.
  static bool LoadHolds(class Reader& r, Ledger& l);
  // PrepareAt's slow paths.
  void Expire(int64_t at);
  void Settle();
  // Moves the bank's time to `at` for entry `number`.
  void AdvanceTime(uint32_t number, int64_t at);
  // head_ = SHA-256(head_ || line), entry hashed_ + 1 folded in.
  void Fold(std::string_view line);
  // The per-account index: the entries touching it, ascending, and for
  // as_of its balance before every kBaseEvery-th of them (the k-th base is
  // the balance before numbers[k * kBaseEvery], k >= 1; before the first,
  // its open entry, it is 0), so that a balance at any entry is a binary
  // search and a walk of at most kBaseEvery entries, for half a byte an
  // entry more.
  static constexpr size_t kBaseEvery = 16;
  struct History {
    std::vector<uint32_t> numbers;
    std::vector<int64_t> bases;
    int64_t running = 0;  // the balance after the last of `numbers`
  };
  History& HistoryOf(const Account& account) {
    return histories_[static_cast<size_t>(&account - accounts_.data())];
  }
  void IndexEntry(uint32_t number);

  std::vector<Account> accounts_;
  // Per account (same position as accounts_): the numbers of the entries
  // touching it, ascending; filled lazily by EntriesOf, so that transfers do
  // not pay for it.
  std::vector<History> histories_;
  IdIndex account_index_;  // id -> position in accounts_
  ChunkedVector<Entry> entries_;
  std::vector<EntryExtra> extras_;
  std::vector<std::string> memos_;
  std::unordered_map<std::string, KeyRecord> keys_;
  std::vector<const std::string*> key_texts_;  // point into keys_' nodes

  // Holds, by number (ascending); the pending ones that expire, by expiry
  // (expires_at, index into holds_); and the holds expired so far, in
  // order, each with the number of the entry whose op expired it (tag), so
  // that undoing that entry, or an op that appended none, brings them back.
  std::vector<HoldRecord> holds_;
  // Where the holds of each run of kHoldRunEntries entry numbers start:
  // hold_runs_[r] is the index in holds_ of the first hold numbered
  // r * kHoldRunEntries or later. Capture and release find a hold among at
  // most that many records (SPEC: O(1)), for 4 bytes every 64 entries.
  static constexpr uint64_t kHoldRunEntries = 64;
  std::vector<uint32_t> hold_runs_;
  std::set<std::pair<int64_t, uint32_t>> expiring_;
  struct Expiry {
    uint32_t tag;
    uint32_t hold;  // index into holds_
  };
  std::vector<Expiry> expired_;
  // The bank's time, and for undoing entries the numbers of the entries
  // that moved it (each moved it to its own `at`), after the time a
  // checkpoint loaded (base_time_).
  int64_t time_ = 0;
  int64_t base_time_ = 0;
  std::vector<uint32_t> time_steps_;
  std::vector<int64_t> replaced_limits_;  // by each limit entry, in order

  uint32_t history_indexed_ = 0;  // entries in the accounts' histories
  uint32_t hashed_ = 0;           // entries folded into head_
  Sha256Digest head_{};
  uint64_t generation_ = 0;  // +1 each time chained entries are undone
  ChainState marked_;
  LogSink sink_;
  bool quiet_ = false;
};

}  // namespace wasmbank
