// The typed public API (wasmbank/bank.h): every op, every error code in its
// slot of the documented order (each case breaks two rules and expects the
// earlier one), failures change nothing, and the typed ops write the same
// journal as the JSON lines that say the same.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "api_test_support.h"
#include "bank_internals.h"
#include "wasmbank/bank.h"
#include "wasmbank/tutorial.h"

namespace wasmbank {
namespace {

using internal::BankInternals;

using api_test::Key;
using api_test::Spec;

class TypedApiTest : public ::testing::Test {
 protected:
  // 1 Alice USD 100.00 (overdraft 50.00), 2 Bob USD 10.00, 3 Carol EUR 5.00,
  // 4 Dan USD 0.00 closed.
  void SetUp() override {
    AccountSpec alice = Spec(1, "Alice", "100.00");
    alice.overdraft_limit = Amount::Decimal("50.00");
    ASSERT_TRUE(bank_.Open(alice).ok());
    ASSERT_TRUE(bank_.Open(Spec(2, "Bob", "10.00")).ok());
    ASSERT_TRUE(bank_.Open(Spec(3, "Carol", "5.00", "EUR")).ok());
    ASSERT_TRUE(bank_.Open(Spec(4, "Dan")).ok());
    ASSERT_TRUE(bank_.Close(4).ok());
  }

  // Expects `result` to fail with `code` and the bank to be unchanged.
  template <typename T>
  void ExpectRefused(const Result<T>& result, ErrorCode code,
                     const std::string& before) {
    api_test::ExpectRefused(bank_, result, code, before);
  }

