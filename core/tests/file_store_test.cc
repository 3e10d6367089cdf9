// The file store (wasmbank/file_store.h, docs/store-format.md): what it
// writes, what opening it gives, a torn last record at every byte, damage
// of every other kind refused with the file untouched, the lock, a full
// disk. The seal lines and the lock protocol in depth: store_seal_test.cc.
#include "wasmbank/file_store.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "store_test_support.h"

namespace wasmbank {
namespace {

using store_test::Join;
using store_test::Lines;
using store_test::ReadFile;
using store_test::Spec;
using store_test::WriteFile;

class FileStoreTest : public store_test::StoreDirTest {
 protected:
  FileStoreTest() : StoreDirTest("wasmbank-store-") {}

  // A store of 2 accounts and 3 more entries, one with a key and a memo.
  std::string MakeStore() {
    Bank bank;
    auto store = FileStore::Open(path_, &bank);
    EXPECT_TRUE(store.ok()) << store.message();
    EXPECT_TRUE(bank.Open(Spec(1, "Ann", 10000)).ok());
    EXPECT_TRUE(bank.Open(Spec(2, "Ben", 0)).ok());
    OpOptions options;
    options.key = "k-1";
    options.memo = "rent";
    options.at = 42;
    EXPECT_TRUE(bank.Transfer(1, 2, Amount::Minor(2500), options).ok());
    EXPECT_TRUE(bank.Deposit(2, Amount::Decimal("1.50")).ok());
    EXPECT_TRUE(bank.Withdraw(1, Amount::Minor(1)).ok());
    expected_export_ = bank.ExportJournal();
    return ReadFile(path_);
  }

  // Expects opening the store to be refused with CORRUPT_JOURNAL and the
  // file to stay byte for byte as it was.
  void ExpectRefused(const std::string& bytes, const std::string& what) {
    WriteFile(path_, bytes);
    Bank bank;
    auto store = FileStore::Open(path_, &bank);
    EXPECT_EQ(ErrorCodeName(store.code()), "CORRUPT_JOURNAL") << what;
    EXPECT_EQ(ReadFile(path_), bytes) << what;
    EXPECT_FALSE(std::filesystem::exists(path_ + ".lock")) << what;
  }

