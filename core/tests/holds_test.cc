// Holds, limits and balances in time (SPEC 4b) on the typed API: hold,
// capture, release and set_limit with every error code in its slot of the
// documented order (each case breaks two rules and expects the earlier one)
// and failures that change nothing, idempotent replays, balance as_of and
// account at, expiry against the bank's time, holds in batches, in
// TransferMany's funds check and in close, and holds and limits kept by a
// file store through a checkpoint and a reopening.
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "api_test_support.h"
#include "bank_internals.h"
#include "wasmbank/bank.h"
#ifndef __EMSCRIPTEN__  // the file store is native only (core/CMakeLists.txt)
#include "store_test_support.h"
#include "wasmbank/file_store.h"
#endif

namespace wasmbank {
namespace {

using api_test::Key;
using api_test::Spec;

constexpr int64_t kLastAt = 8640000000000000;
constexpr int64_t kLastHold = 9007199254740992;  // 2^53

OpOptions At(int64_t at) {
  OpOptions options;
  options.at = at;
  return options;
}

OpOptions KeyAt(std::string key, int64_t at) {
  OpOptions options = Key(std::move(key));
  options.at = at;
  return options;
}

HoldOptions Expires(int64_t at) {
  HoldOptions hold;
  hold.expires_at = at;
  return hold;
}

Amount Dec(const char* text) { return Amount::Decimal(text); }

// `again` is a replay of `first`: the same receipt, marked replayed.
void ExpectReplayOf(const Receipt& first, const Result<Receipt>& again) {
  ASSERT_TRUE(again.ok()) << again.message();
  EXPECT_TRUE(again->replayed);
  EXPECT_FALSE(first.replayed);
  EXPECT_EQ(again->kind, first.kind);
  EXPECT_EQ(again->entry, first.entry);
  EXPECT_EQ(again->id, first.id);
  EXPECT_EQ(again->balance, first.balance);
  EXPECT_EQ(again->to_balance, first.to_balance);
  EXPECT_EQ(again->hold, first.hold);
  EXPECT_EQ(again->amount, first.amount);
  EXPECT_EQ(again->available, first.available);
  EXPECT_EQ(again->scale, first.scale);
}

void ExpectSameHolds(const std::vector<HoldInfo>& a,
                     const std::vector<HoldInfo>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].hold, b[i].hold);
    EXPECT_EQ(a[i].from, b[i].from);
    EXPECT_EQ(a[i].to, b[i].to);
    EXPECT_EQ(a[i].amount, b[i].amount);
    EXPECT_EQ(a[i].scale, b[i].scale);
    EXPECT_EQ(a[i].expires_at, b[i].expires_at);
    EXPECT_EQ(a[i].memo, b[i].memo);
    EXPECT_EQ(a[i].at, b[i].at);
  }
}

class HoldsTest : public ::testing::Test {
 protected:
  // 1 Alice USD 100.00 (overdraft 50.00), 2 Bob USD 10.00, 3 Carol EUR 5.00,
  // 4 Dan USD 0.00 closed: entries 1 to 5, the bank's time 0.
  void SetUp() override {
    AccountSpec alice = Spec(1, "Alice", "100.00");
    alice.overdraft_limit = Dec("50.00");
    ASSERT_TRUE(bank_.Open(alice).ok());
    ASSERT_TRUE(bank_.Open(Spec(2, "Bob", "10.00")).ok());
    ASSERT_TRUE(bank_.Open(Spec(3, "Carol", "5.00", "EUR")).ok());
    ASSERT_TRUE(bank_.Open(Spec(4, "Dan")).ok());
    ASSERT_TRUE(bank_.Close(4).ok());
  }

  // Places a hold and returns its number (0 if it failed).
  uint64_t Place(int32_t from, int32_t to, const char* amount,
                 std::optional<int64_t> expires_at = std::nullopt) {
    HoldOptions hold;
    hold.expires_at = expires_at;
    Result<Receipt> r = bank_.Hold(from, to, Dec(amount), hold);
    EXPECT_TRUE(r.ok()) << r.message();
    return r.ok() ? r->hold : 0;
  }

  // Holds by number: 6 pending (Alice to Bob 30.00, no expiry); 7 released
  // (and due at 50); 9 captured, 1.00 of 2.00 with key "c-1" (and due at
  // 50); 11 expired at 100, by entry 12. The bank's time is then 100.
  void PlaceHoldsInEveryState() {
    ASSERT_EQ(Place(1, 2, "30.00"), 6u);
    ASSERT_EQ(Place(1, 2, "5.00", 50), 7u);
    ASSERT_TRUE(bank_.Release(7).ok());  // 8
    ASSERT_EQ(Place(1, 2, "2.00", 50), 9u);
    ASSERT_TRUE(bank_.Capture(9, Dec("1.00"), Key("c-1")).ok());  // 10
    ASSERT_EQ(Place(1, 2, "5.00", 100), 11u);
    ASSERT_TRUE(bank_.Deposit(2, Amount::Minor(1), At(100)).ok());  // 12
    ASSERT_EQ(bank_.time(), 100);
  }

  // What a refused call must leave as it was: the journal, every account
  // (held and available as of the bank's time) and the bank's time.
  void Snapshot() {
    before_ = bank_.ExportJournal();
    accounts_before_ = bank_.AccountsJson();
    time_before_ = bank_.time();
  }

  void ExpectUnchanged() {
    EXPECT_EQ(bank_.ExportJournal(), before_);
    EXPECT_EQ(bank_.AccountsJson(), accounts_before_);
    EXPECT_EQ(bank_.time(), time_before_);
  }

  template <typename T>
  void Refused(const Result<T>& result, ErrorCode code) {
    api_test::ExpectRefused(bank_, result, code, before_);
    ExpectUnchanged();
  }

  int64_t Held(int32_t id) {
    Result<AccountInfo> account = bank_.GetAccount(id);
    EXPECT_TRUE(account.ok());
    EXPECT_EQ(account->available, account->balance - account->held);
    return account->held;
  }

  bool InJournal(const std::string& line) {
    return bank_.ExportJournal().find(line + "\n") != std::string::npos;
  }

  Bank bank_;
  std::string before_;
  std::string accounts_before_;
  int64_t time_before_ = 0;
};

// ---------------------------------------------------------------- the ops

