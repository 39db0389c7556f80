#include "controllers/cronschedule.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <fstream>
#include <iterator>
#include <sstream>

namespace kubelab::controllers {
namespace {

using namespace std::chrono;

struct FieldBounds {
  int minimum;
  int maximum;
  const std::array<std::string_view, 13>* names;  // lowercase, index = value; nullptr for none
};

const std::array<std::string_view, 13> kMonthNames{"",    "jan", "feb", "mar", "apr", "may", "jun",
                                                   "jul", "aug", "sep", "oct", "nov", "dec"};
const std::array<std::string_view, 13> kDayNames{"sun", "mon", "tue", "wed", "thu", "fri", "sat"};

std::string lowercase(std::string_view text) {
  std::string result(text);
  std::transform(result.begin(), result.end(), result.begin(), [](unsigned char c) { return std::tolower(c); });
  return result;
}

std::vector<std::string> split(std::string_view text, char separator) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    std::size_t end = text.find(separator, start);
    parts.emplace_back(text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) return parts;
    start = end + 1;
  }
}

// Go's strconv.Atoi error text, which robfig/cron wraps.
Result<int> parseInteger(const std::string& text) {
  int value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) {
    return invalid("failed to parse int from " + text + ": strconv.Atoi: parsing \"" + text + "\": invalid syntax");
  }
  if (value < 0) return invalid("negative number (" + text + ") not allowed: " + text);
  return value;
}

Result<int> parseIntegerOrName(const std::string& text, const FieldBounds& bounds) {
  if (bounds.names != nullptr) {
    std::string lower = lowercase(text);
    for (std::size_t index = 0; index < bounds.names->size(); ++index) {
      if (!(*bounds.names)[index].empty() && (*bounds.names)[index] == lower) return static_cast<int>(index);
    }
  }
  return parseInteger(text);
}

// One comma-separated item: "*", "?", "5", "1-5", "*/15", "10/5" (10 to the maximum), "1-30/2".
// Returns whether it was a bare star (robfig's starBit), which the day fields need.
template <std::size_t Bits>
Result<bool> parseRange(const std::string& item, const FieldBounds& bounds, std::bitset<Bits>& into) {
  std::vector<std::string> rangeAndStep = split(item, '/');
  if (rangeAndStep.size() > 2) return invalid("too many slashes: " + item);
  std::vector<std::string> lowAndHigh = split(rangeAndStep[0], '-');
  if (lowAndHigh.size() > 2) return invalid("too many hyphens: " + item);
  int start = 0;
  int end = 0;
  bool star = false;
  if (lowAndHigh[0] == "*" || lowAndHigh[0] == "?") {
    start = bounds.minimum;
    end = bounds.maximum;
    star = true;
  } else {
    Result<int> low = parseIntegerOrName(lowAndHigh[0], bounds);
    if (!low) return low.status();
    start = *low;
    end = start;
    if (lowAndHigh.size() == 2) {
      Result<int> high = parseIntegerOrName(lowAndHigh[1], bounds);
      if (!high) return high.status();
      end = *high;
    }
  }
  int step = 1;
  if (rangeAndStep.size() == 2) {
    Result<int> parsedStep = parseInteger(rangeAndStep[1]);
    if (!parsedStep) return parsedStep.status();
    step = *parsedStep;
    if (lowAndHigh.size() == 1 && !star) end = bounds.maximum;  // "N/step" means "N-max/step"
    if (step > 1) star = false;
  }
  auto number = [](int value) { return std::to_string(value); };
  if (start < bounds.minimum) {
    return invalid("beginning of range (" + number(start) + ") below minimum (" + number(bounds.minimum) + "): " + item);
  }
  if (end > bounds.maximum) {
    return invalid("end of range (" + number(end) + ") above maximum (" + number(bounds.maximum) + "): " + item);
  }
  if (start > end) return invalid("beginning of range (" + number(start) + ") beyond end of range (" + number(end) + "): " + item);
  if (step == 0) return invalid("step of range should be a positive number: " + item);
  for (int value = start; value <= end; value += step) into.set(static_cast<std::size_t>(value));
  return star;
}

template <std::size_t Bits>
Result<bool> parseField(const std::string& field, const FieldBounds& bounds, std::bitset<Bits>& into) {
  bool star = false;
  for (const std::string& item : split(field, ',')) {
    Result<bool> itemStar = parseRange(item, bounds, into);
    if (!itemStar) return itemStar.status();
    star = star || *itemStar;
  }
  return star;
}

