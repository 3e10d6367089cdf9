#include "wasmbank/run_options.h"

#include <string_view>

// CMake defines it from package.json (the root CMakeLists.txt); a build that
// bypasses CMake says so rather than claiming a version.
#ifndef WASMBANK_VERSION
#define WASMBANK_VERSION "unknown"
#endif

namespace wasmbank {
namespace {

Status Usage(std::string message) {
  return Status(ErrorCode::kInvalidArgument, std::move(message));
}

// The options that take a file name, and where each one's value goes.
struct FileOption {
  std::string_view name;
  std::string RunOptions::*value;
};
constexpr FileOption kFileOptions[] = {
    {"--journal", &RunOptions::journal},
    {"--from", &RunOptions::from},
    {"--store", &RunOptions::store},
};

// The option an argument names, with its value if joined by '='.
const FileOption* SplitOption(std::string_view arg, std::string_view* value,
                              bool* joined) {
  for (const FileOption& option : kFileOptions) {
    const std::string_view name = option.name;
    if (arg == name) {
      *joined = false;
      return &option;
    }
    if (arg.size() > name.size() && arg.substr(0, name.size()) == name &&
        arg[name.size()] == '=') {
      *value = arg.substr(name.size() + 1);
      *joined = true;
      return &option;
    }
  }
  return nullptr;
}

}  // namespace

Result<RunOptions> ParseRunOptions(const std::vector<std::string>& args) {
  RunOptions options;
  bool has_file = false;
  std::vector<const FileOption*> seen;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    std::string_view value;
    bool joined = false;
    if (const FileOption* option = SplitOption(arg, &value, &joined)) {
      const std::string name(option->name);
      if (!joined) {
        if (i + 1 >= args.size()) return Usage(name + " needs a file name");
        value = args[++i];
      }
      for (const FileOption* given : seen) {
        if (given == option) return Usage(name + " given twice");
      }
      seen.push_back(option);
      if (value.empty()) return Usage("empty file name for " + name);
      options.*(option->value) = std::string(value);
    } else if (arg.size() > 1 && arg[0] == '-') {
      return Usage("unknown option " + arg);
    } else {
      if (has_file) return Usage("run takes exactly one FILE");
      if (arg.empty()) return Usage("empty file name");
      has_file = true;
      options.file = arg;
    }
  }
  if (!has_file) return Usage("run needs a FILE (or - for standard input)");
  if (!options.from.empty() && !options.store.empty()) {
    return Usage(
        "--from and --store cannot be used together: a store starts "
        "from what it holds");
  }
  return options;
}

Result<std::string> ParseExportOptions(const std::vector<std::string>& args) {
  if (args.size() == 1 && args[0].rfind("--from-store=", 0) == 0 &&
      args[0].size() > 13) {
    return args[0].substr(13);
  }
  if (args.size() == 2 && args[0] == "--from-store" && !args[1].empty()) {
    return args[1];
  }
  return Usage("export takes --from-store FILE");
}

const char* Version() { return WASMBANK_VERSION; }

std::string VersionText() {
  return std::string("wasm-bank ") + Version() + "\n";
}

std::string HelpText(std::string_view program) {
  // One text for both programs (docs/cli.md says the same at length); only
  // the program's name differs. "%" marks where it goes.
  static constexpr std::string_view kText =
      "% (wasm-bank %v): runs banking scenarios on the wasm-bank core\n"
      "\n"
      "usage: % run FILE|- [--journal OUT] [--from IN | --store STORE]\n"
      "       % export --from-store STORE\n"
      "       % demo\n"
      "       % --help | -h\n"
      "       % --version\n"
      "\n"
      "run FILE|-         run a scenario file (one JSON op a line; - reads "
      "standard\n"
      "                   input) and print one transcript line per op\n"
      "  --journal OUT    after the run, write the journal export to OUT\n"
      "  --from IN        start from the exported journal IN\n"
      "  --store STORE    keep every line's entries in the store STORE "
      "(created if\n"
      "                   missing); each transcript line is printed once they "
      "are\n"
      "                   durable. Not with --from.\n"
      "                   An option's value may also be joined: "
      "--journal=OUT.\n"
      "export --from-store STORE\n"
      "                   print the journal export of a store\n"
      "demo               run the tutorial, saying what each step does\n"
      "--help, -h         print this text\n"
      "--version          print the version\n"
      "\n"
      "Exit status: 0 when the scenario was read and run, whatever its ops "
      "did;\n"
      "2 for a usage error, an unreadable file, a journal or store that is not "
      "valid,\n"
      "or a journal that cannot be written (one line on standard error says "
      "why).\n"
      "Formats and details: docs/cli.md in the wasm-bank package.\n";
  std::string text;
  for (size_t i = 0; i < kText.size(); ++i) {
    if (kText[i] != '%') {
      text += kText[i];
    } else if (i + 1 < kText.size() && kText[i + 1] == 'v') {
      text += Version();
      ++i;
    } else {
      text += program;
    }
  }
  return text;
}

}  // namespace wasmbank
