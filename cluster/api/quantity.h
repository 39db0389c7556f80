#pragma once
// Kubernetes resource quantities ("100m", "0.5", "128Mi", "1G", "2e3"), held as an exact count of
// thousandths of a unit, which is the precision the API server keeps for resource lists: finer
// values round up to the next thousandth, as Kubernetes' defaulting does.

#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"

namespace kubelab::api {

// Which family of suffixes a quantity was written with; formatting keeps to it.
enum class QuantityFormat { DecimalSI, BinarySI, DecimalExponent };

struct Quantity {
  std::int64_t milliValue = 0;
  QuantityFormat format = QuantityFormat::DecimalSI;

  // Whole units, rounded up (how Kubernetes' Value() reads "1500m" as 2).
  std::int64_t value() const;
  // The canonical spelling Kubernetes writes back: "0.5" -> "500m", "1024Mi" -> "1Gi".
  std::string toString() const;
  friend bool operator==(const Quantity& left, const Quantity& right) { return left.milliValue == right.milliValue; }
  friend auto operator<=>(const Quantity& left, const Quantity& right) { return left.milliValue <=> right.milliValue; }
};

// The message Kubernetes gives for text that is not a quantity at all.
inline constexpr std::string_view kQuantityFormatError =
    "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

// Parses a quantity; errors (Invalid) carry Kubernetes' messages: kQuantityFormatError,
// "unable to parse quantity's suffix", or "quantity is too large" beyond what int64 thousandths hold.
Result<Quantity> parseQuantity(std::string_view text);
// Canonical form of a milli-value in the given format.
std::string formatQuantity(std::int64_t milliValue, QuantityFormat format = QuantityFormat::DecimalSI);

}  // namespace kubelab::api
