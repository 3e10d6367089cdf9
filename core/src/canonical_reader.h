// CanonicalReader: one pass over a line of JSON written in one exact shape
// (members in a fixed order, compact, plain integers, strings with no
// escapes but \" and \\). The fast readers of journal entries
// (entry_reader.cc) and of op lines (op_line_reader.cc) are written with it;
// each declines what is not its shape to the general reader (json.h and
// FieldReader), which gives every line its meaning and error message.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "ops.h"
#include "text_rules.h"
#include "wasmbank/contract.h"
#include "wasmbank/types.h"

namespace wasmbank {

// One pass over a canonical line. Every read returns false as soon as the
// text is not what the canonical shape has there.
class CanonicalReader {
 public:
  explicit CanonicalReader(std::string_view line)
      : p_(line.data()), end_(line.data() + line.size()) {}

  // The exact bytes `text` (a literal) next. Compared eight bytes at a
  // time in place: memcmp is a call, and a byte loop in wasm.
  template <size_t N>
  bool Literal(const char (&text)[N]) {
    constexpr size_t n = N - 1;
    if (static_cast<size_t>(end_ - p_) < n) return false;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
      uint64_t a;
      uint64_t b;
      std::memcpy(&a, p_ + i, 8);
      std::memcpy(&b, text + i, 8);
      if (a != b) return false;
    }
    for (; i < n; ++i) {
      if (p_[i] != text[i]) return false;
    }
    p_ += n;
    return true;
  }

  // Whether `text` comes next; consumed if so.
  template <size_t N>
  bool Maybe(const char (&text)[N]) {
    return Literal(text);
  }

  // A plain decimal integer from min to max (0 <= min, max <= 2^53): no
  // sign, no leading zero, at most 16 digits. Within that range a double
  // holds every integer exactly, so the general reader (which reads JSON
  // numbers as JSON.parse does) reads the same value.
  bool Integer(int64_t min, int64_t max, int64_t* out);

  bool Id(int32_t* out);

  // The rest of a string whose opening quote was read, up to and with its
  // closing quote, decoded: the only escapes taken are \" and \\ (the
  // canonical writer escapes nothing else that the ops accept), no byte
  // below 0x20, valid UTF-8.
  bool String(std::string* out);

  bool AmountString(Amount* out);

  // [,"memo":MEMO][,"key":KEY],"at":AT} and the end of the line; with
  // kOptional the "at" member may be absent too (out->at is then 0).
  enum class At { kRequired, kOptional };
  bool Options(OpOptions* out, At at = At::kRequired);

  char Peek() const { return p_ < end_ ? *p_ : '\0'; }

 private:
  const char* p_;
  const char* end_;
  std::string scratch_;
};

}  // namespace wasmbank
