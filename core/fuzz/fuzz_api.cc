// libFuzzer target: the typed C++ API (wasmbank/bank.h) driven by fuzzer
// bytes. Each input is a sequence of ops decoded from its bytes (see
// DecodeOp): open, deposit, withdraw, transfer, close, hold, capture,
// release, set_limit, atomic and non-atomic batches of those, TransferMany,
// reads in time (GetBalance as_of; GetAccount and PendingHolds at a time
// ahead of the bank's, behind it or out of range) and imports of the bank's
// own export cut short. Ids come from a small space (1 to 8, plus
// 0 and INT32_MAX), amounts from small, huge, negative, decimal and
// unreadable forms, accounts in three currencies of different scales (USD 2,
// JPY 0, KWD 3) with overdraft limits, holds are named from those placed so
// far, the numbers a batch is about to place, other entries and bad numbers,
// with expiries ahead of the bank's time, behind it or out of range, and
// some ops carry idempotency keys from a pool of three, memos, stamps that
// move the bank's time on (so holds expire) or lag behind it, and bad ones.
//
// After every op it checks, against its own bookkeeping rather than the
// core's:
//  - conservation per currency: the balances of the currency's accounts sum
//    to the money the harness saw go in (opening balances, deposits) minus
//    what it saw go out (withdrawals); transfers, captures, holds, releases,
//    limits and closes move nothing in;
//  - every account's held is the sum of the amounts of the pending holds it
//    is the source of, as Bank::PendingHolds lists them (which name it as
//    source or destination) and as the harness's own book of holds says
//    (placed, not captured or released, not due by the bank's time); no
//    pending hold is due; available = balance - held >= -overdraft_limit;
//    a closed account at 0 with no pending hold naming it;
//  - every op that applied wrote exactly one entry, and a call that applied
//    nothing (failed, refused batch, replay, read) left ExportJournal()
//    byte-identical;
//  - a receipt reports the balances (and available, limit, amount
//    captured) the accounts have, and a replay reports the first result;
//  - a read ahead in time moves nothing: the bank's time and every account
//    as of it stay; GetBalance as_of agrees with the balance worked back
//    through the account's history;
//  - the journal replays, after every op: Verify() passes and its head ends
//    the export, which imported into a fresh Bank gives the same export and
//    accounts (see CheckRoundTrip).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "fuzz_checks.h"
#include "wasmbank/bank.h"
#include "wasmbank/money.h"
#include "wasmbank/write_batch.h"

