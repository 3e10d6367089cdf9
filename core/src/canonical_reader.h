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
  bool Integer(int64_t min, int64_t max, int64_t* out) {
    const char* start = p_;
    int64_t value = 0;
    while (p_ < end_ && *p_ >= '0' && *p_ <= '9') {
      value = value * 10 + (*p_ - '0');
      ++p_;
      if (p_ - start > 16) return false;
    }
    const ptrdiff_t digits = p_ - start;
    if (digits == 0 || (digits > 1 && *start == '0')) return false;
    if (value < min || value > max) return false;
    *out = value;
    return true;
  }

  bool Id(int32_t* out) {
    int64_t id;
    if (!Integer(1, kMaxId, &id)) return false;
    *out = static_cast<int32_t>(id);
    return true;
  }

  // The rest of a string whose opening quote was read, up to and with its
  // closing quote, decoded: the only escapes taken are \" and \\ (the
  // canonical writer escapes nothing else that the ops accept), no byte
  // below 0x20, valid UTF-8.
  bool String(std::string* out) {
    out->clear();
    const char* start = p_;
    bool high = false;
    while (p_ < end_) {
      const unsigned char c = static_cast<unsigned char>(*p_);
      if (c == '"') {
        out->append(start, p_);
        ++p_;
        // Non-ASCII bytes are only ever inside strings, and the escapes
        // taken out are ASCII: the line is valid UTF-8 when every string
        // is.
        return !high || IsValidUtf8(*out);
      }
      if (c == '\\') {
        if (end_ - p_ < 2 || (p_[1] != '"' && p_[1] != '\\')) return false;
        out->append(start, p_);
        out->push_back(p_[1]);
        p_ += 2;
        start = p_;
        continue;
      }
      if (c < 0x20) return false;
      high = high || c >= 0x80;
      ++p_;
    }
    return false;
  }

  bool AmountString(Amount* out) {
    if (!String(&scratch_)) return false;
    *out = Amount::Decimal(scratch_);
    return true;
  }

  // [,"memo":MEMO][,"key":KEY],"at":AT} and the end of the line; with
  // kOptional the "at" member may be absent too (out->at is then 0).
  enum class At { kRequired, kOptional };
  bool Options(OpOptions* out, At at = At::kRequired) {
    if (Maybe(",\"memo\":\"")) {
      if (!String(&out->memo)) return false;
    } else {
      out->memo.clear();
    }
    if (Maybe(",\"key\":\"")) {
      if (!String(&out->key.emplace())) return false;
    } else {
      out->key.reset();
    }
    out->at = 0;
    if (Maybe(",\"at\":")) {
      if (!Integer(0, kMaxAt, &out->at)) return false;
    } else if (at == At::kRequired) {
      return false;
    }
    return Literal("}") && p_ == end_;
  }

  char Peek() const { return p_ < end_ ? *p_ : '\0'; }

 private:
  const char* p_;
  const char* end_;
  std::string scratch_;
};

}  // namespace wasmbank
