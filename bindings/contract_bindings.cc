// The core's own names for its codes and entry kinds, by number, for
// tests/js/contract.test.js: it checks that the package's generated
// contract.js (bindings/contract_gen.cc) says what the linked core says.
#include <emscripten/bind.h>

#include <string>

#include "wasmbank/status.h"
#include "wasmbank/types.h"

namespace {

// "OK" for 0, "UNKNOWN" past the last code (so the count is checked too).
std::string ErrorCodeNameOf(int code) {
  if (code < 0 || code > 255) return "UNKNOWN";
  return std::string(
      wasmbank::ErrorCodeName(static_cast<wasmbank::ErrorCode>(code)));
}

// "" past the last kind.
std::string EntryKindNameOf(int kind) {
  if (kind < 0 || kind > 255) return "";
  return std::string(
      wasmbank::EntryKindName(static_cast<wasmbank::EntryKind>(kind)));
}

}  // namespace

EMSCRIPTEN_BINDINGS(wasmbank_contract) {
  emscripten::function("coreErrorCodeName", &ErrorCodeNameOf);
  emscripten::function("coreEntryKindName", &EntryKindNameOf);
}
