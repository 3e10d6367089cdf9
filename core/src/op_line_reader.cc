#include "op_line_reader.h"

#include "canonical_reader.h"

namespace wasmbank {
namespace {

using At = CanonicalReader::At;

bool ReadMove(CanonicalReader& r, EntryFields* out) {
  if (r.Maybe("deposit\",\"id\":")) {
    out->kind = EntryKind::kDeposit;
  } else if (r.Maybe("withdraw\",\"id\":")) {
    out->kind = EntryKind::kWithdraw;
  } else {
    return false;
  }
  return r.Id(&out->id) && r.Literal(",\"amount\":\"") &&
         r.AmountString(&out->amount) &&
         r.Options(&out->options, At::kOptional);
}

bool ReadTransferOrHold(CanonicalReader& r, EntryFields* out) {
  if (r.Maybe("transfer\",\"from\":")) {
    out->kind = EntryKind::kTransfer;
  } else if (r.Maybe("hold\",\"from\":")) {
    out->kind = EntryKind::kHold;
  } else {
    return false;
  }
  if (!(r.Id(&out->from) && r.Literal(",\"to\":") && r.Id(&out->to) &&
        r.Literal(",\"amount\":\"") && r.AmountString(&out->amount))) {
    return false;
  }
  out->expires_at = 0;
  if (out->kind == EntryKind::kHold && r.Maybe(",\"expires_at\":") &&
      !r.Integer(1, kMaxAt, &out->expires_at)) {
    return false;
  }
  return r.Options(&out->options, At::kOptional);
}

// capture (its amount optional: absent captures the rest) and release.
bool ReadSettle(CanonicalReader& r, EntryFields* out) {
  if (r.Maybe("capture\",\"hold\":")) {
    out->kind = EntryKind::kCapture;
  } else if (r.Maybe("release\",\"hold\":")) {
    out->kind = EntryKind::kRelease;
  } else {
    return false;
  }
  if (!r.Integer(1, kMaxHold, &out->hold)) return false;
  out->amount = Amount();
  if (out->kind == EntryKind::kCapture && r.Maybe(",\"amount\":\"") &&
      !r.AmountString(&out->amount)) {
    return false;
  }
  return r.Options(&out->options, At::kOptional);
}

bool ReadLimit(CanonicalReader& r, EntryFields* out) {
  out->kind = EntryKind::kLimit;
  return r.Literal("set_limit\",\"id\":") && r.Id(&out->id) &&
         r.Literal(",\"overdraft_limit\":\"") && r.AmountString(&out->amount) &&
         r.Options(&out->options, At::kOptional);
}

// After "close","id":
bool ReadClose(CanonicalReader& r, EntryFields* out) {
  out->kind = EntryKind::kClose;
  return r.Id(&out->id) && r.Options(&out->options, At::kOptional);
}

}  // namespace

bool ReadCanonicalOpLine(std::string_view line, EntryFields* out) {
  if (line.size() > kMaxLineBytes) return false;
  CanonicalReader r(line);
  if (!r.Literal("{\"op\":\"")) return false;
  switch (r.Peek()) {
    case 'd':
    case 'w':
      return ReadMove(r, out);
    case 't':
    case 'h':
      return ReadTransferOrHold(r, out);
    case 'c':
      return r.Maybe("close\",\"id\":") ? ReadClose(r, out)
                                        : ReadSettle(r, out);
    case 'r':
      return ReadSettle(r, out);
    case 's':
      return ReadLimit(r, out);
    default:
      return false;
  }
}

}  // namespace wasmbank
