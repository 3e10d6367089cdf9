// An append-mostly sequence stored in fixed-size chunks.
//
// The journal grows to millions of entries; a std::vector would copy all of
// them on every doubling and briefly need twice the memory, which a wasm32
// heap cannot spare. Chunks never move, so appends are O(1) without copying.
#pragma once

#include <cstddef>
#include <memory>
#include <vector>

namespace wasmbank {

template <typename T, size_t kChunkBits = 12>
class ChunkedVector {
 public:
  static constexpr size_t kChunkSize = size_t{1} << kChunkBits;

  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }

  T& operator[](size_t i) {
    return chunks_[i >> kChunkBits][i & (kChunkSize - 1)];
  }
  const T& operator[](size_t i) const {
    return chunks_[i >> kChunkBits][i & (kChunkSize - 1)];
  }
  T& back() { return (*this)[size_ - 1]; }

  // The hot path of every op: a store through the free-slot pointer.
  void push_back(const T& value) {
    if (free_ == free_end_) [[unlikely]]
      StartChunk();
    *free_++ = value;
    ++size_;
  }

  // Keeps one spare chunk so that a push/pop at a chunk boundary (an atomic
  // batch being undone) does not allocate again and again.
  void pop_back() {
    --size_;
    if (chunks_.size() > (size_ >> kChunkBits) + 2) chunks_.pop_back();
    PointAtFreeSlot();
  }

 private:
  // Makes room for element size_: a new chunk, or the spare one.
  void StartChunk() {
    if ((size_ >> kChunkBits) == chunks_.size()) {
      // Not value-initialized: every slot is written before it is read.
      chunks_.push_back(std::unique_ptr<T[]>(new T[kChunkSize]));
    }
    PointAtFreeSlot();
  }

  // free_ = &(*this)[size_], or null when size_ starts a chunk not allocated
  // yet; free_end_ = the end of free_'s chunk.
  void PointAtFreeSlot() {
    size_t chunk = size_ >> kChunkBits;
    if (chunk == chunks_.size()) {
      free_ = free_end_ = nullptr;
      return;
    }
    free_ = chunks_[chunk].get() + (size_ & (kChunkSize - 1));
    free_end_ = chunks_[chunk].get() + kChunkSize;
  }

  std::vector<std::unique_ptr<T[]>> chunks_;
  size_t size_ = 0;
  T* free_ = nullptr;
  T* free_end_ = nullptr;
};

}  // namespace wasmbank
