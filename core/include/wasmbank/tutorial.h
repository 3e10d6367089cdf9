// The original tutorial's calls, kept as an extension of the bank: the
// tutorial (examples/tutorial.jsonl, bank-cli demo, the page's "Run
// tutorial") greets each account's owner with them. Scenario lines run them too
// ({"op":"greet"},
// {"op":"plus"}, {"op":"minus"}: docs/transcript-format.md), and so does
// the JS API (bank.greet, bank.plus, bank.minus). They change nothing in the
// bank; each says what it did through the bank's log sink.
//
//   wasmbank::Bank bank;
//   wasmbank::tutorial::Greet(bank, "Ada");   // "Hello, Ada"
//   wasmbank::tutorial::Plus(bank, 2, 3);     // 5
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "wasmbank/bank.h"
#include "wasmbank/status.h"

namespace wasmbank::tutorial {

// "Hello, <name>"; INVALID_NAME for a name an account could not have.
Result<std::string> Greet(const Bank& bank, std::string_view name);
// a + b and a - b; OVERFLOW when the result does not fit int32.
Result<int32_t> Plus(const Bank& bank, int32_t a, int32_t b);
Result<int32_t> Minus(const Bank& bank, int32_t a, int32_t b);

}  // namespace wasmbank::tutorial
