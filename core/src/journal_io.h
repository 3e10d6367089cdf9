// Export, import and verification of the journal (SPEC §5).
#pragma once

#include <string>
#include <string_view>

#include "ledger.h"
#include "wasmbank/status.h"

namespace wasmbank {

std::string ExportJournal(Ledger& ledger);

// Rebuilds `fresh` (an empty ledger) from an exported journal: every line
// must be the canonical rendering of what it says, entries numbered 1, 2, ...,
// each valid when replayed, and the head right. Otherwise CORRUPT_JOURNAL;
// the caller then discards `fresh`.
Status ReplayJournal(std::string_view text, Ledger* fresh);

// Replays the journal into a fresh ledger and checks that it reproduces
// every account, and that the chain's head matches.
Status VerifyLedger(Ledger& ledger);

}  // namespace wasmbank
