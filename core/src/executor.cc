#include "executor.h"

#include <algorithm>

#include "field_reader.h"
#include "journal_io.h"
#include "ops.h"
#include "text_rules.h"

namespace wasmbank {
namespace {

std::string Head(std::string_view op) {
  std::string line = "{\"op\":";
  AppendJsonString(&line, op);
  return line;
}

std::string ErrorLine(std::string_view op, ErrorCode code) {
  std::string line = Head(op);
  line.append(",\"ok\":false,\"error\":\"")
      .append(ErrorCodeName(code))
      .append("\"}");
  return line;
}

std::string OkHead(std::string_view op) { return Head(op) + ",\"ok\":true"; }

bool IsMutatingOp(std::string_view op) {
  return op == "open" || op == "deposit" || op == "withdraw" ||
         op == "transfer" || op == "close";
}

// Reads and runs one mutating op (open, deposit, withdraw, transfer, close).
Outcome RunMutation(Ledger& ledger, std::string_view op,
                    const JsonValue& object, Dialect dialect) {
  FieldReader fields(object, dialect);
  Outcome failed;
  if (op == "open") {
    OpenRequest r;
    if (fields.Only({"op", "id", "name", "address", "currency", "balance",
                     "overdraft_limit", "key", "memo", "at"}) &&
        fields.Id("id", &r.id) && fields.String("name", &r.name) &&
        fields.Address(&r.address) &&
        fields.OptionalString("currency", &r.currency) &&
        fields.Amount("balance", false, &r.balance) &&
        fields.Amount("overdraft_limit", false, &r.overdraft_limit) &&
        fields.MutationFields(&r.mutation)) {
      return Open(ledger, r);
    }
  } else if (op == "deposit" || op == "withdraw") {
    AmountRequest r;
    if (fields.Only({"op", "id", "amount", "key", "memo", "at"}) &&
        fields.Id("id", &r.id) && fields.Amount("amount", true, &r.amount) &&
        fields.MutationFields(&r.mutation)) {
      return op == "deposit" ? Deposit(ledger, r) : Withdraw(ledger, r);
    }
  } else if (op == "transfer") {
    TransferRequest r;
    if (fields.Only({"op", "from", "to", "amount", "key", "memo", "at"}) &&
        fields.Id("from", &r.from) && fields.Id("to", &r.to) &&
        fields.Amount("amount", true, &r.amount) &&
        fields.MutationFields(&r.mutation)) {
      return Transfer(ledger, r);
    }
  } else if (op == "close") {
    CloseRequest r;
    if (fields.Only({"op", "id", "key", "memo", "at"}) &&
        fields.Id("id", &r.id) && fields.MutationFields(&r.mutation)) {
      return Close(ledger, r);
    }
  }
  failed.status = fields.status();
  return failed;
}

std::string OutcomeLine(std::string_view op, const Outcome& outcome) {
  if (!outcome.ok()) return ErrorLine(op, outcome.status.code());
  std::string line = OkHead(op);
  AppendOutcomeFields(outcome, &line);
  line.push_back('}');
  return line;
}

// Sets *status and returns the error line of `op`.
std::string Failed(std::string_view op, Status failure, Status* status) {
  *status = std::move(failure);
  return ErrorLine(op, status->code());
}

// The whole batch is INVALID_ARGUMENT unless it has only "ops" (1 to 10000
// mutating op objects) and a boolean "atomic".
Status CheckBatchShape(const JsonValue& object, Dialect dialect) {
  FieldReader fields(object, dialect);
  if (!fields.Only({"op", "ops", "atomic"})) return fields.status();
  const JsonValue* ops = object.Find("ops");
  const JsonValue* atomic = object.Find("atomic");
  if (ops == nullptr || ops->type != JsonValue::Type::kArray ||
      ops->items.empty() || ops->items.size() > kMaxBatchOps) {
    return Status(ErrorCode::kInvalidArgument,
                  "\"ops\" must be an array of 1 to 10000 ops");
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
                    "every item of \"ops\" must be an open, deposit, "
                    "withdraw, transfer or close op");
    }
  }
  return Status::Ok();
}

