// The fast reader of op lines (scenario lines and execute()'s strings): the
// mutating ops in one exact shape, read in one pass into the EntryFields
// that ApplyEntryFields runs. Bank::ExecuteLine tries it first and hands
// every line it declines to the general reader (ParseJson and the
// executor's FieldReader), so what a line means and every error stay the
// general reader's: the fast reader either declines or gives exactly the
// values the general one gives (fuzz_op_line_reader runs every input both
// ways and compares transcripts and journals).
#pragma once

#include <string_view>

#include "entry_reader.h"

namespace wasmbank {

// True, with *out, for a line in the canonical shape of a mutating op other
// than open (docs/transcript-format.md, "The fast shape"):
//
//   {"op":"deposit","id":ID,"amount":"AMOUNT"[OPTIONS]}   (and withdraw)
//   {"op":"transfer","from":ID,"to":ID,"amount":"AMOUNT"[OPTIONS]}
//   {"op":"hold","from":ID,"to":ID,"amount":"AMOUNT"[,"expires_at":T][OPTIONS]}
//   {"op":"capture","hold":N[,"amount":"AMOUNT"][OPTIONS]}
//   {"op":"release","hold":N[OPTIONS]}
//   {"op":"set_limit","id":ID,"overdraft_limit":"AMOUNT"[OPTIONS]}
//   {"op":"close","id":ID[OPTIONS]}
//
// where OPTIONS is [,"memo":"MEMO"][,"key":"KEY"][,"at":T], numbers are
// plain integers in their fields' ranges, strings have no escapes but \"
// and \\ and no control characters, and nothing follows the closing brace.
// False (declined) for anything else. Sets every member the kind uses.
bool ReadCanonicalOpLine(std::string_view line, EntryFields* out);

}  // namespace wasmbank
