#include "ledger.h"

#include <algorithm>
#include <charconv>
#include <cstring>

#include "json.h"

namespace wasmbank {

namespace {

struct KindNames {
  std::string_view kind, op;
};
constexpr KindNames kKindNames[] = {
#define WASMBANK_KIND_NAMES(name, text, op) {text, op},
    WASMBANK_ENTRY_KINDS(WASMBANK_KIND_NAMES)
#undef WASMBANK_KIND_NAMES
};

const KindNames& NamesOf(EntryKind kind) {
  static constexpr KindNames kNone{};
  const size_t k = static_cast<size_t>(kind);
  return k < std::size(kKindNames) ? kKindNames[k] : kNone;
}

}  // namespace

std::string_view EntryKindName(EntryKind kind) { return NamesOf(kind).kind; }

std::string_view OpNameOf(EntryKind kind) { return NamesOf(kind).op; }

std::string_view Ledger::memo_of(const Entry& e) const {
  uint32_t memo = e.extra == 0 ? 0 : extras_[e.extra - 1].memo;
  return memo == 0 ? std::string_view() : memos_[memo - 1];
}

std::string_view Ledger::key_of(const Entry& e) const {
  uint32_t key = e.extra == 0 ? 0 : extras_[e.extra - 1].key;
  return key == 0 ? std::string_view() : *key_texts_[key - 1];
}

const KeyRecord* Ledger::FindKey(std::string_view key) const {
  auto it = keys_.find(std::string(key));
  return it == keys_.end() ? nullptr : &it->second;
}

uint32_t Ledger::AddExtra(std::string_view memo) {
  extras_.emplace_back();
  if (!memo.empty()) {
    memos_.emplace_back(memo);
    extras_.back().memo = static_cast<uint32_t>(memos_.size());
  }
  return static_cast<uint32_t>(extras_.size());
}

void Ledger::RecordNewKey(std::string_view key, const KeyRecord& record) {
  auto [it, inserted] = keys_.emplace(std::string(key), record);
  key_texts_.push_back(&it->first);
  extras_[entries_.back().extra - 1].key =
      static_cast<uint32_t>(key_texts_.size());
}

namespace {

// What a std::vector holding `size` elements allocates to take `added`
// more: nothing within its capacity, else its doublings, which together
// come to at most twice the final size.
template <typename T>
size_t VectorGrowth(const std::vector<T>& v, size_t added) {
  const size_t needed = v.size() + added;
  return needed <= v.capacity() ? 0 : 2 * needed * sizeof(T);
}

// A heap string of `bytes` bytes: the text, its terminator and the
// allocator's rounding.
constexpr size_t HeapString(size_t bytes) { return bytes + 32; }

// The longest texts the rules allow, in UTF-8 bytes (4 per character).
constexpr size_t kMaxAccountText = (64 + 200) * 4;  // name and address
constexpr size_t kMaxMemoBytes = 140 * 4;
constexpr size_t kMaxKeyBytes = 64;
// An unordered_map node: the key string, the record and two pointers.
// A std::set node of the expiry order: the pair, three pointers, a colour.
constexpr size_t kSetNodeBytes = 64;
constexpr size_t kKeyNodeBytes =
    HeapString(kMaxKeyBytes) + sizeof(std::string) + sizeof(KeyRecord) + 32;

}  // namespace

size_t Ledger::GrowthBound(size_t accounts, size_t entries) const {
  constexpr size_t kChunk = decltype(entries_)::kChunkSize * sizeof(Entry);
  size_t bytes = 0;
  // Accounts: the table, the per-account histories and the id index grow;
  // each account's text is its own allocation.
  bytes += VectorGrowth(accounts_, accounts);
  bytes += VectorGrowth(histories_, accounts);
  bytes += account_index_.GrowthBytes(accounts);
  bytes += accounts * HeapString(kMaxAccountText);
  // Entries: whole chunks (one more than they fill, as a chunk may have
  // just filled) and the chunk table.
  const size_t chunks = entries / decltype(entries_)::kChunkSize + 2;
  bytes += chunks * (kChunk + 2 * sizeof(void*));
  // Memos and keys: every entry may carry both.
  bytes += VectorGrowth(extras_, entries);
  bytes += VectorGrowth(memos_, entries) + entries * HeapString(kMaxMemoBytes);
  bytes += VectorGrowth(key_texts_, entries) + entries * kKeyNodeBytes;
  bytes += 2 * (keys_.size() + entries) * sizeof(void*);  // a rehash
  // Holds: every entry may place one (its record, a node of the expiry
  // set, a limit entry's undo, a step of the bank's time), and one op may
  // expire every pending hold at once.
  bytes += VectorGrowth(holds_, entries) + entries * kSetNodeBytes;
  bytes += VectorGrowth(hold_runs_, entries / kHoldRunEntries + 1);
  bytes += VectorGrowth(replaced_limits_, entries);
  bytes += VectorGrowth(time_steps_, entries);
  bytes += VectorGrowth(expired_, expiring_.size());
  // History reads index the entries not indexed yet: two items (a
  // transfer's two accounts), a number each and a balance every
  // kBaseEvery, in vectors that may double.
  const size_t items = 2 * (entry_count() + entries - history_indexed_);
  bytes += 2 * (items * sizeof(uint32_t) +
                (items / kBaseEvery + 1) * sizeof(int64_t));
  return bytes;
}

uint32_t Ledger::AppendOpen(int32_t id, std::string_view name,
                            std::string_view address, uint16_t currency,
                            int64_t balance, int64_t overdraft_limit,
                            const Mutation& m) {
  Account account;
  account.id = id;
  account.balance = balance;
  account.overdraft_limit = overdraft_limit;
  account.opening_limit = overdraft_limit;
  account.SetText(name, address);
  account.currency = currency;
  account.scale_digits = static_cast<uint8_t>(CurrencyAt(currency).scale);
  account_index_.Insert(id, static_cast<uint32_t>(accounts_.size()));
  accounts_.push_back(std::move(account));

  uint32_t number = Append(Entry{balance, 0, id, 0, 0, EntryKind::kOpen}, m);
  RecordKey(m.key, KeyRecord{number, balance, 0});
  return number;
}

uint32_t Ledger::AppendDeposit(Account& account, int64_t amount,
                               const Mutation& m) {
  account.balance += amount;
  uint32_t number =
      Append(Entry{amount, 0, account.id, 0, 0, EntryKind::kDeposit}, m);
  RecordKey(m.key, KeyRecord{number, account.balance, 0});
  return number;
}

uint32_t Ledger::AppendWithdraw(Account& account, int64_t amount,
                                const Mutation& m) {
  account.balance -= amount;
  uint32_t number =
      Append(Entry{amount, 0, account.id, 0, 0, EntryKind::kWithdraw}, m);
  RecordKey(m.key, KeyRecord{number, account.balance, 0});
  return number;
}

uint32_t Ledger::AppendClose(Account& account, const Mutation& m) {
  account.closed = true;
  uint32_t number = Append(Entry{0, 0, account.id, 0, 0, EntryKind::kClose}, m);
  RecordKey(m.key, KeyRecord{number, account.balance, 0});
  return number;
}

uint32_t Ledger::AppendHold(Account& from, Account& to, int64_t amount,
                            int64_t expires_at, const Mutation& m) {
  uint32_t number =
      Append(Entry{amount, 0, from.id, to.id, 0, EntryKind::kHold}, m);
  from.held += amount;
  ++from.holds;
  ++to.holds;
  AddHold(HoldRecord{expires_at, number, HoldState::kPending});
  if (expires_at != 0) {
    expiring_.emplace(expires_at, static_cast<uint32_t>(holds_.size() - 1));
  }
  RecordKey(m.key, KeyRecord{number, from.balance, AvailableOf(from)});
  return number;
}

uint32_t Ledger::AppendCapture(HoldRecord& hold, int64_t amount,
                               const Mutation& m) {
  const Entry placed = entry(hold.entry);
  Account& from = *FindAccount(placed.id);
  Account& to = *FindAccount(placed.to);
  uint32_t number =
      Append(Entry{amount, 0, from.id, static_cast<int32_t>(hold.entry), 0,
                   EntryKind::kCapture},
             m);
  CloseHold(hold, HoldState::kCaptured);
  from.balance -= amount;
  to.balance += amount;
  RecordKey(m.key, KeyRecord{number, from.balance, to.balance});
  return number;
}

uint32_t Ledger::AppendRelease(HoldRecord& hold, const Mutation& m) {
  Account& from = *FindAccount(entry(hold.entry).id);
  uint32_t number =
      Append(Entry{0, 0, from.id, static_cast<int32_t>(hold.entry), 0,
                   EntryKind::kRelease},
             m);
  CloseHold(hold, HoldState::kReleased);
  RecordKey(m.key, KeyRecord{number, from.balance, AvailableOf(from)});
  return number;
}

uint32_t Ledger::AppendLimit(Account& account, int64_t limit,
                             const Mutation& m) {
  replaced_limits_.push_back(account.overdraft_limit);
  account.overdraft_limit = limit;
  uint32_t number =
      Append(Entry{limit, 0, account.id, 0, 0, EntryKind::kLimit}, m);
  RecordKey(m.key, KeyRecord{number, account.balance, 0});
  return number;
}

void Ledger::AddHold(const HoldRecord& hold) {
  const uint64_t run = hold.entry / kHoldRunEntries;
  while (hold_runs_.size() <= run) {
    hold_runs_.push_back(static_cast<uint32_t>(holds_.size()));
  }
  holds_.push_back(hold);
}

void Ledger::RemoveLastHold() {
  holds_.pop_back();
  // The runs that began with it (AddHold gave them its index) are empty.
  while (!hold_runs_.empty() && hold_runs_.back() == holds_.size()) {
    hold_runs_.pop_back();
  }
}

size_t Ledger::HoldIndex(uint64_t number) const {
  const uint64_t run = number / kHoldRunEntries;
  if (run >= hold_runs_.size()) return holds_.size();
  const auto first = holds_.begin() + hold_runs_[run];
  const auto last = run + 1 < hold_runs_.size()
                        ? holds_.begin() + hold_runs_[run + 1]
                        : holds_.end();
  auto it = std::lower_bound(
      first, last, number,
      [](const HoldRecord& hold, uint64_t n) { return hold.entry < n; });
  return it != last && it->entry == number
             ? static_cast<size_t>(it - holds_.begin())
             : holds_.size();
}

const HoldRecord* Ledger::FindHold(uint64_t number) const {
  size_t index = HoldIndex(number);
  return index < holds_.size() ? &holds_[index] : nullptr;
}

void Ledger::CloseHold(HoldRecord& hold, HoldState state) {
  const Entry& placed = entry(hold.entry);
  if (hold.expires_at != 0) {
    expiring_.erase(
        {hold.expires_at, static_cast<uint32_t>(&hold - holds_.data())});
  }
  hold.state = state;
  Account& from = *FindAccount(placed.id);
  from.held -= placed.amount;
  --from.holds;
  --FindAccount(placed.to)->holds;
}

void Ledger::Reopen(HoldRecord& hold) {
  const Entry& placed = entry(hold.entry);
  hold.state = HoldState::kPending;
  Account& from = *FindAccount(placed.id);
  from.held += placed.amount;
  ++from.holds;
  ++FindAccount(placed.to)->holds;
  if (hold.expires_at != 0) {
    expiring_.emplace(hold.expires_at,
                      static_cast<uint32_t>(&hold - holds_.data()));
  }
}

void Ledger::Expire(int64_t at) {
  const uint32_t tag = entry_count() + 1;
  while (!expiring_.empty() && expiring_.begin()->first <= at) {
    const uint32_t index = expiring_.begin()->second;
    CloseHold(holds_[index], HoldState::kExpired);
    expired_.push_back(Expiry{tag, index});
  }
}

void Ledger::Settle() {
  while (!expired_.empty() && expired_.back().tag > entry_count()) {
    Reopen(holds_[expired_.back().hold]);
    expired_.pop_back();
  }
}

void Ledger::AdvanceTime(uint32_t number, int64_t at) {
  // The op prepared at its own time (PrepareAt), so nothing is due here
  // unless a caller appended without preparing: expire what is due anyway,
  // so that no pending hold is ever past the bank's time.
  if (!expiring_.empty() && expiring_.begin()->first <= at) Expire(at);
  time_steps_.push_back(number);
  time_ = at;
}

bool Ledger::BalanceAfter(const Account& account, uint32_t number,
                          int64_t* out) {
  EntriesOf(account);
  const History& history = HistoryOf(account);
  auto it =
      std::upper_bound(history.numbers.begin(), history.numbers.end(), number);
  if (it == history.numbers.begin()) return false;
  // From the balance before the block of kBaseEvery items holding the
  // entry, walk at most kBaseEvery entries.
  const size_t last = static_cast<size_t>(it - history.numbers.begin()) - 1;
  const size_t block = last / kBaseEvery;
  int64_t balance = block == 0 ? 0 : history.bases[block - 1];
  for (size_t i = block * kBaseEvery; i <= last; ++i) {
    balance += ChangeOf(entry(history.numbers[i]), account.id);
  }
  *out = balance;
  return true;
}

int64_t Ledger::ChangeOf(const Entry& e, int32_t id) const {
  switch (e.kind) {
    case EntryKind::kOpen:
    case EntryKind::kDeposit:
      return e.amount;
    case EntryKind::kWithdraw:
      return -e.amount;
    case EntryKind::kTransfer:
    case EntryKind::kCapture:
      return e.id == id ? -e.amount : e.amount;
    default:
      return 0;
  }
}

int32_t Ledger::SecondAccountOf(const Entry& e) const {
  switch (e.kind) {
    case EntryKind::kTransfer:
    case EntryKind::kHold:
      return e.to;
    case EntryKind::kCapture:
    case EntryKind::kRelease:
      return entry(HoldNumberOf(e)).to;
    default:
      return 0;
  }
}

void Ledger::UndoLast() {
  const uint32_t number = entry_count();
  const Entry e = entries_.back();
  Account& account = *FindAccount(e.id);
  const int32_t second_id = SecondAccountOf(e);
  // Today only a batch or a failed write rolls back, and no history runs
  // inside one, so the entry is never indexed yet; this keeps RollbackTo
  // right regardless.
  if (number <= history_indexed_) {
    for (int32_t id : {e.id, second_id}) {
      if (id == 0) continue;
      History& history = HistoryOf(*FindAccount(id));
      history.numbers.pop_back();
      history.running -= ChangeOf(e, id);
      const size_t size = history.numbers.size();
      if (size > 0 && size % kBaseEvery == 0) history.bases.pop_back();
    }
    history_indexed_ = number - 1;
  }
  switch (e.kind) {
    case EntryKind::kOpen:
      // Opens are undone newest first, so this account is the last one.
      account_index_.Erase(e.id);
      accounts_.pop_back();
      if (histories_.size() > accounts_.size()) histories_.pop_back();
      break;
    case EntryKind::kDeposit:
      account.balance -= e.amount;
      break;
    case EntryKind::kWithdraw:
      account.balance += e.amount;
      break;
    case EntryKind::kTransfer: {
      Account& to = *FindAccount(e.to);
      account.balance += e.amount;
      to.balance -= e.amount;
      break;
    }
    case EntryKind::kClose:
      account.closed = false;
      break;
    case EntryKind::kHold: {
      const HoldRecord& hold = holds_.back();
      if (hold.expires_at != 0) {
        expiring_.erase(
            {hold.expires_at, static_cast<uint32_t>(holds_.size() - 1)});
      }
      account.held -= e.amount;
      --account.holds;
      --FindAccount(e.to)->holds;
      RemoveLastHold();
      break;
    }
    case EntryKind::kCapture:
      account.balance += e.amount;
      FindAccount(second_id)->balance -= e.amount;
      Reopen(HoldAt(HoldNumberOf(e)));
      break;
    case EntryKind::kRelease:
      Reopen(HoldAt(HoldNumberOf(e)));
      break;
    case EntryKind::kLimit:
      account.overdraft_limit = replaced_limits_.back();
      replaced_limits_.pop_back();
      break;
  }
  if (e.extra != 0) {
    const EntryExtra extra = extras_.back();
    extras_.pop_back();
    if (extra.key != 0) {
      std::string key = *key_texts_.back();
      key_texts_.pop_back();
      keys_.erase(key);
    }
    if (extra.memo != 0) memos_.pop_back();
  }
  entries_.pop_back();
  // What the op expired before it wrote this entry is pending again, and
  // the bank's time goes back to before it.
  while (!expired_.empty() && expired_.back().tag >= number) {
    Reopen(holds_[expired_.back().hold]);
    expired_.pop_back();
  }
  if (!time_steps_.empty() && time_steps_.back() == number) {
    time_steps_.pop_back();
    time_ = time_steps_.empty() ? base_time_ : entry(time_steps_.back()).at;
  }
}

const std::vector<uint32_t>& Ledger::EntriesOf(const Account& account) {
  histories_.resize(accounts_.size());
  for (; history_indexed_ < entry_count(); ++history_indexed_) {
    IndexEntry(history_indexed_ + 1);
  }
  return HistoryOf(account).numbers;
}

void Ledger::IndexEntry(uint32_t number) {
  const Entry& e = entry(number);
  for (int32_t id : {e.id, SecondAccountOf(e)}) {
    if (id == 0) continue;
    History& history = HistoryOf(*FindAccount(id));
    const size_t size = history.numbers.size();
    if (size > 0 && size % kBaseEvery == 0) {
      history.bases.push_back(history.running);
    }
    history.numbers.push_back(number);
    history.running += ChangeOf(e, id);  // a balance it had: no overflow
  }
}

void Ledger::RollbackTo(uint32_t count, const ChainState& saved) {
  Settle();
  while (entry_count() > count) UndoLast();
  if (hashed_ <= count) return;
  // Chained entries were undone. `saved` is still the chain of the entries
  // it covers if none of them was undone since it was saved (the
  // generation), so it can be kept.
  const bool keep = saved.generation == generation_ && saved.hashed <= count;
  ++generation_;
  hashed_ = keep ? saved.hashed : 0;
  head_ = keep ? saved.head : Sha256Digest{};
  if (keep) marked_ = chain();
}

namespace {

void AppendInt(std::string* out, int64_t value) {
  char digits[20];  // INT64_MIN's
  const auto [end, error] =
      std::to_chars(digits, digits + sizeof digits, value);
  out->append(digits, end);
}

// Where an entry's line goes as WriteEntryJson produces it: appended to a
// string (AppendEntryJson), or compared with a line piece by piece without
// being built (EntryJsonIs). Both take the same pieces, so a line is the
// entry's exactly when the comparison finds it so.
class AppendingSink {
 public:
  explicit AppendingSink(std::string* out) : out_(out) {}
  template <size_t N>
  void Literal(const char (&text)[N]) {
    out_->append(text, N - 1);
  }
  void Text(std::string_view text) { out_->append(text); }
  void Int(int64_t value) { AppendInt(out_, value); }
  void JsonString(std::string_view text) { AppendJsonString(out_, text); }

