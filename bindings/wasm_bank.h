// WasmBank: the bank class JS holds (bindings/js/bank.js's private engine
// room), binding the typed C++ API (wasmbank/bank.h) method for method.
// Its methods are spread by job: wasm_bank.cc (ops, reads, JSON, journals,
// transferMany and the direct hot-path export), wasm_bank_store.cc (the
// store plumbing); registration.cc registers them.
//
// Design rules:
//   - Nothing here throws or aborts: the core returns values, every argument
//     is a fixed-size value or a string, and JS-visible failures are codes
//     (ErrorCode numbers, 0 = ok); lastErrorMessage() says why in words.
//   - Ids cross as int32, amounts as (form, int64 minor units, text), `at` as
//     a double the core checks (convert.h).
//   - One result convention beside the hot path: a call that answers with a
//     value returns it with its code (Reply, convert.h), never through a
//     slot read afterwards; the per-call ops and balance, the measured hot
//     path, return only their code and report through the Exchange, a small
//     struct JS reads through a typed_memory_view (no addresses cross).
//   - Core log lines are buffered while the core runs and handed to the JS
//     callback only after the core call returned, so a callback can never
//     re-enter the core half-way through an operation.
#pragma once

#include <emscripten/val.h>

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "bank_internals.h"
#include "convert.h"
#include "wasmbank/bank.h"
#include "wasmbank/scenario.h"

namespace wasmbank::bindings {

// Largest number of transfers one applyTransfers call takes; the JS wrapper
// feeds bigger arrays in chunks of this size so the buffers stay bounded.
constexpr uint32_t kMaxTransferChunk = 1u << 20;

// Read and written by JS through a typed_memory_view: the amount text of a
// per-call op goes in; what a receipt or a balance reports comes out. No
// allocation per call.
struct Exchange {
  uint32_t entry;
  int32_t id;
  uint32_t hold;  // hold, capture, release: the hold's number
  uint8_t kind;   // wasmbank::EntryKind
  uint8_t replayed;
  uint8_t balance_length;
  uint8_t to_balance_length;
  uint8_t amount_length;
  char balance[24];  // an int64 with sign and point is at most 21 chars
  char to_balance[24];
  // capture: the amount captured; limit: the limit; hold, release: the
  // source's available.
  char amount[24];
  char currency[4];
  char text[64];
  // execute()'s line, for the direct export wasmbank_execute: most op lines
  // fit, and those that do not cross as a string (WasmBank::execute).
  char line[256];
};

// What wasmbank_execute returns for a line the fast reader declines.
constexpr int kLineDeclined = -1;

class WasmBank {
 public:
  WasmBank();
  WasmBank(const WasmBank&) = delete;
  WasmBank& operator=(const WasmBank&) = delete;
  ~WasmBank();

  // This bank's number for the direct exports (wasmbank_move): JS holds a
  // bank's number, never an address, and a number that is not a live bank
  // is refused (nullptr).
  int32_t number() const { return registry_number_; }
  static WasmBank* Find(int32_t number);

  // --- the typed ops: each returns its ErrorCode number; a receipt is in
  // the Exchange ---------------------------------------------------------
  int open(const AccountSpecJs& spec, const OptionsJs& options);
  // deposit / withdraw / transfer without key or memo: fixed-size values
  // only (an amount's text is in the Exchange). The hot path.
  int deposit(int32_t id, int form, int64_t minor, int text_length, double at);
  int withdraw(int32_t id, int form, int64_t minor, int text_length, double at);
  int transfer(int32_t from, int32_t to, int form, int64_t minor,
               int text_length, double at);
  // The same with every option.
  int depositWith(int32_t id, const AmountJs& amount, const OptionsJs& options);
  int withdrawWith(int32_t id, const AmountJs& amount,
                   const OptionsJs& options);
  int transferWith(int32_t from, int32_t to, const AmountJs& amount,
                   const OptionsJs& options);
  int close(int32_t id, const OptionsJs& options);
  // Holds and limits. A hold's number and expiry cross as doubles
  // (IntegerFrom); has_expiry false: the hold has none.
  int hold(int32_t from, int32_t to, const AmountJs& amount, bool has_expiry,
           double expires_at, const OptionsJs& options);
  int capture(double hold, const AmountJs& amount, const OptionsJs& options);
  int release(double hold, const OptionsJs& options);
  int setLimit(int32_t id, const AmountJs& limit, const OptionsJs& options);
  // The same without key or memo, for the direct export (wasmbank_move's
  // ops 4 to 7: hold, capture, release, set_limit).
  int holdOrLimit(int op, int32_t a, int32_t b, int form, int64_t minor,
                  int text_length, double at, double number, bool has_expiry);

