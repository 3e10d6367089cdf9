#include "ledger.h"

#include "json.h"

namespace wasmbank {

std::string_view EntryKindName(EntryKind kind) {
  switch (kind) {
#define WASMBANK_KIND_CASE(name, text) \
  case EntryKind::name:                \
    return text;
    WASMBANK_ENTRY_KINDS(WASMBANK_KIND_CASE)
#undef WASMBANK_KIND_CASE
  }
  return "";
}

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
  // History reads index the entries not indexed yet: two numbers (a
  // transfer's two accounts) in vectors that may double.
  bytes += (entry_count() + entries - history_indexed_) * 4 * sizeof(uint32_t);
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
  account.text.reserve(name.size() + address.size());
  account.text.append(name).append(address);
  account.name_size = static_cast<uint16_t>(name.size());
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

void Ledger::UndoLast() {
  const Entry e = entries_.back();
  Account& account = *FindAccount(e.id);
  // Today only a batch rolls back, and no history runs inside one, so the
  // entry is never indexed yet; this keeps RollbackTo right regardless.
  const bool indexed = entry_count() <= history_indexed_;
  if (indexed) {
    HistoryOf(account).pop_back();
    history_indexed_ = entry_count() - 1;
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
      if (indexed) HistoryOf(to).pop_back();
      account.balance += e.amount;
      to.balance -= e.amount;
      break;
    }
    case EntryKind::kClose:
      account.closed = false;
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
}

const std::vector<uint32_t>& Ledger::EntriesOf(const Account& account) {
  histories_.resize(accounts_.size());
  for (; history_indexed_ < entry_count(); ++history_indexed_) {
    const Entry& e = entry(history_indexed_ + 1);
    HistoryOf(*FindAccount(e.id)).push_back(history_indexed_ + 1);
    if (e.kind == EntryKind::kTransfer) {
      HistoryOf(*FindAccount(e.to)).push_back(history_indexed_ + 1);
    }
  }
  return HistoryOf(account);
}

void Ledger::RollbackTo(uint32_t count, const ChainState& saved) {
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
  out->append(std::to_string(value));
}

}  // namespace

void Ledger::AppendEntryJson(uint32_t number, std::string* out) const {
  const Entry& e = entry(number);
  const Account& account = *FindAccount(e.id);
  const int scale = account.scale();
  out->append("{\"entry\":");
  AppendInt(out, number);
  out->append(",\"kind\":\"").append(EntryKindName(e.kind)).append("\"");
  if (e.kind == EntryKind::kTransfer) {
    out->append(",\"from\":");
    AppendInt(out, e.id);
    out->append(",\"to\":");
    AppendInt(out, e.to);
  } else {
    out->append(",\"id\":");
    AppendInt(out, e.id);
  }
  if (e.kind == EntryKind::kOpen) {
    out->append(",\"name\":");
    AppendJsonString(out, account.name());
    out->append(",\"address\":");
    AppendJsonString(out, account.address());
    out->append(",\"currency\":\"")
        .append(CurrencyAt(account.currency).code)
        .append("\"");
  }
  if (e.kind != EntryKind::kClose) {
    out->append(",\"amount\":\"").append(FormatAmount(e.amount, scale));
    out->append("\"");
  }
  if (e.kind == EntryKind::kOpen) {
    out->append(",\"overdraft_limit\":\"")
        .append(FormatAmount(account.overdraft_limit, scale))
        .append("\"");
  }
  if (std::string_view memo = memo_of(e); !memo.empty()) {
    out->append(",\"memo\":");
    AppendJsonString(out, memo);
  }
  if (std::string_view key = key_of(e); !key.empty()) {
    out->append(",\"key\":");
    AppendJsonString(out, key);
  }
  out->append(",\"at\":");
  AppendInt(out, e.at);
  out->append("}");
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
