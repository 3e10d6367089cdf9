#include "wasmbank/money.h"

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "currency_table.h"

namespace wasmbank {
namespace {

// Scales the API accepts. The table only uses 0..4; 18 keeps 10^scale within
// int64 and every formatted value within the buffer in FormatAmount.
constexpr int kMaxScale = 18;

int CompareCode(const Currency& c, std::string_view code) {
  // code.size() == 3 here.
  for (int i = 0; i < 3; ++i) {
    const unsigned char a = static_cast<unsigned char>(c.code[i]);
    const unsigned char b = static_cast<unsigned char>(code[i]);
    if (a != b) return a < b ? -1 : 1;
  }
  return 0;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// value = value * 10 + digit, false on int64 overflow.
bool PushDigit(int64_t* value, int digit) {
  int64_t shifted;
  if (__builtin_mul_overflow(*value, int64_t{10}, &shifted)) return false;
  return !__builtin_add_overflow(shifted, int64_t{digit}, value);
}

}  // namespace

const Currency* FindCurrency(std::string_view code) {
  if (code.size() != 3) return nullptr;
  size_t lo = 0;
  size_t hi = kCurrencyCount;
  while (lo < hi) {
    const size_t mid = lo + (hi - lo) / 2;
    const int cmp = CompareCode(kCurrencies[mid], code);
    if (cmp == 0) return &kCurrencies[mid];
    if (cmp < 0) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return nullptr;
}

uint16_t CurrencyIndex(const Currency* currency) {
  // Compare addresses as integers: a pointer from outside the table must not
  // be subtracted from one inside it.
  const uintptr_t begin = reinterpret_cast<uintptr_t>(kCurrencies);
  const uintptr_t p = reinterpret_cast<uintptr_t>(currency);
  if (currency == nullptr || p < begin) return UINT16_MAX;
  const uintptr_t offset = p - begin;
  if (offset % sizeof(Currency) != 0) return UINT16_MAX;
  const uintptr_t index = offset / sizeof(Currency);
  if (index >= kCurrencyCount) return UINT16_MAX;
  return static_cast<uint16_t>(index);
}

const Currency& CurrencyAt(uint16_t index) {
  // An index that did not come from CurrencyIndex is a bug in the caller, but
  // the core must never abort: fall back to the default currency.
  if (index >= kCurrencyCount) return *FindCurrency("USD");
  return kCurrencies[index];
}

bool ParseAmount(std::string_view text, int scale, int64_t* minor_units) {
  if (scale < 0 || scale > kMaxScale) return false;
  const size_t n = text.size();
  size_t i = 0;
  int64_t value = 0;

  // Integer part: one or more digits. Leading zeros leave value at 0, so any
  // number of them is harmless.
  const size_t int_begin = i;
  while (i < n && IsDigit(text[i])) {
    if (!PushDigit(&value, text[i] - '0')) return false;
    ++i;
  }
  if (i == int_begin) return false;

  // Optional fraction: '.' then one or more digits, at most `scale` of them.
  int fraction_digits = 0;
  if (i < n) {
    if (text[i] != '.') return false;
    ++i;
    const size_t frac_begin = i;
    while (i < n && IsDigit(text[i])) {
      if (fraction_digits == scale) return false;
      if (!PushDigit(&value, text[i] - '0')) return false;
      ++fraction_digits;
      ++i;
    }
    if (i == frac_begin || i != n) return false;
  }

  for (int k = fraction_digits; k < scale; ++k) {
    if (!PushDigit(&value, 0)) return false;
  }
  *minor_units = value;
  return true;
}

size_t FormatAmountTo(int64_t minor_units, int scale, char* out) {
  if (scale < 0) scale = 0;
  if (scale > kMaxScale) scale = kMaxScale;

  // Magnitude as unsigned, so INT64_MIN needs no special case.
  const bool negative = minor_units < 0;
  uint64_t magnitude = negative
                           ? uint64_t{0} - static_cast<uint64_t>(minor_units)
                           : static_cast<uint64_t>(minor_units);

  // Written backwards: 20 digits for uint64 at most, padded with zeros to
  // scale + 1 (at most 19), plus '-' and '.'.
  char buffer[kMaxAmountChars];
  static_assert(kMaxAmountChars >= 2 + 20 &&
                kMaxAmountChars >= 2 + kMaxScale + 1);
  char* const end = buffer + sizeof(buffer);
  char* p = end;
  int digits = 0;
  while (magnitude != 0 || digits <= scale) {
    if (scale > 0 && digits == scale) *--p = '.';
    *--p = static_cast<char>('0' + magnitude % 10);
    magnitude /= 10;
    ++digits;
  }
  if (negative) *--p = '-';
  const size_t length = static_cast<size_t>(end - p);
  std::memcpy(out, p, length);
  return length;
}

std::string FormatAmount(int64_t minor_units, int scale) {
  char text[kMaxAmountChars];
  return std::string(text, FormatAmountTo(minor_units, scale, text));
}

}  // namespace wasmbank