// Go's time.ParseDuration for the units a schedule would use ("90s", "1h30m", "1.5h").
Result<seconds> parseGoDuration(const std::string& text) {
  static const std::vector<std::pair<std::string_view, double>> units{
      {"ns", 1e-9}, {"us", 1e-6}, {"µs", 1e-6}, {"ms", 1e-3}, {"s", 1}, {"m", 60}, {"h", 3600}};
  double total = 0;
  std::size_t position = 0;
  Status error = invalid("failed to parse duration " + text + ": time: invalid duration \"" + text + "\"");
  if (text.empty()) return error;
  while (position < text.size()) {
    std::size_t numberEnd = position;
    while (numberEnd < text.size() && (std::isdigit(static_cast<unsigned char>(text[numberEnd])) || text[numberEnd] == '.')) ++numberEnd;
    if (numberEnd == position) return error;
    double value = std::stod(text.substr(position, numberEnd - position));
    std::size_t unitEnd = numberEnd;
    while (unitEnd < text.size() && !std::isdigit(static_cast<unsigned char>(text[unitEnd])) && text[unitEnd] != '.') ++unitEnd;
    std::string_view unit(text.data() + numberEnd, unitEnd - numberEnd);
    auto found = std::find_if(units.begin(), units.end(), [&](const auto& entry) { return entry.first == unit; });
    if (found == units.end()) return error;
    total += value * found->second;
    position = unitEnd;
  }
  return seconds(static_cast<std::int64_t>(total));
}

std::string descriptorFields(const std::string& descriptor) {
  if (descriptor == "@yearly" || descriptor == "@annually") return "0 0 1 1 *";
  if (descriptor == "@monthly") return "0 0 1 * *";
  if (descriptor == "@weekly") return "0 0 * * 0";
  if (descriptor == "@daily" || descriptor == "@midnight") return "0 0 * * *";
  if (descriptor == "@hourly") return "0 * * * *";
  return "";
}

std::int64_t readBigEndian(const std::string& data, std::size_t offset, int bytes) {
  std::uint64_t value = 0;
  for (int index = 0; index < bytes; ++index) value = (value << 8) | static_cast<unsigned char>(data[offset + index]);
  if (bytes == 4) return static_cast<std::int32_t>(static_cast<std::uint32_t>(value));
  return static_cast<std::int64_t>(value);
}

}  // namespace

