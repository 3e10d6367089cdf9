// Balances in time: GetBalance(id, as_of) against the balances seen live
// after every entry, for accounts with many more entries than one block of
// the history index (a base balance every 16 entries of an account), with
// every kind of entry that moves money, before and after the index is built
// and across entries undone by a failed atomic batch.
#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <random>
#include <vector>

#include "api_test_support.h"
#include "wasmbank/bank.h"

namespace wasmbank {
namespace {

using api_test::Spec;

class BalanceAsOfTest : public ::testing::Test {
 protected:
  // The balance of every account right after each entry, as read live.
  void Record() {
    std::map<int32_t, int64_t> now;
    for (const AccountInfo& a : bank_.Accounts()) now[a.id] = a.balance;
    seen_.push_back(now);
  }

  void ExpectEverySeenBalance() {
    ASSERT_EQ(seen_.size(), bank_.entry_count());
    for (uint32_t n = 1; n <= seen_.size(); ++n) {
      for (int32_t id = 1; id <= 3; ++id) {
        Result<Balance> b = bank_.GetBalance(id, n);
        auto it = seen_[n - 1].find(id);
        if (it == seen_[n - 1].end()) {
          EXPECT_EQ(b.code(), ErrorCode::kAccountNotFound) << n;
          continue;
        }
        ASSERT_TRUE(b.ok()) << n << " " << b.message();
        EXPECT_EQ(b->minor, it->second) << "account " << id << " after " << n;
        EXPECT_EQ(b->as_of, n);
      }
    }
  }

  // Runs `op` and records the balances if it wrote an entry.
  template <typename Op>
  void Step(Op op) {
    const uint32_t before = bank_.entry_count();
    op();
    if (bank_.entry_count() > before) Record();
  }

  Bank bank_;
  std::vector<std::map<int32_t, int64_t>> seen_;
};

TEST_F(BalanceAsOfTest, EveryEntryOfEveryAccountThroughManyBlocks) {
  std::mt19937 random(7);
  auto pick = [&](int n) { return static_cast<int32_t>(random() % n); };
  Step([&] { bank_.Open(Spec(1, "Ann", "500.00")); });
  for (int round = 0; round < 400; ++round) {
    if (round == 20) Step([&] { bank_.Open(Spec(2, "Bo", "10.00")); });
    if (round == 60) Step([&] { bank_.Open(Spec(3, "Cy")); });
    // Halfway, read once so that the index is built and then grows.
    if (round == 200) {
      ASSERT_TRUE(bank_.GetBalance(1, 1).ok());
    }
    const int32_t a = 1 + pick(3);
    const int32_t b = 1 + (a % 3);
    const Amount amount = Amount::Minor(1 + pick(500));
    switch (pick(6)) {
      case 0:
        Step([&] { bank_.Deposit(a, amount); });
        break;
      case 1:
        Step([&] { bank_.Withdraw(a, amount); });
        break;
      case 2:
        Step([&] { bank_.Transfer(a, b, amount); });
        break;
      case 3: {
        Result<Receipt> hold = Status(ErrorCode::kInvalidArgument, "not yet");
        Step([&] { hold = bank_.Hold(a, b, amount); });
        if (hold.ok() && pick(2) == 0) {
          Step([&] { bank_.Capture(hold->hold, Amount::Minor(1)); });
        } else if (hold.ok()) {
          Step([&] { bank_.Release(hold->hold); });
        }
        break;
      }
      case 4:
        Step([&] { bank_.SetLimit(a, Amount::Minor(pick(1000))); });
        break;
      default: {
        // An atomic batch that fails after writing: its entries are undone.
        WriteBatch batch;
        batch.Deposit(a, amount);
        batch.Transfer(a, b, Amount::Minor(1));
        batch.Withdraw(a, Amount::Minor(INT64_MAX / 2));
        Step([&] { bank_.Write(batch); });
        break;
      }
    }
  }
  ASSERT_GT(bank_.entry_count(), 250u);
  ExpectEverySeenBalance();
  // And again once everything is indexed, after more entries.
  for (int i = 0; i < 40; ++i) {
    Step([&] { bank_.Transfer(1 + i % 3, 1 + (i + 1) % 3, Amount::Minor(1)); });
  }
  ExpectEverySeenBalance();
}

}  // namespace
}  // namespace wasmbank
