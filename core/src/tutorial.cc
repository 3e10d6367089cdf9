#include "wasmbank/tutorial.h"

#include "bank_internals.h"
#include "queries.h"

namespace wasmbank::tutorial {

// The same calls as the scenario lines' (core/src/executor.cc): one rule and
// one log line each, said through the bank's log sink.

Result<std::string> Greet(const Bank& bank, std::string_view name) {
  return wasmbank::Greet(internal::BankInternals::ledger(bank), name);
}

Result<int32_t> Plus(const Bank& bank, int32_t a, int32_t b) {
  return Arithmetic(internal::BankInternals::ledger(bank), true, a, b);
}

Result<int32_t> Minus(const Bank& bank, int32_t a, int32_t b) {
  return Arithmetic(internal::BankInternals::ledger(bank), false, a, b);
}

}  // namespace wasmbank::tutorial
