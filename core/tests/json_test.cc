#include "json.h"

#include <gtest/gtest.h>

namespace wasmbank {
namespace {

TEST(JsonTest, ParsesLikeJsonParse) {
  auto v = ParseJson(R"( {"a":1,"a":[true,null,-0.5e1],"s":"\u00e9\/"} )", 64);
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(v->Find("a")->type, JsonValue::Type::kArray);  // last one wins
  EXPECT_EQ(v->Find("a")->items[2].number, -5.0);
  EXPECT_FALSE(v->Find("a")->items[2].integer_token);
  EXPECT_EQ(v->Find("s")->text, "\xc3\xa9/");
}

TEST(JsonTest, RejectsWhatJsonParseRejects) {
  for (const char* bad :
       {"", "{", "{\"a\":}", "[1,]", "01", "1.", ".5", "+1", "\"\t\"",
        "{'a':1}", "[1] x", "\"\\x\"", "nul", "\"\\u12\""}) {
    EXPECT_FALSE(ParseJson(bad, 64).has_value()) << bad;
  }
}

TEST(JsonTest, DepthLimit) {
  EXPECT_TRUE(ParseJson("[[[]]]", 3).has_value());
  EXPECT_FALSE(ParseJson("[[[[]]]]", 3).has_value());
}

TEST(JsonTest, LoneSurrogatesSurviveARoundTrip) {
  auto v = ParseJson(R"(["\ud800","\ud83d\ude42","\udc00\ud800"])", 64);
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(JsonString(v->items[0].text), R"("\ud800")");
  EXPECT_EQ(JsonString(v->items[1].text), "\"\xf0\x9f\x99\x82\"");
  EXPECT_EQ(JsonString(v->items[2].text), R"("\udc00\ud800")");
}

TEST(JsonTest, EscapesLikeJsonStringify) {
  EXPECT_EQ(JsonString("a\"b\\c\n\r\t\b\f\x01\x1f\x7f/"),
            R"("a\"b\\c\n\r\t\b\f\u0001\u001f)"
            "\x7f/\"");
}

}  // namespace
}  // namespace wasmbank