  Bank bank_;
};

TEST_F(TypedApiTest, OpenReportsTheEntryAndBalance) {
  Result<Receipt> r = bank_.Open(Spec(10, "Eve", "12.5"));
  ASSERT_TRUE(r.ok()) << r.message();
  EXPECT_EQ(r->kind, EntryKind::kOpen);
  EXPECT_EQ(r->entry, 6u);
  EXPECT_EQ(r->id, 10);
  EXPECT_EQ(r->balance, 1250);
  EXPECT_EQ(r->scale, 2);
  EXPECT_FALSE(r->replayed);
  Result<Receipt> yen = bank_.Open(Spec(11, "Yui", "1500", "JPY"));
  ASSERT_TRUE(yen.ok());
  EXPECT_EQ(yen->scale, 0);
  EXPECT_EQ(FormatAmount(yen->balance, yen->scale), "1500");
}

TEST_F(TypedApiTest, OpenChecksInOrder) {
  const std::string before = bank_.ExportJournal();
  AccountSpec spec = Spec(0, "", "x", "XXX");
  ExpectRefused(bank_.Open(spec), ErrorCode::kInvalidArgument, before);
  spec.id = 1;
  spec.address = std::string("a\x01", 2);
  ExpectRefused(bank_.Open(spec), ErrorCode::kInvalidArgument, before);
  spec.address = "";
  OpOptions bad_at;
  bad_at.at = -1;
  ExpectRefused(bank_.Open(spec, bad_at), ErrorCode::kInvalidArgument, before);
  ExpectRefused(bank_.Open(spec, Key("has space")), ErrorCode::kInvalidArgument,
                before);
  ExpectRefused(bank_.Open(spec, Key("")), ErrorCode::kInvalidArgument, before);
  OpOptions long_memo;
  long_memo.memo = std::string(141, 'm');
  ExpectRefused(bank_.Open(spec, long_memo), ErrorCode::kInvalidArgument,
                before);
  ExpectRefused(bank_.Open(spec), ErrorCode::kInvalidName, before);
  spec.name = "   ";
  ExpectRefused(bank_.Open(spec), ErrorCode::kInvalidName, before);
  spec.name = "Frank";
  ExpectRefused(bank_.Open(spec), ErrorCode::kInvalidCurrency, before);
  spec.currency = "usd";
  ExpectRefused(bank_.Open(spec), ErrorCode::kInvalidCurrency, before);
  spec.currency = "USD";
  ExpectRefused(bank_.Open(spec), ErrorCode::kInvalidAmount, before);
  spec.balance = Amount::Decimal("1.001");
  ExpectRefused(bank_.Open(spec), ErrorCode::kInvalidAmount, before);
  spec.balance = Amount::Minor(-1);
  ExpectRefused(bank_.Open(spec), ErrorCode::kInvalidAmount, before);
  spec.balance = Amount::Unreadable("a JSON number");
  Result<Receipt> unreadable = bank_.Open(spec);
  ExpectRefused(unreadable, ErrorCode::kInvalidAmount, before);
  EXPECT_EQ(unreadable.message(), "a JSON number");
  spec.balance = Amount();
  spec.overdraft_limit = Amount::Decimal("-1");
  ExpectRefused(bank_.Open(spec), ErrorCode::kInvalidAmount, before);
  spec.overdraft_limit = Amount();
  ExpectRefused(bank_.Open(spec), ErrorCode::kAccountExists, before);
}

TEST_F(TypedApiTest, IdempotencyReplaysTheSameRequestAndRefusesAnother) {
  Result<Receipt> first = bank_.Deposit(2, Amount::Decimal("1.00"), Key("d-1"));
  ASSERT_TRUE(first.ok());
  const std::string before = bank_.ExportJournal();
  // The same request, with the amount spelled another way: a replay.
  Result<Receipt> again = bank_.Deposit(2, Amount::Minor(100), Key("d-1"));
  ASSERT_TRUE(again.ok()) << again.message();
  EXPECT_TRUE(again->replayed);
  EXPECT_EQ(again->entry, first->entry);
  EXPECT_EQ(again->balance, first->balance);
  EXPECT_EQ(bank_.ExportJournal(), before);
  // Idempotency comes before ACCOUNT_NOT_FOUND and INVALID_AMOUNT.
  ExpectRefused(bank_.Deposit(99, Amount::Minor(0), Key("d-1")),
                ErrorCode::kIdempotencyConflict, before);
  ExpectRefused(bank_.Withdraw(2, Amount::Minor(100), Key("d-1")),
                ErrorCode::kIdempotencyConflict, before);
  ExpectRefused(bank_.Open(Spec(1, "Alice"), Key("d-1")),
                ErrorCode::kIdempotencyConflict, before);
  // A failed attempt does not use up its key.
  ExpectRefused(bank_.Deposit(99, Amount::Minor(1), Key("fresh")),
                ErrorCode::kAccountNotFound, before);
  EXPECT_TRUE(bank_.Deposit(2, Amount::Minor(1), Key("fresh")).ok());
}

TEST_F(TypedApiTest, DepositAndWithdrawCheckInOrder) {
  const std::string before = bank_.ExportJournal();
  for (bool deposit : {true, false}) {
    auto op = [&](int32_t id, Amount amount) {
      return deposit ? bank_.Deposit(id, amount) : bank_.Withdraw(id, amount);
    };
    ExpectRefused(op(0, Amount::Minor(0)), ErrorCode::kInvalidArgument, before);
    ExpectRefused(op(99, Amount()), ErrorCode::kInvalidArgument, before);
    ExpectRefused(op(99, Amount::Minor(0)), ErrorCode::kAccountNotFound,
                  before);
    ExpectRefused(op(4, Amount::Minor(0)), ErrorCode::kAccountClosed, before);
    ExpectRefused(op(1, Amount::Minor(-1)), ErrorCode::kInvalidAmount, before);
    ExpectRefused(op(1, Amount::Minor(0)), ErrorCode::kInvalidAmount, before);
    ExpectRefused(op(1, Amount::Decimal("0.00")), ErrorCode::kInvalidAmount,
                  before);
  }
  ExpectRefused(bank_.Deposit(1, Amount::Minor(INT64_MAX)),
                ErrorCode::kOverflow, before);
  // Alice has 100.00 and may go to -50.00.
  ExpectRefused(bank_.Withdraw(1, Amount::Decimal("150.01")),
                ErrorCode::kInsufficientFunds, before);
  Result<Receipt> to_limit = bank_.Withdraw(1, Amount::Decimal("150.00"));
  ASSERT_TRUE(to_limit.ok());
  EXPECT_EQ(to_limit->balance, -5000);
  Result<Receipt> back = bank_.Deposit(1, Amount::Minor(5000));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->balance, 0);
  EXPECT_EQ(back->kind, EntryKind::kDeposit);
}

TEST_F(TypedApiTest, TransferChecksInOrder) {
  const std::string before = bank_.ExportJournal();
  const Amount zero = Amount::Minor(0);
  ExpectRefused(bank_.Transfer(1, 0, zero), ErrorCode::kInvalidArgument,
                before);
  ExpectRefused(bank_.Transfer(1, 2, Amount()), ErrorCode::kInvalidArgument,
                before);
  ExpectRefused(bank_.Transfer(99, 99, zero), ErrorCode::kSameAccount, before);
  Result<Receipt> missing_from = bank_.Transfer(98, 99, zero);
  ExpectRefused(missing_from, ErrorCode::kAccountNotFound, before);
  EXPECT_NE(missing_from.message().find("98"), std::string::npos);
  Result<Receipt> missing_to = bank_.Transfer(1, 99, zero);
  EXPECT_NE(missing_to.message().find("99"), std::string::npos);
  ExpectRefused(bank_.Transfer(4, 99, zero), ErrorCode::kAccountNotFound,
                before);
  ExpectRefused(bank_.Transfer(4, 3, zero), ErrorCode::kAccountClosed, before);
  ExpectRefused(bank_.Transfer(1, 3, zero), ErrorCode::kCurrencyMismatch,
                before);
  ExpectRefused(bank_.Transfer(1, 2, Amount::Decimal("1.001")),
                ErrorCode::kInvalidAmount, before);
  ExpectRefused(bank_.Transfer(2, 1, Amount::Decimal("10.01")),
                ErrorCode::kInsufficientFunds, before);
  ASSERT_TRUE(bank_.Deposit(2, Amount::Minor(INT64_MAX - 1000)).ok());
  const std::string full = bank_.ExportJournal();
  ExpectRefused(bank_.Transfer(1, 2, Amount::Decimal("100.00")),
                ErrorCode::kOverflow, full);
  Result<Receipt> t = bank_.Transfer(2, 1, Amount::Decimal("0.01"));
  ASSERT_TRUE(t.ok()) << t.message();
  EXPECT_EQ(t->kind, EntryKind::kTransfer);
  EXPECT_EQ(t->id, 2);
  EXPECT_EQ(t->balance, INT64_MAX - 1000 + 1000 - 1);
  EXPECT_EQ(t->to_balance, 10001);
}

TEST_F(TypedApiTest, CloseChecksInOrder) {
  const std::string before = bank_.ExportJournal();
  ExpectRefused(bank_.Close(-5), ErrorCode::kInvalidArgument, before);
  ExpectRefused(bank_.Close(99), ErrorCode::kAccountNotFound, before);
  ExpectRefused(bank_.Close(4), ErrorCode::kAccountClosed, before);
  ExpectRefused(bank_.Close(2), ErrorCode::kAccountNotEmpty, before);
  ASSERT_TRUE(bank_.Withdraw(2, Amount::Decimal("10")).ok());
  Result<Receipt> closed = bank_.Close(2);
  ASSERT_TRUE(closed.ok());
  EXPECT_EQ(closed->kind, EntryKind::kClose);
  EXPECT_TRUE(bank_.GetAccount(2)->closed);
}

TEST_F(TypedApiTest, AtomicBatchAppliesAllOrNothing) {
  const std::string before = bank_.ExportJournal();
  WriteBatch batch;
  batch.Withdraw(1, Amount::Decimal("10.00"));
  batch.Deposit(2, Amount::Decimal("10.00"));
  batch.Transfer(1, 3, Amount::Decimal("1.00"));  // CURRENCY_MISMATCH
  batch.Close(4);
  Result<BatchReport> report = bank_.Write(batch);
  ASSERT_TRUE(report.ok());
  EXPECT_FALSE(report->ok);
  ASSERT_EQ(report->results.size(), 4u);
  EXPECT_EQ(report->results[0].code(), ErrorCode::kLinkedFailed);
  EXPECT_EQ(report->results[1].code(), ErrorCode::kLinkedFailed);
  EXPECT_EQ(report->results[2].code(), ErrorCode::kCurrencyMismatch);
  EXPECT_EQ(report->results[3].code(), ErrorCode::kLinkedFailed);
  EXPECT_EQ(bank_.ExportJournal(), before);

  Result<BatchReport> loose = bank_.Write(batch, /*atomic=*/false);
  ASSERT_TRUE(loose.ok());
  EXPECT_FALSE(loose->ok);
  EXPECT_TRUE(loose->results[0].ok());
  EXPECT_TRUE(loose->results[1].ok());
  EXPECT_EQ(loose->results[2].code(), ErrorCode::kCurrencyMismatch);
  EXPECT_EQ(loose->results[3].code(), ErrorCode::kAccountClosed);
  EXPECT_EQ(bank_.GetBalance(2)->minor, 2000);

  // Later ops see earlier ones; an opened account can be used at once.
  WriteBatch chain;
  chain.Open(Spec(20, "Gus", "5.00"));
  chain.Transfer(20, 2, Amount::Decimal("5.00"));
  chain.Close(20);
  Result<BatchReport> chained = bank_.Write(chain);
  ASSERT_TRUE(chained.ok());
  EXPECT_TRUE(chained->ok);
  EXPECT_TRUE(bank_.GetAccount(20)->closed);
}

TEST_F(TypedApiTest, ARefusedOpFailsInItsPlace) {
  const std::string before = bank_.ExportJournal();
  WriteBatch batch;
  batch.Deposit(1, Amount::Minor(1));
  batch.Refused(EntryKind::kWithdraw,
                Status(ErrorCode::kInvalidArgument, "\"id\" must be a number"));
  batch.Deposit(2, Amount::Minor(1));
  Result<BatchReport> atomic = bank_.Write(batch);
  ASSERT_TRUE(atomic.ok());
  EXPECT_EQ(atomic->results[0].code(), ErrorCode::kLinkedFailed);
  EXPECT_EQ(atomic->results[1].code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(atomic->results[1].message(), "\"id\" must be a number");
  EXPECT_EQ(atomic->results[2].code(), ErrorCode::kLinkedFailed);
  EXPECT_EQ(bank_.ExportJournal(), before);
  Result<BatchReport> loose = bank_.Write(batch, false);
  EXPECT_TRUE(loose->results[0].ok());
  EXPECT_EQ(loose->results[1].code(), ErrorCode::kInvalidArgument);
  EXPECT_TRUE(loose->results[2].ok());
}

TEST_F(TypedApiTest, BatchSizeIsChecked) {
  const std::string before = bank_.ExportJournal();
  ExpectRefused(bank_.Write(WriteBatch()), ErrorCode::kInvalidArgument, before);
  WriteBatch huge;
  for (size_t i = 0; i <= kMaxBatchOps; ++i) huge.Deposit(1, Amount::Minor(1));
  ExpectRefused(bank_.Write(huge), ErrorCode::kInvalidArgument, before);
  huge.Clear();
  EXPECT_TRUE(huge.empty());
}

TEST_F(TypedApiTest, ReadsReportTheState) {
  Result<Balance> balance = bank_.GetBalance(3);
  ASSERT_TRUE(balance.ok());
  EXPECT_EQ(balance->minor, 500);
  EXPECT_EQ(balance->currency, "EUR");
  EXPECT_EQ(bank_.GetBalance(0).code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(bank_.GetBalance(99).code(), ErrorCode::kAccountNotFound);

  Result<AccountInfo> alice = bank_.GetAccount(1);
  ASSERT_TRUE(alice.ok());
  EXPECT_EQ(alice->name, "Alice");
  EXPECT_EQ(alice->overdraft_limit, 5000);
  EXPECT_FALSE(alice->closed);
  EXPECT_EQ(bank_.GetAccount(99).code(), ErrorCode::kAccountNotFound);

  std::vector<AccountInfo> all = bank_.Accounts();
  ASSERT_EQ(all.size(), 4u);
  EXPECT_EQ(all[3].id, 4);
  EXPECT_TRUE(all[3].closed);

  EXPECT_EQ(*tutorial::Greet(bank_, "Alice"), "Hello, Alice");
  EXPECT_EQ(tutorial::Greet(bank_, "").code(), ErrorCode::kInvalidName);
  EXPECT_EQ(*tutorial::Plus(bank_, 5, 3), 8);
  EXPECT_EQ(*tutorial::Minus(bank_, 10, 5), 5);
  EXPECT_EQ(tutorial::Plus(bank_, INT32_MAX, 1).code(), ErrorCode::kOverflow);
  EXPECT_EQ(tutorial::Minus(bank_, INT32_MIN, 1).code(), ErrorCode::kOverflow);
}

TEST_F(TypedApiTest, HistoryPagesNewestFirst) {
  OpOptions memo;
  memo.memo = "rent";
  memo.key = "t-1";
  memo.at = 42;
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(bank_.Deposit(2, Amount::Minor(1)).ok());
  }
  ASSERT_TRUE(bank_.Transfer(2, 1, Amount::Minor(3), memo).ok());
  HistoryOptions page;
  page.limit = 3;
  Result<std::vector<JournalEntry>> newest = bank_.History(2, page);
  ASSERT_TRUE(newest.ok());
  ASSERT_EQ(newest->size(), 3u);
  const JournalEntry& t = newest->front();
  EXPECT_EQ(t.kind, EntryKind::kTransfer);
  EXPECT_EQ(t.number, 11u);
  EXPECT_EQ(t.id, 2);
  EXPECT_EQ(t.to, 1);
  EXPECT_EQ(t.amount, 3);
  EXPECT_EQ(t.memo, "rent");
  EXPECT_EQ(t.key, "t-1");
  EXPECT_EQ(t.at, 42);
  page.before = newest->back().number;
  Result<std::vector<JournalEntry>> older = bank_.History(2, page);
  ASSERT_TRUE(older.ok());
  ASSERT_EQ(older->size(), 3u);
  // Bob's entries: 2 (open), 6 to 10 (deposits), 11 (the transfer).
  EXPECT_EQ(older->front().number, 8u);
  EXPECT_EQ(older->back().number, 6u);
  page.before = 6;
  Result<std::vector<JournalEntry>> oldest = bank_.History(2, page);
  ASSERT_TRUE(oldest.ok());
  ASSERT_EQ(oldest->size(), 1u);
  EXPECT_EQ(oldest->front().kind, EntryKind::kOpen);
  EXPECT_EQ(oldest->front().name, "Bob");
  EXPECT_EQ(oldest->front().amount, 1000);
  page.limit = 0;
  EXPECT_EQ(bank_.History(2, page).code(), ErrorCode::kInvalidArgument);
  page.limit = 1;
  page.before = 0;
  EXPECT_EQ(bank_.History(2, page).code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(bank_.History(99).code(), ErrorCode::kAccountNotFound);
}

TEST_F(TypedApiTest, VerifyAgreesWithTheJsonAdapter) {
  Result<VerifyReport> report = bank_.Verify();
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->accounts, 4u);
  EXPECT_EQ(report->entries, 5u);
  EXPECT_EQ(bank_.ExecuteLine(R"({"op":"verify"})"),
            R"({"op":"verify","ok":true,"accounts":4,"entries":5,"head":")" +
                report->head + "\"}");
}

// The same ops typed and as JSON lines write byte-identical journals.
TEST(TypedApiParity, TypedOpsWriteTheJournalJsonLinesWrite) {
  Bank typed;
  Bank json;
  OpOptions options;
  options.key = "k-1";
  options.memo = "gift";
  options.at = 7;
  AccountSpec spec = Spec(101, "Zoë", "1000.00");
  spec.address = "1 Main St";
  ASSERT_TRUE(typed.Open(spec).ok());
  ASSERT_TRUE(typed.Open(Spec(102, "Bob")).ok());
  ASSERT_TRUE(typed.Deposit(101, Amount::Decimal("2.5"), options).ok());
  ASSERT_TRUE(typed.Withdraw(101, Amount::Minor(50)).ok());
  ASSERT_TRUE(typed.Transfer(101, 102, Amount::Decimal("10")).ok());
  ASSERT_TRUE(typed.Transfer(102, 101, Amount::Minor(1000)).ok());
  ASSERT_TRUE(typed.Close(102).ok());
  for (
      const char* line :
      {R"({"op":"open","id":101,"name":"Zoë","address":"1 Main St","balance":"1000.00"})",
       R"({"op":"open","id":102,"name":"Bob"})",
       R"({"op":"deposit","id":101,"amount":"2.50","key":"k-1","memo":"gift","at":7})",
       R"({"op":"withdraw","id":101,"amount":"0.5"})",
       R"({"op":"transfer","from":101,"to":102,"amount":"10.00"})",
       R"({"op":"transfer","from":102,"to":101,"amount":"10"})",
       R"({"op":"close","id":102})"}) {
    ASSERT_NE(json.ExecuteLine(line).find(R"("ok":true)"), std::string::npos)
        << line;
  }
  EXPECT_EQ(typed.ExportJournal(), json.ExportJournal());
}

// TransferMany is the code-only loop over Transfer's rules: on transfers that
// break every rule in turn (ids out of range, the same account, unknown and
// closed accounts, other currencies, zero and negative amounts, too much,
// overflow) it gives the codes and writes the journal Transfer does.
TEST(TypedApiParity, TransferManyAgreesWithTransferInALoop) {
  Bank one_by_one;
  Bank many;
  for (Bank* bank : {&one_by_one, &many}) {
    AccountSpec rich = Spec(1, "Rich", "0");
    rich.balance = Amount::Minor(INT64_MAX - 10);
    ASSERT_TRUE(bank->Open(rich).ok());
    AccountSpec owing = Spec(2, "Owing", "1.00");
    owing.overdraft_limit = Amount::Decimal("5.00");
    ASSERT_TRUE(bank->Open(owing).ok());
    ASSERT_TRUE(bank->Open(Spec(3, "Euro", "9.00", "EUR")).ok());
    ASSERT_TRUE(bank->Open(Spec(4, "Shut")).ok());
    ASSERT_TRUE(bank->Close(4).ok());
    ASSERT_TRUE(bank->Open(Spec(5, "Plain", "3.00")).ok());
  }
  std::mt19937 random(7);
  std::uniform_int_distribution<int32_t> id(-1, 7);
  std::uniform_int_distribution<int64_t> amount(-2, 700);
  std::vector<int32_t> from;
  std::vector<int32_t> to;
  std::vector<int64_t> minor;
  for (int i = 0; i < 4000; ++i) {
    from.push_back(id(random));
    to.push_back(id(random));
    minor.push_back(i % 97 == 0   ? INT64_MAX - 3
                    : i % 11 == 0 ? -(i % 3)
                                  : amount(random));
  }
  std::vector<ErrorCode> expected;
  size_t expected_applied = 0;
  for (size_t i = 0; i < from.size(); ++i) {
    OpOptions at;
    at.at = 5;
    expected.push_back(
        one_by_one.Transfer(from[i], to[i], Amount::Minor(minor[i]), at)
            .code());
    if (expected.back() == ErrorCode::kOk) ++expected_applied;
  }
  std::vector<uint8_t> codes(from.size(), 255);
  EXPECT_EQ(many.TransferMany({from, to, minor}, 5, codes), expected_applied);
  std::vector<bool> seen(32);
  for (size_t i = 0; i < from.size(); ++i) {
    ASSERT_EQ(ErrorCodeName(static_cast<ErrorCode>(codes[i])),
              ErrorCodeName(expected[i]))
        << "transfer " << i << ": " << from[i] << " -> " << to[i] << ", "
        << minor[i];
    seen[codes[i]] = true;
  }
  for (ErrorCode code :
       {ErrorCode::kOk, ErrorCode::kInvalidArgument, ErrorCode::kSameAccount,
        ErrorCode::kAccountNotFound, ErrorCode::kAccountClosed,
        ErrorCode::kCurrencyMismatch, ErrorCode::kInvalidAmount,
        ErrorCode::kInsufficientFunds, ErrorCode::kOverflow}) {
    EXPECT_TRUE(seen[static_cast<size_t>(code)]) << ErrorCodeName(code);
  }
  EXPECT_EQ(many.ExportJournal(), one_by_one.ExportJournal());
}

// A store's durable write sees exactly the record of the lines each call
// made (and its seal line), once per call; when it fails, the call is
// RESOURCE_EXHAUSTED and undone.
TEST(DurableWrite, EachCallHandsItsLinesOverAndAFailureUndoesTheCall) {
  Bank bank;
  std::vector<std::string> written;
  bool full = false;
  BankInternals::SetDurableWrite(bank, [&](std::string_view lines) {
    if (full) return Status(ErrorCode::kResourceExhausted, "disk full");
    written.emplace_back(lines);
    return Status::Ok();
  });
  ASSERT_TRUE(bank.Open(Spec(1, "A", "1.00")).ok());
  ASSERT_TRUE(bank.Open(Spec(2, "B")).ok());
  WriteBatch batch;
  batch.Deposit(1, Amount::Minor(1));
  batch.Deposit(2, Amount::Minor(2));
  ASSERT_TRUE(bank.Write(batch).ok());
  ASSERT_EQ(written.size(), 3u);  // one write for the whole batch
  std::string lines;
  BankInternals::AppendEntryLines(bank, 2, &lines);
  const std::string exported = bank.ExportJournal();
  // The batch's two lines, then the seal line: the export's head line.
  EXPECT_EQ(written[2], lines + exported.substr(exported.rfind("{\"head\":")));
  EXPECT_EQ(std::count(lines.begin(), lines.end(), '\n'), 2);
  std::string record;
  BankInternals::AppendStoreRecord(bank, 2, &record);
  EXPECT_EQ(written[2], record);
  record.clear();
  BankInternals::AppendStoreRecord(bank, 4,
                                   &record);  // no entries after 4: no record
  EXPECT_EQ(record, "");
  EXPECT_FALSE(bank.Deposit(1, Amount::Minor(0)).ok());  // nothing to write
  EXPECT_EQ(written.size(), 3u);

  full = true;
  const std::string before = bank.ExportJournal();
  EXPECT_EQ(ErrorCodeName(bank.Deposit(1, Amount::Minor(5)).code()),
            "RESOURCE_EXHAUSTED");
  EXPECT_EQ(ErrorCodeName(bank.Write(batch).code()), "RESOURCE_EXHAUSTED");
  EXPECT_EQ(bank.ExecuteLine(R"({"op":"deposit","id":1,"amount":"1.00"})"),
            R"({"op":"deposit","ok":false,"error":"RESOURCE_EXHAUSTED"})");
  EXPECT_EQ(bank.last_error_message(), "disk full");
  std::vector<int32_t> from{1, 1};
  std::vector<int32_t> to{2, 1};
  std::vector<int64_t> minor{1, 1};
  std::vector<uint8_t> codes(2);
  EXPECT_EQ(bank.TransferMany({from, to, minor}, 0, codes), 0u);
  EXPECT_EQ(codes[0], static_cast<uint8_t>(ErrorCode::kResourceExhausted));
  EXPECT_EQ(codes[1], static_cast<uint8_t>(ErrorCode::kSameAccount));
  EXPECT_EQ(bank.ExportJournal(), before);
  EXPECT_EQ(ErrorCodeName(bank.ImportJournal(before).code()),
            "INVALID_ARGUMENT");  // a store only grows

  // After those failures the chain is still right: the next record's seal
  // line is the export's head line.
  auto head_line = [&] {
    const std::string exported = bank.ExportJournal();
    return exported.substr(exported.rfind("{\"head\":"));
  };
  full = false;
  EXPECT_TRUE(bank.Deposit(1, Amount::Minor(5)).ok());
  EXPECT_EQ(written.back().substr(written.back().rfind("{\"head\":")),
            head_line());
  BankInternals::DiscardEntriesAfter(bank,
                                     4);  // an async store whose flush failed
  EXPECT_EQ(bank.ExportJournal(), before);
  EXPECT_TRUE(bank.Deposit(2, Amount::Minor(6)).ok());
  EXPECT_EQ(written.back().substr(written.back().rfind("{\"head\":")),
            head_line());
  Bank fresh;
  ASSERT_TRUE(fresh.ImportJournal(bank.ExportJournal()).ok());
}

// A second writer of one store (another tab) catches up from the records
// the first appended, and ends with the same journal and head; records that
// do not replay, or whose seal line does not match, change nothing.
TEST(DurableWrite, ASecondWriterCatchesUpFromTheRecords) {
  Bank first;
  Bank second;
  ASSERT_TRUE(first.Open(Spec(1, "A", "10.00")).ok());
  ASSERT_TRUE(first.Open(Spec(2, "B")).ok());
  std::string lines;
  BankInternals::AppendStoreRecord(first, 0, &lines);
  ASSERT_TRUE(BankInternals::ApplyEntryLines(second, lines).ok());
  ASSERT_TRUE(second.Transfer(1, 2, Amount::Minor(100)).ok());
  lines.clear();
  BankInternals::AppendStoreRecord(second, 2, &lines);
  ASSERT_TRUE(BankInternals::ApplyEntryLines(first, lines).ok());
  OpOptions keyed = Key("once");
  ASSERT_TRUE(first.Deposit(2, Amount::Minor(5), keyed).ok());
  ASSERT_TRUE(first.Deposit(1, Amount::Minor(7)).ok());
  lines.clear();
  BankInternals::AppendStoreRecord(first, 3,
                                   &lines);  // two entries, one seal line
  const std::string before = second.ExportJournal();
  auto refused = [&](std::string records, const char* what) {
    EXPECT_EQ(
        ErrorCodeName(BankInternals::ApplyEntryLines(second, records).code()),
        "CORRUPT_JOURNAL")
        << what;
    EXPECT_EQ(second.ExportJournal(), before) << what;
  };
  std::string wrong = lines;
  wrong.replace(wrong.find("\"entry\":4"), 9, "\"entry\":5");
  refused(wrong, "an entry numbered wrong");
  refused(lines.substr(0, lines.size() - 1), "no last '\\n'");
  const size_t seal = lines.find("{\"head\"");
  refused(lines.substr(0, seal), "no seal line");
  wrong = lines;
  wrong.replace(wrong.find("\"0.07\""), 6, "\"0.06\"");  // still valid
  refused(wrong, "an entry edited into another valid one");
  wrong = lines;
  wrong[seal + 10] = wrong[seal + 10] == 'a' ? 'b' : 'a';
  refused(wrong, "an edited seal line");
  refused(lines.substr(seal) + lines, "a seal line before any entry");
  refused(lines + lines.substr(seal), "a seal line after a seal line");
  ASSERT_TRUE(BankInternals::ApplyEntryLines(second, lines).ok());
  EXPECT_EQ(second.ExportJournal(), first.ExportJournal());
  EXPECT_TRUE(second.Deposit(2, Amount::Minor(5), keyed)->replayed);
}

TEST(TypedApiParity, TransferManyRefusesABadStampForEveryTransfer) {
  Bank bank;
  ASSERT_TRUE(bank.Open(Spec(1, "A", "1.00")).ok());
  ASSERT_TRUE(bank.Open(Spec(2, "B")).ok());
  const std::string before = bank.ExportJournal();
  std::vector<int32_t> from{1, 1};
  std::vector<int32_t> to{2, 2};
  std::vector<int64_t> minor{1, 2};
  std::vector<uint8_t> codes(2);
  EXPECT_EQ(bank.TransferMany({from, to, minor}, -1, codes), 0u);
  EXPECT_EQ(codes[0], static_cast<uint8_t>(ErrorCode::kInvalidArgument));
  EXPECT_EQ(codes[1], static_cast<uint8_t>(ErrorCode::kInvalidArgument));
  EXPECT_EQ(bank.ExportJournal(), before);
}

}  // namespace
}  // namespace wasmbank
