// The file store (wasmbank/file_store.h, docs/store-format.md). POSIX I/O:
// pread/pwrite, fsync, ftruncate, and a lock file the Node store shares.
#include "wasmbank/file_store.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <random>
#include <string>

#include "bank_internals.h"

namespace wasmbank {

// The bank's store plumbing (not in wasmbank/bank.h).
using internal::BankInternals;

namespace {

std::string LockPath(const std::string& path) { return path + ".lock"; }
std::string CheckpointPath(const std::string& path) {
  return path + ".checkpoint";
}

std::string Why() { return std::strerror(errno); }

Status CannotOpen(const std::string& path, const std::string& why) {
  return Status(ErrorCode::kInvalidArgument,
                "cannot open the store '" + path + "': " + why);
}

// Ids outside 1..2^31-1 name no process (and must never reach kill(): -1
// would ask about every process).
bool IsRunning(long long pid) {
  return pid > 0 && pid <= INT32_MAX &&
         (::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM);
}

// The lock protocol (docs/store-format.md, "One process at a time"), the
// same in bindings/js/node_store.js: a lock file P holds "<pid> <token>\n"
// (an old one "<pid>\n": token ""). It is only ever made whole before it
// gets its name (link, or rename over a dead owner's), so a reader never
// sees half of one.
struct LockOwner {
  std::string pid_text;  // as written: names the claim, compared as is
  std::string token;
  long long pid = 0;  // 0 unless pid_text is all digits
  // It exists but could not be read (EACCES, EMFILE, ...): who owns it is
  // unknown, so it is never taken for a dead owner's.
  bool unreadable = false;
  std::string why;
  bool operator==(const LockOwner& other) const {
    return pid_text == other.pid_text && token == other.token;
  }
};

// Read exactly as node_store.js reads it: one final '\n' dropped, split at
// ' ', the first field the pid (digits only, else 0: no process) and the
// second the token. False when P is gone.
bool ReadLockOwner(const std::string& lock, LockOwner* owner) {
  *owner = LockOwner{};
  int fd = ::open(lock.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0 && errno == ENOENT) return false;
  std::string text(4096, '\0');
  const ssize_t n = fd < 0 ? -1 : ::read(fd, text.data(), text.size());
  if (n < 0) {
    owner->unreadable = true;
    owner->why = Why();
    if (fd >= 0) ::close(fd);
    return true;
  }
  ::close(fd);
  text.resize(static_cast<size_t>(n));
  if (!text.empty() && text.back() == '\n') text.pop_back();
  const size_t space = text.find(' ');
  owner->pid_text = text.substr(0, space);
  if (space != std::string::npos) {
    const size_t end = text.find(' ', space + 1);
    owner->token = text.substr(
        space + 1, end == std::string::npos ? end : end - space - 1);
  }
  const std::string& digits = owner->pid_text;
  if (!digits.empty() && digits.size() <= 18 &&
      digits.find_first_not_of("0123456789") == std::string::npos) {
    owner->pid = std::stoll(digits);
  }
  return true;
}

// 16 lowercase hex digits, new for every open: tells this open's lock files
// from any other's, also a dead process's of the same pid.
std::string NewToken() {
  std::random_device random;
  std::string token;
  for (int i = 0; i < 4; ++i) {
    char part[5];
    std::snprintf(part, sizeof(part), "%04x", random() & 0xffff);
    token += part;
  }
  return token;
}

class Lock {
 public:
  Lock(std::string store, std::string token)
      : store_(std::move(store)), token_(std::move(token)) {}

  // Takes P for this open (see the protocol); `depth` 0 for FILE.lock, one
  // more for each claim down (at most 3).
  const std::string& token() const { return token_; }

  Status Acquire(const std::string& lock, int depth) {
    const std::string mine =
        lock + "." + std::to_string(::getpid()) + "." + token_ + ".tmp";
    if (Status made = MakeMine(lock, mine); !made.ok()) return made;
    Status status = Take(lock, mine, depth);
    ::unlink(mine.c_str());  // gone already when it became P
    return status;
  }

