// The file store (wasmbank/file_store.h, docs/store-format.md). POSIX I/O:
// pread/pwrite, fsync, ftruncate, and a lock file the Node store shares.
#include "wasmbank/file_store.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>

namespace wasmbank {
namespace {

constexpr std::string_view kFormatLine = WASMBANK_FORMAT_LINE "\n";

std::string LockPath(const std::string& path) { return path + ".lock"; }
std::string CheckpointPath(const std::string& path) {
  return path + ".checkpoint";
}

std::string Why() { return std::strerror(errno); }

Status CannotOpen(const std::string& path, const std::string& why) {
  return Status(ErrorCode::kInvalidArgument,
                "cannot open the store '" + path + "': " + why);
}

// The pid in a lock file, or 0 if it holds none.
long LockOwner(const std::string& lock) {
  int fd = ::open(lock.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 0;
  char text[32] = {};
  ssize_t n = ::read(fd, text, sizeof(text) - 1);
  ::close(fd);
  return n > 0 ? std::strtol(text, nullptr, 10) : 0;
}

bool IsRunning(long pid) {
  return pid > 0 && (::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM);
}

// Creates FILE.lock holding this process's id. A lock left by a process
// that no longer runs (killed, crashed) is taken over.
Status TakeLock(const std::string& path) {
  const std::string lock = LockPath(path);
  for (int attempt = 0; attempt < 2; ++attempt) {
    int fd =
        ::open(lock.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd >= 0) {
      const std::string pid = std::to_string(::getpid()) + "\n";
      bool written = ::write(fd, pid.data(), pid.size()) ==
                     static_cast<ssize_t>(pid.size());
      ::close(fd);
      if (written) return Status::Ok();
      ::unlink(lock.c_str());
      return CannotOpen(path, "cannot write its lock file '" + lock + "'");
    }
    if (errno != EEXIST) {
      return CannotOpen(path,
                        "cannot create its lock file '" + lock + "': " + Why());
    }
    const long owner = LockOwner(lock);
    if (IsRunning(owner)) {
      return CannotOpen(path, "it is in use by process " +
                                  std::to_string(owner) + " (lock file '" +
                                  lock + "')");
    }
    ::unlink(lock.c_str());  // stale: its owner is gone
  }
  return CannotOpen(path, "another process keeps taking its lock");
}

void ReleaseLock(const std::string& path) { ::unlink(LockPath(path).c_str()); }

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
  return bank->LoadStoreFromCheckpoint(checkpoint, bytes);
}

}  // namespace

Result<std::unique_ptr<FileStore>> FileStore::Open(const std::string& path,
                                                   Bank* bank,
                                                   FileStoreOptions options) {
  const LogSink& note = options.note;
  if (Status locked = TakeLock(path); !locked.ok()) return locked;
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
    if (!opening.ok()) opening = bank->LoadStore(bytes);
    if (!opening.ok()) {
      status = Status(
          opening.code(),
          "the store '" + path + "' cannot be opened: " + opening.message());
    }
  }
  if (status.ok() && opening->torn_bytes > 0) {
    // Cut back to the last whole line, durably, before anything is added.
    if (::ftruncate(fd, static_cast<off_t>(opening->whole_bytes)) != 0 ||
        ::fsync(fd) != 0) {
      status = CannotOpen(path, "cannot cut off its torn last line: " + Why());
    } else if (note) {
      note("store '" + path + "': dropped a torn last line of " +
           std::to_string(opening->torn_bytes) +
           " bytes (a write cut short by a crash) and cut the file back to " +
           std::to_string(opening->entries) + " whole entries");
    }
  }
  uint64_t size = status.ok() ? opening->whole_bytes : 0;
  if (status.ok() && size == 0) {
    if (!WriteAll(fd, kFormatLine, 0) || ::fsync(fd) != 0) {
      status = CannotOpen(path, "cannot write its format line: " + Why());
    } else {
      size = kFormatLine.size();
      SyncDirectoryOf(path);
    }
  }
  if (!status.ok()) {
    if (fd >= 0) ::close(fd);
    ReleaseLock(path);
    return status;
  }
  const uint32_t checkpointed = opening->from_checkpoint;
  return std::unique_ptr<FileStore>(
      new FileStore(path, fd, size, bank, std::move(options), checkpointed));
}

FileStore::FileStore(std::string path, int fd, uint64_t size, Bank* bank,
                     FileStoreOptions options, uint32_t checkpointed)
    : path_(std::move(path)),
      fd_(fd),
      size_(size),
      bank_(bank),
      options_(std::move(options)),
      checkpointed_(checkpointed) {
  bank_->SetDurableWrite(
      [this](std::string_view lines) { return Append(lines); });
}

FileStore::~FileStore() {
  bank_->SetDurableWrite(nullptr);
  ::close(fd_);
  ReleaseLock(path_);
}

Status FileStore::Append(std::string_view lines) {
  if (WriteAll(fd_, lines, size_) && ::fsync(fd_) == 0) {
    size_ += lines.size();
    CheckpointIfDue();
    return Status::Ok();
  }
  const std::string why = Why();
  // Nothing half-written may stay: a whole line left behind would come back
  // on the next open as an entry that was never reported.
  if (::ftruncate(fd_, static_cast<off_t>(size_)) == 0) ::fsync(fd_);
  return Status(ErrorCode::kResourceExhausted,
                "the store '" + path_ + "' cannot take the entry: " + why);
}

// Written beside the store as FILE.checkpoint.tmp, synced, then renamed over
// FILE.checkpoint: a crash leaves the old one or the new one, never half of
// one. A checkpoint that cannot be written is no loss (the store has every
// entry), so a failure is left for the next one to mend.
void FileStore::CheckpointIfDue() {
  if (!bank_->CheckpointDue(checkpointed_, options_.checkpoint_every)) return;
  const uint32_t entries = bank_->entry_count();
  const std::string bytes = bank_->MakeCheckpoint(size_);
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
  Result<StoreOpening> opening = bank.LoadStore(bytes);
  if (!opening.ok()) {
    return Status(opening.code(), "the store '" + path +
                                      "' cannot be read: " + opening.message());
  }
  return bank.ExportJournal();
}

}  // namespace wasmbank
