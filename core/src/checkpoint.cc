// Checkpoints: the ledger's state at entry n in compact binary form
// (docs/store-format.md, "Checkpoints"), so that a store opens by loading it
// and replaying only the entries after n.
//
// Layout, integers little-endian:
//   "WBCKPT02"
//   u32 n, u64 store_bytes, u32 last_line_bytes, 32-byte head_n
//     (store_bytes: where entry n's record ends in the store;
//     last_line_bytes: entry n's line and the seal line after it)
//   u32 accounts; each: i32 id, i64 balance, i64 overdraft_limit,
//                       i64 opening_limit, u16 currency, u8 closed,
//                       u16 name_size, str text
//   u32 entries (= n); each: i64 amount, i64 at, i32 id, i32 to, u32 extra,
//                            u8 kind
//   u32 extras; each: u32 memo, u32 key
//   u32 memos; each: str
//   u32 keys (in the order they were recorded); each: str key, u32 entry,
//                            i64 balance, i64 to_balance
//   u32 holds (by number); each: u32 entry, i64 expires_at (0: none),
//                            u8 state (HoldState)
//   32-byte SHA-256 of everything above
// where str = u32 length + bytes. Loading checks every bound, index and
// reference, so that no bytes can make the core misbehave; a checkpoint
// that fails is ignored and the store replayed (the caller's choice). A
// checkpoint of an older layout (WBCKPT01, before holds) fails the same way,
// so a store written by an older version opens by replaying.
//
// What follows from the rest is not stored: each account's held and count
// of pending holds, the expiry order, the bank's time.
#include <algorithm>
#include <cstring>
#include <type_traits>

#include "currency_table.h"
#include "ledger.h"
#include "wasmbank/money.h"

namespace wasmbank {
namespace {

constexpr std::string_view kMagic = "WBCKPT02";

class Writer {
 public:
  explicit Writer(std::string* out) : out_(out) {}
  template <typename T>
  void Put(T value) {
    unsigned char bytes[sizeof(T)];
    auto bits = static_cast<std::make_unsigned_t<T>>(value);
    for (size_t i = 0; i < sizeof(T); ++i) {
      bytes[i] = static_cast<unsigned char>(bits >> (8 * i));
    }
    out_->append(reinterpret_cast<const char*>(bytes), sizeof(T));
  }
  void Text(std::string_view text) {
    Put(static_cast<uint32_t>(text.size()));
    out_->append(text);
  }
  void Raw(const void* data, size_t size) {
    out_->append(static_cast<const char*>(data), size);
  }

 private:
  std::string* out_;
};

}  // namespace

class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  template <typename T>
  bool Get(T* value) {
    if (in_.size() < sizeof(T)) return false;
    std::make_unsigned_t<T> bits = 0;
    for (size_t i = 0; i < sizeof(T); ++i) {
      bits |= static_cast<std::make_unsigned_t<T>>(
                  static_cast<unsigned char>(in_[i]))
              << (8 * i);
    }
    *value = static_cast<T>(bits);
    in_.remove_prefix(sizeof(T));
    return true;
  }
  bool Text(std::string_view* text, uint32_t max) {
    uint32_t size;
    if (!Get(&size) || size > max || in_.size() < size) return false;
    *text = in_.substr(0, size);
    in_.remove_prefix(size);
    return true;
  }
  bool Raw(void* data, size_t size) {
    if (in_.size() < size) return false;
    std::memcpy(data, in_.data(), size);
    in_.remove_prefix(size);
    return true;
  }
  // A count of items of at least `min_bytes` each: never more than the
  // bytes left could hold, so a forged count cannot make us allocate.
  bool Count(uint32_t* count, size_t min_bytes) {
    return Get(count) && *count <= in_.size() / min_bytes;
  }
  bool done() const { return in_.empty(); }

 private:
  std::string_view in_;
};

