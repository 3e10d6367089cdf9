// libFuzzer target: any bytes as a scenario file, through the core's scenario
// runner whole and in pieces, and line by line through Bank::ExecuteLine.
// Nothing may crash, every transcript line is one JSON object, the three ways
// give the same transcript, a line that applied nothing (every op in it
// failed) leaves the export and the accounts byte-identical, and whatever
// the ops did, the journal verifies and its export imported into a fresh
// bank gives the same export and the same accounts.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_checks.h"
#include "wasmbank/bank.h"
#include "wasmbank/scenario.h"

namespace {

using wasmbank::fuzz::Check;

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

// The file's lines one at a time through ExecuteLine, as the runner splits
// them (a leading byte-order mark dropped, the last line with or without
// '\n'); returns the transcript. A transcript line with "ok":false and no
// "ok":true (a JSON string cannot hold that unescaped) is a line whose every
// op failed: the export and the accounts must be as before it.
std::string RunLineByLine(wasmbank::Bank& bank, std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  std::string transcript;
  std::string exported = bank.ExportJournal();
  std::string accounts = bank.AccountsJson();
  while (!text.empty()) {
    const size_t end = text.find('\n');
    const std::string line = bank.ExecuteLine(text.substr(0, end));
    if (!line.empty()) transcript.append(line).push_back('\n');
    const bool applied_nothing =
        line.find("\"ok\":false") != std::string::npos &&
        line.find("\"ok\":true") == std::string::npos;
    if (applied_nothing) {
      Check(bank.ExportJournal() == exported);
      Check(bank.AccountsJson() == accounts);
    } else if (!line.empty()) {
      exported = bank.ExportJournal();
      accounts = bank.AccountsJson();
    }
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return transcript;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  // The file whole, and the same file in pieces of 7 bytes: one transcript.
  wasmbank::Bank bank;
  const std::string transcript = wasmbank::RunScenario(bank, text);
  CheckTranscript(transcript);
  wasmbank::fuzz::CheckAccountBounds(bank);
  wasmbank::fuzz::CheckReplays(bank);
  wasmbank::Bank fed;
  wasmbank::ScenarioRunner runner(fed);
  std::string pieces;
  for (size_t at = 0; at < size; at += 7)
    runner.Feed(text.substr(at, 7), &pieces);
  runner.Finish(&pieces);
  Check(pieces == transcript);
  wasmbank::Bank by_line;
  Check(RunLineByLine(by_line, text) == transcript);
  return 0;
}
