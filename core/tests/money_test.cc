#include "wasmbank/money.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

namespace wasmbank {
namespace {

constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
constexpr int64_t kMin = std::numeric_limits<int64_t>::min();

int ScaleOf(std::string_view code) {
  const Currency* c = FindCurrency(code);
  return c == nullptr ? -1 : c->scale;
}

// Parses or returns a sentinel, for compact expectations.
constexpr int64_t kFailed = -424242;
int64_t Parse(std::string_view text, int scale) {
  int64_t v = kFailed;
  if (!ParseAmount(text, scale, &v)) {
    EXPECT_EQ(v, kFailed) << "output written on failure for " << text;
    return kFailed;
  }
  return v;
}

TEST(CurrencyTest, KnownScales) {
  const struct {
    const char* code;
    int scale;
  } kCases[] = {
      {"USD", 2}, {"EUR", 2}, {"JPY", 0}, {"KWD", 3}, {"BHD", 3}, {"CLF", 4},
      {"UYW", 4}, {"KRW", 0}, {"ISK", 0}, {"VND", 0}, {"TND", 3}, {"JOD", 3},
      {"OMR", 3}, {"LYD", 3}, {"IQD", 3}, {"CLP", 0}, {"PYG", 0}, {"UGX", 0},
      {"XAF", 0}, {"XOF", 0}, {"XPF", 0}, {"VUV", 0}, {"RWF", 0}, {"KMF", 0},
      {"GNF", 0}, {"DJF", 0}, {"BIF", 0}, {"UYI", 0}, {"MGA", 2}, {"MRU", 2},
      {"VES", 2}, {"VED", 2}, {"SLE", 2}, {"ZWG", 2}, {"XCG", 2}, {"BOV", 2},
      {"COU", 2}, {"CHE", 2}, {"CHW", 2}, {"MXV", 2}, {"USN", 2}, {"XCD", 2},
      {"GBP", 2}, {"CHF", 2}, {"AED", 2}, {"ZMW", 2},
  };
  for (const auto& c : kCases) {
    EXPECT_EQ(ScaleOf(c.code), c.scale) << c.code;
  }
}

TEST(CurrencyTest, UnknownWithdrawnAndUnusableCodes) {
  for (const char* code :
       {"usd", "Usd", "uSD", "XYZ", "",    "US",  "USDX", "USD ", " USD",
        "HRK", "SLL", "ZWL", "CUC", "ANG", "BGN", "VEF",  "MRO",  "STD",
        "BYR", "LTL", "XAU", "XAG", "XPT", "XPD", "XDR",  "XXX",  "XTS",
        "XBA", "XBB", "XBC", "XBD", "XSU", "XUA", "AAA",  "ZZZ",  "ZWZ"}) {
    EXPECT_EQ(FindCurrency(code), nullptr) << "'" << code << "'";
  }
  // Embedded NUL must not match "USD".
  EXPECT_EQ(FindCurrency(std::string_view("US\0", 3)), nullptr);
  EXPECT_EQ(FindCurrency(std::string_view("USD\0", 4)), nullptr);
}

TEST(CurrencyTest, FindReturnsTheMatchingEntry) {
  const Currency* usd = FindCurrency("USD");
  ASSERT_NE(usd, nullptr);
  EXPECT_STREQ(usd->code, "USD");
  // Only the view is read: a longer buffer with the code as a prefix works.
  const std::string text = "EURO";
  const Currency* eur = FindCurrency(std::string_view(text).substr(0, 3));
  ASSERT_NE(eur, nullptr);
  EXPECT_STREQ(eur->code, "EUR");
}

TEST(CurrencyTest, IndexRoundTripOverWholeTable) {
  // Walk the table through CurrencyAt until the index no longer round-trips.
  int count = 0;
  std::string previous;
  for (uint16_t i = 0; i < 1000; ++i) {
    const Currency& c = CurrencyAt(i);
    if (CurrencyIndex(&c) != i) break;
    ++count;
    EXPECT_EQ(FindCurrency(c.code), &c) << c.code;
    EXPECT_LT(previous, std::string(c.code));  // sorted, unique
    EXPECT_LE(c.scale, 4) << c.code;
    previous = c.code;
  }
  EXPECT_EQ(count, 164);
}

TEST(CurrencyTest, BadIndexAndPointerDoNotCrash) {
  EXPECT_EQ(CurrencyIndex(nullptr), UINT16_MAX);
  const Currency outside = {"USD", 2};
  EXPECT_EQ(CurrencyIndex(&outside), UINT16_MAX);
  EXPECT_STREQ(CurrencyAt(UINT16_MAX).code, "USD");
}

TEST(ParseAmountTest, SpecExamples) {
  EXPECT_EQ(Parse("1.5", 2), 150);
  EXPECT_EQ(Parse("1250.00", 2), 125000);
  EXPECT_EQ(Parse("0", 2), 0);
  EXPECT_EQ(Parse("0.00", 2), 0);
  EXPECT_EQ(Parse("007.5", 2), 750);
  EXPECT_EQ(Parse("1500", 0), 1500);
  EXPECT_EQ(Parse("1.005", 3), 1005);  // KWD
  EXPECT_EQ(Parse("0.0001", 4), 1);    // CLF
  EXPECT_EQ(Parse("1", 4), 10000);
  EXPECT_EQ(Parse("12.3", 4), 123000);
}

TEST(ParseAmountTest, TooManyFractionDigits) {
  EXPECT_EQ(Parse("1500.0", 0), kFailed);  // JPY
  EXPECT_EQ(Parse("1.005", 2), kFailed);   // USD
  EXPECT_EQ(Parse("1.000", 2), kFailed);   // even trailing zeros
  EXPECT_EQ(Parse("0.00001", 4), kFailed);
  EXPECT_EQ(Parse("1.0001", 3), kFailed);
}

TEST(ParseAmountTest, BadForms) {
  for (const char* text :
       {"+1",       "1e3", "1E3", "1.",   ".5",   " 1",      "1 ",   "-1",
        "1,000.00", "",    ".",   "-",    "1..5", "1.5.0",   "0x10", "1_000",
        "١",        "1\n", "\t1", "1.-5", "NaN",  "Infinity"}) {
    for (int scale = 0; scale <= 4; ++scale) {
      EXPECT_EQ(Parse(text, scale), kFailed)
          << "'" << text << "' scale " << scale;
    }
  }
  // An embedded NUL is just a bad byte.
  EXPECT_EQ(Parse(std::string_view("1\0", 2), 2), kFailed);
  EXPECT_EQ(Parse(std::string_view("1.\0", 3), 2), kFailed);
}

TEST(ParseAmountTest, NeverReadsPastTheView) {
  // The digits after the view must not be consumed.
  const std::string text = "12.34567";
  EXPECT_EQ(Parse(std::string_view(text).substr(0, 4), 2), 1230);
  EXPECT_EQ(Parse(std::string_view(text).substr(0, 3), 2), kFailed);  // "12."
  EXPECT_EQ(Parse(std::string_view(text).substr(0, 2), 2), 1200);
  EXPECT_EQ(Parse(std::string_view(text).substr(0, 0), 2), kFailed);
  EXPECT_EQ(Parse(std::string_view(), 2), kFailed);
}

TEST(ParseAmountTest, Int64EdgesForEveryScale) {
  const struct {
    int scale;
    const char* max_text;
    const char* over_text;
  } kCases[] = {
      {0, "9223372036854775807", "9223372036854775808"},
      {1, "922337203685477580.7", "922337203685477580.8"},
      {2, "92233720368547758.07", "92233720368547758.08"},
      {3, "9223372036854775.807", "9223372036854775.808"},
      {4, "922337203685477.5807", "922337203685477.5808"},
  };
  for (const auto& c : kCases) {
    EXPECT_EQ(Parse(c.max_text, c.scale), kMax) << c.max_text;
    EXPECT_EQ(Parse(c.over_text, c.scale), kFailed) << c.over_text;
    EXPECT_EQ(FormatAmount(kMax, c.scale), c.max_text);
  }
  // Far beyond int64, integer part only (needs padding zeros at scale > 0).
  EXPECT_EQ(Parse("922337203685477581", 1), kFailed);
  EXPECT_EQ(Parse("92233720368547759", 2), kFailed);
  EXPECT_EQ(Parse("92233720368547758", 2), 9223372036854775800);
  EXPECT_EQ(Parse("99999999999999999999999999999", 0), kFailed);
  EXPECT_EQ(Parse("18446744073709551616", 0), kFailed);  // 2^64
  EXPECT_EQ(Parse("18446744073709551615", 0), kFailed);  // 2^64 - 1
}

TEST(ParseAmountTest, ManyLeadingZeros) {
  const std::string zeros(1 << 20, '0');
  EXPECT_EQ(Parse(zeros, 2), 0);
  EXPECT_EQ(Parse(zeros + "7.5", 2), 750);
  EXPECT_EQ(Parse(zeros + "92233720368547758.07", 2), kMax);
  EXPECT_EQ(Parse(zeros + "92233720368547758.08", 2), kFailed);
  EXPECT_EQ(Parse(zeros + "1" + zeros, 2), kFailed);
  EXPECT_EQ(Parse("0." + std::string(1000, '0'), 2), kFailed);
}

TEST(ParseAmountTest, OutOfRangeScaleIsRefused) {
  EXPECT_EQ(Parse("1", -1), kFailed);
  EXPECT_EQ(Parse("1", 19), kFailed);
  EXPECT_EQ(Parse("0", 18), 0);
  EXPECT_EQ(Parse("9", 18), 9000000000000000000);
  EXPECT_EQ(Parse("10", 18), kFailed);
}

TEST(FormatAmountTest, SpecExamples) {
  EXPECT_EQ(FormatAmount(0, 2), "0.00");
  EXPECT_EQ(FormatAmount(125000, 2), "1250.00");
  EXPECT_EQ(FormatAmount(-75000, 2), "-750.00");
  EXPECT_EQ(FormatAmount(750, 2), "7.50");
  EXPECT_EQ(FormatAmount(1500, 0), "1500");
  EXPECT_EQ(FormatAmount(0, 0), "0");
  EXPECT_EQ(FormatAmount(1, 4), "0.0001");
  EXPECT_EQ(FormatAmount(0, 4), "0.0000");
  EXPECT_EQ(FormatAmount(1005, 3), "1.005");
  EXPECT_EQ(FormatAmount(0, 3), "0.000");
  EXPECT_EQ(FormatAmount(-1, 2), "-0.01");
  EXPECT_EQ(FormatAmount(-5, 0), "-5");
  EXPECT_EQ(FormatAmount(10, 1), "1.0");
}

TEST(FormatAmountTest, Int64Min) {
  EXPECT_EQ(FormatAmount(kMin, 0), "-9223372036854775808");
  EXPECT_EQ(FormatAmount(kMin, 1), "-922337203685477580.8");
  EXPECT_EQ(FormatAmount(kMin, 2), "-92233720368547758.08");
  EXPECT_EQ(FormatAmount(kMin, 3), "-9223372036854775.808");
  EXPECT_EQ(FormatAmount(kMin, 4), "-922337203685477.5808");
  EXPECT_EQ(FormatAmount(kMin + 1, 2), "-92233720368547758.07");
}

TEST(FormatAmountTest, OutOfRangeScaleIsClamped) {
  EXPECT_EQ(FormatAmount(5, -3), "5");
  EXPECT_EQ(FormatAmount(kMin, 40),
            "-9.223372036854775808");  // clamped to 18
}

TEST(MoneyRoundTripTest, FormatOfParse) {
  // Canonical texts come back unchanged.
  const struct {
    const char* text;
    int scale;
  } kCanonical[] = {
      {"0.00", 2},
      {"7.50", 2},
      {"1250.00", 2},
      {"1500", 0},
      {"0", 0},
      {"1.005", 3},
      {"0.0001", 4},
      {"123.4", 1},
      {"92233720368547758.07", 2},
      {"9223372036854775807", 0},
      {"922337203685477.5807", 4},
  };
  for (const auto& c : kCanonical) {
    const int64_t v = Parse(c.text, c.scale);
    ASSERT_NE(v, kFailed) << c.text;
    EXPECT_EQ(FormatAmount(v, c.scale), c.text);
  }
  // Non-canonical input normalises.
  EXPECT_EQ(FormatAmount(Parse("007.5", 2), 2), "7.50");
  EXPECT_EQ(FormatAmount(Parse("1.5", 2), 2), "1.50");
  EXPECT_EQ(FormatAmount(Parse("000", 0), 0), "0");
  EXPECT_EQ(FormatAmount(Parse("1", 4), 4), "1.0000");
}

TEST(MoneyRoundTripTest, ParseOfFormatForNonNegatives) {
  const int64_t kValues[] = {0,   1,     9,       10,       99,       100,
                             101, 12345, 1000000, kMax / 7, kMax - 1, kMax};
  for (int scale = 0; scale <= 4; ++scale) {
    for (int64_t v : kValues) {
      EXPECT_EQ(Parse(FormatAmount(v, scale), scale), v)
          << v << " scale " << scale;
    }
  }
}

TEST(CheckedMathTest, AddAndSub) {
  int64_t out = 0;
  EXPECT_TRUE(CheckedAdd(kMax - 1, 1, &out));
  EXPECT_EQ(out, kMax);
  EXPECT_FALSE(CheckedAdd(kMax, 1, &out));
  EXPECT_FALSE(CheckedAdd(kMin, -1, &out));
  EXPECT_TRUE(CheckedSub(0, kMax, &out));
  EXPECT_EQ(out, -kMax);
  EXPECT_FALSE(CheckedSub(kMin, 1, &out));
  EXPECT_FALSE(CheckedSub(0, kMin, &out));
}

}  // namespace
}  // namespace wasmbank
