// The scenario runner (wasmbank/scenario.h): the same transcript whether the
// file comes whole or in pieces of any size; the byte-order mark, blank lines
// and lines too long to read as the transcript format says.
#include "wasmbank/scenario.h"

#include <gtest/gtest.h>

#include <string>

#include "executor.h"

namespace wasmbank {
namespace {

std::string Fed(std::string_view file, size_t piece) {
  Bank bank;
  ScenarioRunner runner(bank);
  std::string transcript;
  for (size_t at = 0; at < file.size(); at += piece) {
    runner.Feed(file.substr(at, piece), &transcript);
  }
  runner.Finish(&transcript);
  return transcript;
}

const std::string kNotAnOp =
    R"({"op":"","ok":false,"error":"INVALID_ARGUMENT"})";
const std::string kGreet = R"({"op":"greet","ok":true,"greeting":"Hello, A"})";

TEST(ScenarioRunnerTest, PiecesOfAnySizeGiveTheWholeFilesTranscript) {
  const std::string file =
      "\xEF\xBB\xBF{\"op\":\"greet\",\"name\":\"A\"}\n\n  \t\r\n"
      "{\"op\":\"plus\",\"a\":1,\"b\":2}\r\nnot "
      "json\n{\"op\":\"greet\",\"name\":\"A\"}";
  Bank bank;
  const std::string whole = RunScenario(bank, file);
  EXPECT_EQ(whole, kGreet + "\n" + R"({"op":"plus","ok":true,"result":3})" +
                       "\n" + kNotAnOp + "\n" + kGreet + "\n");
  for (size_t piece = 1; piece <= file.size(); ++piece) {
    EXPECT_EQ(Fed(file, piece), whole) << "pieces of " << piece;
  }
}

TEST(ScenarioRunnerTest, AByteOrderMarkCountsOnlyAtTheVeryStart) {
  Bank bank;
  const std::string bom = "\xEF\xBB\xBF";
  EXPECT_EQ(
      RunScenario(bank, bom + "\n" + bom + "{\"op\":\"greet\",\"name\":\"A\"}"),
      kNotAnOp + "\n");
  EXPECT_EQ(RunScenario(bank, bom), "");
  EXPECT_EQ(RunScenario(bank, "\xEF\xBB"), kNotAnOp + "\n");
  EXPECT_EQ(RunScenario(bank, ""), "");
  EXPECT_EQ(RunScenario(bank, "\n\n"), "");
}

TEST(ScenarioRunnerTest, LinesTooLongToReadAreNotOpsUnlessBlank) {
  const std::string spaces(kMaxLineBytes + 10, ' ');
  const std::string junk =
      "{\"op\":\"greet\",\"name\":\"" + std::string(kMaxLineBytes, 'a') + "\"}";
  const std::string file = spaces + "\r\n" + junk + "\n" + spaces + "\r\r\n" +
                           "{\"op\":\"greet\",\"name\":\"A\"}\n";
  const std::string expected =
      kNotAnOp + "\n" + kNotAnOp + "\n" + kGreet + "\n";
  Bank bank;
  EXPECT_EQ(RunScenario(bank, file), expected);
  EXPECT_EQ(Fed(file, 4096), expected);
  EXPECT_EQ(Fed(file, 1), expected);
}

}  // namespace
}  // namespace wasmbank
