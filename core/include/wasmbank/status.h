// Error codes, Status and Result: the one error channel of the core.
//
// Errors are values: nothing in the core throws across its API, because an
// uncaught exception inside wasm aborts the whole instance (and every account).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

namespace wasmbank {

// The stable error codes, in their documented order (docs/errors.md). This
// list is the one source: the JS list (ERROR_CODES), the TypeScript union and
// the page's words are checked against it by tests/js/codes_drift.test.js.
// Numbers are part of the JS API: transferMany reports code k as
// ERROR_CODES[k - 1], so new codes go at the end.
#define WASMBANK_ERROR_CODES(X)                   \
  X(kInvalidArgument, "INVALID_ARGUMENT")         \
  X(kInvalidName, "INVALID_NAME")                 \
  X(kInvalidCurrency, "INVALID_CURRENCY")         \
  X(kInvalidAmount, "INVALID_AMOUNT")             \
  X(kUnknownOp, "UNKNOWN_OP")                     \
  X(kAccountExists, "ACCOUNT_EXISTS")             \
  X(kAccountNotFound, "ACCOUNT_NOT_FOUND")        \
  X(kAccountClosed, "ACCOUNT_CLOSED")             \
  X(kAccountNotEmpty, "ACCOUNT_NOT_EMPTY")        \
  X(kSameAccount, "SAME_ACCOUNT")                 \
  X(kCurrencyMismatch, "CURRENCY_MISMATCH")       \
  X(kInsufficientFunds, "INSUFFICIENT_FUNDS")     \
  X(kOverflow, "OVERFLOW")                        \
  X(kIdempotencyConflict, "IDEMPOTENCY_CONFLICT") \
  X(kLinkedFailed, "LINKED_FAILED")               \
  X(kCorruptJournal, "CORRUPT_JOURNAL")           \
  X(kResourceExhausted, "RESOURCE_EXHAUSTED")

enum class ErrorCode : uint8_t {
  kOk = 0,
#define WASMBANK_ENUMERATOR(name, text) name,
  WASMBANK_ERROR_CODES(WASMBANK_ENUMERATOR)
#undef WASMBANK_ENUMERATOR
};

inline constexpr int kErrorCodeCount =
    static_cast<int>(ErrorCode::kResourceExhausted);

// "INVALID_ARGUMENT", ...; "OK" for kOk.
std::string_view ErrorCodeName(ErrorCode code);

// A code plus a sentence a person can act on. Free when ok: like LevelDB's
// Status, an ok one holds no message (a null pointer), so the checks every
// op runs cost nothing when they pass.
class Status {
 public:
  Status() = default;
  Status(ErrorCode code, std::string message)
      : code_(code),
        message_(code == ErrorCode::kOk
                     ? nullptr
                     : std::make_unique<std::string>(std::move(message))) {}
  Status(const Status& other)
      : code_(other.code_),
        message_(other.message_ ? std::make_unique<std::string>(*other.message_)
                                : nullptr) {}
  Status& operator=(const Status& other) {
    if (this != &other) *this = Status(other);
    return *this;
  }
  Status(Status&&) noexcept = default;
  Status& operator=(Status&&) noexcept = default;

  static Status Ok() { return Status(); }

  bool ok() const { return code_ == ErrorCode::kOk; }
  ErrorCode code() const { return code_; }
  const std::string& message() const {
    static const std::string kNone;
    return message_ ? *message_ : kNone;
  }

 private:
  ErrorCode code_ = ErrorCode::kOk;
  std::unique_ptr<std::string> message_;  // null when ok
};

// A Status and, when it is ok, what the op reports. The value of a failed
// result is default-constructed (never half-filled).
template <typename T>
class Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit on purpose
  Result(Status status) : status_(std::move(status)) {}  // NOLINT
  Result(ErrorCode code, std::string message)
      : status_(code, std::move(message)) {}

  bool ok() const { return status_.ok(); }
  ErrorCode code() const { return status_.code(); }
  const std::string& message() const { return status_.message(); }
  const Status& status() const { return status_; }

  const T& value() const { return value_; }
  T& value() { return value_; }
  const T* operator->() const { return &value_; }
  const T& operator*() const { return value_; }

 private:
  Status status_;
  T value_{};
};

}  // namespace wasmbank
