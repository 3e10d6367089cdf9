#include "wasmbank/run_options.h"

#include <string_view>

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

}  // namespace wasmbank
