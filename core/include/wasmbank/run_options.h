// The options of `run` (bank-cli run and wasm-bank run): one grammar for both
// command lines, kept here once.
//
//   run FILE|- [--journal OUT] [--from IN | --store STORE]
//   export --from-store STORE
//
// FILE is a scenario file, `-` standard input. `--journal OUT` writes the
// export after the run, `--from IN` starts from an exported journal,
// `--store STORE` opens (or creates) a store (docs/store-format.md) and
// makes each line's entries durable before its transcript line is out.
// `export --from-store STORE` prints a store's full export. An
// option's value may follow it or be joined with `=` (`--journal=OUT`). An
// option given twice, an unknown option, a second FILE, a missing value or an
// empty file name is INVALID_ARGUMENT with a message for the usage line.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "wasmbank/status.h"

namespace wasmbank {

struct RunOptions {
  std::string file;     // "-" for standard input
  std::string journal;  // empty: none
  std::string from;     // empty: none
  std::string store;    // empty: none
};

Result<RunOptions> ParseRunOptions(const std::vector<std::string>& args);

// The store file of `export --from-store STORE` (either spelling).
Result<std::string> ParseExportOptions(const std::vector<std::string>& args);

// The usage line both command lines print after a usage error.
inline constexpr const char* kRunUsage =
    "run FILE|- [--journal OUT] [--from IN | --store STORE]  |  export "
    "--from-store STORE  |  demo  |  --help  |  --version";

// The package's version: package.json's "version", read by CMake when it
// configures (the root CMakeLists.txt), so that it is declared once and
// bank-cli, the wasm module and the npm package say the same.
const char* Version();

// What `--version` prints (both command lines, byte for byte): "wasm-bank "
// and Version(), then a newline.
std::string VersionText();

// What `--help` / `-h` prints (exit 0): the usage of every command, for the
// program named `program` ("bank-cli" or "wasm-bank"); the rest of the text
// is the same for both.
std::string HelpText(std::string_view program);

}  // namespace wasmbank
