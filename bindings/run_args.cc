// The run options of both command lines (wasmbank/run_options.h) and the
// help and version texts, for the Node bin (bindings/js/cli.js): parseRunArgs,
// parseExportArgs, RUN_USAGE, helpText, VERSION_TEXT. Linked alone into
// wasm-bank-args.cjs (bindings/CMakeLists.txt), not into the browser's
// wasm-bank.wasm.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <string>
#include <vector>

#include "wasmbank/run_options.h"
#include "wasmbank/status.h"

namespace {

using emscripten::val;

struct RunOptionsJs {
  int code = 0;  // ErrorCode number; 0 = ok
  std::string message;
  std::string file;
  std::string journal;
  std::string from;
  std::string store;
};

std::vector<std::string> StringsOf(val args) {
  std::vector<std::string> list;
  const unsigned length = args["length"].as<unsigned>();
  for (unsigned i = 0; i < length; ++i) {
    val arg = args[i];
    list.push_back(arg.isString() ? arg.as<std::string>() : std::string());
  }
  return list;
}

// args is a JS array of strings.
RunOptionsJs ParseRunArgs(val args) {
  wasmbank::Result<wasmbank::RunOptions> parsed =
      wasmbank::ParseRunOptions(StringsOf(args));
  if (!parsed.ok()) {
    RunOptionsJs refused;
    refused.code = static_cast<int>(parsed.code());
    refused.message = parsed.message();
    return refused;
  }
  return RunOptionsJs{
      0, "", parsed->file, parsed->journal, parsed->from, parsed->store};
}

// `export --from-store STORE`: the store's path in `store`.
RunOptionsJs ParseExportArgs(val args) {
  wasmbank::Result<std::string> parsed =
      wasmbank::ParseExportOptions(StringsOf(args));
  RunOptionsJs options;
  options.code = static_cast<int>(parsed.code());
  options.message = parsed.message();
  if (parsed.ok()) options.store = *parsed;
  return options;
}

// `--help` of the program named `program` (wasmbank::HelpText).
std::string HelpTextFor(std::string program) {
  return wasmbank::HelpText(program);
}

}  // namespace

EMSCRIPTEN_BINDINGS(wasm_bank_run_args) {
  emscripten::value_object<RunOptionsJs>("RunOptionsJs")
      .field("code", &RunOptionsJs::code)
      .field("message", &RunOptionsJs::message)
      .field("file", &RunOptionsJs::file)
      .field("journal", &RunOptionsJs::journal)
      .field("from", &RunOptionsJs::from)
      .field("store", &RunOptionsJs::store);
  emscripten::function("parseRunArgs", &ParseRunArgs);
  emscripten::function("parseExportArgs", &ParseExportArgs);
  emscripten::constant("RUN_USAGE", std::string(wasmbank::kRunUsage));
  // wasm-bank --version / --help print the core's text, as bank-cli does.
  emscripten::constant("VERSION_TEXT", wasmbank::VersionText());
  emscripten::function("helpText", &HelpTextFor);
}
