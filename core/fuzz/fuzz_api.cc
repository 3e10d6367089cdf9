// libFuzzer target: the typed C++ API (wasmbank/bank.h) driven by fuzzer
// bytes. Each input is a sequence of ops decoded from its bytes (see Decode):
// open, deposit, withdraw, transfer, close, atomic and non-atomic batches of
// those, TransferMany, and imports of the bank's own export cut short. Ids
// come from a small space (1 to 8, plus 0 and INT32_MAX), amounts from small,
// huge, negative, decimal and unreadable forms, accounts in three currencies
// of different scales (USD 2, JPY 0, KWD 3) with overdraft limits, and some
// ops carry idempotency keys from a pool of three, memos and bad stamps.
//
// After every op it checks, against its own bookkeeping rather than the
// core's:
//  - conservation per currency: the balances of the currency's accounts sum
//    to the money the harness saw go in (opening balances, deposits) minus
//    what it saw go out (withdrawals); transfers and closes move nothing;
//  - no balance below minus its overdraft limit, and a closed account at 0;
//  - every op that applied wrote exactly one entry, and a call that applied
//    nothing (failed, refused batch, replay) left ExportJournal()
//    byte-identical;
//  - a receipt reports the balance the account has;
// and every 64 ops and at the end that the journal verifies and that its
// export, imported into a fresh Bank, gives the same export and accounts.
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "fuzz_checks.h"
#include "wasmbank/bank.h"
#include "wasmbank/money.h"
#include "wasmbank/write_batch.h"

namespace {

using wasmbank::fuzz::Check;

using wasmbank::Amount;
using wasmbank::Bank;
using wasmbank::EntryKind;
using wasmbank::ErrorCode;
using wasmbank::Receipt;
using wasmbank::Result;

// Ops per input: enough to reach deep states, few enough that the export
// each op compares against stays cheap.
constexpr int kMaxOps = 256;
constexpr int kRoundTripEvery = 64;

// The fuzzer's bytes, read front to back; zeros once they run out.
class Bytes {
 public:
  Bytes(const uint8_t* data, size_t size) : data_(data), size_(size) {}
  bool empty() const { return at_ >= size_; }
  uint8_t Next() { return at_ < size_ ? data_[at_++] : 0; }
  uint64_t NextBits(int bytes) {
    uint64_t v = 0;
    for (int i = 0; i < bytes; ++i) v = v << 8 | Next();
    return v;
  }

 private:
  const uint8_t* data_;
  size_t size_;
  size_t at_ = 0;
};

// Three currencies of different scales, and one code that is not one.
constexpr const char* kCurrencies[] = {"USD", "JPY", "KWD", "QQQ"};

int32_t DecodeId(Bytes& in) {
  const uint8_t b = in.Next() % 10;
  if (b == 8) return 0;          // not an id: INVALID_ARGUMENT
  if (b == 9) return INT32_MAX;  // the largest id, never opened here
  return b + 1;
}

Amount DecodeAmount(Bytes& in) {
  switch (in.Next() % 8) {
    case 0:
      return Amount();  // absent
    case 1:
      return Amount::Minor(in.Next() % 200);  // 0 is INVALID_AMOUNT
    case 2:
      return Amount::Minor(static_cast<int64_t>(in.NextBits(2)));
    case 3:
      return Amount::Minor(static_cast<int64_t>(in.NextBits(8)));  // any
    case 4:
      return Amount::Minor(INT64_MAX - in.Next());  // OVERFLOW territory
    case 5: {
      // Decimal text at a scale that may or may not be the account's.
      const int64_t minor = static_cast<int64_t>(in.NextBits(2));
      const int scale = in.Next() % 5;
      return Amount::Decimal(wasmbank::FormatAmount(minor, scale));
    }
    case 6: {
      std::string text;
      for (int n = in.Next() % 6; n > 0; --n) text.push_back(in.Next());
      return Amount::Decimal(text);
    }
    default:
      return Amount::Unreadable("a number where text goes");
  }
}

wasmbank::OpOptions DecodeOptions(Bytes& in) {
  wasmbank::OpOptions options;
  const uint8_t b = in.Next();
  if (b & 1) options.key = "k" + std::to_string((b >> 1) & 3);  // "k3": rare
  if (b & 8) options.memo = (b & 16) ? std::string("bad\x01memo") : "memo";
  if (b & 32) options.at = (b & 64) ? -1 : 8640000000000001;  // both refused
  return options;
}

// One op as decoded, for a single call or inside a batch.
struct Planned {
  EntryKind kind = EntryKind::kOpen;
  wasmbank::AccountSpec spec;  // open
  int32_t id = 0;
  int32_t to = 0;  // transfer
  Amount amount;
  wasmbank::OpOptions options;
};

Planned DecodeOp(Bytes& in, uint8_t op) {
  Planned p;
  p.kind = static_cast<EntryKind>(op % 5);
  switch (p.kind) {
    case EntryKind::kOpen: {
      p.spec.id = DecodeId(in);
      const uint8_t b = in.Next();
      static const std::string kNames[] = {"Ann", "", std::string(65, 'n'),
                                           "Bo"};
      p.spec.name = kNames[b % 4];
      p.spec.currency = kCurrencies[(b >> 2) % 4];
      p.spec.balance = DecodeAmount(in);
      p.spec.overdraft_limit = DecodeAmount(in);
      break;
    }
    case EntryKind::kDeposit:
    case EntryKind::kWithdraw:
    case EntryKind::kClose:
      p.id = DecodeId(in);
      if (p.kind != EntryKind::kClose) p.amount = DecodeAmount(in);
      break;
    case EntryKind::kTransfer:
      p.id = DecodeId(in);
      p.to = DecodeId(in);
      p.amount = DecodeAmount(in);
      break;
  }
  if (op & 0x80) p.options = DecodeOptions(in);
  return p;
}

// The amount's minor units at `scale`, as the harness reads it. Only called
// for an op that applied, so a required amount must be readable.
int64_t ValueOf(const Amount& amount, int scale) {
  switch (amount.form()) {
    case Amount::Form::kAbsent:
      return 0;
    case Amount::Form::kMinor:
      return amount.minor();
    case Amount::Form::kDecimal: {
      int64_t minor = 0;
      Check(wasmbank::ParseAmount(amount.text(), scale, &minor));
      return minor;
    }
    case Amount::Form::kUnreadable:
      break;
  }
  Check(false);  // an unreadable amount applied
  return 0;
}

class Harness {
 public:
  void Run(Bytes& in) {
    for (int n = 1; n <= kMaxOps && !in.empty(); ++n) {
      Step(in);
      CheckBalances();
      if (n % kRoundTripEvery == 0) CheckRoundTrip();
    }
    CheckRoundTrip();
  }