TEST_F(HoldsTest, HoldReservesMoneyThatThenCannotLeave) {
  OpOptions memo;
  memo.memo = "card";
  Result<Receipt> r = bank_.Hold(1, 2, Dec("40"), Expires(1000), memo);
  ASSERT_TRUE(r.ok()) << r.message();
  EXPECT_EQ(r->kind, EntryKind::kHold);
  EXPECT_EQ(r->entry, 6u);
  EXPECT_EQ(r->hold, 6u);
  EXPECT_EQ(r->id, 1);
  EXPECT_EQ(r->balance, 10000);
  EXPECT_EQ(r->available, 6000);
  EXPECT_EQ(r->scale, 2);
  EXPECT_FALSE(r->replayed);
  EXPECT_TRUE(
      InJournal(R"({"entry":6,"kind":"hold","from":1,"to":2,"amount":"40.00",)"
                R"("expires_at":1000,"memo":"card","at":0})"));

  Result<AccountInfo> alice = bank_.GetAccount(1);
  ASSERT_TRUE(alice.ok());
  EXPECT_EQ(alice->balance, 10000);
  EXPECT_EQ(alice->held, 4000);
  EXPECT_EQ(alice->available, 6000);
  EXPECT_EQ(Held(2), 0);  // the destination holds nothing
  Result<std::vector<HoldInfo>> pending = bank_.PendingHolds(1);
  ASSERT_TRUE(pending.ok());
  ASSERT_EQ(pending->size(), 1u);
  const HoldInfo& hold = pending->front();
  EXPECT_EQ(hold.hold, 6u);
  EXPECT_EQ(hold.from, 1);
  EXPECT_EQ(hold.to, 2);
  EXPECT_EQ(hold.amount, 4000);
  EXPECT_EQ(hold.scale, 2);
  EXPECT_EQ(hold.expires_at, 1000);
  EXPECT_EQ(hold.memo, "card");
  EXPECT_EQ(hold.at, 0);
  // The destination's list names it too; Carol's is empty.
  ASSERT_EQ(bank_.PendingHolds(2)->size(), 1u);
  EXPECT_EQ(bank_.PendingHolds(2)->front().hold, 6u);
  EXPECT_TRUE(bank_.PendingHolds(3)->empty());
  EXPECT_EQ(bank_.PendingHolds(0).code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(bank_.PendingHolds(99).code(), ErrorCode::kAccountNotFound);
  EXPECT_EQ(bank_.PendingHolds(1, -1).code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(bank_.PendingHolds(99, -1).code(), ErrorCode::kInvalidArgument);

  // 60.00 available and an overdraft of 50.00: 110.00 may leave, no more.
  Snapshot();
  Refused(bank_.Withdraw(1, Dec("110.01")), ErrorCode::kInsufficientFunds);
  Refused(bank_.Transfer(1, 2, Dec("110.01")), ErrorCode::kInsufficientFunds);
  Refused(bank_.Hold(1, 2, Dec("110.01")), ErrorCode::kInsufficientFunds);
  EXPECT_EQ(Place(1, 2, "110.00"), 7u);
  EXPECT_EQ(Held(1), 15000);
  EXPECT_EQ(bank_.GetAccount(1)->available, -5000);
  // History lists the holds for both accounts.
  Result<std::vector<JournalEntry>> bob = bank_.History(2);
  ASSERT_TRUE(bob.ok());
  ASSERT_GE(bob->size(), 2u);
  EXPECT_EQ((*bob)[0].kind, EntryKind::kHold);
  EXPECT_EQ((*bob)[0].number, 7u);
  EXPECT_EQ((*bob)[1].number, 6u);
  EXPECT_EQ((*bob)[1].id, 1);
  EXPECT_EQ((*bob)[1].to, 2);
  EXPECT_EQ((*bob)[1].expires_at, 1000);
}

TEST_F(HoldsTest, HoldChecksInOrder) {
  ASSERT_TRUE(bank_.Hold(1, 2, Dec("1.00"), {}, Key("h-1")).ok());  // 6
  Snapshot();
  const Amount zero = Amount::Minor(0);
  // INVALID_ARGUMENT before idempotency: each with a key used by another
  // request.
  Refused(bank_.Hold(0, 2, zero, {}, Key("h-1")), ErrorCode::kInvalidArgument);
  Refused(bank_.Hold(1, -3, zero, {}, Key("h-1")), ErrorCode::kInvalidArgument);
  Refused(bank_.Hold(1, 2, Amount(), {}, Key("h-1")),
          ErrorCode::kInvalidArgument);
  for (int64_t bad : {int64_t{0}, int64_t{-1}, kLastAt + 1}) {
    Refused(bank_.Hold(1, 2, zero, Expires(bad), Key("h-1")),
            ErrorCode::kInvalidArgument);
  }
  for (int64_t bad : {int64_t{-1}, kLastAt + 1}) {
    Refused(bank_.Hold(1, 2, zero, {}, KeyAt("h-1", bad)),
            ErrorCode::kInvalidArgument);
  }
  Refused(bank_.Hold(2, 2, zero, {}, Key("no spaces")),
          ErrorCode::kInvalidArgument);
  OpOptions bad_memo;
  bad_memo.memo = std::string("a\x01", 2);
  Refused(bank_.Hold(2, 2, zero, {}, bad_memo), ErrorCode::kInvalidArgument);
  // Idempotency before SAME_ACCOUNT.
  Refused(bank_.Hold(2, 2, zero, {}, Key("h-1")),
          ErrorCode::kIdempotencyConflict);
  // SAME_ACCOUNT before ACCOUNT_NOT_FOUND.
  Refused(bank_.Hold(99, 99, zero), ErrorCode::kSameAccount);
  // ACCOUNT_NOT_FOUND, from then to, before ACCOUNT_CLOSED.
  Result<Receipt> missing_from = bank_.Hold(98, 4, zero);
  Refused(missing_from, ErrorCode::kAccountNotFound);
  EXPECT_NE(missing_from.message().find("98"), std::string::npos);
  Result<Receipt> missing_to = bank_.Hold(4, 99, zero);
  Refused(missing_to, ErrorCode::kAccountNotFound);
  EXPECT_NE(missing_to.message().find("99"), std::string::npos);
  // ACCOUNT_CLOSED, from then to, before CURRENCY_MISMATCH (Dan is USD,
  // Carol EUR).
  Result<Receipt> closed_from = bank_.Hold(4, 3, zero);
  Refused(closed_from, ErrorCode::kAccountClosed);
  EXPECT_NE(closed_from.message().find("Dan"), std::string::npos);
  Result<Receipt> closed_to = bank_.Hold(3, 4, zero);
  Refused(closed_to, ErrorCode::kAccountClosed);
  EXPECT_NE(closed_to.message().find("Dan"), std::string::npos);
  // CURRENCY_MISMATCH before INVALID_AMOUNT.
  Refused(bank_.Hold(1, 3, zero), ErrorCode::kCurrencyMismatch);
  // INVALID_AMOUNT before HOLD_EXPIRED (due at 5, asked at 5).
  for (const Amount& bad : {zero, Amount::Minor(-1), Dec("1.001"), Dec("1e2"),
                            Amount::Unreadable("a JSON number")}) {
    Refused(bank_.Hold(1, 2, bad, Expires(5), At(5)),
            ErrorCode::kInvalidAmount);
  }
  // HOLD_EXPIRED (expires_at <= now) before INSUFFICIENT_FUNDS.
  Refused(bank_.Hold(1, 2, Dec("1000.00"), Expires(5), At(5)),
          ErrorCode::kHoldExpired);
  Refused(bank_.Hold(1, 2, Dec("1000.00"), Expires(5), At(6)),
          ErrorCode::kHoldExpired);
  // Due at 5 and asked at 4 it is not expired: the funds step decides.
  Refused(bank_.Hold(1, 2, Dec("1000.00"), Expires(5), At(4)),
          ErrorCode::kInsufficientFunds);
  // Alice: 100.00 with 1.00 held and an overdraft of 50.00.
  Refused(bank_.Hold(1, 2, Dec("149.01")), ErrorCode::kInsufficientFunds);
  Result<Receipt> to_limit = bank_.Hold(1, 2, Dec("149.00"));
  ASSERT_TRUE(to_limit.ok()) << to_limit.message();
  EXPECT_EQ(to_limit->available, -5000);

  // INSUFFICIENT_FUNDS before OVERFLOW of what is held, and OVERFLOW: Bob
  // at the largest balance, all but 5 cents of it held, may go 1.00 below.
  ASSERT_TRUE(bank_.Deposit(2, Amount::Minor(INT64_MAX - 1000)).ok());
  ASSERT_TRUE(bank_.SetLimit(2, Dec("1.00")).ok());
  ASSERT_TRUE(bank_.Hold(2, 1, Amount::Minor(INT64_MAX - 5)).ok());
  Snapshot();
  Refused(bank_.Hold(2, 1, Amount::Minor(106)), ErrorCode::kInsufficientFunds);
  Result<Receipt> overflow = bank_.Hold(2, 1, Amount::Minor(10));
  Refused(overflow, ErrorCode::kOverflow);
  EXPECT_NE(overflow.message().find("held"), std::string::npos);
  EXPECT_TRUE(bank_.Hold(2, 1, Amount::Minor(5)).ok());
  EXPECT_EQ(Held(2), INT64_MAX);
}

TEST_F(HoldsTest, CaptureChecksInOrder) {
  PlaceHoldsInEveryState();
  Snapshot();
  // INVALID_ARGUMENT before idempotency ("c-1" captured hold 9).
  for (int64_t bad : {int64_t{0}, int64_t{-6}, kLastHold + 1}) {
    Refused(bank_.Capture(bad, {}, Key("c-1")), ErrorCode::kInvalidArgument);
  }
  Refused(bank_.Capture(99, {}, KeyAt("c-1", -1)), ErrorCode::kInvalidArgument);
  // Idempotency before HOLD_NOT_FOUND and HOLD_CLOSED.
  Refused(bank_.Capture(99, {}, Key("c-1")), ErrorCode::kIdempotencyConflict);
  Refused(bank_.Capture(6, Dec("1.00"), Key("c-1")),
          ErrorCode::kIdempotencyConflict);
  // HOLD_NOT_FOUND (no entry, or one that placed no hold) before
  // INVALID_AMOUNT.
  for (int64_t number : {int64_t{99}, int64_t{2}, int64_t{8}, kLastHold}) {
    Refused(bank_.Capture(number, Amount::Minor(0)), ErrorCode::kHoldNotFound);
  }
  // HOLD_CLOSED (released, captured) before HOLD_EXPIRED: both were due at
  // 50 and the bank's time is 100.
  Result<Receipt> released = bank_.Capture(7, Amount::Minor(0));
  Refused(released, ErrorCode::kHoldClosed);
  EXPECT_NE(released.message().find("released"), std::string::npos);
  Result<Receipt> captured = bank_.Capture(9, Amount::Minor(0));
  Refused(captured, ErrorCode::kHoldClosed);
  EXPECT_NE(captured.message().find("captured"), std::string::npos);
  // HOLD_EXPIRED before INVALID_AMOUNT.
  Refused(bank_.Capture(11, Amount::Minor(0)), ErrorCode::kHoldExpired);
  Refused(bank_.Capture(11, Dec("5.001")), ErrorCode::kHoldExpired);

  // INVALID_AMOUNT before OVERFLOW: Bob 10.00 short of the largest balance.
  ASSERT_TRUE(bank_
                  .Deposit(2, Amount::Minor(INT64_MAX - 1000 -
                                            bank_.GetBalance(2)->minor))
                  .ok());
  Snapshot();
  for (const Amount& bad :
       {Amount::Minor(0), Amount::Minor(-1), Dec("30.01"), Dec("10.001"),
        Amount::Unreadable("a JSON number")}) {
    Refused(bank_.Capture(6, bad), ErrorCode::kInvalidAmount);
  }
  // OVERFLOW of the destination's balance, for the whole hold or a part.
  Refused(bank_.Capture(6), ErrorCode::kOverflow);
  Refused(bank_.Capture(6, Dec("10.01")), ErrorCode::kOverflow);

  const int64_t alice = bank_.GetBalance(1)->minor;
  ASSERT_EQ(Held(1), 3000);
  Result<Receipt> c = bank_.Capture(6, Dec("10"));
  ASSERT_TRUE(c.ok()) << c.message();
  EXPECT_EQ(c->kind, EntryKind::kCapture);
  EXPECT_EQ(c->entry, 14u);
  EXPECT_EQ(c->hold, 6u);
  EXPECT_EQ(c->id, 1);
  EXPECT_EQ(c->amount, 1000);
  EXPECT_EQ(c->balance, alice - 1000);
  EXPECT_EQ(c->to_balance, INT64_MAX);
  EXPECT_EQ(c->scale, 2);
  EXPECT_TRUE(InJournal(R"({"entry":14,"kind":"capture","hold":6,)"
                        R"("amount":"10.00","at":0})"));
  // The rest of the hold is no longer held.
  EXPECT_EQ(Held(1), 0);
  EXPECT_TRUE(bank_.PendingHolds(1)->empty());
  Snapshot();
  Refused(bank_.Capture(6), ErrorCode::kHoldClosed);
  Refused(bank_.Release(6), ErrorCode::kHoldClosed);
}

TEST_F(HoldsTest, ReleaseChecksInOrder) {
  PlaceHoldsInEveryState();
  Snapshot();
  for (int64_t bad : {int64_t{0}, kLastHold + 1}) {
    Refused(bank_.Release(bad, Key("c-1")), ErrorCode::kInvalidArgument);
  }
  OpOptions bad_memo = Key("c-1");
  bad_memo.memo = std::string(141, 'm');
  Refused(bank_.Release(99, bad_memo), ErrorCode::kInvalidArgument);
  // Idempotency ("c-1" was a capture's key) before HOLD_NOT_FOUND and
  // HOLD_CLOSED.
  Refused(bank_.Release(99, Key("c-1")), ErrorCode::kIdempotencyConflict);
  Refused(bank_.Release(9, Key("c-1")), ErrorCode::kIdempotencyConflict);
  // HOLD_NOT_FOUND, HOLD_CLOSED (both due at 50 too), HOLD_EXPIRED.
  Refused(bank_.Release(99), ErrorCode::kHoldNotFound);
  Refused(bank_.Release(12), ErrorCode::kHoldNotFound);  // a deposit
  Refused(bank_.Release(7), ErrorCode::kHoldClosed);
  Refused(bank_.Release(9), ErrorCode::kHoldClosed);
  Refused(bank_.Release(11), ErrorCode::kHoldExpired);
  Refused(bank_.Release(11, At(0)), ErrorCode::kHoldExpired);

  const int64_t alice = bank_.GetBalance(1)->minor;
  OpOptions memo;
  memo.memo = "done";
  Result<Receipt> r = bank_.Release(6, memo);
  ASSERT_TRUE(r.ok()) << r.message();
  EXPECT_EQ(r->kind, EntryKind::kRelease);
  EXPECT_EQ(r->entry, 13u);
  EXPECT_EQ(r->hold, 6u);
  EXPECT_EQ(r->id, 1);
  EXPECT_EQ(r->balance, alice);
  EXPECT_EQ(r->available, alice);
  EXPECT_EQ(r->scale, 2);
  EXPECT_TRUE(InJournal(
      R"({"entry":13,"kind":"release","hold":6,"memo":"done","at":0})"));
  EXPECT_EQ(Held(1), 0);
  Snapshot();
  Refused(bank_.Release(6), ErrorCode::kHoldClosed);
  Refused(bank_.Capture(6), ErrorCode::kHoldClosed);
}

TEST_F(HoldsTest, SetLimitChecksInOrder) {
  ASSERT_TRUE(bank_.SetLimit(1, Dec("60.00"), Key("l-1")).ok());  // 6
  ASSERT_TRUE(bank_.Withdraw(1, Dec("130.00")).ok());             // 7: -30.00
  ASSERT_EQ(Place(1, 2, "10.00"), 8u);  // available -40.00
  Snapshot();
  Refused(bank_.SetLimit(0, Amount::Minor(-1), Key("l-1")),
          ErrorCode::kInvalidArgument);
  Refused(bank_.SetLimit(99, Amount(), Key("l-1")),
          ErrorCode::kInvalidArgument);
  Refused(bank_.SetLimit(99, Amount::Minor(-1), KeyAt("l-1", kLastAt + 1)),
          ErrorCode::kInvalidArgument);
  // Idempotency before ACCOUNT_NOT_FOUND.
  Refused(bank_.SetLimit(99, Amount::Minor(-1), Key("l-1")),
          ErrorCode::kIdempotencyConflict);
  Refused(bank_.SetLimit(1, Dec("60.01"), Key("l-1")),
          ErrorCode::kIdempotencyConflict);
  // ACCOUNT_NOT_FOUND before ACCOUNT_CLOSED before INVALID_AMOUNT.
  Refused(bank_.SetLimit(99, Amount::Minor(-1)), ErrorCode::kAccountNotFound);
  Refused(bank_.SetLimit(4, Amount::Minor(-1)), ErrorCode::kAccountClosed);
  // INVALID_AMOUNT (>= 0) before INSUFFICIENT_FUNDS (Alice is below 0).
  for (const Amount& bad : {Amount::Minor(-1), Dec("-1"), Dec("1.001"),
                            Amount::Unreadable("a JSON number")}) {
    Refused(bank_.SetLimit(1, bad), ErrorCode::kInvalidAmount);
  }
  // INSUFFICIENT_FUNDS: available -40.00 (-30.00, 10.00 of it held).
  Refused(bank_.SetLimit(1, Dec("39.99")), ErrorCode::kInsufficientFunds);
  Refused(bank_.SetLimit(1, Amount::Minor(0)), ErrorCode::kInsufficientFunds);

  Result<Receipt> r = bank_.SetLimit(1, Dec("40"));
  ASSERT_TRUE(r.ok()) << r.message();
  EXPECT_EQ(r->kind, EntryKind::kLimit);
  EXPECT_EQ(r->entry, 9u);
  EXPECT_EQ(r->id, 1);
  EXPECT_EQ(r->amount, 4000);
  EXPECT_EQ(r->balance, -3000);
  EXPECT_EQ(r->scale, 2);
  EXPECT_TRUE(InJournal(
      R"({"entry":9,"kind":"limit","id":1,"overdraft_limit":"40.00","at":0})"));
  // The open entry keeps the limit Alice was opened with.
  EXPECT_TRUE(bank_.ExportJournal().find(R"("overdraft_limit":"50.00","at":0})"
                                         "\n") != std::string::npos);
  Result<AccountInfo> alice = bank_.GetAccount(1);
  EXPECT_EQ(alice->overdraft_limit, 4000);
  EXPECT_EQ(alice->available, -4000);
  Result<std::vector<JournalEntry>> history = bank_.History(1);
  ASSERT_TRUE(history.ok());
  EXPECT_EQ(history->front().kind, EntryKind::kLimit);
  EXPECT_EQ(history->front().overdraft_limit, 4000);
  // At the limit: not a cent more leaves, by any op.
  Snapshot();
  Refused(bank_.Withdraw(1, Amount::Minor(1)), ErrorCode::kInsufficientFunds);
  Refused(bank_.Transfer(1, 2, Amount::Minor(1)),
          ErrorCode::kInsufficientFunds);
  Refused(bank_.Hold(1, 2, Amount::Minor(1)), ErrorCode::kInsufficientFunds);
  // Carol (EUR) at a limit of zero, in her own currency's scale.
  EXPECT_TRUE(bank_.SetLimit(3, Dec("0")).ok());
}

// ---------------------------------------------------------------- replays

TEST_F(HoldsTest, EachNewOpReplaysTheSameRequestAndRefusesAnother) {
  OpOptions auth = Key("h");
  auth.memo = "auth";
  Result<Receipt> hold = bank_.Hold(1, 2, Dec("30.00"), Expires(500), auth);
  ASSERT_TRUE(hold.ok());  // 6
  // Alice's balance and available move on: a replay still reports the
  // first result.
  ASSERT_TRUE(bank_.Deposit(1, Dec("5.00")).ok());  // 7
  Snapshot();
  OpOptions later = auth;
  later.at = 200;  // `at` is not part of the request, and a replay writes
                   // nothing, so the bank's time stays
  ExpectReplayOf(*hold,
                 bank_.Hold(1, 2, Amount::Minor(3000), Expires(500), later));
  EXPECT_EQ(bank_.ExportJournal(), before_);
  EXPECT_EQ(bank_.time(), 0);
  Refused(bank_.Hold(1, 2, Dec("30.00"), Expires(501), auth),
          ErrorCode::kIdempotencyConflict);
  Refused(bank_.Hold(1, 2, Dec("30.00"), {}, auth),
          ErrorCode::kIdempotencyConflict);
  Refused(bank_.Hold(1, 2, Dec("30.01"), Expires(500), auth),
          ErrorCode::kIdempotencyConflict);
  Refused(bank_.Hold(2, 1, Dec("30.00"), Expires(500), auth),
          ErrorCode::kIdempotencyConflict);
  Refused(bank_.Hold(1, 2, Dec("30.00"), Expires(500), Key("h")),
          ErrorCode::kIdempotencyConflict);  // another memo
  Refused(bank_.Deposit(1, Dec("30.00"), auth),
          ErrorCode::kIdempotencyConflict);

  // A capture without an amount is the same request as one for the whole
  // hold, either way round; a replay outranks HOLD_CLOSED.
  Result<Receipt> whole = bank_.Capture(6, {}, Key("c-whole"));  // 8
  ASSERT_TRUE(whole.ok());
  EXPECT_EQ(whole->amount, 3000);
  Snapshot();
  ExpectReplayOf(*whole, bank_.Capture(6, {}, Key("c-whole")));
  ExpectReplayOf(*whole, bank_.Capture(6, Dec("30"), Key("c-whole")));
  Refused(bank_.Capture(6, Dec("29.99"), Key("c-whole")),
          ErrorCode::kIdempotencyConflict);
  Refused(bank_.Capture(99, {}, Key("c-whole")),
          ErrorCode::kIdempotencyConflict);
  ASSERT_EQ(Place(1, 2, "10.00"), 9u);
  Result<Receipt> explicit_whole =
      bank_.Capture(9, Dec("10.00"), Key("c-explicit"));  // 10
  ASSERT_TRUE(explicit_whole.ok());
  ExpectReplayOf(*explicit_whole, bank_.Capture(9, {}, Key("c-explicit")));
  ASSERT_EQ(Place(1, 2, "10.00"), 11u);
  Result<Receipt> part = bank_.Capture(11, Dec("4.00"), Key("c-part"));  // 12
  ASSERT_TRUE(part.ok());
  Snapshot();
  ExpectReplayOf(*part, bank_.Capture(11, Amount::Minor(400), Key("c-part")));
  // The whole hold was 10.00, not the 4.00 captured.
  Refused(bank_.Capture(11, {}, Key("c-part")),
          ErrorCode::kIdempotencyConflict);

  ASSERT_EQ(Place(1, 2, "3.00"), 13u);
  ASSERT_EQ(Place(1, 2, "2.00"), 14u);  // still held: available != balance
  Result<Receipt> release = bank_.Release(13, Key("r"));  // 15
  ASSERT_TRUE(release.ok());
  EXPECT_EQ(release->available, release->balance - 200);
  ASSERT_TRUE(bank_.Withdraw(1, Dec("1.00")).ok());  // 16
  Snapshot();
  ExpectReplayOf(*release, bank_.Release(13, Key("r")));
  Refused(bank_.Release(11, Key("r")), ErrorCode::kIdempotencyConflict);
  Refused(bank_.Capture(13, {}, Key("r")), ErrorCode::kIdempotencyConflict);

  Result<Receipt> limit = bank_.SetLimit(1, Dec("20.00"), Key("l"));  // 17
  ASSERT_TRUE(limit.ok());
  Snapshot();
  ExpectReplayOf(*limit, bank_.SetLimit(1, Amount::Minor(2000), Key("l")));
  Refused(bank_.SetLimit(1, Dec("20.01"), Key("l")),
          ErrorCode::kIdempotencyConflict);
  Refused(bank_.SetLimit(2, Dec("20.00"), Key("l")),
          ErrorCode::kIdempotencyConflict);

  // A failed attempt does not use up its key.
  Refused(bank_.Hold(1, 2, Dec("100000.00"), {}, Key("fresh")),
          ErrorCode::kInsufficientFunds);
  Result<Receipt> fresh = bank_.Hold(1, 2, Dec("1.00"), {}, Key("fresh"));
  ASSERT_TRUE(fresh.ok());
  EXPECT_FALSE(fresh->replayed);

  // A bank replayed from the journal answers every retry the same way (a
  // capture's entry records the amount captured).
  Bank copy;
  ASSERT_TRUE(copy.ImportJournal(bank_.ExportJournal()).ok());
  ExpectReplayOf(*hold, copy.Hold(1, 2, Dec("30.00"), Expires(500), auth));
  ExpectReplayOf(*whole, copy.Capture(6, {}, Key("c-whole")));
  ExpectReplayOf(*whole, copy.Capture(6, Amount::Minor(3000), Key("c-whole")));
  ExpectReplayOf(*explicit_whole, copy.Capture(9, {}, Key("c-explicit")));
  ExpectReplayOf(*part, copy.Capture(11, Dec("4"), Key("c-part")));
  EXPECT_EQ(copy.Capture(11, {}, Key("c-part")).code(),
            ErrorCode::kIdempotencyConflict);
  ExpectReplayOf(*release, copy.Release(13, Key("r")));
  ExpectReplayOf(*limit, copy.SetLimit(1, Dec("20"), Key("l")));
}

// ---------------------------------------------------------------- in time

TEST_F(HoldsTest, BalanceAsOfIsTheBalanceRightAfterAnEntry) {
  // Every account's balance after each entry, as the live bank said it.
  std::map<uint32_t, std::map<int32_t, int64_t>> seen;
  auto record = [&] {
    for (const AccountInfo& a : bank_.Accounts()) {
      seen[bank_.entry_count()][a.id] = a.balance;
    }
  };
  record();  // after entry 5
  auto apply = [&](const Result<Receipt>& r) {
    ASSERT_TRUE(r.ok()) << r.message();
    ASSERT_EQ(r->entry, bank_.entry_count());
    record();
  };
  apply(bank_.Deposit(1, Dec("5.00")));               // 6
  apply(bank_.Hold(1, 2, Dec("20.00")));              // 7
  apply(bank_.Capture(7, Dec("15.00")));              // 8
  apply(bank_.Open(Spec(6, "Late", "3.00")));         // 9
  apply(bank_.Transfer(2, 6, Dec("1.00")));           // 10
  apply(bank_.Withdraw(1, Dec("2.00")));              // 11
  apply(bank_.SetLimit(1, Dec("0")));                 // 12
  apply(bank_.Hold(6, 1, Dec("4.00"), Expires(50)));  // 13
  apply(bank_.Release(13));                           // 14
  apply(bank_.Hold(2, 1, Dec("1.00")));               // 15
  apply(bank_.Capture(15));                           // 16
  apply(bank_.Deposit(3, Dec("1.00"), At(60)));       // 17
  apply(bank_.Hold(1, 2, Dec("7.00"), Expires(70)));  // 18
  apply(bank_.Deposit(2, Dec("1.00"), At(80)));       // 19: expires 18
  ASSERT_EQ(Held(1), 0);
  const std::string before = bank_.ExportJournal();

  // The ones read here by hand: a hold moves nothing, a capture does.
  EXPECT_EQ(bank_.GetBalance(1, 1)->minor, 10000);
  EXPECT_EQ(bank_.GetBalance(1, 7)->minor, 10500);
  EXPECT_EQ(bank_.GetBalance(1, 8)->minor, 9000);
  EXPECT_EQ(bank_.GetBalance(2, 8)->minor, 2500);
  EXPECT_EQ(bank_.GetBalance(2, 16)->minor, 2300);
  EXPECT_EQ(bank_.GetBalance(1, 16)->minor, 8900);
  EXPECT_EQ(bank_.GetBalance(6, 14)->minor, 400);
  for (uint32_t n = 1; n <= bank_.entry_count(); ++n) {
    for (int32_t id = 1; id <= 6; ++id) {
      Result<Balance> balance = bank_.GetBalance(id, n);
      if (n < 5) continue;  // `seen` starts at entry 5
      auto it = seen[n].find(id);
      if (it == seen[n].end()) {
        EXPECT_EQ(balance.code(), ErrorCode::kAccountNotFound)
            << "account " << id << " as of " << n;
        continue;
      }
      ASSERT_TRUE(balance.ok()) << balance.message();
      EXPECT_EQ(balance->minor, it->second)
          << "account " << id << " as of " << n;
      EXPECT_EQ(balance->as_of, n);
      EXPECT_EQ(balance->id, id);
    }
  }
  // Opened after it: ACCOUNT_NOT_FOUND; closed: its balance then.
  EXPECT_EQ(bank_.GetBalance(2, 1).code(), ErrorCode::kAccountNotFound);
  EXPECT_EQ(bank_.GetBalance(6, 8).code(), ErrorCode::kAccountNotFound);
  EXPECT_EQ(bank_.GetBalance(6, 9)->minor, 300);
  EXPECT_EQ(bank_.GetBalance(4, 4)->minor, 0);
  EXPECT_EQ(bank_.GetBalance(3, 3)->currency, "EUR");
  // as_of outside 1..entries: INVALID_ARGUMENT, before ACCOUNT_NOT_FOUND.
  for (int64_t bad : {int64_t{0}, int64_t{-1}, int64_t{20}, INT64_MAX}) {
    EXPECT_EQ(bank_.GetBalance(1, bad).code(), ErrorCode::kInvalidArgument)
        << bad;
    EXPECT_EQ(bank_.GetBalance(99, bad).code(), ErrorCode::kInvalidArgument)
        << bad;
  }
  EXPECT_EQ(bank_.GetBalance(0, 5).code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(bank_.GetBalance(99, 5).code(), ErrorCode::kAccountNotFound);
  Result<Balance> now = bank_.GetBalance(1);
  ASSERT_TRUE(now.ok());
  EXPECT_FALSE(now->as_of.has_value());
  EXPECT_EQ(now->minor, bank_.GetBalance(1, 19)->minor);
  // The JSON op says the same.
  EXPECT_EQ(bank_.ExecuteLine(R"({"op":"balance","id":1,"as_of":8})"),
            R"({"op":"balance","ok":true,"id":1,"balance":"90.00",)"
            R"("currency":"USD","as_of":8})");
  EXPECT_EQ(bank_.ExportJournal(), before);
  // A replayed bank answers the same.
  Bank copy;
  ASSERT_TRUE(copy.ImportJournal(before).ok());
  for (uint32_t n = 5; n <= copy.entry_count(); ++n) {
    EXPECT_EQ(copy.GetBalance(1, n)->minor, seen[n][1]) << n;
  }
}

TEST_F(HoldsTest, AccountAtLooksAheadWithoutMovingTheBanksTime) {
  ASSERT_TRUE(bank_.Hold(1, 2, Dec("40.00"), Expires(1000), At(10)).ok());
  ASSERT_EQ(bank_.time(), 10);
  const std::string before = bank_.ExportJournal();
  Result<AccountInfo> soon = bank_.GetAccount(1, 999);
  ASSERT_TRUE(soon.ok());
  EXPECT_EQ(soon->held, 4000);
  EXPECT_EQ(soon->available, 6000);
  Result<AccountInfo> due = bank_.GetAccount(1, 1000);
  ASSERT_TRUE(due.ok());
  EXPECT_EQ(due->balance, 10000);
  EXPECT_EQ(due->held, 0);
  EXPECT_EQ(due->available, 10000);
  EXPECT_EQ(bank_.time(), 10);
  EXPECT_TRUE(bank_.PendingHolds(1, 1000)->empty());
  EXPECT_TRUE(bank_.PendingHolds(2, 5000)->empty());
  EXPECT_EQ(bank_.Accounts(1000).front().held, 0);
  EXPECT_NE(bank_.AccountsJson(1000).find(
                R"("balance":"100.00","held":"0.00","available":"100.00")"),
            std::string::npos);
  // A later query at 0 runs at the bank's time: the hold is pending again.
  Result<AccountInfo> again = bank_.GetAccount(1);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->held, 4000);
  EXPECT_EQ(again->available, 6000);
  EXPECT_EQ(bank_.PendingHolds(1)->size(), 1u);
  EXPECT_EQ(bank_.GetAccount(1, 5)->held, 4000);  // before the bank's time
  EXPECT_EQ(bank_.Accounts().front().held, 4000);
  EXPECT_EQ(bank_.ExportJournal(), before);
  EXPECT_EQ(bank_.time(), 10);
  // Ops after a look ahead see the hold pending, and capture it.
  ASSERT_EQ(bank_.GetAccount(1, 5000)->held, 0);
  EXPECT_EQ(bank_.Withdraw(1, Dec("110.01")).code(),
            ErrorCode::kInsufficientFunds);
  ASSERT_EQ(bank_.GetAccount(1, 5000)->held, 0);
  Result<Receipt> c = bank_.Capture(6);
  ASSERT_TRUE(c.ok()) << c.message();
  EXPECT_EQ(c->amount, 4000);
  // `at` out of range: INVALID_ARGUMENT, before ACCOUNT_NOT_FOUND (as the
  // JSON op has it).
  for (int64_t bad : {int64_t{-1}, kLastAt + 1}) {
    EXPECT_EQ(bank_.GetAccount(1, bad).code(), ErrorCode::kInvalidArgument);
    EXPECT_EQ(bank_.GetAccount(99, bad).code(), ErrorCode::kInvalidArgument);
  }
  EXPECT_EQ(bank_.ExecuteLine(R"({"op":"account","id":99,"at":-1})"),
            R"({"op":"account","ok":false,"error":"INVALID_ARGUMENT"})");
  EXPECT_EQ(bank_.GetAccount(99, 5).code(), ErrorCode::kAccountNotFound);
  EXPECT_EQ(bank_.GetAccount(1, kLastAt)->held, 0);
}

TEST_F(HoldsTest, AHoldExpiresOnceAnEntryMovesTheBanksTimePastIt) {
  ASSERT_EQ(Place(1, 2, "40.00", 100), 6u);
  // 60.00 available and 50.00 of overdraft: 140.00 cannot leave yet.
  EXPECT_EQ(bank_.Withdraw(1, Dec("140.00")).code(),
            ErrorCode::kInsufficientFunds);
  ASSERT_TRUE(bank_.Deposit(2, Amount::Minor(1), KeyAt("d", 50)).ok());  // 7
  ASSERT_EQ(bank_.time(), 50);
  ASSERT_EQ(Held(1), 4000);
  // Failed ops, a refused batch, TransferMany's refusals, a replay and
  // queries at later times expire nothing for good.
  Snapshot();
  Refused(bank_.Withdraw(1, Dec("1000.00"), At(200)),
          ErrorCode::kInsufficientFunds);
  Refused(bank_.Deposit(99, Amount::Minor(1), At(300)),
          ErrorCode::kAccountNotFound);
  Refused(bank_.Transfer(1, 3, Amount::Minor(1), At(400)),
          ErrorCode::kCurrencyMismatch);
  Refused(bank_.Close(1, At(500)), ErrorCode::kAccountNotEmpty);
  WriteBatch batch;
  batch.Withdraw(1, Dec("140.00"), At(600));  // applies: the hold expired
  batch.Deposit(99, Amount::Minor(1), At(600));
  Result<BatchReport> report = bank_.Write(batch);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->results[0].code(), ErrorCode::kLinkedFailed);
  EXPECT_EQ(report->results[1].code(), ErrorCode::kAccountNotFound);
  std::vector<int32_t> from{1, 1};
  std::vector<int32_t> to{3, 99};
  std::vector<int64_t> minor{1, 1};
  std::vector<uint8_t> codes(2);
  EXPECT_EQ(bank_.TransferMany({from, to, minor}, 700, codes), 0u);
  Result<Receipt> replay = bank_.Deposit(2, Amount::Minor(1), KeyAt("d", 800));
  ASSERT_TRUE(replay.ok());
  EXPECT_TRUE(replay->replayed);
  EXPECT_EQ(bank_.GetAccount(1, 900)->held, 0);
  ExpectUnchanged();
  EXPECT_EQ(Held(1), 4000);
  EXPECT_EQ(bank_.PendingHolds(1)->size(), 1u);

  // The entry that moves the time past it expires it: the withdrawal that
  // needed its money applies.
  Result<Receipt> w = bank_.Withdraw(1, Dec("140.00"), At(150));  // 8
  ASSERT_TRUE(w.ok()) << w.message();
  EXPECT_EQ(w->balance, -4000);
  EXPECT_EQ(bank_.time(), 150);
  EXPECT_EQ(Held(1), 0);
  EXPECT_TRUE(bank_.PendingHolds(1)->empty());
  EXPECT_TRUE(bank_.PendingHolds(2)->empty());
  Snapshot();
  Result<Receipt> late = bank_.Capture(6);
  Refused(late, ErrorCode::kHoldExpired);
  EXPECT_NE(late.message().find("100"), std::string::npos);
  Refused(bank_.Release(6), ErrorCode::kHoldExpired);
  // An op with an older clock runs at the bank's time: the entry keeps its
  // own `at`, the time stays, the hold stays expired.
  ASSERT_TRUE(bank_.Deposit(1, Dec("40.00"), At(10)).ok());  // 9
  EXPECT_TRUE(InJournal(R"({"entry":9,"kind":"deposit","id":1,)"
                        R"("amount":"40.00","at":10})"));
  EXPECT_EQ(bank_.time(), 150);
  EXPECT_EQ(Held(1), 0);
  Snapshot();
  Refused(bank_.Hold(1, 2, Amount::Minor(1), Expires(150), At(0)),
          ErrorCode::kHoldExpired);
  // Due exactly when the time gets there, not a millisecond before.
  ASSERT_EQ(Place(1, 2, "1.00", 200), 10u);
  ASSERT_TRUE(bank_.Deposit(2, Amount::Minor(1), At(199)).ok());  // 11
  EXPECT_EQ(Held(1), 100);
  ASSERT_TRUE(bank_.Deposit(2, Amount::Minor(1), At(200)).ok());  // 12
  EXPECT_EQ(Held(1), 0);
  // The journal replays to the same holds.
  Bank copy;
  ASSERT_TRUE(copy.ImportJournal(bank_.ExportJournal()).ok());
  EXPECT_EQ(copy.AccountsJson(), bank_.AccountsJson());
  EXPECT_EQ(copy.time(), 200);
  EXPECT_EQ(copy.Capture(10).code(), ErrorCode::kHoldExpired);
}

// ---------------------------------------------------------------- others

TEST_F(HoldsTest, AnAtomicBatchPlacesAndCapturesAHoldTogether) {
  const uint32_t next = bank_.entry_count() + 1;
  WriteBatch batch;
  batch.Hold(1, 2, Dec("20.00"));
  batch.Capture(next, Dec("15.00"));
  Result<BatchReport> report = bank_.Write(batch);
  ASSERT_TRUE(report.ok());
  ASSERT_TRUE(report->ok);
  ASSERT_EQ(report->results.size(), 2u);
  const Result<Receipt>& hold = report->results[0];
  const Result<Receipt>& capture = report->results[1];
  ASSERT_TRUE(hold.ok() && capture.ok());
  EXPECT_EQ(hold->entry, next);
  EXPECT_EQ(hold->hold, next);
  EXPECT_EQ(hold->available, 8000);
  EXPECT_EQ(capture->kind, EntryKind::kCapture);
  EXPECT_EQ(capture->entry, next + 1);
  EXPECT_EQ(capture->hold, next);
  EXPECT_EQ(capture->amount, 1500);
  EXPECT_EQ(capture->balance, 8500);
  EXPECT_EQ(capture->to_balance, 2500);
  EXPECT_EQ(Held(1), 0);
  EXPECT_TRUE(bank_.PendingHolds(2)->empty());
  EXPECT_TRUE(InJournal(R"({"entry":7,"kind":"capture","hold":6,)"
                        R"("amount":"15.00","at":0})"));
}

TEST_F(HoldsTest, AFailedAtomicBatchLeavesNoHoldNoKeyAndNoTime) {
  ASSERT_EQ(Place(1, 2, "30.00", 500), 6u);
  ASSERT_EQ(Place(1, 2, "10.00"), 7u);
  Snapshot();
  const std::vector<HoldInfo> pending = *bank_.PendingHolds(1);
  ASSERT_EQ(pending.size(), 2u);
  WriteBatch batch;
  batch.Release(7, Key("b-release"));                      // 8
  batch.Hold(1, 2, Dec("20.00"), {}, Key("b-hold"));       // 9
  batch.Deposit(2, Dec("1.00"), KeyAt("b-deposit", 600));  // 10: expires 6
  batch.Capture(9, Dec("20.01"), Key("b-capture"));        // more than held
  Result<BatchReport> report = bank_.Write(batch);
  ASSERT_TRUE(report.ok());
  EXPECT_FALSE(report->ok);
  ASSERT_EQ(report->results.size(), 4u);
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(report->results[i].code(), ErrorCode::kLinkedFailed) << i;
  }
  Refused(report->results[3], ErrorCode::kInvalidAmount);
  EXPECT_EQ(bank_.entry_count(), 7u);
  EXPECT_EQ(Held(1), 4000);
  ExpectSameHolds(*bank_.PendingHolds(1), pending);
  // No key was used up: each applies anew.
  Result<Receipt> hold = bank_.Hold(1, 2, Dec("20.00"), {}, Key("b-hold"));
  ASSERT_TRUE(hold.ok());
  EXPECT_FALSE(hold->replayed);
  EXPECT_EQ(hold->entry, 8u);
  for (const Result<Receipt>& r :
       {bank_.Release(7, Key("b-release")),
        bank_.Capture(8, Dec("20.00"), Key("b-capture")),
        bank_.Deposit(2, Dec("1.00"), KeyAt("b-deposit", 600))}) {
    ASSERT_TRUE(r.ok()) << r.message();
    EXPECT_FALSE(r->replayed);
  }
  // The deposit at 600 expired hold 6 for good.
  EXPECT_EQ(Held(1), 0);
  EXPECT_EQ(bank_.Capture(6).code(), ErrorCode::kHoldExpired);
}

