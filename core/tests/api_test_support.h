// What the typed API tests share (typed_api_test.cc, holds_test.cc): an
// account spec from decimal text, options carrying a key, and the check that
// a call failed with the expected code and changed nothing.
#pragma once

#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <utility>

#include "wasmbank/bank.h"

namespace wasmbank {

// GoogleTest prints a code by its name.
inline void PrintTo(ErrorCode code, std::ostream* out) {
  *out << ErrorCodeName(code);
}

namespace api_test {

inline AccountSpec Spec(int32_t id, std::string name, std::string balance = "0",
                        std::string currency = "USD") {
  AccountSpec spec;
  spec.id = id;
  spec.name = std::move(name);
  spec.currency = std::move(currency);
  spec.balance = Amount::Decimal(std::move(balance));
  return spec;
}

inline OpOptions Key(std::string key) {
  OpOptions options;
  options.key = std::move(key);
  return options;
}

// Expects `result` to fail with `code` (and say why) and `bank`'s export to
// be byte for byte `before`.
template <typename T>
void ExpectRefused(Bank& bank, const Result<T>& result, ErrorCode code,
                   const std::string& before) {
  EXPECT_EQ(ErrorCodeName(result.code()), ErrorCodeName(code))
      << result.message();
  EXPECT_FALSE(result.message().empty());
  EXPECT_EQ(bank.ExportJournal(), before);
}

}  // namespace api_test
}  // namespace wasmbank
