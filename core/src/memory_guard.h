// The heap guard: a mutating call runs only when the heap can take what it
// may allocate and still hold a second copy of everything in it, so that a
// full heap is RESOURCE_EXHAUSTED for the call that would have filled it
// (SPEC §4, §10) instead of an abort inside the wasm instance, and the bank
// keeps working: verify (which replays the journal into a second ledger),
// accounts() and history still have room.
//
// The check is arithmetic, O(1) and allocates nothing. In wasm the heap is
// the memory below the break (sbrk(0)) and can grow to a fixed ceiling
// (emscripten_get_heap_max(), 2 GiB by default); what is in use is counted
// by the wasm program's operator new and delete (bindings/heap_count.cc,
// linked into the module and the wasm test suite, not into this library:
// the core's and the bindings' allocations; embind's own transient copies of
// arguments are the reserve's).
// A call may go ahead when its bound fits in one block above the break (as
// if no freed block below it could be reused) and, with the reserve, the
// heap could also hold a second copy of everything then in use (freed
// blocks below the break counted: a disposed bank's memory is reused).
// Natively there is no ceiling to compare with (Linux overcommits, and a
// failed allocation there is the OOM killer's), so the guard never refuses:
// natively it is a no-op unless a test sets a heap with
// SetHeapProbeForTesting.
#pragma once

#include <cstddef>
#include <cstdint>

#include "wasmbank/status.h"

namespace wasmbank {

class Ledger;

// The heap: the bytes below its break, the bytes in use (allocated and not
// freed), and the most the break can reach.
struct HeapState {
  size_t brk = 0;
  size_t in_use = 0;
  size_t limit = 0;
};

// Bytes handed out by operator new and not yet deleted, kept by the
// program's counting allocator (bindings/heap_count.cc; a wasm instance is
// single-threaded). Signed, and read as 0 below it: a block from malloc
// given to operator delete must not make it wrap. Without that allocator it
// stays 0 (natively: nothing is compared with it).
extern int64_t heap_live_bytes;

// The heap now; natively {0, 0, SIZE_MAX}.
HeapState CurrentHeap();

// Whether the heap has a ceiling to check against: always in wasm; natively
// only while a test has set a stand-in heap. Callers skip computing their
// bound when it has none (the native hot path pays one load).
bool HeapHasCeiling();

// For tests: a stand-in for CurrentHeap (nullptr restores the real one).
using HeapProbe = HeapState (*)();
void SetHeapProbeForTesting(HeapProbe probe);

// Kept free beyond every call's own bound, for what the bound does not
// count: the bindings' copies of arguments and results, transcript and log
// lines, messages. String arguments are copied into the heap before the
// core sees a call; the reserve is what makes that copy fit.
inline constexpr size_t kHeapReserveBytes = size_t{16} << 20;

// OK when the heap can take `growth` bytes in one block above its break
// plus the reserve, and hold twice what is then in use (in_use + growth: a
// copy for verify's replay and whole-bank reads) plus the reserve;
// otherwise RESOURCE_EXHAUSTED ("the bank's memory is full: ..."), before
// anything is changed.
Status CheckHeadroom(const Ledger& ledger, size_t growth);

}  // namespace wasmbank
