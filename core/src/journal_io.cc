#include "journal_io.h"

#include "entry_reader.h"
#include "executor.h"
#include "json.h"
#include "ops.h"
#include "text_rules.h"

namespace wasmbank {
namespace {

constexpr std::string_view kFormatLine = kJournalFormatLine;

std::string HeadLine(Ledger& ledger) {
  return "{\"head\":\"" + ToHex(ledger.Head()) + "\"}";
}

// Lines are named by their number where the whole text is at hand, and by
// the entry before them in a store's tail (after a checkpoint, or another
// writer's records), whose line numbers nobody counted.
struct LinePlace {
  size_t line = 0;     // from 1; 0: not known
  uint32_t after = 0;  // the entry before the line, when `line` is 0
};

Status Corrupt(LinePlace place, std::string_view why) {
  return Status(ErrorCode::kCorruptJournal,
                place.line > 0
                    ? "the journal is corrupt at line " +
                          std::to_string(place.line) + ": " + std::string(why)
                    : "the store is corrupt at the line after entry " +
                          std::to_string(place.after) + ": " +
                          std::string(why));
}

Status Corrupt(size_t line_number, std::string_view why) {
  return Corrupt(LinePlace{line_number, 0}, why);
}

// A store's seal line is the export's head line; anything that starts like
// one is taken for one (and must then be exactly right). Entry lines start
// with {"entry":, so the two never mix.
bool IsSealLine(std::string_view line) {
  return line.starts_with(kSealLineStart);
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

  // The line of the next entry, entry_count() + 1.
  Status Entry(std::string_view line, size_t line_number) {
    return Entry(line, LinePlace{line_number, ledger_->entry_count()});
  }
  Status Entry(std::string_view line, LinePlace place) {
    place.after = ledger_->entry_count();
    // The canonical shape in one pass; anything else (and every error
    // message) is the general reader's.
    uint64_t number = 0;
    Result<Receipt> result = Receipt{};
    if (ReadCanonicalEntry(line, &fields_, &number) &&
        number == place.after + 1) [[likely]] {
      result = ApplyEntryFields(*ledger_, fields_);
    } else {
      std::optional<JsonValue> entry;
      if (line.size() <= kMaxLineBytes && IsValidUtf8(line)) {
        entry = ParseJson(line, 1);
      }
      if (!entry || entry->type != JsonValue::Type::kObject) {
        return Corrupt(place, "not a JSON object");
      }
      EntryFields fields;
      Status status = ReadEntryFields(*entry, &fields);
      result = status.ok() ? ApplyEntryFields(*ledger_, fields)
                           : Result<Receipt>(std::move(status));
    }
    if (!result.ok() || result->replayed || result->entry != place.after + 1) {
      return Corrupt(place, "the entry does not replay: " + result.message());
    }
    if (!ledger_->EntryJsonIs(result->entry, line)) {
      return Corrupt(place, "the entry is not in its canonical form");
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
  EntryFields fields_;  // the fast reader's, reused from line to line
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

namespace {

// What ReplayRecords found.
struct Records {
  size_t kept_bytes = 0;         // through the last seal line, or all
  uint32_t dropped_entries = 0;  // entry lines after the last seal line
};

// Replays `text`, whole lines each ending in '\n', of a store's records:
// entry lines, each record closed by a seal line that must be the head of
// the chain at that point. A seal line needs an entry line right before it
// in `text`: the line before `text` is always the format line or a seal
// line. Entry lines after the last seal line are a record whose write never
// completed when the store has a seal line (`sealed`: one came before
// `text`, or one is in it): they are replayed (so that damage there is
// still CORRUPT_JOURNAL) and then undone, and `kept_bytes` stops before
// them. Without any seal line the store is a legacy one, kept whole. The
// opening seal (kOpeningSealLine, line 2 of a store created since stores
// are sealed) is a seal line of the empty chain that needs no entry before
// it.
// Costs O(lines in text): the chain is current at the start (a store's
// writer and every replay keep it so) and each line is chained as it is
// replayed.
Status ReplayRecords(std::string_view text, size_t first_line, bool sealed,
                     Ledger* ledger, Records* out) {
  Replayer replayer(ledger);
  uint32_t sealed_entries = ledger->entry_count();
  Ledger::ChainState sealed_chain = ledger->chain();
  std::string seal;
  bool after_entry = false;
  size_t line_number = first_line;
  for (size_t start = 0; start < text.size();) {
    const size_t end = text.find('\n', start);
    const std::string_view line = text.substr(start, end - start);
    const LinePlace place{line_number, ledger->entry_count()};
    if (IsSealLine(line) && line_number == 2 && line == kOpeningSealLine) {
      // The opening seal, right after the format line: the store was sealed
      // from its start, so entry lines at its end without a seal after them
      // are a torn record even if it is the first.
      sealed = true;
      out->kept_bytes = end + 1;
    } else if (IsSealLine(line)) {
      if (!after_entry) {
        return Corrupt(place, "a seal line with no entry line before it");
      }
      seal.clear();
      AppendSealLine(*ledger, &seal);
      if (seal.compare(0, seal.size() - 1, line) != 0) {
        return Corrupt(place,
                       "the seal line does not match the entries before it "
                       "(an entry or the seal line was changed, removed or "
                       "moved)");
      }
      sealed = true;
      sealed_entries = ledger->entry_count();
      sealed_chain = ledger->chain();
      out->kept_bytes = end + 1;
      after_entry = false;
    } else {
      if (Status status = replayer.Entry(line, place); !status.ok()) {
        return status;
      }
      after_entry = true;
    }
    start = end + 1;
    if (line_number > 0) ++line_number;
  }
  if (!after_entry || !sealed) {
    out->kept_bytes = text.size();
    return Status::Ok();
  }
  out->dropped_entries = ledger->entry_count() - sealed_entries;
  ledger->RollbackTo(sealed_entries, sealed_chain);
  return Status::Ok();
}

}  // namespace

void AppendSealLine(Ledger& ledger, std::string* out) {
  out->append(HeadLine(ledger));
  out->push_back('\n');
}

Result<StoreOpening> ReplayStore(std::string_view bytes, Ledger* fresh) {
  StoreOpening opening;
  const size_t whole = bytes.rfind('\n') + 1;  // 0 when there is no '\n'
  if (whole == 0) {
    // Nothing whole: a new store, or its format line torn while being
    // created. Anything else is not a store of ours: never cut it.
    if (kFormatLine.substr(0, bytes.size()) != bytes) {
      return Corrupt(1, "it does not start with the wasm-bank journal header");
    }
    opening.torn_bytes = bytes.size();
    return opening;
  }
  const size_t header_end = bytes.find('\n');
  {
    Replayer replayer(fresh);
    if (Status status = replayer.Header(bytes.substr(0, header_end));
        !status.ok()) {
      return status;
    }
  }
  Records records;
  const std::string_view text =
      bytes.substr(header_end + 1, whole - header_end - 1);
  if (Status status = ReplayRecords(text, 2, false, fresh, &records);
      !status.ok()) {
    return status;
  }
  opening.whole_bytes = header_end + 1 + records.kept_bytes;
  opening.torn_bytes = bytes.size() - opening.whole_bytes;
  opening.torn_entries = records.dropped_entries;
  opening.entries = fresh->entry_count();
  return opening;
}

Result<StoreOpening> ReplayStoreTail(std::string_view tail, Ledger* ledger) {
  const size_t whole = tail.rfind('\n') + 1;  // 0 when there is no '\n'
  Records records;
  if (Status status =
          ReplayRecords(tail.substr(0, whole), 0, true, ledger, &records);
      !status.ok()) {
    return status;
  }
  StoreOpening opening;
  opening.whole_bytes = records.kept_bytes;
  opening.torn_bytes = tail.size() - records.kept_bytes;
  opening.torn_entries = records.dropped_entries;
  opening.entries = ledger->entry_count();
  return opening;
}

Status ReplayEntryLines(std::string_view records, Ledger* ledger) {
  const uint32_t before = ledger->entry_count();
  const Ledger::ChainState chain = ledger->chain();
  Records replayed;
  Status status;
  if (!records.empty() && records.back() != '\n') {
    status = Corrupt(LinePlace{0, before}, "the last line has no '\\n'");
  } else {
    status = ReplayRecords(records, 0, true, ledger, &replayed);
  }
  if (status.ok() && replayed.dropped_entries > 0) {
    // Another writer's records are whole (their writes are atomic): entry
    // lines with no seal after them are not a write in progress.
    status = Corrupt(LinePlace{0, ledger->entry_count()},
                     "entry lines without a seal line after them");
  }
  if (!status.ok()) ledger->RollbackTo(before, chain);
  return status;
}

namespace {

// The typed values entry `number` of `ledger` says (what its line reads as),
// straight from the binary entry, its memo and key, and what its line takes
// from elsewhere (an open's account, a hold's expiry): amounts as minor
// units, except a negative one (which no op writes), given as its text, so
// that the op refuses it as an import of that line would. False if the
// entry names an account or a hold the ledger does not have.
bool FieldsOfEntry(const Ledger& ledger, uint32_t number, EntryFields* out) {
  const Entry& e = ledger.entry(number);
  const Account* account = ledger.FindAccount(e.id);
  if (account == nullptr) return false;
  auto amount = [&](int64_t minor) {
    return minor >= 0 ? Amount::Minor(minor)
                      : Amount::Decimal(FormatAmount(minor, account->scale()));
  };
  out->kind = e.kind;
  OpOptions& options = out->options;
  options.at = e.at;
  options.memo.assign(ledger.memo_of(e));
  if (std::string_view key = ledger.key_of(e); key.empty()) {
    options.key.reset();
  } else {
    options.key.emplace(key);
  }
  switch (e.kind) {
    case EntryKind::kOpen:
      out->open.id = e.id;
      out->open.name.assign(account->name());
      out->open.address.assign(account->address());
      out->open.currency.assign(CurrencyAt(account->currency).code);
      out->open.balance = amount(e.amount);
      out->open.overdraft_limit = amount(account->opening_limit);
      return true;
    case EntryKind::kDeposit:
    case EntryKind::kWithdraw:
    case EntryKind::kLimit:
      out->id = e.id;
      out->amount = amount(e.amount);
      return true;
    case EntryKind::kClose:
      out->id = e.id;
      return true;
    case EntryKind::kTransfer:
    case EntryKind::kHold: {
      out->from = e.id;
      out->to = e.to;
      out->amount = amount(e.amount);
      if (e.kind == EntryKind::kTransfer) return true;
      const HoldRecord* hold = ledger.FindHold(number);
      out->expires_at = hold == nullptr ? 0 : hold->expires_at;
      return hold != nullptr;
    }
    case EntryKind::kCapture:
    case EntryKind::kRelease:
      out->hold = HoldNumberOf(e);
      out->amount = e.kind == EntryKind::kCapture ? amount(e.amount) : Amount();
      return true;
  }
  return false;
}

// Whether entry `number` of `replayed` is the same as that of `ledger`:
// the binary entry, its memo and key, and what else its line is rendered
// from (the account's scale; an open's name, address, currency and limit;
// a hold's expiry). Then both render the same line.
bool SameEntry(const Ledger& ledger, const Ledger& replayed, uint32_t number) {
  const Entry& a = ledger.entry(number);
  const Entry& b = replayed.entry(number);
  if (a.kind != b.kind || a.amount != b.amount || a.at != b.at ||
      a.id != b.id || a.to != b.to ||
      ledger.memo_of(a) != replayed.memo_of(b) ||
      ledger.key_of(a) != replayed.key_of(b)) {
    return false;
  }
  const Account& x = *ledger.FindAccount(a.id);
  const Account& y = *replayed.FindAccount(b.id);
  if (x.scale() != y.scale()) return false;
  if (a.kind == EntryKind::kOpen &&
      (x.name() != y.name() || x.address() != y.address() ||
       x.currency != y.currency || x.opening_limit != y.opening_limit)) {
    return false;
  }
  if (a.kind == EntryKind::kHold && ledger.FindHold(number)->expires_at !=
                                        replayed.FindHold(number)->expires_at) {
    return false;
  }
  return true;
}

}  // namespace

Status VerifyLedger(Ledger& ledger) {
  // Entry by entry into a fresh ledger, each through its op with the values
  // its binary entry holds (no text read back); each replayed entry must be
  // the same entry, and its line, rendered once, is chained, so that the
  // head checks the lines as an import would. Never the whole text: a
  // journal of 10,000,000 entries is about 1 GB of JSON, more than a wasm32
  // heap can spare.
  Ledger replayed;
  replayed.set_quiet(true);
  EntryFields fields;
  std::string line;
  const uint32_t count = ledger.entry_count();
  for (uint32_t n = 1; n <= count; ++n) {
    const size_t line_number = size_t{n} + 1;  // the format line is line 1
    Result<Receipt> result =
        FieldsOfEntry(ledger, n, &fields)
            ? ApplyEntryFields(replayed, fields)
            : Result<Receipt>(ErrorCode::kCorruptJournal,
                              "it names an account or a hold that is not "
                              "there");
    if (!result.ok() || result->replayed || result->entry != n) {
      return Corrupt(line_number,
                     "the entry does not replay: " + result.message());
    }
    if (!SameEntry(ledger, replayed, n)) {
      return Corrupt(line_number, "the entry is not in its canonical form");
    }
    line.clear();
    replayed.AppendEntryJson(n, &line);
    replayed.ChainLine(line);
  }
  if (replayed.Head() != ledger.Head()) {
    return Corrupt(size_t{count} + 2, "the head does not match the entries");
  }
  const auto& now = ledger.accounts();
  const auto& then = replayed.accounts();
  bool same = now.size() == then.size();
  // Held as of the bank's time in both (a query may have looked ahead).
  ledger.PrepareAt(0);
  replayed.PrepareAt(0);
  for (size_t i = 0; same && i < now.size(); ++i) {
    same = now[i].id == then[i].id && now[i].balance == then[i].balance &&
           now[i].held == then[i].held && now[i].holds == then[i].holds &&
           now[i].overdraft_limit == then[i].overdraft_limit &&
           now[i].closed == then[i].closed;
  }
  if (!same) {
    return Status(ErrorCode::kCorruptJournal,
                  "the accounts do not match what the journal says");
  }
  return Status::Ok();
}

}  // namespace wasmbank
