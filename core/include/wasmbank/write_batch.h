// WriteBatch: mutating ops applied together by Bank::Write, in order, each
// seeing the effects of the ones before it. Atomic (the default): the first op
// that fails reports its own error, every other op LINKED_FAILED, and nothing
// is applied. Not atomic: each op stands alone.
//
//   wasmbank::WriteBatch batch;
//   batch.Withdraw(101, wasmbank::Amount::Decimal("10.00"));
//   batch.Deposit(102, wasmbank::Amount::Decimal("10.00"));
//   auto result = bank.Write(batch);   // result->ok: every op applied
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "wasmbank/status.h"
#include "wasmbank/types.h"

namespace wasmbank {

// kMaxBatchOps, the most ops one batch may hold, is in wasmbank/contract.h.

class WriteBatch {
 public:
  void Open(AccountSpec spec, OpOptions options = {});
  void Deposit(int32_t id, Amount amount, OpOptions options = {});
  void Withdraw(int32_t id, Amount amount, OpOptions options = {});
  void Transfer(int32_t from, int32_t to, Amount amount,
                OpOptions options = {});
  void Close(int32_t id, OpOptions options = {});
  void Hold(int32_t from, int32_t to, Amount amount, HoldOptions hold = {},
            OpOptions options = {});
  // An absent amount captures the whole hold.
  void Capture(int64_t hold, Amount amount = {}, OpOptions options = {});
  void Release(int64_t hold, OpOptions options = {});
  void SetLimit(int32_t id, Amount overdraft_limit, OpOptions options = {});
  // For adapters: an op that could not be read (a JS value of the wrong
  // type, say). It fails with `why` in its place, as its own first check
  // would: an atomic batch then fails there.
  void Refused(EntryKind kind, Status why);

  size_t size() const { return ops_.size(); }
  bool empty() const { return ops_.empty(); }
  void Clear() { ops_.clear(); }

  // One op as recorded; Bank::Write reads these.
  struct Op {
    EntryKind kind = EntryKind::kOpen;
    AccountSpec spec;  // open
    int32_t id = 0;    // deposit, withdraw, close, limit; transfer, hold: from
    int32_t to = 0;    // transfer, hold
    int64_t hold = 0;  // capture, release
    Amount amount;     // deposit, withdraw, transfer, hold, capture; limit: the
                       // overdraft limit
    HoldOptions hold_options;  // hold
    OpOptions options;
    Status refused;  // not ok: an op that could not be read
  };
  const std::vector<Op>& ops() const { return ops_; }

 private:
  std::vector<Op> ops_;
};

// What Bank::Write reports: one result per op, in order. `ok` when every op
// was applied. In a failed atomic batch the op that failed has its own error
// and every other op LINKED_FAILED.
struct BatchReport {
  bool ok = true;
  std::vector<Result<Receipt>> results;
};

}  // namespace wasmbank
