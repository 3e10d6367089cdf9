// The counting allocator behind the heap guard's HeapState::in_use
// (core/src/memory_guard.h): the replaceable global operator new and delete
// of the wasm program (the array, nothrow and sized forms of libc++ call
// these). It belongs to the program, not to the core library, which must
// not replace a host program's operator new: it is linked into the module
// (wasm-bank, wasm-bank-small-heap) and the wasm test suite.
//
// Over-aligned forms are left to libc++: they allocate and free without
// counting, consistently. Memory exhaustion aborts in malloc
// (-sABORTING_MALLOC=1), as the guard keeps the core from reaching it.
#include <malloc.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <new>

#include "memory_guard.h"

void* operator new(size_t size) {
  void* p = std::malloc(size == 0 ? 1 : size);
  if (p == nullptr) std::abort();
  wasmbank::heap_live_bytes += static_cast<int64_t>(malloc_usable_size(p));
  return p;
}
void* operator new[](size_t size) { return ::operator new(size); }
void operator delete(void* p) noexcept {
  if (p == nullptr) return;
  wasmbank::heap_live_bytes -= static_cast<int64_t>(malloc_usable_size(p));
  std::free(p);
}
void operator delete[](void* p) noexcept { ::operator delete(p); }
void operator delete(void* p, size_t) noexcept { ::operator delete(p); }
void operator delete[](void* p, size_t) noexcept { ::operator delete(p); }
