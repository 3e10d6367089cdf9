#include "journal_io.h"

#include "executor.h"
#include "field_reader.h"
#include "json.h"
#include "ops.h"
#include "text_rules.h"

namespace wasmbank {
namespace {

constexpr std::string_view kFormatLine =
    "{\"format\":\"wasm-bank-journal\",\"version\":1}";

std::string HeadLine(Ledger& ledger) {
  return "{\"head\":\"" + ToHex(ledger.Head()) + "\"}";
}

Status Corrupt(size_t line_number, std::string_view why) {
  return Status(ErrorCode::kCorruptJournal, "the journal is corrupt at line " +
                                                std::to_string(line_number) +
                                                ": " + std::string(why));
}

// Applies one entry line's object to `ledger` through the ops themselves.
Outcome ApplyEntry(Ledger& ledger, const JsonValue& entry) {
  FieldReader fields(entry, Dialect::kScenario);
  std::string_view kind;
  Outcome outcome;
  outcome.status = Status(ErrorCode::kCorruptJournal, "unknown entry kind");
  if (!fields.String("kind", &kind)) return outcome;
  if (kind == "open") {
    OpenRequest r;
    if (fields.Id("id", &r.id) && fields.String("name", &r.name) &&
        fields.Address(&r.address) && fields.String("currency", &r.currency) &&
        fields.Amount("amount", true, &r.balance) &&
        fields.Amount("overdraft_limit", true, &r.overdraft_limit) &&
        fields.MutationFields(&r.mutation)) {
      return Open(ledger, r);
    }
  } else if (kind == "deposit" || kind == "withdraw") {
    AmountRequest r;
    if (fields.Id("id", &r.id) && fields.Amount("amount", true, &r.amount) &&
        fields.MutationFields(&r.mutation)) {
      return kind == "deposit" ? Deposit(ledger, r) : Withdraw(ledger, r);
    }
  } else if (kind == "transfer") {
    TransferRequest r;
    if (fields.Id("from", &r.from) && fields.Id("to", &r.to) &&
        fields.Amount("amount", true, &r.amount) &&
        fields.MutationFields(&r.mutation)) {
      return Transfer(ledger, r);
    }
  } else if (kind == "close") {
    CloseRequest r;
    if (fields.Id("id", &r.id) && fields.MutationFields(&r.mutation)) {
      return Close(ledger, r);
    }
  } else {
    return outcome;
  }
  outcome.status = fields.status();
  return outcome;
}

}  // namespace

std::string ExportJournal(Ledger& ledger) {
  std::string out(kFormatLine);
  out.push_back('\n');
  for (uint32_t n = 1; n <= ledger.entry_count(); ++n) {
    ledger.AppendEntryJson(n, &out);
    out.push_back('\n');
  }
  out.append(HeadLine(ledger)).push_back('\n');
  return out;
}

Status ReplayJournal(std::string_view text, Ledger* fresh) {
  if (!text.empty() && text.back() == '\n') text.remove_suffix(1);
  std::vector<std::string_view> lines;
  for (size_t start = 0;;) {
    size_t end = text.find('\n', start);
    lines.push_back(text.substr(start, end - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  if (lines.size() < 2 || lines.front() != kFormatLine) {
    return Corrupt(1, "it does not start with the wasm-bank journal header");
  }
  fresh->set_quiet(true);
  std::string rendered;
  for (size_t i = 1; i + 1 < lines.size(); ++i) {
    std::string_view line = lines[i];
    std::optional<JsonValue> entry;
    if (line.size() <= kMaxLineBytes && IsValidUtf8(line)) {
      entry = ParseJson(line, 1);
    }
    if (!entry || entry->type != JsonValue::Type::kObject) {
      return Corrupt(i + 1, "not a JSON object");
    }
    Outcome outcome = ApplyEntry(*fresh, *entry);
    if (!outcome.ok() || outcome.replayed ||
        outcome.entry != fresh->entry_count() || outcome.entry != i) {
      return Corrupt(i + 1,
                     "the entry does not replay: " + outcome.status.message());
    }
    rendered.clear();
    fresh->AppendEntryJson(outcome.entry, &rendered);
    if (rendered != line) {
      return Corrupt(i + 1, "the entry is not in its canonical form");
    }
  }
  if (lines.back() != HeadLine(*fresh)) {
    return Corrupt(lines.size(), "the head does not match the entries");
  }
  fresh->set_quiet(false);
  return Status::Ok();
}

Status VerifyLedger(Ledger& ledger) {
  Ledger replayed;
  Status status = ReplayJournal(ExportJournal(ledger), &replayed);
  if (!status.ok()) return status;
  const auto& now = ledger.accounts();
  const auto& then = replayed.accounts();
  bool same = now.size() == then.size();
  for (size_t i = 0; same && i < now.size(); ++i) {
    same = now[i].id == then[i].id && now[i].balance == then[i].balance &&
           now[i].closed == then[i].closed;
  }
  if (!same) {
    return Status(ErrorCode::kCorruptJournal,
                  "the accounts do not match what the journal says");
  }
  return Status::Ok();
}

}  // namespace wasmbank
