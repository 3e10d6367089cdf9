#include "journal_io.h"

#include "executor.h"
#include "field_reader.h"
#include "json.h"
#include "ops.h"
#include "text_rules.h"

namespace wasmbank {
namespace {

constexpr std::string_view kFormatLine = kJournalFormatLine;

std::string HeadLine(Ledger& ledger) {
  return "{\"head\":\"" + ToHex(ledger.Head()) + "\"}";
}

Status Corrupt(size_t line_number, std::string_view why) {
  return Status(ErrorCode::kCorruptJournal, "the journal is corrupt at line " +
                                                std::to_string(line_number) +
                                                ": " + std::string(why));
}

// Applies one entry line's object to `ledger` through the ops themselves.
// (Fields the line must not have, or spells differently, are caught by the
// canonical re-rendering check in Replayer::Entry.)
Result<Receipt> ApplyEntry(Ledger& ledger, const JsonValue& entry) {
  FieldReader fields(entry);
  std::string kind;
  OpOptions options;
  const Status unknown(ErrorCode::kCorruptJournal, "unknown entry kind");
  if (!fields.String("kind", &kind)) return unknown;
  if (kind == "open") {
    AccountSpec spec;
    if (fields.Id("id", &spec.id) && fields.String("name", &spec.name) &&
        fields.String("address", &spec.address) &&
        fields.String("currency", &spec.currency) &&
        fields.ReadAmountField("amount", true, &spec.balance) &&
        fields.ReadAmountField("overdraft_limit", true,
                               &spec.overdraft_limit) &&
        fields.Options(&options)) {
      return Open(ledger, spec, options);
    }
  } else if (kind == "deposit" || kind == "withdraw") {
    int32_t id = 0;
    Amount amount;
    if (fields.Id("id", &id) &&
        fields.ReadAmountField("amount", true, &amount) &&
        fields.Options(&options)) {
      return kind == "deposit" ? Deposit(ledger, id, amount, options)
                               : Withdraw(ledger, id, amount, options);
    }
  } else if (kind == "transfer") {
    int32_t from = 0;
    int32_t to = 0;
    Amount amount;
    if (fields.Id("from", &from) && fields.Id("to", &to) &&
        fields.ReadAmountField("amount", true, &amount) &&
        fields.Options(&options)) {
      return Transfer(ledger, from, to, amount, options);
    }
  } else if (kind == "close") {
    int32_t id = 0;
    if (fields.Id("id", &id) && fields.Options(&options)) {
      return Close(ledger, id, options);
    }
  } else {
    return unknown;
  }
  return fields.status();
}

}  // namespace

std::string ExportJournalPiece(Ledger& ledger, uint64_t* cursor,
                               size_t max_bytes) {
  const uint64_t last_line = uint64_t{ledger.entry_count()} + 1;  // the head
  std::string out;
  for (; *cursor <= last_line && out.size() < max_bytes; ++*cursor) {
    if (*cursor == 0) {
      out.append(kFormatLine);
    } else if (*cursor < last_line) {
      ledger.AppendEntryJson(static_cast<uint32_t>(*cursor), &out);
    } else {
      out.append(HeadLine(ledger));
    }
    out.push_back('\n');
  }
  return out;
}

std::string ExportJournal(Ledger& ledger) {
  uint64_t cursor = 0;
  return ExportJournalPiece(ledger, &cursor, SIZE_MAX);
}

namespace {

// Rebuilds a fresh ledger from journal lines fed one at a time, so that
// neither import nor verify holds more than one line besides the ledgers.
class Replayer {
 public:
  explicit Replayer(Ledger* fresh) : ledger_(fresh) {
    ledger_->set_quiet(true);
  }
  ~Replayer() { ledger_->set_quiet(false); }

  Status Header(std::string_view line) {
    if (line == kFormatLine) return Status::Ok();
    return Corrupt(1, "it does not start with the wasm-bank journal header");
  }

