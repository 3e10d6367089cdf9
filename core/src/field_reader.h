// Reads an op's fields from its JSON object into the typed API's values:
// the JSON part of the INVALID_ARGUMENT step (missing fields, wrong JSON
// types, unknown fields, integers out of range). The rules on the values
// themselves (key, memo, address characters) are the ops' (ops.cc).
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

#include "json.h"
#include "ops.h"
#include "wasmbank/bank.h"
#include "wasmbank/status.h"
#include "wasmbank/types.h"

namespace wasmbank {

class FieldReader {
 public:
  explicit FieldReader(const JsonValue& object) : object_(object) {}

  // Every read returns false once any check has failed; status() says why.
  bool Only(std::initializer_list<std::string_view> allowed);
  bool Integer(std::string_view field, int64_t min, int64_t max, int64_t* out);
  bool OptionalInteger(std::string_view field, int64_t min, int64_t max,
                       int64_t* out);  // leaves *out alone when absent
  bool Id(std::string_view field, int32_t* out);
  bool String(std::string_view field, std::string* out);
  bool OptionalString(std::string_view field, std::string* out);
  // Presence only: whatever is there becomes an Amount, read (and refused
  // if it must be) at the op's INVALID_AMOUNT step.
  bool ReadAmountField(std::string_view field, bool required,
                       wasmbank::Amount* out);
  // key, memo and at.
  bool Options(OpOptions* out);

  const Status& status() const { return status_; }

 private:
  bool Fail(std::string message);
  wasmbank::Amount AmountFromJson(const JsonValue& json) const;

  const JsonValue& object_;
  Status status_;
};

}  // namespace wasmbank
