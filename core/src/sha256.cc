// SHA-256 as specified in FIPS 180-4, section 6.2. Portable C++: byte-wise
// big-endian loads and stores, no intrinsics, so wasm32 and x86_64 agree.
#include "wasmbank/sha256.h"

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

namespace wasmbank {
namespace {

constexpr uint32_t kRoundConstants[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
    0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
    0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
    0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
    0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
    0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
    0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
    0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
    0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

constexpr std::array<uint32_t, 8> kInitialState = {
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
    0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
};

inline uint32_t Rotr(uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }

inline uint32_t LoadBigEndian32(const uint8_t* p) {
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) |
         (uint32_t{p[2]} << 8) | uint32_t{p[3]};
}

inline void StoreBigEndian32(uint32_t v, uint8_t* p) {
  p[0] = static_cast<uint8_t>(v >> 24);
  p[1] = static_cast<uint8_t>(v >> 16);
  p[2] = static_cast<uint8_t>(v >> 8);
  p[3] = static_cast<uint8_t>(v);
}

}  // namespace

Sha256::Sha256() : state_(kInitialState), buffer_{} {}

// The 64 rounds unrolled, 16 at a time: the eight working variables rotate
// by name instead of being moved, and the message schedule is a window of
// 16 words, each replaced as the round that needs it comes (FIPS 180-4
// 6.2.2). In their equivalent forms of fewer operations: Ch(e,f,g) =
// g ^ (e & (f ^ g)); Maj(a,b,c) = b ^ ((a ^ b) & (b ^ c)), where b ^ c is
// the previous round's a ^ b (`bc`, carried); SIGMA1(e) = ROTR^6(e ^
// ROTR^5(e ^ ROTR^14(e))) = ROTR^6(e) ^ ROTR^11(e) ^ ROTR^25(e), and SIGMA0
// likewise. Unrolled like this, compilers keep the state and the window in
// registers (wasm locals): V8 runs it in about two thirds of the
// instructions of the rounds loop.
#define WASMBANK_SHA256_BIG_SIGMA1(e) Rotr(e ^ Rotr(e ^ Rotr(e, 14), 5), 6)
#define WASMBANK_SHA256_BIG_SIGMA0(a) Rotr(a ^ Rotr(a ^ Rotr(a, 9), 11), 2)
#define WASMBANK_SHA256_SIGMA1(x) (Rotr(x, 17) ^ Rotr(x, 19) ^ ((x) >> 10))
#define WASMBANK_SHA256_SIGMA0(x) (Rotr(x, 7) ^ Rotr(x, 18) ^ ((x) >> 3))

#define WASMBANK_SHA256_ROUND(a, b, c, d, e, f, g, h, k, w)               \
  do {                                                                    \
    h += WASMBANK_SHA256_BIG_SIGMA1(e) + (g ^ (e & (f ^ g))) + (k) + (w); \
    d += h;                                                               \
    const uint32_t ab = a ^ b;                                            \
    h += WASMBANK_SHA256_BIG_SIGMA0(a) + (b ^ (ab & bc));                 \
    bc = ab;                                                              \
  } while (0)

// Word i of the window in rounds 16..63: W[t] = sigma1(W[t-2]) + W[t-7] +
// sigma0(W[t-15]) + W[t-16], where W[t-16] is the word it replaces.
#define WASMBANK_SHA256_NEXT(i)                                             \
  (w[i] += WASMBANK_SHA256_SIGMA1(w[((i) + 14) & 15]) + w[((i) + 9) & 15] + \
           WASMBANK_SHA256_SIGMA0(w[((i) + 1) & 15]))
#define WASMBANK_SHA256_FIRST(i) w[i]

// Sixteen rounds from round j, the window's words given by W(i).
#define WASMBANK_SHA256_16_ROUNDS(j, W)                                \
  do {                                                                 \
    WASMBANK_SHA256_ROUND(a, b, c, d, e, f, g, h, k[(j) + 0], W(0));   \
    WASMBANK_SHA256_ROUND(h, a, b, c, d, e, f, g, k[(j) + 1], W(1));   \
    WASMBANK_SHA256_ROUND(g, h, a, b, c, d, e, f, k[(j) + 2], W(2));   \
    WASMBANK_SHA256_ROUND(f, g, h, a, b, c, d, e, k[(j) + 3], W(3));   \
    WASMBANK_SHA256_ROUND(e, f, g, h, a, b, c, d, k[(j) + 4], W(4));   \
    WASMBANK_SHA256_ROUND(d, e, f, g, h, a, b, c, k[(j) + 5], W(5));   \
    WASMBANK_SHA256_ROUND(c, d, e, f, g, h, a, b, k[(j) + 6], W(6));   \
    WASMBANK_SHA256_ROUND(b, c, d, e, f, g, h, a, k[(j) + 7], W(7));   \
    WASMBANK_SHA256_ROUND(a, b, c, d, e, f, g, h, k[(j) + 8], W(8));   \
    WASMBANK_SHA256_ROUND(h, a, b, c, d, e, f, g, k[(j) + 9], W(9));   \
    WASMBANK_SHA256_ROUND(g, h, a, b, c, d, e, f, k[(j) + 10], W(10)); \
    WASMBANK_SHA256_ROUND(f, g, h, a, b, c, d, e, k[(j) + 11], W(11)); \
    WASMBANK_SHA256_ROUND(e, f, g, h, a, b, c, d, k[(j) + 12], W(12)); \
    WASMBANK_SHA256_ROUND(d, e, f, g, h, a, b, c, k[(j) + 13], W(13)); \
    WASMBANK_SHA256_ROUND(c, d, e, f, g, h, a, b, k[(j) + 14], W(14)); \
    WASMBANK_SHA256_ROUND(b, c, d, e, f, g, h, a, k[(j) + 15], W(15)); \
  } while (0)

void Sha256::Compress(const uint8_t block[64]) {
  const uint32_t* const k = kRoundConstants;
  uint32_t w[16];
  for (int t = 0; t < 16; ++t) w[t] = LoadBigEndian32(block + 4 * t);

  uint32_t a = state_[0], b = state_[1], c = state_[2], d = state_[3];
  uint32_t e = state_[4], f = state_[5], g = state_[6], h = state_[7];
  uint32_t bc = b ^ c;
  WASMBANK_SHA256_16_ROUNDS(0, WASMBANK_SHA256_FIRST);
  WASMBANK_SHA256_16_ROUNDS(16, WASMBANK_SHA256_NEXT);
  WASMBANK_SHA256_16_ROUNDS(32, WASMBANK_SHA256_NEXT);
  WASMBANK_SHA256_16_ROUNDS(48, WASMBANK_SHA256_NEXT);
  state_[0] += a;
  state_[1] += b;
  state_[2] += c;
  state_[3] += d;
  state_[4] += e;
  state_[5] += f;
  state_[6] += g;
  state_[7] += h;
}

#undef WASMBANK_SHA256_16_ROUNDS
#undef WASMBANK_SHA256_FIRST
#undef WASMBANK_SHA256_NEXT
#undef WASMBANK_SHA256_ROUND
#undef WASMBANK_SHA256_SIGMA0
#undef WASMBANK_SHA256_SIGMA1
#undef WASMBANK_SHA256_BIG_SIGMA0
#undef WASMBANK_SHA256_BIG_SIGMA1

void Sha256::Update(const void* data, size_t size) {
  if (size == 0) return;  // data may be null then
  const uint8_t* p = static_cast<const uint8_t*>(data);
  total_bytes_ += size;

  if (buffered_ > 0) {
    const size_t take = size < 64 - buffered_ ? size : 64 - buffered_;
    std::memcpy(buffer_.data() + buffered_, p, take);
    buffered_ += take;
    p += take;
    size -= take;
    if (buffered_ < 64) return;
    Compress(buffer_.data());
    buffered_ = 0;
  }
  while (size >= 64) {
    Compress(p);
    p += 64;
    size -= 64;
  }
  if (size > 0) {
    std::memcpy(buffer_.data(), p, size);
    buffered_ = size;
  }
}

Sha256Digest Sha256::Finish() {
  // Padding: 0x80, zeros up to 56 mod 64, then the bit length big-endian.
  const uint64_t bit_length = total_bytes_ * 8;
  buffer_[buffered_++] = 0x80;
  if (buffered_ > 56) {
    std::memset(buffer_.data() + buffered_, 0, 64 - buffered_);
    Compress(buffer_.data());
    buffered_ = 0;
  }
  std::memset(buffer_.data() + buffered_, 0, 56 - buffered_);
  for (int i = 0; i < 8; ++i) {
    buffer_[56 + i] = static_cast<uint8_t>(bit_length >> (56 - 8 * i));
  }
  Compress(buffer_.data());
  buffered_ = 0;

  Sha256Digest digest;
  for (int i = 0; i < 8; ++i)
    StoreBigEndian32(state_[i], digest.data() + 4 * i);
  return digest;
}

std::string ToHex(const Sha256Digest& digest) {
  static constexpr char kHexDigits[] = "0123456789abcdef";
  std::string hex(digest.size() * 2, '\0');
  for (size_t i = 0; i < digest.size(); ++i) {
    hex[2 * i] = kHexDigits[digest[i] >> 4];
    hex[2 * i + 1] = kHexDigits[digest[i] & 0x0f];
  }
  return hex;
}

}  // namespace wasmbank
