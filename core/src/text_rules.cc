#include "text_rules.h"

#include <cstdint>

namespace wasmbank {
namespace {

// Decodes one scalar at `*pos`; returns false for anything that is not
// strict UTF-8 (including WTF-8 surrogates coming from "\ud800" escapes).
bool NextScalar(std::string_view s, size_t* pos, uint32_t* cp) {
  auto byte = [&](size_t i) { return static_cast<unsigned char>(s[i]); };
  size_t i = *pos;
  unsigned char lead = byte(i);
  if (lead < 0x80) {
    *cp = lead;
    *pos = i + 1;
    return true;
  }
  size_t length;
  uint32_t value;
  uint32_t minimum;
  if ((lead & 0xE0) == 0xC0) {
    length = 2, value = lead & 0x1F, minimum = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3, value = lead & 0x0F, minimum = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4, value = lead & 0x07, minimum = 0x10000;
  } else {
    return false;
  }
  if (s.size() - i < length) return false;
  for (size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return false;
    value = (value << 6) | (byte(i + k) & 0x3F);
  }
  if (value < minimum || value > 0x10FFFF) return false;
  if (value >= 0xD800 && value <= 0xDFFF) return false;
  *cp = value;
  *pos = i + length;
  return true;
}

bool IsControl(uint32_t cp) { return cp <= 0x1F || (cp >= 0x7F && cp <= 0x9F); }

bool IsWhitespace(uint32_t cp) {
  switch (cp) {
    case 0x20:
    case 0xA0:
    case 0x1680:
    case 0x2028:
    case 0x2029:
    case 0x202F:
    case 0x205F:
    case 0x3000:
    case 0xFEFF:
      return true;
    default:
      return cp >= 0x2000 && cp <= 0x200A;
  }
}

}  // namespace

bool IsValidUtf8(std::string_view bytes) {
  size_t pos = 0;
  uint32_t cp;
  while (pos < bytes.size()) {
    // Fast path for ASCII runs.
    if (static_cast<unsigned char>(bytes[pos]) < 0x80) {
      ++pos;
      continue;
    }
    if (!NextScalar(bytes, &pos, &cp)) return false;
  }
  return true;
}

TextFacts ExamineText(std::string_view text) {
  TextFacts facts;
  size_t pos = 0;
  uint32_t cp;
  while (pos < text.size()) {
    if (!NextScalar(text, &pos, &cp)) {
      facts.valid_utf8 = false;
      return facts;
    }
    ++facts.scalars;
    if (IsControl(cp)) facts.has_control = true;
    if (!IsWhitespace(cp)) facts.only_whitespace = false;
  }
  return facts;
}

bool IsValidName(std::string_view text) {
  TextFacts facts = ExamineText(text);
  return facts.valid_utf8 && !facts.has_control && !facts.only_whitespace &&
         facts.scalars >= 1 && facts.scalars <= 64;
}

bool IsValidFreeText(std::string_view text, size_t max_scalars) {
  TextFacts facts = ExamineText(text);
  return facts.valid_utf8 && !facts.has_control && facts.scalars <= max_scalars;
}

bool IsValidKey(std::string_view text) {
  if (text.empty() || text.size() > 64) return false;
  for (char c : text) {
    if (c < 0x21 || c > 0x7E) return false;
  }
  return true;
}

}  // namespace wasmbank