// Holds are found by number in O(1) (Ledger's runs of 64 entry numbers):
// holds spread over many runs, some runs with none and some with many, a
// failed atomic batch that placed holds into new runs, then every number is
// looked up: each hold is found, and nothing else is a hold.
TEST_F(HoldsTest, EveryHoldIsFoundByNumberAcrossRunsAndAfterAnUndo) {
  ASSERT_TRUE(bank_.Deposit(1, Dec("1000000.00")).ok());
  std::vector<uint32_t> holds;
  for (int i = 0; i < 300; ++i) {
    // Long stretches of deposits between some holds, none between others.
    const int gap = i % 7 == 0 ? 150 : i % 3;
    for (int d = 0; d < gap; ++d) {
      ASSERT_TRUE(bank_.Deposit(2, Dec("0.01")).ok());
    }
    holds.push_back(static_cast<uint32_t>(Place(1, 2, "1.00")));
  }
  WriteBatch batch;
  for (int i = 0; i < 200; ++i) batch.Hold(1, 2, Dec("1.00"));
  batch.Capture(1, Dec("1.00"));  // entry 1 is an open: HOLD_NOT_FOUND
  Result<BatchReport> report = bank_.Write(batch);
  ASSERT_TRUE(report.ok());
  ASSERT_FALSE(report->ok);
  const uint32_t last = bank_.entry_count();
  size_t next = 0;
  for (uint32_t n = 1; n <= last + 300; ++n) {
    const bool is_hold = next < holds.size() && holds[next] == n;
    // A capture of more than the hold holds: found, it is refused with
    // INVALID_AMOUNT and changes nothing.
    Result<Receipt> r = bank_.Capture(n, Dec("1.01"));
    EXPECT_EQ(r.code(),
              is_hold ? ErrorCode::kInvalidAmount : ErrorCode::kHoldNotFound)
        << n;
    if (is_hold) ++next;
  }
  EXPECT_EQ(next, holds.size());
  EXPECT_EQ(bank_.entry_count(), last);
  // A hold placed after the undo, two runs on, where the undone ones were.
  for (int d = 0; d < 130; ++d) {
    ASSERT_TRUE(bank_.Deposit(2, Dec("0.01")).ok());
  }
  const uint64_t again = Place(1, 2, "2.00");
  EXPECT_EQ(again, last + 131);
  ASSERT_TRUE(bank_.Capture(again).ok());
  ASSERT_TRUE(bank_.Release(holds.front()).ok());
  EXPECT_EQ(bank_.Capture(holds.front()).code(), ErrorCode::kHoldClosed);
}

