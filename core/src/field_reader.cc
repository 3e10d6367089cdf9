#include "field_reader.h"

#include <charconv>
#include <climits>
#include <cmath>
#include <optional>

#include "text_rules.h"
#include "wasmbank/money.h"

namespace wasmbank {
namespace {

// "\"field\" rest": built by appending, which also keeps GCC 12's
// -Wrestrict false positive on `"literal" + std::string` away.
std::string Named(std::string_view field, std::string_view rest) {
  std::string message = "\"";
  message.append(field).append("\" ").append(rest);
  return message;
}

// A bigint token's value (JsonTokens::kBigInts), if it fits int64.
std::optional<int64_t> BigIntValue(const JsonValue& value) {
  int64_t out = 0;
  const char* end = value.text.data() + value.text.size();
  auto [at, error] = std::from_chars(value.text.data(), end, out);
  if (error != std::errc() || at != end) return std::nullopt;
  return out;
}

}  // namespace

bool FieldReader::Fail(std::string message) {
  if (status_.ok()) {
    status_ = Status(ErrorCode::kInvalidArgument, std::move(message));
  }
  return false;
}

bool FieldReader::Only(std::initializer_list<std::string_view> allowed) {
  if (!status_.ok()) return false;
  for (const JsonMember& member : object_.members) {
    bool known = false;
    for (std::string_view name : allowed) known = known || member.key == name;
    if (!known) {
      return Fail("unknown field " + JsonString(member.key));
    }
  }
  return true;
}

bool FieldReader::OptionalInteger(std::string_view field, int64_t min,
                                  int64_t max, int64_t* out) {
  if (!status_.ok()) return false;
  const JsonValue* value = object_.Find(field);
  if (value == nullptr) return true;
  // A bigint (JS objects only) counts in an int32 field (an id, a limit,
  // plus's a and b), as the typed JS methods take one there; wider fields
  // (at, before) take numbers only.
  if (value->is_bigint() && min >= INT32_MIN && max <= INT32_MAX) {
    std::optional<int64_t> big = BigIntValue(*value);
    if (big && *big >= min && *big <= max) {
      *out = *big;
      return true;
    }
  }
  double number = value->number;
  // JSON.parse reads every number as a double; 101, 101.0 and 1.01e2 are all
  // the integer 101. NaN fails every comparison below.
  if (!value->is_number() ||
      !(number >= static_cast<double>(min) &&
        number <= static_cast<double>(max)) ||
      std::trunc(number) != number) {
    return Fail(Named(field, "must be an integer from " + std::to_string(min) +
                                 " to " + std::to_string(max)));
  }
  *out = static_cast<int64_t>(number);
  return true;
}

bool FieldReader::Integer(std::string_view field, int64_t min, int64_t max,
                          int64_t* out) {
  if (!status_.ok()) return false;
  if (object_.Find(field) == nullptr) {
    return Fail(Named(field, "is required"));
  }
  return OptionalInteger(field, min, max, out);
}

bool FieldReader::Id(std::string_view field, int32_t* out) {
  int64_t id = 0;
  if (!Integer(field, 1, kMaxId, &id)) return false;
  *out = static_cast<int32_t>(id);
  return true;
}

bool FieldReader::OptionalString(std::string_view field, std::string* out) {
  if (!status_.ok()) return false;
  const JsonValue* value = object_.Find(field);
  if (value == nullptr) return true;
  if (!value->is_string()) {
    return Fail(Named(field, "must be a string"));
  }
  *out = value->text;
  return true;
}

bool FieldReader::String(std::string_view field, std::string* out) {
  if (!status_.ok()) return false;
  if (object_.Find(field) == nullptr) {
    return Fail(Named(field, "is required"));
  }
  return OptionalString(field, out);
}

bool FieldReader::ReadAmountField(std::string_view field, bool required,
                                  wasmbank::Amount* out) {
  if (!status_.ok()) return false;
  const JsonValue* json = object_.Find(field);
  if (json == nullptr) {
    if (required) return Fail(Named(field, "is required"));
    *out = wasmbank::Amount();
    return true;
  }
  *out = AmountFromJson(*json);
  return true;
}

wasmbank::Amount FieldReader::AmountFromJson(const JsonValue& json) const {
  if (json.is_bigint()) {  // minor units, from a JS object
    std::optional<int64_t> minor = BigIntValue(json);
    if (!minor) {
      return wasmbank::Amount::Unreadable("the amount " + json.text +
                                          " is out of range");
    }
    return wasmbank::Amount::Minor(*minor);
  }
  if (json.is_number()) {
    return wasmbank::Amount::Unreadable(
        "amounts must be a decimal string such as \"12.50\" (a number can "
        "lose cents)");
  }
  if (!json.is_string()) {
    return wasmbank::Amount::Unreadable(
        "amounts must be a decimal string such as \"12.50\"");
  }
  return wasmbank::Amount::Decimal(json.text);
}

bool FieldReader::Options(OpOptions* out) {
  if (!status_.ok()) return false;
  if (object_.Find("key") != nullptr) {
    std::string key;
    if (!OptionalString("key", &key)) return false;
    out->key = std::move(key);
  }
  return OptionalString("memo", &out->memo) &&
         OptionalInteger("at", 0, kMaxAt, &out->at);
}

}  // namespace wasmbank
