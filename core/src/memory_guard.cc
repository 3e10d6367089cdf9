#include "memory_guard.h"

#include <cstdint>
#include <string>

#include "ledger.h"

#ifdef __EMSCRIPTEN__
#include <emscripten/heap.h>
#include <unistd.h>
#endif

namespace wasmbank {
namespace {

HeapProbe test_probe = nullptr;

std::string Mebibytes(size_t bytes) {
  return std::to_string((bytes + (size_t{1} << 19)) >> 20) + " MiB";
}

}  // namespace

// Counted by the program's allocator (bindings/heap_count.cc), never here:
// the library replaces no operator new.
int64_t heap_live_bytes = 0;

HeapState CurrentHeap() {
  if (test_probe != nullptr) return test_probe();
#ifdef __EMSCRIPTEN__
  // The ceiling is fixed for the instance's life: ask once.
  static const size_t limit = emscripten_get_heap_max();
  return HeapState{
      reinterpret_cast<uintptr_t>(sbrk(0)),
      heap_live_bytes > 0 ? static_cast<size_t>(heap_live_bytes) : 0, limit};
#else
  return HeapState{0, 0, SIZE_MAX};
#endif
}

bool HeapHasCeiling() {
#ifdef __EMSCRIPTEN__
  return true;
#else
  return test_probe != nullptr;
#endif
}

void SetHeapProbeForTesting(HeapProbe probe) { test_probe = probe; }

Status CheckHeadroom(const Ledger& ledger, size_t growth) {
  const HeapState heap = CurrentHeap();
  // The call's bound in one block above the break (no freed block below it
  // counted), and in all, with the reserve, a copy of what is then in use:
  // (in_use + growth) * 2 + reserve, freed blocks below the break counted.
  // Without overflow.
  size_t above = heap.brk;
  size_t total = heap.in_use;
  const bool fits = !__builtin_add_overflow(above, growth, &above) &&
                    !__builtin_add_overflow(above, kHeapReserveBytes, &above) &&
                    above <= heap.limit &&
                    !__builtin_add_overflow(total, growth, &total) &&
                    !__builtin_mul_overflow(total, size_t{2}, &total) &&
                    !__builtin_add_overflow(total, kHeapReserveBytes, &total) &&
                    total <= heap.limit;
  if (fits) return Status::Ok();
  return Status(
      ErrorCode::kResourceExhausted,
      "the bank's memory is full: " + std::to_string(ledger.accounts().size()) +
          " accounts, " + std::to_string(ledger.entry_count()) + " entries (" +
          Mebibytes(heap.in_use) + " in use; the heap reaches " +
          Mebibytes(heap.brk) + " of at most " + Mebibytes(heap.limit) +
          "; this call may need " + Mebibytes(growth) +
          " more, and verify room for a copy of the bank). Nothing was "
          "changed; every account is kept");
}

}  // namespace wasmbank
