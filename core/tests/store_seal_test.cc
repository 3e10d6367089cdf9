// Sealed file stores and the lock protocol (docs/store-format.md): every
// change to a whole stored entry, also one that leaves a valid entry, is
// CORRUPT_JOURNAL with the file byte for byte as it was; what a crash leaves
// at the end is cut back to the last seal line; a store written before
// sealing still opens and is sealed by its next write; a checkpoint still
// opens only what follows it. The lock: a dead owner's lock (either form)
// and a dead claimer's claim are taken over, a live one refuses, release
// removes only our own lock, and of processes racing for a dead owner's
// lock exactly one wins.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "bank_internals.h"
#include "store_test_support.h"
#include "wasmbank/file_store.h"

namespace wasmbank {
namespace {

using internal::BankInternals;
using store_test::Join;
using store_test::Lines;
using store_test::ReadFile;
using store_test::Spec;
using store_test::WriteFile;

bool IsSeal(const std::string& line) { return line.rfind("{\"head\"", 0) == 0; }

// Replaces the first `from` in `line` (which must hold it) with `to`.
void Edit(std::string* line, const std::string& from, const std::string& to) {
  const size_t at = line->find(from);
  ASSERT_NE(at, std::string::npos) << from << " in " << *line;
  line->replace(at, from.size(), to);
}

// A dead process's pid (above any pid_max Linux allows).
constexpr long kDeadPid = 2147483646;

class StoreSealTest : public store_test::StoreDirTest {
 protected:
  StoreSealTest() : StoreDirTest("wasmbank-seal-") {}
  void SetUp() override {
    StoreDirTest::SetUp();
    lock_ = path_ + ".lock";
  }

  // Five writes, one a batch of two:
  //   1 open Ann 100.00 | 2 open Ben | 3 transfer Ann->Ben 25.00 "rent",
  //   4 deposit Ben 1.50 (one record) | 5 withdraw Ann 0.01 |
  //   6 transfer Ben->Ann 5.00 "back"
  std::string MakeStore(FileStoreOptions options = {}) {
    Bank bank;
    auto store = FileStore::Open(path_, &bank, options);
    EXPECT_TRUE(store.ok()) << store.message();
    EXPECT_TRUE(bank.Open(Spec(1, "Ann", 10000)).ok());
    EXPECT_TRUE(bank.Open(Spec(2, "Ben", 0)).ok());
    WriteBatch batch;
    batch.Transfer(1, 2, Amount::Decimal("25.00"),
                   OpOptions{.key = std::nullopt, .memo = "rent"});
    batch.Deposit(2, Amount::Decimal("1.50"));
    EXPECT_TRUE(bank.Write(batch).ok());
    EXPECT_TRUE(bank.Withdraw(1, Amount::Minor(1)).ok());
    EXPECT_TRUE(bank.Transfer(2, 1, Amount::Decimal("5.00"),
                              OpOptions{.key = std::nullopt, .memo = "back"})
                    .ok());
    expected_export_ = bank.ExportJournal();
    return ReadFile(path_);
  }

  // Whatever is in the directory besides the store and its checkpoint.
  std::set<std::string> Leftovers() const {
    std::set<std::string> names;
    for (const auto& file : std::filesystem::directory_iterator(dir_)) {
      const std::string name = file.path().filename().string();
      if (name != "bank.journal" && name != "bank.journal.checkpoint") {
        names.insert(name);
      }
    }
    return names;
  }

  // Opening is CORRUPT_JOURNAL, the file stays byte for byte as it was,
  // and no lock file or other file is left behind.
  void ExpectRefused(const std::string& bytes, const std::string& what) {
    WriteFile(path_, bytes);
    Bank bank;
    auto store = FileStore::Open(path_, &bank);
    EXPECT_EQ(ErrorCodeName(store.code()), "CORRUPT_JOURNAL") << what;
    EXPECT_EQ(ReadFile(path_), bytes) << what;
    EXPECT_EQ(Leftovers(), std::set<std::string>{}) << what;
    auto exported = FileStore::Export(path_);
    EXPECT_EQ(ErrorCodeName(exported.code()), "CORRUPT_JOURNAL") << what;
  }

  Result<std::unique_ptr<FileStore>> Open(Bank* bank,
                                          std::vector<std::string>* notes) {
    FileStoreOptions options;
    options.note = [notes](std::string_view n) { notes->emplace_back(n); };
    return FileStore::Open(path_, bank, options);
  }

