// Export, import and verification of the journal (docs/journal-format.md).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "ledger.h"
#include "wasmbank/status.h"
#include "wasmbank/types.h"

namespace wasmbank {

std::string ExportJournal(Ledger& ledger);

// The same text in pieces: starting from *cursor = 0, each call returns the
// next whole lines, about `max_bytes` of them, and "" once all are out.
std::string ExportJournalPiece(Ledger& ledger, uint64_t* cursor,
                               size_t max_bytes);

// Rebuilds `fresh` (an empty ledger) from an exported journal: every line
// must be the canonical rendering of what it says, entries numbered 1, 2, ...,
// each valid when replayed, and the head right. Otherwise CORRUPT_JOURNAL;
// the caller then discards `fresh`.
Status ReplayJournal(std::string_view text, Ledger* fresh);

// Rebuilds `fresh` from a store's bytes (docs/store-format.md): the format
// line and entry lines as ReplayJournal takes them, without a head line. A
// last line without its '\n' is torn: left out, and reported so that the
// store cuts it off. CORRUPT_JOURNAL for any other damage.
Result<StoreOpening> ReplayStore(std::string_view bytes, Ledger* fresh);

// Appends entries that another writer of the same store appended (its
// lines, each ending in '\n', numbered on from the ledger's last entry),
// replayed as a store's are. All or nothing: CORRUPT_JOURNAL undoes them all.
Status ReplayEntryLines(std::string_view lines, Ledger* ledger);

// Replays the journal into a fresh ledger and checks that it reproduces
// every account, and that the chain's head matches.
Status VerifyLedger(Ledger& ledger);

}  // namespace wasmbank
