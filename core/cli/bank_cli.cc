// bank-cli: the native runner (docs/cli.md).
//   bank-cli run FILE|- [--journal OUT] [--from IN | --store STORE]
//   bank-cli export --from-store STORE
//   bank-cli demo                               (wasmbank/run_options.h)
//   bank-cli --help | -h | --version
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "wasmbank/bank.h"
#include "wasmbank/file_store.h"
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
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::string text((std::istreambuf_iterator<char>(in)),
                   std::istreambuf_iterator<char>());
  if (in.bad()) return std::nullopt;
  return text;
}

void Note(std::string_view line) { std::cerr << "bank-cli: " << line << "\n"; }

void Print(const std::string& transcript) {
  std::fwrite(transcript.data(), 1, transcript.size(), stdout);
  std::fflush(stdout);
}

// Runs the scenario as it arrives (a pipe may bring it line by line) and
// prints transcript as it is made. With a store, each line's transcript is
// printed alone, as soon as its entries are durable.
int RunScenarioFrom(int fd, const std::string& file, wasmbank::Bank& bank,
                    bool line_by_line) {
  wasmbank::ScenarioRunner runner(bank);
  std::string transcript;
  std::vector<char> buffer(1 << 16);
  for (;;) {
    ssize_t n = ::read(fd, buffer.data(), buffer.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Usage("cannot read '" + file + "'");
    if (n == 0) break;
    std::string_view bytes(buffer.data(), static_cast<size_t>(n));
    while (!bytes.empty()) {
      size_t end = line_by_line ? bytes.find('\n') : std::string_view::npos;
      end = end == std::string_view::npos ? bytes.size() : end + 1;
      transcript.clear();
      runner.Feed(bytes.substr(0, end), &transcript);
      Print(transcript);
      bytes.remove_prefix(end);
    }
  }
  transcript.clear();
  runner.Finish(&transcript);
  Print(transcript);
  return 0;
}

int Run(const std::vector<std::string>& args) {
  wasmbank::Result<wasmbank::RunOptions> parsed =
      wasmbank::ParseRunOptions(args);
  if (!parsed.ok()) return Usage(parsed.message());
  const wasmbank::RunOptions& options = *parsed;
  wasmbank::Bank bank;
  if (!options.from.empty()) {
    std::optional<std::string> journal = ReadAll(options.from);
    if (!journal) return Usage("cannot read journal '" + options.from + "'");
    wasmbank::Status status = bank.ImportJournal(*journal);
    if (!status.ok()) {
      Note(options.from + ": " + status.message());
      return kUsageError;
    }
  }
  std::unique_ptr<wasmbank::FileStore> store;
  if (!options.store.empty()) {
    auto opened =
        wasmbank::FileStore::Open(options.store, &bank, {.note = Note});
    if (!opened.ok()) {
      Note(opened.message());
      return kUsageError;
    }
    store = std::move(opened.value());
  }
  const bool from_stdin = options.file == "-";
  int fd = from_stdin ? STDIN_FILENO
                      : ::open(options.file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Usage("cannot read '" + options.file + "'");
  int status = RunScenarioFrom(fd, options.file, bank, store != nullptr);
  if (!from_stdin) ::close(fd);
  if (status != 0) return status;
  if (!options.journal.empty()) {
    std::ofstream out(options.journal, std::ios::binary);
    out << bank.ExportJournal();
    if (!out) return Usage("cannot write journal '" + options.journal + "'");
  }
  return 0;
}

int Export(const std::vector<std::string>& args) {
  wasmbank::Result<std::string> path = wasmbank::ParseExportOptions(args);
  if (!path.ok()) return Usage(path.message());
  wasmbank::Result<std::string> text = wasmbank::FileStore::Export(*path);
  if (!text.ok()) {
    Note(text.message());
    return kUsageError;
  }
  std::fwrite(text->data(), 1, text->size(), stdout);
  return 0;
}

// The tutorial (examples/tutorial.jsonl), each line with what the driver says
// about it.
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
  // Help and version as the first argument (what follows is ignored);
  // wasm-bank prints the same text (wasmbank/run_options.h).
  if (args[0] == "--help" || args[0] == "-h") {
    std::cout << wasmbank::HelpText("bank-cli");
    return 0;
  }
  if (args[0] == "--version") {
    std::cout << wasmbank::VersionText();
    return 0;
  }
  if (args[0] == "demo" && args.size() == 1) return Demo();
  if (args[0] == "run") return Run({args.begin() + 1, args.end()});
  if (args[0] == "export") return Export({args.begin() + 1, args.end()});
  return Usage("unknown command '" + args[0] + "'");
}
