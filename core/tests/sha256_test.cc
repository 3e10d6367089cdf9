#include "wasmbank/sha256.h"

#include <gtest/gtest.h>

#include <cstddef>
#include <string>
#include <string_view>

namespace wasmbank {
namespace {

std::string HashHex(std::string_view data) {
  Sha256 h;
  h.Update(data.data(), data.size());
  return ToHex(h.Finish());
}

// FIPS 180-4 examples (NIST CSRC "SHA256.pdf", "SHA2_Additional.pdf").
TEST(Sha256Test, Abc) {
  EXPECT_EQ(HashHex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Sha256Test, Empty) {
  EXPECT_EQ(HashHex(""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  Sha256 h;
  h.Update(nullptr, 0);
  EXPECT_EQ(ToHex(h.Finish()),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(Sha256Test, TwoBlockMessage448Bits) {
  EXPECT_EQ(HashHex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(Sha256Test, Message896Bits) {
  EXPECT_EQ(HashHex("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
                    "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu"),
            "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}

TEST(Sha256Test, OneMillionAInOddChunks) {
  const std::string chunk(997, 'a');
  Sha256 h;
  size_t fed = 0;
  size_t step = 1;
  while (fed < 1000000) {
    size_t n = step < 1000000 - fed ? step : 1000000 - fed;
    if (n > chunk.size()) n = chunk.size();
    h.Update(chunk.data(), n);
    fed += n;
    step = step * 3 % 1009 + 1;  // 1, 4, 13, 40, ... odd and varied
  }
  EXPECT_EQ(ToHex(h.Finish()),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  EXPECT_EQ(HashHex(std::string(1000000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

// Padding boundaries: lengths around 55/56/64 bytes, where the length field
// does or does not fit the last block.
TEST(Sha256Test, PaddingBoundaries) {
  EXPECT_EQ(HashHex(std::string(55, 'a')),
            "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
  EXPECT_EQ(HashHex(std::string(56, 'a')),
            "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a");
  EXPECT_EQ(HashHex(std::string(64, 'a')),
            "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb");
}

TEST(Sha256Test, ChainedUpdatesEqualOneShot) {
  std::string data;
  for (int i = 0; i < 1000; ++i) data.push_back(static_cast<char>(i * 131 + 7));
  const std::string one_shot = HashHex(data);
  for (size_t split = 0; split <= 200; ++split) {
    Sha256 h;
    h.Update(data.data(), split);
    h.Update(data.data() + split, 0);
    h.Update(data.data() + split, data.size() - split);
    EXPECT_EQ(ToHex(h.Finish()), one_shot) << "split " << split;
  }
  Sha256 bytewise;
  for (char c : data) bytewise.Update(&c, 1);
  EXPECT_EQ(ToHex(bytewise.Finish()), one_shot);
}

TEST(Sha256Test, HashChainStep) {
  // docs/journal-format.md: head_n = SHA-256(head_{n-1} || line). head_0 is 32
  // zero bytes.
  const Sha256Digest head0{};
  const std::string line = "{\"entry\":1}";
  Sha256 a;
  a.Update(head0.data(), head0.size());
  a.Update(line.data(), line.size());
  std::string joined(32, '\0');
  joined += line;
  EXPECT_EQ(ToHex(a.Finish()), HashHex(joined));
}

TEST(Sha256Test, ToHexIsLowercase) {
  Sha256Digest d{};
  d[0] = 0xAB;
  d[31] = 0x0F;
  EXPECT_EQ(ToHex(d),
            "ab00000000000000000000000000000000000000000000000000000000000"
            "00f");
}

}  // namespace
}  // namespace wasmbank
