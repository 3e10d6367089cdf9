// The invariants the fuzz targets share, written once.
#pragma once

#include <cstdlib>
#include <string>

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

}  // namespace wasmbank::fuzz
