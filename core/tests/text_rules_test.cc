#include "text_rules.h"

#include <gtest/gtest.h>

#include <string>

namespace wasmbank {
namespace {

TEST(TextRulesTest, Utf8Validity) {
  EXPECT_TRUE(IsValidUtf8("Zo\xc3\xab \xf0\x9f\x99\x82"));
  EXPECT_FALSE(IsValidUtf8("\xff"));
  EXPECT_FALSE(IsValidUtf8("\xc0\xaf"));          // overlong
  EXPECT_FALSE(IsValidUtf8("\xed\xa0\x80"));      // surrogate
  EXPECT_FALSE(IsValidUtf8("\xf4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(IsValidUtf8("\xe2\x82"));          // truncated
}

TEST(TextRulesTest, Names) {
  EXPECT_TRUE(IsValidName("   x  "));
  EXPECT_TRUE(IsValidName(std::string(64, 'a')));
  EXPECT_FALSE(IsValidName(std::string(65, 'a')));
  std::string emoji;
  for (int i = 0; i < 64; ++i) emoji += "\xf0\x9f\x99\x82";
  EXPECT_TRUE(IsValidName(emoji));  // 64 scalars, 256 bytes
  EXPECT_FALSE(IsValidName(""));
  EXPECT_FALSE(IsValidName("\xe3\x80\x80 \xc2\xa0"));  // U+3000, U+00A0
  EXPECT_FALSE(IsValidName("tab\there"));
  EXPECT_FALSE(IsValidName("c1\xc2\x85"));  // U+0085
  EXPECT_FALSE(IsValidName("\xed\xa0\xbd"));
}

TEST(TextRulesTest, FreeTextAndKeys) {
  EXPECT_TRUE(IsValidFreeText("", 140));
  EXPECT_TRUE(IsValidFreeText("   ", 140));
  EXPECT_FALSE(IsValidFreeText(std::string(141, 'x'), 140));
  EXPECT_FALSE(IsValidFreeText("bad\x01", 200));
  EXPECT_TRUE(IsValidKey("w-1"));
  EXPECT_TRUE(IsValidKey(std::string(64, '~')));
  EXPECT_FALSE(IsValidKey(std::string(65, 'k')));
  EXPECT_FALSE(IsValidKey("has space"));
  EXPECT_FALSE(IsValidKey(""));
  EXPECT_FALSE(IsValidKey("\xc3\xa9"));
}

}  // namespace
}  // namespace wasmbank
