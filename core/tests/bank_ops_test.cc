// Every op and every error code in its precedence slot (docs/errors.md),
// through the same entry point the runners use: one JSON line in, one
// transcript line out.
#include <gtest/gtest.h>

#include <string>

#include "wasmbank/bank.h"

namespace wasmbank {
namespace {

class BankOpsTest : public ::testing::Test {
 protected:
  std::string Run(std::string_view line) { return bank_.ExecuteLine(line); }

  // The error code of a line's transcript, or "ok".
  std::string Code(std::string_view line) {
    std::string out = Run(line);
    size_t at = out.find("\"error\":\"");
    if (at == std::string::npos) return "ok";
    at += 9;
    return out.substr(at, out.find('"', at) - at);
  }

  void OpenBasics() {
    ASSERT_EQ(Code(R"({"op":"open","id":1,"name":"A","balance":"100.00"})"),
              "ok");
    ASSERT_EQ(Code(R"({"op":"open","id":2,"name":"B","balance":"5.00",)"
                   R"("overdraft_limit":"1.00"})"),
              "ok");
    ASSERT_EQ(Code(R"({"op":"open","id":3,"name":"E","currency":"EUR"})"),
              "ok");
    ASSERT_EQ(Code(R"({"op":"open","id":4,"name":"Z"})"), "ok");
    ASSERT_EQ(Code(R"({"op":"close","id":4})"), "ok");
  }

