// embind surface of the core: the only file that includes emscripten headers.
//
// The public JS API lives in bindings/js/index.js; this class is its private
// engine room. Design rules:
//   - Nothing here throws or aborts: the core returns values, every argument
//     is clamped or checked, and JS-visible failures are codes.
//   - Core log lines are buffered while the core runs and handed to the JS
//     callback only after the core call returned, so a callback can never
//     re-enter the core half-way through an operation.
//   - transferMany: C++ owns reusable buffers; JS learns their addresses and
//     the current wasm memory (an ArrayBuffer reached through a
//     typed_memory_view, so nothing depends on Module.HEAP* being exported),
//     fills them with typed-array views and makes one applyTransfers call.
//     Int64 amounts are addressed as bytes (typed_memory_view<int64_t> is not
//     registered by Emscripten 3.1.6); JS puts a BigInt64Array on the buffer.
#include <emscripten/bind.h>
#include <emscripten/emscripten.h>
#include <emscripten/val.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "wasmbank/bank.h"
#include "wasmbank/money.h"
#include "wasmbank/status.h"

namespace {

using emscripten::val;

// Largest number of transfers one applyTransfers call takes; the JS wrapper
// feeds bigger arrays in chunks of this size so the buffers stay bounded.
constexpr uint32_t kMaxTransferChunk = 1u << 20;

// A JS time stamp as the core's `at`: a non-integral or out-of-range value
// becomes -1, which the core refuses like any bad `at` (INVALID_ARGUMENT).
int64_t StampFrom(double at) {
  if (std::isfinite(at) && at >= 0 && at <= 8640000000000000.0 &&
      std::floor(at) == at) {
    return static_cast<int64_t>(at);
  }
  return -1;
}

// Shared with JS at a fixed address: the amount text of a per-call transfer
// goes in, the transcript's fields come out. No allocation per call.
struct TransferSlot {
  uint32_t entry;
  uint8_t from_length;
  uint8_t to_length;
  char from_balance[24];  // an int64 with sign and point is at most 21
  char to_balance[24];
  char amount[64];
};

class WasmBank {
 public:
  WasmBank() = default;
  WasmBank(const WasmBank&) = delete;
  WasmBank& operator=(const WasmBank&) = delete;

  ~WasmBank() { bank_.SetLogSink(nullptr); }

  // One scenario line (jsDialect=false) or one line from the JS wrapper's
  // serializer (jsDialect=true). Returns the transcript line, "" for blank.
  std::string execute(const std::string& line, bool js_dialect) {
    std::string out =
        bank_.ExecuteLine(line, js_dialect ? wasmbank::Dialect::kJsApi
                                           : wasmbank::Dialect::kScenario);
    last_error_ = bank_.last_error_message();
    FlushLogs();
    return out;
  }

  // Why the last failing execute, importJournal or transfer failed.
  std::string lastErrorMessage() const { return last_error_; }

  // The export, piece by piece (about 1 MiB of whole lines each): the JS
  // side joins them, so wasm memory never holds the whole text. Call
  // beginExport, then exportPiece until it returns "".
  void beginExport() { export_cursor_ = 0; }
  std::string exportPiece() {
    return bank_.ExportJournalPiece(&export_cursor_, size_t{1} << 20);
  }

  int importJournal(const std::string& text) {
    wasmbank::Status status = bank_.ImportJournal(text);
    last_error_ = status.message();
    FlushLogs();
    return static_cast<int>(status.code());
  }

  std::string accountsJson() const { return bank_.AccountsJson(); }

  // fn: a JS function called as fn(line) for every core log line, or
  // undefined/null to stop logging (the core then formats nothing).
  void setLogSink(val fn) {
    if (fn.isUndefined() || fn.isNull() ||
        fn.typeOf().as<std::string>() != "function") {
      bank_.SetLogSink(nullptr);
      log_fn_ = val::undefined();
      pending_logs_.clear();
      return;
    }
    log_fn_ = std::move(fn);
    bank_.SetLogSink(
        [this](std::string_view line) { pending_logs_.emplace_back(line); });
  }

  // --- transferMany fast path -------------------------------------------

  // Makes room for n transfers (at most maxTransferChunk()); returns the
  // usable count. Addresses stay valid until the next prepareTransfers.
  uint32_t prepareTransfers(uint32_t n) {
    if (n > kMaxTransferChunk) n = kMaxTransferChunk;
    if (from_.size() < n) {
      from_.resize(n);
      to_.resize(n);
      amounts_.resize(n);
      codes_.resize(n);
    }
    return n;
  }

  static uint32_t maxTransferChunk() { return kMaxTransferChunk; }

  uint32_t fromAddress() const { return Address(from_.data()); }
  uint32_t toAddress() const { return Address(to_.data()); }
  uint32_t amountAddress() const { return Address(amounts_.data()); }
  uint32_t codesAddress() const { return Address(codes_.data()); }

  // The wasm memory's current ArrayBuffer. Before Emscripten 6.0.2 it is
  // replaced (and the old one detached) whenever memory grows; from 6.0.2
  // (GROWABLE_ARRAYBUFFERS) it may be one resizable buffer that grows in
  // place. Callers fetch it again after any call that may allocate, which is
  // right either way.
  static val memoryBuffer() {
    static const uint8_t anchor = 0;
    return val(emscripten::typed_memory_view(size_t{0}, &anchor))["buffer"];
  }

