#include "wasmbank/write_batch.h"

#include <utility>

namespace wasmbank {
namespace {

WriteBatch::Op MakeOp(EntryKind kind, int32_t id, int32_t to, Amount amount,
                      OpOptions options) {
  WriteBatch::Op op;
  op.kind = kind;
  op.id = id;
  op.to = to;
  op.amount = std::move(amount);
  op.options = std::move(options);
  return op;
}

}  // namespace

void WriteBatch::Open(AccountSpec spec, OpOptions options) {
  Op op = MakeOp(EntryKind::kOpen, 0, 0, Amount(), std::move(options));
  op.spec = std::move(spec);
  ops_.push_back(std::move(op));
}

void WriteBatch::Deposit(int32_t id, Amount amount, OpOptions options) {
  ops_.push_back(MakeOp(EntryKind::kDeposit, id, 0, std::move(amount),
                        std::move(options)));
}

void WriteBatch::Withdraw(int32_t id, Amount amount, OpOptions options) {
  ops_.push_back(MakeOp(EntryKind::kWithdraw, id, 0, std::move(amount),
                        std::move(options)));
}

void WriteBatch::Transfer(int32_t from, int32_t to, Amount amount,
                          OpOptions options) {
  ops_.push_back(MakeOp(EntryKind::kTransfer, from, to, std::move(amount),
                        std::move(options)));
}

void WriteBatch::Close(int32_t id, OpOptions options) {
  ops_.push_back(
      MakeOp(EntryKind::kClose, id, 0, Amount(), std::move(options)));
}

void WriteBatch::Hold(int32_t from, int32_t to, Amount amount, HoldOptions hold,
                      OpOptions options) {
  Op op =
      MakeOp(EntryKind::kHold, from, to, std::move(amount), std::move(options));
  op.hold_options = hold;
  ops_.push_back(std::move(op));
}

void WriteBatch::Capture(int64_t hold, Amount amount, OpOptions options) {
  Op op =
      MakeOp(EntryKind::kCapture, 0, 0, std::move(amount), std::move(options));
  op.hold = hold;
  ops_.push_back(std::move(op));
}

void WriteBatch::Release(int64_t hold, OpOptions options) {
  Op op = MakeOp(EntryKind::kRelease, 0, 0, Amount(), std::move(options));
  op.hold = hold;
  ops_.push_back(std::move(op));
}

void WriteBatch::SetLimit(int32_t id, Amount overdraft_limit,
                          OpOptions options) {
  ops_.push_back(MakeOp(EntryKind::kLimit, id, 0, std::move(overdraft_limit),
                        std::move(options)));
}

void WriteBatch::Refused(EntryKind kind, Status why) {
  Op op = MakeOp(kind, 0, 0, Amount(), OpOptions());
  op.refused = why.ok() ? Status(ErrorCode::kInvalidArgument, "unreadable op")
                        : std::move(why);
  ops_.push_back(std::move(op));
}

}  // namespace wasmbank
