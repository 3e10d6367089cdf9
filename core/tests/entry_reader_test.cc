// The journal's fast entry reader (entry_reader.h): it takes every
// canonical line, with the values the general reader gives, and declines
// what is not canonical, so that an import's errors stay the general
// reader's. (fuzz_entry_reader compares the two on any input.)
#include "entry_reader.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "journal_io.h"
#include "json.h"
#include "ledger.h"
#include "wasmbank/bank.h"

namespace wasmbank {
namespace {

bool SameAmount(const Amount& a, const Amount& b) {
  return a.form() == b.form() && a.minor() == b.minor() && a.text() == b.text();
}

// Every member: both objects started out fresh.
void ExpectSame(const EntryFields& a, const EntryFields& b,
                const std::string& line) {
  EXPECT_EQ(a.kind, b.kind) << line;
  EXPECT_EQ(a.open.id, b.open.id) << line;
  EXPECT_EQ(a.open.name, b.open.name) << line;
  EXPECT_EQ(a.open.address, b.open.address) << line;
  EXPECT_EQ(a.open.currency, b.open.currency) << line;
  EXPECT_TRUE(SameAmount(a.open.balance, b.open.balance)) << line;
  EXPECT_TRUE(SameAmount(a.open.overdraft_limit, b.open.overdraft_limit))
      << line;
  EXPECT_EQ(a.id, b.id) << line;
  EXPECT_EQ(a.from, b.from) << line;
  EXPECT_EQ(a.to, b.to) << line;
  EXPECT_EQ(a.hold, b.hold) << line;
  EXPECT_TRUE(SameAmount(a.amount, b.amount)) << line;
  EXPECT_EQ(a.expires_at, b.expires_at) << line;
  EXPECT_EQ(a.options.key, b.options.key) << line;
  EXPECT_EQ(a.options.memo, b.options.memo) << line;
  EXPECT_EQ(a.options.at, b.options.at) << line;
}

EntryFields General(const std::string& line) {
  EntryFields fields;
  std::optional<JsonValue> json = ParseJson(line, 1);
  EXPECT_TRUE(json.has_value()) << line;
  if (json) {
    EXPECT_TRUE(ReadEntryFields(*json, &fields).ok()) << line;
  }
  return fields;
}

std::vector<std::string> ConformanceEntryLines() {
  std::vector<std::string> lines;
  const std::filesystem::path dir =
      std::filesystem::path(WASMBANK_SOURCE_DIR) / "tests" / "conformance";
  for (const auto& file : std::filesystem::directory_iterator(dir)) {
    if (file.path().extension() != ".journal") continue;
    std::ifstream in(file.path(), std::ios::binary);
    for (std::string line; std::getline(in, line);) {
      if (line.rfind("{\"entry\":", 0) == 0) lines.push_back(line);
    }
  }
  return lines;
}

TEST(EntryReaderTest, TakesEveryCanonicalLineAsTheGeneralReaderReadsIt) {
  std::vector<std::string> lines = ConformanceEntryLines();
  ASSERT_GT(lines.size(), 50u);
  // And lines with every optional member, escapes and non-ASCII text.
  lines.push_back(
      R"({"entry":2,"kind":"open","id":2147483647,"name":"Zoë \"Q\" \\ 💰","address":"Straße","currency":"KWD","amount":"1.005","overdraft_limit":"0.000","memo":"m","key":"k\\\"","at":8640000000000000})");
  lines.push_back(
      R"({"entry":9,"kind":"hold","from":1,"to":2,"amount":"0.15","expires_at":1,"memo":"\"é\"","key":"h","at":0})");
  lines.push_back(
      R"({"entry":4294967295,"kind":"capture","hold":9007199254740992,"amount":"0.01","at":0})");
  EntryFields reused;
  for (const std::string& line : lines) {
    EntryFields fast;
    uint64_t number = 0;
    ASSERT_TRUE(ReadCanonicalEntry(line, &fast, &number)) << line;
    EXPECT_EQ(number, std::stoull(line.substr(9))) << line;
    ExpectSame(fast, General(line), line);
    ASSERT_TRUE(ReadCanonicalEntry(line, &reused, &number)) << line;
    EXPECT_EQ(reused.kind, fast.kind);
    EXPECT_EQ(reused.options.key, fast.options.key) << line;
    EXPECT_EQ(reused.options.memo, fast.options.memo) << line;
    if (fast.kind == EntryKind::kHold) {
      EXPECT_EQ(reused.expires_at, fast.expires_at) << line;
    }
  }
}

