#include "api/quantity.h"

#include <array>
#include <cctype>
#include <limits>
#include <optional>

namespace kubelab::api {
namespace {

constexpr std::int64_t kMaxMilli = std::numeric_limits<std::int64_t>::max();

// A suffix is either a power of ten or a power of two.
struct Suffix {
  int base = 10;
  int exponent = 0;
  QuantityFormat format = QuantityFormat::DecimalSI;
};

std::optional<Suffix> interpretSuffix(std::string_view suffix) {
  static const std::array<std::pair<std::string_view, int>, 10> decimal{{
      {"", 0}, {"n", -9}, {"u", -6}, {"m", -3}, {"k", 3}, {"M", 6}, {"G", 9}, {"T", 12}, {"P", 15}, {"E", 18}}};
  static const std::array<std::pair<std::string_view, int>, 6> binary{{
      {"Ki", 10}, {"Mi", 20}, {"Gi", 30}, {"Ti", 40}, {"Pi", 50}, {"Ei", 60}}};
  for (const auto& [text, exponent] : decimal) {
    if (suffix == text) return Suffix{10, exponent, QuantityFormat::DecimalSI};
  }
  for (const auto& [text, exponent] : binary) {
    if (suffix == text) return Suffix{2, exponent, QuantityFormat::BinarySI};
  }
  if (suffix.size() >= 2 && (suffix[0] == 'e' || suffix[0] == 'E')) {
    std::string_view digits = suffix.substr(1);
    bool negative = false;
    if (digits[0] == '+' || digits[0] == '-') {
      negative = digits[0] == '-';
      digits.remove_prefix(1);
    }
    if (digits.empty() || digits.size() > 4) return std::nullopt;
    int exponent = 0;
    for (char c : digits) {
      if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
      exponent = exponent * 10 + (c - '0');
    }
    return Suffix{10, negative ? -exponent : exponent, QuantityFormat::DecimalExponent};
  }
  return std::nullopt;
}

// Splits "<sign><digits>.<digits><suffix>" the way Kubernetes' quantity grammar does.
struct Parts {
  bool negative = false;
  std::string_view whole;
  std::string_view fraction;
  std::string_view suffix;
};

std::optional<Parts> splitQuantity(std::string_view text) {
  Parts parts;
  std::size_t position = 0;
  if (position < text.size() && (text[position] == '+' || text[position] == '-')) {
    parts.negative = text[position] == '-';
    ++position;
  }
  std::size_t start = position;
  while (position < text.size() && std::isdigit(static_cast<unsigned char>(text[position]))) ++position;
  parts.whole = text.substr(start, position - start);
  if (position < text.size() && text[position] == '.') {
    start = ++position;
    while (position < text.size() && std::isdigit(static_cast<unsigned char>(text[position]))) ++position;
    parts.fraction = text.substr(start, position - start);
  }
  if (parts.whole.empty() && parts.fraction.empty()) return std::nullopt;
  parts.suffix = text.substr(position);
  // The suffix alphabet Kubernetes' regular expression allows: letters, then an optional signed number.
  std::size_t index = 0;
  while (index < parts.suffix.size() && std::string_view("eEinumkKMGTP").find(parts.suffix[index]) != std::string_view::npos) {
    ++index;
  }
  if (index < parts.suffix.size() && (parts.suffix[index] == '+' || parts.suffix[index] == '-')) ++index;
  while (index < parts.suffix.size() && std::isdigit(static_cast<unsigned char>(parts.suffix[index]))) ++index;
  if (index != parts.suffix.size()) return std::nullopt;
  return parts;
}

// Exact multiplication with overflow detection.
bool multiply(std::int64_t& value, std::int64_t factor) {
  if (value != 0 && factor > kMaxMilli / value) return false;
  value *= factor;
  return true;
}

// value = digits * base^exponent * 1000, rounded up (away from zero) to an integer.
Result<std::int64_t> toMilli(const Parts& parts, const Suffix& suffix) {
  // Work with digits/10^fractionLength, scaled by 1000 and the suffix, then divide once.
  std::string digits = std::string(parts.whole) + std::string(parts.fraction);
  std::size_t first = digits.find_first_not_of('0');
  digits = first == std::string::npos ? "0" : digits.substr(first);
  int decimalShift = 3 - static_cast<int>(parts.fraction.size());
  std::int64_t divisor = 1;
  std::int64_t numerator = 0;
  for (char c : digits) {
    if (!multiply(numerator, 10) || numerator > kMaxMilli - (c - '0')) return invalid("quantity is too large");
    numerator += c - '0';
  }
  if (suffix.base == 10) decimalShift += suffix.exponent;
  for (; decimalShift > 0; --decimalShift) {
    if (!multiply(numerator, 10)) return invalid("quantity is too large");
  }
  for (; decimalShift < 0; ++decimalShift) {
    // Past 18 digits of division the result is below one thousandth anyway; keep the divisor bounded.
    if (divisor > kMaxMilli / 10) {
      numerator = numerator == 0 ? 0 : 1;
      divisor = 1;
      break;
    }
    divisor *= 10;
  }
  if (suffix.base == 2 && !multiply(numerator, std::int64_t{1} << suffix.exponent)) {
    return invalid("quantity is too large");
  }
  std::int64_t milli = numerator / divisor + (numerator % divisor != 0 ? 1 : 0);
  return parts.negative ? -milli : milli;
}

std::string withSign(bool negative, std::string text) { return negative ? "-" + text : text; }

std::string formatDecimal(std::uint64_t milli, bool negative, QuantityFormat format) {
  // Express as mantissa * 10^exponent with the exponent a multiple of three, as large as exact.
  int exponent = -3;
  std::uint64_t mantissa = milli;
  while (mantissa % 1000 == 0 && exponent < 18) {
    mantissa /= 1000;
    exponent += 3;
  }
  std::string suffix;
  if (format == QuantityFormat::DecimalExponent) {
    suffix = exponent == 0 ? "" : "e" + std::to_string(exponent);
  } else {
    static const std::array<const char*, 8> names{"m", "", "k", "M", "G", "T", "P", "E"};
    suffix = names[static_cast<std::size_t>((exponent + 3) / 3)];
  }
  return withSign(negative, std::to_string(mantissa) + suffix);
}

}  // namespace

std::int64_t Quantity::value() const {
  std::int64_t whole = milliValue / 1000;
  if (milliValue % 1000 > 0) ++whole;
  return whole;
}

std::string Quantity::toString() const { return formatQuantity(milliValue, format); }

std::string formatQuantity(std::int64_t milliValue, QuantityFormat format) {
  if (milliValue == 0) return "0";
  bool negative = milliValue < 0;
  std::uint64_t milli = negative ? 0 - static_cast<std::uint64_t>(milliValue) : static_cast<std::uint64_t>(milliValue);
  // Binary suffixes only describe whole numbers of at least 1024; anything else reads as decimal.
  if (format == QuantityFormat::BinarySI && milli % 1000 == 0 && milli / 1000 >= 1024) {
    static const std::array<const char*, 7> names{"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};
    std::uint64_t units = milli / 1000;
    std::size_t power = 0;
    while (units % 1024 == 0 && power + 1 < names.size()) {
      units /= 1024;
      ++power;
    }
    return withSign(negative, std::to_string(units) + names[power]);
  }
  if (format == QuantityFormat::BinarySI) format = QuantityFormat::DecimalSI;
  return formatDecimal(milli, negative, format);
}

Result<Quantity> parseQuantity(std::string_view text) {
  std::optional<Parts> parts = splitQuantity(text);
  if (!parts) return invalid(std::string(kQuantityFormatError));
  std::optional<Suffix> suffix = interpretSuffix(parts->suffix);
  if (!suffix) return invalid("unable to parse quantity's suffix");
  Result<std::int64_t> milli = toMilli(*parts, *suffix);
  if (!milli) return milli.status();
  return Quantity{*milli, suffix->format};
}

}  // namespace kubelab::api