std::string RunBatch(Ledger& ledger, const JsonValue& object, Dialect dialect,
                     Status* status) {
  Status shape = CheckBatchShape(object, dialect);
  if (!shape.ok()) return Failed("batch", std::move(shape), status);
  const std::vector<JsonValue>& ops = object.Find("ops")->items;
  const JsonValue* atomic_field = object.Find("atomic");
  const bool atomic = atomic_field == nullptr || atomic_field->boolean;
  const uint32_t start = ledger.entry_count();
  std::vector<Outcome> outcomes;
  outcomes.reserve(ops.size());
  size_t failed_at = ops.size();
  for (size_t i = 0; i < ops.size(); ++i) {
    outcomes.push_back(
        RunMutation(ledger, ops[i].Find("op")->text, ops[i], dialect));
    if (!outcomes.back().ok() && failed_at == ops.size()) {
      failed_at = i;
      *status = outcomes.back().status;
      if (atomic) break;
    }
  }
  const bool failed = failed_at < ops.size();
  if (atomic && failed) {
    ledger.RollbackTo(start);
    ledger.Log("C++ core: batch failed at op " + std::to_string(failed_at + 1) +
               "; nothing was applied");
  }
  std::string line =
      Head("batch") + (failed ? ",\"ok\":false" : ",\"ok\":true");
  line.append(",\"results\":[");
  for (size_t i = 0; i < ops.size(); ++i) {
    if (i > 0) line.push_back(',');
    std::string_view op = ops[i].Find("op")->text;
    line.append(atomic && failed && i != failed_at
                    ? ErrorLine(op, ErrorCode::kLinkedFailed)
                    : OutcomeLine(op, outcomes[i]));
  }
  line.append("]}");
  return line;
}

std::string HistoryLine(Ledger& ledger, const Account& account, int64_t limit,
                        int64_t before) {
  const std::vector<uint32_t>& numbers = ledger.EntriesOf(account);
  // Entries touching the account are ascending: find the first one that is
  // not below `before`, then walk back at most `limit`.
  auto end = std::lower_bound(numbers.begin(), numbers.end(),
                              static_cast<uint64_t>(before),
                              [](uint32_t n, uint64_t b) { return n < b; });
  std::string line = OkHead("history");
  line.append(",\"entries\":[");
  int64_t written = 0;
  for (auto it = end; it != numbers.begin() && written < limit; ++written) {
    --it;
    if (written > 0) line.push_back(',');
    ledger.AppendEntryJson(*it, &line);
  }
  line.append("]}");
  return line;
}

std::string BalanceLine(Ledger& ledger, const Account& account) {
  const std::string balance = FormatAmount(account.balance, account.scale());
  const char* currency = CurrencyAt(account.currency).code;
  if (ledger.logging()) {
    ledger.Log("C++ core: account " + std::to_string(account.id) + " (" +
               std::string(account.name()) + ") has " + balance + " " +
               currency);
  }
  return OkHead("balance") + ",\"id\":" + std::to_string(account.id) +
         ",\"balance\":\"" + balance + "\",\"currency\":\"" + currency + "\"}";
}

// balance, account and history: read one account.
std::string RunAccountQuery(Ledger& ledger, std::string_view op,
                            const JsonValue& object, Dialect dialect,
                            Status* status) {
  FieldReader fields(object, dialect);
  int32_t id = 0;
  int64_t limit = 100;
  int64_t before = static_cast<int64_t>(kMaxBefore) + 1;  // no bound
  bool read = op == "history"
                  ? fields.Only({"op", "id", "limit", "before"}) &&
                        fields.Id("id", &id) &&
                        fields.OptionalInteger("limit", 1, 1000, &limit) &&
                        fields.OptionalInteger("before", 1, kMaxBefore, &before)
                  : fields.Only({"op", "id"}) && fields.Id("id", &id);
  if (!read) return Failed(op, fields.status(), status);
  const Account* account = ledger.FindAccount(id);
  if (account == nullptr) {
    return Failed(op,
                  Status(ErrorCode::kAccountNotFound,
                         "no account has id " + std::to_string(id)),
                  status);
  }
  if (op == "history") return HistoryLine(ledger, *account, limit, before);
  if (op == "balance") return BalanceLine(ledger, *account);
  std::string line = OkHead(op) + ",\"account\":";
  ledger.AppendAccountJson(*account, &line);
  line.push_back('}');
  return line;
}

