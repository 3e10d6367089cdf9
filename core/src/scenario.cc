#include "wasmbank/scenario.h"

#include <algorithm>

#include "executor.h"

namespace wasmbank {
namespace {

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

}  // namespace

void ScenarioRunner::Feed(std::string_view bytes, std::string* transcript) {
  if (!head_done_) {
    // A byte-order mark counts only as the file's first three bytes, which
    // may come in more than one piece.
    const size_t take =
        std::min(kByteOrderMark.size() - head_.size(), bytes.size());
    head_.append(bytes.substr(0, take));
    bytes.remove_prefix(take);
    if (head_.size() < kByteOrderMark.size()) return;
    head_done_ = true;
    if (head_ != kByteOrderMark) Split(head_, transcript);
    head_.clear();
  }
  Split(bytes, transcript);
}

void ScenarioRunner::Finish(std::string* transcript) {
  if (!head_done_) {  // fewer than three bytes: no byte-order mark
    head_done_ = true;
    Split(head_, transcript);
    head_.clear();
  }
  if (!line_.empty() || oversize_) EndLine(transcript);
}

void ScenarioRunner::Split(std::string_view bytes, std::string* transcript) {
  while (!bytes.empty()) {
    const size_t end = bytes.find('\n');
    Append(bytes.substr(0, end));
    if (end == std::string_view::npos) break;
    EndLine(transcript);
    bytes.remove_prefix(end + 1);
  }
}

void ScenarioRunner::Append(std::string_view piece) {
  if (!oversize_ && line_.size() + piece.size() > kMaxLineBytes) {
    // Longer than the core reads: from here on only whether it is blank
    // matters, so its bytes are looked at, not kept.
    oversize_ = true;
    ScanBlank(line_);
    line_.clear();
  }
  if (oversize_) {
    ScanBlank(piece);
  } else {
    line_.append(piece);
  }
}

void ScenarioRunner::ScanBlank(std::string_view piece) {
  for (char c : piece) {
    if (cr_ || (c != ' ' && c != '\t' && c != '\r')) blank_ = false;
    cr_ = c == '\r';
  }
}

void ScenarioRunner::EndLine(std::string* transcript) {
  std::string result;
  if (oversize_) {
    // Too long to read: nothing if blank, else not a JSON object.
    if (!blank_) result = NotAnOpLine();
  } else {
    result = bank_.ExecuteLine(line_);
  }
  if (!result.empty()) transcript->append(result).push_back('\n');
  line_.clear();
  oversize_ = false;
  blank_ = true;
  cr_ = false;
}

std::string RunScenario(Bank& bank, std::string_view file) {
  ScenarioRunner runner(bank);
  std::string transcript;
  runner.Feed(file, &transcript);
  runner.Finish(&transcript);
  return transcript;
}

}  // namespace wasmbank
