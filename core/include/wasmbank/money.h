// Money: ISO 4217 currencies, decimal text <-> int64 minor units, checked math.
// No floating point anywhere in here.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace wasmbank {

struct Currency {
  char code[4];   // "USD\0"
  uint8_t scale;  // minor-unit digits: USD 2, JPY 0, KWD 3, CLF 4
};

// The active ISO 4217 code with exactly this (upper-case) spelling, or nullptr.
const Currency* FindCurrency(std::string_view code);

// Index of a currency in the table and back, for compact storage.
uint16_t CurrencyIndex(const Currency* currency);
const Currency& CurrencyAt(uint16_t index);

// Parses amount text (docs/transcript-format.md) (^[0-9]+(\.[0-9]+)?$, at most
// `scale` fraction digits, within int64 after scaling). Returns false for
// anything else.
bool ParseAmount(std::string_view text, int scale, int64_t* minor_units);

// Exactly `scale` fraction digits, '-' for negatives, no leading zeros.
std::string FormatAmount(int64_t minor_units, int scale);

// The same text written into `out`, which has room for kMaxAmountChars;
// returns its length. (For callers that keep the text in place.)
inline constexpr size_t kMaxAmountChars = 22;
size_t FormatAmountTo(int64_t minor_units, int scale, char* out);

// Return false instead of wrapping.
inline bool CheckedAdd(int64_t a, int64_t b, int64_t* out) {
  return !__builtin_add_overflow(a, b, out);
}
inline bool CheckedSub(int64_t a, int64_t b, int64_t* out) {
  return !__builtin_sub_overflow(a, b, out);
}

}  // namespace wasmbank
