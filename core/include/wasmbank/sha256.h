// SHA-256 (FIPS 180-4). There is no system crypto inside wasm, so the journal's
// hash chain uses this small implementation on every runner.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

namespace wasmbank {

using Sha256Digest = std::array<uint8_t, 32>;

class Sha256 {
 public:
  Sha256();
  void Update(const void* data, size_t size);
  Sha256Digest Finish();  // the object must not be used afterwards

 private:
  void Compress(const uint8_t block[64]);

  std::array<uint32_t, 8> state_;
  std::array<uint8_t, 64> buffer_;
  size_t buffered_ = 0;
  uint64_t total_bytes_ = 0;
};

std::string ToHex(const Sha256Digest& digest);  // lowercase

}  // namespace wasmbank