std::string Ledger::Checkpoint(uint64_t store_bytes, uint32_t last_line_bytes) {
  Settle();  // the holds as of the bank's time, not a query's
  const Sha256Digest head = Head();
  std::string out;
  Writer w(&out);
  w.Raw(kMagic.data(), kMagic.size());
  w.Put(entry_count());
  w.Put(store_bytes);
  w.Put(last_line_bytes);
  w.Raw(head.data(), head.size());
  w.Put(static_cast<uint32_t>(accounts_.size()));
  for (const Account& a : accounts_) {
    w.Put(a.id);
    w.Put(a.balance);
    w.Put(a.overdraft_limit);
    w.Put(a.opening_limit);
    w.Put(a.currency);
    w.Put(static_cast<uint8_t>(a.closed));
    w.Put(a.name_size);
    w.Text(a.all_text());
  }
  w.Put(entry_count());
  for (uint32_t n = 1; n <= entry_count(); ++n) {
    const Entry& e = entry(n);
    w.Put(e.amount);
    w.Put(e.at);
    w.Put(e.id);
    w.Put(e.to);
    w.Put(e.extra);
    w.Put(static_cast<uint8_t>(e.kind));
  }
  w.Put(static_cast<uint32_t>(extras_.size()));
  for (const EntryExtra& x : extras_) {
    w.Put(x.memo);
    w.Put(x.key);
  }
  w.Put(static_cast<uint32_t>(memos_.size()));
  for (const std::string& memo : memos_) w.Text(memo);
  w.Put(static_cast<uint32_t>(key_texts_.size()));
  for (const std::string* key : key_texts_) {
    const KeyRecord& record = keys_.at(*key);
    w.Text(*key);
    w.Put(record.entry);
    w.Put(record.balance);
    w.Put(record.to_balance);
  }
  w.Put(static_cast<uint32_t>(holds_.size()));
  for (const HoldRecord& hold : holds_) {
    w.Put(hold.entry);
    w.Put(hold.expires_at);
    w.Put(static_cast<uint8_t>(hold.state));
  }
  Sha256 sum;
  sum.Update(out.data(), out.size());
  const Sha256Digest digest = sum.Finish();
  w.Raw(digest.data(), digest.size());
  return out;
}

bool ReadCheckpointPlace(std::string_view bytes, CheckpointPlace* place) {
  if (bytes.size() < kMagic.size() + 16 + 32 ||
      bytes.substr(0, kMagic.size()) != kMagic) {
    return false;
  }
  Reader r(bytes.substr(kMagic.size()));
  return r.Get(&place->entries) && r.Get(&place->store_bytes) &&
         r.Get(&place->last_line_bytes);
}