TEST_F(HoldsTest, APendingHoldKeepsBothAccountsOpen) {
  AccountSpec payer = Spec(6, "Payer");
  payer.overdraft_limit = Dec("10.00");
  ASSERT_TRUE(bank_.Open(payer).ok());             // 6
  ASSERT_TRUE(bank_.Open(Spec(7, "Payee")).ok());  // 7
  AccountSpec brief = Spec(8, "Brief");
  brief.overdraft_limit = Dec("1.00");
  ASSERT_TRUE(bank_.Open(brief).ok());       // 8
  ASSERT_EQ(Place(6, 1, "5.00"), 9u);        // Payer (at 0.00): the source
  ASSERT_EQ(Place(1, 7, "5.00"), 10u);       // Payee (at 0.00): the destination
  ASSERT_EQ(Place(8, 1, "1.00", 100), 11u);  // Brief's, due at 100
  Snapshot();
  Result<Receipt> source = bank_.Close(6);
  Refused(source, ErrorCode::kAccountNotEmpty);
  EXPECT_NE(source.message().find("hold"), std::string::npos);
  Refused(bank_.Close(7), ErrorCode::kAccountNotEmpty);
  // Nor does a look ahead past a hold's expiry let its account close.
  ASSERT_EQ(bank_.GetAccount(8, 100)->held, 0);
  Refused(bank_.Close(8), ErrorCode::kAccountNotEmpty);
  ASSERT_TRUE(bank_.Release(9).ok());
  EXPECT_TRUE(bank_.Close(6).ok());
  EXPECT_EQ(bank_.Close(7).code(), ErrorCode::kAccountNotEmpty);
  ASSERT_TRUE(bank_.Release(10).ok());
  EXPECT_TRUE(bank_.Close(7).ok());
  // A closed account can be named by no new hold.
  EXPECT_EQ(bank_.Hold(6, 1, Amount::Minor(1)).code(),
            ErrorCode::kAccountClosed);
  EXPECT_EQ(bank_.Hold(1, 7, Amount::Minor(1)).code(),
            ErrorCode::kAccountClosed);
  // An expired hold keeps nothing open: Brief closes once an entry moves
  // the time past it.
  ASSERT_TRUE(bank_.Deposit(1, Amount::Minor(1), At(100)).ok());
  EXPECT_TRUE(bank_.Close(8).ok());
}

