// CanonicalReader's longer reads (canonical_reader.h), out of line: the
// entry reader and the op-line reader share one copy of each.
#include "canonical_reader.h"

namespace wasmbank {

bool CanonicalReader::Integer(int64_t min, int64_t max, int64_t* out) {
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

bool CanonicalReader::Id(int32_t* out) {
  int64_t id;
  if (!Integer(1, kMaxId, &id)) return false;
  *out = static_cast<int32_t>(id);
  return true;
}

bool CanonicalReader::String(std::string* out) {
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

bool CanonicalReader::AmountString(Amount* out) {
  if (!String(&scratch_)) return false;
  *out = Amount::Decimal(scratch_);
  return true;
}

bool CanonicalReader::Options(OpOptions* out, At at) {
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

}  // namespace wasmbank