  // Removes P if it is still ours: a lock taken over meanwhile (only if
  // this process was thought dead, which it is not) is left to its owner.
  void Release(const std::string& lock) const {
    LockOwner owner;
    if (ReadLockOwner(lock, &owner) && owner.token == token_) {
      ::unlink(lock.c_str());
    }
  }

 private:
  // The lock file to be, whole and synced under a name nobody else uses.
  Status MakeMine(const std::string& lock, const std::string& mine) {
    int fd =
        ::open(mine.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0) {
      return CannotOpen(store_,
                        "cannot create its lock file '" + lock + "': " + Why());
    }
    const std::string content =
        std::to_string(::getpid()) + " " + token_ + "\n";
    const bool written = ::write(fd, content.data(), content.size()) ==
                             static_cast<ssize_t>(content.size()) &&
                         ::fsync(fd) == 0;
    const std::string why = Why();
    ::close(fd);
    if (written) return Status::Ok();
    ::unlink(mine.c_str());
    return CannotOpen(store_,
                      "cannot write its lock file '" + lock + "': " + why);
  }

  Status Take(const std::string& lock, const std::string& mine, int depth) {
    for (int attempt = 0; attempt < 8; ++attempt) {
      // link() fails if P exists: of all who try, one gets it.
      if (::link(mine.c_str(), lock.c_str()) == 0) return Status::Ok();
      if (errno != EEXIST) {
        return CannotOpen(
            store_, "cannot create its lock file '" + lock + "': " + Why());
      }
      LockOwner owner;
      if (!ReadLockOwner(lock, &owner)) continue;  // released meanwhile
      if (owner.unreadable) {  // as node_store.js: refused, never taken over
        return CannotOpen(
            store_, "cannot read its lock file '" + lock + "': " + owner.why);
      }
      if (IsRunning(owner.pid)) {
        return CannotOpen(store_, "it is in use by process " +
                                      std::to_string(owner.pid) +
                                      " (lock file '" + lock + "')");
      }
      // Its owner is dead. Of all who found this very owner dead, the one
      // that holds the claim named after it replaces P; the others, once
      // they get the claim, see P changed. A claimer that died leaves a
      // claim whose owner is dead: taken over the same way, one level down.
      if (depth >= 3) break;
      const std::string claim =
          lock + ".takeover-" + owner.pid_text + "-" + owner.token;
      if (Status claimed = Acquire(claim, depth + 1); !claimed.ok()) {
        return claimed;
      }
      LockOwner now;
      const bool same =
          ReadLockOwner(lock, &now) && !now.unreadable && now == owner;
      // rename() replaces P in one step: nobody sees it missing.
      const bool taken = same && ::rename(mine.c_str(), lock.c_str()) == 0;
      Release(claim);
      if (taken) return Status::Ok();
    }
    return CannotOpen(
        store_, "another process keeps taking its lock file '" + lock + "'");
  }

