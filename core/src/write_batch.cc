#include "wasmbank/write_batch.h"

#include <utility>

namespace wasmbank {

void WriteBatch::Open(AccountSpec spec, OpOptions options) {
  Op op;
  op.spec = std::move(spec);
  op.options = std::move(options);
  ops_.push_back(std::move(op));
}

void WriteBatch::Deposit(int32_t id, Amount amount, OpOptions options) {
  ops_.push_back(Op{
      EntryKind::kDeposit, {}, id, 0, std::move(amount), std::move(options)});
}

void WriteBatch::Withdraw(int32_t id, Amount amount, OpOptions options) {
  ops_.push_back(Op{
      EntryKind::kWithdraw, {}, id, 0, std::move(amount), std::move(options)});
}

void WriteBatch::Transfer(int32_t from, int32_t to, Amount amount,
                          OpOptions options) {
  ops_.push_back(Op{EntryKind::kTransfer,
                    {},
                    from,
                    to,
                    std::move(amount),
                    std::move(options)});
}

void WriteBatch::Close(int32_t id, OpOptions options) {
  ops_.push_back(Op{EntryKind::kClose, {}, id, 0, {}, std::move(options)});
}

}  // namespace wasmbank
