#include "executor.h"

#include <algorithm>

#include "entry_reader.h"
#include "field_reader.h"
#include "journal_io.h"
#include "ops.h"
#include "queries.h"
#include "text_rules.h"

namespace wasmbank {
namespace {

// Room for most transcript lines of one op, reserved up front: a line
// grown from nothing is reallocated several times.
constexpr size_t kTypicalLineBytes = 128;

std::string Head(std::string_view op) {
  std::string line;
  line.reserve(kTypicalLineBytes);
  line.append("{\"op\":");
  AppendJsonString(&line, op);
  return line;
}

}  // namespace

std::string ErrorLine(std::string_view op, ErrorCode code) {
  std::string line = Head(op);
  line.append(",\"ok\":false,\"error\":\"")
      .append(ErrorCodeName(code))
      .append("\"}");
  return line;
}

namespace {

std::string OkHead(std::string_view op) {
  std::string line = Head(op);
  line.append(",\"ok\":true");
  return line;
}

// Reads one mutating op's fields (the op's name decides its kind) into
// *out, in the documented order of checks: only the op's own fields, then
// each in turn. The fast reader (op_line_reader.h) gives the same values
// for the lines it takes; both are run by ApplyEntryFields.
Status ReadOpFields(std::string_view op, const JsonValue& object,
                    EntryFields* out) {
  FieldReader fields(object);
  OpOptions& options = out->options;
  bool read = false;
  if (op == "open") {
    out->kind = EntryKind::kOpen;
    AccountSpec& spec = out->open;
    read = fields.Only({"op", "id", "name", "address", "currency", "balance",
                        "overdraft_limit", "key", "memo", "at"}) &&
           fields.Id("id", &spec.id) && fields.String("name", &spec.name) &&
           fields.OptionalString("address", &spec.address) &&
           fields.OptionalString("currency", &spec.currency) &&
           fields.ReadAmountField("balance", false, &spec.balance) &&
           fields.ReadAmountField("overdraft_limit", false,
                                  &spec.overdraft_limit) &&
           fields.Options(&options);
  } else if (op == "deposit" || op == "withdraw") {
    out->kind = op == "deposit" ? EntryKind::kDeposit : EntryKind::kWithdraw;
    read = fields.Only({"op", "id", "amount", "key", "memo", "at"}) &&
           fields.Id("id", &out->id) &&
           fields.ReadAmountField("amount", true, &out->amount) &&
           fields.Options(&options);
  } else if (op == "transfer" || op == "hold") {
    const bool hold = op == "hold";
    out->kind = hold ? EntryKind::kHold : EntryKind::kTransfer;
    read =
        (hold ? fields.Only({"op", "from", "to", "amount", "expires_at", "key",
                             "memo", "at"})
              : fields.Only(
                    {"op", "from", "to", "amount", "key", "memo", "at"})) &&
        fields.Id("from", &out->from) && fields.Id("to", &out->to) &&
        fields.ReadAmountField("amount", true, &out->amount) &&
        (!hold ||  // expires_at: 0 when absent (a present one is >= 1)
         fields.OptionalInteger("expires_at", 1, kMaxAt, &out->expires_at)) &&
        fields.Options(&options);
  } else if (op == "close") {
    out->kind = EntryKind::kClose;
    read = fields.Only({"op", "id", "key", "memo", "at"}) &&
           fields.Id("id", &out->id) && fields.Options(&options);
  } else if (op == "capture") {
    out->kind = EntryKind::kCapture;
    read = fields.Only({"op", "hold", "amount", "key", "memo", "at"}) &&
           fields.Integer("hold", 1, kMaxHold, &out->hold) &&
           fields.ReadAmountField("amount", false, &out->amount) &&
           fields.Options(&options);
  } else if (op == "release") {
    out->kind = EntryKind::kRelease;
    read = fields.Only({"op", "hold", "key", "memo", "at"}) &&
           fields.Integer("hold", 1, kMaxHold, &out->hold) &&
           fields.Options(&options);
  } else if (op == "set_limit") {
    out->kind = EntryKind::kLimit;
    read = fields.Only({"op", "id", "overdraft_limit", "key", "memo", "at"}) &&
           fields.Id("id", &out->id) &&
           fields.ReadAmountField("overdraft_limit", true, &out->amount) &&
           fields.Options(&options);
  } else {
    return Status(ErrorCode::kUnknownOp,
                  "there is no op called " + JsonString(op));
  }
  return read ? Status::Ok() : fields.status();
}

// Reads and runs one mutating op (IsMutatingOp).
Result<Receipt> RunMutation(Ledger& ledger, std::string_view op,
                            const JsonValue& object) {
  EntryFields fields;
  if (Status read = ReadOpFields(op, object, &fields); !read.ok()) return read;
  return ApplyEntryFields(ledger, fields);
}

// Sets *status and returns the error line of `op`.
std::string Failed(std::string_view op, Status failure, Status* status) {
  *status = std::move(failure);
  return ErrorLine(op, status->code());
}

// The whole batch is INVALID_ARGUMENT unless it has only "ops" (1 to
// kMaxBatchOps mutating op objects) and a boolean "atomic".
Status CheckBatchShape(const JsonValue& object) {
  FieldReader fields(object);
  if (!fields.Only({"op", "ops", "atomic"})) return fields.status();
  const JsonValue* ops = object.Find("ops");
  const JsonValue* atomic = object.Find("atomic");
  if (ops == nullptr || ops->type != JsonValue::Type::kArray ||
      ops->items.empty() || ops->items.size() > kMaxBatchOps) {
    return Status(ErrorCode::kInvalidArgument,
                  "\"ops\" must be an array of 1 to " +
                      std::to_string(kMaxBatchOps) + " ops");
  }
  if (atomic != nullptr && atomic->type != JsonValue::Type::kBool) {
    return Status(ErrorCode::kInvalidArgument,
                  "\"atomic\" must be true or false");
  }
  for (const JsonValue& item : ops->items) {
    const JsonValue* op = item.Find("op");
    if (item.type != JsonValue::Type::kObject || op == nullptr ||
        !op->is_string() || !IsMutatingOp(op->text)) {
      return Status(ErrorCode::kInvalidArgument,
                    "every item of \"ops\" must be a mutating op (open, "
                    "deposit, withdraw, transfer, close, hold, capture, "
                    "release or set_limit)");
    }
  }
  return Status::Ok();
}

std::string RunBatch(Ledger& ledger, const JsonValue& object, Status* status) {
  Status shape = CheckBatchShape(object);
  if (!shape.ok()) return Failed("batch", std::move(shape), status);
  const std::vector<JsonValue>& ops = object.Find("ops")->items;
  const JsonValue* atomic_field = object.Find("atomic");
  const bool atomic = atomic_field == nullptr || atomic_field->boolean;
  size_t failed_at;
  std::vector<Result<Receipt>> results = ApplyBatch(
      ledger, ops.size(), atomic,
      [&](size_t i) {
        return RunMutation(ledger, ops[i].Find("op")->text, ops[i]);
      },
      &failed_at);
  const bool failed = failed_at < ops.size();
  if (failed) *status = results[failed_at].status();
  std::string line =
      Head("batch") + (failed ? ",\"ok\":false" : ",\"ok\":true");
  line.append(",\"results\":[");
  for (size_t i = 0; i < ops.size(); ++i) {
    if (i > 0) line.push_back(',');
    line.append(ResultLine(ops[i].Find("op")->text, results[i]));
  }
  line.append("]}");
  return line;
}

std::string HistoryLine(Ledger& ledger, const std::vector<uint32_t>& numbers) {
  std::string line = OkHead("history");
  line.append(",\"entries\":[");
  for (size_t i = 0; i < numbers.size(); ++i) {
    if (i > 0) line.push_back(',');
    ledger.AppendEntryJson(numbers[i], &line);
  }
  line.append("]}");
  return line;
}

std::string BalanceLine(const Balance& balance) {
  std::string line =
      OkHead("balance") + ",\"id\":" + std::to_string(balance.id) +
      ",\"balance\":\"" + FormatAmount(balance.minor, balance.scale) +
      "\",\"currency\":\"" + balance.currency + "\"";
  if (balance.as_of) line += ",\"as_of\":" + std::to_string(*balance.as_of);
  line.push_back('}');
  return line;
}

// balance, account and history: read one account.
std::string RunAccountQuery(Ledger& ledger, std::string_view op,
                            const JsonValue& object, Status* status) {
  FieldReader fields(object);
  int32_t id = 0;
  int64_t limit = kDefaultHistoryLimit;
  int64_t before = 0;  // 0: no bound
  int64_t as_of = 0;   // 0: now
  int64_t at = 0;
  bool read = false;
  if (op == "history") {
    read = fields.Only({"op", "id", "limit", "before"}) &&
           fields.Id("id", &id) &&
           fields.OptionalInteger("limit", 1, kMaxHistoryLimit, &limit) &&
           fields.OptionalInteger("before", 1, kMaxBefore, &before);
  } else if (op == "balance") {
    read = fields.Only({"op", "id", "as_of"}) && fields.Id("id", &id) &&
           fields.OptionalInteger("as_of", 1, kMaxBefore, &as_of);
  } else {
    read = fields.Only({"op", "id", "at"}) && fields.Id("id", &id) &&
           fields.OptionalInteger("at", 0, kMaxAt, &at);
  }
  if (!read) return Failed(op, fields.status(), status);
  if (op == "history") {
    HistoryOptions options{static_cast<int32_t>(limit), std::nullopt};
    if (before != 0) options.before = before;
    auto numbers = HistoryNumbers(ledger, id, options);
    if (!numbers.ok()) return Failed(op, numbers.status(), status);
    return HistoryLine(ledger, *numbers);
  }
  if (op == "balance") {
    Result<Balance> balance = BalanceOf(
        ledger, id, as_of == 0 ? std::nullopt : std::optional<int64_t>(as_of));
    if (!balance.ok()) return Failed(op, balance.status(), status);
    return BalanceLine(*balance);
  }
  Result<const Account*> account = FindAccountToRead(ledger, id);
  if (!account.ok()) return Failed(op, account.status(), status);
  ledger.PrepareAt(at);  // held and available as of max(at, the bank's time)
  std::string line = OkHead(op) + ",\"account\":";
  ledger.AppendAccountJson(**account, &line);
  line.push_back('}');
  return line;
}

std::string RunGreet(Ledger& ledger, const JsonValue& object, Status* status) {
  FieldReader fields(object);
  std::string name;
  if (!fields.Only({"op", "name"}) || !fields.String("name", &name)) {
    return Failed("greet", fields.status(), status);
  }
  Result<std::string> greeting = Greet(ledger, name);
  if (!greeting.ok()) return Failed("greet", greeting.status(), status);
  std::string line = OkHead("greet") + ",\"greeting\":";
  AppendJsonString(&line, *greeting);
  line.push_back('}');
  return line;
}

// plus and minus on int32, the original tutorial's arithmetic.
std::string RunArithmetic(Ledger& ledger, std::string_view op,
                          const JsonValue& object, Status* status) {
  FieldReader fields(object);
  int64_t a = 0;
  int64_t b = 0;
  if (!fields.Only({"op", "a", "b"}) ||
      !fields.Integer("a", INT32_MIN, INT32_MAX, &a) ||
      !fields.Integer("b", INT32_MIN, INT32_MAX, &b)) {
    return Failed(op, fields.status(), status);
  }
  Result<int32_t> result = Arithmetic(ledger, op == "plus", a, b);
  if (!result.ok()) return Failed(op, result.status(), status);
  return OkHead(op) + ",\"result\":" + std::to_string(*result) + "}";
}

std::string RunVerify(Ledger& ledger, const JsonValue& object, Status* status) {
  FieldReader fields(object);
  if (!fields.Only({"op"})) return Failed("verify", fields.status(), status);
  Result<VerifyReport> report = VerifyJournal(ledger);
  if (!report.ok()) return Failed("verify", report.status(), status);
  std::string line = OkHead("verify");
  line.append(",\"accounts\":").append(std::to_string(report->accounts));
  line.append(",\"entries\":").append(std::to_string(report->entries));
  line.append(",\"head\":\"").append(report->head).append("\"}");
  return line;
}

}  // namespace

std::string ResultLine(std::string_view op, const Result<Receipt>& result) {
  if (!result.ok()) return ErrorLine(op, result.code());
  std::string line = OkHead(op);
  AppendReceiptFields(*result, &line);
  line.push_back('}');
  return line;
}

bool IsMutatingOp(std::string_view op) {
#define WASMBANK_IS_OP(kind, entry, name) op == name ||
  return WASMBANK_ENTRY_KINDS(WASMBANK_IS_OP) false;
#undef WASMBANK_IS_OP
}

std::string NotAnOpLine() { return ErrorLine("", ErrorCode::kInvalidArgument); }

std::string ExecuteOp(Ledger& ledger, const JsonValue& object, Status* status) {
  const std::string& op = object.Find("op")->text;
  if (IsMutatingOp(op)) {
    Result<Receipt> result = RunMutation(ledger, op, object);
    *status = result.status();
    return ResultLine(op, result);
  }
  if (op == "batch") return RunBatch(ledger, object, status);
  if (op == "verify") return RunVerify(ledger, object, status);
  if (op == "balance" || op == "account" || op == "history") {
    return RunAccountQuery(ledger, op, object, status);
  }
  if (op == "greet") return RunGreet(ledger, object, status);
  if (op == "plus" || op == "minus") {
    return RunArithmetic(ledger, op, object, status);
  }
  *status =
      Status(ErrorCode::kUnknownOp, "there is no op called " + JsonString(op));
  return ErrorLine(op, ErrorCode::kUnknownOp);
}

}  // namespace wasmbank