 private:
  std::string* out_;
};

class ComparingSink {
 public:
  explicit ComparingSink(std::string_view line) : line_(line) {}
  template <size_t N>
  void Literal(const char (&text)[N]) {
    Text(std::string_view(text, N - 1));
  }
  void Text(std::string_view text) {
    if (!same_) return;
    if (line_.size() - at_ < text.size() || !SameBytes(text)) {
      same_ = false;
      return;
    }
    at_ += text.size();
  }
  void Int(int64_t value) {
    char digits[20];  // INT64_MIN's
    const auto [end, error] =
        std::to_chars(digits, digits + sizeof digits, value);
    Text(std::string_view(digits, static_cast<size_t>(end - digits)));
  }
  // AppendJsonString writes every byte as it is but '"', '\\', those below
  // 0x20 and the first of a WTF-8 surrogate (0xED): text without them is
  // written between quotes as it is.
  void JsonString(std::string_view text) {
    if (!same_) return;
    for (const char c : text) {
      const unsigned char u = static_cast<unsigned char>(c);
      if (u < 0x20 || c == '"' || c == '\\' || u == 0xED) {
        std::string escaped;
        AppendJsonString(&escaped, text);
        Text(escaped);
        return;
      }
    }
    Literal("\"");
    Text(text);
    Literal("\"");
  }
  bool same() const { return same_ && at_ == line_.size(); }