bool Ledger::LoadCheckpoint(std::string_view bytes, Ledger* fresh) {
  if (bytes.size() < 32) return false;
  const std::string_view body = bytes.substr(0, bytes.size() - 32);
  Sha256 sum;
  sum.Update(body.data(), body.size());
  const Sha256Digest digest = sum.Finish();
  if (std::memcmp(digest.data(), bytes.data() + body.size(), 32) != 0) {
    return false;
  }
  CheckpointPlace place;
  if (!ReadCheckpointPlace(body, &place)) return false;
  Reader r(body.substr(kMagic.size() + 16));
  Ledger& l = *fresh;
  uint32_t count;
  if (!r.Raw(l.head_.data(), l.head_.size()) || !r.Count(&count, 31)) {
    return false;
  }
  for (uint32_t i = 0; i < count; ++i) {
    Account a;
    uint8_t closed;
    std::string_view text;
    if (!r.Get(&a.id) || !r.Get(&a.balance) || !r.Get(&a.overdraft_limit) ||
        !r.Get(&a.opening_limit) || !r.Get(&a.currency) || !r.Get(&closed) ||
        !r.Get(&a.name_size) || !r.Text(&text, 1 << 12) || a.id < 1 ||
        a.overdraft_limit < 0 || a.opening_limit < 0 ||
        a.currency >= kCurrencyCount || closed > 1 ||
        a.name_size > text.size() || l.FindAccount(a.id) != nullptr) {
      return false;
    }
    a.closed = closed == 1;
    a.SetText(text.substr(0, a.name_size), text.substr(a.name_size));
    a.scale_digits = static_cast<uint8_t>(CurrencyAt(a.currency).scale);
    l.account_index_.Insert(a.id, static_cast<uint32_t>(l.accounts_.size()));
    l.accounts_.push_back(std::move(a));
  }
  uint32_t entries;
  if (!r.Count(&entries, 29) || entries != place.entries) return false;
  for (uint32_t n = 0; n < entries; ++n) {
    Entry e{};
    uint8_t kind;
    if (!r.Get(&e.amount) || !r.Get(&e.at) || !r.Get(&e.id) || !r.Get(&e.to) ||
        !r.Get(&e.extra) || !r.Get(&kind) ||
        kind > static_cast<uint8_t>(EntryKind::kLimit) ||
        l.FindAccount(e.id) == nullptr) {
      return false;
    }
    e.kind = static_cast<EntryKind>(kind);
    const bool two_accounts =
        e.kind == EntryKind::kTransfer || e.kind == EntryKind::kHold;
    if (two_accounts && l.FindAccount(e.to) == nullptr) return false;
    if ((e.kind == EntryKind::kCapture || e.kind == EntryKind::kRelease) &&
        (HoldNumberOf(e) < 1 || HoldNumberOf(e) > n)) {
      return false;
    }
    if (e.amount < 0) return false;
    l.time_ = std::max(l.time_, e.at);
    l.entries_.push_back(e);
  }
  if (!r.Count(&count, 8)) return false;
  for (uint32_t i = 0; i < count; ++i) {
    EntryExtra x;
    if (!r.Get(&x.memo) || !r.Get(&x.key)) return false;
    l.extras_.push_back(x);
  }
  for (uint32_t n = 1; n <= entries; ++n) {
    if (l.entry(n).extra > l.extras_.size()) return false;
  }
  if (!r.Count(&count, 4)) return false;
  for (uint32_t i = 0; i < count; ++i) {
    std::string_view memo;
    if (!r.Text(&memo, 1 << 12)) return false;
    l.memos_.emplace_back(memo);
  }
  if (!r.Count(&count, 24)) return false;
  for (uint32_t i = 0; i < count; ++i) {
    std::string_view key;
    KeyRecord record;
    if (!r.Text(&key, 1 << 8) || !r.Get(&record.entry) ||
        !r.Get(&record.balance) || !r.Get(&record.to_balance) ||
        record.entry < 1 || record.entry > entries) {
      return false;
    }
    auto [it, inserted] = l.keys_.emplace(std::string(key), record);
    if (!inserted) return false;
    l.key_texts_.push_back(&it->first);
  }
  for (const EntryExtra& x : l.extras_) {
    if (x.memo > l.memos_.size() || x.key > l.key_texts_.size()) return false;
  }
  if (!LoadHolds(r, l)) return false;
  l.base_time_ = l.time_;
  l.hashed_ = entries;
  return r.done();
}

bool Ledger::LoadHolds(Reader& r, Ledger& l) {
  uint32_t count;
  if (!r.Count(&count, 13)) return false;
  for (uint32_t i = 0; i < count; ++i) {
    HoldRecord hold;
    uint8_t state;
    if (!r.Get(&hold.entry) || !r.Get(&hold.expires_at) || !r.Get(&state) ||
        hold.entry < 1 || hold.entry > l.entry_count() ||
        (!l.holds_.empty() && hold.entry <= l.holds_.back().entry) ||
        l.entry(hold.entry).kind != EntryKind::kHold || hold.expires_at < 0 ||
        state > static_cast<uint8_t>(HoldState::kExpired)) {
      return false;
    }
    hold.state = static_cast<HoldState>(state);
    // A pending hold past the bank's time would never expire.
    if (hold.state == HoldState::kPending && hold.expires_at != 0 &&
        hold.expires_at <= l.time_) {
      return false;
    }
    l.AddHold(hold);
  }
  for (uint32_t n = 1; n <= l.entry_count(); ++n) {
    const Entry& e = l.entry(n);
    if ((e.kind == EntryKind::kCapture || e.kind == EntryKind::kRelease) &&
        l.FindHold(HoldNumberOf(e)) == nullptr) {
      return false;
    }
    if (e.kind == EntryKind::kHold && l.FindHold(n) == nullptr) return false;
  }
  for (size_t i = 0; i < l.holds_.size(); ++i) {
    const HoldRecord& hold = l.holds_[i];
    if (hold.state != HoldState::kPending) continue;
    const Entry& placed = l.entry(hold.entry);
    Account& from = *l.FindAccount(placed.id);
    if (!CheckedAdd(from.held, placed.amount, &from.held)) return false;
    ++from.holds;
    ++l.FindAccount(placed.to)->holds;
    if (hold.expires_at != 0) {
      l.expiring_.emplace(hold.expires_at, static_cast<uint32_t>(i));
    }
  }
  return true;
}

}  // namespace wasmbank
