// embind surface of the core: the only file that includes emscripten headers.
//
// The public JS API lives in bindings/js/index.js; this class is its private
// engine room, binding the typed C++ API (wasmbank/bank.h) method for method.
// Design rules:
//   - Nothing here throws or aborts: the core returns values, every argument
//     is a fixed-size value or a string, and JS-visible failures are codes
//     (ErrorCode numbers, 0 = ok); lastErrorMessage() says why in words.
//   - Ids cross as int32, amounts as (form, int64 minor units, text), `at` as
//     a double the core checks. JS converts its values to these types and
//     nothing else: every rule is the core's.
//   - What an op reports comes back through the Exchange, a small struct JS
//     reads through a typed_memory_view (no addresses cross), or for bigger
//     answers through embind value objects.
//   - Core log lines are buffered while the core runs and handed to the JS
//     callback only after the core call returned, so a callback can never
//     re-enter the core half-way through an operation.
#include <emscripten/bind.h>
#include <emscripten/emscripten.h>
#include <emscripten/val.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bank_internals.h"
#include "wasmbank/bank.h"
#include "wasmbank/money.h"
#include "wasmbank/run_options.h"
#include "wasmbank/scenario.h"
#include "wasmbank/status.h"
#include "wasmbank/tutorial.h"

namespace {

using emscripten::val;
using wasmbank::Amount;
using wasmbank::ErrorCode;
using wasmbank::OpOptions;
using wasmbank::Receipt;
using wasmbank::Result;
using wasmbank::internal::BankInternals;

// Largest number of transfers one applyTransfers call takes; the JS wrapper
// feeds bigger arrays in chunks of this size so the buffers stay bounded.
constexpr uint32_t kMaxTransferChunk = 1u << 20;

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
int64_t StampFrom(double at) {
  if (std::isfinite(at) && at >= 0 && at <= 8640000000000000.0 &&
      std::floor(at) == at) {
    return static_cast<int64_t>(at);
  }
  return -1;
}

// Read and written by JS through a typed_memory_view: the amount text of a
// per-call op goes in; what a receipt or a balance reports comes out. No
// allocation per call.
struct Exchange {
  uint32_t entry;
  int32_t id;
  uint8_t kind;  // wasmbank::EntryKind
  uint8_t replayed;
  uint8_t balance_length;
  uint8_t to_balance_length;
  char balance[24];  // an int64 with sign and point is at most 21 chars
  char to_balance[24];
  char currency[4];
  char text[64];
};

// The value objects that cross whole (open's spec, options, reads).
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

// One op of a batch as JS hands it over: kind is a wasmbank::EntryKind; a
// refused op (refused_code != 0) is one JS could not convert.
struct BatchOpJs {
  int kind = 0;
  int refused_code = 0;
  std::string refused_message;
  AccountSpecJs spec;
  int32_t id = 0;
  int32_t to = 0;
  AmountJs amount;
  OptionsJs options;
};

// What one op of a batch reports.
struct BatchResultJs {
  int code = 0;
  std::string message;
  uint32_t entry = 0;
  int32_t id = 0;
  bool replayed = false;
  std::string balance;
  std::string to_balance;
};

struct AccountJs {
  int32_t id = 0;
  std::string name;
  std::string address;
  std::string currency;
  std::string balance;
  std::string overdraft_limit;
  std::string status;
};

struct EntryJs {
  uint32_t entry = 0;
  std::string kind;
  int32_t id = 0;
  int32_t to = 0;
  std::string name;
  std::string address;
  std::string currency;
  std::string amount;
  std::string overdraft_limit;
  std::string memo;
  bool has_key = false;
  std::string key;
  double at = 0;
};

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

// The run options of both command lines (wasmbank/run_options.h), for the
// Node bin: args is a JS array of strings.
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

struct VerifyJs {
  double accounts = 0;
  double entries = 0;
  std::string head;
};

wasmbank::AccountSpec SpecOf(const AccountSpecJs& spec);
OpOptions OptionsOf(const OptionsJs& o);

Amount AmountOf(const AmountJs& a) {
  switch (a.form) {
    case kMinor:
      return Amount::Minor(a.minor);
    case kDecimal:
      return Amount::Decimal(a.text);
    case kUnreadable:
      return Amount::Unreadable(a.text);
    default:
      return Amount();
  }
}

OpOptions OptionsOf(const OptionsJs& o) {
  OpOptions options;
  if (o.has_key) options.key = o.key;
  options.memo = o.memo;
  options.at = StampFrom(o.at);
  return options;
}

wasmbank::AccountSpec SpecOf(const AccountSpecJs& spec) {
  wasmbank::AccountSpec typed;
  typed.id = spec.id;
  typed.name = spec.name;
  typed.address = spec.address;
  typed.currency = spec.currency;
  typed.balance = AmountOf(spec.balance);
  typed.overdraft_limit = AmountOf(spec.overdraft_limit);
  return typed;
}

void AddToBatch(const BatchOpJs& op, wasmbank::WriteBatch* batch) {
  const auto kind = static_cast<wasmbank::EntryKind>(op.kind);
  if (op.refused_code != 0) {
    batch->Refused(kind,
                   wasmbank::Status(static_cast<ErrorCode>(op.refused_code),
                                    op.refused_message));
    return;
  }
  switch (kind) {
    case wasmbank::EntryKind::kOpen:
      return batch->Open(SpecOf(op.spec), OptionsOf(op.options));
    case wasmbank::EntryKind::kDeposit:
      return batch->Deposit(op.id, AmountOf(op.amount), OptionsOf(op.options));
    case wasmbank::EntryKind::kWithdraw:
      return batch->Withdraw(op.id, AmountOf(op.amount), OptionsOf(op.options));
    case wasmbank::EntryKind::kTransfer:
      return batch->Transfer(op.id, op.to, AmountOf(op.amount),
                             OptionsOf(op.options));
    case wasmbank::EntryKind::kClose:
      return batch->Close(op.id, OptionsOf(op.options));
  }
}

BatchResultJs BatchResultOf(const Result<Receipt>& r) {
  BatchResultJs out;
  out.code = static_cast<int>(r.code());
  out.message = r.message();
  if (r.ok()) {
    out.entry = r->entry;
    out.id = r->id;
    out.replayed = r->replayed;
    out.balance = wasmbank::FormatAmount(r->balance, r->scale);
    out.to_balance = wasmbank::FormatAmount(r->to_balance, r->scale);
  }
  return out;
}

AccountJs AccountOf(const wasmbank::AccountInfo& a) {
  return AccountJs{a.id,
                   a.name,
                   a.address,
                   a.currency,
                   wasmbank::FormatAmount(a.balance, a.scale),
                   wasmbank::FormatAmount(a.overdraft_limit, a.scale),
                   a.closed ? "closed" : "open"};
}

EntryJs EntryOf(const wasmbank::JournalEntry& e) {
  EntryJs out;
  out.entry = e.number;
  out.kind = std::string(wasmbank::EntryKindName(e.kind));
  out.id = e.id;
  out.to = e.to;
  out.name = e.name;
  out.address = e.address;
  out.currency = e.currency;
  out.amount = wasmbank::FormatAmount(e.amount, e.scale);
  out.overdraft_limit = wasmbank::FormatAmount(e.overdraft_limit, e.scale);
  out.memo = e.memo;
  out.has_key = e.key.has_value();
  out.key = e.key.value_or("");
  out.at = static_cast<double>(e.at);
  return out;
}

template <size_t N>
uint8_t Format(int64_t minor, int scale, char (&out)[N]) {
  std::string text = wasmbank::FormatAmount(minor, scale);
  size_t length = std::min(text.size(), N);
  std::copy_n(text.data(), length, out);
  return static_cast<uint8_t>(length);
}

class WasmBank;

// The live banks by number, for the direct exports below: JS holds a bank's
// number, never an address, and a number that is not a live bank is refused.
std::vector<WasmBank*>& Registry() {
  static std::vector<WasmBank*> banks;
  return banks;
}

class WasmBank {
 public:
  WasmBank() {
    std::vector<WasmBank*>& banks = Registry();
    auto free_slot = std::find(banks.begin(), banks.end(), nullptr);
    registry_number_ = static_cast<int32_t>(free_slot - banks.begin());
    if (free_slot == banks.end()) {
      banks.push_back(this);
    } else {
      *free_slot = this;
    }
  }
  WasmBank(const WasmBank&) = delete;
  WasmBank& operator=(const WasmBank&) = delete;

