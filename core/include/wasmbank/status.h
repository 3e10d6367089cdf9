// Error codes and the Status result type shared by every part of the core.
//
// Errors are values: nothing in the core throws across its API, because an
// uncaught exception inside wasm aborts the whole instance (and every account).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

namespace wasmbank {

// The stable error codes of SPEC §4, in that order. The numeric values are part
// of the JS API: transferMany reports code k as ERROR_CODES[k - 1].
enum class ErrorCode : uint8_t {
  kOk = 0,
  kInvalidArgument,
  kInvalidName,
  kInvalidCurrency,
  kInvalidAmount,
  kUnknownOp,
  kAccountExists,
  kAccountNotFound,
  kAccountClosed,
  kAccountNotEmpty,
  kSameAccount,
  kCurrencyMismatch,
  kInsufficientFunds,
  kOverflow,
  kIdempotencyConflict,
  kLinkedFailed,
  kCorruptJournal,
};

inline constexpr int kErrorCodeCount = 16;

// "INVALID_ARGUMENT", ...; "OK" for kOk.
std::string_view ErrorCodeName(ErrorCode code);

// A code plus a sentence a person can act on. Cheap when ok.
class Status {
 public:
  Status() = default;
  Status(ErrorCode code, std::string message)
      : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }

  bool ok() const { return code_ == ErrorCode::kOk; }
  ErrorCode code() const { return code_; }
  const std::string& message() const { return message_; }

 private:
  ErrorCode code_ = ErrorCode::kOk;
  std::string message_;
};

}  // namespace wasmbank
