// libFuzzer target: any bytes as a scenario file, through the core's scenario
// runner whole and in pieces. Nothing may crash, every transcript line is one
// JSON object, the pieces give the same transcript, and whatever the ops did,
// the journal verifies and survives an export/import round trip unchanged.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "wasmbank/bank.h"
#include "wasmbank/scenario.h"

namespace {

void Check(bool condition) {
  if (!condition) std::abort();  // a finding: libFuzzer saves the input
}

// Every transcript line is one JSON object with "op" first.
void CheckTranscript(std::string_view transcript) {
  while (!transcript.empty()) {
    size_t end = transcript.find('\n');
    Check(end != std::string_view::npos);
    std::string_view line = transcript.substr(0, end);
    Check(line.rfind("{\"op\":", 0) == 0 && line.back() == '}');
    transcript.remove_prefix(end + 1);
  }
}

void CheckJournalRoundTrip(wasmbank::Bank& bank) {
  Check(bank.Verify().ok());
  const std::string journal = bank.ExportJournal();
  wasmbank::Bank copy;
  Check(copy.ImportJournal(journal).ok());
  Check(copy.ExportJournal() == journal);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  // The file whole, and the same file in pieces of 7 bytes: one transcript.
  wasmbank::Bank bank;
  const std::string transcript = wasmbank::RunScenario(bank, text);
  CheckTranscript(transcript);
  CheckJournalRoundTrip(bank);
  wasmbank::Bank fed;
  wasmbank::ScenarioRunner runner(fed);
  std::string pieces;
  for (size_t at = 0; at < size; at += 7)
    runner.Feed(text.substr(at, 7), &pieces);
  runner.Finish(&pieces);
  Check(pieces == transcript);
  return 0;
}