  Bank bank_;
};

TEST_F(BankOpsTest, TutorialTranscript) {
  EXPECT_EQ(
      Run(R"({"op":"open","id":101,"name":"Alice","balance":"1000.00"})"),
      R"({"op":"open","ok":true,"entry":1,"id":101,"balance":"1000.00"})");
  EXPECT_EQ(Run(R"({"op":"greet","name":"Alice"})"),
            R"({"op":"greet","ok":true,"greeting":"Hello, Alice"})");
  EXPECT_EQ(
      Run(R"({"op":"deposit","id":101,"amount":"250.00"})"),
      R"({"op":"deposit","ok":true,"entry":2,"id":101,"balance":"1250.00"})");
  EXPECT_EQ(
      Run(R"({"op":"balance","id":101})"),
      R"({"op":"balance","ok":true,"id":101,"balance":"1250.00","currency":"USD"})");
  EXPECT_EQ(Run(R"({"op":"plus","a":5,"b":3})"),
            R"({"op":"plus","ok":true,"result":8})");
  EXPECT_EQ(Run(R"({"op":"minus","a":10,"b":5})"),
            R"({"op":"minus","ok":true,"result":5})");
}

TEST_F(BankOpsTest, GreetPrecedence) {
  EXPECT_EQ(Code(R"({"op":"greet","name":7})"), "INVALID_ARGUMENT");
  EXPECT_EQ(Code(R"({"op":"greet","name":"A","x":1})"), "INVALID_ARGUMENT");
  EXPECT_EQ(Code(R"({"op":"greet","name":" "})"), "INVALID_NAME");
  EXPECT_EQ(Code(R"({"op":"greet","name":"a\u0000"})"), "INVALID_NAME");
}

TEST_F(BankOpsTest, PlusMinusOverflowAndTypes) {
  EXPECT_EQ(Code(R"({"op":"plus","a":2147483647,"b":1})"), "OVERFLOW");
  EXPECT_EQ(Code(R"({"op":"minus","a":-2147483648,"b":1})"), "OVERFLOW");
  EXPECT_EQ(Code(R"({"op":"plus","a":2147483648,"b":0})"), "INVALID_ARGUMENT");
  EXPECT_EQ(Code(R"({"op":"plus","a":1})"), "INVALID_ARGUMENT");
  EXPECT_EQ(Run(R"({"op":"plus","a":1.01e2,"b":-1})"),
            R"({"op":"plus","ok":true,"result":100})");
}

TEST_F(BankOpsTest, OpenPrecedence) {
  // INVALID_ARGUMENT beats INVALID_NAME beats INVALID_CURRENCY beats
  // INVALID_AMOUNT beats ACCOUNT_EXISTS.
  ASSERT_EQ(Code(R"({"op":"open","id":1,"name":"A"})"), "ok");
  EXPECT_EQ(Code(R"({"op":"open","id":0,"name":"","currency":"X"})"),
            "INVALID_ARGUMENT");
  EXPECT_EQ(Code(R"({"op":"open","id":1,"name":"","currency":"X"})"),
            "INVALID_NAME");
  EXPECT_EQ(Code(R"({"op":"open","id":1,"name":"B","currency":"X",)"
                 R"("balance":"x"})"),
            "INVALID_CURRENCY");
  EXPECT_EQ(Code(R"({"op":"open","id":1,"name":"B","balance":"x"})"),
            "INVALID_AMOUNT");
  EXPECT_EQ(Code(R"({"op":"open","id":1,"name":"B","overdraft_limit":1})"),
            "INVALID_AMOUNT");
  EXPECT_EQ(Code(R"({"op":"open","id":1,"name":"B"})"), "ACCOUNT_EXISTS");
}

TEST_F(BankOpsTest, DepositPrecedence) {
  OpenBasics();
  EXPECT_EQ(Code(R"({"op":"deposit","id":99,"amount":"x","memo":5})"),
            "INVALID_ARGUMENT");
  EXPECT_EQ(Code(R"({"op":"deposit","id":99,"amount":"x"})"),
            "ACCOUNT_NOT_FOUND");
  EXPECT_EQ(Code(R"({"op":"deposit","id":4,"amount":"x"})"), "ACCOUNT_CLOSED");
  EXPECT_EQ(Code(R"({"op":"deposit","id":1,"amount":"0"})"), "INVALID_AMOUNT");
  EXPECT_EQ(Code(R"({"op":"deposit","id":1,)"
                 R"("amount":"92233720368547758.07"})"),
            "OVERFLOW");
  EXPECT_EQ(
      Run(R"({"op":"balance","id":1})"),
      R"({"op":"balance","ok":true,"id":1,"balance":"100.00","currency":"USD"})");
}

TEST_F(BankOpsTest, WithdrawPrecedenceAndOverdraft) {
  OpenBasics();
  EXPECT_EQ(Code(R"({"op":"withdraw","id":2})"), "INVALID_ARGUMENT");
  EXPECT_EQ(Code(R"({"op":"withdraw","id":9,"amount":"1"})"),
            "ACCOUNT_NOT_FOUND");
  EXPECT_EQ(Code(R"({"op":"withdraw","id":4,"amount":"1"})"), "ACCOUNT_CLOSED");
  EXPECT_EQ(Code(R"({"op":"withdraw","id":2,"amount":"-1"})"),
            "INVALID_AMOUNT");
  EXPECT_EQ(Code(R"({"op":"withdraw","id":2,"amount":"6.01"})"),
            "INSUFFICIENT_FUNDS");
  EXPECT_EQ(
      Run(R"({"op":"withdraw","id":2,"amount":"6.00"})"),
      R"({"op":"withdraw","ok":true,"entry":6,"id":2,"balance":"-1.00"})");
}

TEST_F(BankOpsTest, TransferPrecedence) {
  OpenBasics();
  EXPECT_EQ(Code(R"({"op":"transfer","from":1,"to":1,"amount":"x","y":1})"),
            "INVALID_ARGUMENT");
  EXPECT_EQ(Code(R"({"op":"transfer","from":9,"to":9,"amount":"x"})"),
            "SAME_ACCOUNT");
  EXPECT_EQ(Code(R"({"op":"transfer","from":9,"to":4,"amount":"x"})"),
            "ACCOUNT_NOT_FOUND");
  EXPECT_EQ(Code(R"({"op":"transfer","from":4,"to":9,"amount":"x"})"),
            "ACCOUNT_NOT_FOUND");
  EXPECT_EQ(Code(R"({"op":"transfer","from":4,"to":3,"amount":"x"})"),
            "ACCOUNT_CLOSED");
  EXPECT_EQ(Code(R"({"op":"transfer","from":1,"to":3,"amount":"x"})"),
            "CURRENCY_MISMATCH");
  EXPECT_EQ(Code(R"({"op":"transfer","from":1,"to":2,"amount":"x"})"),
            "INVALID_AMOUNT");
  EXPECT_EQ(Code(R"({"op":"transfer","from":2,"to":1,"amount":"6.01"})"),
            "INSUFFICIENT_FUNDS");
  ASSERT_EQ(Code(R"({"op":"open","id":5,"name":"F",)"
                 R"("balance":"92233720368547758.07"})"),
            "ok");
  EXPECT_EQ(Code(R"({"op":"transfer","from":1,"to":5,"amount":"0.01"})"),
            "OVERFLOW");
  EXPECT_EQ(
      Run(R"({"op":"transfer","from":2,"to":1,"amount":"6.00"})"),
      R"({"op":"transfer","ok":true,"entry":7,"from_balance":"-1.00","to_balance":"106.00"})");
}

TEST_F(BankOpsTest, ClosePrecedenceAndIdsNeverReused) {
  OpenBasics();
  EXPECT_EQ(Code(R"({"op":"close","id":1,"at":-1})"), "INVALID_ARGUMENT");
  EXPECT_EQ(Code(R"({"op":"close","id":9})"), "ACCOUNT_NOT_FOUND");
  EXPECT_EQ(Code(R"({"op":"close","id":4})"), "ACCOUNT_CLOSED");
  EXPECT_EQ(Code(R"({"op":"close","id":1})"), "ACCOUNT_NOT_EMPTY");
  EXPECT_EQ(Code(R"({"op":"open","id":4,"name":"Again"})"), "ACCOUNT_EXISTS");
}

TEST_F(BankOpsTest, IdempotencyComesRightAfterShape) {
  OpenBasics();
  ASSERT_EQ(Code(R"({"op":"deposit","id":1,"amount":"1.00","key":"k"})"), "ok");
  // Replayed even though the request would now fail, because it is the same.
  EXPECT_EQ(
      Run(R"({"op":"deposit","id":1,"amount":"1","key":"k","at":5})"),
      R"({"op":"deposit","ok":true,"entry":6,"id":1,"balance":"101.00","replayed":true})");
  // A different request: conflict, before ACCOUNT_NOT_FOUND.
  EXPECT_EQ(Code(R"({"op":"deposit","id":9,"amount":"1","key":"k"})"),
            "IDEMPOTENCY_CONFLICT");
  EXPECT_EQ(Code(R"({"op":"withdraw","id":1,"amount":"1","key":"k"})"),
            "IDEMPOTENCY_CONFLICT");
  // A failed op does not use up its key.
  EXPECT_EQ(Code(R"({"op":"withdraw","id":1,"amount":"999","key":"w"})"),
            "INSUFFICIENT_FUNDS");
  EXPECT_EQ(Code(R"({"op":"withdraw","id":1,"amount":"1","key":"w"})"), "ok");
  EXPECT_EQ(Code(R"({"op":"deposit","id":1,"amount":"1","key":"bad key"})"),
            "INVALID_ARGUMENT");
}

TEST_F(BankOpsTest, AtomicBatchAppliesNothingOnFailure) {
  OpenBasics();
  std::string before = bank_.ExportJournal();
  EXPECT_EQ(
      Run(R"({"op":"batch","ops":[{"op":"deposit","id":1,"amount":"1"},)"
          R"({"op":"open","id":7,"name":"N","key":"n"},)"
          R"({"op":"withdraw","id":2,"amount":"99"}]})"),
      R"({"op":"batch","ok":false,"results":[{"op":"deposit","ok":false,"error":"LINKED_FAILED"},{"op":"open","ok":false,"error":"LINKED_FAILED"},{"op":"withdraw","ok":false,"error":"INSUFFICIENT_FUNDS"}]})");
  EXPECT_EQ(bank_.ExportJournal(), before);
  // The key "n" was not used up and account 7 does not exist.
  EXPECT_EQ(Code(R"({"op":"open","id":7,"name":"Other","key":"n"})"), "ok");
}

TEST_F(BankOpsTest, BatchShapeErrors) {
  OpenBasics();
  for (const char* line : {
           R"({"op":"batch","ops":[]})",
           R"({"op":"batch","ops":[{"op":"verify"}]})",
           R"({"op":"batch","ops":[{"id":1}]})",
           R"({"op":"batch","ops":[1]})",
           R"({"op":"batch","ops":[{"op":"close","id":1}],"atomic":1})",
           R"({"op":"batch","ops":[{"op":"close","id":1}],"memo":""})",
       }) {
    EXPECT_EQ(Run(line),
              R"({"op":"batch","ok":false,"error":"INVALID_ARGUMENT"})")
        << line;
  }
  std::string many = R"({"op":"batch","ops":[)";
  for (int i = 0; i < 10001; ++i) {
    many +=
        std::string(i ? "," : "") + R"({"op":"deposit","id":1,"amount":"1"})";
  }
  many += "]}";
  EXPECT_EQ(Code(many), "INVALID_ARGUMENT");
}

TEST_F(BankOpsTest, HistoryLimitBefore) {
  OpenBasics();
  for (int i = 0; i < 5; ++i) {
    ASSERT_EQ(Code(R"({"op":"deposit","id":1,"amount":"1"})"), "ok");
  }
  std::string out = Run(R"({"op":"history","id":1,"limit":2,"before":8})");
  EXPECT_EQ(
      out,
      R"({"op":"history","ok":true,"entries":[{"entry":7,"kind":"deposit","id":1,"amount":"1.00","at":0},{"entry":6,"kind":"deposit","id":1,"amount":"1.00","at":0}]})");
  EXPECT_EQ(Code(R"({"op":"history","id":1,"limit":1001})"),
            "INVALID_ARGUMENT");
  EXPECT_EQ(Code(R"({"op":"history","id":9})"), "ACCOUNT_NOT_FOUND");
}

TEST_F(BankOpsTest, HistoryIndexSurvivesARolledBackBatch) {
  OpenBasics();
  const std::string before = Run(R"({"op":"history","id":1})");
  EXPECT_NE(Run(R"({"op":"batch","ops":[)"
                R"({"op":"transfer","from":1,"to":2,"amount":"1"},)"
                R"({"op":"deposit","id":1,"amount":"1"},)"
                R"({"op":"close","id":1}]})")
                .find("ACCOUNT_NOT_EMPTY"),
            std::string::npos);
  EXPECT_EQ(Run(R"({"op":"history","id":1})"), before);
  ASSERT_EQ(Code(R"({"op":"deposit","id":1,"amount":"2"})"), "ok");
  EXPECT_EQ(
      Run(R"({"op":"history","id":1,"limit":1})"),
      R"({"op":"history","ok":true,"entries":[{"entry":6,"kind":"deposit","id":1,"amount":"2.00","at":0}]})");
}

TEST_F(BankOpsTest, LinesThatAreNotOps) {
  for (const char* line :
       {"not json", "[1]", "null", R"({"id":1})", R"({"op":1})",
        "{\"op\":\"greet\",\"name\":\"\xff\"}"}) {
    EXPECT_EQ(Run(line), R"({"op":"","ok":false,"error":"INVALID_ARGUMENT"})")
        << line;
  }
  EXPECT_EQ(Run(""), "");
  EXPECT_EQ(Run(" \t\r"), "");
  EXPECT_EQ(Run(R"({"op":"\ud800x"})"),
            R"({"op":"\ud800x","ok":false,"error":"UNKNOWN_OP"})");
  EXPECT_EQ(Run(R"({"op":"greet","name":"\"\\\n\u0001\u2028"})"),
            "{\"op\":\"greet\",\"ok\":false,\"error\":\"INVALID_NAME\"}");
  EXPECT_EQ(Run(R"({"op":"greet","name":"q\"\\\u2028"})"),
            "{\"op\":\"greet\",\"ok\":true,\"greeting\":\"Hello, "
            "q\\\"\\\\\xe2\x80\xa8\"}");
}