  // --- reads -------------------------------------------------------------
  // Fills the Exchange's id, balance and currency.
  int balance(int32_t id);
  // The same right after entry `as_of`.
  int balanceAsOf(int32_t id, double as_of);
  // The account (AccountJs), held as of max(at, the bank's time).
  Reply account(int32_t id, double at);
  // Every account (AccountJs), by id.
  emscripten::val accounts(double at) const;
  // The pending holds naming the account: [{hold, from, to, amount,
  // expires_at?, memo?, at}], oldest first.
  Reply pendingHolds(int32_t id, double at);
  // Bank::StatementJson's text; limit and before 0: absent.
  Reply statement(int32_t id, double limit, double before, double at);
  // The bank's time.
  double time() const { return static_cast<double>(bank_.time()); }
  // The journal replayed (VerifyJs).
  Reply verify();

  // --- the tutorial extension (wasmbank/tutorial.h) ------------------------
  // "Hello, <name>"; a + b; a - b.
  Reply greet(const std::string& name);
  Reply plus(int32_t a, int32_t b);
  Reply minus(int32_t a, int32_t b);

  // --- the Exchange and messages -------------------------------------------
  // The Exchange, as bytes.
  emscripten::val exchange();
  // Text for the next op's amount (kDecimal with kPendingText, or the reason
  // of a kUnreadable amount), when it does not fit the Exchange.
  void setPendingText(const std::string& text) { pending_text_ = text; }
  // Why the last failing call failed.
  std::string lastErrorMessage() const { return last_error_; }

  // --- JSON ----------------------------------------------------------------
  // One scenario line; its transcript line, "" for a blank one.
  std::string execute(const std::string& line);
  // The Exchange's line (its first `length` bytes), if the core's fast
  // reader takes it (Bank::ExecuteFastLine): its ErrorCode number, with the
  // op's kind and, when it succeeded, its receipt in the Exchange. Any
  // other line: kLineDeclined, having done nothing (execute it instead).
  int executeLine(int length);
  // An op object of the JS API (execute(object), batch(), history()) as the
  // wrapper
  // writes it: JSON with bigint amounts as `123n` tokens
  // (Bank::LineSource::kJsObject). Its transcript line.
  std::string executeObject(const std::string& text);
  // A scenario file through the core's runner, in pieces: scenarioStart,
  // then scenarioFeed for each piece (bytes or text), then scenarioFinish;
  // each returns the transcript lines its piece completed.
  void scenarioStart();
  std::string scenarioFeed(const std::string& bytes);
  std::string scenarioFinish();

  // --- journals ------------------------------------------------------------
  // The export, piece by piece (about 1 MiB of whole lines each): the JS
  // side joins them, so wasm memory never holds the whole text. Call
  // beginExport, then exportPiece until it returns "".
  void beginExport() { export_cursor_ = 0; }
  std::string exportPiece();
  int importJournal(const std::string& text);
  // Large input without embind's copy (JavaScript loops, byte by byte):
  // incomingBytes gives `bytes` bytes of wasm memory, not cleared, for JS
  // to fill natively (TextEncoder.encodeInto, Uint8Array.set), keeping the
  // first `keep` bytes of the buffer it gave before; importIncoming imports
  // the first `length` bytes and frees it. The caller has checked there is
  // room (checkRoom).
  emscripten::val incomingBytes(double bytes, double keep);
  int importIncoming(double length);
  // The bench's limit row for import and verify (not API): chain-hashes the
  // incoming buffer's first `length` bytes line by line as the journal's
  // chain does (head = SHA-256(head || line), nothing parsed), frees it and
  // returns the number of lines.
  double chainHashIncoming(double length);
  // Whether `bytes` more can be copied into the heap and the bank keep its
  // room (docs/limits.md): asked before an argument that crosses in one
  // piece (a journal, a store), which embind copies before any check of the
  // core's could refuse it. RESOURCE_EXHAUSTED otherwise.
  int checkRoom(double bytes);
  // fn: a JS function called as fn(line) for every core log line, or
  // undefined/null to stop logging (the core then formats nothing).
  void setLogSink(emscripten::val fn);

