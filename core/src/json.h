// A small JSON reader and writer that behave like JSON.parse / JSON.stringify.
//
// Why not nlohmann/json: scenario lines must keep lone surrogates ("\ud800")
// through to the transcript exactly as JSON.parse + JSON.stringify do, need a
// nesting limit, and must keep the raw text of number tokens (see Dialect in
// bank.h). Strings are therefore held as WTF-8: UTF-8 that may also encode
// surrogate code points, which the writer turns back into \uXXXX escapes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wasmbank {

struct JsonMember;

struct JsonValue {
  // kBigInt: a JS bigint, `123n`, only in text parsed with
  // JsonTokens::kBigInts; `text` holds its digits (with any '-').
  enum class Type : uint8_t {
    kNull,
    kBool,
    kNumber,
    kString,
    kArray,
    kObject,
    kBigInt
  };

  Type type = Type::kNull;
  bool boolean = false;
  double number = 0;           // as JSON.parse reads it
  bool integer_token = false;  // number written with no '.', 'e' or 'E'
  std::string text;            // string value (WTF-8) or the number token
  std::vector<JsonValue> items;
  std::vector<JsonMember> members;

  bool is_string() const { return type == Type::kString; }
  bool is_number() const { return type == Type::kNumber; }
  bool is_bigint() const { return type == Type::kBigInt; }
  // The last member with this name, as JSON.parse keeps; nullptr if none.
  const JsonValue* Find(std::string_view key) const;
};

struct JsonMember {
  std::string key;
  JsonValue value;
};

// What a text may hold beyond JSON: kBigInts also reads an integer token
// followed by 'n' (a JS bigint, as the JS wrapper writes one; never in a
// scenario line or a journal).
enum class JsonTokens { kJson, kBigInts };

// Parses one JSON text (RFC 8259, as JSON.parse accepts it) nested at most
// `max_depth` arrays/objects deep. The input must already be valid UTF-8.
std::optional<JsonValue> ParseJson(std::string_view text, int max_depth,
                                   JsonTokens tokens = JsonTokens::kJson);

// Appends `s` (WTF-8) as a JSON string literal escaped like JSON.stringify.
void AppendJsonString(std::string* out, std::string_view s);

// The same as a new string: `s` quoted for a message or a transcript.
std::string JsonString(std::string_view s);

}  // namespace wasmbank
