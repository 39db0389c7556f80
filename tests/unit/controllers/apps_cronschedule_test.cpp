#include "controllers/cronschedule.h"

#include <gtest/gtest.h>

#include "controllers/podutil.h"

namespace kubelab::controllers {
namespace {

CronTime at(const std::string& text) {
  return std::chrono::floor<std::chrono::seconds>(parseTimestamp(text));
}

std::string nextAfter(const std::string& schedule, const std::string& after,
                      const CronTimeZone& zone = CronTimeZone::utc()) {
  Result<CronSchedule> parsed = CronSchedule::parse(schedule);
  EXPECT_TRUE(parsed.isOk()) << parsed.status().message();
  if (!parsed) return "";
  std::optional<CronTime> next = parsed->next(at(after), zone);
  return next ? formatTimestamp(*next) : "never";
}

TEST(CronScheduleTest, EveryMinuteIsTheNextWholeMinute) {
  EXPECT_EQ(nextAfter("* * * * *", "2026-11-25T22:01:32Z"), "2026-11-25T22:02:00Z");
  EXPECT_EQ(nextAfter("* * * * *", "2026-11-25T22:02:00Z"), "2026-11-25T22:03:00Z");
}

TEST(CronScheduleTest, StepsRangesAndLists) {
  EXPECT_EQ(nextAfter("*/15 * * * *", "2026-11-25T22:01:00Z"), "2026-11-25T22:15:00Z");
  EXPECT_EQ(nextAfter("*/15 * * * *", "2026-11-25T22:50:00Z"), "2026-11-25T23:00:00Z");
  EXPECT_EQ(nextAfter("5,35 9-17 * * *", "2026-11-25T17:40:00Z"), "2026-11-26T09:05:00Z");
  EXPECT_EQ(nextAfter("10/20 * * * *", "2026-11-25T22:31:00Z"), "2026-11-25T22:50:00Z");
  EXPECT_EQ(nextAfter("0 0-12/6 * * *", "2026-11-25T07:00:00Z"), "2026-11-25T12:00:00Z");
}

TEST(CronScheduleTest, NamesOfMonthsAndWeekdays) {
  // 2026-11-25 is a Wednesday.
  EXPECT_EQ(nextAfter("0 9 * * MON-FRI", "2026-11-27T10:00:00Z"), "2026-11-30T09:00:00Z");
  EXPECT_EQ(nextAfter("0 0 1 jan *", "2026-11-25T00:00:00Z"), "2027-01-01T00:00:00Z");
  EXPECT_EQ(nextAfter("0 12 * * sun", "2026-11-25T00:00:00Z"), "2026-11-29T12:00:00Z");
}

TEST(CronScheduleTest, DayOfMonthOrDayOfWeekWhenBothAreRestricted) {
  // Vixie cron: the 1st of the month OR any Friday.
  EXPECT_EQ(nextAfter("0 0 1 * 5", "2026-11-25T00:00:00Z"), "2026-11-27T00:00:00Z");
  EXPECT_EQ(nextAfter("0 0 1 * 5", "2026-11-28T00:00:00Z"), "2026-12-01T00:00:00Z");
  // With a star, both must match: Fridays only.
  EXPECT_EQ(nextAfter("0 0 * * 5", "2026-11-28T00:00:00Z"), "2026-12-04T00:00:00Z");
}

TEST(CronScheduleTest, Descriptors) {
  EXPECT_EQ(nextAfter("@hourly", "2026-11-25T22:01:00Z"), "2026-11-25T23:00:00Z");
  EXPECT_EQ(nextAfter("@daily", "2026-11-25T22:01:00Z"), "2026-11-26T00:00:00Z");
  EXPECT_EQ(nextAfter("@weekly", "2026-11-25T22:01:00Z"), "2026-11-29T00:00:00Z");
  EXPECT_EQ(nextAfter("@monthly", "2026-11-25T22:01:00Z"), "2026-12-01T00:00:00Z");
  EXPECT_EQ(nextAfter("@yearly", "2026-11-25T22:01:00Z"), "2027-01-01T00:00:00Z");
  EXPECT_EQ(nextAfter("@every 90s", "2026-11-25T22:01:00Z"), "2026-11-25T22:02:30Z");
}

TEST(CronScheduleTest, LeapDayAndImpossibleDates) {
  EXPECT_EQ(nextAfter("0 0 29 2 *", "2026-03-01T00:00:00Z"), "2028-02-29T00:00:00Z");
  EXPECT_EQ(nextAfter("0 0 30 2 *", "2026-03-01T00:00:00Z"), "never");
}

TEST(CronScheduleTest, ErrorsUseRobfigCronsWording) {
  auto error = [](const std::string& schedule) { return CronSchedule::parse(schedule).status().message(); };
  EXPECT_EQ(error("* * * *"), "expected exactly 5 fields, found 4: [* * * *]");
  EXPECT_EQ(error("60 * * * *"), "end of range (60) above maximum (59): 60");
  EXPECT_EQ(error("* * 0 * *"), "beginning of range (0) below minimum (1): 0");
  EXPECT_EQ(error("5-1 * * * *"), "beginning of range (5) beyond end of range (1): 5-1");
  EXPECT_EQ(error("*/0 * * * *"), "step of range should be a positive number: */0");
  EXPECT_EQ(error("1-2-3 * * * *"), "too many hyphens: 1-2-3");
  EXPECT_EQ(error("x * * * *"), "failed to parse int from x: strconv.Atoi: parsing \"x\": invalid syntax");
  EXPECT_EQ(error("@fortnightly"), "unrecognized descriptor: @fortnightly");
  EXPECT_EQ(error("* * * * 7"), "end of range (7) above maximum (6): 7");
}

TEST(CronScheduleTest, TimeZonesFromTheSystemDatabase) {
  Result<CronTimeZone> seoul = CronTimeZone::load("Asia/Seoul");
  ASSERT_TRUE(seoul.isOk()) << seoul.status().message();
  // 09:00 in Seoul (UTC+9, no daylight saving) is 00:00 UTC.
  EXPECT_EQ(nextAfter("0 9 * * *", "2026-11-25T22:01:00Z", *seoul), "2026-11-26T00:00:00Z");
  Result<CronTimeZone> newYork = CronTimeZone::load("America/New_York");
  ASSERT_TRUE(newYork.isOk());
  EXPECT_EQ(nextAfter("0 9 * * *", "2026-07-01T00:00:00Z", *newYork), "2026-07-01T13:00:00Z");  // EDT
  EXPECT_EQ(nextAfter("0 9 * * *", "2026-12-01T00:00:00Z", *newYork), "2026-12-01T14:00:00Z");  // EST
  EXPECT_EQ(CronTimeZone::load("Mars/Olympus_Mons").status().code(), StatusCode::NotFound);
  EXPECT_TRUE(CronTimeZone::load("Etc/UTC").isOk());
}

}  // namespace
}  // namespace kubelab::controllers