  // --- stores (wasm_bank_store.cc; docs/store-format.md) -------------------
  // Their bytes: Uint8Arrays (or strings), copied in natively (InBytes).
  int loadStore(const emscripten::val& bytes);
  int loadStoreFromCheckpoint(const emscripten::val& checkpoint,
                              const emscripten::val& bytes);
  int loadStoreTailFromCheckpoint(const emscripten::val& checkpoint,
                                  const emscripten::val& from_last_line);
  double storeCheckpointEntries() const { return opening_.from_checkpoint; }
  double checkpointEntries(const emscripten::val& checkpoint) const;
  // Where the store's bytes from entry n's line on start; -1: unknown.
  double checkpointTailOffset(const emscripten::val& checkpoint) const;
  emscripten::val makeCheckpoint(double store_bytes);
  bool checkpointDue(double checkpointed, double every) const;
  double storeWholeBytes() const {
    return static_cast<double>(opening_.whole_bytes);
  }
  // All the bytes to cut off (whole_bytes + torn_bytes is the store's
  // size), and of them the whole entry lines of a record that has no seal
  // line (its write never completed).
  double storeTornBytes() const {
    return static_cast<double>(opening_.torn_bytes);
  }
  double storeTornEntries() const { return opening_.torn_entries; }
  double entryCount() const { return bank_.entry_count(); }
  emscripten::val entryLinesAfter(double after);
  emscripten::val storeRecordAfter(double after);
  // The seal line of the head now alone: what an old store (written before
  // sealing) gets when it is opened, before any record follows.
  emscripten::val storeSealLine();
  void discardEntriesAfter(double count);
  int applyEntryLines(const std::string& records);
  void setDurableWrite(emscripten::val fn);

  // --- transferMany --------------------------------------------------------
  // Makes room for n transfers (at most maxTransferChunk()); returns the
  // usable count. The views below are valid until memory grows.
  uint32_t prepareTransfers(uint32_t n);
  static uint32_t maxTransferChunk() { return kMaxTransferChunk; }
  emscripten::val fromView() const;
  emscripten::val toView() const;
  // Bytes: Emscripten 3.1.6 registers no int64 memory view; JS lays a
  // BigInt64Array over them.
  emscripten::val amountBytes() const;
  emscripten::val codesView() const;
  // Applies the first n prepared transfers in order, each like the transfer
  // op (not atomic), all stamped `at`; writes one ErrorCode number per
  // transfer into the codes. Returns how many succeeded.
  uint32_t applyTransfers(uint32_t n, double at);

 private:
  static OpOptions At(double at);
  Amount AmountFrom(int form, int64_t minor, int text_length);
  // A mutating op's result: the receipt into the Exchange, or the message.
  int Report(const Result<Receipt>& r);
  // A balance read's result: id, balance and currency into the Exchange.
  int ReportBalance(const Result<Balance>& b);
  // A Reply: the code (Finish) and, when ok, the answer.
  template <typename T, typename Convert>
  Reply Answer(const Result<T>& r, Convert convert) {
    emscripten::val value =
        r.ok() ? emscripten::val(convert(*r)) : emscripten::val::undefined();
    return Reply{Finish(r.status()), std::move(value)};
  }
  // Keeps what an opening of a store found, for storeWholeBytes() and the
  // other getters.
  int Opened(const Result<StoreOpening>& opening);
  // Every call's end: the message of a failure kept, the log lines handed
  // over; the code.
  int Finish(const Status& status);
  void FlushLogs();

  int32_t registry_number_ = 0;
  Bank bank_;
  std::unique_ptr<ScenarioRunner> scenario_;
  Exchange exchange_{};
  std::string pending_text_;
  std::unique_ptr<char[]> incoming_;  // incomingBytes
  size_t incoming_size_ = 0;
  std::array<uint8_t, 32> chain_hash_head_{};  // chainHashIncoming's last
  std::string last_error_;
  emscripten::val log_fn_ = emscripten::val::undefined();
  emscripten::val durable_fn_ = emscripten::val::undefined();
  StoreOpening opening_;
  std::vector<std::string> pending_logs_;

  std::vector<int32_t> from_;
  std::vector<int32_t> to_;
  std::vector<int64_t> amounts_;
  std::vector<uint8_t> codes_;

  uint64_t export_cursor_ = 0;
};

}  // namespace wasmbank::bindings
