// The fast reader of op lines (op_line_reader.h): it takes each documented
// shape with its values and declines every other spelling, and a line runs
// to the same transcript and journal whichever reader reads it.
// (fuzz_op_line_reader compares the two on any input.)
#include "op_line_reader.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "wasmbank/bank.h"

namespace wasmbank {
namespace {

TEST(OpLineReaderTest, TakesEachShapeWithItsValues) {
  EntryFields f;
  ASSERT_TRUE(ReadCanonicalOpLine(
      R"({"op":"transfer","from":1,"to":22,"amount":"0.05"})", &f));
  EXPECT_EQ(f.kind, EntryKind::kTransfer);
  EXPECT_EQ(f.from, 1);
  EXPECT_EQ(f.to, 22);
  EXPECT_EQ(f.amount.text(), "0.05");
  EXPECT_EQ(f.options.at, 0);
  EXPECT_FALSE(f.options.key.has_value());

  ASSERT_TRUE(ReadCanonicalOpLine(
      R"({"op":"deposit","id":7,"amount":"12.50","memo":"a\"b","key":"k-1","at":1700000000000})",
      &f));
  EXPECT_EQ(f.kind, EntryKind::kDeposit);
  EXPECT_EQ(f.id, 7);
  EXPECT_EQ(f.options.memo, "a\"b");
  EXPECT_EQ(f.options.key, "k-1");
  EXPECT_EQ(f.options.at, 1700000000000);

  ASSERT_TRUE(ReadCanonicalOpLine(
      R"({"op":"hold","from":1,"to":2,"amount":"1.00","expires_at":5000})",
      &f));
  EXPECT_EQ(f.kind, EntryKind::kHold);
  EXPECT_EQ(f.expires_at, 5000);
  ASSERT_TRUE(ReadCanonicalOpLine(R"({"op":"capture","hold":5})", &f));
  EXPECT_EQ(f.kind, EntryKind::kCapture);
  EXPECT_EQ(f.hold, 5);
  EXPECT_EQ(f.amount.form(), Amount().form());
  ASSERT_TRUE(ReadCanonicalOpLine(R"({"op":"release","hold":9,"at":3})", &f));
  EXPECT_EQ(f.kind, EntryKind::kRelease);
  ASSERT_TRUE(ReadCanonicalOpLine(
      R"({"op":"set_limit","id":2,"overdraft_limit":"50.00"})", &f));
  EXPECT_EQ(f.kind, EntryKind::kLimit);
  ASSERT_TRUE(ReadCanonicalOpLine(R"({"op":"close","id":4})", &f));
  EXPECT_EQ(f.kind, EntryKind::kClose);
  ASSERT_TRUE(
      ReadCanonicalOpLine(R"({"op":"withdraw","id":3,"amount":"7"})", &f));
  EXPECT_EQ(f.kind, EntryKind::kWithdraw);
}

TEST(OpLineReaderTest, DeclinesEveryOtherSpelling) {
  const std::vector<std::string> lines = {
      R"({"op":"open","id":1,"name":"Ana"})",
      R"({"op":"transfer","to":2,"from":1,"amount":"0.05"})",
      R"({ "op":"transfer","from":1,"to":2,"amount":"0.05"})",
      R"({"op":"transfer","from":1,"to":2,"amount":"0.05"} )",
      R"({"op":"transfer","from":1.0,"to":2,"amount":"0.05"})",
      R"({"op":"transfer","from":01,"to":2,"amount":"0.05"})",
      R"({"op":"transfer","from":0,"to":2,"amount":"0.05"})",
      R"({"op":"transfer","from":2147483648,"to":2,"amount":"0.05"})",
      R"({"op":"transfer","from":1,"to":2,"amount":5})",
      R"({"op":"transfer","from":1,"to":2,"amount":"0.0\u0035"})",
      R"({"op":"transfer","from":1,"to":2,"amount":"0.05","memo":"x","memo":"y"})",
      R"({"op":"transfer","from":1,"to":2,"amount":"0.05","extra":1})",
      R"({"op":"transfer","from":1,"to":2,"amount":"0.05","at":-1})",
      R"({"op":"transfer","from":1,"to":2,"amount":"0.05","at":8640000000000001})",
      R"({"op":"transfer","from":1,"to":2})",
      R"({"op":"release","hold":5,"amount":"1.00"})",
      R"({"op":"hold","from":1,"to":2,"amount":"1.00","expires_at":0})",
      R"({"op":"deposit","id":1,"amount":"1","at":5,"memo":"x"})",
      R"({"op":"deposit","id":1,"amount":"1")",
      "{\"op\":\"deposit\",\"id\":1,\"amount\":\"1\",\"memo\":\"\x01\"}",
      "{\"op\":\"deposit\",\"id\":1,\"amount\":\"1\",\"memo\":\"\xff\"}",
      R"({"op":"balance","id":1})",
      R"({"id":1,"op":"deposit","amount":"1"})",
  };
  for (const std::string& line : lines) {
    EntryFields f;
    EXPECT_FALSE(ReadCanonicalOpLine(line, &f)) << line;
  }
}

// The same lines through the fast path and the general reader only: the
// same transcripts, errors included, and the same journal.
TEST(OpLineReaderTest, BothReadersRunALineTheSameWay) {
  const std::vector<std::string> lines = {
      R"({"op":"open","id":1,"name":"Ana","balance":"10.00"})",
      R"({"op":"open","id":2,"name":"Bo","currency":"JPY"})",
      R"({"op":"transfer","from":1,"to":2,"amount":"0.05"})",
      R"({"op":"transfer","from":1,"to":3,"amount":"0.05"})",
      R"({"op":"deposit","id":1,"amount":"1.005"})",
      R"({"op":"deposit","id":1,"amount":"1.00","key":"k","at":5})",
      R"({"op":"deposit","id":1,"amount":"1.00","key":"k","at":5})",
      R"({"op":"deposit","id":1,"amount":"2.00","key":"k","at":5})",
      R"({"op":"hold","from":1,"to":2,"amount":"3.00","expires_at":100})",
      R"({"op":"capture","hold":7,"amount":"1.00"})",
      R"({"op":"release","hold":7})",
      R"({"op":"set_limit","id":1,"overdraft_limit":"5.00"})",
      R"({"op":"withdraw","id":1,"amount":"100.00"})",
      R"({"op":"close","id":2})",
  };
  Bank fast;
  Bank general;
  for (const std::string& line : lines) {
    EXPECT_EQ(fast.ExecuteLine(line),
              general.ExecuteLine(line, Bank::LineSource::kScenarioLineGeneral))
        << line;
    EXPECT_EQ(fast.last_error_message(), general.last_error_message()) << line;
  }
  EXPECT_EQ(fast.ExportJournal(), general.ExportJournal());
}

}  // namespace
}  // namespace wasmbank
