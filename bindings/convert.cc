// Conversions between JS values and the core's types (convert.h).
#include "convert.h"

#include <emscripten/bind.h>

#include <cmath>

namespace wasmbank::bindings {

using emscripten::val;

int64_t StampFrom(double at) {
  if (std::isfinite(at) && at >= 0 && at <= 8640000000000000.0 &&
      std::floor(at) == at) {
    return static_cast<int64_t>(at);
  }
  return -1;
}

int64_t IntegerFrom(double value) {
  if (std::isfinite(value) && value >= 0 && value <= 9007199254740992.0 &&
      std::floor(value) == value) {
    return static_cast<int64_t>(value);
  }
  return -1;
}

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

AccountSpec SpecOf(const AccountSpecJs& spec) {
  AccountSpec typed;
  typed.id = spec.id;
  typed.name = spec.name;
  typed.address = spec.address;
  typed.currency = spec.currency;
  typed.balance = AmountOf(spec.balance);
  typed.overdraft_limit = AmountOf(spec.overdraft_limit);
  return typed;
}

AccountJs AccountOf(const AccountInfo& a) {
  return AccountJs{a.id,
                   a.name,
                   a.address,
                   a.currency,
                   FormatAmount(a.balance, a.scale),
                   FormatAmount(a.held, a.scale),
                   FormatAmount(a.available, a.scale),
                   FormatAmount(a.overdraft_limit, a.scale),
                   a.closed ? "closed" : "open"};
}

VerifyJs VerifyOf(const VerifyReport& v) {
  return VerifyJs{static_cast<double>(v.accounts),
                  static_cast<double>(v.entries), v.head};
}

val BytesOf(const std::string& bytes) {
  return val(emscripten::typed_memory_view(
                 bytes.size(), reinterpret_cast<const uint8_t*>(bytes.data())))
      .call<val>("slice");
}

InBytes::InBytes(const val& value) {
  if (value.isString()) {
    text_ = value.as<std::string>();
    return;
  }
  size_ = value["length"].as<size_t>();
  bytes_.reset(new char[size_ == 0 ? 1 : size_]);
  val(emscripten::typed_memory_view(size_,
                                    reinterpret_cast<uint8_t*>(bytes_.get())))
      .call<void>("set", value);
}

}  // namespace wasmbank::bindings
