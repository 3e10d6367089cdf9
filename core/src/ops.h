// The mutating ops of SPEC §4 on typed requests, with the exact error
// precedence after the INVALID_ARGUMENT step (which the readers in
// op_reader.h do). Every op either appends one entry or changes nothing.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "ledger.h"
#include "wasmbank/bank.h"
#include "wasmbank/status.h"

namespace wasmbank {

struct JsonValue;

// An amount as the caller gave it. It is read only at the INVALID_AMOUNT
// step, with the scale of the account it applies to.
struct AmountInput {
  const JsonValue* json = nullptr;  // from a JSON line; nullptr = absent
  Dialect dialect = Dialect::kScenario;
  bool has_minor = false;  // typed fast path: minor units
  int64_t minor = 0;
  bool has_text = false;  // typed fast path: decimal text
  std::string_view text;

  static AmountInput Minor(int64_t units) {
    AmountInput input;
    input.has_minor = true;
    input.minor = units;
    return input;
  }
  static AmountInput Text(std::string_view decimal) {
    AmountInput input;
    input.has_text = true;
    input.text = decimal;
    return input;
  }
};

// Reads `input` at `scale`; absent reads as `fallback`.
Status ReadAmount(const AmountInput& input, int scale, int64_t fallback,
                  int64_t* minor_units);

struct OpenRequest {
  int32_t id = 0;
  std::string_view name;
  std::string_view address;
  std::string_view currency = "USD";
  AmountInput balance;
  AmountInput overdraft_limit;
  Mutation mutation;
};

struct AmountRequest {  // deposit, withdraw
  int32_t id = 0;
  AmountInput amount;
  Mutation mutation;
};

struct TransferRequest {
  int32_t from = 0;
  int32_t to = 0;
  AmountInput amount;
  Mutation mutation;
};

struct CloseRequest {
  int32_t id = 0;
  Mutation mutation;
};

// What an op did, enough to render its transcript line.
struct Outcome {
  Status status;
  EntryKind kind = EntryKind::kOpen;
  bool replayed = false;
  uint32_t entry = 0;
  int32_t id = 0;
  int64_t balance = 0;     // transfer: the source's
  int64_t to_balance = 0;  // transfer only
  int scale = 0;

  bool ok() const { return status.ok(); }
};

Outcome Open(Ledger& ledger, const OpenRequest& request);
Outcome Deposit(Ledger& ledger, const AmountRequest& request);
Outcome Withdraw(Ledger& ledger, const AmountRequest& request);
Outcome Transfer(Ledger& ledger, const TransferRequest& request);
Outcome Close(Ledger& ledger, const CloseRequest& request);

// Appends the fields after "ok" of a successful outcome:
// ,"entry":N,"id":..,"balance":".." (and so on per kind; "replayed" too).
void AppendOutcomeFields(const Outcome& outcome, std::string* out);

}  // namespace wasmbank
