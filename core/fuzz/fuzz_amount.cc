// libFuzzer target: the amount parser and formatter (money.h) at every scale
// the API takes (0 to 18, a superset of the currency table's 0, 2, 3 and 4).
//
// The first 8 bytes are a value x (int64, little-endian); the rest is text.
// For every scale:
//  - format(x) is canonical (optional '-', no leading zero, exactly `scale`
//    fraction digits), and parse(format(x)) == x for x >= 0 (the parser
//    takes no sign: for x < 0 the digits after '-' parse to -x);
//  - the text parses exactly when an independent 128-bit reference parser
//    says it should, to the same value, and that value formats back to a
//    canonical text that parses to it again;
//  - text that parses at scale s parses at s + 1 to ten times the value
//    (when that fits int64).
// Nothing may crash; a finding aborts so that libFuzzer keeps the input.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

#include "fuzz_checks.h"
#include "wasmbank/money.h"

namespace {

using wasmbank::fuzz::Check;

constexpr int kMaxScale = 18;  // the largest scale ParseAmount accepts

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// The documented grammar (^[0-9]+(\.[0-9]+)?$, at most `scale` fraction
// digits, within int64 once scaled), computed in 128 bits and written
// without the parser's code: the oracle the parser is compared with.
std::optional<int64_t> ReferenceParse(std::string_view text, int scale) {
  if (scale < 0 || scale > kMaxScale) return std::nullopt;
  const size_t point = text.find('.');
  std::string_view whole = text.substr(0, point);
  std::string_view fraction = point == std::string_view::npos
                                  ? std::string_view()
                                  : text.substr(point + 1);
  if (whole.empty()) return std::nullopt;
  if (point != std::string_view::npos && fraction.empty()) return std::nullopt;
  if (fraction.size() > static_cast<size_t>(scale)) return std::nullopt;
  for (char c : whole)
    if (!IsDigit(c)) return std::nullopt;
  for (char c : fraction)
    if (!IsDigit(c)) return std::nullopt;
  const __int128 kLimit = INT64_MAX;
  __int128 value = 0;
  auto push = [&](char digit) {
    value = value * 10 + (digit - '0');
    return value <= kLimit;
  };
  for (char c : whole)
    if (!push(c)) return std::nullopt;
  for (char c : fraction)
    if (!push(c)) return std::nullopt;
  for (size_t k = fraction.size(); k < static_cast<size_t>(scale); ++k)
    if (!push('0')) return std::nullopt;
  return static_cast<int64_t>(value);
}

// Canonical: an optional '-', then digits with no leading zero (a single
// "0" before the point is allowed), then '.' and exactly `scale` digits
// when scale > 0; "-0..." never appears.
void CheckCanonical(const std::string& text, int64_t value, int scale) {
  std::string_view rest(text);
  const bool negative = !rest.empty() && rest[0] == '-';
  Check(negative == (value < 0));
  if (negative) rest.remove_prefix(1);
  const size_t point = rest.find('.');
  Check((point != std::string_view::npos) == (scale > 0));
  std::string_view whole = rest.substr(0, point);
  Check(!whole.empty());
  Check(whole.size() == 1 || whole[0] != '0');
  for (char c : whole) Check(IsDigit(c));
  if (scale > 0) {
    std::string_view fraction = rest.substr(point + 1);
    Check(fraction.size() == static_cast<size_t>(scale));
    for (char c : fraction) Check(IsDigit(c));
  }
}

void CheckValue(int64_t x, int scale) {
  const std::string text = wasmbank::FormatAmount(x, scale);
  CheckCanonical(text, x, scale);
  int64_t back = 0;
  if (x >= 0) {
    Check(wasmbank::ParseAmount(text, scale, &back));
    Check(back == x);
  } else {
    // The digits after '-' are the magnitude, which for INT64_MIN does not
    // fit int64: the parser must refuse it rather than wrap.
    const bool fits = x != INT64_MIN;
    Check(wasmbank::ParseAmount(std::string_view(text).substr(1), scale,
                                &back) == fits);
    if (fits) Check(back == -x);
    // A sign is never amount text.
    Check(!wasmbank::ParseAmount(text, scale, &back));
  }
}

void CheckText(std::string_view text, int scale) {
  int64_t value = -1;
  const bool parsed = wasmbank::ParseAmount(text, scale, &value);
  const std::optional<int64_t> expected = ReferenceParse(text, scale);
  Check(parsed == expected.has_value());
  if (!parsed) return;
  Check(value == *expected && value >= 0);
  const std::string canonical = wasmbank::FormatAmount(value, scale);
  CheckCanonical(canonical, value, scale);
  int64_t again = -1;
  Check(wasmbank::ParseAmount(canonical, scale, &again) && again == value);
  // One more scale: the same text is worth ten times as many minor units.
  if (scale < kMaxScale) {
    int64_t finer = -1;
    int64_t tenfold;
    const bool fits = !__builtin_mul_overflow(value, int64_t{10}, &tenfold);
    Check(wasmbank::ParseAmount(text, scale + 1, &finer) == fits);
    if (fits) Check(finer == tenfold);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  uint64_t raw = 0;
  const size_t head = size < sizeof(raw) ? size : sizeof(raw);
  if (head > 0) std::memcpy(&raw, data, head);
  const int64_t x = static_cast<int64_t>(raw);
  std::string_view text(reinterpret_cast<const char*>(data) + head,
                        size - head);
  int64_t ignored;
  // Scales outside 0..18 are refused, never read.
  Check(!wasmbank::ParseAmount(text, -1, &ignored));
  Check(!wasmbank::ParseAmount(text, kMaxScale + 1, &ignored));
  for (int scale = 0; scale <= kMaxScale; ++scale) {
    CheckValue(x, scale);
    // The negation in unsigned arithmetic: INT64_MIN stays itself.
    CheckValue(static_cast<int64_t>(uint64_t{0} - raw), scale);
    CheckText(text, scale);
  }
  return 0;
}
