#pragma once
// CronJob schedules as Kubernetes reads them (robfig/cron's standard parser): five fields
// (minute hour day-of-month month day-of-week) with lists, ranges, steps, "*" and "?", month and
// weekday names (JAN, mon), and the descriptors @yearly, @annually, @monthly, @weekly, @daily,
// @midnight, @hourly and "@every <duration>". When neither day field is "*", a day matches if
// EITHER matches, as in Vixie cron. Times are computed on the wall clock of a CronTimeZone.

#include <bitset>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace kubelab::controllers {

using CronTime = std::chrono::sys_seconds;

// A time zone read from the system's TZif files (/usr/share/zoneinfo), or UTC. GCC 12 has no
// std::chrono::tzdb, and the transitions table is all a schedule needs.
class CronTimeZone {
 public:
  static CronTimeZone utc() { return CronTimeZone(); }
  // "UTC", "Etc/UTC", "Asia/Seoul", ...; NotFound for an unknown zone (the UnknownTimeZone event).
  static Result<CronTimeZone> load(const std::string& name);
  // Seconds east of UTC at this instant.
  std::int64_t offsetAt(CronTime utcTime) const;
  CronTime toLocal(CronTime utcTime) const { return utcTime + std::chrono::seconds(offsetAt(utcTime)); }
  // The UTC instant showing this wall-clock time (in a gap, the offset before it).
  CronTime fromLocal(CronTime localTime) const;

 private:
  std::vector<std::int64_t> transitions_;  // UTC seconds, ascending
  std::vector<std::int64_t> offsets_;      // offset after each transition
  std::int64_t initialOffset_ = 0;
};

class CronSchedule {
 public:
  // Kubernetes' standard parser; errors carry robfig/cron's wording.
  static Result<CronSchedule> parse(std::string_view text);

  // The first activation strictly after `after` (UTC), or nullopt when none comes within
  // five years (a schedule such as "0 0 30 2 *").
  std::optional<CronTime> next(CronTime after, const CronTimeZone& zone = CronTimeZone::utc()) const;

 private:
  bool dayMatches(int dayOfMonth, int dayOfWeek) const;

  std::bitset<60> minutes_;
  std::bitset<24> hours_;
  std::bitset<32> daysOfMonth_;  // 1..31
  std::bitset<13> months_;       // 1..12
  std::bitset<7> daysOfWeek_;    // 0 = Sunday
  bool dayOfMonthStar_ = false;
  bool dayOfWeekStar_ = false;
  std::chrono::seconds every_{0};  // "@every": a constant delay instead of fields
};

}  // namespace kubelab::controllers