TEST_F(BankOpsTest, DepthLimitIs64) {
  auto nested = [](int depth) {
    return R"({"op":"greet","name":"x","n":)" + std::string(depth - 1, '[') +
           std::string(depth - 1, ']') + "}";
  };
  // 64 levels parse (and fail on the unknown field); 65 are not an op.
  EXPECT_EQ(Run(nested(64)),
            R"({"op":"greet","ok":false,"error":"INVALID_ARGUMENT"})");
  EXPECT_EQ(Run(nested(65)),
            R"({"op":"","ok":false,"error":"INVALID_ARGUMENT"})");
}

TEST_F(BankOpsTest, VerifyAndAccountsJson) {
  OpenBasics();
  std::string verify = Run(R"({"op":"verify"})");
  EXPECT_EQ(verify.substr(0, 50),
            R"({"op":"verify","ok":true,"accounts":4,"entries":5,)");
  EXPECT_EQ(Code(R"({"op":"verify","x":1})"), "INVALID_ARGUMENT");
  std::string accounts = bank_.AccountsJson();
  EXPECT_EQ(accounts.find(R"({"id":1,)"), 1u);
  EXPECT_NE(accounts.find(R"("status":"closed")"), std::string::npos);
}

TEST_F(BankOpsTest, TypedTransferMatchesTheOpLine) {
  OpenBasics();
  OpOptions options;
  options.at = 7;
  auto t = bank_.Transfer(1, 2, Amount::Minor(1000), options);
  ASSERT_TRUE(t.ok()) << t.message();
  EXPECT_EQ(
      Run(R"({"op":"history","id":2,"limit":1})"),
      R"({"op":"history","ok":true,"entries":[{"entry":6,"kind":"transfer","from":1,"to":2,"amount":"10.00","at":7}]})");
}

}  // namespace
}  // namespace wasmbank