  ~WasmBank() {
    bank_.SetLogSink(nullptr);
    Registry()[registry_number_] = nullptr;
  }

  // This bank's number for the direct exports.
  int32_t number() const { return registry_number_; }
  static WasmBank* Find(int32_t number) {
    const std::vector<WasmBank*>& banks = Registry();
    return number >= 0 && static_cast<size_t>(number) < banks.size()
               ? banks[number]
               : nullptr;
  }

  // --- the typed ops: each returns its ErrorCode number --------------------

  int open(const AccountSpecJs& spec, const OptionsJs& options) {
    return Report(bank_.Open(SpecOf(spec), OptionsOf(options)));
  }

  // A batch: ops is a JS array of BatchOpJs. Returns the batch's own code
  // (INVALID_ARGUMENT for an empty or too long one); lastBatch() has each
  // op's result and lastBatchOk() whether all were applied.
  int write(val ops, bool atomic) {
    wasmbank::WriteBatch batch;
    const unsigned length = ops["length"].as<unsigned>();
    for (unsigned i = 0; i < length && i <= wasmbank::kMaxBatchOps; ++i) {
      AddToBatch(ops[i].as<BatchOpJs>(), &batch);
    }
    Result<wasmbank::BatchReport> report = bank_.Write(batch, atomic);
    batch_.clear();
    batch_ok_ = report.ok() && report->ok;
    if (report.ok()) {
      for (const Result<Receipt>& r : report->results) {
        batch_.push_back(BatchResultOf(r));
      }
    }
    return Finish(report.status());
  }
  val lastBatch() const { return ArrayOf(batch_); }
  bool lastBatchOk() const { return batch_ok_; }

