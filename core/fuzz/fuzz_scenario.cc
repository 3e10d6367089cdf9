// libFuzzer target: any bytes as a scenario file. Nothing may crash, every
// transcript line is one JSON object, and whatever the ops did, the journal
// verifies and survives an export/import round trip unchanged.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "wasmbank/bank.h"

namespace {

void Check(bool condition) {
  if (!condition) std::abort();  // a finding: libFuzzer saves the input
}

void RunLines(wasmbank::Bank& bank, std::string_view text,
              wasmbank::Dialect dialect) {
  while (!text.empty()) {
    size_t end = text.find('\n');
    std::string out = bank.ExecuteLine(text.substr(0, end), dialect);
    Check(out.empty() || (out.rfind("{\"op\":", 0) == 0 && out.back() == '}'));
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  for (auto dialect :
       {wasmbank::Dialect::kScenario, wasmbank::Dialect::kJsApi}) {
    wasmbank::Bank bank;
    RunLines(bank, text, dialect);
    Check(bank.ExecuteLine(R"({"op":"verify"})").find("\"ok\":true") !=
          std::string::npos);
    const std::string journal = bank.ExportJournal();
    wasmbank::Bank copy;
    Check(copy.ImportJournal(journal).ok());
    Check(copy.ExportJournal() == journal);
  }
  return 0;
}