TEST_F(HoldsTest, TransferManyCountsHeldMoneyAsGone) {
  // Alice: 100.00, overdraft 50.00, 120.00 held: 30.00 more may leave.
  ASSERT_EQ(Place(1, 2, "120.00"), 6u);
  Bank one_by_one;
  ASSERT_TRUE(one_by_one.ImportJournal(bank_.ExportJournal()).ok());
  std::vector<int32_t> from{1, 1, 1, 2, 1};
  std::vector<int32_t> to{2, 2, 2, 1, 2};
  std::vector<int64_t> minor{3001, 3000, 1, 500, 500};
  std::vector<uint8_t> codes(from.size(), 255);
  EXPECT_EQ(bank_.TransferMany({from, to, minor}, 0, codes), 3u);
  const std::vector<ErrorCode> expected = {
      ErrorCode::kInsufficientFunds, ErrorCode::kOk,
      ErrorCode::kInsufficientFunds, ErrorCode::kOk, ErrorCode::kOk};
  for (size_t i = 0; i < from.size(); ++i) {
    EXPECT_EQ(ErrorCodeName(static_cast<ErrorCode>(codes[i])),
              ErrorCodeName(expected[i]))
        << i;
    EXPECT_EQ(
        one_by_one.Transfer(from[i], to[i], Amount::Minor(minor[i])).code(),
        expected[i])
        << i;
  }
  Result<AccountInfo> alice = bank_.GetAccount(1);
  EXPECT_EQ(alice->balance, 7000);
  EXPECT_EQ(alice->held, 12000);
  EXPECT_EQ(alice->available, -5000);
  EXPECT_EQ(bank_.ExportJournal(), one_by_one.ExportJournal());
}