  // deposit / withdraw / transfer without key or memo: fixed-size values
  // only (an amount's text is in the Exchange).
  int deposit(int32_t id, int form, int64_t minor, int text_length, double at) {
    return Report(
        bank_.Deposit(id, AmountFrom(form, minor, text_length), At(at)));
  }
  int withdraw(int32_t id, int form, int64_t minor, int text_length,
               double at) {
    return Report(
        bank_.Withdraw(id, AmountFrom(form, minor, text_length), At(at)));
  }
  int transfer(int32_t from, int32_t to, int form, int64_t minor,
               int text_length, double at) {
    return Report(
        bank_.Transfer(from, to, AmountFrom(form, minor, text_length), At(at)));
  }

  // The same with every option.
  int depositWith(int32_t id, const AmountJs& amount,
                  const OptionsJs& options) {
    return Report(bank_.Deposit(id, AmountOf(amount), OptionsOf(options)));
  }
  int withdrawWith(int32_t id, const AmountJs& amount,
                   const OptionsJs& options) {
    return Report(bank_.Withdraw(id, AmountOf(amount), OptionsOf(options)));
  }
  int transferWith(int32_t from, int32_t to, const AmountJs& amount,
                   const OptionsJs& options) {
    return Report(
        bank_.Transfer(from, to, AmountOf(amount), OptionsOf(options)));
  }

  int close(int32_t id, const OptionsJs& options) {
    return Report(bank_.Close(id, OptionsOf(options)));
  }

  // Fills the Exchange's id, balance and currency.
  int balance(int32_t id) {
    Result<wasmbank::Balance> b = bank_.GetBalance(id);
    if (b.ok()) {
      exchange_.id = b->id;
      exchange_.balance_length = Format(b->minor, b->scale, exchange_.balance);
      std::copy_n(b->currency.data(), 3, exchange_.currency);
    }
    return Finish(b.status());
  }

  // Each of these keeps its answer for the getter below it.
  int account(int32_t id) {
    Result<wasmbank::AccountInfo> a = bank_.GetAccount(id);
    if (a.ok()) account_ = AccountOf(*a);
    return Finish(a.status());
  }
  AccountJs lastAccount() const { return account_; }

  int history(int32_t id, int32_t limit, double before) {
    wasmbank::HistoryOptions options;
    options.limit = limit;
    if (before != 0) {
      options.before = std::isfinite(before) && std::floor(before) == before &&
                               std::fabs(before) <= 9007199254740992.0
                           ? static_cast<int64_t>(before)
                           : -1;
    }
    Result<std::vector<wasmbank::JournalEntry>> h = bank_.History(id, options);
    history_.clear();
    if (h.ok()) {
      for (const wasmbank::JournalEntry& e : *h) history_.push_back(EntryOf(e));
    }
    return Finish(h.status());
  }
  val lastHistory() const { return ArrayOf(history_); }

