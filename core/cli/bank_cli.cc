// bank-cli: the native runner (docs/cli.md).
//   bank-cli run FILE|- [--journal OUT] [--from IN]   (wasmbank/run_options.h)
//   bank-cli demo
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "wasmbank/bank.h"
#include "wasmbank/run_options.h"
#include "wasmbank/scenario.h"

namespace {

constexpr int kUsageError = 2;

int Usage(std::string_view why) {
  std::cerr << "bank-cli: " << why << "; usage: bank-cli "
            << wasmbank::kRunUsage << "\n";
  return kUsageError;
}

std::optional<std::string> ReadAll(const std::string& path) {
  if (path == "-") {
    std::ostringstream buffer;
    buffer << std::cin.rdbuf();
    return buffer.str();
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::string text((std::istreambuf_iterator<char>(in)),
                   std::istreambuf_iterator<char>());
  if (in.bad()) return std::nullopt;
  return text;
}

int Run(const std::vector<std::string>& args) {
  wasmbank::Result<wasmbank::RunOptions> parsed =
      wasmbank::ParseRunOptions(args);
  if (!parsed.ok()) return Usage(parsed.message());
  const std::string& file = parsed->file;
  const std::string& journal_out = parsed->journal;
  const std::string& journal_in = parsed->from;
  wasmbank::Bank bank;
  if (!journal_in.empty()) {
    std::optional<std::string> journal = ReadAll(journal_in);
    if (!journal) return Usage("cannot read journal '" + journal_in + "'");
    wasmbank::Status status = bank.ImportJournal(*journal);
    if (!status.ok()) {
      std::cerr << "bank-cli: " << journal_in << ": " << status.message()
                << "\n";
      return kUsageError;
    }
  }
  std::optional<std::string> scenario = ReadAll(file);
  if (!scenario) return Usage("cannot read '" + file + "'");
  std::string transcript = wasmbank::RunScenario(bank, *scenario);
  std::fwrite(transcript.data(), 1, transcript.size(), stdout);
  if (!journal_out.empty()) {
    std::ofstream out(journal_out, std::ios::binary);
    out << bank.ExportJournal();
    if (!out) return Usage("cannot write journal '" + journal_out + "'");
  }
  return 0;
}

// The tutorial (examples/tutorial.jsonl), each line with what the driver says about it.
struct DemoStep {
  const char* line;
  const char* says;
};

constexpr DemoStep kTutorial[] = {
    {R"({"op":"open","id":101,"name":"Alice","balance":"1000.00"})",
     "opening account 101 for Alice with 1000.00"},
    {R"({"op":"greet","name":"Alice"})", "greeting Alice"},
    {R"({"op":"open","id":102,"name":"Bob","balance":"1500.00"})",
     "opening account 102 for Bob with 1500.00"},
    {R"({"op":"greet","name":"Bob"})", "greeting Bob"},
    {R"({"op":"open","id":103,"name":"Charlie","balance":"500.00"})",
     "opening account 103 for Charlie with 500.00"},
    {R"({"op":"greet","name":"Charlie"})", "greeting Charlie"},
    {R"({"op":"deposit","id":101,"amount":"250.00"})",
     "depositing 250.00 into Alice's account 101"},
    {R"({"op":"withdraw","id":102,"amount":"750.00"})",
     "withdrawing 750.00 from Bob's account 102"},
    {R"({"op":"balance","id":101})", "asking for Alice's balance (101)"},
    {R"({"op":"balance","id":102})", "asking for Bob's balance (102)"},
    {R"({"op":"balance","id":103})", "asking for Charlie's balance (103)"},
    {R"({"op":"plus","a":5,"b":3})", "adding 5 + 3"},
    {R"({"op":"minus","a":10,"b":5})", "subtracting 10 - 5"},
};

int Demo() {
  wasmbank::Bank bank;
  bank.SetLogSink([](std::string_view line) { std::cout << line << "\n"; });
  for (const DemoStep& step : kTutorial) {
    std::cout << "bank-cli: " << step.says << "\n";
    std::string transcript = bank.ExecuteLine(step.line);  // logs first
    std::cout << "  -> " << transcript << "\n";
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) return Usage("no command");
  if (args[0] == "demo" && args.size() == 1) return Demo();
  if (args[0] == "run") return Run({args.begin() + 1, args.end()});
  return Usage("unknown command '" + args[0] + "'");
}