  // Applies the first n prepared transfers in order, each like the transfer
  // op (not atomic), all stamped `at`; writes one ErrorCode number per
  // transfer into the codes buffer. Returns how many succeeded.
  uint32_t applyTransfers(uint32_t n, double at) {
    if (n > from_.size()) n = static_cast<uint32_t>(from_.size());
    wasmbank::OpOptions options;
    options.at = StampFrom(at);
    uint32_t ok = 0;
    for (uint32_t i = 0; i < n; ++i) {
      wasmbank::ErrorCode code =
          bank_
              .Transfer(from_[i], to_[i], wasmbank::Amount::Minor(amounts_[i]),
                        options)
              .code();
      codes_[i] = static_cast<uint8_t>(code);
      if (code == wasmbank::ErrorCode::kOk) ++ok;
    }
    FlushLogs();
    return ok;
  }

  // --- per-call transfer() fast path -------------------------------------

  uint32_t handle() const { return Address(this); }
  uint32_t transferSlotAddress() const { return Address(&slot_); }

  // One transfer with fixed-size arguments (called through the raw export
  // wasmbank_transfer): amount_length > 0 means the amount is the decimal
  // text in the slot, else `amount` minor units. Returns the ErrorCode
  // number; on success the slot holds entry and formatted balances.
  int TransferOne(int32_t from, int32_t to, int64_t amount,
                  uint32_t amount_length, double at) {
    wasmbank::OpOptions options;
    options.at = StampFrom(at);
    wasmbank::Result<wasmbank::Receipt> result = bank_.Transfer(
        from, to,
        amount_length > 0
            ? wasmbank::Amount::Decimal(std::string(
                  slot_.amount,
                  std::min<size_t>(amount_length, sizeof(slot_.amount))))
            : wasmbank::Amount::Minor(amount),
        options);
    const wasmbank::ErrorCode code = result.code();
    if (result.ok()) {
      slot_.entry = result->entry;
      slot_.from_length =
          Format(result->balance, result->scale, slot_.from_balance);
      slot_.to_length =
          Format(result->to_balance, result->scale, slot_.to_balance);
    } else {
      last_error_ = result.message();
    }
    FlushLogs();
    return static_cast<int>(code);
  }

 private:
  template <size_t N>
  static uint8_t Format(int64_t minor, int scale, char (&out)[N]) {
    std::string text = wasmbank::FormatAmount(minor, scale);
    size_t length = std::min(text.size(), N);
    std::copy_n(text.data(), length, out);
    return static_cast<uint8_t>(length);
  }

  static uint32_t Address(const void* p) {
    return static_cast<uint32_t>(reinterpret_cast<uintptr_t>(p));
  }

  void FlushLogs() {
    if (pending_logs_.empty()) return;
    // Swap first: the callback may call back into this object (execute from
    // inside onLog), which must see an empty queue, not these lines again.
    std::vector<std::string> lines;
    lines.swap(pending_logs_);
    if (log_fn_.isUndefined()) return;
    val fn = log_fn_;  // the callback may replace or clear log_fn_
    for (const std::string& line : lines) fn(line);
  }

  wasmbank::Bank bank_;
  std::string last_error_;
  val log_fn_ = val::undefined();
  std::vector<std::string> pending_logs_;

  std::vector<int32_t> from_;
  std::vector<int32_t> to_;
  std::vector<int64_t> amounts_;
  std::vector<uint8_t> codes_;

  TransferSlot slot_{};
  uint64_t export_cursor_ = 0;
};

}  // namespace

// A raw export: a direct wasm call costs far less than an embind method call,
// which is what per-call transfer() needs. `handle` is WasmBank::handle() of
// a live bank; only the JS wrapper calls this.
extern "C" EMSCRIPTEN_KEEPALIVE int wasmbank_transfer(uint32_t handle,
                                                      int32_t from, int32_t to,
                                                      int64_t amount,
                                                      uint32_t amount_length,
                                                      double at) {
  return reinterpret_cast<WasmBank*>(handle)->TransferOne(from, to, amount,
                                                          amount_length, at);
}

EMSCRIPTEN_BINDINGS(wasm_bank) {
  emscripten::class_<WasmBank>("WasmBank")
      .constructor<>()
      .function("execute", &WasmBank::execute)
      .function("lastErrorMessage", &WasmBank::lastErrorMessage)
      .function("beginExport", &WasmBank::beginExport)
      .function("exportPiece", &WasmBank::exportPiece)
      .function("importJournal", &WasmBank::importJournal)
      .function("accountsJson", &WasmBank::accountsJson)
      .function("setLogSink", &WasmBank::setLogSink)
      .function("prepareTransfers", &WasmBank::prepareTransfers)
      .function("fromAddress", &WasmBank::fromAddress)
      .function("toAddress", &WasmBank::toAddress)
      .function("amountAddress", &WasmBank::amountAddress)
      .function("codesAddress", &WasmBank::codesAddress)
      .function("applyTransfers", &WasmBank::applyTransfers)
      .function("handle", &WasmBank::handle)
      .function("transferSlotAddress", &WasmBank::transferSlotAddress)
      .class_function("memoryBuffer", &WasmBank::memoryBuffer)
      .class_function("maxTransferChunk", &WasmBank::maxTransferChunk);
  emscripten::constant("TRANSFER_SLOT_FROM_LENGTH",
                       offsetof(TransferSlot, from_length));
  emscripten::constant("TRANSFER_SLOT_TO_LENGTH",
                       offsetof(TransferSlot, to_length));
  emscripten::constant("TRANSFER_SLOT_FROM_BALANCE",
                       offsetof(TransferSlot, from_balance));
  emscripten::constant("TRANSFER_SLOT_TO_BALANCE",
                       offsetof(TransferSlot, to_balance));
  emscripten::constant("TRANSFER_SLOT_AMOUNT", offsetof(TransferSlot, amount));
  emscripten::constant("TRANSFER_SLOT_AMOUNT_SIZE",
                       sizeof(TransferSlot::amount));
}
