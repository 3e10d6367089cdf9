// The invariants the fuzz targets share, written once.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "wasmbank/bank.h"

namespace wasmbank::fuzz {

// A finding: abort, so that libFuzzer keeps the input and reports it.
inline void Check(bool condition) {
  if (!condition) std::abort();
}

// No account below minus its overdraft limit (which is never negative),
// counting what its pending holds reserve: available = balance - held and
// available >= -overdraft_limit (SPEC 4b), held >= 0; a closed account holds
// nothing and has nothing held.
inline void CheckAccountBounds(const Bank& bank) {
  for (const AccountInfo& a : bank.Accounts()) {
    Check(a.overdraft_limit >= 0);
    Check(a.held >= 0);
    Check(static_cast<__int128>(a.available) ==
          static_cast<__int128>(a.balance) - a.held);
    Check(a.available >= -a.overdraft_limit);
    Check(a.balance >= -a.overdraft_limit);
    if (a.closed) Check(a.balance == 0 && a.held == 0);
  }
}

// The live state is what its journal says: the journal verifies (Verify()
// replays it and compares every account, held and limits included), its
// export ends in the head Verify() reports, and imported into a fresh bank
// it gives the same export (so the same head: an import checks the chain)
// and accounts (held and available included).
inline void CheckReplays(Bank& bank) {
  Result<VerifyReport> verified = bank.Verify();
  Check(verified.ok() && verified->entries == bank.entry_count());
  const std::string exported = bank.ExportJournal();
  const std::string head_line = "{\"head\":\"" + verified->head + "\"}\n";
  Check(exported.size() >= head_line.size() &&
        exported.compare(exported.size() - head_line.size(), head_line.size(),
                         head_line) == 0);
  Bank copy;
  Check(copy.ImportJournal(exported).ok());
  Check(copy.ExportJournal() == exported);
  Check(copy.AccountsJson() == bank.AccountsJson());
}

// The fast readers' targets (fuzz_entry_reader, fuzz_op_line_reader): each
// line of the input, split at '\n', goes to `read`, which returns whether
// the fast reader took it; a line it took is then edited a few ways (a byte
// replaced by one that matters to the canonical shapes, doubled or
// dropped, the line cut short), at places chosen from the input's bytes so
// that libFuzzer's mutations steer them too, and each edit read likewise.
template <typename Read>
void ReadLinesAndEdits(std::string_view input, Read read) {
  static constexpr char kEdits[] = {
      '"',  '\\', ',',    ':',    '{',    '}',    '0',    '1',
      '9',  '.',   '-',    'e',    'E',    '+',    ' ',    '\x01',
      'n',  'u',   '/',    '\x7f', '\x80', '\xc3', '\xed', '\xff'};
  uint32_t seed = 2166136261u;
  for (const char byte : input) {
    seed = (seed ^ static_cast<uint8_t>(byte)) * 16777619u;
  }
  for (size_t start = 0; start <= input.size();) {
    size_t end = input.find('\n', start);
    if (end == std::string_view::npos) end = input.size();
    const std::string_view line = input.substr(start, end - start);
    start = end + 1;
    if (!read(line) || line.empty()) continue;
    for (int round = 0; round < 4; ++round) {
      seed = seed * 1103515245u + 12345u;
      const size_t at = (seed >> 8) % line.size();
      std::string edited(line);
      switch (seed % 4) {
        case 0:
          edited[at] = kEdits[(seed >> 4) % sizeof kEdits];
          break;
        case 1:
          edited.insert(at, 1, edited[at]);
          break;
        case 2:
          edited.erase(at, 1);
          break;
        default:
          edited.resize(at);
          break;
      }
      read(edited);
    }
  }
}

}  // namespace wasmbank::fuzz
