// WasmBank's ops, reads, JSON, journals and transferMany (wasm_bank.h), and
// wasmbank_move, the direct export of the per-call hot path.
#include "wasm_bank.h"

#include <emscripten/bind.h>
#include <emscripten/emscripten.h>

#include <algorithm>
#include <array>
#include <climits>
#include <cstring>
#include <span>
#include <string_view>
#include <utility>

#include "wasmbank/sha256.h"
#include "wasmbank/tutorial.h"

namespace wasmbank::bindings {
namespace {

using emscripten::val;

// The live banks by number, for the direct exports.
std::vector<WasmBank*>& Registry() {
  static std::vector<WasmBank*> banks;
  return banks;
}

}  // namespace

WasmBank::WasmBank() {
  std::vector<WasmBank*>& banks = Registry();
  auto free_slot = std::find(banks.begin(), banks.end(), nullptr);
  registry_number_ = static_cast<int32_t>(free_slot - banks.begin());
  if (free_slot == banks.end()) {
    banks.push_back(this);
  } else {
    *free_slot = this;
  }
}

WasmBank::~WasmBank() {
  bank_.SetLogSink(nullptr);
  Registry()[registry_number_] = nullptr;
}

WasmBank* WasmBank::Find(int32_t number) {
  const std::vector<WasmBank*>& banks = Registry();
  return number >= 0 && static_cast<size_t>(number) < banks.size()
             ? banks[number]
             : nullptr;
}

// --- the typed ops ----------------------------------------------------------

int WasmBank::open(const AccountSpecJs& spec, const OptionsJs& options) {
  return Report(bank_.Open(SpecOf(spec), OptionsOf(options)));
}

int WasmBank::deposit(int32_t id, int form, int64_t minor, int text_length,
                      double at) {
  return Report(
      bank_.Deposit(id, AmountFrom(form, minor, text_length), At(at)));
}

int WasmBank::withdraw(int32_t id, int form, int64_t minor, int text_length,
                       double at) {
  return Report(
      bank_.Withdraw(id, AmountFrom(form, minor, text_length), At(at)));
}

int WasmBank::transfer(int32_t from, int32_t to, int form, int64_t minor,
                       int text_length, double at) {
  return Report(
      bank_.Transfer(from, to, AmountFrom(form, minor, text_length), At(at)));
}

int WasmBank::depositWith(int32_t id, const AmountJs& amount,
                          const OptionsJs& options) {
  return Report(bank_.Deposit(id, AmountOf(amount), OptionsOf(options)));
}

int WasmBank::withdrawWith(int32_t id, const AmountJs& amount,
                           const OptionsJs& options) {
  return Report(bank_.Withdraw(id, AmountOf(amount), OptionsOf(options)));
}

int WasmBank::transferWith(int32_t from, int32_t to, const AmountJs& amount,
                           const OptionsJs& options) {
  return Report(bank_.Transfer(from, to, AmountOf(amount), OptionsOf(options)));
}

int WasmBank::close(int32_t id, const OptionsJs& options) {
  return Report(bank_.Close(id, OptionsOf(options)));
}

int WasmBank::holdOrLimit(int op, int32_t a, int32_t b, int form, int64_t minor,
                          int text_length, double at, double number,
                          bool has_expiry) {
  const Amount amount = AmountFrom(form, minor, text_length);
  switch (op) {
    case 4: {
      HoldOptions hold;
      if (has_expiry) hold.expires_at = IntegerFrom(number);
      return Report(bank_.Hold(a, b, amount, hold, At(at)));
    }
    case 5:
      return Report(bank_.Capture(IntegerFrom(number), amount, At(at)));
    case 6:
      return Report(bank_.Release(IntegerFrom(number), At(at)));
    default:
      return Report(bank_.SetLimit(a, amount, At(at)));
  }
}

int WasmBank::hold(int32_t from, int32_t to, const AmountJs& amount,
                   bool has_expiry, double expires_at,
                   const OptionsJs& options) {
  HoldOptions hold;
  if (has_expiry) hold.expires_at = IntegerFrom(expires_at);
  return Report(
      bank_.Hold(from, to, AmountOf(amount), hold, OptionsOf(options)));
}

int WasmBank::capture(double hold, const AmountJs& amount,
                      const OptionsJs& options) {
  return Report(
      bank_.Capture(IntegerFrom(hold), AmountOf(amount), OptionsOf(options)));
}

int WasmBank::release(double hold, const OptionsJs& options) {
  return Report(bank_.Release(IntegerFrom(hold), OptionsOf(options)));
}

int WasmBank::setLimit(int32_t id, const AmountJs& limit,
                       const OptionsJs& options) {
  return Report(bank_.SetLimit(id, AmountOf(limit), OptionsOf(options)));
}

// --- reads ------------------------------------------------------------------

int WasmBank::balance(int32_t id) {
  return ReportBalance(bank_.GetBalance(id));
}

int WasmBank::balanceAsOf(int32_t id, double as_of) {
  return ReportBalance(bank_.GetBalance(id, IntegerFrom(as_of)));
}

int WasmBank::ReportBalance(const Result<Balance>& b) {
  if (b.ok()) {
    exchange_.id = b->id;
    exchange_.balance_length = Format(b->minor, b->scale, exchange_.balance);
    std::copy_n(b->currency.data(), 3, exchange_.currency);
  }
  return Finish(b.status());
}

Reply WasmBank::account(int32_t id, double at) {
  return Answer(bank_.GetAccount(id, StampFrom(at)), AccountOf);
}

// One account at a time into the JS array: a bank that fills half the heap
// could not hold a second copy of every account's texts.
val WasmBank::accounts(double at) const {
  val array = val::array();
  bank_.VisitAccounts(
      [&](const AccountInfo& a) {
        array.call<void>("push", val(AccountOf(a)));
      },
      StampFrom(at));
  return array;
}

namespace {

val HoldObject(const HoldInfo& h) {
  val out = val::object();
  out.set("hold", h.hold);
  out.set("from", h.from);
  out.set("to", h.to);
  out.set("amount", FormatAmount(h.amount, h.scale));
  if (h.expires_at) out.set("expires_at", static_cast<double>(*h.expires_at));
  if (!h.memo.empty()) out.set("memo", h.memo);
  out.set("at", static_cast<double>(h.at));
  return out;
}

val HoldArray(const std::vector<HoldInfo>& holds) {
  val array = val::array();
  for (const HoldInfo& h : holds) array.call<void>("push", HoldObject(h));
  return array;
}

}  // namespace

Reply WasmBank::pendingHolds(int32_t id, double at) {
  return Answer(bank_.PendingHolds(id, StampFrom(at)), HoldArray);
}

Reply WasmBank::statement(int32_t id, double limit, double before, double at) {
  HistoryOptions options;
  if (limit != 0) {
    const int64_t n = IntegerFrom(limit);
    options.limit = n > INT32_MAX ? -1 : static_cast<int32_t>(n);
  }
  if (before != 0) options.before = IntegerFrom(before);
  return Answer(bank_.StatementJson(id, options, StampFrom(at)),
                [](const std::string& json) { return json; });
}

Reply WasmBank::verify() { return Answer(bank_.Verify(), VerifyOf); }

// --- the tutorial extension
// ---------------------------------------------------

namespace {
template <typename T>
T Same(const T& value) {
  return value;
}
}  // namespace

Reply WasmBank::greet(const std::string& name) {
  return Answer(tutorial::Greet(bank_, name), Same<std::string>);
}

Reply WasmBank::plus(int32_t a, int32_t b) {
  return Answer(tutorial::Plus(bank_, a, b), Same<int32_t>);
}

Reply WasmBank::minus(int32_t a, int32_t b) {
  return Answer(tutorial::Minus(bank_, a, b), Same<int32_t>);
}

val WasmBank::exchange() {
  return val(emscripten::typed_memory_view(
      sizeof(exchange_), reinterpret_cast<uint8_t*>(&exchange_)));
}

// --- JSON
// -----------------------------------------------------------------------

std::string WasmBank::execute(const std::string& line) {
  std::string out = bank_.ExecuteLine(line);
  last_error_ = bank_.last_error_message();
  FlushLogs();
  return out;
}

int WasmBank::executeLine(int length) {
  if (length < 0 || static_cast<size_t>(length) > sizeof(exchange_.line)) {
    return kLineDeclined;
  }
  std::optional<Bank::LineResult> fast = bank_.ExecuteFastLine(
      std::string_view(exchange_.line, static_cast<size_t>(length)));
  if (!fast) return kLineDeclined;
  exchange_.kind = static_cast<uint8_t>(fast->kind);
  return Report(fast->result);
}

std::string WasmBank::executeObject(const std::string& text) {
  std::string out = bank_.ExecuteLine(text, Bank::LineSource::kJsObject);
  last_error_ = bank_.last_error_message();
  FlushLogs();
  return out;
}

void WasmBank::scenarioStart() {
  scenario_ = std::make_unique<ScenarioRunner>(bank_);
}

std::string WasmBank::scenarioFeed(const std::string& bytes) {
  std::string transcript;
  if (scenario_) scenario_->Feed(bytes, &transcript);
  FlushLogs();
  return transcript;
}

std::string WasmBank::scenarioFinish() {
  std::string transcript;
  if (scenario_) scenario_->Finish(&transcript);
  scenario_.reset();
  FlushLogs();
  return transcript;
}

// --- journals
// -------------------------------------------------------------------

std::string WasmBank::exportPiece() {
  return bank_.ExportJournalPiece(&export_cursor_, size_t{1} << 20);
}

int WasmBank::importJournal(const std::string& text) {
  return Finish(bank_.ImportJournal(text));
}

val WasmBank::incomingBytes(double bytes, double keep) {
  const size_t size = static_cast<size_t>(std::max(bytes, 0.0));
  // Not value-initialized: a memset of a journal's size is a byte loop in
  // this wasm, and JS writes every byte it then hands over.
  std::unique_ptr<char[]> buffer(new char[size]);
  const size_t kept = std::min(
      {static_cast<size_t>(std::max(keep, 0.0)), size, incoming_size_});
  if (kept > 0) std::memcpy(buffer.get(), incoming_.get(), kept);
  incoming_ = std::move(buffer);
  incoming_size_ = size;
  return val(emscripten::typed_memory_view(
      size, reinterpret_cast<uint8_t*>(incoming_.get())));
}

int WasmBank::importIncoming(double length) {
  std::unique_ptr<char[]> text = std::move(incoming_);
  const size_t size =
      std::min(static_cast<size_t>(std::max(length, 0.0)), incoming_size_);
  incoming_size_ = 0;
  return Finish(bank_.ImportJournal(std::string_view(text.get(), size)));
}

double WasmBank::chainHashIncoming(double length) {
  std::unique_ptr<char[]> text = std::move(incoming_);
  std::string_view rest(
      text.get(),
      std::min(static_cast<size_t>(std::max(length, 0.0)), incoming_size_));
  incoming_size_ = 0;
  Sha256Digest head{};
  double lines = 0;
  while (!rest.empty()) {
    const size_t end = std::min(rest.find('\n'), rest.size());
    Sha256 hash;
    hash.Update(head.data(), head.size());
    hash.Update(rest.data(), end);
    head = hash.Finish();
    rest.remove_prefix(std::min(end + 1, rest.size()));
    ++lines;
  }
  chain_hash_head_ = head;  // kept, so that the hashing is not left out
  return lines;
}

int WasmBank::checkRoom(double bytes) {
  return Finish(
      internal::BankInternals::CheckRoom(bank_, static_cast<size_t>(bytes)));
}

void WasmBank::setLogSink(val fn) {
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

// --- transferMany
// -----------------------------------------------------------------

uint32_t WasmBank::prepareTransfers(uint32_t n) {
  if (n > kMaxTransferChunk) n = kMaxTransferChunk;
  // Buffers that would fill the heap are not grown (each byte of a
  // transfer's 17 counted twice: a vector may double): the chunks stay the
  // size they are (at least 1), and the core refuses what does not fit,
  // RESOURCE_EXHAUSTED per transfer.
  constexpr size_t kBytesPerTransfer =
      2 * (2 * sizeof(int32_t) + sizeof(int64_t) + sizeof(uint8_t));
  if (from_.size() < n &&
      !internal::BankInternals::CheckRoom(bank_, n * kBytesPerTransfer).ok()) {
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

val WasmBank::fromView() const {
  return val(emscripten::typed_memory_view(from_.size(), from_.data()));
}

val WasmBank::toView() const {
  return val(emscripten::typed_memory_view(to_.size(), to_.data()));
}

val WasmBank::amountBytes() const {
  return val(emscripten::typed_memory_view(
      amounts_.size() * sizeof(int64_t),
      reinterpret_cast<const uint8_t*>(amounts_.data())));
}

val WasmBank::codesView() const {
  return val(emscripten::typed_memory_view(codes_.size(), codes_.data()));
}

uint32_t WasmBank::applyTransfers(uint32_t n, double at) {
  n = std::min(n, static_cast<uint32_t>(from_.size()));
  const uint32_t ok = static_cast<uint32_t>(
      bank_.TransferMany({std::span(from_).first(n), std::span(to_).first(n),
                          std::span(amounts_).first(n)},
                         StampFrom(at), std::span(codes_).first(n)));
  FlushLogs();
  return ok;
}

// --- private
// ------------------------------------------------------------------------

OpOptions WasmBank::At(double at) {
  OpOptions options;
  options.at = StampFrom(at);
  return options;
}

Amount WasmBank::AmountFrom(int form, int64_t minor, int text_length) {
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

namespace {

// The Receipt members a result shows (wasmbank/contract.h's
// WASMBANK_RECEIPT_FIELDS), as bits per entry kind: Report formats only
// those (a hold's result shows what is available, not the balance).
enum class Member { entry, id, balance, to_balance, hold, amount, available };
constexpr uint8_t Bit(Member m) { return uint8_t{1} << static_cast<int>(m); }
constexpr size_t kKindCount = 0
#define WASMBANK_COUNT_KIND(name, text, op) +1
    WASMBANK_ENTRY_KINDS(WASMBANK_COUNT_KIND)
#undef WASMBANK_COUNT_KIND
    ;
constexpr std::array<uint8_t, kKindCount> kShown = [] {
  std::array<uint8_t, kKindCount> shown{};
#define WASMBANK_SHOWN(kind, name, member) \
  shown[static_cast<size_t>(EntryKind::kind)] |= Bit(Member::member);
  WASMBANK_RECEIPT_FIELDS(WASMBANK_SHOWN)
#undef WASMBANK_SHOWN
  return shown;
}();
// The Exchange has one place for an amount or what is available.
static_assert([] {
  for (uint8_t shown : kShown) {
    if ((shown & Bit(Member::amount)) && (shown & Bit(Member::available))) {
      return false;
    }
  }
  return true;
}());

}  // namespace

int WasmBank::Report(const Result<Receipt>& r) {
  if (r.ok()) {
    const uint8_t shown = kShown[static_cast<size_t>(r->kind)];
    exchange_.entry = r->entry;
    exchange_.id = r->id;
    exchange_.kind = static_cast<uint8_t>(r->kind);
    exchange_.replayed = r->replayed ? 1 : 0;
    exchange_.hold = static_cast<uint32_t>(r->hold);
    if (shown & Bit(Member::balance)) {
      exchange_.balance_length =
          Format(r->balance, r->scale, exchange_.balance);
    }
    if (shown & Bit(Member::to_balance)) {
      exchange_.to_balance_length =
          Format(r->to_balance, r->scale, exchange_.to_balance);
    }
    // The Exchange's amount: capture's amount, a limit, or what is
    // available after a hold or a release (no result shows two of them).
    if (shown & (Bit(Member::amount) | Bit(Member::available))) {
      exchange_.amount_length =
          Format(shown & Bit(Member::amount) ? r->amount : r->available,
                 r->scale, exchange_.amount);
    }
  }
  return Finish(r.status());
}

int WasmBank::Opened(const Result<StoreOpening>& opening) {
  if (opening.ok()) opening_ = *opening;
  return Finish(opening.status());
}

int WasmBank::Finish(const Status& status) {
  if (!status.ok()) last_error_ = status.message();
  FlushLogs();
  return static_cast<int>(status.code());
}

void WasmBank::FlushLogs() {
  if (pending_logs_.empty()) return;
  // Swap first: the callback may call back into this object (execute from
  // inside onLog), which must see an empty queue, not these lines again.
  std::vector<std::string> lines;
  lines.swap(pending_logs_);
  if (log_fn_.isUndefined()) return;
  val fn = log_fn_;  // the callback may replace or clear log_fn_
  for (const std::string& line : lines) fn(line);
}

}  // namespace wasmbank::bindings

// deposit (op 1), withdraw (2), transfer (3), hold (4), capture (5),
// release (6) or set_limit (7) of bank `bank` without key or memo, with
// fixed-size values, called directly: a plain wasm call costs a fraction of
// an embind method call, which is what per-call methods need. `a` is the
// account (transfer, hold: from), `b` the destination; `number` is a
// capture's or release's hold number, or a hold's expiry when has_expiry.
extern "C" EMSCRIPTEN_KEEPALIVE int wasmbank_move(
    int32_t bank, int op, int32_t a, int32_t b, int form, int64_t minor,
    int text_length, double at, double number, int has_expiry) {
  using wasmbank::bindings::WasmBank;
  WasmBank* target = WasmBank::Find(bank);
  if (target == nullptr) {
    return static_cast<int>(wasmbank::ErrorCode::kInvalidArgument);
  }
  switch (op) {
    case 1:
      return target->deposit(a, form, minor, text_length, at);
    case 2:
      return target->withdraw(a, form, minor, text_length, at);
    case 3:
      return target->transfer(a, b, form, minor, text_length, at);
    case 4:
    case 5:
    case 6:
    case 7:
      return target->holdOrLimit(op, a, b, form, minor, text_length, at, number,
                                 has_expiry != 0);
    default:
      return static_cast<int>(wasmbank::ErrorCode::kInvalidArgument);
  }
}

// execute(line) of bank `bank` for a line JS wrote into the Exchange
// (WasmBank::executeLine): one plain wasm call, no string crossing either
// way, for the op lines the core's fast reader takes.
extern "C" EMSCRIPTEN_KEEPALIVE int wasmbank_execute(int32_t bank, int length) {
  using wasmbank::bindings::WasmBank;
  WasmBank* target = WasmBank::Find(bank);
  if (target == nullptr) return wasmbank::bindings::kLineDeclined;
  return target->executeLine(length);
}
