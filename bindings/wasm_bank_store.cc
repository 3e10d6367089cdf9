// WasmBank's store methods (wasm_bank.h): the bank's store plumbing
// (core/src/bank_internals.h) for the JS stores (bindings/js/store.js and its
// backends; docs/store-format.md). Byte strings cross as Uint8Array copies: a
// memo may hold WTF-8 that a JS string could not carry.
#include <emscripten/bind.h>

#include <algorithm>
#include <string_view>
#include <utility>

#include "wasm_bank.h"

namespace wasmbank::bindings {

using emscripten::val;
using internal::BankInternals;

namespace {

// A JS number as an entry count; false outside 0..2^32-1.
bool EntryCountOf(double x, uint32_t* count) {
  if (!(x >= 0 && x <= 4294967295.0)) return false;
  *count = static_cast<uint32_t>(x);
  return true;
}

}  // namespace

// Replaces the state with a store's bytes; then storeWholeBytes() and
// storeTornBytes() say what the store keeps and what it cuts off.
int WasmBank::loadStore(const val& bytes) {
  return Opened(BankInternals::LoadStore(bank_, InBytes(bytes).view()));
}

// The same from a checkpoint and the whole store.
int WasmBank::loadStoreFromCheckpoint(const val& checkpoint, const val& bytes) {
  const InBytes in_checkpoint(checkpoint);
  const InBytes in_bytes(bytes);
  return Opened(BankInternals::LoadStoreFromCheckpoint(
      bank_, in_checkpoint.view(), in_bytes.view()));
}

// The same from a checkpoint and the store from entry n's line on.
int WasmBank::loadStoreTailFromCheckpoint(const val& checkpoint,
                                          const val& from_last_line) {
  const InBytes in_checkpoint(checkpoint);
  const InBytes in_tail(from_last_line);
  return Opened(BankInternals::LoadStoreTailFromCheckpoint(
      bank_, in_checkpoint.view(), in_tail.view()));
}

double WasmBank::checkpointEntries(const val& checkpoint) const {
  return BankInternals::CheckpointEntries(InBytes(checkpoint).view());
}

double WasmBank::checkpointTailOffset(const val& checkpoint) const {
  return static_cast<double>(
      BankInternals::CheckpointTailOffset(InBytes(checkpoint).view()));
}

// A checkpoint of the state now (bytes), for a store of `store_bytes`.
val WasmBank::makeCheckpoint(double store_bytes) {
  return BytesOf(BankInternals::MakeCheckpoint(
      bank_, static_cast<uint64_t>(std::max(0.0, store_bytes))));
}

bool WasmBank::checkpointDue(double checkpointed, double every) const {
  auto u32 = [](double x) {
    return static_cast<uint32_t>(std::clamp(x, 0.0, 4294967295.0));
  };
  return BankInternals::CheckpointDue(bank_, u32(checkpointed), u32(every));
}

// The lines of the entries after `after` (a store's form), as bytes.
val WasmBank::entryLinesAfter(double after) {
  std::string lines;
  uint32_t count = 0;
  if (EntryCountOf(after, &count)) {
    BankInternals::AppendEntryLines(bank_, count, &lines);
  }
  return BytesOf(lines);
}

// The store record of the entries after `after`: their lines and the seal
// line of the head now, as bytes; empty when there are none. What a group
// commit appends.
val WasmBank::storeRecordAfter(double after) {
  std::string record;
  uint32_t count = 0;
  if (EntryCountOf(after, &count)) {
    BankInternals::AppendStoreRecord(bank_, count, &record);
  }
  return BytesOf(record);
}

val WasmBank::storeSealLine() {
  std::string seal;
  BankInternals::AppendSealLine(bank_, &seal);
  return BytesOf(seal);
}

void WasmBank::discardEntriesAfter(double count) {
  uint32_t n = 0;
  if (EntryCountOf(count, &n)) BankInternals::DiscardEntriesAfter(bank_, n);
}

// Another writer's records (seal lines checked).
int WasmBank::applyEntryLines(const std::string& records) {
  return Finish(BankInternals::ApplyEntryLines(bank_, records));
}

// fn(bytes: Uint8Array) is called inside every call that makes entries,
// with their record (their lines and a seal line), and must write it
// durably and return "" (or a message: the call is then RESOURCE_EXHAUSTED
// and undone). It must not throw. undefined/null unbinds.
void WasmBank::setDurableWrite(val fn) {
  if (fn.isUndefined() || fn.isNull() ||
      fn.typeOf().as<std::string>() != "function") {
    BankInternals::SetDurableWrite(bank_, nullptr);
    durable_fn_ = val::undefined();
    return;
  }
  durable_fn_ = std::move(fn);
  BankInternals::SetDurableWrite(bank_, [this](std::string_view record) {
    val written = durable_fn_(val(emscripten::typed_memory_view(
        record.size(), reinterpret_cast<const uint8_t*>(record.data()))));
    if (written.isString() && written.as<std::string>().empty()) {
      return Status::Ok();
    }
    return Status(ErrorCode::kResourceExhausted,
                  written.isString() ? written.as<std::string>()
                                     : "the store could not take the entry");
  });
}

}  // namespace wasmbank::bindings
