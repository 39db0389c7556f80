#include "apiserver/tableformat.h"

#include <boost/json/array.hpp>

#include <charconv>
#include <map>

#include "api/labelselector.h"
#include "api/quantity.h"

namespace kubelab::apiserver {

namespace {

std::string number(std::int64_t value) { return std::to_string(value); }

// Reads `count` digits at `position`; nullopt when they are not all digits.
std::optional<int> digitsAt(std::string_view text, std::size_t position, std::size_t count) {
  if (position + count > text.size()) return std::nullopt;
  int value = 0;
  auto [end, error] = std::from_chars(text.data() + position, text.data() + position + count, value);
  if (error != std::errc() || end != text.data() + position + count) return std::nullopt;
  return value;
}

}  // namespace

// The thresholds below are Kubernetes' (k8s.io/apimachinery/pkg/util/duration): precision drops
// as the duration grows, so a column of ages stays narrow.
std::string humanDuration(std::chrono::nanoseconds duration) {
  using std::chrono::duration_cast;
  std::int64_t seconds = duration_cast<std::chrono::seconds>(duration).count();
  if (seconds < -1) return "<invalid>";
  if (seconds < 0) return "0s";
  if (seconds < 60 * 2) return number(seconds) + "s";
  std::int64_t minutes = seconds / 60;
  if (minutes < 10) {
    std::int64_t remainder = seconds % 60;
    return remainder == 0 ? number(minutes) + "m" : number(minutes) + "m" + number(remainder) + "s";
  }
  if (minutes < 60 * 3) return number(minutes) + "m";
  std::int64_t hours = seconds / 3600;
  if (hours < 8) {
    std::int64_t remainder = minutes % 60;
    return remainder == 0 ? number(hours) + "h" : number(hours) + "h" + number(remainder) + "m";
  }
  if (hours < 48) return number(hours) + "h";
  if (hours < 24 * 8) {
    std::int64_t remainder = hours % 24;
    return remainder == 0 ? number(hours / 24) + "d" : number(hours / 24) + "d" + number(remainder) + "h";
  }
  if (hours < 24 * 365 * 2) return number(hours / 24) + "d";
  if (hours < 24 * 365 * 8) {
    std::int64_t remainder = (hours / 24) % 365;
    return remainder == 0 ? number(hours / 24 / 365) + "y" : number(hours / 24 / 365) + "y" + number(remainder) + "d";
  }
  return number(hours / 24 / 365) + "y";
}

std::string shortHumanDuration(std::chrono::nanoseconds duration) {
  std::int64_t seconds = std::chrono::duration_cast<std::chrono::seconds>(duration).count();
  if (seconds < -1) return "<invalid>";
  if (seconds < 0) return "0s";
  if (seconds < 60) return number(seconds) + "s";
  if (seconds / 60 < 60) return number(seconds / 60) + "m";
  std::int64_t hours = seconds / 3600;
  if (hours < 24) return number(hours) + "h";
  if (hours < 24 * 365) return number(hours / 24) + "d";
  return number(hours / 24 / 365) + "y";
}

std::optional<TablePoint> parseTimestamp(std::string_view text) {
  // YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)
  std::optional<int> year = digitsAt(text, 0, 4);
  std::optional<int> month = digitsAt(text, 5, 2);
  std::optional<int> day = digitsAt(text, 8, 2);
  std::optional<int> hour = digitsAt(text, 11, 2);
  std::optional<int> minute = digitsAt(text, 14, 2);
  std::optional<int> second = digitsAt(text, 17, 2);
  if (!year || !month || !day || !hour || !minute || !second || text[4] != '-' || text[7] != '-' ||
      (text[10] != 'T' && text[10] != 't') || text[13] != ':' || text[16] != ':') {
    return std::nullopt;
  }
  std::chrono::year_month_day date{std::chrono::year(*year), std::chrono::month(static_cast<unsigned>(*month)),
                                   std::chrono::day(static_cast<unsigned>(*day))};
  if (!date.ok()) return std::nullopt;

  std::size_t position = 19;
  std::chrono::nanoseconds fraction{0};
  if (position < text.size() && text[position] == '.') {
    std::int64_t scale = 100000000;
    for (++position; position < text.size() && text[position] >= '0' && text[position] <= '9'; ++position) {
      fraction += std::chrono::nanoseconds((text[position] - '0') * scale);
      scale /= 10;
    }
  }
  std::chrono::minutes offset{0};
  if (position < text.size() && (text[position] == '+' || text[position] == '-')) {
    std::optional<int> offsetHours = digitsAt(text, position + 1, 2);
    std::optional<int> offsetMinutes = digitsAt(text, position + 4, 2);
    if (!offsetHours || !offsetMinutes) return std::nullopt;
    offset = std::chrono::minutes(*offsetHours * 60 + *offsetMinutes) * (text[position] == '-' ? -1 : 1);
    position += 6;
  } else if (position < text.size() && (text[position] == 'Z' || text[position] == 'z')) {
    ++position;
  } else {
    return std::nullopt;
  }
  if (position != text.size()) return std::nullopt;

  auto local = std::chrono::sys_days(date) + std::chrono::hours(*hour) + std::chrono::minutes(*minute) +
               std::chrono::seconds(*second);
  return std::chrono::time_point_cast<std::chrono::system_clock::duration>(local - offset + fraction);
}

std::string ageSince(const boost::json::value* timestamp, TablePoint now) {
  if (timestamp == nullptr || !timestamp->is_string()) return "<unknown>";
  std::optional<TablePoint> when = parseTimestamp(timestamp->get_string());
  // Go's zero time is what an unset metav1.Time decodes to.
  if (!when || *when == *parseTimestamp("0001-01-01T00:00:00Z")) return "<unknown>";
  return humanDuration(now - *when);
}

std::string text(const boost::json::value* value) {
  return value != nullptr && value->is_string() ? std::string(value->get_string()) : std::string();
}

std::int64_t integer(const boost::json::value* value, std::int64_t fallback) {
  if (value == nullptr) return fallback;
  if (value->is_int64()) return value->get_int64();
  if (value->is_uint64()) return static_cast<std::int64_t>(value->get_uint64());
  if (value->is_double()) return static_cast<std::int64_t>(value->get_double());
  return fallback;
}

const boost::json::value* at(const boost::json::value* value, std::initializer_list<std::string_view> path) {
  for (std::string_view key : path) {
    if (value == nullptr || !value->is_object()) return nullptr;
    value = value->get_object().if_contains(key);
  }
  return value;
}

const boost::json::value* at(const boost::json::object& object, std::initializer_list<std::string_view> path) {
  const boost::json::value* value = nullptr;
  const boost::json::object* current = &object;
  for (std::string_view key : path) {
    if (current == nullptr) return nullptr;
    value = current->if_contains(key);
    if (value == nullptr) return nullptr;
    current = value->if_object();
  }
  return value;
}

std::int64_t countOf(const boost::json::value* value) {
  if (value == nullptr) return 0;
  if (value->is_array()) return static_cast<std::int64_t>(value->get_array().size());
  if (value->is_object()) return static_cast<std::int64_t>(value->get_object().size());
  return 0;
}

std::string formatLabels(const boost::json::value* labels) {
  std::map<std::string, std::string> sorted;
  if (labels != nullptr && labels->is_object()) {
    for (const auto& entry : labels->get_object()) sorted.emplace(std::string(entry.key()), text(&entry.value()));
  }
  std::string out;
  for (const auto& [key, value] : sorted) out += (out.empty() ? "" : ",") + key + "=" + value;
  return out.empty() ? "<none>" : out;
}

std::string formatLabelSelector(const boost::json::value* selector) {
  Result<api::LabelSelector> parsed = api::LabelSelector::fromJson(selector);
  if (!parsed) return "<error>";
  std::string out = parsed->toString();
  return out.empty() ? "<none>" : out;
}

std::string labelSelectorString(const boost::json::value* selector) {
  Result<api::LabelSelector> parsed = api::LabelSelector::fromJson(selector);
  return parsed ? parsed->toString() : "<invalid>";
}

std::pair<std::string, std::string> containerCells(const boost::json::value* containers) {
  std::string names;
  std::string images;
  if (containers != nullptr && containers->is_array()) {
    bool first = true;
    for (const boost::json::value& container : containers->get_array()) {
      if (!first) {
        names += ',';
        images += ',';
      }
      first = false;
      names += text(at(&container, {"name"}));
      images += text(at(&container, {"image"}));
    }
  }
  return {names, images};
}

std::string quantityString(const boost::json::value* quantity) {
  if (quantity == nullptr) return "0";
  if (quantity->is_string()) {
    Result<api::Quantity> parsed = api::parseQuantity(quantity->get_string());
    return parsed ? parsed->toString() : std::string(quantity->get_string());
  }
  if (quantity->is_int64() || quantity->is_uint64()) return std::to_string(integer(quantity));
  return "0";
}

}  // namespace kubelab::apiserver
