// Export, import and verification of the journal (docs/journal-format.md).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "bank_internals.h"
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

// A store (docs/store-format.md) is the format line, then records: the
// entry lines of one durable write followed by one seal line, the export's
// head line at that point. Every seal line is checked against the chain, so
// that an edited, swapped or removed entry (or seal) is CORRUPT_JOURNAL.

// Rebuilds `fresh` from a store's bytes. What a crash can leave at the end
// is reported for the store to cut off (whole_bytes, torn_bytes,
// torn_entries) and left out: bytes after the last '\n', and entry lines
// after the last seal line (a record whose write never completed). A store
// with no seal line at all (written before stores were sealed) keeps all
// its whole lines. CORRUPT_JOURNAL for any other damage.
Result<StoreOpening> ReplayStore(std::string_view bytes, Ledger* fresh);

// The same for the bytes of a store after a record's seal line, replayed
// onto `ledger` (loaded from a checkpoint that stands at that seal line):
// whole_bytes counts from the start of `tail`. On CORRUPT_JOURNAL the
// ledger is left part way: the caller discards it.
Result<StoreOpening> ReplayStoreTail(std::string_view tail, Ledger* ledger);

// The seal line of the ledger's entries now, with its '\n'.
void AppendSealLine(Ledger& ledger, std::string* out);

// Appends records that another writer of the same store appended (entry
// lines numbered on from the ledger's last entry, each record ending in its
// seal line), checked as a store's are. All or nothing: CORRUPT_JOURNAL
// undoes them all, also for entry lines without a seal line after them.
Status ReplayEntryLines(std::string_view records, Ledger* ledger);

// Replays the journal into a fresh ledger, each entry through its op with
// the values of its binary entry (no text read back), and checks that each
// replayed entry is the same, that the chain of their lines has the
// ledger's head, and that every account is reproduced.
Status VerifyLedger(Ledger& ledger);

}  // namespace wasmbank
