// Internal: the ISO 4217 table behind FindCurrency / CurrencyAt.
#pragma once

#include <cstddef>

#include "wasmbank/money.h"

namespace wasmbank {

// Sorted by code (byte order), no duplicates; checked at compile time.
extern const Currency kCurrencies[];
extern const size_t kCurrencyCount;

}  // namespace wasmbank