  std::string store_;
  std::string token_;
};

// What opening dropped at the store's end, in words.
std::string TornWhat(const StoreOpening& opening, const std::string& bytes) {
  const size_t torn_line = bytes.size() - (bytes.rfind('\n') + 1);
  std::string what;
  if (opening.torn_entries > 0) {
    what = std::to_string(opening.torn_entries) +
           " whole entry line(s) of a record without its seal line";
  }
  if (torn_line > 0) {
    if (!what.empty()) what += " and ";
    what += "a torn last line of " + std::to_string(torn_line) + " bytes";
  }
  return what + ", " + std::to_string(opening.torn_bytes) + " bytes in all";
}

bool ReadAll(int fd, std::string* out) {
  struct stat info;
  if (::fstat(fd, &info) != 0) return false;
  out->resize(static_cast<size_t>(info.st_size));
  size_t done = 0;
  while (done < out->size()) {
    ssize_t n = ::pread(fd, out->data() + done, out->size() - done,
                        static_cast<off_t>(done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

bool WriteAll(int fd, std::string_view bytes, uint64_t offset) {
  while (!bytes.empty()) {
    ssize_t n =
        ::pwrite(fd, bytes.data(), bytes.size(), static_cast<off_t>(offset));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<size_t>(n));
    offset += static_cast<uint64_t>(n);
  }
  return true;
}

// A new file's name is durable once its directory is synced.
void SyncDirectoryOf(const std::string& path) {
  const size_t slash = path.rfind('/');
  const std::string dir =
      slash == std::string::npos ? "." : path.substr(0, slash + 1);
  int fd = ::open(dir.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

}  // namespace

namespace {

// Loads the store from its checkpoint and the lines after it; says why not
// ("no checkpoint", or why it was ignored) otherwise.
Result<StoreOpening> LoadFromCheckpoint(const std::string& path,
                                        const std::string& bytes, Bank* bank) {
  std::ifstream in(CheckpointPath(path), std::ios::binary);
  if (!in) return Status(ErrorCode::kCorruptJournal, "no checkpoint");
  const std::string checkpoint((std::istreambuf_iterator<char>(in)),
                               std::istreambuf_iterator<char>());
  return BankInternals::LoadStoreFromCheckpoint(*bank, checkpoint, bytes);
}

}  // namespace

Result<std::unique_ptr<FileStore>> FileStore::Open(const std::string& path,
                                                   Bank* bank,
                                                   FileStoreOptions options) {
  const LogSink& note = options.note;
  Lock lock(path, NewToken());
  if (Status locked = lock.Acquire(LockPath(path), 0); !locked.ok()) {
    return locked;
  }
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  std::string bytes;
  Status status;
  if (fd < 0 || !ReadAll(fd, &bytes)) {
    status = CannotOpen(path, Why());
  }
  Result<StoreOpening> opening = StoreOpening{};
  if (status.ok()) {
    opening = LoadFromCheckpoint(path, bytes, bank);
    if (!opening.ok() && opening.message() != "no checkpoint" && note) {
      note("store '" + path + "': ignored its checkpoint (" +
           opening.message() + ") and replayed every entry");
    }
    if (!opening.ok()) opening = BankInternals::LoadStore(*bank, bytes);
    if (!opening.ok()) {
      status = Status(
          opening.code(),
          "the store '" + path + "' cannot be opened: " + opening.message());
    }
  }
  if (status.ok() && opening->torn_bytes > 0) {
    // Cut back to the end of the last record, durably, before anything is
    // added: a record written after a torn one would seal it.
    if (::ftruncate(fd, static_cast<off_t>(opening->whole_bytes)) != 0 ||
        ::fsync(fd) != 0) {
      status = CannotOpen(path, "cannot cut off its torn end: " + Why());
    } else if (note) {
      note("store '" + path + "': dropped " + TornWhat(*opening, bytes) +
           " (a write cut short by a crash, never reported done) and cut "
           "the file back to " +
           std::to_string(opening->entries) + " whole entries");
    }
  }
  uint64_t size = status.ok() ? opening->whole_bytes : 0;
  // A store without entries starts (again) with its format line and opening
  // seal, so that even its first record, if a crash tears it, is dropped as
  // torn instead of kept as an old unsealed store's lines.
  if (status.ok() && opening->entries == 0 && size != kStoreStart.size()) {
    if (::ftruncate(fd, 0) != 0 || !WriteAll(fd, kStoreStart, 0) ||
        ::fsync(fd) != 0) {
      status = CannotOpen(path, "cannot write its format line: " + Why());
    } else {
      size = kStoreStart.size();
      SyncDirectoryOf(path);
    }
  }
  // A store written before sealing ends in entry lines: seal all of it now,
  // before any record follows, so that a crash tearing that record cannot
  // leave part of it kept as the old store's lines.
  if (status.ok() && opening->entries > 0 &&
      !BankInternals::EndsSealed(std::string_view(bytes).substr(0, size))) {
    std::string seal;
    BankInternals::AppendSealLine(*bank, &seal);
    if (!WriteAll(fd, seal, size) || ::fsync(fd) != 0) {
      status = CannotOpen(path, "cannot seal its entries: " + Why());
    } else {
      size += seal.size();
    }
  }
  if (!status.ok()) {
    if (fd >= 0) ::close(fd);
    lock.Release(LockPath(path));
    return status;
  }
  const uint32_t checkpointed = opening->from_checkpoint;
  return std::unique_ptr<FileStore>(new FileStore(
      path, fd, size, bank, std::move(options), checkpointed, lock.token()));
}

FileStore::FileStore(std::string path, int fd, uint64_t size, Bank* bank,
                     FileStoreOptions options, uint32_t checkpointed,
                     std::string lock_token)
    : path_(std::move(path)),
      fd_(fd),
      size_(size),
      bank_(bank),
      options_(std::move(options)),
      checkpointed_(checkpointed),
      lock_token_(std::move(lock_token)) {
  BankInternals::SetDurableWrite(
      *bank_, [this](std::string_view record) { return Append(record); });
}

FileStore::~FileStore() {
  BankInternals::SetDurableWrite(*bank_, nullptr);
  ::close(fd_);
  Lock(path_, lock_token_).Release(LockPath(path_));
}

// One record (its entry lines and seal line) in one write: a crash part way
// leaves a torn record, which the next open cuts off.
Status FileStore::Append(std::string_view record) {
  if (WriteAll(fd_, record, size_) && ::fsync(fd_) == 0) {
    size_ += record.size();
    CheckpointIfDue();
    return Status::Ok();
  }
  const std::string why = Why();
  // Nothing half-written may stay: whole entry lines left behind would be
  // sealed by the next record as entries that were never reported.
  if (::ftruncate(fd_, static_cast<off_t>(size_)) == 0) ::fsync(fd_);
  return Status(ErrorCode::kResourceExhausted,
                "the store '" + path_ + "' cannot take the entry: " + why);
}

// Written beside the store as FILE.checkpoint.tmp, synced, then renamed over
// FILE.checkpoint: a crash leaves the old one or the new one, never half of
// one. A checkpoint that cannot be written is no loss (the store has every
// entry), so a failure is left for the next one to mend.
void FileStore::CheckpointIfDue() {
  if (!BankInternals::CheckpointDue(*bank_, checkpointed_,
                                    options_.checkpoint_every))
    return;
  const uint32_t entries = bank_->entry_count();
  const std::string bytes = BankInternals::MakeCheckpoint(*bank_, size_);
  const std::string target = CheckpointPath(path_);
  const std::string temporary = target + ".tmp";
  int fd =
      ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return;
  const bool written = WriteAll(fd, bytes, 0) && ::fsync(fd) == 0;
  ::close(fd);
  if (written && ::rename(temporary.c_str(), target.c_str()) == 0) {
    SyncDirectoryOf(path_);
    checkpointed_ = entries;
  } else {
    ::unlink(temporary.c_str());
  }
}

Result<std::string> FileStore::Export(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  std::string bytes;
  const bool read = fd >= 0 && ReadAll(fd, &bytes);
  const std::string why = Why();
  if (fd >= 0) ::close(fd);
  if (!read) return CannotOpen(path, why);
  Bank bank;
  Result<StoreOpening> opening = BankInternals::LoadStore(bank, bytes);
  if (!opening.ok()) {
    return Status(opening.code(), "the store '" + path +
                                      "' cannot be read: " + opening.message());
  }
  return bank.ExportJournal();
}

}  // namespace wasmbank