  std::string expected_export_;
};

TEST_F(FileStoreTest, HoldsOneSealedRecordPerWriteAndReopensToTheSameBank) {
  const std::string bytes = MakeStore();
  // The start (format line and opening seal), then five writes: five
  // records of one entry line and its seal line. Without the opening and
  // inner seal lines it is the export, ending in its head line.
  const std::vector<std::string> lines = Lines(bytes);
  ASSERT_EQ(lines.size(), 11u);
  EXPECT_EQ(lines[0], kStoreStart);
  std::string plain(kJournalFormatLine);
  plain += '\n';
  for (size_t i = 1; i < lines.size(); i += 2) {
    EXPECT_EQ(lines[i].rfind("{\"entry\":", 0), 0u) << i;
    EXPECT_EQ(lines[i + 1].rfind("{\"head\":\"", 0), 0u) << i;
    EXPECT_EQ(lines[i + 1].size(), 76u);  // 64 hex digits
    plain += lines[i];
  }
  plain += lines.back();
  EXPECT_EQ(plain, expected_export_);
  Bank reopened;
  auto store = FileStore::Open(path_, &reopened);
  ASSERT_TRUE(store.ok()) << store.message();
  EXPECT_EQ(reopened.ExportJournal(), expected_export_);
  ASSERT_TRUE(reopened.Verify().ok());
  // Idempotency keys come back too: the same request replays.
  OpOptions options;
  options.key = "k-1";
  options.memo = "rent";
  options.at = 42;
  auto replay = reopened.Transfer(1, 2, Amount::Minor(2500), options);
  ASSERT_TRUE(replay.ok());
  EXPECT_TRUE(replay->replayed);
  EXPECT_EQ(FileStore::Export(path_).value(), expected_export_);
}

TEST_F(FileStoreTest, ANewStoreStartsWithTheFormatLineAndTheOpeningSeal) {
  Bank bank;
  ASSERT_TRUE(FileStore::Open(path_, &bank).ok());
  EXPECT_EQ(ReadFile(path_),
            "{\"format\":\"wasm-bank-journal\",\"version\":1}\n"
            "{\"head\":\"000000000000000000000000000000000000000000000000000000"
            "0000000000\"}\n");
}

// The opening seal is what tells a torn first record from an old unsealed
// store: whole entry lines of a first write that lost its seal line are
// dropped, not kept (the crash-point test found them kept before).
TEST_F(FileStoreTest, ATornFirstRecordIsDroppedAndTheStoreStartsAgain) {
  const std::string record =
      "{\"entry\":1,\"kind\":\"open\",\"id\":1,\"name\":\"A\",\"address\":\"\","
      "\"currency\":\"USD\",\"amount\":\"5.00\",\"overdraft_limit\":\"0.00\","
      "\"at\":0}\n"
      "{\"entry\":2,\"kind\":\"deposit\",\"id\":1,\"amount\":\"1.00\",\"at\":0}"
      "\n";
  WriteFile(path_, std::string(kStoreStart) + record);
  {
    std::vector<std::string> notes;
    FileStoreOptions options;
    options.note = [&notes](std::string_view line) {
      notes.emplace_back(line);
    };
    Bank bank;
    auto store = FileStore::Open(path_, &bank, options);
    ASSERT_TRUE(store.ok()) << store.message();
    EXPECT_EQ(bank.entry_count(), 0u);
    EXPECT_EQ(ReadFile(path_), std::string(kStoreStart));
    ASSERT_EQ(notes.size(), 1u);
    EXPECT_NE(
        notes[0].find("2 whole entry line(s) of a record without its seal"),
        std::string::npos)
        << notes[0];
  }  // closes the store
  // Without the opening seal the same lines are an old store's, kept.
  const std::string legacy =
      "{\"format\":\"wasm-bank-journal\",\"version\":1}\n" + record;
  WriteFile(path_, legacy);
  // (and sealed at once, by the export's head line).
  Bank old;
  ASSERT_TRUE(FileStore::Open(path_, &old).ok());
  EXPECT_EQ(old.entry_count(), 2u);
  const std::string exported = old.ExportJournal();
  EXPECT_EQ(ReadFile(path_),
            legacy + exported.substr(exported.rfind("{\"head\"")));
}

// A write cut short anywhere in the last record (its entry line torn, or
// whole without the seal line, or the seal line torn) loses that record:
// the file is cut back to the seal line before it.
TEST_F(FileStoreTest, ATornLastRecordIsCutBackAtEveryByte) {
  const std::string whole = MakeStore();
  const size_t seal_line = whole.rfind('\n', whole.size() - 2) + 1;
  const size_t record = whole.rfind('\n', seal_line - 2) + 1;
  const std::string kept = whole.substr(0, record);
  for (size_t cut = record + 1; cut < whole.size(); ++cut) {
    WriteFile(path_, whole.substr(0, cut));
    std::vector<std::string> notes;
    Bank bank;
    {
      auto store = FileStore::Open(
          path_, &bank,
          {.note = [&](std::string_view n) { notes.emplace_back(n); }});
      ASSERT_TRUE(store.ok()) << cut << ": " << store.message();
      EXPECT_EQ(bank.entry_count(), 4u) << cut;
      ASSERT_EQ(notes.size(), 1u) << cut;
      const std::string torn_line =
          "a torn last line of " + std::to_string(cut - seal_line) + " bytes";
      if (cut < seal_line) {
        EXPECT_NE(notes[0].find("dropped a torn last line of " +
                                std::to_string(cut - record) + " bytes, " +
                                std::to_string(cut - record) + " bytes in all"),
                  std::string::npos)
            << notes[0];
      } else {
        EXPECT_NE(notes[0].find("dropped 1 whole entry line(s) of a record "
                                "without its seal line"),
                  std::string::npos)
            << notes[0];
        EXPECT_EQ(notes[0].find(torn_line) != std::string::npos,
                  cut > seal_line)
            << notes[0];
      }
      EXPECT_NE(notes[0].find(std::to_string(cut - record) + " bytes in all"),
                std::string::npos)
          << notes[0];
      EXPECT_NE(notes[0].find("cut the file back to 4 whole entries"),
                std::string::npos)
          << notes[0];
    }
    EXPECT_EQ(ReadFile(path_), kept) << cut;
  }
  // A start (format line, opening seal) torn while the store was being
  // created: a new store.
  for (size_t cut = 1; cut < kStoreStart.size(); ++cut) {
    WriteFile(path_, whole.substr(0, cut));
    Bank bank;
    ASSERT_TRUE(FileStore::Open(path_, &bank).ok()) << cut;
    EXPECT_EQ(ReadFile(path_), std::string(kStoreStart)) << cut;
  }
}

TEST_F(FileStoreTest, AnyOtherDamageIsRefusedAndTheFileLeftAlone) {
  const std::string whole = MakeStore();
  const std::vector<std::string> lines = Lines(whole);
  // The format line, then entry n at 2n - 1 and its seal line at 2n.
  ASSERT_EQ(lines.size(), 11u);
  const auto join = Join;
  // Edits that the replay itself catches; edits that tell another valid
  // story are caught by the seal lines (store_seal_test.cc).
  std::vector<std::string> edited = lines;
  edited[5].replace(edited[5].find("25.00"), 5, "250.00");
  ExpectRefused(join(edited), "an amount the account never had");
  edited = lines;
  edited[5].replace(edited[5].find("25.00"), 5, "25.0");
  ExpectRefused(join(edited), "an amount not in canonical form");
  edited = lines;
  edited[7].replace(edited[7].find("\"id\":2"), 6, "\"id\":7");
  ExpectRefused(join(edited), "an account that was never opened");
  std::vector<std::string> deleted = lines;
  deleted.erase(deleted.begin() + 3, deleted.begin() + 5);
  ExpectRefused(join(deleted), "a deleted record");
  std::vector<std::string> duplicated = lines;
  duplicated.insert(duplicated.begin() + 5, lines.begin() + 5,
                    lines.begin() + 7);
  ExpectRefused(join(duplicated), "a duplicated record");
  std::vector<std::string> reordered = lines;
  std::swap(reordered[7], reordered[9]);
  std::swap(reordered[8], reordered[10]);
  ExpectRefused(join(reordered), "reordered records");
  std::vector<std::string> bad_format = lines;
  bad_format[0] = "{\"format\":\"wasm-bank-journal\",\"version\":2}\n";
  ExpectRefused(join(bad_format), "a bad format line");
  ExpectRefused(
      whole + expected_export_.substr(expected_export_.rfind("{\"head\"")),
      "a head line (an export is not a store)");
  ExpectRefused("hello", "a file that is no store, without a newline");
  ExpectRefused(whole.substr(0, whole.size() - 1) + "\r\n", "a CRLF line");
}

TEST_F(FileStoreTest, ASecondOpenIsRefusedUntilTheFirstCloses) {
  Bank first;
  auto store = FileStore::Open(path_, &first);
  ASSERT_TRUE(store.ok());
  Bank second;
  auto refused = FileStore::Open(path_, &second);
  EXPECT_EQ(ErrorCodeName(refused.code()), "INVALID_ARGUMENT");
  EXPECT_NE(
      refused.message().find("in use by process " + std::to_string(::getpid())),
      std::string::npos)
      << refused.message();
  store.value().reset();
  EXPECT_TRUE(FileStore::Open(path_, &second).ok());
}

TEST_F(FileStoreTest, ALockLeftByAProcessThatIsGoneIsTakenOver) {
  WriteFile(path_ + ".lock", "2147483646\n");  // no such process
  Bank bank;
  EXPECT_TRUE(FileStore::Open(path_, &bank).ok());
}

TEST_F(FileStoreTest, AFullDiskRefusesTheOpAndLeavesNothingHalfWritten) {
  const std::string whole = MakeStore();
  Bank bank;
  auto store = FileStore::Open(path_, &bank);
  ASSERT_TRUE(store.ok());
  const std::string before = bank.ExportJournal();
  // A file size limit stands in for a full disk: the write stops part way.
  ::signal(SIGXFSZ, SIG_IGN);
  rlimit old;
  ::getrlimit(RLIMIT_FSIZE, &old);
  rlimit small = old;
  small.rlim_cur = whole.size() + 20;
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &small), 0);
  OpOptions options;
  options.memo = std::string(100, 'm');
  auto refused = bank.Deposit(1, Amount::Minor(5), options);
  ::setrlimit(RLIMIT_FSIZE, &old);
  EXPECT_EQ(ErrorCodeName(refused.code()), "RESOURCE_EXHAUSTED");
  EXPECT_EQ(bank.ExportJournal(), before);
  EXPECT_EQ(ReadFile(path_), whole);
  // The store keeps working once there is room.
  ASSERT_TRUE(bank.Deposit(1, Amount::Minor(5), options).ok());
  store.value().reset();
  Bank reopened;
  ASSERT_TRUE(FileStore::Open(path_, &reopened).ok());
  EXPECT_EQ(reopened.ExportJournal(), bank.ExportJournal());
}

