// Runs scenario files (docs/transcript-format.md): bytes in, transcript out.
// The one runner behind bank-cli run, the Node bin, the page's "Run a
// scenario file" and the fuzz target: a byte-order mark at the very start is
// ignored, lines end at '\n', a blank line produces nothing, and every other
// line produces one transcript line ending in '\n'.
//
// The file may come whole or in pieces of any size; memory stays bounded by
// the longest line the core reads (a longer line is counted, not kept).
//
//   wasmbank::Bank bank;
//   std::string transcript = wasmbank::RunScenario(bank, file_bytes);
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "wasmbank/bank.h"

namespace wasmbank {

class ScenarioRunner {
 public:
  explicit ScenarioRunner(Bank& bank) : bank_(bank) {}

  // Runs every line that `bytes` completes; appends their transcript lines.
  void Feed(std::string_view bytes, std::string* transcript);
  // The end of the file: runs a last line that has no '\n'.
  void Finish(std::string* transcript);

 private:
  void Split(std::string_view bytes, std::string* transcript);
  void Append(std::string_view piece);
  void ScanBlank(std::string_view piece);
  void EndLine(std::string* transcript);

  Bank& bank_;
  std::string head_;  // the file's first bytes, until 3 tell a BOM
  bool head_done_ = false;
  std::string line_;       // the current line so far
  bool oversize_ = false;  // the current line is longer than the core reads,
  bool blank_ = true;      // and so far blank: spaces and tabs ...
  bool cr_ = false;        // ... then at most a CR, which must end it
};

// A whole scenario file's transcript.
std::string RunScenario(Bank& bank, std::string_view file);

}  // namespace wasmbank
