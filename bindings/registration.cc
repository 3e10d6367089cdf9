// The JS names of the module (the EMSCRIPTEN_BINDINGS block): the value
// objects of convert.h, the WasmBank class of wasm_bank.h and the Exchange's
// layout. Only names and types here; what each does is in the files by job.
#include <emscripten/bind.h>

#include <cstddef>

#include "convert.h"
#include "wasm_bank.h"

namespace wasmbank::bindings {

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
  value_object<AccountJs>("AccountJs")
      .field("id", &AccountJs::id)
      .field("name", &AccountJs::name)
      .field("address", &AccountJs::address)
      .field("currency", &AccountJs::currency)
      .field("balance", &AccountJs::balance)
      .field("held", &AccountJs::held)
      .field("available", &AccountJs::available)
      .field("overdraft_limit", &AccountJs::overdraft_limit)
      .field("status", &AccountJs::status);
  value_object<Reply>("Reply")
      .field("code", &Reply::code)
      .field("value", &Reply::value);
  value_object<VerifyJs>("VerifyJs")
      .field("accounts", &VerifyJs::accounts)
      .field("entries", &VerifyJs::entries)
      .field("head", &VerifyJs::head);

  emscripten::class_<WasmBank>("WasmBank")
      .constructor<>()
      .function("number", &WasmBank::number)
      .function("open", &WasmBank::open)
      .function("depositWith", &WasmBank::depositWith)
      .function("withdrawWith", &WasmBank::withdrawWith)
      .function("transferWith", &WasmBank::transferWith)
      .function("close", &WasmBank::close)
      .function("hold", &WasmBank::hold)
      .function("capture", &WasmBank::capture)
      .function("release", &WasmBank::release)
      .function("setLimit", &WasmBank::setLimit)
      .function("balance", &WasmBank::balance)
      .function("balanceAsOf", &WasmBank::balanceAsOf)
      .function("pendingHolds", &WasmBank::pendingHolds)
      .function("statement", &WasmBank::statement)
      .function("time", &WasmBank::time)
      .function("account", &WasmBank::account)
      .function("accounts", &WasmBank::accounts)
      .function("verify", &WasmBank::verify)
      .function("greet", &WasmBank::greet)
      .function("plus", &WasmBank::plus)
      .function("minus", &WasmBank::minus)
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
      .function("incomingBytes", &WasmBank::incomingBytes)
      .function("importIncoming", &WasmBank::importIncoming)
      .function("chainHashIncoming", &WasmBank::chainHashIncoming)
      .function("checkRoom", &WasmBank::checkRoom)
      .function("setLogSink", &WasmBank::setLogSink)
      .function("loadStore", &WasmBank::loadStore)
      .function("storeWholeBytes", &WasmBank::storeWholeBytes)
      .function("loadStoreFromCheckpoint", &WasmBank::loadStoreFromCheckpoint)
      .function("storeCheckpointEntries", &WasmBank::storeCheckpointEntries)
      .function("loadStoreTailFromCheckpoint",
                &WasmBank::loadStoreTailFromCheckpoint)
      .function("checkpointEntries", &WasmBank::checkpointEntries)
      .function("checkpointTailOffset", &WasmBank::checkpointTailOffset)
      .function("makeCheckpoint", &WasmBank::makeCheckpoint)
      .function("checkpointDue", &WasmBank::checkpointDue)
      .function("storeTornBytes", &WasmBank::storeTornBytes)
      .function("storeTornEntries", &WasmBank::storeTornEntries)
      .function("setDurableWrite", &WasmBank::setDurableWrite)
      .function("entryCount", &WasmBank::entryCount)
      .function("entryLinesAfter", &WasmBank::entryLinesAfter)
      .function("storeRecordAfter", &WasmBank::storeRecordAfter)
      .function("storeSealLine", &WasmBank::storeSealLine)
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
  emscripten::constant("EXCHANGE_HOLD", offsetof(Exchange, hold));
  emscripten::constant("EXCHANGE_AMOUNT_LENGTH",
                       offsetof(Exchange, amount_length));
  emscripten::constant("EXCHANGE_AMOUNT", offsetof(Exchange, amount));
  emscripten::constant("EXCHANGE_CURRENCY", offsetof(Exchange, currency));
  emscripten::constant("EXCHANGE_TEXT", offsetof(Exchange, text));
  emscripten::constant("EXCHANGE_TEXT_SIZE", sizeof(Exchange::text));
  emscripten::constant("PENDING_TEXT", kPendingText);
  emscripten::constant("EXCHANGE_LINE", offsetof(Exchange, line));
  emscripten::constant("EXCHANGE_LINE_SIZE", sizeof(Exchange::line));
  emscripten::constant("LINE_DECLINED", kLineDeclined);
}

}  // namespace wasmbank::bindings