TEST_F(FileStoreTest, EveryKindOfCallIsDurableBeforeItReturns) {
  Bank bank;
  auto store = FileStore::Open(path_, &bank);
  ASSERT_TRUE(store.ok());
  ASSERT_TRUE(bank.Open(Spec(1, "Ann", 100)).ok());
  EXPECT_NE(bank.ExecuteLine(R"({"op":"open","id":2,"name":"Ben"})")
                .find("\"ok\":true"),
            std::string::npos);
  WriteBatch batch;
  batch.Deposit(1, Amount::Minor(1));
  batch.Deposit(2, Amount::Minor(2));
  ASSERT_TRUE(bank.Write(batch).ok());
  std::vector<int32_t> from{1, 2};
  std::vector<int32_t> to{2, 1};
  std::vector<int64_t> minor{3, 4};
  std::vector<uint8_t> codes(2);
  EXPECT_EQ(bank.TransferMany({from, to, minor}, 0, codes), 2u);
  // What the file holds right now, with no FileStore call in between.
  EXPECT_EQ(FileStore::Export(path_).value(), bank.ExportJournal());
  EXPECT_EQ(bank.entry_count(), 6u);
}

// Checkpoints: opening loads the checkpoint and replays only what follows
// it, to the same bank; a checkpoint that does not check out (any byte
// flipped, cut short) or disagrees with the store is ignored, with a note,
// and the whole store replayed. The store file itself is never touched.
TEST_F(FileStoreTest, ACheckpointOpensToTheSameBankAndABadOneIsIgnored) {
  FileStoreOptions every3;
  every3.checkpoint_every = 3;
  std::string expected;
  {
    Bank bank;
    auto store = FileStore::Open(path_, &bank, every3);
    ASSERT_TRUE(store.ok());
    for (int32_t id = 1; id <= 4; ++id) {
      ASSERT_TRUE(bank.Open(Spec(id, "Saver", 1000)).ok());
    }
    OpOptions keyed;
    keyed.key = "k";
    keyed.memo = "first";
    ASSERT_TRUE(bank.Transfer(1, 2, Amount::Minor(7), keyed).ok());
    EXPECT_FALSE(bank.Close(4).ok());  // not empty: no entry
    ASSERT_TRUE(bank.Deposit(3, Amount::Minor(1)).ok());
    expected = bank.ExportJournal();
  }
  const std::string checkpoint = ReadFile(path_ + ".checkpoint");
  ASSERT_FALSE(checkpoint.empty());
  const std::string store_bytes = ReadFile(path_);

  auto open = [&](std::vector<std::string>* notes) {
    Bank bank;
    FileStoreOptions options;
    options.checkpoint_every = 1000;
    options.note = [&](std::string_view n) { notes->emplace_back(n); };
    auto store = FileStore::Open(path_, &bank, options);
    EXPECT_TRUE(store.ok()) << store.message();
    EXPECT_EQ(bank.ExportJournal(), expected);
    EXPECT_TRUE(bank.Verify().ok());
    OpOptions keyed;
    keyed.key = "k";
    keyed.memo = "first";
    EXPECT_TRUE(bank.Transfer(1, 2, Amount::Minor(7), keyed)->replayed);
    return bank.entry_count();
  };
  std::vector<std::string> notes;
  EXPECT_EQ(open(&notes), 6u);
  EXPECT_TRUE(notes.empty()) << notes[0];
  // The proof that opening read only what follows the checkpoint: a line
  // before it, damaged, goes unread (verify() replays the bank's own
  // entries; an export shows the checkpoint's).
  std::string damaged_prefix = store_bytes;
  damaged_prefix[damaged_prefix.find("Saver")] = 'X';
  WriteFile(path_, damaged_prefix);
  EXPECT_EQ(open(&notes), 6u);
  EXPECT_TRUE(notes.empty());
  WriteFile(path_, store_bytes);

  for (size_t i = 0; i < checkpoint.size(); i += 1) {
    std::string flipped = checkpoint;
    flipped[i] = static_cast<char>(flipped[i] ^ 0x20);
    WriteFile(path_ + ".checkpoint", flipped);
    notes.clear();
    open(&notes);
    ASSERT_EQ(notes.size(), 1u) << "byte " << i;
    EXPECT_NE(notes[0].find("ignored its checkpoint"), std::string::npos);
  }
  for (size_t cut = 0; cut < checkpoint.size(); cut += 7) {
    WriteFile(path_ + ".checkpoint", checkpoint.substr(0, cut));
    notes.clear();
    open(&notes);
    EXPECT_EQ(notes.size(), 1u) << "cut at " << cut;
  }
  // A checkpoint of another store: its last line is not this store's.
  {
    const std::string other = (dir_ / "other.journal").string();
    Bank bank;
    FileStoreOptions options;
    options.checkpoint_every = 1;
    auto store = FileStore::Open(other, &bank, options);
    ASSERT_TRUE(store.ok());
    for (int32_t id = 1; id <= 6; ++id) {
      ASSERT_TRUE(bank.Open(Spec(id, "Other", 5)).ok());
    }
  }
  WriteFile(path_ + ".checkpoint",
            ReadFile((dir_ / "other.journal.checkpoint").string()));
  notes.clear();
  open(&notes);
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_NE(notes[0].find("does not agree"), std::string::npos) << notes[0];
  EXPECT_EQ(ReadFile(path_), store_bytes);
}

}  // namespace
}  // namespace wasmbank