  // Line `number` (from 2) holds entry number - 1.
  Status Entry(std::string_view line, size_t number) {
    std::optional<JsonValue> entry;
    if (line.size() <= kMaxLineBytes && IsValidUtf8(line)) {
      entry = ParseJson(line, 1);
    }
    if (!entry || entry->type != JsonValue::Type::kObject) {
      return Corrupt(number, "not a JSON object");
    }
    Result<Receipt> result = ApplyEntry(*ledger_, *entry);
    if (!result.ok() || result->replayed || result->entry != number - 1) {
      return Corrupt(number, "the entry does not replay: " + result.message());
    }
    rendered_.clear();
    ledger_->AppendEntryJson(result->entry, &rendered_);
    if (rendered_ != line) {
      return Corrupt(number, "the entry is not in its canonical form");
    }
    // The line is the entry's canonical form: chain it now, while it is at
    // hand, rather than render every entry again for the head.
    ledger_->ChainLine(line);
    return Status::Ok();
  }

  Status Head(std::string_view line, size_t number) {
    if (line == HeadLine(*ledger_)) return Status::Ok();
    return Corrupt(number, "the head does not match the entries");
  }

 private:
  Ledger* ledger_;
  std::string rendered_;
};

}  // namespace

Status ReplayJournal(std::string_view text, Ledger* fresh) {
  if (!text.empty() && text.back() == '\n') text.remove_suffix(1);
  Replayer replayer(fresh);
  size_t end = text.find('\n');
  Status status = replayer.Header(text.substr(0, end));
  if (status.ok() && end == std::string_view::npos) {
    status = Corrupt(2, "the head line is missing");
  }
  // Every line after the header is an entry, except the last: the head.
  for (size_t number = 2; status.ok(); ++number) {
    size_t start = end + 1;
    end = text.find('\n', start);
    std::string_view line = text.substr(start, end - start);
    if (end == std::string_view::npos) return replayer.Head(line, number);
    status = replayer.Entry(line, number);
  }
  return status;
}

Result<StoreOpening> ReplayStore(std::string_view bytes, Ledger* fresh) {
  StoreOpening opening;
  const size_t whole = bytes.rfind('\n') + 1;  // 0 when there is no '\n'
  opening.whole_bytes = whole;
  opening.torn_bytes = bytes.size() - whole;
  if (whole == 0) {
    // Nothing whole: a new store, or its format line torn while being
    // created. Anything else is not a store of ours: never cut it.
    if (kFormatLine.substr(0, bytes.size()) != bytes) {
      return Corrupt(1, "it does not start with the wasm-bank journal header");
    }
    return opening;
  }
  Replayer replayer(fresh);
  std::string_view text = bytes.substr(0, whole - 1);
  size_t end = text.find('\n');
  Status status = replayer.Header(text.substr(0, end));
  for (size_t number = 2; status.ok() && end != std::string_view::npos;
       ++number) {
    size_t start = end + 1;
    end = text.find('\n', start);
    status = replayer.Entry(text.substr(start, end - start), number);
  }
  if (!status.ok()) return status;
  opening.entries = fresh->entry_count();
  return opening;
}

Status ReplayEntryLines(std::string_view lines, Ledger* ledger) {
  const uint32_t before = ledger->entry_count();
  Replayer replayer(ledger);
  Status status;
  while (status.ok() && !lines.empty()) {
    const size_t end = lines.find('\n');
    if (end == std::string_view::npos) {
      status = Corrupt(ledger->entry_count() + 2, "the line has no '\\n'");
      break;
    }
    status = replayer.Entry(lines.substr(0, end), ledger->entry_count() + 2);
    lines.remove_prefix(end + 1);
  }
  if (!status.ok()) ledger->RollbackTo(before);
  return status;
}

Status VerifyLedger(Ledger& ledger) {
  // Entry by entry, never the whole text: a journal of 10,000,000 entries
  // is about 1 GB of JSON, more than a wasm32 heap can spare.
  Ledger replayed;
  Replayer replayer(&replayed);
  std::string line;
  for (uint32_t n = 1; n <= ledger.entry_count(); ++n) {
    line.clear();
    ledger.AppendEntryJson(n, &line);
    Status status = replayer.Entry(line, n + 1);
    if (!status.ok()) return status;
  }
  Status status = replayer.Head(HeadLine(ledger), ledger.entry_count() + 2);
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
