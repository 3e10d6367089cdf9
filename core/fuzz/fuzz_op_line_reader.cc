// libFuzzer target: an op line means the same whether the fast reader
// (ReadCanonicalOpLine, through Bank::ExecuteLine) or only the general one
// (LineSource::kScenarioLineGeneral) reads it. Two banks start alike (EUR,
// GBP and JPY accounts, a pending hold, a used key); each line of the input
// (split at '\n'), and for a line the fast reader takes a few edits of it,
// runs on both. Their transcript lines, their last error messages and in
// the end their journals must be identical, and for a line the fast reader
// takes the general reader must find an object with a string op (the fast
// reader never takes what the general one calls not an op line).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "entry_reader.h"
#include "fuzz_checks.h"
#include "op_line_reader.h"
#include "wasmbank/bank.h"

namespace {

using wasmbank::Bank;
using wasmbank::fuzz::Check;

constexpr std::string_view kSetup[] = {
    R"({"op":"open","id":1,"name":"Ana","balance":"100.00","overdraft_limit":"20.00","at":1000})",
    R"({"op":"open","id":2,"name":"Bo","at":1000})",
    R"({"op":"open","id":3,"name":"Cem","currency":"JPY","balance":"500","at":1000})",
    R"({"op":"open","id":4,"name":"Dee","currency":"GBP","at":1000})",
    R"({"op":"hold","from":1,"to":2,"amount":"10.00","expires_at":5000,"at":1000})",
    R"({"op":"deposit","id":1,"amount":"1.00","key":"k-1","at":1000})",
};

struct Pair {
  Bank fast;
  Bank general;
  Pair() {
    for (std::string_view line : kSetup) {
      fast.ExecuteLine(line);
      general.ExecuteLine(line);
    }
  }
};

// Returns whether the fast reader takes the line.
bool RunBoth(Pair& banks, std::string_view line) {
  wasmbank::EntryFields fields;
  const bool fast = wasmbank::ReadCanonicalOpLine(line, &fields);
  const std::string a = banks.fast.ExecuteLine(line);
  const std::string b =
      banks.general.ExecuteLine(line, Bank::LineSource::kScenarioLineGeneral);
  Check(a == b);
  Check(banks.fast.last_error_message() == banks.general.last_error_message());
  // The general reader's "not an op line" answer has an empty op.
  if (fast) Check(a.rfind(R"({"op":"")", 0) != 0);
  return fast;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Pair banks;
  wasmbank::fuzz::ReadLinesAndEdits(
      std::string_view(reinterpret_cast<const char*>(data), size),
      [&](std::string_view line) { return RunBoth(banks, line); });
  Check(banks.fast.ExportJournal() == banks.general.ExportJournal());
  return 0;
}
