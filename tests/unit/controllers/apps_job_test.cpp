#include "controllers/jobcontroller.h"

#include <boost/json/parse.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "api/objectmeta.h"
#include "controllers/jobindexed.h"
#include "controllers/jobttlafterfinishedcontroller.h"
#include "controllers/podutil.h"
#include "support/fakeapiclient.h"

namespace kubelab::controllers {
namespace {

namespace json = boost::json;
using ::testing::Contains;
using ::testing::ElementsAre;
using testing::FakeApiClient;
using Clock = std::chrono::system_clock;

const Clock::time_point kStart = parseTimestamp("2026-11-25T22:00:00Z");

json::object makeJob(int parallelism, int completions, int backoffLimit = 6) {
  json::object job = json::parse(R"({
    "apiVersion": "batch/v1", "kind": "Job",
    "metadata": {"name": "pi", "namespace": "default", "uid": "job-uid", "resourceVersion": "3"},
    "spec": {
      "selector": {"matchLabels": {"batch.kubernetes.io/controller-uid": "job-uid"}},
      "template": {"metadata": {"labels": {"batch.kubernetes.io/controller-uid": "job-uid", "batch.kubernetes.io/job-name": "pi",
                                           "controller-uid": "job-uid", "job-name": "pi"}},
                   "spec": {"restartPolicy": "Never", "containers": [{"name": "pi", "image": "busybox"}]}},
      "completionMode": "NonIndexed"
    }
  })").as_object();
  json::object& spec = job["spec"].as_object();
  spec["parallelism"] = parallelism;
  spec["completions"] = completions;
  spec["backoffLimit"] = backoffLimit;
  return job;
}

class JobControllerTest : public ::testing::Test {
 protected:
  JobControllerTest()
      : informers_(api_),
        context_{api_, informers_, {}, "test", 1},
        controller_(context_, JobControllerOptions{std::chrono::milliseconds(10000), std::chrono::milliseconds(360000),
                                                   [this] { return now_; }}) {}

  void addJob(json::object job) {
    api_.seed(client::resources::jobs, job);
    refreshJob();
  }
  void refreshJob() {
    informers_.informer(client::resources::jobs).indexer().upsert(*api_.stored(client::resources::jobs, "default", "pi"));
  }
  void addPod(const std::string& name, const std::string& phase, bool finalizer = true, bool ready = false) {
    json::object pod{{"apiVersion", "v1"}, {"kind", "Pod"},
                     {"metadata", json::object{{"name", name}, {"namespace", "default"}, {"uid", "uid-" + name},
                                               {"labels", json::object{{"batch.kubernetes.io/controller-uid", "job-uid"}}},
                                               {"ownerReferences", json::array{json::object{
                                                   {"apiVersion", "batch/v1"}, {"kind", "Job"}, {"name", "pi"},
                                                   {"uid", "job-uid"}, {"controller", true}}}}}},
                     {"status", json::object{{"phase", phase}}}};
    if (finalizer) pod["metadata"].as_object()["finalizers"] = json::array{json::value(kJobTrackingFinalizer)};
    if (ready) {
      pod["status"].as_object()["conditions"] = json::array{json::object{{"type", "Ready"}, {"status", "True"}}};
    }
    api_.seed(client::resources::pods, pod);
    informers_.informer(client::resources::pods).indexer().upsert(pod);
  }
  std::vector<testing::Action> writes() {
    std::vector<testing::Action> result;
    for (const auto& action : api_.writeActions()) {
      if (action.resource.plural != "events") result.push_back(action);
    }
    return result;
  }
  std::vector<std::string> writeSummaries() {
    std::vector<std::string> result;
    for (const auto& action : writes()) result.push_back(action.summary());
    return result;
  }
  json::object jobStatus() { return api_.stored(client::resources::jobs, "default", "pi")->at("status").as_object(); }
  std::vector<std::string> conditionTypes() {
    std::vector<std::string> types;
    json::object status = jobStatus();
    if (!status.contains("conditions")) return types;
    for (const json::value& condition : status.at("conditions").as_array()) {
      types.push_back(api::stringAt(condition.as_object(), {"type"}) + "/" + api::stringAt(condition.as_object(), {"reason"}));
    }
    return types;
  }
  std::vector<std::string> events() {
    controller_.recorder().flush();
    std::vector<std::string> result;
    for (const client::Object& event : api_.storedList(client::resources::events)) {
      result.push_back(std::string(event.at("reason").as_string()) + ": " + std::string(event.at("message").as_string()));
    }
    return result;
  }

