// libFuzzer target: any bytes as a store, and as a checkpoint beside it.
// The input is split at its first 0xFF byte: before it the checkpoint's body
// (sealed here with its SHA-256, so that the fuzzer reaches the parser
// behind the checksum), after it the store's bytes. Nothing may crash; a
// store that opens holds a bank that exports, verifies and keeps working; a
// refused one is CORRUPT_JOURNAL and leaves the bank as it was.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "bank_internals.h"
#include "fuzz_checks.h"
#include "wasmbank/bank.h"
#include "wasmbank/sha256.h"

namespace {

using wasmbank::fuzz::Check;
using wasmbank::internal::BankInternals;

// A bank that opened must be whole: every entry renders, the replay of its
// journal agrees, and an op still works or fails cleanly.
void ExpectUsable(wasmbank::Bank& bank) {
  const std::string exported = bank.ExportJournal();
  wasmbank::Bank copy;
  bank.Deposit(1, wasmbank::Amount::Minor(1));
  bank.GetBalance(1);
  bank.Accounts();
  bank.History(1);
  // A checkpoint's state is trusted as the store's own (its checksum seals
  // it, not a replay): verify() may find it inconsistent, but must say so
  // with CORRUPT_JOURNAL rather than misbehave; an export must replay when
  // it does verify.
  wasmbank::Result<wasmbank::VerifyReport> verified = bank.Verify();
  Check(verified.ok() ||
        verified.code() == wasmbank::ErrorCode::kCorruptJournal);
  if (verified.ok()) Check(copy.ImportJournal(bank.ExportJournal()).ok());
  (void)exported;
}

void OpenStore(std::string_view bytes) {
  wasmbank::Bank bank;
  auto opening = BankInternals::LoadStore(bank, bytes);
  if (!opening.ok()) {
    Check(opening.code() == wasmbank::ErrorCode::kCorruptJournal);
    Check(bank.entry_count() == 0);
    return;
  }
  Check(opening->whole_bytes + opening->torn_bytes == bytes.size());
  // A store is replayed under the ops' rules: its state keeps them.
  wasmbank::fuzz::CheckAccountBounds(bank);
  wasmbank::fuzz::CheckReplays(bank);
  ExpectUsable(bank);
}

void OpenFromCheckpoint(std::string_view body, std::string_view bytes) {
  wasmbank::Sha256 sum;
  sum.Update(body.data(), body.size());
  const wasmbank::Sha256Digest digest = sum.Finish();
  std::string checkpoint(body);
  checkpoint.append(reinterpret_cast<const char*>(digest.data()),
                    digest.size());
  wasmbank::Bank bank;
  auto opening =
      BankInternals::LoadStoreFromCheckpoint(bank, checkpoint, bytes);
  if (!opening.ok()) {
    Check(opening.code() == wasmbank::ErrorCode::kCorruptJournal);
    Check(bank.entry_count() == 0);
    return;
  }
  Check(opening->from_checkpoint > 0);
  ExpectUsable(bank);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t split = input.find('\xff');
  if (split == std::string_view::npos) {
    OpenStore(input);
    return 0;
  }
  OpenStore(input.substr(split + 1));
  OpenFromCheckpoint(input.substr(0, split), input.substr(split + 1));
  return 0;
}
