// Conversions between what JS hands over or gets back and the core's types
// (wasmbank/types.h): the value objects that cross whole, and the functions
// that turn one into the other. JS converts its values to these shapes and
// nothing else: every rule is the core's.
#pragma once

#include <emscripten/val.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "wasmbank/bank.h"
#include "wasmbank/money.h"
#include "wasmbank/types.h"

namespace wasmbank::bindings {

// How an amount crosses: its form, then minor units or text.
// The numbers are wasmbank::Amount::Form's (wasmbank/contract.h), which JS
// reads from the generated contract.js. kDecimal's text is Exchange::text
// (its length given) or the pending text (length kPendingText); an
// unreadable amount's reason is the pending text.
enum AmountForm : int {
  kAbsent = static_cast<int>(Amount::Form::kAbsent),
  kMinor = static_cast<int>(Amount::Form::kMinor),
  kDecimal = static_cast<int>(Amount::Form::kDecimal),
  kUnreadable = static_cast<int>(Amount::Form::kUnreadable),
};
constexpr int kPendingText = -1;

// A JS time stamp as the core's `at`: a non-integral or out-of-range value
// becomes -1, which the core refuses like any bad `at` (INVALID_ARGUMENT).
int64_t StampFrom(double at);
// A JS number as a whole number the core checks (a hold's number, as_of,
// expires_at, a history limit): a non-integral or out-of-range value
// becomes -1, which every such field refuses (INVALID_ARGUMENT).
int64_t IntegerFrom(double value);

// ---- What JS hands over.

struct AmountJs {
  int form = kAbsent;
  int64_t minor = 0;
  std::string text;
};

struct OptionsJs {
  bool has_key = false;
  std::string key;
  std::string memo;
  double at = 0;
};

struct AccountSpecJs {
  int32_t id = 0;
  std::string name;
  std::string address;
  std::string currency;
  AmountJs balance;
  AmountJs overdraft_limit;
};

Amount AmountOf(const AmountJs& a);
OpOptions OptionsOf(const OptionsJs& o);
AccountSpec SpecOf(const AccountSpecJs& spec);

// ---- What JS gets back.

// The bindings' one result convention for a call that answers with a value
// (a read, the tutorial's calls): the code (an ErrorCode number, 0 = ok)
// and the answer itself (undefined on failure; lastErrorMessage() says
// why), returned together, with no slot to read it from afterwards. Beside
// it stands the measured hot path: the per-call ops (and balance) return
// only their code, and their receipt is read from the Exchange.
struct Reply {
  int code = 0;
  emscripten::val value = emscripten::val::undefined();
};

struct AccountJs {
  int32_t id = 0;
  std::string name;
  std::string address;
  std::string currency;
  std::string balance;
  std::string held;
  std::string available;
  std::string overdraft_limit;
  std::string status;
};

struct VerifyJs {
  double accounts = 0;
  double entries = 0;
  std::string head;
};

AccountJs AccountOf(const AccountInfo& a);
VerifyJs VerifyOf(const VerifyReport& v);

// An amount's text into a fixed buffer (the Exchange); its length.
template <size_t N>
uint8_t Format(int64_t minor, int scale, char (&out)[N]) {
  static_assert(N >= kMaxAmountChars);
  return static_cast<uint8_t>(FormatAmountTo(minor, scale, out));
}

// Bytes as a fresh Uint8Array (a copy: `bytes` may die right after), so that
// WTF-8 a JS string could not carry crosses intact.
emscripten::val BytesOf(const std::string& bytes);

// Bytes JS hands over whole (a store, a checkpoint): a Uint8Array is copied
// in with one native TypedArray.set into memory that is not cleared first
// (embind's std::string conversion copies a Uint8Array byte by byte in
// JavaScript, and clearing tens of MB is a byte loop in this wasm); a
// string is converted as embind converts one. The caller has checked room.
class InBytes {
 public:
  explicit InBytes(const emscripten::val& value);
  std::string_view view() const {
    return bytes_ ? std::string_view(bytes_.get(), size_) : text_;
  }

 private:
  std::unique_ptr<char[]> bytes_;
  size_t size_ = 0;
  std::string text_;
};

}  // namespace wasmbank::bindings
