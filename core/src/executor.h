// Turns one parsed op object into its effect and its transcript line.
#pragma once

#include <string>

#include "json.h"
#include "ledger.h"
#include "wasmbank/bank.h"
#include "wasmbank/status.h"
#include "wasmbank/write_batch.h"

namespace wasmbank {

// kMaxJsonDepth and kMaxLineBytes are in wasmbank/contract.h.

// `op` is the object of one scenario line. Returns its transcript line
// (without '\n'); *status says why it failed, if it did.
std::string ExecuteOp(Ledger& ledger, const JsonValue& op, Status* status);

// The transcript line of `op` failing with `code`.
std::string ErrorLine(std::string_view op, ErrorCode code);

// The transcript line of mutating op `op` with its result.
std::string ResultLine(std::string_view op, const Result<Receipt>& result);

// open, deposit, withdraw, transfer or close (not batch).
bool IsMutatingOp(std::string_view op);

// The transcript line for a line that is not a JSON object with a string op.
std::string NotAnOpLine();

}  // namespace wasmbank
