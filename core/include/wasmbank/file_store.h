// A bank's journal kept in a file as the bank runs (docs/store-format.md):
// the native store behind `bank-cli run --store FILE`. Not in the wasm
// build: in JS, openBank() keeps the same file format (bindings/js).
//
//   wasmbank::Bank bank;
//   auto store = wasmbank::FileStore::Open("bank.journal", &bank);
//   if (!store.ok()) { /* in use, corrupt, unreadable: store.message() */ }
//   bank.Deposit(101, wasmbank::Amount::Decimal("5.00"));  // durable on return
//
// Every call of the bank that makes entries returns only after its record
// (their lines and a seal line, the chain's head after them) is written and
// fsync'ed; a write the disk refuses is RESOURCE_EXHAUSTED for that call,
// which is then undone. One process at a time: the store's lock file
// (FILE.lock, holding "<pid> <token>\n") refuses a second one, and a dead
// owner's lock is taken over atomically (link, a claim, rename; the same
// protocol as bindings/js/node_store.js).
#pragma once

#include <memory>
#include <string>

#include "wasmbank/bank.h"
#include "wasmbank/status.h"

namespace wasmbank {

struct FileStoreOptions {
  // A checkpoint (FILE.checkpoint) is written once the store has this many
  // entries more than at the last one, or a quarter more if that is more:
  // opening then replays at most that many entries, and checkpoints cost
  // O(entries) in all.
  uint32_t checkpoint_every = kDefaultCheckpointEvery;
  // Told when a torn end (a torn line, a record without its seal line) is
  // cut off, and when a checkpoint is ignored.
  LogSink note;
};

class FileStore {
 public:
  // Opens the store at `path` (creating it if there is no file) into `bank`,
  // replacing the bank's state, and binds the two until the FileStore is
  // destroyed. With a checkpoint that checks out and agrees with the file,
  // only the entries after it are read and replayed; otherwise all of them.
  // Every seal line read is checked. What a crash cut short at the end (a
  // torn last line, entry lines after the last seal line) is cut off back
  // to the last seal line, and `options.note` is told what was dropped.
  // INVALID_ARGUMENT: in use by another process (named), or cannot be read
  // or created. CORRUPT_JOURNAL: any other damage, an entry edited into
  // another valid one included; the file is not modified.
  static Result<std::unique_ptr<FileStore>> Open(const std::string& path,
                                                 Bank* bank,
                                                 FileStoreOptions options = {});

  // The full export (docs/journal-format.md) of the store at `path`, read
  // without taking it over: no lock, nothing cut off (a torn end is left
  // out of the export). Reads and checks every line, never a checkpoint.
  static Result<std::string> Export(const std::string& path);

  FileStore(const FileStore&) = delete;
  FileStore& operator=(const FileStore&) = delete;
  // Unbinds the bank, closes the file and releases the lock (if it is still
  // this open's: its token).
  ~FileStore();

 private:
  FileStore(std::string path, int fd, uint64_t size, Bank* bank,
            FileStoreOptions options, uint32_t checkpointed,
            std::string lock_token);
  Status Append(std::string_view record);
  void CheckpointIfDue();

  std::string path_;
  int fd_;
  uint64_t size_;  // bytes of whole records in the file
  Bank* bank_;
  FileStoreOptions options_;
  uint32_t checkpointed_;   // entries at the last checkpoint
  std::string lock_token_;  // in FILE.lock: released only if still ours
};

}  // namespace wasmbank