// ---------------------------------------------------------------- stores
#ifndef __EMSCRIPTEN__

class HoldsStoreTest : public store_test::StoreDirTest {
 protected:
  HoldsStoreTest() : StoreDirTest("wasmbank-holds-") {}
};

// What a reopened bank must give back.
struct Seen {
  std::string exported;
  std::string accounts_json;
  std::vector<AccountInfo> accounts;
  std::map<int32_t, std::vector<HoldInfo>> pending;
  int64_t time = 0;
};

Seen Look(Bank& bank) {
  Seen seen;
  seen.exported = bank.ExportJournal();
  seen.accounts_json = bank.AccountsJson();
  seen.accounts = bank.Accounts();
  for (const AccountInfo& a : seen.accounts) {
    seen.pending[a.id] = *bank.PendingHolds(a.id);
  }
  seen.time = bank.time();
  return seen;
}

void ExpectSame(const Seen& a, const Seen& b) {
  EXPECT_EQ(a.exported, b.exported);
  EXPECT_EQ(a.accounts_json, b.accounts_json);
  ASSERT_EQ(a.accounts.size(), b.accounts.size());
  for (size_t i = 0; i < a.accounts.size(); ++i) {
    EXPECT_EQ(a.accounts[i].id, b.accounts[i].id);
    EXPECT_EQ(a.accounts[i].balance, b.accounts[i].balance);
    EXPECT_EQ(a.accounts[i].held, b.accounts[i].held) << a.accounts[i].id;
    EXPECT_EQ(a.accounts[i].available, b.accounts[i].available);
    EXPECT_EQ(a.accounts[i].overdraft_limit, b.accounts[i].overdraft_limit);
    EXPECT_EQ(a.accounts[i].closed, b.accounts[i].closed);
  }
  ASSERT_EQ(a.pending.size(), b.pending.size());
  for (const auto& [id, holds] : a.pending) {
    ASSERT_TRUE(b.pending.count(id));
    ExpectSameHolds(holds, b.pending.at(id));
  }
  EXPECT_EQ(a.time, b.time);
}