  Clock::time_point now_ = kStart;
  FakeApiClient api_;
  client::InformerFactory informers_;
  ControllerContext context_;
  JobController controller_;
};

TEST_F(JobControllerTest, StartsParallelismPodsWithTheTrackingFinalizer) {
  addJob(makeJob(2, 3));
  ASSERT_TRUE(controller_.sync("default/pi").isOk());
  EXPECT_THAT(writeSummaries(), ElementsAre("create pods", "create pods", "update jobs/status"));
  json::object pod = writes()[0].object;
  EXPECT_EQ(api::stringAt(pod, {"metadata", "generateName"}), "pi-");
  EXPECT_EQ((*api::arrayAt(pod, {"metadata", "finalizers"}))[0].as_string(), "batch.kubernetes.io/job-tracking");
  EXPECT_EQ(api::stringAt(pod, {"metadata", "labels", "batch.kubernetes.io/job-name"}), "pi");
  EXPECT_EQ(jobStatus().at("startTime").as_string(), "2026-11-25T22:00:00Z");
  EXPECT_EQ(jobStatus().at("uncountedTerminatedPods"), json::object{});
}

TEST_F(JobControllerTest, FinishedPodIsRecordedThenReleasedThenCounted) {
  json::object job = makeJob(1, 2);
  job["status"] = json::object{{"startTime", "2026-11-25T21:59:00Z"}};
  addJob(job);
  addPod("pi-done", "Succeeded");
  ASSERT_TRUE(controller_.sync("default/pi").isOk());
  std::vector<std::string> summaries = writeSummaries();
  ASSERT_GE(summaries.size(), 3u);
  EXPECT_EQ(summaries[0], "update jobs/status");
  EXPECT_EQ(api::arrayAt(writes()[0].object, {"status", "uncountedTerminatedPods", "succeeded"})->at(0), "uid-pi-done");
  EXPECT_EQ(summaries[1], "patch pods");
  EXPECT_EQ(summaries[2], "update jobs/status");
  EXPECT_EQ(api::integerAt(writes()[2].object, {"status", "succeeded"}), 1);
  EXPECT_EQ(api_.stored(client::resources::pods, "default", "pi-done")->at("metadata").as_object().if_contains("finalizers")->as_array().size(), 0u);
  // One more completion is needed, so one more pod starts.
  EXPECT_THAT(summaries, Contains("create pods"));
}

TEST_F(JobControllerTest, CompletesOnceEnoughPodsSucceeded) {
  json::object job = makeJob(1, 1);
  job["status"] = json::object{{"startTime", "2026-11-25T21:59:00Z"}, {"succeeded", 1}, {"uncountedTerminatedPods", json::object{}}};
  addJob(job);
  addPod("pi-done", "Succeeded", /*finalizer=*/false);
  ASSERT_TRUE(controller_.sync("default/pi").isOk());
  EXPECT_THAT(conditionTypes(), ElementsAre("SuccessCriteriaMet/CompletionsReached", "Complete/CompletionsReached"));
  EXPECT_EQ(jobStatus().at("completionTime").as_string(), "2026-11-25T22:00:00Z");
  EXPECT_THAT(events(), Contains("Completed: Job completed"));
}

TEST_F(JobControllerTest, BackoffLimitExceededFailsTheJobAfterStoppingItsPods) {
  json::object job = makeJob(2, 5, /*backoffLimit=*/1);
  job["status"] = json::object{{"startTime", "2026-11-25T21:59:00Z"}, {"failed", 2}, {"uncountedTerminatedPods", json::object{}}};
  addJob(job);
  addPod("pi-running", "Running");
  ASSERT_TRUE(controller_.sync("default/pi").isOk());
  EXPECT_THAT(conditionTypes(), ElementsAre("FailureTarget/BackoffLimitExceeded"));
  EXPECT_THAT(writeSummaries(), Contains("delete pods"));

  // The pod is gone: now the job has failed.
  informers_.informer(client::resources::pods).indexer().remove("default/pi-running");
  refreshJob();
  ASSERT_TRUE(controller_.sync("default/pi").isOk());
  EXPECT_THAT(conditionTypes(), ElementsAre("FailureTarget/BackoffLimitExceeded", "Failed/BackoffLimitExceeded"));
  EXPECT_THAT(events(), Contains("BackoffLimitExceeded: Job has reached the specified backoff limit"));
}

TEST_F(JobControllerTest, ActiveDeadlineExceeded) {
  json::object job = makeJob(1, 1);
  job["spec"].as_object()["activeDeadlineSeconds"] = 30;
  job["status"] = json::object{{"startTime", "2026-11-25T21:59:00Z"}, {"uncountedTerminatedPods", json::object{}}};
  addJob(job);
  ASSERT_TRUE(controller_.sync("default/pi").isOk());
  EXPECT_THAT(conditionTypes(), ElementsAre("FailureTarget/DeadlineExceeded", "Failed/DeadlineExceeded"));
  EXPECT_THAT(events(), Contains("DeadlineExceeded: Job was active longer than specified deadline"));
}

TEST_F(JobControllerTest, AFailedPodIsReplacedOnlyAfterTheBackOff) {
  json::object job = makeJob(1, 1);
  job["status"] = json::object{{"startTime", "2026-11-25T21:59:00Z"}, {"uncountedTerminatedPods", json::object{}}};
  addJob(job);
  addPod("pi-crashed", "Failed");
  ASSERT_TRUE(controller_.sync("default/pi").isOk());
  EXPECT_EQ(jobStatus().at("failed").as_int64(), 1);
  auto created = [&] {
    auto summaries = writeSummaries();
    return std::count(summaries.begin(), summaries.end(), "create pods");
  };
  EXPECT_EQ(created(), 0);

  refreshJob();
  now_ += std::chrono::seconds(11);
  ASSERT_TRUE(controller_.sync("default/pi").isOk());
  EXPECT_EQ(created(), 1);
  // The cache still shows the pod with its finalizer; it must not be counted twice.
  EXPECT_EQ(jobStatus().at("failed").as_int64(), 1);
}

TEST_F(JobControllerTest, SuspendStopsThePodsAndResumeRestartsTheClock) {
  json::object job = makeJob(1, 1);
  job["spec"].as_object()["suspend"] = true;
  job["status"] = json::object{{"startTime", "2026-11-25T21:00:00Z"}, {"uncountedTerminatedPods", json::object{}}};
  addJob(job);
  addPod("pi-running", "Running");
  ASSERT_TRUE(controller_.sync("default/pi").isOk());
  EXPECT_THAT(conditionTypes(), ElementsAre("Suspended/JobSuspended"));
  EXPECT_THAT(writeSummaries(), Contains("delete pods"));
  EXPECT_THAT(events(), Contains("Suspended: Job suspended"));

  json::object stored = *api_.stored(client::resources::jobs, "default", "pi");
  stored["spec"].as_object()["suspend"] = false;
  api_.seed(client::resources::jobs, stored);
  refreshJob();
  informers_.informer(client::resources::pods).indexer().remove("default/pi-running");
  now_ += std::chrono::seconds(5);
  ASSERT_TRUE(controller_.sync("default/pi").isOk());
  EXPECT_THAT(conditionTypes(), ElementsAre("Suspended/JobResumed"));
  EXPECT_EQ(jobStatus().at("startTime").as_string(), "2026-11-25T22:00:05Z");
  EXPECT_THAT(events(), Contains("Resumed: Job resumed"));
}

TEST_F(JobControllerTest, TheBackOffDoublesWithEachFailureSinceTheLastSuccess) {
  json::object job = makeJob(1, 3);
  job["status"] = json::object{{"startTime", "2026-11-25T21:59:00Z"}, {"uncountedTerminatedPods", json::object{}}};
  addJob(job);
  addPod("pi-first", "Failed");
  ASSERT_TRUE(controller_.sync("default/pi").isOk());
  refreshJob();
  addPod("pi-second", "Failed");
  now_ += std::chrono::seconds(11);
  ASSERT_TRUE(controller_.sync("default/pi").isOk());  // second failure: 20 s from now
  auto created = [&] {
    auto summaries = writeSummaries();
    return std::count(summaries.begin(), summaries.end(), "create pods");
  };
  EXPECT_EQ(created(), 0);
  refreshJob();
  now_ += std::chrono::seconds(15);
  ASSERT_TRUE(controller_.sync("default/pi").isOk());
  EXPECT_EQ(created(), 0);
  refreshJob();
  now_ += std::chrono::seconds(6);
  ASSERT_TRUE(controller_.sync("default/pi").isOk());
  EXPECT_EQ(created(), 1);
  EXPECT_EQ(jobStatus().at("failed").as_int64(), 2);
}

TEST_F(JobControllerTest, APodWhoseJobIsGoneLosesTheTrackingFinalizer) {
  addPod("pi-left", "Running");  // its Job "pi" was never added: deleted in the background
  ASSERT_TRUE(controller_.sync("orphan-pod:default/pi-left").isOk());
  EXPECT_EQ(writeSummaries(), std::vector<std::string>{"patch pods"});
  EXPECT_EQ(api_.stored(client::resources::pods, "default", "pi-left")->at("metadata").as_object().at("finalizers").as_array().size(), 0u);
}

TEST_F(JobControllerTest, ExtraActivePodsAreDeletedWhenParallelismShrinks) {
  json::object job = makeJob(1, 5);
  job["status"] = json::object{{"startTime", "2026-11-25T21:59:00Z"}, {"uncountedTerminatedPods", json::object{}}};
  addJob(job);
  addPod("pi-a", "Running", true, /*ready=*/true);
  addPod("pi-b", "Pending");
  ASSERT_TRUE(controller_.sync("default/pi").isOk());
  std::vector<std::string> deleted;
  for (const auto& action : writes()) {
    if (action.verb == "delete") deleted.push_back(action.name);
  }
  EXPECT_THAT(deleted, ElementsAre("pi-b"));  // the one that is not ready
  // Released before it goes, so it counts neither as succeeded nor as failed.
  EXPECT_THAT(writeSummaries(), ElementsAre("patch pods", "delete pods", "update jobs/status"));
  // What a lagging cache may still show: the pod terminating with its finalizer.
  json::object stale = *informers_.informer(client::resources::pods).indexer().get("default/pi-b");
  stale["metadata"].as_object()["deletionTimestamp"] = "2026-11-25T22:00:00Z";
  informers_.informer(client::resources::pods).indexer().upsert(stale);
  refreshJob();
  ASSERT_TRUE(controller_.sync("default/pi").isOk());
  EXPECT_EQ(jobStatus().if_contains("failed"), nullptr);
}

TEST(JobTtlAfterFinishedTest, DeletesTheJobInTheForegroundOnceTheTtlHasPassed) {
  FakeApiClient api;
  client::InformerFactory informers(api);
  ControllerContext context{api, informers, {}, "test", 1};
  Clock::time_point now = kStart;
  JobTtlAfterFinishedController controller(context, [&] { return now; });
  json::object job = makeJob(1, 1);
  job["spec"].as_object()["ttlSecondsAfterFinished"] = 60;
  job["status"] = json::object{{"conditions", json::array{json::object{{"type", "Complete"}, {"status", "True"},
                                                                       {"lastTransitionTime", "2026-11-25T21:59:30Z"}}}}};
  api.seed(client::resources::jobs, job);
  informers.informer(client::resources::jobs).indexer().upsert(job);

  ASSERT_TRUE(controller.sync("default/pi").isOk());
  EXPECT_TRUE(api.writeActions().empty());
  now += std::chrono::seconds(31);
  ASSERT_TRUE(controller.sync("default/pi").isOk());
  ASSERT_EQ(api.writeSummaries(), std::vector<std::string>{"delete jobs"});
  EXPECT_EQ(api.writeActions()[0].deleteOptions.propagationPolicy, "Foreground");
}

}  // namespace
}  // namespace kubelab::controllers

