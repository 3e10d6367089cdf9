// libFuzzer target: any bytes as a journal to import. Nothing may crash; an
// accepted journal is canonical (it exports back byte for byte), and a
// rejected one is CORRUPT_JOURNAL and leaves the bank as it was.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "wasmbank/bank.h"

namespace {

void Check(bool condition) {
  if (!condition) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  wasmbank::Bank bank;
  bank.ExecuteLine(R"({"op":"open","id":7,"name":"Before"})");
  const std::string before = bank.ExportJournal();
  wasmbank::Status status = bank.ImportJournal(text);
  if (status.ok()) {
    std::string exported = bank.ExportJournal();
    Check(exported == text || exported == std::string(text) + "\n");
  } else {
    Check(status.code() == wasmbank::ErrorCode::kCorruptJournal);
    Check(bank.ExportJournal() == before);
  }
  return 0;
}