 private:
  // Whether the line's next bytes are `text` (which fits), eight at a time.
  bool SameBytes(std::string_view text) const {
    const char* a = line_.data() + at_;
    const char* b = text.data();
    size_t n = text.size();
    for (; n >= 8; n -= 8, a += 8, b += 8) {
      uint64_t x;
      uint64_t y;
      std::memcpy(&x, a, 8);
      std::memcpy(&y, b, 8);
      if (x != y) return false;
    }
    for (; n > 0; --n, ++a, ++b) {
      if (*a != *b) return false;
    }
    return true;
  }

  std::string_view line_;
  size_t at_ = 0;
  bool same_ = true;
};

// The journal line of entry `number` (docs/journal-format.md), piece by
// piece into `out`.
template <typename Sink>
void WriteEntryJson(const Ledger& ledger, uint32_t number, Sink& out) {
  const Entry& e = ledger.entry(number);
  const Account& account = *ledger.FindAccount(e.id);
  const int scale = account.scale();
  out.Literal("{\"entry\":");
  out.Int(number);
  out.Literal(",\"kind\":\"");
  out.Text(EntryKindName(e.kind));
  out.Literal("\"");
  if (e.kind == EntryKind::kTransfer || e.kind == EntryKind::kHold) {
    out.Literal(",\"from\":");
    out.Int(e.id);
    out.Literal(",\"to\":");
    out.Int(e.to);
  } else if (e.kind == EntryKind::kCapture || e.kind == EntryKind::kRelease) {
    out.Literal(",\"hold\":");
    out.Int(HoldNumberOf(e));
  } else {
    out.Literal(",\"id\":");
    out.Int(e.id);
  }
  if (e.kind == EntryKind::kOpen) {
    out.Literal(",\"name\":");
    out.JsonString(account.name());
    out.Literal(",\"address\":");
    out.JsonString(account.address());
    out.Literal(",\"currency\":\"");
    out.Text(CurrencyAt(account.currency).code);
    out.Literal("\"");
  }
  if (e.kind != EntryKind::kClose && e.kind != EntryKind::kRelease &&
      e.kind != EntryKind::kLimit) {
    out.Literal(",\"amount\":\"");
    out.Text(FormatAmount(e.amount, scale));
    out.Literal("\"");
  }
  if (e.kind == EntryKind::kOpen || e.kind == EntryKind::kLimit) {
    const int64_t limit =
        e.kind == EntryKind::kOpen ? account.opening_limit : e.amount;
    out.Literal(",\"overdraft_limit\":\"");
    out.Text(FormatAmount(limit, scale));
    out.Literal("\"");
  }
  if (e.kind == EntryKind::kHold) {
    if (const HoldRecord* hold = ledger.FindHold(number);
        hold->expires_at != 0) {
      out.Literal(",\"expires_at\":");
      out.Int(hold->expires_at);
    }
  }
  if (std::string_view memo = ledger.memo_of(e); !memo.empty()) {
    out.Literal(",\"memo\":");
    out.JsonString(memo);
  }
  if (std::string_view key = ledger.key_of(e); !key.empty()) {
    out.Literal(",\"key\":");
    out.JsonString(key);
  }
  out.Literal(",\"at\":");
  out.Int(e.at);
  out.Literal("}");
}

}  // namespace

void Ledger::AppendEntryJson(uint32_t number, std::string* out) const {
  AppendingSink sink(out);
  WriteEntryJson(*this, number, sink);
}

bool Ledger::EntryJsonIs(uint32_t number, std::string_view line) const {
  ComparingSink sink(line);
  WriteEntryJson(*this, number, sink);
  return sink.same();
}

void Ledger::AppendAccountJson(const Account& account, std::string* out) const {
  const int scale = account.scale();
  out->append("{\"id\":");
  AppendInt(out, account.id);
  out->append(",\"name\":");
  AppendJsonString(out, account.name());
  out->append(",\"address\":");
  AppendJsonString(out, account.address());
  out->append(",\"currency\":\"").append(CurrencyAt(account.currency).code);
  out->append("\",\"balance\":\"").append(FormatAmount(account.balance, scale));
  out->append("\",\"held\":\"").append(FormatAmount(account.held, scale));
  out->append("\",\"available\":\"")
      .append(FormatAmount(AvailableOf(account), scale));
  out->append("\",\"overdraft_limit\":\"")
      .append(FormatAmount(account.overdraft_limit, scale));
  out->append("\",\"status\":\"").append(account.closed ? "closed" : "open");
  out->append("\"}");
}

Sha256Digest Ledger::Head() {
  std::string line;
  while (hashed_ < entry_count()) {
    line.clear();
    AppendEntryJson(hashed_ + 1, &line);
    Fold(line);
  }
  return head_;
}

void Ledger::ChainLine(uint32_t number, std::string_view line) {
  // Only onto a chain that is up to date to the entry before; otherwise the
  // chain stays lazy and Head() renders this entry when it gets there.
  if (hashed_ + 1 == number && number <= entry_count()) Fold(line);
}

void Ledger::Fold(std::string_view line) {
  Sha256 hash;
  hash.Update(head_.data(), head_.size());
  hash.Update(line.data(), line.size());
  head_ = hash.Finish();
  ++hashed_;
}

}  // namespace wasmbank
