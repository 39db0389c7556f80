#include "controllers/cronjobcontroller.h"

#include <boost/json/parse.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "api/objectmeta.h"
#include "controllers/podutil.h"
#include "support/fakeapiclient.h"

namespace kubelab::controllers {
namespace {

namespace json = boost::json;
using ::testing::Contains;
using ::testing::ElementsAre;
using testing::FakeApiClient;
using Clock = std::chrono::system_clock;

json::object makeCronJob(const std::string& schedule, const std::string& policy = "Allow") {
  json::object cronJob = json::parse(R"({
    "apiVersion": "batch/v1", "kind": "CronJob",
    "metadata": {"name": "hello", "namespace": "default", "uid": "cron-uid", "resourceVersion": "4",
                 "creationTimestamp": "2026-11-25T21:58:30Z"},
    "spec": {
      "jobTemplate": {"metadata": {"labels": {"team": "a"}},
                      "spec": {"template": {"spec": {"restartPolicy": "OnFailure",
                                                     "containers": [{"name": "hello", "image": "busybox"}]}}}},
      "suspend": false, "successfulJobsHistoryLimit": 3, "failedJobsHistoryLimit": 1
    }
  })").as_object();
  cronJob["spec"].as_object()["schedule"] = schedule;
  cronJob["spec"].as_object()["concurrencyPolicy"] = policy;
  return cronJob;
}

class CronJobControllerTest : public ::testing::Test {
 protected:
  CronJobControllerTest()
      : informers_(api_), context_{api_, informers_, {}, "test", 1},
        controller_(context_, CronJobControllerOptions{[this] { return now_; }}) {}

  void addCronJob(const json::object& cronJob) {
    api_.seed(client::resources::cronJobs, cronJob);
    informers_.informer(client::resources::cronJobs).indexer().upsert(*api_.stored(client::resources::cronJobs, "default", "hello"));
  }
  json::object addJob(const std::string& name, const std::string& finished = "", const std::string& startTime = "") {
    json::object job{{"apiVersion", "batch/v1"}, {"kind", "Job"},
                     {"metadata", json::object{{"name", name}, {"namespace", "default"}, {"uid", "uid-" + name},
                                               {"ownerReferences", json::array{json::object{
                                                   {"apiVersion", "batch/v1"}, {"kind", "CronJob"}, {"name", "hello"},
                                                   {"uid", "cron-uid"}, {"controller", true}}}}}},
                     {"status", json::object{}}};
    json::object& status = job["status"].as_object();
    if (!startTime.empty()) status["startTime"] = startTime;
    if (!finished.empty()) {
      status["conditions"] = json::array{json::object{{"type", finished}, {"status", "True"}}};
      if (finished == "Complete") status["completionTime"] = "2026-11-25T21:59:40Z";
    }
    api_.seed(client::resources::jobs, job);
    informers_.informer(client::resources::jobs).indexer().upsert(job);
    return job;
  }
  static json::object referenceTo(const json::object& job) {
    return json::object{{"apiVersion", "batch/v1"}, {"kind", "Job"}, {"name", api::name(job)},
                        {"namespace", "default"}, {"uid", api::uid(job)}};
  }
  std::vector<testing::Action> writes(const std::string& verb, const std::string& plural) {
    std::vector<testing::Action> result;
    for (const auto& action : api_.writeActions()) {
      if (action.verb == verb && action.resource.plural == plural) result.push_back(action);
    }
    return result;
  }
  json::object cronStatus() { return api_.stored(client::resources::cronJobs, "default", "hello")->at("status").as_object(); }
  std::vector<std::string> events() {
    controller_.recorder().flush();
    std::vector<std::string> result;
    for (const client::Object& event : api_.storedList(client::resources::events)) {
      result.push_back(std::string(event.at("reason").as_string()) + ": " + std::string(event.at("message").as_string()));
    }
    return result;
  }

