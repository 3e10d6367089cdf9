#include "wasmbank/run_options.h"

#include <string_view>

namespace wasmbank {
namespace {

Status Usage(std::string message) {
  return Status(ErrorCode::kInvalidArgument, std::move(message));
}

// The option an argument names (--journal, --from), with a joined value.
bool SplitOption(std::string_view arg, std::string_view* name,
                 std::string_view* value, bool* joined) {
  for (std::string_view option : {"--journal", "--from"}) {
    if (arg == option) {
      *name = option;
      *joined = false;
      return true;
    }
    if (arg.size() > option.size() && arg.substr(0, option.size()) == option &&
        arg[option.size()] == '=') {
      *name = option;
      *value = arg.substr(option.size() + 1);
      *joined = true;
      return true;
    }
  }
  return false;
}

}  // namespace

Result<RunOptions> ParseRunOptions(const std::vector<std::string>& args) {
  RunOptions options;
  bool has_file = false, has_journal = false, has_from = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    std::string_view name, value;
    bool joined = false;
    if (SplitOption(arg, &name, &value, &joined)) {
      if (!joined) {
        if (i + 1 >= args.size()) {
          return Usage(std::string(name) + " needs a file name");
        }
        value = args[++i];
      }
      bool& seen = name == "--journal" ? has_journal : has_from;
      if (seen) return Usage(std::string(name) + " given twice");
      seen = true;
      if (value.empty())
        return Usage("empty file name for " + std::string(name));
      (name == "--journal" ? options.journal : options.from) =
          std::string(value);
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
  return options;
}

}  // namespace wasmbank
