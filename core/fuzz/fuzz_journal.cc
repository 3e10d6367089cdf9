// libFuzzer target: any bytes as a journal to import. Nothing may crash; an
// accepted journal is canonical (it exports back byte for byte), keeps every
// balance within its overdraft limit and replays into a fresh bank to the
// same accounts; a rejected one is CORRUPT_JOURNAL and leaves the bank (its
// export and its accounts) as it was.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_checks.h"
#include "wasmbank/bank.h"

using wasmbank::fuzz::Check;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  wasmbank::Bank bank;
  bank.ExecuteLine(R"({"op":"open","id":7,"name":"Before"})");
  const std::string before = bank.ExportJournal();
  const std::string accounts = bank.AccountsJson();
  wasmbank::Status status = bank.ImportJournal(text);
  if (status.ok()) {
    std::string exported = bank.ExportJournal();
    Check(exported == text || exported == std::string(text) + "\n");
    wasmbank::fuzz::CheckAccountBounds(bank);
    wasmbank::fuzz::CheckReplays(bank);
  } else {
    Check(status.code() == wasmbank::ErrorCode::kCorruptJournal);
    Check(bank.ExportJournal() == before);
    Check(bank.AccountsJson() == accounts);
  }
  return 0;
}