  std::string lock_;
  std::string expected_export_;
};

TEST_F(StoreSealTest, EveryChangeToAWholeEntryIsRefused) {
  const std::string whole = MakeStore();
  const std::vector<std::string> lines = Lines(whole);
  // format; e1 s; e2 s; e3 e4 s; e5 s; e6 s
  ASSERT_EQ(lines.size(), 12u);
  ASSERT_TRUE(IsSeal(lines[2]) && IsSeal(lines[4]) && IsSeal(lines[7]) &&
              IsSeal(lines[9]) && IsSeal(lines[11]));
  {  // the store as written opens, to the bank that wrote it
    Bank bank;
    ASSERT_TRUE(FileStore::Open(path_, &bank).ok());
    EXPECT_EQ(bank.ExportJournal(), expected_export_);
  }
  std::vector<std::string> edited = lines;
  Edit(&edited[5], "\"25.00\"", "\"24.00\"");
  ExpectRefused(Join(edited), "an amount changed to another affordable one");
  edited = lines;
  Edit(&edited[10], "\"5.00\"", "\"6.00\"");
  ExpectRefused(Join(edited), "the last record's amount changed");
  edited = lines;
  Edit(&edited[5], "\"rent\"", "\"rant\"");
  ExpectRefused(Join(edited), "a memo edited");
  edited = lines;
  Edit(&edited[6], "\"1.50\"", "\"5.00\"");
  Edit(&edited[10], "\"5.00\"", "\"1.50\"");
  ExpectRefused(Join(edited), "two amounts swapped between entries");
  edited = lines;
  Edit(&edited[5], "\"25.00\"", "\"1.50\"");
  Edit(&edited[6], "\"1.50\"", "\"25.00\"");
  ExpectRefused(Join(edited), "two amounts swapped within a record");
  edited = lines;
  edited.erase(edited.begin() + 10);
  ExpectRefused(Join(edited),
                "the last whole entry line removed, its seal kept");
  edited = lines;
  edited.erase(edited.begin() + 6);
  ExpectRefused(Join(edited), "a record's last entry line removed");
  for (size_t seal : {2, 7, 11}) {
    edited = lines;
    char& digit = edited[seal][20];
    digit = digit == '0' ? '1' : '0';
    ExpectRefused(Join(edited),
                  "seal line " + std::to_string(seal) + " edited");
  }
  edited = lines;
  edited.insert(edited.begin() + 1, lines[2]);
  ExpectRefused(Join(edited), "a seal line right after the format line");
  edited = lines;
  edited.insert(edited.begin() + 3, lines[2]);
  ExpectRefused(Join(edited), "a seal line right after a seal line");
  ExpectRefused(whole + lines[11], "the last seal line twice");
  // (Removing a seal line between two records changes no entry: the next
  // seal line covers both. Removing whole records from the end is a store
  // cut back in time, which only a head kept elsewhere can tell: an
  // export's.)
}

TEST_F(StoreSealTest, ATornRecordIsCutBackToTheLastSealLine) {
  const std::string whole = MakeStore();
  const std::vector<std::string> lines = Lines(whole);
  // The batch's record without its seal line, and the same with a torn
  // line after it, and its first line alone: all cut back to record 2.
  const std::string kept = Join({lines.begin(), lines.begin() + 5});
  const std::vector<std::pair<std::string, std::string>> cases = {
      {kept + lines[5] + lines[6],
       "2 whole entry line(s) of a record without its seal line, "},
      {kept + lines[5] + lines[6] + lines[7].substr(0, 30),
       "2 whole entry line(s) of a record without its seal line and a torn "
       "last line of 30 bytes, "},
      {kept + lines[5],
       "1 whole entry line(s) of a record without its seal line, "},
  };
  for (const auto& [bytes, dropped] : cases) {
    WriteFile(path_, bytes);
    std::vector<std::string> notes;
    {
      Bank bank;
      auto store = Open(&bank, &notes);
      ASSERT_TRUE(store.ok()) << store.message();
      EXPECT_EQ(bank.entry_count(), 2u);
      ASSERT_EQ(notes.size(), 1u);
      EXPECT_NE(notes[0].find("dropped " + dropped +
                              std::to_string(bytes.size() - kept.size()) +
                              " bytes in all"),
                std::string::npos)
          << notes[0];
      EXPECT_EQ(ReadFile(path_), kept);
      // The next write starts a record of its own after the last seal.
      ASSERT_TRUE(bank.Deposit(2, Amount::Minor(3)).ok());
    }
    Bank reopened;
    notes.clear();
    ASSERT_TRUE(Open(&reopened, &notes).ok());
    EXPECT_TRUE(notes.empty());
    EXPECT_EQ(reopened.entry_count(), 3u);
    EXPECT_TRUE(reopened.Verify().ok());
  }
  // Entry lines of a torn record must still be entries that replay.
  std::string bad = lines[5];
  Edit(&bad, "\"25.00\"", "\"250.00\"");
  ExpectRefused(kept + bad, "a torn record that does not replay");
  // Read without taking the store over, a torn record is left out.
  WriteFile(path_, kept + lines[5] + lines[6]);
  Bank two;
  ASSERT_TRUE(BankInternals::LoadStore(two, kept).ok());
  EXPECT_EQ(FileStore::Export(path_).value(), two.ExportJournal());
}

TEST_F(StoreSealTest, ALegacyStoreOpensAndIsSealedBeforeAnyRecord) {
  const std::string whole = MakeStore();
  std::vector<std::string> legacy;
  for (const std::string& line : Lines(whole)) {
    // A store from before sealing: no opening seal, no seal lines.
    if (line == kStoreStart) {
      legacy.push_back(std::string(kJournalFormatLine) + "\n");
    } else if (!IsSeal(line)) {
      legacy.push_back(line);
    }
  }
  const std::string legacy_bytes = Join(legacy);
  // The seal line opening adds: the export's head line.
  const std::string seal =
      expected_export_.substr(expected_export_.rfind("{\"head\""));
  WriteFile(path_, legacy_bytes + "{\"entry\":7,\"ki");  // and a torn line
  std::vector<std::string> notes;
  {
    Bank bank;
    auto store = Open(&bank, &notes);
    ASSERT_TRUE(store.ok()) << store.message();
    EXPECT_EQ(bank.ExportJournal(), expected_export_);
    ASSERT_EQ(notes.size(), 1u);
    EXPECT_NE(notes[0].find("a torn last line of 14 bytes"), std::string::npos)
        << notes[0];
    // Sealed at once, before any record can follow (and be torn).
    EXPECT_EQ(ReadFile(path_), legacy_bytes + seal);
    ASSERT_TRUE(bank.Deposit(1, Amount::Minor(7)).ok());
    expected_export_ = bank.ExportJournal();
  }
  // One record: the new entry and the seal line of the whole chain.
  const std::string sealed = ReadFile(path_);
  ASSERT_EQ(sealed.substr(0, legacy_bytes.size() + seal.size()),
            legacy_bytes + seal);
  const std::vector<std::string> added =
      Lines(sealed.substr(legacy_bytes.size() + seal.size()));
  ASSERT_EQ(added.size(), 2u);
  EXPECT_EQ(added[1], expected_export_.substr(expected_export_.rfind('{')));
  {
    Bank bank;
    ASSERT_TRUE(FileStore::Open(path_, &bank).ok());
    EXPECT_EQ(bank.ExportJournal(), expected_export_);
  }
  // Now sealed: a valid-looking edit of a legacy line is refused.
  std::vector<std::string> edited = Lines(sealed);
  Edit(&edited[3], "\"25.00\"", "\"24.00\"");
  ExpectRefused(Join(edited), "an edit of a line the open sealed");
  // And the entry lines of a record torn right after the sealing are
  // dropped as torn, not kept as the old store's.
  WriteFile(path_, legacy_bytes + seal + added[0]);
  notes.clear();
  {
    Bank bank;
    auto store = Open(&bank, &notes);
    ASSERT_TRUE(store.ok()) << store.message();
    EXPECT_EQ(bank.entry_count(), 6u);
    EXPECT_EQ(ReadFile(path_), legacy_bytes + seal);
  }
}

TEST_F(StoreSealTest, ACheckpointOpensOnlyTheTailAndItsPlaceIsChecked) {
  FileStoreOptions every3;
  every3.checkpoint_every = 3;
  const std::string whole = MakeStore(every3);
  const std::string checkpoint = ReadFile(path_ + ".checkpoint");
  ASSERT_EQ(BankInternals::CheckpointEntries(checkpoint),
            4u);  // after the batch
  const std::vector<std::string> lines = Lines(whole);

  // An edit before the checkpoint goes unread: the open reads the tail...
  std::vector<std::string> edited = lines;
  Edit(&edited[3], "\"Ben\"", "\"Bob\"");
  WriteFile(path_, Join(edited));
  std::vector<std::string> notes;
  {
    Bank bank;
    ASSERT_TRUE(Open(&bank, &notes).ok());
    EXPECT_TRUE(notes.empty()) << notes[0];
    EXPECT_EQ(bank.ExportJournal(), expected_export_);
  }
  // ... but an export, and a full open, read every line and refuse it.
  EXPECT_EQ(ErrorCodeName(FileStore::Export(path_).code()), "CORRUPT_JOURNAL");
  std::filesystem::remove(path_ + ".checkpoint");
  ExpectRefused(Join(edited), "an edit before the checkpoint, full open");

  // The entry at the checkpoint's place edited: the checkpoint no longer
  // agrees with the store, is ignored, and the full replay refuses it.
  WriteFile(path_ + ".checkpoint", checkpoint);
  edited = lines;
  Edit(&edited[6], "\"1.50\"", "\"1.40\"");
  WriteFile(path_, Join(edited));
  {
    Bank bank;
    notes.clear();
    auto store = Open(&bank, &notes);
    EXPECT_EQ(ErrorCodeName(store.code()), "CORRUPT_JOURNAL");
    ASSERT_EQ(notes.size(), 1u);
    EXPECT_NE(notes[0].find("does not agree with the store"), std::string::npos)
        << notes[0];
  }
  EXPECT_EQ(ReadFile(path_), Join(edited));
  // So is the seal line at its place, and an entry after it.
  edited = lines;
  edited[7][20] = edited[7][20] == '0' ? '1' : '0';
  ExpectRefused(Join(edited), "the checkpoint's seal line edited");
  edited = lines;
  Edit(&edited[10], "\"5.00\"", "\"6.00\"");
  ExpectRefused(Join(edited), "an entry after the checkpoint edited");

  // A torn record after the checkpoint is cut back, from the checkpoint.
  const std::string kept = Join({lines.begin(), lines.begin() + 10});
  WriteFile(path_, kept + lines[10]);
  {
    Bank bank;
    notes.clear();
    auto store = Open(&bank, &notes);
    ASSERT_TRUE(store.ok()) << store.message();
    ASSERT_EQ(notes.size(), 1u);
    EXPECT_NE(notes[0].find("dropped 1 whole entry line(s)"), std::string::npos)
        << notes[0];
    EXPECT_EQ(bank.entry_count(), 5u);
    EXPECT_TRUE(bank.Verify().ok());
  }
  EXPECT_EQ(ReadFile(path_), kept);
}

// ---- The lock.

TEST_F(StoreSealTest, ALockHoldsThePidAndAFreshTokenAndGoesOnClose) {
  Bank bank;
  std::string first;
  {
    auto store = FileStore::Open(path_, &bank);
    ASSERT_TRUE(store.ok());
    first = ReadFile(lock_);
    EXPECT_TRUE(std::regex_match(
        first, std::regex(std::to_string(::getpid()) + " [0-9a-f]{16}\n")))
        << first;
    EXPECT_EQ(Leftovers(), std::set<std::string>{"bank.journal.lock"});
  }
  EXPECT_EQ(Leftovers(), std::set<std::string>{});
  auto store = FileStore::Open(path_, &bank);
  ASSERT_TRUE(store.ok());
  EXPECT_NE(ReadFile(lock_), first);  // a new token per open
}

// Either form, and content naming no process at all (empty, not digits, an
// id no process can have: never kill(-1) or a truncated id).
TEST_F(StoreSealTest, ADeadOwnersLockIsTakenOverInEitherForm) {
  for (const std::string& old :
       {std::to_string(kDeadPid) + " 00112233aabbccdd\n",
        std::to_string(kDeadPid) + "\n", std::string(), std::string("abc\n"),
        std::string("18446744073709551615 0011\n"),
        std::to_string((1LL << 32) + ::getpid()) + " 0011\n"}) {
    WriteFile(lock_, old);
    Bank bank;
    {
      auto store = FileStore::Open(path_, &bank);
      ASSERT_TRUE(store.ok()) << store.message();
      EXPECT_EQ(ReadFile(lock_).rfind(std::to_string(::getpid()) + " ", 0), 0u);
      EXPECT_EQ(Leftovers(), std::set<std::string>{"bank.journal.lock"});
    }
    EXPECT_EQ(Leftovers(), std::set<std::string>{});
  }
}

TEST_F(StoreSealTest, ALiveOwnerOrClaimerRefusesAndNothingIsLeft) {
  const long live = ::getppid();
  const std::string owner = std::to_string(live) + " 0123456789abcdef\n";
  WriteFile(lock_, owner);
  Bank bank;
  auto refused = FileStore::Open(path_, &bank);
  EXPECT_EQ(ErrorCodeName(refused.code()), "INVALID_ARGUMENT");
  EXPECT_EQ(refused.message(),
            "cannot open the store '" + path_ + "': it is in use by process " +
                std::to_string(live) + " (lock file '" + lock_ + "')");
  EXPECT_EQ(ReadFile(lock_), owner);
  EXPECT_EQ(Leftovers(), std::set<std::string>{"bank.journal.lock"});

  // A dead owner whose takeover a live process is making: its claim wins.
  const std::string dead = std::to_string(kDeadPid) + " 00112233aabbccdd\n";
  const std::string claim =
      lock_ + ".takeover-" + std::to_string(kDeadPid) + "-00112233aabbccdd";
  WriteFile(lock_, dead);
  WriteFile(claim, owner);
  refused = FileStore::Open(path_, &bank);
  EXPECT_NE(refused.message().find("in use by process " + std::to_string(live) +
                                   " (lock file '" + claim + "')"),
            std::string::npos)
      << refused.message();
  EXPECT_EQ(ReadFile(lock_), dead);
  EXPECT_EQ(ReadFile(claim), owner);
  EXPECT_EQ(Leftovers().size(), 2u);
}

TEST_F(StoreSealTest, ADeadClaimersLeftoverClaimIsTakenOver) {
  const std::string claim =
      lock_ + ".takeover-" + std::to_string(kDeadPid) + "-00112233aabbccdd";
  WriteFile(lock_, std::to_string(kDeadPid) + " 00112233aabbccdd\n");
  WriteFile(claim, std::to_string(kDeadPid - 1) + " 99887766aabbccdd\n");
  Bank bank;
  {
    auto store = FileStore::Open(path_, &bank);
    ASSERT_TRUE(store.ok()) << store.message();
    EXPECT_EQ(ReadFile(lock_).rfind(std::to_string(::getpid()) + " ", 0), 0u);
    // The claims are ours once taken, and removed once used.
    EXPECT_EQ(Leftovers(), std::set<std::string>{"bank.journal.lock"});
  }
  EXPECT_EQ(Leftovers(), std::set<std::string>{});
}

TEST_F(StoreSealTest, CloseRemovesTheLockOnlyIfItIsStillOurs) {
  Bank bank;
  auto store = FileStore::Open(path_, &bank);
  ASSERT_TRUE(store.ok());
  const std::string other = std::to_string(::getppid()) + " fedcba9876543210\n";
  WriteFile(lock_, other);  // as if another process had taken it over
  store.value().reset();
  EXPECT_EQ(ReadFile(lock_), other);
}

// Processes that all find the same dead owner's lock: exactly one wins,
// every other one is refused naming the winner (or a claimer), every time.
TEST_F(StoreSealTest, OfProcessesRacingForADeadOwnersLockExactlyOneWins) {
  constexpr int kRounds = 12;
  constexpr int kRacers = 4;
  for (int round = 0; round < kRounds; ++round) {
    WriteFile(lock_, std::to_string(kDeadPid) + " 00112233aabbccdd\n");
    int go[2];
    int results[2];
    int done[2];
    ASSERT_EQ(::pipe(go), 0);
    ASSERT_EQ(::pipe(results), 0);
    ASSERT_EQ(::pipe(done), 0);
    std::vector<pid_t> children;
    for (int i = 0; i < kRacers; ++i) {
      const pid_t child = ::fork();
      ASSERT_GE(child, 0);
      if (child == 0) {
        char byte;
        ::close(go[1]);
        ::close(done[1]);
        if (::read(go[0], &byte, 1) != 0) ::_exit(3);  // wait for the start
        {
          Bank bank;
          auto store = FileStore::Open(path_, &bank);
          const char won = store.ok() ? 'W' : 'L';
          if (::write(results[1], &won, 1) != 1) ::_exit(3);
          // Hold the store until every racer has reported.
          while (::read(done[0], &byte, 1) > 0) {
          }
        }  // the winner releases the lock here
        ::_exit(0);
      }
      children.push_back(child);
    }
    ::close(go[0]);
    ::close(go[1]);  // all start at once: EOF
    ::close(results[1]);
    ::close(done[0]);
    int wins = 0;
    for (int i = 0; i < kRacers; ++i) {
      char result = 0;
      ASSERT_EQ(::read(results[0], &result, 1), 1);
      wins += result == 'W';
    }
    ::close(done[1]);
    for (pid_t child : children) {
      int status = 0;
      ::waitpid(child, &status, 0);
      EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    }
    ::close(results[0]);
    EXPECT_EQ(wins, 1) << "round " << round;
    // Each loser cleaned up after itself; the winner released on exit.
    EXPECT_EQ(Leftovers(), std::set<std::string>{}) << "round " << round;
  }
}

}  // namespace
}  // namespace wasmbank