std::string RunGreet(Ledger& ledger, const JsonValue& object, Dialect dialect,
                     Status* status) {
  FieldReader fields(object, dialect);
  std::string_view name;
  if (!fields.Only({"op", "name"}) || !fields.String("name", &name)) {
    return Failed("greet", fields.status(), status);
  }
  if (!IsValidName(name)) {
    return Failed("greet",
                  Status(ErrorCode::kInvalidName,
                         "a name must be 1 to 64 characters, not only "
                         "spaces, with no control characters"),
                  status);
  }
  ledger.Log("C++ core: greeted " + std::string(name));
  std::string line = OkHead("greet") + ",\"greeting\":";
  AppendJsonString(&line, "Hello, " + std::string(name));
  line.push_back('}');
  return line;
}

// plus and minus on int32, the original tutorial's arithmetic.
std::string RunArithmetic(Ledger& ledger, std::string_view op,
                          const JsonValue& object, Dialect dialect,
                          Status* status) {
  FieldReader fields(object, dialect);
  int64_t a = 0;
  int64_t b = 0;
  if (!fields.Only({"op", "a", "b"}) ||
      !fields.Integer("a", INT32_MIN, INT32_MAX, &a) ||
      !fields.Integer("b", INT32_MIN, INT32_MAX, &b)) {
    return Failed(op, fields.status(), status);
  }
  const int64_t result = op == "plus" ? a + b : a - b;
  if (result < INT32_MIN || result > INT32_MAX) {
    return Failed(op,
                  Status(ErrorCode::kOverflow,
                         "the result does not fit a 32-bit integer"),
                  status);
  }
  ledger.Log("C++ core: " + std::to_string(a) + (op == "plus" ? " + " : " - ") +
             std::to_string(b) + " = " + std::to_string(result));
  return OkHead(op) + ",\"result\":" + std::to_string(result) + "}";
}

std::string RunVerify(Ledger& ledger, const JsonValue& object, Dialect dialect,
                      Status* status) {
  FieldReader fields(object, dialect);
  if (!fields.Only({"op"})) return Failed("verify", fields.status(), status);
  Status verified = VerifyLedger(ledger);
  if (!verified.ok()) return Failed("verify", std::move(verified), status);
  std::string line = OkHead("verify");
  line.append(",\"accounts\":")
      .append(std::to_string(ledger.accounts().size()));
  line.append(",\"entries\":").append(std::to_string(ledger.entry_count()));
  line.append(",\"head\":\"").append(ToHex(ledger.Head())).append("\"}");
  return line;
}

}  // namespace

std::string NotAnOpLine() { return ErrorLine("", ErrorCode::kInvalidArgument); }

std::string ExecuteOp(Ledger& ledger, const JsonValue& object, Dialect dialect,
                      Status* status) {
  const std::string& op = object.Find("op")->text;
  if (IsMutatingOp(op)) {
    Outcome outcome = RunMutation(ledger, op, object, dialect);
    *status = outcome.status;
    return OutcomeLine(op, outcome);
  }
  if (op == "batch") return RunBatch(ledger, object, dialect, status);
  if (op == "verify") return RunVerify(ledger, object, dialect, status);
  if (op == "balance" || op == "account" || op == "history") {
    return RunAccountQuery(ledger, op, object, dialect, status);
  }
  if (op == "greet") return RunGreet(ledger, object, dialect, status);
  if (op == "plus" || op == "minus") {
    return RunArithmetic(ledger, op, object, dialect, status);
  }
  *status =
      Status(ErrorCode::kUnknownOp, "there is no op called " + JsonString(op));
  return ErrorLine(op, ErrorCode::kUnknownOp);
}

}  // namespace wasmbank