namespace {

using wasmbank::fuzz::Check;

using wasmbank::AccountInfo;
using wasmbank::Amount;
using wasmbank::Bank;
using wasmbank::EntryKind;
using wasmbank::ErrorCode;
using wasmbank::HoldInfo;
using wasmbank::Receipt;
using wasmbank::Result;

constexpr int64_t kMaxAt = 8640000000000000;
constexpr int64_t kMaxHold = 9007199254740992;  // 2^53

// Ops per input: enough to reach deep states, few enough that the export
// each op compares against, and its replay, stay cheap.
constexpr int kMaxOps = 256;

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

// What decoding an op may depend on: the bank as it was before the step.
struct Context {
  uint32_t entries = 0;                          // in the journal
  int64_t time = 0;                              // the bank's time
  const std::vector<uint32_t>* holds = nullptr;  // the holds placed so far
};

wasmbank::OpOptions DecodeOptions(Bytes& in, const Context& ctx) {
  wasmbank::OpOptions options;
  const uint8_t b = in.Next();
  if (b & 1) options.key = "k" + std::to_string((b >> 1) & 3);  // "k3": rare
  if (b & 8) options.memo = (b & 16) ? std::string("bad\x01memo") : "memo";
  if (b & 32) {
    if (b & 64) {
      options.at = (b & 128) ? -1 : kMaxAt + 1;  // both refused
    } else {
      // On from the bank's time (expiring what falls due), or a clock that
      // may lag behind it.
      options.at = (b & 128) ? ctx.time + 4 * in.Next() : 4 * in.Next();
    }
  }
  return options;
}

// A hold's number: one placed so far, one the batch is about to place,
// another entry, or out of range.
int64_t DecodeHold(Bytes& in, const Context& ctx) {
  const uint8_t b = in.Next();
  switch (b % 8) {
    case 0:
      return (b & 8) ? 0 : -1;
    case 1:
      return kMaxHold + 1;
    case 2:
      return int64_t{ctx.entries} + 1 + (b >> 3) % 4;
    case 3:
      return ctx.entries == 0 ? 1 : 1 + in.Next() % ctx.entries;
    default:
      if (ctx.holds->empty()) return ctx.entries;
      return (*ctx.holds)[in.Next() % ctx.holds->size()];
  }
}

// When a hold expires: never, ahead of the bank's time, at a fixed time
// (perhaps already past), or out of range.
std::optional<int64_t> DecodeExpiry(Bytes& in, const Context& ctx) {
  const uint8_t b = in.Next();
  switch (b % 4) {
    case 0:
      return std::nullopt;
    case 1:
      return ctx.time + 1 + 4 * in.Next();
    case 2:
      return 16 * in.Next();  // 0 is refused
    default:
      return (b & 4) ? kMaxAt + 1 : -1;
  }
}

// One op as decoded, for a single call or inside a batch.
struct Planned {
  EntryKind kind = EntryKind::kOpen;
  wasmbank::AccountSpec spec;  // open
  int32_t id = 0;              // hold: from
  int32_t to = 0;              // transfer, hold
  int64_t hold = 0;            // capture, release
  Amount amount;               // set_limit: the limit
  wasmbank::HoldOptions hold_options;
  wasmbank::OpOptions options;
};

// The ops of holds and limits, picked by bits 3 and 4 of an op byte with bit
// 0x40 set.
constexpr EntryKind kHoldKinds[] = {EntryKind::kHold, EntryKind::kCapture,
                                    EntryKind::kRelease, EntryKind::kLimit};

Planned DecodeOp(Bytes& in, uint8_t op, const Context& ctx) {
  Planned p;
  p.kind =
      (op & 0x40) ? kHoldKinds[(op >> 3) & 3] : static_cast<EntryKind>(op % 5);
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
    case EntryKind::kHold:
      p.id = DecodeId(in);
      p.to = DecodeId(in);
      p.amount = DecodeAmount(in);
      p.hold_options.expires_at = DecodeExpiry(in, ctx);
      break;
    case EntryKind::kCapture:
    case EntryKind::kRelease:
      p.hold = DecodeHold(in, ctx);
      if (p.kind == EntryKind::kCapture) p.amount = DecodeAmount(in);
      break;
    case EntryKind::kLimit:
      p.id = DecodeId(in);
      p.amount = DecodeAmount(in);
      break;
  }
  if (op & 0x80) p.options = DecodeOptions(in, ctx);
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

// The harness's record of a hold the bank reported placed.
struct BookedHold {
  int32_t from = 0;
  int32_t to = 0;
  int64_t amount = 0;
  int64_t expires_at = 0;  // 0: none
  bool closed = false;     // captured or released
  // Pending at the bank's time `now`: expiry is final, since the bank's
  // time never goes back over what applied.
  bool PendingAt(int64_t now) const {
    return !closed && (expires_at == 0 || expires_at > now);
  }
};

class Harness {
 public:
  void Run(Bytes& in) {
    for (int n = 1; n <= kMaxOps && !in.empty(); ++n) {
      const bool changed = Step(in);
      CheckBalances();
      CheckRoundTrip(changed);
    }
  }

 private:
  // One op; true if it wrote entries.
  bool Step(Bytes& in) {
    const std::string& before = Export();
    const uint32_t entries = bank_.entry_count();
    step_time_ = bank_.time();
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
        applied = (op & 0x40) ? RunRead(in) : ImportOwnExport(in, before);
        break;
      default:
        applied = RunSingle(DecodeOp(in, op, context()));
        break;
    }
    Check(bank_.entry_count() == entries + applied);
    if (applied == 0) {
      Check(bank_.ExportJournal() == before);
      Check(bank_.time() == step_time_);
    } else {
      export_valid_ = false;
      Check(bank_.time() >= step_time_);
    }
    return applied != 0;
  }

  Context context() const {
    return Context{bank_.entry_count(), bank_.time(), &hold_numbers_};
  }

