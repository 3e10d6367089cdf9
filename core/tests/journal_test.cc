// Export, import and verify (docs/journal-format.md): any edit is
// CORRUPT_JOURNAL and an import that fails changes nothing.
#include <gtest/gtest.h>

#include <string>

#include "wasmbank/bank.h"

namespace wasmbank {
namespace {

std::string SampleJournal() {
  Bank bank;
  for (
      const char* line : {
          R"({"op":"open","id":1,"name":"Zoë","balance":"10.00","key":"o"})",
          R"({"op":"open","id":2,"name":"B","address":"x"})",
          R"({"op":"transfer","from":1,"to":2,"amount":"2.50","memo":"m","at":9})",
          R"({"op":"withdraw","id":2,"amount":"2.50"})",
          R"({"op":"close","id":2})",
      }) {
    bank.ExecuteLine(line);
  }
  return bank.ExportJournal();
}

TEST(JournalTest, RoundTripKeepsHeadAndKeys) {
  std::string journal = SampleJournal();
  Bank bank;
  ASSERT_TRUE(bank.ImportJournal(journal).ok()) << bank.last_error_message();
  EXPECT_EQ(bank.ExportJournal(), journal);
  // Keys survive the import: a retry replays.
  EXPECT_NE(
      bank.ExecuteLine(
              R"({"op":"open","id":1,"name":"Zoë","balance":"10","key":"o"})")
          .find("\"replayed\":true"),
      std::string::npos);
}

TEST(JournalTest, ExportInPiecesIsTheSameText) {
  Bank bank;
  ASSERT_TRUE(bank.ImportJournal(SampleJournal()).ok());
  for (size_t max_bytes : {size_t{1}, size_t{100}, size_t{1} << 20}) {
    uint64_t cursor = 0;
    std::string joined;
    int pieces = 0;
    for (std::string piece = bank.ExportJournalPiece(&cursor, max_bytes);
         !piece.empty(); piece = bank.ExportJournalPiece(&cursor, max_bytes)) {
      EXPECT_EQ(piece.back(), '\n');  // whole lines only
      joined += piece;
      ++pieces;
    }
    EXPECT_EQ(joined, bank.ExportJournal());
    EXPECT_EQ(pieces, max_bytes == 1 ? 7 : max_bytes == 100 ? 4 : 1);
  }
}

TEST(JournalTest, MissingFinalNewlineIsAccepted) {
  std::string journal = SampleJournal();
  journal.pop_back();
  Bank bank;
  EXPECT_TRUE(bank.ImportJournal(journal).ok()) << bank.last_error_message();
}

TEST(JournalTest, EveryKindOfTamperingIsCorrupt) {
  const std::string journal = SampleJournal();
  auto replace = [&](std::string_view from, std::string_view to) {
    std::string copy = journal;
    size_t at = copy.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    return copy.replace(at, from.size(), to);
  };
  std::vector<std::string> bad = {
      "",
      replace("\"2.50\"", "\"2.51\""),  // edit
      replace("\"2.50\"", "\"2.5\""),   // non-canonical form
      replace(",\"at\":9", ""),         // missing field
      replace("\"entry\":2", "\"entry\":3"),
      replace("{\"format\"", " {\"format\""),
      journal.substr(0, journal.find("{\"entry\":5")) +
          journal.substr(journal.find("{\"head\"")),  // truncated
      replace("\n", "\r\n"),
      journal + "{\"entry\":6}\n",
  };
  // Reorder: swap the first two entry lines.
  std::string swapped = journal;
  size_t a = swapped.find("{\"entry\":1");
  size_t b = swapped.find("{\"entry\":2");
  size_t c = swapped.find("{\"entry\":3");
  swapped = swapped.substr(0, a) + swapped.substr(b, c - b) +
            swapped.substr(a, b - a) + swapped.substr(c);
  bad.push_back(swapped);

  for (const std::string& text : bad) {
    Bank bank;
    ASSERT_EQ(bank.ExecuteLine(R"({"op":"open","id":42,"name":"Keep"})")
                  .substr(0, 25),
              R"({"op":"open","ok":true,"e)");
    const std::string before = bank.ExportJournal();
    Status status = bank.ImportJournal(text);
    EXPECT_EQ(status.code(), ErrorCode::kCorruptJournal) << text;
    EXPECT_FALSE(status.message().empty());
    EXPECT_EQ(bank.ExportJournal(), before);
  }
}

// A journal cut short at every byte, and with every byte changed in turn:
// all refused, and the bank that tried each import keeps what it had. (The
// one cut that is accepted drops only the final '\n'.)
TEST(JournalTest, EveryCutAndEveryFlippedByteIsRefused) {
  const std::string journal = SampleJournal();
  Bank bank;
  ASSERT_TRUE(bank.ExecuteLine(R"({"op":"open","id":7,"name":"Before"})")
                  .find("true") != std::string::npos);
  const std::string before = bank.ExportJournal();
  for (size_t cut = 0; cut + 1 < journal.size(); ++cut) {
    EXPECT_EQ(ErrorCodeName(bank.ImportJournal(journal.substr(0, cut)).code()),
              "CORRUPT_JOURNAL")
        << "cut at " << cut;
  }
  for (size_t at = 0; at < journal.size(); ++at) {
    for (char flip : {'\x01', '\x20', '\x80'}) {
      std::string changed = journal;
      changed[at] = static_cast<char>(changed[at] ^ flip);
      EXPECT_EQ(ErrorCodeName(bank.ImportJournal(changed).code()),
                "CORRUPT_JOURNAL")
          << "byte " << at << " ^ " << int(flip);
    }
  }
  EXPECT_EQ(bank.ExportJournal(), before);
}

TEST(JournalTest, FailedOpLeavesExportIdentical) {
  Bank bank;
  ASSERT_TRUE(bank.ImportJournal(SampleJournal()).ok());
  const std::string before = bank.ExportJournal();
  for (
      const char* line : {
          R"({"op":"withdraw","id":1,"amount":"100"})",
          R"({"op":"deposit","id":2,"amount":"1"})",
          R"({"op":"open","id":1,"name":"Dup"})",
          R"({"op":"batch","ops":[{"op":"deposit","id":1,"amount":"1"},{"op":"close","id":1}]})",
      }) {
    bank.ExecuteLine(line);
    EXPECT_EQ(bank.ExportJournal(), before) << line;
  }
}

}  // namespace
}  // namespace wasmbank
