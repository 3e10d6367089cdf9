// libFuzzer target: the journal's two entry readers agree on every line.
// Each line of the input (split at '\n'), and for a line the fast reader
// takes a few edits of it (a byte replaced, doubled or dropped, the line
// cut short), is read by the fast reader (ReadCanonicalEntry) and the
// general one (ParseJson + ReadEntryFields). The fast reader may decline
// anything; what it takes, the general reader must take too (valid UTF-8,
// within kMaxLineBytes, a flat JSON object whose fields read), with exactly
// the same values, the same kind and, as its "entry" member, the same
// number. Read into an object that held another line's values, it gives
// the same values again for every member the kind uses: replays reuse one.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "entry_reader.h"
#include "fuzz_checks.h"
#include "json.h"
#include "text_rules.h"
#include "wasmbank/contract.h"

namespace {

using wasmbank::Amount;
using wasmbank::EntryFields;
using wasmbank::EntryKind;
using wasmbank::OpOptions;
using wasmbank::fuzz::Check;

bool Same(const Amount& a, const Amount& b) {
  return a.form() == b.form() && a.minor() == b.minor() && a.text() == b.text();
}

bool Same(const OpOptions& a, const OpOptions& b) {
  return a.key == b.key && a.memo == b.memo && a.at == b.at;
}

// The members ApplyEntryFields reads for the kind.
bool SameForKind(const EntryFields& a, const EntryFields& b) {
  if (a.kind != b.kind || !Same(a.options, b.options)) return false;
  switch (a.kind) {
    case EntryKind::kOpen:
      return a.open.id == b.open.id && a.open.name == b.open.name &&
             a.open.address == b.open.address &&
             a.open.currency == b.open.currency &&
             Same(a.open.balance, b.open.balance) &&
             Same(a.open.overdraft_limit, b.open.overdraft_limit);
    case EntryKind::kDeposit:
    case EntryKind::kWithdraw:
    case EntryKind::kLimit:
      return a.id == b.id && Same(a.amount, b.amount);
    case EntryKind::kTransfer:
      return a.from == b.from && a.to == b.to && Same(a.amount, b.amount);
    case EntryKind::kClose:
      return a.id == b.id;
    case EntryKind::kHold:
      return a.from == b.from && a.to == b.to && Same(a.amount, b.amount) &&
             a.expires_at == b.expires_at;
    case EntryKind::kCapture:
    case EntryKind::kRelease:
      return a.hold == b.hold && Same(a.amount, b.amount);
  }
  return false;
}

// Every member, for two objects that started out fresh.
bool SameEverywhere(const EntryFields& a, const EntryFields& b) {
  return SameForKind(a, b) && a.open.id == b.open.id &&
         a.open.name == b.open.name && a.open.address == b.open.address &&
         a.open.currency == b.open.currency &&
         Same(a.open.balance, b.open.balance) &&
         Same(a.open.overdraft_limit, b.open.overdraft_limit) && a.id == b.id &&
         a.from == b.from && a.to == b.to && a.hold == b.hold &&
         Same(a.amount, b.amount) && a.expires_at == b.expires_at;
}

// The fast reader's object, reused from line to line as a replay does.
EntryFields& Reused() {
  static EntryFields* fields = new EntryFields();
  return *fields;
}

// Returns whether the fast reader took the line.
bool CompareReaders(std::string_view line) {
  EntryFields fast;
  uint64_t number = 0;
  if (!wasmbank::ReadCanonicalEntry(line, &fast, &number)) {
    // The reused object declines the same lines.
    uint64_t ignored;
    Check(!wasmbank::ReadCanonicalEntry(line, &Reused(), &ignored));
    return false;
  }
  Check(line.size() <= wasmbank::kMaxLineBytes);
  Check(wasmbank::IsValidUtf8(line));
  std::optional<wasmbank::JsonValue> json = wasmbank::ParseJson(line, 1);
  Check(json.has_value() && json->type == wasmbank::JsonValue::Type::kObject);
  EntryFields general;
  Check(wasmbank::ReadEntryFields(*json, &general).ok());
  Check(SameEverywhere(fast, general));
  const wasmbank::JsonValue* entry = json->Find("entry");
  Check(entry != nullptr && entry->is_number() && entry->integer_token &&
        entry->number == static_cast<double>(number));

  uint64_t again = 0;
  Check(wasmbank::ReadCanonicalEntry(line, &Reused(), &again));
  Check(again == number && SameForKind(Reused(), general));
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  wasmbank::fuzz::ReadLinesAndEdits(
      std::string_view(reinterpret_cast<const char*>(data), size),
      CompareReaders);
  return 0;
}
