// The character rules (docs/errors.md, docs/transcript-format.md) for names,
// addresses, memos and keys.
#pragma once

#include <cstddef>
#include <string_view>

namespace wasmbank {

// Strict UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF.
bool IsValidUtf8(std::string_view bytes);

// What the rules need to know about a piece of text.
struct TextFacts {
  bool valid_utf8 = true;
  bool has_control = false;     // U+0000–U+001F, U+007F–U+009F
  bool only_whitespace = true;  // true for empty text too
  size_t scalars = 0;
};

TextFacts ExamineText(std::string_view text);

// Names: valid, 1..64 scalars, no controls, not only whitespace.
bool IsValidName(std::string_view text);
// Free text (address 0..200, memo 0..140): valid, no controls, may be blank.
bool IsValidFreeText(std::string_view text, size_t max_scalars);
// Idempotency keys: 1..64 characters in U+0021–U+007E.
bool IsValidKey(std::string_view text);

}  // namespace wasmbank
