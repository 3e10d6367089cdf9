#include "field_reader.h"

#include <cmath>

#include "text_rules.h"

namespace wasmbank {
namespace {

// "\"field\" rest": built by appending, which also keeps GCC 12's
// -Wrestrict false positive on `"literal" + std::string` away.
std::string Named(std::string_view field, std::string_view rest) {
  std::string message = "\"";
  message.append(field).append("\" ").append(rest);
  return message;
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

bool FieldReader::OptionalInteger(std::string_view field, double min,
                                  double max, int64_t* out) {
  if (!status_.ok()) return false;
  const JsonValue* value = object_.Find(field);
  if (value == nullptr) return true;
  double number = value->number;
  // JSON.parse reads every number as a double; 101, 101.0 and 1.01e2 are all
  // the integer 101. NaN fails every comparison below.
  if (!value->is_number() || !(number >= min && number <= max) ||
      std::trunc(number) != number) {
    return Fail(Named(field, "must be an integer from " +
                                 std::to_string(static_cast<int64_t>(min)) +
                                 " to " +
                                 std::to_string(static_cast<int64_t>(max))));
  }
  *out = static_cast<int64_t>(number);
  return true;
}

bool FieldReader::Integer(std::string_view field, double min, double max,
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

bool FieldReader::OptionalString(std::string_view field,
                                 std::string_view* out) {
  if (!status_.ok()) return false;
  const JsonValue* value = object_.Find(field);
  if (value == nullptr) return true;
  if (!value->is_string()) {
    return Fail(Named(field, "must be a string"));
  }
  *out = value->text;
  return true;
}

bool FieldReader::String(std::string_view field, std::string_view* out) {
  if (!status_.ok()) return false;
  if (object_.Find(field) == nullptr) {
    return Fail(Named(field, "is required"));
  }
  return OptionalString(field, out);
}

bool FieldReader::Address(std::string_view* out) {
  if (!OptionalString("address", out)) return false;
  if (!IsValidFreeText(*out, 200)) {
    return Fail(
        "\"address\" must be at most 200 characters with no control "
        "characters");
  }
  return true;
}

bool FieldReader::Amount(std::string_view field, bool required,
                         AmountInput* out) {
  if (!status_.ok()) return false;
  out->json = object_.Find(field);
  out->dialect = dialect_;
  if (required && out->json == nullptr) {
    return Fail(Named(field, "is required"));
  }
  return true;
}

bool FieldReader::MutationFields(Mutation* out) {
  if (!OptionalString("key", &out->key) ||
      !OptionalString("memo", &out->memo) ||
      !OptionalInteger("at", 0, kMaxAt, &out->at)) {
    return false;
  }
  if (object_.Find("key") != nullptr && !IsValidKey(out->key)) {
    return Fail(
        "\"key\" must be 1 to 64 printable ASCII characters without spaces");
  }
  if (!IsValidFreeText(out->memo, 140)) {
    return Fail(
        "\"memo\" must be at most 140 characters with no control "
        "characters");
  }
  return true;
}

}  // namespace wasmbank