 private:
  void Step(Bytes& in) {
    const std::string& before = Export();
    const uint32_t entries = bank_.entry_count();
    const uint8_t op = in.Next();
    uint32_t applied = 0;
    switch (op % 8) {
      case 5:
        applied = RunBatch(in, op);
        break;
      case 6:
        applied = RunTransferMany(in);
        break;
      case 7:
        applied = ImportOwnExport(in, before);
        break;
      default:
        applied = RunSingle(DecodeOp(in, op));
        break;
    }
    Check(bank_.entry_count() == entries + applied);
    if (applied == 0) {
      Check(bank_.ExportJournal() == before);
    } else {
      export_valid_ = false;
    }
  }

  // One call; 1 if it wrote an entry.
  uint32_t RunSingle(const Planned& p) {
    Result<Receipt> r = Call(p);
    if (!r.ok() || r->replayed) return 0;
    CheckReceipt(p, *r);
    Book(p, *r);
    return 1;
  }

  Result<Receipt> Call(const Planned& p) {
    switch (p.kind) {
      case EntryKind::kOpen:
        return bank_.Open(p.spec, p.options);
      case EntryKind::kDeposit:
        return bank_.Deposit(p.id, p.amount, p.options);
      case EntryKind::kWithdraw:
        return bank_.Withdraw(p.id, p.amount, p.options);
      case EntryKind::kTransfer:
        return bank_.Transfer(p.id, p.to, p.amount, p.options);
      case EntryKind::kClose:
        return bank_.Close(p.id, p.options);
    }
    return wasmbank::Status(ErrorCode::kInvalidArgument, "unreachable");
  }

  uint32_t RunBatch(Bytes& in, uint8_t op) {
    const uint8_t b = in.Next();
    const bool atomic = (b & 0x40) == 0;
    const int count = (b & 0x80) ? 0 : b % 6 + 1;  // 0: an empty batch
    std::vector<Planned> planned;
    wasmbank::WriteBatch batch;
    for (int i = 0; i < count; ++i) {
      planned.push_back(DecodeOp(in, in.Next() | (op & 0x80)));
      const Planned& p = planned.back();
      switch (p.kind) {
        case EntryKind::kOpen:
          batch.Open(p.spec, p.options);
          break;
        case EntryKind::kDeposit:
          batch.Deposit(p.id, p.amount, p.options);
          break;
        case EntryKind::kWithdraw:
          batch.Withdraw(p.id, p.amount, p.options);
          break;
        case EntryKind::kTransfer:
          batch.Transfer(p.id, p.to, p.amount, p.options);
          break;
        case EntryKind::kClose:
          batch.Close(p.id, p.options);
          break;
      }
    }
    Result<wasmbank::BatchReport> report = bank_.Write(batch, atomic);
    if (!report.ok()) {
      Check(count == 0 && report.code() == ErrorCode::kInvalidArgument);
      return 0;
    }
    Check(report->results.size() == planned.size());
    uint32_t applied = 0;
    bool all_ok = true;
    for (size_t i = 0; i < planned.size(); ++i) {
      const Result<Receipt>& r = report->results[i];
      all_ok = all_ok && r.ok();
      if (!r.ok() || r->replayed) continue;
      Book(planned[i], *r);
      ++applied;
    }
    Check(report->ok == all_ok);
    // An atomic batch applies all of its ops or none.
    if (atomic && !all_ok) Check(applied == 0);
    return applied;
  }