  // One call; 1 if it wrote an entry.
  uint32_t RunSingle(const Planned& p) {
    Result<Receipt> r = Call(p);
    if (!r.ok() || Replayed(p, *r)) return 0;
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
      case EntryKind::kHold:
        return bank_.Hold(p.id, p.to, p.amount, p.hold_options, p.options);
      case EntryKind::kCapture:
        return bank_.Capture(p.hold, p.amount, p.options);
      case EntryKind::kRelease:
        return bank_.Release(p.hold, p.options);
      case EntryKind::kLimit:
        return bank_.SetLimit(p.id, p.amount, p.options);
    }
    return wasmbank::Status(ErrorCode::kInvalidArgument, "unreachable");
  }

  uint32_t RunBatch(Bytes& in, uint8_t op) {
    const uint8_t b = in.Next();
    const bool atomic = (b & 0x40) == 0;
    const int count = (b & 0x80) ? 0 : b % 6 + 1;  // 0: an empty batch
    const Context ctx = context();
    std::vector<Planned> planned;
    wasmbank::WriteBatch batch;
    for (int i = 0; i < count; ++i) {
      planned.push_back(DecodeOp(in, in.Next() | (op & 0x80), ctx));
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
        case EntryKind::kHold:
          batch.Hold(p.id, p.to, p.amount, p.hold_options, p.options);
          break;
        case EntryKind::kCapture:
          batch.Capture(p.hold, p.amount, p.options);
          break;
        case EntryKind::kRelease:
          batch.Release(p.hold, p.options);
          break;
        case EntryKind::kLimit:
          batch.SetLimit(p.id, p.amount, p.options);
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
      if (!r.ok() || Replayed(planned[i], *r)) continue;
      Check(r->kind == planned[i].kind);
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
    // -1: every one refused; on from the bank's time; or 0.
    const uint8_t b = in.Next();
    const int64_t at = (b & 7) == 0   ? -1
                       : (b & 7) == 1 ? bank_.time() + 4 * (b >> 3)
                                      : 0;
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

  // Reads in time: a balance as of an entry, or an account (and its pending
  // holds) as of a time, ahead of the bank's or not. Writes nothing and
  // moves nothing.
  uint32_t RunRead(Bytes& in) {
    const uint8_t b = in.Next();
    const int32_t id = DecodeId(in);
    const uint32_t entries = bank_.entry_count();
    const std::string accounts = bank_.AccountsJson();
    Result<AccountInfo> now = bank_.GetAccount(id);
    if (b & 1) {
      std::optional<int64_t> as_of;
      switch ((b >> 1) & 3) {
        case 0:
          break;
        case 1:
          as_of = (b & 8) ? 0 : -1;
          break;
        case 2:
          as_of = int64_t{entries} + 1 + (b >> 4);
          break;
        default:
          as_of = 1 + static_cast<int64_t>(in.NextBits(2) %
                                           std::max<uint32_t>(entries, 1));
      }
      Result<wasmbank::Balance> r = bank_.GetBalance(id, as_of);
      if (id < 1 || (as_of && (*as_of < 1 || *as_of > entries))) {
        Check(r.code() == ErrorCode::kInvalidArgument);
      } else if (!now.ok()) {
        Check(r.code() == ErrorCode::kAccountNotFound);
      } else {
        std::optional<int64_t> then = BalanceAfter(
            id, static_cast<uint32_t>(as_of.value_or(entries)), now->balance);
        if (!then) {
          Check(r.code() == ErrorCode::kAccountNotFound);
        } else {
          Check(r.ok() && r->minor == *then && r->as_of == as_of &&
                r->id == id);
        }
      }
    } else {
      int64_t at = 0;
      switch ((b >> 1) & 3) {
        case 0:
          break;
        case 1:
          at = (b & 8) ? -1 : kMaxAt + 1;
          break;
        case 2:
          at = bank_.time() + 8 * in.Next();
          break;
        default:
          at = 8 * in.Next();  // perhaps behind the bank's time
      }
      const bool at_ok = at >= 0 && at <= kMaxAt;
      Result<AccountInfo> r = bank_.GetAccount(id, at);
      Result<std::vector<HoldInfo>> pending = bank_.PendingHolds(id, at);
      if (!at_ok || id < 1) {
        Check(r.code() == ErrorCode::kInvalidArgument);
        Check(pending.code() == ErrorCode::kInvalidArgument);
      } else if (!now.ok()) {
        Check(r.code() == ErrorCode::kAccountNotFound);
        Check(pending.code() == ErrorCode::kAccountNotFound);
      } else {
        Check(r.ok() && pending.ok());
        const int64_t when = std::max(at, bank_.time());
        Check(r->balance == now->balance);
        Check(r->held == BookedHeld(id, when));
        Check(static_cast<__int128>(r->available) ==
              static_cast<__int128>(r->balance) - r->held);
        CheckPendingList(id, *pending, when);
      }
    }
    // Nothing moved: the bank's time, and every account as of it.
    Check(bank_.time() == step_time_);
    Check(bank_.AccountsJson() == accounts);
    return 0;
  }

  // The balance of `id` right after entry `n`, worked back from `balance`
  // (its balance now) through its history; nullopt when it was opened
  // after entry n.
  std::optional<int64_t> BalanceAfter(int32_t id, uint32_t n, int64_t balance) {
    __int128 b = balance;
    wasmbank::HistoryOptions page;
    page.limit = wasmbank::kMaxHistoryLimit;
    for (;;) {
      Result<std::vector<wasmbank::JournalEntry>> entries =
          bank_.History(id, page);
      Check(entries.ok() && !entries->empty());  // the open is in it
      for (const wasmbank::JournalEntry& e : *entries) {
        if (e.number <= n) return static_cast<int64_t>(b);
        switch (e.kind) {
          case EntryKind::kOpen:
            return std::nullopt;
          case EntryKind::kDeposit:
            b -= e.amount;
            break;
          case EntryKind::kWithdraw:
            b += e.amount;
            break;
          case EntryKind::kTransfer:
          case EntryKind::kCapture:
            b += e.id == id ? e.amount : -e.amount;
            break;
          default:  // holds, releases, limits and closes move nothing
            break;
        }
      }
      page.before = entries->back().number;
    }
  }

  // What the harness's book holds of `id`'s money at the bank's time `now`.
  __int128 BookedHeld(int32_t id, int64_t now) const {
    __int128 held = 0;
    for (const auto& [number, hold] : holds_) {
      if (hold.from == id && hold.PendingAt(now)) held += hold.amount;
    }
    return held;
  }

  // `listed` is what PendingHolds said for `id` at `now`: the book's
  // pending holds naming it, by number, as the book has them, none due.
  void CheckPendingList(int32_t id, const std::vector<HoldInfo>& listed,
                        int64_t now) const {
    auto it = listed.begin();
    for (const auto& [number, hold] : holds_) {
      if (!hold.PendingAt(now) || (hold.from != id && hold.to != id)) continue;
      Check(it != listed.end() && it->hold == number && it->from == hold.from &&
            it->to == hold.to && it->amount == hold.amount &&
            it->expires_at.value_or(0) == hold.expires_at);
      Check(!it->expires_at || *it->expires_at > now);
      ++it;
    }
    Check(it == listed.end());
  }

  // A replayed result: the first one again, for the same key. False for a
  // result that wrote an entry.
  bool Replayed(const Planned& p, const Receipt& r) {
    if (!r.replayed) return false;
    Check(p.options.key.has_value() && r.kind == p.kind);
    auto first = first_by_key_.find(*p.options.key);
    Check(first != first_by_key_.end());
    const Receipt& f = first->second;
    Check(f.kind == r.kind && f.entry == r.entry && f.id == r.id &&
          f.balance == r.balance && f.to_balance == r.to_balance &&
          f.hold == r.hold && f.amount == r.amount &&
          f.available == r.available && f.scale == r.scale);
    return true;
  }

  // The harness's bookkeeping for an op that applied.
  void Book(const Planned& p, const Receipt& r) {
    Result<AccountInfo> account = bank_.GetAccount(r.id);
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
      case EntryKind::kHold: {
        BookedHold hold{p.id, p.to, ValueOf(p.amount, r.scale),
                        p.hold_options.expires_at.value_or(0), false};
        Check(hold.amount > 0 && r.hold == r.entry && r.id == p.id);
        // Placed at now >= the time before this step, and not due then.
        Check(hold.expires_at == 0 || hold.expires_at > step_time_);
        Check(holds_.emplace(r.entry, hold).second);
        hold_numbers_.push_back(r.entry);
        break;
      }
      case EntryKind::kCapture:
      case EntryKind::kRelease: {
        Check(r.hold == static_cast<uint64_t>(p.hold));
        auto it = holds_.find(static_cast<uint32_t>(r.hold));
        Check(it != holds_.end());
        BookedHold& hold = it->second;
        Check(hold.PendingAt(step_time_) && r.id == hold.from);
        if (p.kind == EntryKind::kCapture) {
          Check(r.amount == (p.amount.form() == Amount::Form::kAbsent
                                 ? hold.amount
                                 : ValueOf(p.amount, r.scale)));
          Check(r.amount > 0 && r.amount <= hold.amount);
        }
        hold.closed = true;
        break;
      }
      case EntryKind::kLimit:
        Check(r.amount == ValueOf(p.amount, r.scale) && r.amount >= 0);
        break;
    }
    if (p.options.key) {
      Check(first_by_key_.emplace(*p.options.key, r).second);
    }
  }

  // A single op's receipt reports what the accounts have now.
  void CheckReceipt(const Planned& p, const Receipt& r) {
    Check(r.kind == p.kind && r.entry == bank_.entry_count());
    Result<AccountInfo> account = bank_.GetAccount(r.id);
    Check(account.ok() && r.balance == account->balance &&
          r.scale == account->scale);
    int32_t to = 0;
    switch (p.kind) {
      case EntryKind::kTransfer:
        to = p.to;
        break;
      case EntryKind::kCapture:
        to = holds_.at(static_cast<uint32_t>(p.hold)).to;
        break;
      case EntryKind::kHold:
      case EntryKind::kRelease:
        Check(r.available == account->available);
        break;
      case EntryKind::kLimit:
        Check(r.amount == account->overdraft_limit);
        break;
      default:
        break;
    }
    if (to != 0) {
      Result<wasmbank::Balance> balance = bank_.GetBalance(to);
      Check(balance.ok() && r.to_balance == balance->minor);
    }
  }

  void CheckBalances() {
    wasmbank::fuzz::CheckAccountBounds(bank_);
    const int64_t now = bank_.time();
    std::map<std::string, __int128> sums;
    for (const AccountInfo& a : bank_.Accounts()) {
      sums[a.currency] += a.balance;
      // held: the pending holds it is the source of, by PendingHolds (which
      // lists those naming it either way) and by the book.
      Result<std::vector<HoldInfo>> pending = bank_.PendingHolds(a.id);
      Check(pending.ok());
      __int128 held = 0;
      for (const HoldInfo& h : *pending) {
        Check(h.from == a.id || h.to == a.id);
        if (h.from == a.id) held += h.amount;
      }
      Check(held == a.held);
      Check(BookedHeld(a.id, now) == a.held);
      CheckPendingList(a.id, *pending, now);
      if (a.closed) Check(pending->empty());
    }
    for (const auto& [currency, in] : money_in_) {
      Check(sums[currency] == in);
    }
    for (const auto& [currency, sum] : sums) {
      Check(money_in_.count(currency) > 0 || sum == 0);
    }
  }

  // The journal replays (fuzz_checks.h's CheckReplays: Verify() passes and
  // its head ends the export, which imported into a fresh Bank gives the
  // same export and accounts), after every op: in full when the op wrote
  // entries; otherwise the export is byte-identical (Step checked), so its
  // replay is the last one's, and the accounts must still be what it gave.
  void CheckRoundTrip(bool changed) {
    if (changed || !replayed_) {
      wasmbank::fuzz::CheckReplays(bank_);
      replayed_accounts_ = bank_.AccountsJson();
      replayed_ = true;
    } else {
      Check(bank_.AccountsJson() == replayed_accounts_);
    }
  }

  // The export now, rendered again only after an op applied.
  const std::string& Export() {
    if (!export_valid_) {
      export_ = bank_.ExportJournal();
      export_valid_ = true;
    }
    return export_;
  }

  Bank bank_;
  std::map<std::string, __int128> money_in_;     // per currency: in minus out
  std::map<uint32_t, BookedHold> holds_;         // by number
  std::vector<uint32_t> hold_numbers_;           // the same numbers, to pick
  std::map<std::string, Receipt> first_by_key_;  // what each key applied
  int64_t step_time_ = 0;  // the bank's time before the step
  std::string export_;
  bool export_valid_ = false;
  std::string replayed_accounts_;  // the accounts the last replay gave
  bool replayed_ = false;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Bytes in(data, size);
  Harness harness;
  harness.Run(in);
  return 0;
}
