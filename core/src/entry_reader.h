// The typed values of a journal entry line, and the two readers that give
// them: the general one (any JSON object, through ParseJson and FieldReader,
// with its error messages) and the fast one, which reads only the canonical
// shape (docs/journal-format.md) in one pass and declines anything else.
// A replay tries the fast one first and falls back to the general one, so
// what a line means and every error message stay the general reader's:
// the fast reader either declines or gives exactly what the general one
// gives (fuzz_entry_reader checks that on any input).
#pragma once

#include <cstdint>
#include <string_view>

#include "json.h"
#include "ledger.h"
#include "wasmbank/status.h"
#include "wasmbank/types.h"

namespace wasmbank {

// What an entry line says, as the ops take it. Only the members of its kind
// are read; the others keep their defaults.
struct EntryFields {
  EntryKind kind = EntryKind::kOpen;
  AccountSpec open;        // open: id, name, address, currency, both amounts
  int32_t id = 0;          // deposit, withdraw, close, limit
  int32_t from = 0;        // transfer, hold
  int32_t to = 0;          // transfer, hold
  int64_t hold = 0;        // capture, release
  Amount amount;           // deposit, withdraw, transfer, hold, capture;
                           // limit: the new overdraft limit
  int64_t expires_at = 0;  // hold: 0 when absent
  OpOptions options;       // key, memo, at
};

// The general reader, on a parsed entry object: the fields its kind needs,
// found by name wherever they are (members it does not know, or spellings
// other than the canonical one, are left to the canonical re-rendering
// check of the replay). INVALID_ARGUMENT from FieldReader for a missing or
// mistyped field; CORRUPT_JOURNAL "unknown entry kind".
Status ReadEntryFields(const JsonValue& entry, EntryFields* out);

// The fast reader: true, with *out and the line's entry number, only for a
// line in the canonical shape of its kind (members in their order, compact,
// integers without sign or leading zeros, strings whose only escapes are \"
// and \\, valid UTF-8, at most kMaxLineBytes); false (declined) for
// anything else, which the general reader then reads. Sets every member of
// *out its kind uses (memo, key and expires_at also when absent) and no
// other, so `out` can be reused from line to line.
bool ReadCanonicalEntry(std::string_view line, EntryFields* out,
                        uint64_t* number);

// Applies the entry's op to `ledger` (Open, Deposit, ... with these values).
Result<Receipt> ApplyEntryFields(Ledger& ledger, const EntryFields& fields);

}  // namespace wasmbank