TEST(EntryReaderTest, DeclinesWhatIsNotCanonical) {
  const std::string deposit =
      R"({"entry":3,"kind":"deposit","id":1,"amount":"1.00","at":0})";
  EntryFields fields;
  uint64_t number;
  ASSERT_TRUE(ReadCanonicalEntry(deposit, &fields, &number));
  for (
      const char* line : {
          R"({"entry":3, "kind":"deposit","id":1,"amount":"1.00","at":0})",
          R"({"entry":3,"kind":"deposit","amount":"1.00","id":1,"at":0})",
          R"({"entry":3,"kind":"deposit","id":1,"id":1,"amount":"1.00","at":0})",
          R"({"entry":3,"kind":"deposit","id":1.0,"amount":"1.00","at":0})",
          R"({"entry":3,"kind":"deposit","id":1,"amount":"1.00","at":1e3})",
          R"({"entry":3,"kind":"deposit","id":01,"amount":"1.00","at":0})",
          R"({"entry":3,"kind":"deposit","id":-1,"amount":"1.00","at":0})",
          R"({"entry":3,"kind":"deposit","id":0,"amount":"1.00","at":0})",
          R"({"entry":3,"kind":"deposit","id":2147483648,"amount":"1.00","at":0})",
          R"({"entry":3,"kind":"deposit","id":1,"amount":1,"at":0})",
          R"({"entry":3,"kind":"deposit","id":1,"amount":"1.00","at":8640000000000001})",
          R"({"entry":3,"kind":"deposit","id":1,"amount":"1.00","memo":"\u0041","at":0})",
          R"({"entry":3,"kind":"deposit","id":1,"amount":"1.00","memo":"\/","at":0})",
          R"({"entry":3,"kind":"deposit","id":1,"amount":"1.00"})",
          R"({"entry":3,"kind":"deposit","id":1,"amount":"1.00","at":0} )",
          R"({"entry":3,"kind":"deposit","id":1,"amount":"1.00","at":0}})",
          R"({"entry":3,"kind":"deposit","id":1,"amount":"1.00","x":1,"at":0})",
          R"({"entry":3,"kind":"dep\u006fsit","id":1,"amount":"1.00","at":0})",
          R"({"entry":3,"kind":"deposits","id":1,"amount":"1.00","at":0})",
          R"({"entry":0,"kind":"deposit","id":1,"amount":"1.00","at":0})",
          R"({"entry":3,"kind":"close","id":1,"amount":"1.00","at":0})",
          R"({"entry":3,"kind":"release","hold":2,"amount":"1.00","at":0})",
          R"({"entry":3,"kind":"hold","from":1,"to":2,"amount":"1.00","expires_at":0,"at":0})",
          R"({"entry":3,"kind":"capture","hold":9007199254740993,"amount":"1.00","at":0})",
          R"({"entry":3,"kind":"transfer","from":1,"to":2,"amount":"1.00","key":"k","memo":"m","at":0})",
      }) {
    EXPECT_FALSE(ReadCanonicalEntry(line, &fields, &number)) << line;
  }
  // A CR at the end, a control byte, invalid UTF-8, a surrogate (WTF-8)
  // and an overlong form.
  const size_t at = deposit.find(",\"at\"");
  auto with_memo = [&](const std::string& memo) {
    return deposit.substr(0, at) + ",\"memo\":\"" + memo + "\"" +
           deposit.substr(at);
  };
  for (const std::string& line :
       {deposit + "\r", with_memo("a\tb"), with_memo("a\xc3"),
        with_memo("\xed\xa0\x80"), with_memo("\xc0\xaf")}) {
    EXPECT_FALSE(ReadCanonicalEntry(line, &fields, &number)) << line;
  }
}