  // One account at a time into the JS array: a bank that fills half the
  // heap could not hold a second copy of every account's texts.
  val accounts() const {
    val array = val::array();
    bank_.VisitAccounts([&](const wasmbank::AccountInfo& a) {
      array.call<void>("push", val(AccountOf(a)));
    });
    return array;
  }

  int verify() {
    Result<wasmbank::VerifyReport> v = bank_.Verify();
    if (v.ok()) {
      verify_ = VerifyJs{static_cast<double>(v->accounts),
                         static_cast<double>(v->entries), v->head};
    }
    return Finish(v.status());
  }
  VerifyJs lastVerify() const { return verify_; }

  int greet(const std::string& name) {
    Result<std::string> g = wasmbank::tutorial::Greet(bank_, name);
    if (g.ok()) greeting_ = *g;
    return Finish(g.status());
  }
  std::string lastGreeting() const { return greeting_; }

  int plus(int32_t a, int32_t b) {
    return Arithmetic(wasmbank::tutorial::Plus(bank_, a, b));
  }
  int minus(int32_t a, int32_t b) {
    return Arithmetic(wasmbank::tutorial::Minus(bank_, a, b));
  }
  int32_t lastNumber() const { return number_; }

  // The Exchange, as bytes.
  val exchange() {
    return val(emscripten::typed_memory_view(
        sizeof(exchange_), reinterpret_cast<uint8_t*>(&exchange_)));
  }

  // Text for the next op's amount (kDecimal with kPendingText, or the reason
  // of a kUnreadable amount), when it does not fit the Exchange.
  void setPendingText(const std::string& text) { pending_text_ = text; }

  // Why the last failing call failed.
  std::string lastErrorMessage() const { return last_error_; }

  // --- JSON: execute() and batch() ----------------------------------------

  // One scenario line; its transcript line, "" for a blank one.
  std::string execute(const std::string& line) {
    std::string out = bank_.ExecuteLine(line);
    last_error_ = bank_.last_error_message();
    FlushLogs();
    return out;
  }

  // An op object of the JS API (execute(object), batch()) as the wrapper
  // writes it: JSON with bigint amounts as `123n` tokens
  // (Bank::LineSource::kJsObject). Its transcript line.
  std::string executeObject(const std::string& text) {
    std::string out =
        bank_.ExecuteLine(text, wasmbank::Bank::LineSource::kJsObject);
    last_error_ = bank_.last_error_message();
    FlushLogs();
    return out;
  }

  // A scenario file through the core's runner, in pieces: scenarioStart,
  // then scenarioFeed for each piece (bytes or text), then scenarioFinish;
  // each returns the transcript lines its piece completed.
  void scenarioStart() {
    scenario_ = std::make_unique<wasmbank::ScenarioRunner>(bank_);
  }
  std::string scenarioFeed(const std::string& bytes) {
    std::string transcript;
    if (scenario_) scenario_->Feed(bytes, &transcript);
    FlushLogs();
    return transcript;
  }
  std::string scenarioFinish() {
    std::string transcript;
    if (scenario_) scenario_->Finish(&transcript);
    scenario_.reset();
    FlushLogs();
    return transcript;
  }

  // --- journals -------------------------------------------------------------

  // The export, piece by piece (about 1 MiB of whole lines each): the JS
  // side joins them, so wasm memory never holds the whole text. Call
  // beginExport, then exportPiece until it returns "".
  void beginExport() { export_cursor_ = 0; }
  std::string exportPiece() {
    return bank_.ExportJournalPiece(&export_cursor_, size_t{1} << 20);
  }

  int importJournal(const std::string& text) {
    return Finish(bank_.ImportJournal(text));
  }

  // Whether `bytes` more can be copied into the heap and the bank keep its
  // room (docs/limits.md): asked before an argument that crosses in one
  // piece (a journal, a store), which embind copies before any check of the
  // core's could refuse it. RESOURCE_EXHAUSTED otherwise.
  int checkRoom(double bytes) {
    return Finish(BankInternals::CheckRoom(bank_, static_cast<size_t>(bytes)));
  }

  // --- stores (docs/store-format.md; bindings/js/node_store.js) -------------

