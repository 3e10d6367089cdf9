#include "wasmbank/status.h"

namespace wasmbank {

std::string_view ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kOk:
      return "OK";
#define WASMBANK_NAME_CASE(name, text, words) \
  case ErrorCode::name:                       \
    return text;
      WASMBANK_ERROR_CODES(WASMBANK_NAME_CASE)
#undef WASMBANK_NAME_CASE
  }
  return "UNKNOWN";
}

}  // namespace wasmbank