// Lines the fast reader declines are the general reader's: an import's
// messages are what they were.
TEST(EntryReaderTest, ImportErrorsAreTheGeneralReaders) {
  Bank bank;
  bank.ExecuteLine(R"({"op":"open","id":1,"name":"A","balance":"5.00"})");
  const std::string journal = bank.ExportJournal();
  const std::string head = journal.substr(journal.find("{\"head\""));
  const std::string start = journal.substr(0, journal.find("{\"head\""));
  struct Case {
    std::string line;
    std::string message;
  };
  for (
      const Case& c : std::vector<Case>{
          {R"({"entry":2,"kind":"deposit","id":0,"amount":"1.00","at":0})",
           "the journal is corrupt at line 3: the entry does not replay: "
           "\"id\" must be an integer from 1 to 2147483647"},
          {R"({"entry":2,"kind":"deposit","id":1,"amount":"1.00","at":0} )",
           "the journal is corrupt at line 3: the entry is not in its "
           "canonical form"},
          {R"({"entry":2,"kind":"deposit","id":1,"amount":"1.00","at":0)",
           "the journal is corrupt at line 3: not a JSON object"},
          {R"({"entry":2,"kind":"deposit","id":1,"amount":"1.0","at":0})",
           "the journal is corrupt at line 3: the entry is not in its "
           "canonical form"},
          {R"({"entry":3,"kind":"deposit","id":1,"amount":"1.00","at":0})",
           "the journal is corrupt at line 3: the entry is not in its "
           "canonical form"},
          {R"({"entry":2,"kind":"deposit","id":2,"amount":"1.00","at":0})",
           "the journal is corrupt at line 3: the entry does not replay: no "
           "account has id 2"},
          {R"({"entry":2,"kind":"deposit","id":1,"amount":"1.00","memo":"\u0001","at":0})",
           "the journal is corrupt at line 3: the entry does not replay: "
           "\"memo\" must be at most 140 characters with no control "
           "characters"},
          {R"({"entry":2,"kind":"refund","id":1,"at":0})",
           "the journal is corrupt at line 3: the entry does not replay: "
           "unknown entry kind"},
      }) {
    Bank copy;
    Status status = copy.ImportJournal(start + c.line + "\n" + head);
    EXPECT_EQ(status.code(), ErrorCode::kCorruptJournal) << c.line;
    EXPECT_EQ(status.message(), c.message) << c.line;
  }
  // The journal itself still imports.
  Bank copy;
  EXPECT_TRUE(copy.ImportJournal(journal).ok()) << copy.last_error_message();
}

// Replays check each line with Ledger::EntryJsonIs, which compares as it
// renders: it agrees with AppendEntryJson on the line itself and on every
// change of it.
TEST(EntryReaderTest, EntryJsonIsExactlyTheRenderedLine) {
  Bank bank;
  for (
      const char* line : {
          R"({"op":"open","id":1,"name":"Zoë \"Q\" \\ 💰","address":"a\\b","balance":"10.00","memo":"m\"é","key":"k\\\"","at":5})",
          R"({"op":"open","id":2,"name":"B","currency":"KWD","overdraft_limit":"1.005"})",
          R"({"op":"open","id":3,"name":"C","balance":"1.00"})",
          R"({"op":"transfer","from":1,"to":3,"amount":"2.50","memo":"rent"})",
          R"({"op":"hold","from":1,"to":3,"amount":"1.00","expires_at":99,"key":"h"})",
          R"({"op":"capture","hold":5,"amount":"0.50","at":7})",
          R"({"op":"set_limit","id":3,"overdraft_limit":"2.00"})",
          R"({"op":"withdraw","id":3,"amount":"0.25"})",
      }) {
    ASSERT_NE(bank.ExecuteLine(line).find("\"ok\":true"), std::string::npos)
        << line;
  }
  // Through an import, whose replay uses it, and directly.
  const std::string journal = bank.ExportJournal();
  Bank copy;
  ASSERT_TRUE(copy.ImportJournal(journal).ok()) << copy.last_error_message();
  Ledger ledger;
  ASSERT_TRUE(ReplayJournal(journal, &ledger).ok());
  for (uint32_t n = 1; n <= ledger.entry_count(); ++n) {
    std::string line;
    ledger.AppendEntryJson(n, &line);
    EXPECT_TRUE(ledger.EntryJsonIs(n, line)) << line;
    EXPECT_FALSE(ledger.EntryJsonIs(n, line + " "));
    EXPECT_FALSE(ledger.EntryJsonIs(n, line.substr(0, line.size() - 1)));
    EXPECT_FALSE(ledger.EntryJsonIs(n, ""));
    for (size_t at = 0; at < line.size(); ++at) {
      std::string changed = line;
      changed[at] = static_cast<char>(changed[at] ^ 0x01);
      EXPECT_FALSE(ledger.EntryJsonIs(n, changed)) << changed;
      EXPECT_FALSE(ledger.EntryJsonIs(n, line.substr(0, at)));
    }
  }
}

}  // namespace
}  // namespace wasmbank
