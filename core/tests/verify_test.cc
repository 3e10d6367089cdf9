// verify (VerifyLedger) replays the binary entries through the ops rather
// than reading rendered lines back. A ledger loaded from a checkpoint is
// trusted state (its checksum seals it, no replay checks it), so a
// checkpoint with any byte changed and sealed again is the way to give
// verify a ledger whose state its journal may not explain: whatever an
// import of the ledger's own export finds (that is what verify did before:
// render every line, replay it under the import rules, compare the head
// and the accounts), verify must find too.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "journal_io.h"
#include "ledger.h"
#include "ops.h"
#include "wasmbank/sha256.h"

namespace wasmbank {
namespace {

OpOptions At(int64_t at, std::string memo = "", std::string key = "") {
  OpOptions options;
  options.at = at;
  options.memo = std::move(memo);
  if (!key.empty()) options.key = std::move(key);
  return options;
}

// Every kind of entry, two currencies, memos, keys, a hold pending with an
// expiry, one expired, one captured, one released.
void Fill(Ledger& ledger) {
  AccountSpec a;
  a.id = 1;
  a.name = "Zoë \"A\"";
  a.address = "1 Main St";
  a.balance = Amount::Decimal("100.00");
  a.overdraft_limit = Amount::Decimal("5.00");
  ASSERT_TRUE(Open(ledger, a, At(0, "welcome", "o-1")).ok());
  AccountSpec b;
  b.id = 2;
  b.name = "B";
  ASSERT_TRUE(Open(ledger, b, At(1)).ok());
  AccountSpec c;
  c.id = 3;
  c.name = "Yen";
  c.currency = "JPY";
  c.balance = Amount::Decimal("1500");
  ASSERT_TRUE(Open(ledger, c, At(2)).ok());
  AccountSpec d;
  d.id = 4;
  d.name = "D";
  ASSERT_TRUE(Open(ledger, d, At(2)).ok());
  ASSERT_TRUE(Deposit(ledger, 2, Amount::Decimal("7.25"), At(3, "m")).ok());
  ASSERT_TRUE(Withdraw(ledger, 1, Amount::Minor(300), At(4, "", "w")).ok());
  ASSERT_TRUE(Transfer(ledger, 1, 2, Amount::Decimal("2.50"), At(5)).ok());
  ASSERT_TRUE(Hold(ledger, 1, 2, Amount::Decimal("10.00"),
                   HoldOptions{.expires_at = 1000}, At(6, "card", "h"))
                  .ok());  // entry 8
  ASSERT_TRUE(Hold(ledger, 2, 1, Amount::Decimal("1.00"), {}, At(7)).ok());
  ASSERT_TRUE(Capture(ledger, 9, Amount::Decimal("0.50"), At(8)).ok());
  ASSERT_TRUE(Hold(ledger, 1, 2, Amount::Decimal("3.00"),
                   HoldOptions{.expires_at = 20}, At(9))
                  .ok());  // entry 11
  ASSERT_TRUE(Hold(ledger, 1, 2, Amount::Decimal("1.00"),
                   HoldOptions{.expires_at = 900}, At(10))
                  .ok());  // entry 12
  ASSERT_TRUE(Release(ledger, 12, At(11, "off")).ok());
  ASSERT_TRUE(SetLimit(ledger, 2, Amount::Decimal("50.00"), At(12)).ok());
  ASSERT_TRUE(Transfer(ledger, 2, 1, Amount::Minor(1), At(30, "", "t")).ok());
  ASSERT_TRUE(Close(ledger, 4, At(31)).ok());
}

// What verify did before it replayed binary entries: the ledger's own
// export imported under the import rules, then the accounts compared.
bool ExportImports(Ledger& ledger) {
  uint64_t cursor = 0;
  const std::string text = ExportJournalPiece(ledger, &cursor, SIZE_MAX);
  Ledger fresh;
  if (!ReplayJournal(text, &fresh).ok()) return false;
  const auto& now = ledger.accounts();
  const auto& then = fresh.accounts();
  if (now.size() != then.size()) return false;
  ledger.PrepareAt(0);
  fresh.PrepareAt(0);
  for (size_t i = 0; i < now.size(); ++i) {
    if (now[i].id != then[i].id || now[i].balance != then[i].balance ||
        now[i].held != then[i].held || now[i].holds != then[i].holds ||
        now[i].overdraft_limit != then[i].overdraft_limit ||
        now[i].closed != then[i].closed) {
      return false;
    }
  }
  return true;
}

std::string Sealed(std::string body) {
  Sha256 sum;
  sum.Update(body.data(), body.size());
  const Sha256Digest digest = sum.Finish();
  body.append(reinterpret_cast<const char*>(digest.data()), digest.size());
  return body;
}

TEST(VerifyTest, ASoundLedgerVerifiesAsItsExportImports) {
  Ledger ledger;
  Fill(ledger);
  EXPECT_TRUE(VerifyLedger(ledger).ok());
  EXPECT_TRUE(ExportImports(ledger));
  Ledger loaded;
  ASSERT_TRUE(Ledger::LoadCheckpoint(ledger.Checkpoint(0, 0), &loaded));
  EXPECT_TRUE(VerifyLedger(loaded).ok());
}

TEST(VerifyTest, FindsWhatAnImportOfTheExportFinds) {
  Ledger ledger;
  Fill(ledger);
  const std::string checkpoint = ledger.Checkpoint(0, 0);
  const std::string body = checkpoint.substr(0, checkpoint.size() - 32);
  int loaded = 0;
  int refused = 0;
  int stricter = 0;
  for (size_t at = 0; at < body.size(); ++at) {
    for (int flip : {0x01, 0x02, 0x10, 0x80}) {
      std::string changed = body;
      changed[at] = static_cast<char>(changed[at] ^ flip);
      Ledger fresh;
      if (!Ledger::LoadCheckpoint(Sealed(changed), &fresh)) continue;
      ++loaded;
      const Status verified = VerifyLedger(fresh);
      if (!verified.ok()) {
        EXPECT_EQ(verified.code(), ErrorCode::kCorruptJournal);
        ++refused;
      }
      // Each kept whole for the next check (verify may leave holds
      // expired as of the bank's time, as it did before).
      Ledger again;
      ASSERT_TRUE(Ledger::LoadCheckpoint(Sealed(changed), &again));
      const bool imports = ExportImports(again);
      if (!imports) {
        EXPECT_FALSE(verified.ok()) << "byte " << at << " ^ " << flip;
      } else if (!verified.ok()) {
        // Stricter than the import: the binary entry holds something its
        // line does not show and the op does not write (a `to` of an entry
        // of one account, an amount of a close or a release, another
        // source account for a release), which the replayed entry shows.
        EXPECT_NE(verified.message().find("not in its canonical form"),
                  std::string::npos)
            << verified.message();
        ++stricter;
      }
    }
  }
  // The test has teeth: many changed checkpoints load, and many of those
  // do not verify.
  EXPECT_GT(loaded, 200);
  EXPECT_GT(refused, 100);
  EXPECT_LT(stricter, refused / 4);
}

}  // namespace
}  // namespace wasmbank