TEST_F(HoldsStoreTest, HoldsAndLimitsSurviveACheckpointAndAReopening) {
  FileStoreOptions every5;
  every5.checkpoint_every = 5;
  OpOptions pending_key = Key("hold-pending");
  pending_key.memo = "pending";
  Seen written;
  {
    Bank bank;
    auto store = FileStore::Open(path_, &bank, every5);
    ASSERT_TRUE(store.ok()) << store.message();
    AccountSpec alice = Spec(1, "Alice", "1000.00");
    alice.overdraft_limit = Dec("100.00");
    for (const Result<Receipt>& r : {
             bank.Open(alice),                              // 1
             bank.Open(Spec(2, "Bob")),                     // 2
             bank.Open(Spec(3, "Carol", "50.00")),          // 3
             bank.Open(Spec(4, "Dora")),                    // 4
             bank.Hold(1, 4, Dec("3.00"), Expires(10000)),  // 5
             bank.Hold(1, 2, Dec("50.00"), Expires(1000000),
                       pending_key),                                // 6
             bank.Hold(1, 3, Dec("20.00")),                         // 7
             bank.Capture(7, Dec("5.00"), Key("cap")),              // 8
             bank.Hold(3, 1, Dec("10.00")),                         // 9
             bank.Release(9),                                       // 10
             bank.Hold(1, 3, Dec("7.00"), Expires(100)),            // 11
             bank.Deposit(2, Dec("1.00"), At(200)),                 // 12
             bank.SetLimit(1, Dec("250.00"), Key("lim")),           // 13
             bank.SetLimit(2, Dec("10.00")),                        // 14
             bank.Hold(2, 1, Dec("5.00")),                          // 15
             bank.Hold(3, 1, Dec("1.00"), Expires(5000), At(300)),  // 16
             bank.SetLimit(3, Dec("1.00")),                         // 17
         }) {
      ASSERT_TRUE(r.ok()) << r.message();
    }
    written = Look(bank);
  }
  ASSERT_EQ(written.pending[1].size(), 4u);  // 5, 6, 15, 16
  // The checkpoint holds every state of hold (the expiry is entry 12) and
  // entries follow it, replayed on opening.
  const uint32_t checkpointed = internal::BankInternals::CheckpointEntries(
      store_test::ReadFile(path_ + ".checkpoint"));
  EXPECT_GE(checkpointed, 12u);
  EXPECT_LT(checkpointed, 17u);

  Seen after;
  {
    Bank bank;
    std::vector<std::string> notes;
    FileStoreOptions options;
    options.checkpoint_every = 1000;
    options.note = [&](std::string_view note) { notes.emplace_back(note); };
    auto store = FileStore::Open(path_, &bank, options);
    ASSERT_TRUE(store.ok()) << store.message();
    EXPECT_TRUE(notes.empty()) << notes.front();  // the checkpoint was used
    ExpectSame(written, Look(bank));
    ASSERT_TRUE(bank.Verify().ok());
    // Keys come back: retries replay.
    EXPECT_TRUE(
        bank.Hold(1, 2, Dec("50.00"), Expires(1000000), pending_key)->replayed);
    EXPECT_TRUE(bank.Capture(7, Dec("5"), Key("cap"))->replayed);
    EXPECT_TRUE(bank.SetLimit(1, Dec("250"), Key("lim"))->replayed);
    // Each hold is in the state it was.
    EXPECT_EQ(bank.Capture(7).code(), ErrorCode::kHoldClosed);
    EXPECT_EQ(bank.Release(9).code(), ErrorCode::kHoldClosed);
    EXPECT_EQ(bank.Capture(11).code(), ErrorCode::kHoldExpired);
    EXPECT_EQ(bank.Close(4).code(), ErrorCode::kAccountNotEmpty);
    // A pending hold from before the checkpoint captures ...
    const int64_t alice = bank.GetBalance(1)->minor;
    const int64_t held = bank.GetAccount(1)->held;
    Result<Receipt> c = bank.Capture(6, Dec("20.00"));  // 18
    ASSERT_TRUE(c.ok()) << c.message();
    EXPECT_EQ(c->entry, 18u);
    EXPECT_EQ(c->balance, alice - 2000);
    EXPECT_EQ(bank.GetAccount(1)->held, held - 5000);
    EXPECT_EQ(c->to_balance, bank.GetBalance(2)->minor);
    // ... and holds from after it and from before it expire when the time
    // passes them.
    EXPECT_EQ(bank.GetAccount(3)->held, 100);
    ASSERT_TRUE(bank.Deposit(1, Amount::Minor(1), At(5000)).ok());  // 19
    EXPECT_EQ(bank.GetAccount(3)->held, 0);
    EXPECT_EQ(bank.Capture(16).code(), ErrorCode::kHoldExpired);
    EXPECT_EQ(bank.Close(4).code(), ErrorCode::kAccountNotEmpty);
    const int64_t held_before = bank.GetAccount(1)->held;
    ASSERT_TRUE(bank.Deposit(1, Amount::Minor(1), At(10000)).ok());  // 20
    EXPECT_EQ(bank.GetAccount(1)->held, held_before - 300);
    EXPECT_EQ(bank.Release(5).code(), ErrorCode::kHoldExpired);
    EXPECT_TRUE(bank.Close(4).ok());  // 21
    after = Look(bank);
  }
  // Opened again (the same checkpoint, more entries after it), with no
  // checkpoint (a full replay), and imported from the export: the same bank.
  {
    Bank bank;
    ASSERT_TRUE(FileStore::Open(path_, &bank).ok());
    ExpectSame(after, Look(bank));
  }
  std::filesystem::remove(path_ + ".checkpoint");
  {
    Bank bank;
    ASSERT_TRUE(FileStore::Open(path_, &bank).ok());
    ExpectSame(after, Look(bank));
  }
  Bank imported;
  ASSERT_TRUE(imported.ImportJournal(after.exported).ok());
  ExpectSame(after, Look(imported));
}

#endif  // __EMSCRIPTEN__

}  // namespace
}  // namespace wasmbank
