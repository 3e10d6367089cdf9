// The heap guard (core/src/memory_guard.h): with a stand-in heap that has no
// room, every call that writes is RESOURCE_EXHAUSTED before it changes
// anything (export and accounts byte-identical), every read still works,
// and with room again the bank carries on. Natively and in wasm alike: the
// stand-in replaces the real heap's figures, not the calls that read them.
#include "memory_guard.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "bank_internals.h"
#include "wasmbank/bank.h"
#include "wasmbank/scenario.h"

namespace wasmbank {
namespace {

using internal::BankInternals;

// The stand-in heap: `room_checks` more checks pass, then none.
size_t room_checks = 0;
HeapState FakeHeap() {
  if (room_checks == 0) {
    return HeapState{size_t{1} << 30, size_t{1} << 29, size_t{1} << 30};
  }
  --room_checks;
  return HeapState{0, 0, SIZE_MAX};
}

class MemoryGuardTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(bank_.ExecuteLine(
                  R"({"op":"open","id":1,"name":"Ann","balance":"100.00"})"),
              R"({"op":"open","ok":true,"entry":1,"id":1,"balance":"100.00"})");
    bank_.ExecuteLine(R"({"op":"open","id":2,"name":"Bo"})");
    journal_ = bank_.ExportJournal();
    accounts_ = bank_.AccountsJson();
    room_checks = 0;
    SetHeapProbeForTesting(&FakeHeap);
  }
  void TearDown() override { SetHeapProbeForTesting(nullptr); }

  // The call was refused with the guard's message and changed nothing.
  void ExpectRefused(const Status& status) {
    EXPECT_EQ(status.code(), ErrorCode::kResourceExhausted);
    EXPECT_NE(status.message().find("the bank's memory is full: 2 accounts, "
                                    "2 entries"),
              std::string::npos)
        << status.message();
    ExpectUnchanged();
  }
  void ExpectUnchanged() {
    EXPECT_EQ(bank_.ExportJournal(), journal_);
    EXPECT_EQ(bank_.AccountsJson(), accounts_);
  }

  Bank bank_;
  std::string journal_;
  std::string accounts_;
};

TEST_F(MemoryGuardTest, EveryTypedWriteIsRefusedAndChangesNothing) {
  AccountSpec spec;
  spec.id = 3;
  spec.name = "Cy";
  ExpectRefused(bank_.Open(spec).status());
  ExpectRefused(bank_.Deposit(1, Amount::Minor(5)).status());
  ExpectRefused(bank_.Withdraw(1, Amount::Minor(5)).status());
  ExpectRefused(bank_.Transfer(1, 2, Amount::Minor(5)).status());
  ExpectRefused(bank_.Close(2).status());
  WriteBatch batch;
  batch.Deposit(1, Amount::Minor(5));
  batch.Open(spec);
  ExpectRefused(bank_.Write(batch).status());
  ExpectRefused(bank_.Write(batch, /*atomic=*/false).status());
  ExpectRefused(bank_.ImportJournal(journal_));
  ExpectRefused(BankInternals::LoadStore(bank_, "").status());
  ExpectRefused(BankInternals::ApplyEntryLines(bank_, ""));
  ExpectRefused(BankInternals::LoadStoreTailFromCheckpoint(
                    bank_, BankInternals::MakeCheckpoint(bank_, 0), "")
                    .status());
}

TEST_F(MemoryGuardTest, ScenarioLinesThatWriteAreRefusedWithTheirOp) {
  EXPECT_EQ(bank_.ExecuteLine(R"({"op":"deposit","id":1,"amount":"1.00"})"),
            R"({"op":"deposit","ok":false,"error":"RESOURCE_EXHAUSTED"})");
  EXPECT_NE(bank_.last_error_message().find("memory is full"),
            std::string::npos);
  EXPECT_EQ(
      bank_.ExecuteLine(
          R"({"op":"batch","ops":[{"op":"deposit","id":1,"amount":"1.00"}]})"),
      R"({"op":"batch","ok":false,"error":"RESOURCE_EXHAUSTED"})");
  // A line too long to parse on the reserve is refused before it is read.
  const std::string long_line = R"({"op":"open","id":3,"name":"Cy","memo":")" +
                                std::string(70000, 'm') + R"("})";
  EXPECT_EQ(bank_.ExecuteLine(long_line),
            R"({"op":"","ok":false,"error":"RESOURCE_EXHAUSTED"})");
  // The scenario runner reports the same, line by line.
  EXPECT_EQ(
      RunScenario(bank_, "{\"op\":\"close\",\"id\":2}\n"),
      "{\"op\":\"close\",\"ok\":false,\"error\":\"RESOURCE_EXHAUSTED\"}\n");
  ExpectUnchanged();
}

TEST_F(MemoryGuardTest, ReadsKeepWorking) {
  ASSERT_TRUE(bank_.GetBalance(1).ok());
  EXPECT_EQ(bank_.GetBalance(1)->minor, 10000);
  EXPECT_EQ(bank_.Accounts().size(), 2u);
  EXPECT_TRUE(bank_.History(1).ok());
  EXPECT_TRUE(bank_.Verify().ok());
  EXPECT_EQ(
      bank_.ExecuteLine(R"({"op":"balance","id":1})"),
      R"({"op":"balance","ok":true,"id":1,"balance":"100.00","currency":"USD"})");
  ExpectUnchanged();
}

TEST_F(MemoryGuardTest, TransferManyStopsBetweenSlicesWhenTheHeapFills) {
  // 10,000 transfers of one cent: the first slice (4,096) has room, the
  // rest is refused untried.
  constexpr size_t kCount = 10000;
  std::vector<int32_t> from(kCount, 1), to(kCount, 2);
  std::vector<int64_t> cents(kCount, 1);
  std::vector<uint8_t> codes(kCount, 0xFF);
  room_checks = 1;
  const size_t applied = bank_.TransferMany({from, to, cents}, 0, codes);
  EXPECT_EQ(applied, 4096u);
  for (size_t i = 0; i < kCount; ++i) {
    ASSERT_EQ(
        codes[i],
        i < 4096 ? 0 : static_cast<uint8_t>(ErrorCode::kResourceExhausted))
        << i;
  }
  EXPECT_EQ(bank_.GetBalance(1)->minor, 10000 - 4096);
  EXPECT_EQ(bank_.entry_count(), 2u + 4096u);
}

TEST_F(MemoryGuardTest, WithRoomAgainTheBankCarriesOn) {
  ExpectRefused(bank_.Deposit(1, Amount::Minor(5)).status());
  SetHeapProbeForTesting(nullptr);
  Result<Receipt> deposit = bank_.Deposit(1, Amount::Minor(5));
  ASSERT_TRUE(deposit.ok()) << deposit.message();
  EXPECT_EQ(deposit->balance, 10005);
  EXPECT_TRUE(bank_.Verify().ok());
}

// The real heap: natively there is no ceiling, so the guard never refuses;
// in wasm the break is below the ceiling of a working instance.
TEST(MemoryGuard, TheRealHeapHasRoomForAnEmptyBank) {
  const HeapState heap = CurrentHeap();
  EXPECT_LT(heap.brk, heap.limit);
  EXPECT_LE(heap.in_use, heap.limit);
  Bank bank;
  AccountSpec spec;
  spec.id = 1;
  spec.name = "Ann";
  EXPECT_TRUE(bank.Open(spec).ok());
}

}  // namespace
}  // namespace wasmbank
