#include "entry_reader.h"

#include <cstring>
#include <string>

#include "field_reader.h"
#include "ops.h"
#include "text_rules.h"

namespace wasmbank {

Status ReadEntryFields(const JsonValue& entry, EntryFields* out) {
  FieldReader fields(entry);
  std::string kind;
  const Status unknown(ErrorCode::kCorruptJournal, "unknown entry kind");
  if (!fields.String("kind", &kind)) return unknown;
  OpOptions& options = out->options;
  bool read = false;
  if (kind == "open") {
    out->kind = EntryKind::kOpen;
    AccountSpec& spec = out->open;
    read = fields.Id("id", &spec.id) && fields.String("name", &spec.name) &&
           fields.String("address", &spec.address) &&
           fields.String("currency", &spec.currency) &&
           fields.ReadAmountField("amount", true, &spec.balance) &&
           fields.ReadAmountField("overdraft_limit", true,
                                  &spec.overdraft_limit) &&
           fields.Options(&options);
  } else if (kind == "deposit" || kind == "withdraw") {
    out->kind = kind == "deposit" ? EntryKind::kDeposit : EntryKind::kWithdraw;
    read = fields.Id("id", &out->id) &&
           fields.ReadAmountField("amount", true, &out->amount) &&
           fields.Options(&options);
  } else if (kind == "transfer") {
    out->kind = EntryKind::kTransfer;
    read = fields.Id("from", &out->from) && fields.Id("to", &out->to) &&
           fields.ReadAmountField("amount", true, &out->amount) &&
           fields.Options(&options);
  } else if (kind == "close") {
    out->kind = EntryKind::kClose;
    read = fields.Id("id", &out->id) && fields.Options(&options);
  } else if (kind == "hold") {
    out->kind = EntryKind::kHold;
    read = fields.Id("from", &out->from) && fields.Id("to", &out->to) &&
           fields.ReadAmountField("amount", true, &out->amount) &&
           fields.OptionalInteger("expires_at", 1, kMaxAt, &out->expires_at) &&
           fields.Options(&options);
  } else if (kind == "capture" || kind == "release") {
    // A capture's entry always says the amount captured.
    out->kind = kind == "capture" ? EntryKind::kCapture : EntryKind::kRelease;
    read = fields.Integer("hold", 1, kMaxHold, &out->hold) &&
           fields.ReadAmountField("amount", kind == "capture", &out->amount) &&
           fields.Options(&options);
  } else if (kind == "limit") {
    out->kind = EntryKind::kLimit;
    read = fields.Id("id", &out->id) &&
           fields.ReadAmountField("overdraft_limit", true, &out->amount) &&
           fields.Options(&options);
  } else {
    return unknown;
  }
  return read ? Status::Ok() : fields.status();
}

Result<Receipt> ApplyEntryFields(Ledger& ledger, const EntryFields& f) {
  switch (f.kind) {
    case EntryKind::kOpen:
      return Open(ledger, f.open, f.options);
    case EntryKind::kDeposit:
      return Deposit(ledger, f.id, f.amount, f.options);
    case EntryKind::kWithdraw:
      return Withdraw(ledger, f.id, f.amount, f.options);
    case EntryKind::kTransfer:
      return Transfer(ledger, f.from, f.to, f.amount, f.options);
    case EntryKind::kClose:
      return Close(ledger, f.id, f.options);
    case EntryKind::kHold: {
      HoldOptions hold;
      if (f.expires_at != 0) hold.expires_at = f.expires_at;
      return Hold(ledger, f.from, f.to, f.amount, hold, f.options);
    }
    case EntryKind::kCapture:
      return Capture(ledger, f.hold, f.amount, f.options);
    case EntryKind::kRelease:
      return Release(ledger, f.hold, f.options);
    case EntryKind::kLimit:
      return SetLimit(ledger, f.id, f.amount, f.options);
  }
  return Status(ErrorCode::kCorruptJournal, "unknown entry kind");
}

namespace {

// One pass over a canonical line. Every read returns false as soon as the
// text is not what the canonical shape has there.
class CanonicalReader {
 public:
  explicit CanonicalReader(std::string_view line)
      : p_(line.data()), end_(line.data() + line.size()) {}

  // The exact bytes `text` (a literal) next. Compared eight bytes at a
  // time in place: memcmp is a call, and a byte loop in wasm.
  template <size_t N>
  bool Literal(const char (&text)[N]) {
    constexpr size_t n = N - 1;
    if (static_cast<size_t>(end_ - p_) < n) return false;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
      uint64_t a;
      uint64_t b;
      std::memcpy(&a, p_ + i, 8);
      std::memcpy(&b, text + i, 8);
      if (a != b) return false;
    }
    for (; i < n; ++i) {
      if (p_[i] != text[i]) return false;
    }
    p_ += n;
    return true;
  }

  // Whether `text` comes next; consumed if so.
  template <size_t N>
  bool Maybe(const char (&text)[N]) {
    return Literal(text);
  }

  // A plain decimal integer from min to max (0 <= min, max <= 2^53): no
  // sign, no leading zero, at most 16 digits. Within that range a double
  // holds every integer exactly, so the general reader (which reads JSON
  // numbers as JSON.parse does) reads the same value.
  bool Integer(int64_t min, int64_t max, int64_t* out) {
    const char* start = p_;
    int64_t value = 0;
    while (p_ < end_ && *p_ >= '0' && *p_ <= '9') {
      value = value * 10 + (*p_ - '0');
      ++p_;
      if (p_ - start > 16) return false;
    }
    const ptrdiff_t digits = p_ - start;
    if (digits == 0 || (digits > 1 && *start == '0')) return false;
    if (value < min || value > max) return false;
    *out = value;
    return true;
  }

