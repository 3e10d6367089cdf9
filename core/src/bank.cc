#include "wasmbank/bank.h"

#include <algorithm>

#include "bank_internals.h"
#include "executor.h"
#include "field_reader.h"
#include "journal_io.h"
#include "json.h"
#include "ledger.h"
#include "memory_guard.h"
#include "op_line_reader.h"
#include "ops.h"
#include "queries.h"
#include "text_rules.h"

namespace wasmbank {

using internal::ReplayBytes;
using internal::StoreOnlyGrows;

namespace {

// Empty, or only spaces and tabs with at most one final CR
// (docs/transcript-format.md).
bool IsBlank(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line.find_first_not_of(" \t") == std::string_view::npos;
}

// Every account (closed ones too), by id: the order accounts are listed in.
std::vector<const Account*> AccountsById(const Ledger& ledger) {
  std::vector<const Account*> sorted;
  sorted.reserve(ledger.accounts().size());
  for (const Account& account : ledger.accounts()) sorted.push_back(&account);
  std::sort(sorted.begin(), sorted.end(),
            [](const Account* a, const Account* b) { return a->id < b->id; });
  return sorted;
}

}  // namespace

// A JSON line's parse tree: at most one value (about 48 bytes in wasm32,
// 80 natively, in vectors that may double) per two bytes of text.
constexpr size_t kParseBytesPerLineByte = 96;
// Lines up to this size parse within the heap reserve without a check, so
// that a refusal can name its op; longer ones are checked before parsing.
constexpr size_t kParsedUnchecked = size_t{64} << 10;
// The shortest op object a batch can hold ({"op":"close","id":1}): at most
// this many bytes of a line per op.
constexpr size_t kMinOpBytes = 20;
// A batch's report: per op a result and its message.
constexpr size_t kReportBytesPerOp = sizeof(Result<Receipt>) + 512;
// TransferMany asks for room this many transfers at a time, so that a full
// heap stops it between slices rather than refusing all of a large call.
constexpr size_t kTransferSlice = 4096;

Bank::Bank() : ledger_(std::make_unique<Ledger>()) {}

Bank::~Bank() = default;
Bank::Bank(Bank&&) noexcept = default;
Bank& Bank::operator=(Bank&&) noexcept = default;

Status Bank::Headroom(size_t accounts, size_t entries, size_t bytes) {
  if (!HeapHasCeiling()) return Status::Ok();
  Status room =
      CheckHeadroom(*ledger_, ledger_->GrowthBound(accounts, entries) + bytes);
  if (!room.ok()) last_error_message_ = room.message();
  return room;
}

std::string Bank::ExecuteLine(std::string_view line, LineSource source) {
  last_error_message_.clear();
  if (IsBlank(line)) return std::string();
  if (source == LineSource::kScenarioLine) {
    if (std::optional<LineResult> fast = ExecuteFastLine(line)) {
      return ResultLine(OpNameOf(fast->kind), fast->result);
    }
  }
  const bool js_object = source == LineSource::kJsObject;
  // A JS op object has no length limit: a batch of 10000 ops with long memos
  // is more than a scenario line may be.
  const size_t max_bytes = js_object ? line.size() : kMaxLineBytes;
  if (line.size() > kParsedUnchecked && line.size() <= max_bytes) {
    // Too big to parse on the reserve: a line refused before it is read
    // has no op to name.
    Status room = Headroom(0, 0, line.size() * kParseBytesPerLineByte);
    if (!room.ok()) return ErrorLine("", room.code());
  }
  std::optional<JsonValue> parsed;
  if (line.size() <= max_bytes && IsValidUtf8(line)) {
    parsed = ParseJson(line, kMaxJsonDepth,
                       js_object ? JsonTokens::kBigInts : JsonTokens::kJson);
  }
  const JsonValue* op = parsed ? parsed->Find("op") : nullptr;
  if (!parsed || parsed->type != JsonValue::Type::kObject || op == nullptr ||
      !op->is_string()) {
    last_error_message_ =
        "each op must be a JSON object with a string \"op\" field";
    return NotAnOpLine();
  }
  // Room for what the line may write: a batch up to one open per op. Reads
  // are not checked (the guard keeps room for them).
  const bool batch = op->text == "batch";
  const JsonValue* ops = batch ? parsed->Find("ops") : nullptr;
  const size_t count =
      ops != nullptr && ops->type == JsonValue::Type::kArray
          ? std::min(ops->items.size(), line.size() / kMinOpBytes + 1)
          : 1;
  if (batch || IsMutatingOp(op->text)) {
    if (Status room = Headroom(count, count, count * kReportBytesPerOp);
        !room.ok()) {
      return ErrorLine(op->text, room.code());
    }
  }
  Status status;
  const uint32_t before = ledger_->entry_count();
  std::string transcript = ExecuteOp(*ledger_, *parsed, &status);
  if (Status durable = MakeDurable(before); !durable.ok()) {
    status = std::move(durable);
    transcript = ErrorLine(op->text, status.code());
  }
  if (!status.ok()) last_error_message_ = status.message();
  return transcript;
}

std::optional<Bank::LineResult> Bank::ExecuteFastLine(std::string_view line) {
  // Longer lines are checked for room to parse first (ExecuteLine), which
  // names no op when it fails: the general reader keeps them.
  EntryFields fields;
  if (line.size() > kParsedUnchecked || !ReadCanonicalOpLine(line, &fields)) {
    return std::nullopt;
  }
  last_error_message_.clear();
  LineResult out{fields.kind, Headroom(1, 1, kReportBytesPerOp)};
  if (!out.result.ok()) return out;
  const uint32_t before = ledger_->entry_count();
  out.result = ApplyEntryFields(*ledger_, fields);
  if (Status durable = MakeDurable(before); !durable.ok()) {
    out.result = std::move(durable);
  }
  if (!out.result.ok()) last_error_message_ = out.result.message();
  return out;
}

std::string Bank::ExportJournal() { return wasmbank::ExportJournal(*ledger_); }

std::string Bank::ExportJournalPiece(uint64_t* cursor, size_t max_bytes) {
  return wasmbank::ExportJournalPiece(*ledger_, cursor, max_bytes);
}

Status Bank::ImportJournal(std::string_view text) {
  if (durable_write_) return StoreOnlyGrows();
  if (Status room = Headroom(0, 0, ReplayBytes(text.size())); !room.ok()) {
    return room;
  }
  auto fresh = std::make_unique<Ledger>();
  Status status = ReplayJournal(text, fresh.get());
  status = Adopt(std::move(fresh), std::move(status));
  if (!status.ok()) return status;
  ledger_->Log("C++ core: imported a journal of " +
               std::to_string(ledger_->entry_count()) + " entries");
  return status;
}

std::string Bank::AccountsJson(int64_t at) const {
  ledger_->PrepareAt(std::clamp<int64_t>(at, 0, kMaxAt));
  std::string out = "[";
  for (const Account* account : AccountsById(*ledger_)) {
    if (out.size() > 1) out.push_back(',');
    ledger_->AppendAccountJson(*account, &out);
  }
  out.push_back(']');
  return out;
}

Result<Receipt> Bank::Open(const AccountSpec& spec, const OpOptions& options) {
  return Durably(1, 1, [&] { return wasmbank::Open(*ledger_, spec, options); });
}

Result<Receipt> Bank::Deposit(int32_t id, const Amount& amount,
                              const OpOptions& options) {
  return Durably(
      0, 1, [&] { return wasmbank::Deposit(*ledger_, id, amount, options); });
}

Result<Receipt> Bank::Withdraw(int32_t id, const Amount& amount,
                               const OpOptions& options) {
  return Durably(
      0, 1, [&] { return wasmbank::Withdraw(*ledger_, id, amount, options); });
}

Result<Receipt> Bank::Transfer(int32_t from, int32_t to, const Amount& amount,
                               const OpOptions& options) {
  return Durably(0, 1, [&] {
    return wasmbank::Transfer(*ledger_, from, to, amount, options);
  });
}

size_t Bank::TransferMany(const TransferColumns& transfers, int64_t at,
                          std::span<uint8_t> codes) {
  const uint32_t before = ledger_->entry_count();
  const size_t count = std::min({transfers.from.size(), transfers.to.size(),
                                 transfers.minor_units.size(), codes.size()});
  size_t applied = 0;
  for (size_t start = 0; start < count; start += kTransferSlice) {
    const size_t n = std::min(kTransferSlice, count - start);
    if (!Headroom(0, n).ok()) {
      // This slice and the ones after it are not tried.
      std::fill(codes.begin() + start, codes.begin() + count,
                static_cast<uint8_t>(ErrorCode::kResourceExhausted));
      break;
    }
    applied += wasmbank::TransferMany(
        *ledger_,
        {transfers.from.subspan(start, n), transfers.to.subspan(start, n),
         transfers.minor_units.subspan(start, n)},
        at, codes.subspan(start, n));
  }
  if (MakeDurable(before).ok()) return applied;
  // None of them is durable: each one that applied reports why.
  for (uint8_t& code : codes) {
    if (code == static_cast<uint8_t>(ErrorCode::kOk)) {
      code = static_cast<uint8_t>(ErrorCode::kResourceExhausted);
    }
  }
  return 0;
}

Result<Receipt> Bank::Close(int32_t id, const OpOptions& options) {
  return Durably(0, 1, [&] { return wasmbank::Close(*ledger_, id, options); });
}

Result<Receipt> Bank::Hold(int32_t from, int32_t to, const Amount& amount,
                           const HoldOptions& hold, const OpOptions& options) {
  return Durably(0, 1, [&] {
    return wasmbank::Hold(*ledger_, from, to, amount, hold, options);
  });
}

Result<Receipt> Bank::Capture(int64_t hold, const Amount& amount,
                              const OpOptions& options) {
  return Durably(
      0, 1, [&] { return wasmbank::Capture(*ledger_, hold, amount, options); });
}

Result<Receipt> Bank::Release(int64_t hold, const OpOptions& options) {
  return Durably(0, 1,
                 [&] { return wasmbank::Release(*ledger_, hold, options); });
}

Result<Receipt> Bank::SetLimit(int32_t id, const Amount& overdraft_limit,
                               const OpOptions& options) {
  return Durably(0, 1, [&] {
    return wasmbank::SetLimit(*ledger_, id, overdraft_limit, options);
  });
}

Result<BatchReport> Bank::Write(const WriteBatch& batch, bool atomic) {
  if (batch.empty() || batch.size() > kMaxBatchOps) {
    return Status(ErrorCode::kInvalidArgument,
                  "a batch must have 1 to 10000 ops");
  }
  const size_t n = batch.size();
  if (Status room = Headroom(n, n, n * kReportBytesPerOp); !room.ok()) {
    return room;
  }
  return Durably(0, 0, [&]() -> Result<BatchReport> {
    size_t failed_at;
    BatchReport report;
    report.results = ApplyBatch(
        *ledger_, batch.size(), atomic,
        [&](size_t i) { return ApplyBatchOp(*ledger_, batch.ops()[i]); },
        &failed_at);
    report.ok = failed_at == batch.size();
    return report;
  });
}

Result<Balance> Bank::GetBalance(int32_t id, std::optional<int64_t> as_of) {
  return BalanceOf(*ledger_, id, as_of);
}

namespace {

Status AtError() {
  return Status(ErrorCode::kInvalidArgument,
                "\"at\" must be an integer from 0 to 8640000000000000");
}

}  // namespace

Result<AccountInfo> Bank::GetAccount(int32_t id, int64_t at) const {
  // INVALID_ARGUMENT (id, at) before ACCOUNT_NOT_FOUND, as the account op.
  if (at < 0 || at > kMaxAt) return AtError();
  Result<const Account*> account = FindAccountToRead(*ledger_, id);
  if (!account.ok()) return account.status();
  ledger_->PrepareAt(at);
  return InfoOf(**account);
}

std::vector<AccountInfo> Bank::Accounts(int64_t at) const {
  std::vector<AccountInfo> all;
  all.reserve(ledger_->accounts().size());
  VisitAccounts([&](const AccountInfo& info) { all.push_back(info); }, at);
  return all;
}

void Bank::VisitAccounts(const std::function<void(const AccountInfo&)>& visit,
                         int64_t at) const {
  ledger_->PrepareAt(std::clamp<int64_t>(at, 0, kMaxAt));
  for (const Account* account : AccountsById(*ledger_)) visit(InfoOf(*account));
}

Result<std::vector<HoldInfo>> Bank::PendingHolds(int32_t id, int64_t at) {
  return PendingHoldsOf(*ledger_, id, at);
}

int64_t Bank::time() const { return ledger_->time(); }

Result<std::string> Bank::StatementJson(int32_t id,
                                        const HistoryOptions& options,
                                        int64_t at) {
  // INVALID_ARGUMENT (id, at, then limit and before), ACCOUNT_NOT_FOUND.
  if (Status status = CheckId(id, "id"); !status.ok()) return status;
  if (at < 0 || at > kMaxAt) return AtError();
  auto numbers = HistoryNumbers(*ledger_, id, options);
  if (!numbers.ok()) return numbers.status();
  ledger_->PrepareAt(at);
  const Account& account = *ledger_->FindAccount(id);
  std::string out = "{\"account\":";
  ledger_->AppendAccountJson(account, &out);
  out.append(",\"lines\":[");
  for (size_t i = 0; i < numbers->size(); ++i) {
    const uint32_t number = (*numbers)[i];
    int64_t balance = 0;
    ledger_->BalanceAfter(account, number, &balance);  // it touches it
    const Entry& e = ledger_->entry(number);
    const int32_t second = ledger_->SecondAccountOf(e);
    out.append(i == 0 ? "{\"entry\":" : ",{\"entry\":");
    ledger_->AppendEntryJson(number, &out);
    out.append(",\"change\":\"")
        .append(FormatAmount(ledger_->ChangeOf(e, id), account.scale()))
        .append("\",\"balance\":\"")
        .append(FormatAmount(balance, account.scale()))
        .append("\"");
    if (second != 0) {
      out.append(",\"counterparty\":")
          .append(std::to_string(e.id == id ? second : e.id));
    }
    out.push_back('}');
  }
  out.append("]}");
  return out;
}

Result<std::vector<JournalEntry>> Bank::History(int32_t id,
                                                const HistoryOptions& options) {
  auto numbers = HistoryNumbers(*ledger_, id, options);
  if (!numbers.ok()) return numbers.status();
  std::vector<JournalEntry> entries;
  entries.reserve(numbers->size());
  for (uint32_t number : *numbers) entries.push_back(EntryAt(*ledger_, number));
  return entries;
}

Result<VerifyReport> Bank::Verify() { return VerifyJournal(*ledger_); }

Status Bank::Adopt(std::unique_ptr<Ledger> fresh, Status status) {
  if (!status.ok()) {
    last_error_message_ = status.message();
    return status;
  }
  fresh->SetLogSink(sink_);
  ledger_ = std::move(fresh);
  return status;
}

uint32_t Bank::entry_count() const { return ledger_->entry_count(); }

Status Bank::MakeDurable(uint32_t before) {
  if (!durable_write_ || ledger_->entry_count() <= before) return Status::Ok();
  std::string record;
  internal::BankInternals::AppendStoreRecord(*this, before, &record);
  Status status = durable_write_(record);
  if (!status.ok()) ledger_->RollbackTo(before);
  return status;
}

void Bank::SetLogSink(LogSink sink) {
  sink_ = sink;
  ledger_->SetLogSink(std::move(sink));
}

}  // namespace wasmbank
