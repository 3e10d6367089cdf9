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

HeapState CurrentHeap() {
  if (test_probe != nullptr) return test_probe();
#ifdef __EMSCRIPTEN__
  // The ceiling is fixed for the instance's life: ask once.
  static const size_t limit = emscripten_get_heap_max();
  return HeapState{reinterpret_cast<uintptr_t>(sbrk(0)), limit};
#else
  return HeapState{0, SIZE_MAX};
#endif
}

void SetHeapProbeForTesting(HeapProbe probe) { test_probe = probe; }

Status CheckHeadroom(const Ledger& ledger, size_t growth) {
  const HeapState heap = CurrentHeap();
  // used + growth + reserve, and then a second copy of all of it, must fit.
  size_t after;
  size_t twice;
  if (!__builtin_add_overflow(heap.used, growth, &after) &&
      !__builtin_add_overflow(after, kHeapReserveBytes, &after) &&
      !__builtin_mul_overflow(after, size_t{2}, &twice) &&
      twice <= heap.limit) {
    return Status::Ok();
  }
  return Status(
      ErrorCode::kResourceExhausted,
      "the bank's memory is full: " + std::to_string(ledger.accounts().size()) +
          " accounts, " + std::to_string(ledger.entry_count()) + " entries (" +
          Mebibytes(heap.used) + " of the heap's " + Mebibytes(heap.limit) +
          " in use; this call may need " + Mebibytes(growth) +
          " more, and verify needs room for a copy of the bank). Nothing "
          "was changed; every account is kept");
}

}  // namespace wasmbank
