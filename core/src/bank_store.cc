// The store plumbing of Bank (core/src/bank_internals.h): loading a
// store's bytes or a checkpoint and its tail, records and their seal lines,
// the durable write. Kept out of bank.cc so that the banking API's file
// holds only the banking API.
#include <algorithm>
#include <memory>
#include <string>
#include <utility>

#include "bank_internals.h"
#include "journal_io.h"
#include "ledger.h"

namespace wasmbank::internal {

Result<StoreOpening> BankInternals::LoadStore(Bank& bank,
                                              std::string_view bytes) {
  if (bank.durable_write_) return StoreOnlyGrows();
  if (Status room = bank.Headroom(0, 0, ReplayBytes(bytes.size()));
      !room.ok()) {
    return room;
  }
  auto fresh = std::make_unique<Ledger>();
  Result<StoreOpening> opening = ReplayStore(bytes, fresh.get());
  Status adopted = bank.Adopt(std::move(fresh), opening.status());
  if (!adopted.ok()) return adopted;
  return opening;
}

Status BankInternals::ApplyEntryLines(Bank& bank, std::string_view records) {
  if (Status room = bank.Headroom(0, 0, ReplayBytes(records.size()));
      !room.ok()) {
    return room;
  }
  Status status = ReplayEntryLines(records, bank.ledger_.get());
  if (!status.ok()) bank.last_error_message_ = status.message();
  return status;
}

std::string BankInternals::MakeCheckpoint(Bank& bank, uint64_t store_bytes) {
  // Where it stands: the last entry's line and the seal line after it.
  std::string last_record_end;
  if (bank.ledger_->entry_count() > 0) {
    bank.ledger_->AppendEntryJson(bank.ledger_->entry_count(),
                                  &last_record_end);
    last_record_end.push_back('\n');
  }
  wasmbank::AppendSealLine(*bank.ledger_, &last_record_end);
  return bank.ledger_->Checkpoint(
      store_bytes, static_cast<uint32_t>(last_record_end.size()));
}

bool BankInternals::CheckpointDue(const Bank& bank, uint32_t checkpointed,
                                  uint32_t every) {
  const uint32_t entries = bank.ledger_->entry_count();
  return entries > checkpointed &&
         entries - checkpointed >= std::max(every, checkpointed / 4);
}

Result<StoreOpening> BankInternals::LoadStoreFromCheckpoint(
    Bank& bank, std::string_view checkpoint, std::string_view bytes) {
  wasmbank::CheckpointPlace place;
  if (ReadCheckpointPlace(checkpoint, &place) &&
      place.store_bytes <= bytes.size() &&
      place.last_line_bytes <= place.store_bytes) {
    bytes.remove_prefix(place.store_bytes - place.last_line_bytes);
    return LoadStoreTailFromCheckpoint(bank, checkpoint, bytes);
  }
  bank.last_error_message_ = "the checkpoint does not agree with the store";
  return Status(ErrorCode::kCorruptJournal, bank.last_error_message_);
}

int64_t BankInternals::CheckpointTailOffset(std::string_view checkpoint) {
  wasmbank::CheckpointPlace place;
  if (!ReadCheckpointPlace(checkpoint, &place) ||
      place.last_line_bytes > place.store_bytes ||
      place.store_bytes > static_cast<uint64_t>(INT64_MAX)) {
    return -1;
  }
  return static_cast<int64_t>(place.store_bytes - place.last_line_bytes);
}

uint32_t BankInternals::CheckpointEntries(std::string_view checkpoint) {
  wasmbank::CheckpointPlace place;
  return ReadCheckpointPlace(checkpoint, &place) ? place.entries : 0;
}

Result<StoreOpening> BankInternals::LoadStoreTailFromCheckpoint(
    Bank& bank, std::string_view checkpoint, std::string_view from_last_line) {
  if (bank.durable_write_) return StoreOnlyGrows();
  if (Status room = bank.Headroom(
          0, 0, ReplayBytes(checkpoint.size() + from_last_line.size()));
      !room.ok()) {
    return room;
  }
  auto fresh = std::make_unique<Ledger>();
  wasmbank::CheckpointPlace place;
  Status status;
  if (!ReadCheckpointPlace(checkpoint, &place) || place.entries == 0 ||
      !Ledger::LoadCheckpoint(checkpoint, fresh.get())) {
    status =
        Status(ErrorCode::kCorruptJournal, "the checkpoint does not check out");
  }
  // It agrees with the store when the store holds entry n's line, as the
  // checkpoint renders it, and then the seal line of its head: so the
  // store's sealed record ends where the checkpoint does.
  std::string last_record_end;
  if (status.ok()) {
    fresh->AppendEntryJson(place.entries, &last_record_end);
    last_record_end.push_back('\n');
    wasmbank::AppendSealLine(*fresh, &last_record_end);
    if (last_record_end.size() != place.last_line_bytes ||
        from_last_line.substr(0, last_record_end.size()) != last_record_end) {
      status = Status(ErrorCode::kCorruptJournal,
                      "the checkpoint does not agree with the store");
    }
  }
  StoreOpening opening;
  if (status.ok()) {
    Result<StoreOpening> tail = ReplayStoreTail(
        from_last_line.substr(last_record_end.size()), fresh.get());
    if (tail.ok()) opening = *tail;
    status = tail.status();
  }
  status = bank.Adopt(std::move(fresh), std::move(status));
  if (!status.ok()) return status;
  opening.whole_bytes += place.store_bytes;
  opening.from_checkpoint = place.entries;
  return opening;
}

void BankInternals::AppendEntryLines(const Bank& bank, uint32_t after,
                                     std::string* out) {
  for (uint32_t n = after + 1; n <= bank.ledger_->entry_count(); ++n) {
    bank.ledger_->AppendEntryJson(n, out);
    out->push_back('\n');
  }
}

void BankInternals::AppendSealLine(Bank& bank, std::string* out) {
  wasmbank::AppendSealLine(*bank.ledger_, out);
}

bool BankInternals::EndsSealed(std::string_view whole) {
  if (whole.size() < 2 || whole.back() != '\n') return false;
  const size_t start = whole.rfind('\n', whole.size() - 2) + 1;
  return whole.substr(start, 7) == "{\"head\"";
}

void BankInternals::AppendStoreRecord(Bank& bank, uint32_t after,
                                      std::string* out) {
  if (after >= bank.ledger_->entry_count()) return;
  // A write that fails undoes these entries: back to this chain then.
  bank.ledger_->MarkChain();
  for (uint32_t n = after + 1; n <= bank.ledger_->entry_count(); ++n) {
    const size_t start = out->size();
    bank.ledger_->AppendEntryJson(n, out);
    // Chained while at hand: the seal below then costs no second rendering.
    bank.ledger_->ChainLine(n, std::string_view(*out).substr(start));
    out->push_back('\n');
  }
  wasmbank::AppendSealLine(*bank.ledger_, out);
}

void BankInternals::SetDurableWrite(Bank& bank, DurableWrite write) {
  bank.durable_write_ = std::move(write);
}

void BankInternals::DiscardEntriesAfter(Bank& bank, uint32_t count) {
  bank.ledger_->RollbackTo(count);
}

Status BankInternals::CheckRoom(Bank& bank, size_t bytes) {
  return bank.Headroom(0, 0, bytes);
}

}  // namespace wasmbank::internal