namespace kubelab::controllers {
namespace {

TEST(JobIndexedTest, IndexIntervalsReadAndWriteAsKubernetesDoes) {
  EXPECT_EQ(formatIndexIntervals({0, 1, 2, 4, 6, 7}), "0-2,4,6-7");
  EXPECT_EQ(parseIndexIntervals("0-2,4,6-7"), (std::set<std::int64_t>{0, 1, 2, 4, 6, 7}));
  EXPECT_EQ(formatIndexIntervals({}), "");
}

TEST_F(JobControllerTest, IndexedJobGivesEachPodAnIndexAndCompletesIndexes) {
  json::object job = makeJob(2, 3);
  job["spec"].as_object()["completionMode"] = "Indexed";
  job["status"] = json::object{{"startTime", "2026-11-25T21:59:00Z"}, {"uncountedTerminatedPods", json::object{}}};
  addJob(job);
  addPod("pi-0-abcde", "Succeeded");
  addPod("pi-1-fghij", "Running");
  for (const char* name : {"pi-0-abcde", "pi-1-fghij"}) {
    json::object pod = *informers_.informer(client::resources::pods).indexer().get(std::string("default/") + name);
    pod["metadata"].as_object()["annotations"] = json::object{{kJobCompletionIndexAnnotation, std::string(1, name[3])}};
    informers_.informer(client::resources::pods).indexer().upsert(pod);
  }
  ASSERT_TRUE(controller_.sync("default/pi").isOk());
  EXPECT_EQ(jobStatus().at("completedIndexes").as_string(), "0");
  EXPECT_EQ(jobStatus().at("succeeded").as_int64(), 1);
  std::vector<json::object> created;
  for (const auto& action : writes()) {
    if (action.verb == "create" && action.resource.plural == "pods") created.push_back(action.object);
  }
  ASSERT_EQ(created.size(), 1u);
  EXPECT_EQ(api::stringAt(created[0], {"metadata", "annotations", kJobCompletionIndexAnnotation}), "2");
  EXPECT_EQ(api::stringAt(created[0], {"metadata", "labels", kJobCompletionIndexAnnotation}), "2");
  EXPECT_EQ(api::stringAt(created[0], {"metadata", "generateName"}), "pi-2-");
  EXPECT_EQ(api::stringAt(created[0], {"spec", "hostname"}), "pi-2");
  const json::array* env = api::arrayAt(api::arrayAt(created[0], {"spec", "containers"})->at(0).as_object(), {"env"});
  ASSERT_NE(env, nullptr);
  EXPECT_EQ(api::stringAt(env->at(0).as_object(), {"name"}), "JOB_COMPLETION_INDEX");
}

}  // namespace
}  // namespace kubelab::controllers
