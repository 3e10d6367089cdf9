#include "wasmbank/types.h"

#include <utility>

namespace wasmbank {

Amount Amount::Minor(int64_t units) {
  Amount amount;
  amount.form_ = Form::kMinor;
  amount.minor_ = units;
  return amount;
}

Amount Amount::Decimal(std::string text) {
  Amount amount;
  amount.form_ = Form::kDecimal;
  amount.text_ = std::move(text);
  return amount;
}

Amount Amount::Unreadable(std::string reason) {
  Amount amount;
  amount.form_ = Form::kUnreadable;
  amount.text_ = std::move(reason);
  return amount;
}

}  // namespace wasmbank