  // Replaces the state with a store's bytes; then storeWholeBytes() and
  // storeTornBytes() say what the store keeps and what it cuts off.
  int loadStore(const std::string& bytes) {
    return Opened(BankInternals::LoadStore(bank_, bytes));
  }
  // The same from a checkpoint and the whole store (wasmbank/bank.h).
  int loadStoreFromCheckpoint(const std::string& checkpoint,
                              const std::string& bytes) {
    return Opened(
        BankInternals::LoadStoreFromCheckpoint(bank_, checkpoint, bytes));
  }
  double storeCheckpointEntries() const { return opening_.from_checkpoint; }
  int loadStoreTailFromCheckpoint(const std::string& checkpoint,
                                  const std::string& from_last_line) {
    return Opened(BankInternals::LoadStoreTailFromCheckpoint(bank_, checkpoint,
                                                             from_last_line));
  }
  double checkpointEntries(const std::string& checkpoint) const {
    return BankInternals::CheckpointEntries(checkpoint);
  }

  // A checkpoint of the state now (bytes), for a store of `store_bytes`.
  val makeCheckpoint(double store_bytes) {
    const std::string bytes = BankInternals::MakeCheckpoint(
        bank_, static_cast<uint64_t>(std::max(0.0, store_bytes)));
    return val(emscripten::typed_memory_view(
                   bytes.size(),
                   reinterpret_cast<const uint8_t*>(bytes.data())))
        .call<val>("slice");
  }
  bool checkpointDue(double checkpointed, double every) const {
    auto u32 = [](double x) {
      return static_cast<uint32_t>(std::clamp(x, 0.0, 4294967295.0));
    };
    return BankInternals::CheckpointDue(bank_, u32(checkpointed), u32(every));
  }

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

  // The lines of the entries after `after` (a store's form), as bytes: a
  // memo may hold WTF-8 that a JS string could not carry.
  val entryLinesAfter(double after) {
    std::string lines;
    if (after >= 0 && after <= 4294967295.0) {
      BankInternals::AppendEntryLines(bank_, static_cast<uint32_t>(after),
                                      &lines);
    }
    val view(emscripten::typed_memory_view(
        lines.size(), reinterpret_cast<const uint8_t*>(lines.data())));
    return view.call<val>("slice");  // a copy: `lines` dies here
  }

  // The store record of the entries after `after`: their lines and the seal
  // line of the head now (docs/store-format.md), as bytes; empty when there
  // are none. What a group commit appends.
  val storeRecordAfter(double after) {
    std::string record;
    if (after >= 0 && after <= 4294967295.0) {
      BankInternals::AppendStoreRecord(bank_, static_cast<uint32_t>(after),
                                       &record);
    }
    val view(emscripten::typed_memory_view(
        record.size(), reinterpret_cast<const uint8_t*>(record.data())));
    return view.call<val>("slice");  // a copy: `record` dies here
  }

  void discardEntriesAfter(double count) {
    if (count >= 0 && count <= 4294967295.0) {
      BankInternals::DiscardEntriesAfter(bank_, static_cast<uint32_t>(count));
    }
  }

  // Another writer's records (seal lines checked; wasmbank/bank.h).
  int applyEntryLines(const std::string& records) {
    return Finish(BankInternals::ApplyEntryLines(bank_, records));
  }