  uint32_t RunTransferMany(Bytes& in) {
    const size_t count = in.Next() % 9;
    std::vector<int32_t> from, to;
    std::vector<int64_t> minor;
    for (size_t i = 0; i < count; ++i) {
      from.push_back(DecodeId(in));
      to.push_back(DecodeId(in));
      const Amount a = DecodeAmount(in);
      minor.push_back(a.form() == Amount::Form::kMinor ? a.minor() : 0);
    }
    std::vector<uint8_t> codes(count, 0xFF);
    const int64_t at = (in.Next() & 7) == 0 ? -1 : 0;  // -1: every one refused
    const size_t applied = bank_.TransferMany({from, to, minor}, at, codes);
    size_t ok = 0;
    for (uint8_t code : codes) {
      Check(code <= wasmbank::kErrorCodeCount);
      ok += code == 0;
    }
    Check(ok == applied);
    return static_cast<uint32_t>(applied);
  }

  // The bank's own export with its last `cut` bytes gone: only the final
  // '\n' may go (the import is then the same journal); anything shorter is
  // CORRUPT_JOURNAL and changes nothing. Either way no new entry.
  uint32_t ImportOwnExport(Bytes& in, const std::string& exported) {
    const size_t cut = std::min<size_t>(in.Next() % 4, exported.size());
    const std::string text = exported.substr(0, exported.size() - cut);
    wasmbank::Status status = bank_.ImportJournal(text);
    Check(status.ok() == (cut <= 1));
    if (!status.ok()) Check(status.code() == ErrorCode::kCorruptJournal);
    return 0;
  }

  // The harness's bookkeeping for an op that applied.
  void Book(const Planned& p, const Receipt& r) {
    Result<wasmbank::AccountInfo> account = bank_.GetAccount(r.id);
    Check(account.ok());
    __int128& in = money_in_[account->currency];
    switch (p.kind) {
      case EntryKind::kOpen: {
        const int64_t opening = ValueOf(p.spec.balance, r.scale);
        Check(r.balance == opening);
        in += opening;
        break;
      }
      case EntryKind::kDeposit:
        in += ValueOf(p.amount, r.scale);
        break;
      case EntryKind::kWithdraw:
        in -= ValueOf(p.amount, r.scale);
        break;
      case EntryKind::kTransfer:
        Check(ValueOf(p.amount, r.scale) > 0);
        break;
      case EntryKind::kClose:
        Check(r.balance == 0);
        break;
    }
  }

  // A single op's receipt reports the balances the accounts have now.
  void CheckReceipt(const Planned& p, const Receipt& r) {
    Check(r.kind == p.kind && r.entry == bank_.entry_count());
    Result<wasmbank::Balance> balance = bank_.GetBalance(r.id);
    Check(balance.ok() && r.balance == balance->minor);
    if (p.kind == EntryKind::kTransfer) {
      Result<wasmbank::Balance> to = bank_.GetBalance(p.to);
      Check(to.ok() && r.to_balance == to->minor);
    }
  }

  void CheckBalances() {
    wasmbank::fuzz::CheckAccountBounds(bank_);
    std::map<std::string, __int128> sums;
    for (const wasmbank::AccountInfo& a : bank_.Accounts()) {
      sums[a.currency] += a.balance;
    }
    for (const auto& [currency, in] : money_in_) {
      Check(sums[currency] == in);
    }
    for (const auto& [currency, sum] : sums) {
      Check(money_in_.count(currency) > 0 || sum == 0);
    }
  }

  void CheckRoundTrip() { wasmbank::fuzz::CheckReplays(bank_); }

  // The export now, rendered again only after an op applied.
  const std::string& Export() {
    if (!export_valid_) {
      export_ = bank_.ExportJournal();
      export_valid_ = true;
    }
    return export_;
  }

  Bank bank_;
  std::map<std::string, __int128> money_in_;  // per currency: in minus out
  std::string export_;
  bool export_valid_ = false;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Bytes in(data, size);
  Harness harness;
  harness.Run(in);
  return 0;
}
