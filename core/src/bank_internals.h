// The bank's plumbing, for the layers built on it inside this project and
// not part of the public API (wasmbank/bank.h is the banking API only):
//   - stores (docs/store-format.md): load a store's bytes, make and load
//     checkpoints, hand each call's record to a durable write, catch up with
//     another writer's records. FileStore (core/src/file_store.cc), the
//     bindings' stores (bindings/, bindings/js/store.js) and the tests use it;
//   - the room check the bindings make before allocating beside the bank;
//   - the ledger, for extensions that run in the bank's name (the tutorial's
//     calls, wasmbank/tutorial.h).
// Internal: its signatures may change with the store format.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "wasmbank/bank.h"
#include "wasmbank/status.h"

namespace wasmbank {

// What opening a store found in its bytes.
struct StoreOpening {
  // The bytes to keep: through the last seal line (a legacy store without
  // any: through the last '\n'). whole_bytes + torn_bytes = the store's size.
  uint64_t whole_bytes = 0;
  // After them, left by a write a crash cut short, to be cut off: a torn
  // last line, and whole entry lines whose record has no seal line.
  uint64_t torn_bytes = 0;
  uint32_t torn_entries = 0;     // of torn_bytes, whole entry lines
  uint32_t entries = 0;          // entries in the bank now
  uint32_t from_checkpoint = 0;  // of them, loaded from a checkpoint
};

namespace internal {

// What a store does with the record of the entries one call made (a
// mutating op, a batch, TransferMany, a scenario line) before that call
// reports success: write it durably. `record` is their lines and the seal
// line after them (AppendStoreRecord). A status other than ok (say
// RESOURCE_EXHAUSTED for a full disk) undoes the call's entries and becomes
// its result.
using DurableWrite = std::function<Status(std::string_view record)>;

// A ledger replayed from `text_bytes` of journal, store or checkpoint holds
// at most twice that: every line is longer than what it becomes (32 bytes
// an entry; an account and its index entries for an open line), and the
// containers may be up to half empty after doubling.
inline size_t ReplayBytes(size_t text_bytes) { return 2 * text_bytes; }

// What LoadStore and ImportJournal say while a store keeps the bank.
inline Status StoreOnlyGrows() {
  return Status(ErrorCode::kInvalidArgument,
                "this bank writes to a store, which only ever grows: it "
                "cannot take another journal");
}

// Static members only: the friend of Bank through which the layers above
// reach what bank.h keeps private.
class BankInternals {
 public:
  // ---- Stores. A store is its format line, then records: the entry lines
  // of one durable write followed by one seal line, the export's head line
  // at that point (so a store of one record is byte for byte an export).

  // Replaces the bank's state with a store's. Every seal line is checked
  // against the hash chain, so an entry edited into another valid one, or
  // removed, swapped or moved, is CORRUPT_JOURNAL, as is any other damage;
  // nothing changes then. What a crash can leave at the end, a last line
  // without '\n' and whole entry lines after the last seal line (a record
  // whose write never completed, so never reported), is left out and
  // reported (torn_bytes, torn_entries) for the store to cut off, keeping
  // whole_bytes. A store without any seal line (written before stores were
  // sealed) keeps all its whole lines; its next record seals them. No bytes
  // at all (or a torn format line) is a new, empty store. INVALID_ARGUMENT
  // while the bank has a durable write (a store only ever grows).
  static Result<StoreOpening> LoadStore(Bank& bank, std::string_view bytes);

  // ---- Checkpoints: the state at entry n, so that opening a store replays
  // only the entries after n.