  // fn(bytes: Uint8Array) is called inside every call that makes entries,
  // with their record (their lines and a seal line), and must write it
  // durably and return "" (or a message: the call is then RESOURCE_EXHAUSTED
  // and undone). It must not throw. undefined/null unbinds.
  void setDurableWrite(val fn) {
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
        return wasmbank::Status::Ok();
      }
      return wasmbank::Status(ErrorCode::kResourceExhausted,
                              written.isString()
                                  ? written.as<std::string>()
                                  : "the store could not take the entry");
    });
  }

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

  // --- transferMany ---------------------------------------------------------

  // Makes room for n transfers (at most maxTransferChunk()); returns the
  // usable count. The views below are valid until memory grows.
  uint32_t prepareTransfers(uint32_t n) {
    if (n > kMaxTransferChunk) n = kMaxTransferChunk;
    // Buffers that would fill the heap are not grown (each byte of a
    // transfer's 17 counted twice: a vector may double): the chunks stay
    // the size they are (at least 1), and the core refuses what does not
    // fit, RESOURCE_EXHAUSTED per transfer.
    constexpr size_t kBytesPerTransfer =
        2 * (2 * sizeof(int32_t) + sizeof(int64_t) + sizeof(uint8_t));
    if (from_.size() < n &&
        !BankInternals::CheckRoom(bank_, n * kBytesPerTransfer).ok()) {
      n = std::max<uint32_t>(1, static_cast<uint32_t>(from_.size()));
    }
    if (from_.size() < n) {
      from_.resize(n);
      to_.resize(n);
      amounts_.resize(n);
      codes_.resize(n);
    }
    return n;
  }
  static uint32_t maxTransferChunk() { return kMaxTransferChunk; }

  val fromView() const {
    return val(emscripten::typed_memory_view(from_.size(), from_.data()));
  }
  val toView() const {
    return val(emscripten::typed_memory_view(to_.size(), to_.data()));
  }
  // Bytes: Emscripten 3.1.6 registers no int64 memory view; JS lays a
  // BigInt64Array over them.
  val amountBytes() const {
    return val(emscripten::typed_memory_view(
        amounts_.size() * sizeof(int64_t),
        reinterpret_cast<const uint8_t*>(amounts_.data())));
  }
  val codesView() const {
    return val(emscripten::typed_memory_view(codes_.size(), codes_.data()));
  }

  // Applies the first n prepared transfers in order, each like the transfer
  // op (not atomic), all stamped `at`; writes one ErrorCode number per
  // transfer into the codes. Returns how many succeeded.
  uint32_t applyTransfers(uint32_t n, double at) {
    n = std::min(n, static_cast<uint32_t>(from_.size()));
    const uint32_t ok = static_cast<uint32_t>(
        bank_.TransferMany({std::span(from_).first(n), std::span(to_).first(n),
                            std::span(amounts_).first(n)},
                           StampFrom(at), std::span(codes_).first(n)));
    FlushLogs();
    return ok;
  }

 private:
  static OpOptions At(double at) {
    OpOptions options;
    options.at = StampFrom(at);
    return options;
  }

  Amount AmountFrom(int form, int64_t minor, int text_length) {
    if (form == kMinor) return Amount::Minor(minor);
    if (form == kAbsent) return Amount();
    std::string text =
        text_length == kPendingText
            ? std::move(pending_text_)
            : std::string(
                  exchange_.text,
                  std::clamp<size_t>(text_length, 0, sizeof(exchange_.text)));
    pending_text_.clear();
    return form == kDecimal ? Amount::Decimal(std::move(text))
                            : Amount::Unreadable(std::move(text));
  }

  // A mutating op's result: the receipt into the Exchange, or the message.
  int Report(const Result<Receipt>& r) {
    if (r.ok()) {
      exchange_.entry = r->entry;
      exchange_.id = r->id;
      exchange_.kind = static_cast<uint8_t>(r->kind);
      exchange_.replayed = r->replayed ? 1 : 0;
      exchange_.balance_length =
          Format(r->balance, r->scale, exchange_.balance);
      exchange_.to_balance_length =
          r->kind == wasmbank::EntryKind::kTransfer
              ? Format(r->to_balance, r->scale, exchange_.to_balance)
              : 0;
    }
    return Finish(r.status());
  }

  int Arithmetic(const Result<int32_t>& r) {
    if (r.ok()) number_ = *r;
    return Finish(r.status());
  }

  // Keeps what an opening of a store found, for storeWholeBytes() and the other
  // getters.
  int Opened(const wasmbank::Result<wasmbank::StoreOpening>& opening) {
    if (opening.ok()) opening_ = *opening;
    return Finish(opening.status());
  }
  int Finish(const wasmbank::Status& status) {
    if (!status.ok()) last_error_ = status.message();
    FlushLogs();
    return static_cast<int>(status.code());
  }

  template <typename T>
  static val ArrayOf(const std::vector<T>& items) {
    val array = val::array();
    for (const T& item : items) array.call<void>("push", val(item));
    return array;
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

  int32_t registry_number_ = 0;
  wasmbank::Bank bank_;
  std::unique_ptr<wasmbank::ScenarioRunner> scenario_;
  Exchange exchange_{};
  std::string pending_text_;
  std::string last_error_;
  AccountJs account_;
  std::vector<BatchResultJs> batch_;
  bool batch_ok_ = false;
  std::vector<EntryJs> history_;
  VerifyJs verify_;
  std::string greeting_;
  int32_t number_ = 0;
  val log_fn_ = val::undefined();
  val durable_fn_ = val::undefined();
  wasmbank::StoreOpening opening_;
  std::vector<std::string> pending_logs_;

  std::vector<int32_t> from_;
  std::vector<int32_t> to_;
  std::vector<int64_t> amounts_;
  std::vector<uint8_t> codes_;

  uint64_t export_cursor_ = 0;
};

}  // namespace

