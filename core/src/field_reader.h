// Reads an op's fields from its JSON object: the INVALID_ARGUMENT step of
// SPEC §4 (missing fields, wrong JSON types, unknown fields, out-of-range
// integers, bad key / memo / address / at).
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

#include "json.h"
#include "ops.h"
#include "wasmbank/status.h"

namespace wasmbank {

inline constexpr double kMaxId = 2147483647;
inline constexpr double kMaxAt = 8640000000000000;
inline constexpr double kMaxBefore = 9007199254740992;  // 2^53

class FieldReader {
 public:
  FieldReader(const JsonValue& object, Dialect dialect)
      : object_(object), dialect_(dialect) {}

  // Every read returns false once any check has failed; status() says why.
  bool Only(std::initializer_list<std::string_view> allowed);
  bool Integer(std::string_view field, double min, double max, int64_t* out);
  bool OptionalInteger(std::string_view field, double min, double max,
                       int64_t* out);  // leaves *out alone when absent
  bool Id(std::string_view field, int32_t* out);
  bool String(std::string_view field, std::string_view* out);
  bool OptionalString(std::string_view field, std::string_view* out);
  bool Address(std::string_view* out);
  // Presence only; the value is read at the INVALID_AMOUNT step.
  bool Amount(std::string_view field, bool required, AmountInput* out);
  // key, memo and at.
  bool MutationFields(Mutation* out);

  const Status& status() const { return status_; }

 private:
  bool Fail(std::string message);

  const JsonValue& object_;
  Dialect dialect_;
  Status status_;
};

}  // namespace wasmbank