  // The state now, at entry_count() (which must be > 0), for a store whose
  // bytes through the seal line of its last record number `store_bytes`:
  // a checkpoint stands at the end of a record.
  static std::string MakeCheckpoint(Bank& bank, uint64_t store_bytes);
  // Replaces the bank's state with a store's, `bytes` (as for LoadStore),
  // loaded from `checkpoint` and the lines after it: only those are read
  // and replayed (their seal lines checked), so damage before it goes
  // unseen here (a full LoadStore, or an export, reads everything). The
  // checkpoint must check out (its own checksum) and agree with the store:
  // just before its recorded end the store holds entry n's line, as the
  // checkpoint renders it, and the seal line of its head. CORRUPT_JOURNAL
  // and no change otherwise, or when a later line is damaged: the store
  // should then be opened with LoadStore.
  static Result<StoreOpening> LoadStoreFromCheckpoint(
      Bank& bank, std::string_view checkpoint, std::string_view bytes);
  // The same from the store's bytes from the start of entry n's line on,
  // for a store that can read those alone (IndexedDB: entries n, n+1, ...,
  // entry n's value ending in its record's seal line).
  static Result<StoreOpening> LoadStoreTailFromCheckpoint(
      Bank& bank, std::string_view checkpoint, std::string_view from_last_line);
  // The entry n a checkpoint stands at; 0 for bytes that are no checkpoint.
  static uint32_t CheckpointEntries(std::string_view checkpoint);
  // Where in a store's bytes the tail LoadStoreTailFromCheckpoint takes
  // starts (entry n's line), by the checkpoint's own word; -1 if it cannot
  // be read. A store read from there only is checked as a whole one is.
  static int64_t CheckpointTailOffset(std::string_view checkpoint);
  // Whether a store that had `checkpointed` entries at its last checkpoint
  // should write one now: `every` entries more, or a quarter more if that
  // is more (so opening replays few entries, and writing checkpoints costs
  // O(entries) in all).
  static bool CheckpointDue(const Bank& bank, uint32_t checkpointed,
                            uint32_t every);

  // ---- Records and writes.

  // Appends the lines of the entries after entry `after`, each ending in
  // '\n' (no seal line).
  static void AppendEntryLines(const Bank& bank, uint32_t after,
                               std::string* out);
  // Appends the store record of the entries after entry `after`: their
  // lines and the seal line of the head now. What a store that writes after
  // the calls returned (several calls sharing one flush) appends. Nothing
  // when there are no entries after `after`. O(those entries).
  static void AppendStoreRecord(Bank& bank, uint32_t after, std::string* out);
  // Appends the seal line of the head now alone: what a store written before
  // sealing (its entries end without a seal line) gets when it is opened,
  // before any record follows, so that a crash tearing that record cannot
  // leave part of it kept as the old store's lines.
  static void AppendSealLine(Bank& bank, std::string* out);
  // Whether a store's whole bytes (as LoadStore took them, through
  // `whole_bytes`) end in a seal line; false for an old store's entries.
  static bool EndsSealed(std::string_view whole);
  // Catches up with records another writer appended to the same store (a
  // second tab): entry lines numbered on from the bank's last entry, each
  // record ending in its seal line, which is checked. All or nothing;
  // CORRUPT_JOURNAL if they do not replay, a seal line does not match or
  // the last entry lines have no seal line after them. They are already
  // durable: the durable write is not called.
  static Status ApplyEntryLines(Bank& bank, std::string_view records);
  // Binds the store's durable write (nullptr unbinds). A bank with one
  // refuses ImportJournal and LoadStore (INVALID_ARGUMENT).
  static void SetDurableWrite(Bank& bank, DurableWrite write);
  // Undoes the entries after `count`: for a store that writes after the call
  // returned (several calls sharing one flush) and could not. Their ops were
  // never reported durable. Does nothing when count >= entry_count().
  static void DiscardEntriesAfter(Bank& bank, uint32_t count);

  // ---- For adapters that allocate beside the bank (the bindings' buffers
  // for TransferMany, a journal or store copied into the heap): ok when the
  // heap can take `bytes` more and still keep the room every call of the
  // bank is refused without (RESOURCE_EXHAUSTED otherwise, with
  // last_error_message()). See docs/limits.md.
  static Status CheckRoom(Bank& bank, size_t bytes);

  // ---- For extensions that run in the bank's name (wasmbank/tutorial.h):
  // its ledger, whose log sink is the bank's.
  static const Ledger& ledger(const Bank& bank) { return *bank.ledger_; }
};

}  // namespace internal
}  // namespace wasmbank
