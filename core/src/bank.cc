#include "wasmbank/bank.h"

#include <algorithm>

#include "executor.h"
#include "field_reader.h"
#include "journal_io.h"
#include "json.h"
#include "ledger.h"
#include "ops.h"
#include "text_rules.h"

namespace wasmbank {
namespace {

// Empty, or only spaces and tabs with at most one final CR (SPEC §5).
bool IsBlank(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line.find_first_not_of(" \t") == std::string_view::npos;
}

}  // namespace

Bank::Bank() : ledger_(std::make_unique<Ledger>()) {}
Bank::~Bank() = default;
Bank::Bank(Bank&&) noexcept = default;
Bank& Bank::operator=(Bank&&) noexcept = default;

std::string Bank::ExecuteLine(std::string_view line, Dialect dialect) {
  last_error_message_.clear();
  if (IsBlank(line)) return std::string();
  std::optional<JsonValue> parsed;
  if (line.size() <= kMaxLineBytes && IsValidUtf8(line)) {
    parsed = ParseJson(line, kMaxJsonDepth);
  }
  const JsonValue* op = parsed ? parsed->Find("op") : nullptr;
  if (!parsed || parsed->type != JsonValue::Type::kObject || op == nullptr ||
      !op->is_string()) {
    last_error_message_ =
        "each op must be a JSON object with a string \"op\" field";
    return NotAnOpLine();
  }
  Status status;
  std::string transcript = ExecuteOp(*ledger_, *parsed, dialect, &status);
  if (!status.ok()) last_error_message_ = status.message();
  return transcript;
}

std::string Bank::ExportJournal() { return wasmbank::ExportJournal(*ledger_); }

std::string Bank::ExportJournalPiece(uint64_t* cursor, size_t max_bytes) {
  return wasmbank::ExportJournalPiece(*ledger_, cursor, max_bytes);
}

Status Bank::ImportJournal(std::string_view text) {
  auto fresh = std::make_unique<Ledger>();
  Status status = ReplayJournal(text, fresh.get());
  if (!status.ok()) {
    last_error_message_ = status.message();
    return status;
  }
  fresh->SetLogSink(std::move(sink_));
  ledger_ = std::move(fresh);
  ledger_->Log("C++ core: imported a journal of " +
               std::to_string(ledger_->entry_count()) + " entries");
  return status;
}

std::string Bank::AccountsJson() const {
  std::vector<const Account*> sorted;
  sorted.reserve(ledger_->accounts().size());
  for (const Account& account : ledger_->accounts()) sorted.push_back(&account);
  std::sort(sorted.begin(), sorted.end(),
            [](const Account* a, const Account* b) { return a->id < b->id; });
  std::string out = "[";
  for (const Account* account : sorted) {
    if (out.size() > 1) out.push_back(',');
    ledger_->AppendAccountJson(*account, &out);
  }
  out.push_back(']');
  return out;
}

namespace {

ErrorCode FastTransfer(Ledger& ledger, int64_t from, int64_t to,
                       const AmountInput& amount, int64_t at,
                       TransferReceipt* receipt, std::string* message) {
  if (from < 1 || from > kMaxId || to < 1 || to > kMaxId || at < 0 ||
      at > kMaxAt) {
    *message = "ids must be 1 to 2147483647 and at 0 to 8640000000000000";
    return ErrorCode::kInvalidArgument;
  }
  TransferRequest request;
  request.from = static_cast<int32_t>(from);
  request.to = static_cast<int32_t>(to);
  request.amount = amount;
  request.mutation.at = at;
  Outcome outcome = Transfer(ledger, request);
  if (!outcome.ok()) {
    *message = outcome.status.message();
  } else if (receipt != nullptr) {
    *receipt = TransferReceipt{outcome.entry, outcome.balance,
                               outcome.to_balance, outcome.scale};
  }
  return outcome.status.code();
}

}  // namespace

ErrorCode Bank::Transfer(int64_t from, int64_t to, int64_t amount_minor,
                         int64_t at, TransferReceipt* receipt) {
  return FastTransfer(*ledger_, from, to, AmountInput::Minor(amount_minor), at,
                      receipt, &last_error_message_);
}

ErrorCode Bank::Transfer(int64_t from, int64_t to, std::string_view amount,
                         int64_t at, TransferReceipt* receipt) {
  return FastTransfer(*ledger_, from, to, AmountInput::Text(amount), at,
                      receipt, &last_error_message_);
}

void Bank::SetLogSink(LogSink sink) {
  sink_ = sink;
  ledger_->SetLogSink(std::move(sink));
}

}  // namespace wasmbank