  bool Id(int32_t* out) {
    int64_t id;
    if (!Integer(1, kMaxId, &id)) return false;
    *out = static_cast<int32_t>(id);
    return true;
  }

  // The rest of a string whose opening quote was read, up to and with its
  // closing quote, decoded: the only escapes taken are \" and \\ (the
  // canonical writer escapes nothing else that the ops accept), no byte
  // below 0x20, valid UTF-8.
  bool String(std::string* out) {
    out->clear();
    const char* start = p_;
    bool high = false;
    while (p_ < end_) {
      const unsigned char c = static_cast<unsigned char>(*p_);
      if (c == '"') {
        out->append(start, p_);
        ++p_;
        // Non-ASCII bytes are only ever inside strings, and the escapes
        // taken out are ASCII: the line is valid UTF-8 when every string
        // is.
        return !high || IsValidUtf8(*out);
      }
      if (c == '\\') {
        if (end_ - p_ < 2 || (p_[1] != '"' && p_[1] != '\\')) return false;
        out->append(start, p_);
        out->push_back(p_[1]);
        p_ += 2;
        start = p_;
        continue;
      }
      if (c < 0x20) return false;
      high = high || c >= 0x80;
      ++p_;
    }
    return false;
  }

  bool AmountString(Amount* out) {
    if (!String(&scratch_)) return false;
    *out = Amount::Decimal(scratch_);
    return true;
  }

  // [,"memo":MEMO][,"key":KEY],"at":AT} and the end of the line.
  bool Options(OpOptions* out) {
    if (Maybe(",\"memo\":\"")) {
      if (!String(&out->memo)) return false;
    } else {
      out->memo.clear();
    }
    if (Maybe(",\"key\":\"")) {
      if (!String(&out->key.emplace())) return false;
    } else {
      out->key.reset();
    }
    return Literal(",\"at\":") && Integer(0, kMaxAt, &out->at) &&
           Literal("}") && p_ == end_;
  }

  char Peek() const { return p_ < end_ ? *p_ : '\0'; }

 private:
  const char* p_;
  const char* end_;
  std::string scratch_;
};

}  // namespace

bool ReadCanonicalEntry(std::string_view line, EntryFields* out,
                        uint64_t* number) {
  if (line.size() > kMaxLineBytes) return false;
  CanonicalReader r(line);
  int64_t entry;
  if (!r.Literal("{\"entry\":") || !r.Integer(1, UINT32_MAX, &entry) ||
      !r.Literal(",\"kind\":\"")) {
    return false;
  }
  *number = static_cast<uint64_t>(entry);
  // The kind, with its closing quote and the comma and quote of the member
  // that follows it, whose name then tells the rest.
  switch (r.Peek()) {
    case 'o': {
      AccountSpec& spec = out->open;
      out->kind = EntryKind::kOpen;
      return r.Literal("open\",\"id\":") && r.Id(&spec.id) &&
             r.Literal(",\"name\":\"") && r.String(&spec.name) &&
             r.Literal(",\"address\":\"") && r.String(&spec.address) &&
             r.Literal(",\"currency\":\"") && r.String(&spec.currency) &&
             r.Literal(",\"amount\":\"") && r.AmountString(&spec.balance) &&
             r.Literal(",\"overdraft_limit\":\"") &&
             r.AmountString(&spec.overdraft_limit) && r.Options(&out->options);
    }
    case 'd':
    case 'w':
      if (r.Maybe("deposit\"")) {
        out->kind = EntryKind::kDeposit;
      } else if (r.Maybe("withdraw\"")) {
        out->kind = EntryKind::kWithdraw;
      } else {
        return false;
      }
      return r.Literal(",\"id\":") && r.Id(&out->id) &&
             r.Literal(",\"amount\":\"") && r.AmountString(&out->amount) &&
             r.Options(&out->options);
    case 't':
      out->kind = EntryKind::kTransfer;
      return r.Literal("transfer\",\"from\":") && r.Id(&out->from) &&
             r.Literal(",\"to\":") && r.Id(&out->to) &&
             r.Literal(",\"amount\":\"") && r.AmountString(&out->amount) &&
             r.Options(&out->options);
    case 'h':
      out->kind = EntryKind::kHold;
      if (!(r.Literal("hold\",\"from\":") && r.Id(&out->from) &&
            r.Literal(",\"to\":") && r.Id(&out->to) &&
            r.Literal(",\"amount\":\"") && r.AmountString(&out->amount))) {
        return false;
      }
      out->expires_at = 0;
      if (r.Maybe(",\"expires_at\":")) {
        if (!r.Integer(1, kMaxAt, &out->expires_at)) return false;
      }
      return r.Options(&out->options);
    case 'c':
      if (r.Maybe("close\",\"id\":")) {
        out->kind = EntryKind::kClose;
        return r.Id(&out->id) && r.Options(&out->options);
      }
      out->kind = EntryKind::kCapture;
      return r.Literal("capture\",\"hold\":") &&
             r.Integer(1, kMaxHold, &out->hold) &&
             r.Literal(",\"amount\":\"") && r.AmountString(&out->amount) &&
             r.Options(&out->options);
    case 'r':
      out->kind = EntryKind::kRelease;
      out->amount = Amount();
      return r.Literal("release\",\"hold\":") &&
             r.Integer(1, kMaxHold, &out->hold) && r.Options(&out->options);
    case 'l':
      out->kind = EntryKind::kLimit;
      return r.Literal("limit\",\"id\":") && r.Id(&out->id) &&
             r.Literal(",\"overdraft_limit\":\"") &&
             r.AmountString(&out->amount) && r.Options(&out->options);
    default:
      return false;
  }
}

}  // namespace wasmbank