// deposit (op 1), withdraw (2) or transfer (3) of bank `bank` with
// fixed-size values, called directly: a plain wasm call costs a fraction of
// an embind method call, which is what per-call deposit/withdraw/transfer
// need. `a` is the account (transfer: from), `b` the destination.
extern "C" EMSCRIPTEN_KEEPALIVE int wasmbank_move(int32_t bank, int op,
                                                  int32_t a, int32_t b,
                                                  int form, int64_t minor,
                                                  int text_length, double at) {
  WasmBank* target = WasmBank::Find(bank);
  if (target == nullptr) return static_cast<int>(ErrorCode::kInvalidArgument);
  switch (op) {
    case 1:
      return target->deposit(a, form, minor, text_length, at);
    case 2:
      return target->withdraw(a, form, minor, text_length, at);
    case 3:
      return target->transfer(a, b, form, minor, text_length, at);
    default:
      return static_cast<int>(ErrorCode::kInvalidArgument);
  }
}

EMSCRIPTEN_BINDINGS(wasm_bank) {
  using emscripten::value_object;
  value_object<AmountJs>("AmountJs")
      .field("form", &AmountJs::form)
      .field("minor", &AmountJs::minor)
      .field("text", &AmountJs::text);
  value_object<OptionsJs>("OptionsJs")
      .field("hasKey", &OptionsJs::has_key)
      .field("key", &OptionsJs::key)
      .field("memo", &OptionsJs::memo)
      .field("at", &OptionsJs::at);
  value_object<AccountSpecJs>("AccountSpecJs")
      .field("id", &AccountSpecJs::id)
      .field("name", &AccountSpecJs::name)
      .field("address", &AccountSpecJs::address)
      .field("currency", &AccountSpecJs::currency)
      .field("balance", &AccountSpecJs::balance)
      .field("overdraft_limit", &AccountSpecJs::overdraft_limit);
  value_object<BatchOpJs>("BatchOpJs")
      .field("kind", &BatchOpJs::kind)
      .field("refusedCode", &BatchOpJs::refused_code)
      .field("refusedMessage", &BatchOpJs::refused_message)
      .field("spec", &BatchOpJs::spec)
      .field("id", &BatchOpJs::id)
      .field("to", &BatchOpJs::to)
      .field("amount", &BatchOpJs::amount)
      .field("options", &BatchOpJs::options);
  value_object<BatchResultJs>("BatchResultJs")
      .field("code", &BatchResultJs::code)
      .field("message", &BatchResultJs::message)
      .field("entry", &BatchResultJs::entry)
      .field("id", &BatchResultJs::id)
      .field("replayed", &BatchResultJs::replayed)
      .field("balance", &BatchResultJs::balance)
      .field("to_balance", &BatchResultJs::to_balance);
  value_object<AccountJs>("AccountJs")
      .field("id", &AccountJs::id)
      .field("name", &AccountJs::name)
      .field("address", &AccountJs::address)
      .field("currency", &AccountJs::currency)
      .field("balance", &AccountJs::balance)
      .field("overdraft_limit", &AccountJs::overdraft_limit)
      .field("status", &AccountJs::status);
  value_object<EntryJs>("EntryJs")
      .field("entry", &EntryJs::entry)
      .field("kind", &EntryJs::kind)
      .field("id", &EntryJs::id)
      .field("to", &EntryJs::to)
      .field("name", &EntryJs::name)
      .field("address", &EntryJs::address)
      .field("currency", &EntryJs::currency)
      .field("amount", &EntryJs::amount)
      .field("overdraft_limit", &EntryJs::overdraft_limit)
      .field("memo", &EntryJs::memo)
      .field("hasKey", &EntryJs::has_key)
      .field("key", &EntryJs::key)
      .field("at", &EntryJs::at);
  value_object<RunOptionsJs>("RunOptionsJs")
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
  value_object<VerifyJs>("VerifyJs")
      .field("accounts", &VerifyJs::accounts)
      .field("entries", &VerifyJs::entries)
      .field("head", &VerifyJs::head);

  emscripten::class_<WasmBank>("WasmBank")
      .constructor<>()
      .function("number", &WasmBank::number)
      .function("open", &WasmBank::open)
      .function("write", &WasmBank::write)
      .function("lastBatch", &WasmBank::lastBatch)
      .function("lastBatchOk", &WasmBank::lastBatchOk)
      .function("depositWith", &WasmBank::depositWith)
      .function("withdrawWith", &WasmBank::withdrawWith)
      .function("transferWith", &WasmBank::transferWith)
      .function("close", &WasmBank::close)
      .function("balance", &WasmBank::balance)
      .function("account", &WasmBank::account)
      .function("lastAccount", &WasmBank::lastAccount)
      .function("history", &WasmBank::history)
      .function("lastHistory", &WasmBank::lastHistory)
      .function("accounts", &WasmBank::accounts)
      .function("verify", &WasmBank::verify)
      .function("lastVerify", &WasmBank::lastVerify)
      .function("greet", &WasmBank::greet)
      .function("lastGreeting", &WasmBank::lastGreeting)
      .function("plus", &WasmBank::plus)
      .function("minus", &WasmBank::minus)
      .function("lastNumber", &WasmBank::lastNumber)
      .function("exchange", &WasmBank::exchange)
      .function("setPendingText", &WasmBank::setPendingText)
      .function("lastErrorMessage", &WasmBank::lastErrorMessage)
      .function("execute", &WasmBank::execute)
      .function("executeObject", &WasmBank::executeObject)
      .function("scenarioStart", &WasmBank::scenarioStart)
      .function("scenarioFeed", &WasmBank::scenarioFeed)
      .function("scenarioFinish", &WasmBank::scenarioFinish)
      .function("beginExport", &WasmBank::beginExport)
      .function("exportPiece", &WasmBank::exportPiece)
      .function("importJournal", &WasmBank::importJournal)
      .function("checkRoom", &WasmBank::checkRoom)
      .function("setLogSink", &WasmBank::setLogSink)
      .function("loadStore", &WasmBank::loadStore)
      .function("storeWholeBytes", &WasmBank::storeWholeBytes)
      .function("loadStoreFromCheckpoint", &WasmBank::loadStoreFromCheckpoint)
      .function("storeCheckpointEntries", &WasmBank::storeCheckpointEntries)
      .function("loadStoreTailFromCheckpoint",
                &WasmBank::loadStoreTailFromCheckpoint)
      .function("checkpointEntries", &WasmBank::checkpointEntries)
      .function("makeCheckpoint", &WasmBank::makeCheckpoint)
      .function("checkpointDue", &WasmBank::checkpointDue)
      .function("storeTornBytes", &WasmBank::storeTornBytes)
      .function("storeTornEntries", &WasmBank::storeTornEntries)
      .function("setDurableWrite", &WasmBank::setDurableWrite)
      .function("entryCount", &WasmBank::entryCount)
      .function("entryLinesAfter", &WasmBank::entryLinesAfter)
      .function("storeRecordAfter", &WasmBank::storeRecordAfter)
      .function("discardEntriesAfter", &WasmBank::discardEntriesAfter)
      .function("applyEntryLines", &WasmBank::applyEntryLines)
      .function("prepareTransfers", &WasmBank::prepareTransfers)
      .function("fromView", &WasmBank::fromView)
      .function("toView", &WasmBank::toView)
      .function("amountBytes", &WasmBank::amountBytes)
      .function("codesView", &WasmBank::codesView)
      .function("applyTransfers", &WasmBank::applyTransfers)
      .class_function("maxTransferChunk", &WasmBank::maxTransferChunk);

  emscripten::constant("EXCHANGE_ENTRY", offsetof(Exchange, entry));
  emscripten::constant("EXCHANGE_ID", offsetof(Exchange, id));
  emscripten::constant("EXCHANGE_KIND", offsetof(Exchange, kind));
  emscripten::constant("EXCHANGE_REPLAYED", offsetof(Exchange, replayed));
  emscripten::constant("EXCHANGE_BALANCE_LENGTH",
                       offsetof(Exchange, balance_length));
  emscripten::constant("EXCHANGE_TO_BALANCE_LENGTH",
                       offsetof(Exchange, to_balance_length));
  emscripten::constant("EXCHANGE_BALANCE", offsetof(Exchange, balance));
  emscripten::constant("EXCHANGE_TO_BALANCE", offsetof(Exchange, to_balance));
  emscripten::constant("EXCHANGE_CURRENCY", offsetof(Exchange, currency));
  emscripten::constant("EXCHANGE_TEXT", offsetof(Exchange, text));
  emscripten::constant("EXCHANGE_TEXT_SIZE", sizeof(Exchange::text));
  emscripten::constant("PENDING_TEXT", kPendingText);
}