Result<CronTimeZone> CronTimeZone::load(const std::string& name) {
  CronTimeZone zone;
  if (name.empty() || name == "UTC" || name == "Etc/UTC") return zone;
  if (name.find("..") != std::string::npos || name.front() == '/') return notFound("unknown time zone " + name);
  std::ifstream file("/usr/share/zoneinfo/" + name, std::ios::binary);
  std::string data((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  if (data.size() < 44 || data.compare(0, 4, "TZif") != 0) return notFound("unknown time zone " + name);
  // Version 2+ files repeat the data with 64-bit times after the 32-bit block; prefer those.
  auto counts = [&](std::size_t header) {
    std::array<std::int64_t, 6> values{};
    for (int index = 0; index < 6; ++index) values[index] = readBigEndian(data, header + 20 + index * 4, 4);
    return values;  // isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt
  };
  std::size_t header = 0;
  int timeBytes = 4;
  auto first = counts(0);
  if (data[4] >= '2') {
    header = 44 + first[3] * 4 + first[3] + first[4] * 6 + first[5] + first[2] * 8 + first[1] + first[0];
    timeBytes = 8;
    if (data.size() < header + 44 || data.compare(header, 4, "TZif") != 0) return notFound("unknown time zone " + name);
  }
  auto [utcCount, stdCount, leapCount, timeCount, typeCount, charCount] = counts(header);
  (void)utcCount, (void)stdCount, (void)leapCount, (void)charCount;
  std::size_t times = header + 44;
  std::size_t indexes = times + static_cast<std::size_t>(timeCount) * timeBytes;
  std::size_t types = indexes + static_cast<std::size_t>(timeCount);
  if (data.size() < types + static_cast<std::size_t>(typeCount) * 6 || typeCount == 0) return notFound("unknown time zone " + name);
  auto typeOffset = [&](std::size_t type) { return readBigEndian(data, types + type * 6, 4); };
  zone.initialOffset_ = typeOffset(0);
  for (std::int64_t index = 0; index < timeCount; ++index) {
    zone.transitions_.push_back(readBigEndian(data, times + index * timeBytes, timeBytes));
    auto type = static_cast<unsigned char>(data[indexes + index]);
    if (type >= typeCount) return notFound("unknown time zone " + name);
    zone.offsets_.push_back(typeOffset(type));
  }
  return zone;
}

std::int64_t CronTimeZone::offsetAt(CronTime utcTime) const {
  auto after = std::upper_bound(transitions_.begin(), transitions_.end(), utcTime.time_since_epoch().count());
  if (after == transitions_.begin()) return initialOffset_;
  return offsets_[static_cast<std::size_t>(std::distance(transitions_.begin(), after) - 1)];
}

CronTime CronTimeZone::fromLocal(CronTime localTime) const {
  CronTime guess = localTime - seconds(offsetAt(localTime));
  return localTime - seconds(offsetAt(guess));
}

Result<CronSchedule> CronSchedule::parse(std::string_view text) {
  std::string spec(text);
  spec.erase(0, spec.find_first_not_of(" \t"));
  CronSchedule schedule;
  if (!spec.empty() && spec[0] == '@') {
    if (spec.rfind("@every ", 0) == 0) {
      Result<seconds> delay = parseGoDuration(spec.substr(7));
      if (!delay) return delay.status();
      schedule.every_ = std::max(*delay, seconds(1));
      return schedule;
    }
    std::string fields = descriptorFields(spec);
    if (fields.empty()) return invalid("unrecognized descriptor: " + spec);
    spec = fields;
  }
  std::vector<std::string> fields;
  std::istringstream stream(spec);
  for (std::string field; stream >> field;) fields.push_back(field);
  if (fields.size() != 5) {
    std::string joined;
    for (const std::string& field : fields) joined += (joined.empty() ? "" : " ") + field;
    return invalid("expected exactly 5 fields, found " + std::to_string(fields.size()) + ": [" + joined + "]");
  }
  Result<bool> minute = parseField(fields[0], {0, 59, nullptr}, schedule.minutes_);
  if (!minute) return minute.status();
  Result<bool> hour = parseField(fields[1], {0, 23, nullptr}, schedule.hours_);
  if (!hour) return hour.status();
  Result<bool> dayOfMonth = parseField(fields[2], {1, 31, nullptr}, schedule.daysOfMonth_);
  if (!dayOfMonth) return dayOfMonth.status();
  Result<bool> month = parseField(fields[3], {1, 12, &kMonthNames}, schedule.months_);
  if (!month) return month.status();
  Result<bool> dayOfWeek = parseField(fields[4], {0, 6, &kDayNames}, schedule.daysOfWeek_);
  if (!dayOfWeek) return dayOfWeek.status();
  schedule.dayOfMonthStar_ = *dayOfMonth;
  schedule.dayOfWeekStar_ = *dayOfWeek;
  return schedule;
}

bool CronSchedule::dayMatches(int dayOfMonth, int dayOfWeek) const {
  bool domMatch = daysOfMonth_.test(static_cast<std::size_t>(dayOfMonth));
  bool dowMatch = daysOfWeek_.test(static_cast<std::size_t>(dayOfWeek));
  if (dayOfMonthStar_ || dayOfWeekStar_) return domMatch && dowMatch;
  return domMatch || dowMatch;
}

std::optional<CronTime> CronSchedule::next(CronTime after, const CronTimeZone& zone) const {
  if (every_.count() > 0) return after + every_;
  // Search on the wall clock, field by field from the largest, as robfig/cron does: a field
  // that does not match advances to the start of the next value and restarts the search.
  CronTime local = floor<minutes>(zone.toLocal(after)) + minutes(1);
  const auto limit = year_month_day(floor<days>(local)).year() + years(5);
  while (true) {
    auto day = floor<days>(local);
    year_month_day date(day);
    if (date.year() > limit) return std::nullopt;
    if (!months_.test(static_cast<unsigned>(date.month()))) {
      local = sys_days(year_month_day(date.year(), date.month(), std::chrono::day(1)) + months(1));
      continue;
    }
    if (!dayMatches(static_cast<int>(static_cast<unsigned>(date.day())), static_cast<int>(weekday(day).c_encoding()))) {
      local = day + days(1);
      continue;
    }
    hh_mm_ss clock(local - day);
    if (!hours_.test(static_cast<std::size_t>(clock.hours().count()))) {
      local = day + clock.hours() + hours(1);
      continue;
    }
    if (!minutes_.test(static_cast<std::size_t>(clock.minutes().count()))) {
      local += minutes(1);
      continue;
    }
    return zone.fromLocal(local);
  }
}

}  // namespace kubelab::controllers