  Clock::time_point now_ = parseTimestamp("2026-11-25T22:00:10Z");
  FakeApiClient api_;
  client::InformerFactory informers_;
  ControllerContext context_;
  CronJobController controller_;
};

TEST_F(CronJobControllerTest, StartsTheJobForTheMostRecentScheduledTime) {
  addCronJob(makeCronJob("*/1 * * * *"));
  ASSERT_TRUE(controller_.sync("default/hello").isOk());
  auto created = writes("create", "jobs");
  ASSERT_EQ(created.size(), 1u);
  const json::object& job = created[0].object;
  // 2026-11-25T22:00:00Z is 1795644000 s, 29927400 minutes, after the epoch.
  EXPECT_EQ(api::name(job), "hello-29927400");
  EXPECT_EQ(api::stringAt(job, {"metadata", "annotations", "batch.kubernetes.io/cronjob-scheduled-timestamp"}), "2026-11-25T22:00:00Z");
  EXPECT_EQ(api::stringAt(job, {"metadata", "labels", "team"}), "a");
  EXPECT_EQ(api::stringAt(job, {"spec", "template", "spec", "restartPolicy"}), "OnFailure");
  EXPECT_EQ((*api::arrayAt(job, {"metadata", "ownerReferences"}))[0].as_object().at("kind").as_string(), "CronJob");

  json::object status = cronStatus();
  EXPECT_EQ(status.at("lastScheduleTime").as_string(), "2026-11-25T22:00:00Z");
  ASSERT_EQ(status.at("active").as_array().size(), 1u);
  EXPECT_EQ(api::stringAt(status.at("active").as_array()[0].as_object(), {"name"}), "hello-29927400");
  EXPECT_THAT(events(), Contains("SuccessfulCreate: Created job hello-29927400"));
  // Next at 22:01:00, 50 s away, plus Kubernetes' 100 ms.
  ASSERT_TRUE(controller_.lastRequeueDelay().has_value());
  EXPECT_EQ(controller_.lastRequeueDelay()->count(), 50100);
}

TEST_F(CronJobControllerTest, AScheduledTimeIsStartedOnce) {
  json::object cronJob = makeCronJob("*/1 * * * *");
  cronJob["status"] = json::object{{"lastScheduleTime", "2026-11-25T22:00:00Z"}};
  addCronJob(cronJob);
  ASSERT_TRUE(controller_.sync("default/hello").isOk());
  EXPECT_TRUE(writes("create", "jobs").empty());
}

TEST_F(CronJobControllerTest, ForbidSkipsWhileAJobIsActive) {
  json::object running = addJob("hello-29927399");
  json::object cronJob = makeCronJob("*/1 * * * *", "Forbid");
  cronJob["status"] = json::object{{"lastScheduleTime", "2026-11-25T21:59:00Z"}, {"active", json::array{referenceTo(running)}}};
  addCronJob(cronJob);
  ASSERT_TRUE(controller_.sync("default/hello").isOk());
  EXPECT_TRUE(writes("create", "jobs").empty());
  EXPECT_THAT(events(), Contains("JobAlreadyActive: Not starting job because prior execution is running and concurrency policy is Forbid"));
}

TEST_F(CronJobControllerTest, ReplaceDeletesTheActiveJobFirst) {
  json::object running = addJob("hello-29927399");
  json::object cronJob = makeCronJob("*/1 * * * *", "Replace");
  cronJob["status"] = json::object{{"lastScheduleTime", "2026-11-25T21:59:00Z"}, {"active", json::array{referenceTo(running)}}};
  addCronJob(cronJob);
  ASSERT_TRUE(controller_.sync("default/hello").isOk());
  auto deleted = writes("delete", "jobs");
  ASSERT_EQ(deleted.size(), 1u);
  EXPECT_EQ(deleted[0].name, "hello-29927399");
  EXPECT_EQ(deleted[0].deleteOptions.propagationPolicy, "Background");
  EXPECT_EQ(writes("create", "jobs").size(), 1u);
  json::array active = cronStatus().at("active").as_array();
  ASSERT_EQ(active.size(), 1u);
  EXPECT_EQ(api::stringAt(active[0].as_object(), {"name"}), "hello-29927400");
  EXPECT_THAT(events(), Contains("SuccessfulDelete: Deleted job hello-29927399"));
}

TEST_F(CronJobControllerTest, AllowRunsConcurrently) {
  json::object running = addJob("hello-29927399");
  json::object cronJob = makeCronJob("*/1 * * * *", "Allow");
  cronJob["status"] = json::object{{"lastScheduleTime", "2026-11-25T21:59:00Z"}, {"active", json::array{referenceTo(running)}}};
  addCronJob(cronJob);
  ASSERT_TRUE(controller_.sync("default/hello").isOk());
  EXPECT_EQ(writes("create", "jobs").size(), 1u);
  EXPECT_EQ(cronStatus().at("active").as_array().size(), 2u);
}

TEST_F(CronJobControllerTest, SuspendedStartsNothing) {
  json::object cronJob = makeCronJob("*/1 * * * *");
  cronJob["spec"].as_object()["suspend"] = true;
  addCronJob(cronJob);
  ASSERT_TRUE(controller_.sync("default/hello").isOk());
  EXPECT_TRUE(writes("create", "jobs").empty());
}

TEST_F(CronJobControllerTest, StartingDeadlineSkipsATimeTooLongAgo) {
  json::object cronJob = makeCronJob("*/1 * * * *");
  cronJob["spec"].as_object()["startingDeadlineSeconds"] = 5;
  addCronJob(cronJob);
  ASSERT_TRUE(controller_.sync("default/hello").isOk());  // 22:00:00 was 10 s ago
  EXPECT_TRUE(writes("create", "jobs").empty());
  now_ = parseTimestamp("2026-11-25T22:01:03Z");
  ASSERT_TRUE(controller_.sync("default/hello").isOk());
  EXPECT_EQ(writes("create", "jobs").size(), 1u);
}

TEST_F(CronJobControllerTest, SeesCompletedJobsAndKeepsTheHistoryLimits) {
  json::object done = addJob("hello-29927397", "Complete", "2026-11-25T21:57:00Z");
  addJob("hello-29927398", "Complete", "2026-11-25T21:58:00Z");
  addJob("hello-29927396", "Failed", "2026-11-25T21:56:00Z");
  addJob("hello-29927395", "Failed", "2026-11-25T21:55:00Z");
  json::object cronJob = makeCronJob("*/1 * * * *");
  cronJob["spec"].as_object()["successfulJobsHistoryLimit"] = 1;
  cronJob["status"] = json::object{{"lastScheduleTime", "2026-11-25T22:00:00Z"}, {"active", json::array{referenceTo(done)}}};
  addCronJob(cronJob);
  ASSERT_TRUE(controller_.sync("default/hello").isOk());
  std::vector<std::string> deleted;
  for (const auto& action : writes("delete", "jobs")) deleted.push_back(action.name);
  EXPECT_THAT(deleted, ElementsAre("hello-29927397", "hello-29927395"));
  json::object status = cronStatus();
  EXPECT_EQ(status.if_contains("active"), nullptr);
  EXPECT_EQ(status.at("lastSuccessfulTime").as_string(), "2026-11-25T21:59:40Z");
  EXPECT_THAT(events(), Contains("SawCompletedJob: Saw completed job: hello-29927397, condition: Complete"));
}

TEST_F(CronJobControllerTest, TimeZoneSetsTheWallClockOfTheSchedule) {
  json::object cronJob = makeCronJob("0 9 * * *");
  cronJob["spec"].as_object()["timeZone"] = "Asia/Seoul";
  cronJob["metadata"].as_object()["creationTimestamp"] = "2026-11-25T12:00:00Z";
  addCronJob(cronJob);
  now_ = parseTimestamp("2026-11-26T00:00:05Z");  // 09:00:05 in Seoul
  ASSERT_TRUE(controller_.sync("default/hello").isOk());
  auto created = writes("create", "jobs");
  ASSERT_EQ(created.size(), 1u);
  EXPECT_EQ(api::stringAt(created[0].object, {"metadata", "annotations", "batch.kubernetes.io/cronjob-scheduled-timestamp"}),
            "2026-11-26T09:00:00+09:00");
}

TEST_F(CronJobControllerTest, UnknownTimeZoneIsAWarning) {
  json::object cronJob = makeCronJob("0 9 * * *");
  cronJob["spec"].as_object()["timeZone"] = "Mars/Olympus";
  addCronJob(cronJob);
  ASSERT_TRUE(controller_.sync("default/hello").isOk());
  EXPECT_TRUE(writes("create", "jobs").empty());
  EXPECT_THAT(events(), Contains("UnknownTimeZone: invalid timeZone: \"Mars/Olympus\": unknown time zone Mars/Olympus"));
}

}  // namespace
}  // namespace kubelab::controllers
