#include "wasmbank/status.h"

namespace wasmbank {

std::string_view ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kOk:
      return "OK";
    case ErrorCode::kInvalidArgument:
      return "INVALID_ARGUMENT";
    case ErrorCode::kInvalidName:
      return "INVALID_NAME";
    case ErrorCode::kInvalidCurrency:
      return "INVALID_CURRENCY";
    case ErrorCode::kInvalidAmount:
      return "INVALID_AMOUNT";
    case ErrorCode::kUnknownOp:
      return "UNKNOWN_OP";
    case ErrorCode::kAccountExists:
      return "ACCOUNT_EXISTS";
    case ErrorCode::kAccountNotFound:
      return "ACCOUNT_NOT_FOUND";
    case ErrorCode::kAccountClosed:
      return "ACCOUNT_CLOSED";
    case ErrorCode::kAccountNotEmpty:
      return "ACCOUNT_NOT_EMPTY";
    case ErrorCode::kSameAccount:
      return "SAME_ACCOUNT";
    case ErrorCode::kCurrencyMismatch:
      return "CURRENCY_MISMATCH";
    case ErrorCode::kInsufficientFunds:
      return "INSUFFICIENT_FUNDS";
    case ErrorCode::kOverflow:
      return "OVERFLOW";
    case ErrorCode::kIdempotencyConflict:
      return "IDEMPOTENCY_CONFLICT";
    case ErrorCode::kLinkedFailed:
      return "LINKED_FAILED";
    case ErrorCode::kCorruptJournal:
      return "CORRUPT_JOURNAL";
  }
  return "UNKNOWN";
}

}  // namespace wasmbank
