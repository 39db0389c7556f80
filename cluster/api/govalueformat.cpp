#include "api/govalueformat.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <vector>

namespace kubelab::api {

namespace {

// Go's strconv 'g' with the shortest precision: plain digits unless the decimal exponent is
// below -4 or at least 6 (Go decides with precision 6 when the precision is "shortest").
std::string goFloatString(double number) {
  char buffer[64];
  auto [end, error] = std::to_chars(buffer, buffer + sizeof(buffer), number, std::chars_format::scientific);
  if (error != std::errc()) return "NaN";
  std::string_view scientific(buffer, static_cast<std::size_t>(end - buffer));  // "-1.25e+07"
  std::size_t ePosition = scientific.find('e');
  std::string_view mantissa = scientific.substr(0, ePosition);
  int exponent = std::atoi(std::string(scientific.substr(ePosition + 1)).c_str());

  bool negative = !mantissa.empty() && mantissa.front() == '-';
  std::string digits;
  for (char c : mantissa) {
    if (c >= '0' && c <= '9') digits += c;
  }
  std::string sign = negative ? "-" : "";

  if (exponent < -4 || exponent >= 6) {
    std::string result = sign + digits.substr(0, 1);
    if (digits.size() > 1) result += "." + digits.substr(1);
    char exponentText[16];
    std::snprintf(exponentText, sizeof(exponentText), "e%c%02d", exponent < 0 ? '-' : '+', std::abs(exponent));
    return result + exponentText;
  }
  if (exponent < 0) return sign + "0." + std::string(static_cast<std::size_t>(-exponent - 1), '0') + digits;
  std::size_t integerDigits = static_cast<std::size_t>(exponent) + 1;
  if (digits.size() <= integerDigits) return sign + digits + std::string(integerDigits - digits.size(), '0');
  return sign + digits.substr(0, integerDigits) + "." + digits.substr(integerDigits);
}

}  // namespace

std::string goValueString(const boost::json::value& value) {
  switch (value.kind()) {
    case boost::json::kind::null:
      return "<nil>";
    case boost::json::kind::bool_:
      return value.get_bool() ? "true" : "false";
    case boost::json::kind::int64:
      return std::to_string(value.get_int64());
    case boost::json::kind::uint64:
      return std::to_string(value.get_uint64());
    case boost::json::kind::double_:
      return goFloatString(value.get_double());
    case boost::json::kind::string:
      return std::string(value.get_string());
    case boost::json::kind::array: {
      std::string out = "[";
      bool first = true;
      for (const boost::json::value& element : value.get_array()) {
        if (!first) out += ' ';
        first = false;
        out += goValueString(element);
      }
      return out + "]";
    }
    case boost::json::kind::object: {
      // Go prints map keys in sorted order.
      std::vector<std::pair<std::string_view, const boost::json::value*>> entries;
      for (const auto& entry : value.get_object()) entries.emplace_back(entry.key(), &entry.value());
      std::sort(entries.begin(), entries.end(), [](const auto& left, const auto& right) { return left.first < right.first; });
      std::string out = "map[";
      bool first = true;
      for (const auto& [key, element] : entries) {
        if (!first) out += ' ';
        first = false;
        out += std::string(key) + ":" + goValueString(*element);
      }
      return out + "]";
    }
  }
  return {};
}

std::string goTypeName(const boost::json::value& value) {
  switch (value.kind()) {
    case boost::json::kind::null:
      return "<nil>";
    case boost::json::kind::bool_:
      return "bool";
    case boost::json::kind::int64:
    case boost::json::kind::uint64:
      return "int64";
    case boost::json::kind::double_:
      return "float64";
    case boost::json::kind::string:
      return "string";
    case boost::json::kind::array:
      return "[]interface {}";
    case boost::json::kind::object:
      return "map[string]interface {}";
  }
  return {};
}

}  // namespace kubelab::api
