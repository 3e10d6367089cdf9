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

// No balance below minus its overdraft limit (which is never negative), and
// a closed account holds nothing.
inline void CheckAccountBounds(const Bank& bank) {
  for (const AccountInfo& a : bank.Accounts()) {
    Check(a.overdraft_limit >= 0);
    Check(a.balance >= -a.overdraft_limit);
    if (a.closed) Check(a.balance == 0);
  }
}

// The live state is what its journal says: the journal verifies, and its
// export imported into a fresh bank gives the same export and accounts.
inline void CheckReplays(Bank& bank) {
  Check(bank.Verify().ok());
  const std::string exported = bank.ExportJournal();
  Bank copy;
  Check(copy.ImportJournal(exported).ok());
  Check(copy.ExportJournal() == exported);
  Check(copy.AccountsJson() == bank.AccountsJson());
}

}  // namespace wasmbank::fuzz
