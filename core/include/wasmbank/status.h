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

#include "wasmbank/contract.h"

namespace wasmbank {

// The stable error codes are listed once, with their words, in
// wasmbank/contract.h (WASMBANK_ERROR_CODES); the JS list, the TypeScript
// union and the page's words are generated from it.
enum class ErrorCode : uint8_t {
  kOk = 0,
#define WASMBANK_ENUMERATOR(name, text, words) name,
  WASMBANK_ERROR_CODES(WASMBANK_ENUMERATOR)
#undef WASMBANK_ENUMERATOR
};

inline constexpr int kErrorCodeCount =
#define WASMBANK_ONE(name, text, words) +1
    0 WASMBANK_ERROR_CODES(WASMBANK_ONE);
#undef WASMBANK_ONE

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
