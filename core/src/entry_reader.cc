#include "entry_reader.h"

#include <string>

#include "canonical_reader.h"
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
