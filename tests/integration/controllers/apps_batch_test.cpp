// Jobs and CronJobs through the real kubectl against the real store, API server and
// kubelab-controller-manager. No kubelet exists yet: the test reports pods Succeeded or Failed
// through pods/status itself, as a kubelet would when their containers exit.

#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <thread>

#include "api/objectmeta.h"
#include "api/timestamp.h"
#include "controlplane/controlplanefixture.h"
#include "support/eventually.h"

namespace kubelab::testing {
namespace {

namespace json = boost::json;
namespace resources = client::resources;
using namespace std::chrono_literals;

std::string describe(const CommandResult& result) { return "exit " + std::to_string(result.exitCode) + ": " + result.out + result.err; }

class BatchIntegrationTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto started = ControlPlaneFixture::start();
    ASSERT_TRUE(started) << started.status().toString();
    cluster_ = std::move(*started).release();
    Status manager = cluster_->startControllerManager({"--controllers=job,ttl-after-finished,cronjob,garbagecollector"});
    ASSERT_TRUE(manager.isOk()) << manager.toString();
    ASSERT_EQ(cluster_->kubectl({"create", "namespace", "batch"}).exitCode, 0);
  }
  static void TearDownTestSuite() {
    delete cluster_;
    cluster_ = nullptr;
  }

  CommandResult kubectl(const std::vector<std::string>& arguments, const std::string& input = "") {
    return cluster_->kubectl(arguments, input);
  }
  std::vector<json::object> podsOfJob(const std::string& job) {
    client::ListOptions options;
    options.labelSelector = "batch.kubernetes.io/job-name=" + job;
    auto pods = cluster_->client().list(resources::pods, "batch", options);
    return pods ? pods->items : std::vector<json::object>{};
  }
  // The job's one pod that has not finished yet, once it exists.
  std::optional<json::object> waitForRunnablePod(const std::string& job) {
    std::optional<json::object> found;
    eventually([&] {
      for (json::object& pod : podsOfJob(job)) {
        std::string phase = api::stringAt(pod, {"status", "phase"});
        if (phase != "Succeeded" && phase != "Failed" && api::stringAt(pod, {"metadata", "deletionTimestamp"}).empty()) {
          found = std::move(pod);
          return true;
        }
      }
      return false;
    }, 20s);
    return found;
  }
  // What the kubelet reports when the pod's containers exit.
  Status finishPod(const json::object& pod, const std::string& phase) {
    for (int attempt = 0; attempt < 5; ++attempt) {
      auto current = cluster_->client().get(resources::pods, "batch", api::name(pod));
      if (!current) return current.status();
      json::object updated = *current;
      updated["status"] = json::object{{"phase", phase}};
      auto written = cluster_->client().update(resources::pods, updated, "status");
      if (written || written.status().code() != StatusCode::Conflict) return written.status();
    }
    return conflict("pod kept changing");
  }
  std::string conditionReason(const std::string& job, const std::string& type) {
    auto object = cluster_->client().get(resources::jobs, "batch", job);
    if (!object) return "";
    const json::array* conditions = api::arrayAt(*object, {"status", "conditions"});
    if (conditions == nullptr) return "";
    for (const json::value& condition : *conditions) {
      if (api::stringAt(condition.as_object(), {"type"}) == type && api::stringAt(condition.as_object(), {"status"}) == "True") {
        return api::stringAt(condition.as_object(), {"reason"});
      }
    }
    return "";
  }

  static inline ControlPlaneFixture* cluster_ = nullptr;
};

TEST_F(BatchIntegrationTest, JobRunsToCompletionAndCountsItsPodOnce) {
  auto created = kubectl({"create", "job", "pi", "-n", "batch", "--image=busybox", "--", "echo", "3.14"});
  ASSERT_EQ(created.exitCode, 0) << describe(created);
  std::optional<json::object> pod = waitForRunnablePod("pi");
  ASSERT_TRUE(pod) << cluster_->logsOf("controller-manager");
  const json::array* finalizers = api::arrayAt(*pod, {"metadata", "finalizers"});
  ASSERT_NE(finalizers, nullptr);
  EXPECT_EQ(finalizers->at(0).as_string(), "batch.kubernetes.io/job-tracking");

  ASSERT_TRUE(finishPod(*pod, "Succeeded").isOk());
  auto waited = kubectl({"wait", "--for=condition=complete", "job/pi", "-n", "batch", "--timeout=30s"});
  ASSERT_EQ(waited.exitCode, 0) << describe(waited);
  auto job = cluster_->client().get(resources::jobs, "batch", "pi");
  ASSERT_TRUE(job);
  EXPECT_EQ(api::integerAt(*job, {"status", "succeeded"}), 1);
  EXPECT_FALSE(api::stringAt(*job, {"status", "completionTime"}).empty());
  EXPECT_EQ(conditionReason("pi", "SuccessCriteriaMet"), "CompletionsReached");
  ASSERT_TRUE(eventually([&] {
    auto finished = cluster_->client().get(resources::pods, "batch", api::name(*pod));
    const json::array* left = finished ? api::arrayAt(*finished, {"metadata", "finalizers"}) : nullptr;
    return finished && (left == nullptr || left->empty());
  }, 10s));
  EXPECT_EQ(podsOfJob("pi").size(), 1u);  // no second pod

  auto table = kubectl({"get", "job", "pi", "-n", "batch"});
  EXPECT_NE(table.out.find("Complete"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("1/1"), std::string::npos) << table.out;
  auto events = kubectl({"get", "events", "-n", "batch", "--field-selector", "involvedObject.name=pi"});
  EXPECT_NE(events.out.find("Created pod: pi-"), std::string::npos) << events.out;
  EXPECT_NE(events.out.find("Job completed"), std::string::npos) << events.out;
}

TEST_F(BatchIntegrationTest, BackoffLimitFailsTheJob) {
  auto applied = kubectl({"apply", "-f", "-"},
                         "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: flaky\n  namespace: batch\nspec:\n"
                         "  backoffLimit: 0\n  template:\n    spec:\n      restartPolicy: Never\n"
                         "      containers:\n      - name: crash\n        image: busybox\n        command: [\"false\"]\n");
  ASSERT_EQ(applied.exitCode, 0) << describe(applied);
  std::optional<json::object> pod = waitForRunnablePod("flaky");
  ASSERT_TRUE(pod);
  ASSERT_TRUE(finishPod(*pod, "Failed").isOk());
  ASSERT_TRUE(eventually([&] { return conditionReason("flaky", "Failed") == "BackoffLimitExceeded"; }, 20s));
  auto job = cluster_->client().get(resources::jobs, "batch", "flaky");
  EXPECT_EQ(api::integerAt(*job, {"status", "failed"}), 1);
  EXPECT_EQ(conditionReason("flaky", "FailureTarget"), "BackoffLimitExceeded");
  auto events = kubectl({"get", "events", "-n", "batch", "--field-selector", "involvedObject.name=flaky"});
  EXPECT_NE(events.out.find("Job has reached the specified backoff limit"), std::string::npos) << events.out;
}

TEST_F(BatchIntegrationTest, ActiveDeadlineStopsTheJob) {
  auto applied = kubectl({"apply", "-f", "-"},
                         "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: slow\n  namespace: batch\nspec:\n"
                         "  activeDeadlineSeconds: 2\n  template:\n    spec:\n      restartPolicy: Never\n"
                         "      containers:\n      - name: sleep\n        image: busybox\n        command: [\"sleep\", \"3600\"]\n");
  ASSERT_EQ(applied.exitCode, 0) << describe(applied);
  ASSERT_TRUE(waitForRunnablePod("slow"));
  ASSERT_TRUE(eventually([&] { return conditionReason("slow", "Failed") == "DeadlineExceeded"; }, 20s));
  ASSERT_TRUE(eventually([&] { return podsOfJob("slow").empty(); }, 10s));
}

TEST_F(BatchIntegrationTest, DeletingARunningJobTakesItsPodsWithIt) {
  auto applied = kubectl({"apply", "-f", "-"},
                         "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: doomed\n  namespace: batch\nspec:\n"
                         "  parallelism: 2\n  completions: 4\n  template:\n    spec:\n      restartPolicy: Never\n"
                         "      containers:\n      - name: sleep\n        image: busybox\n        command: [\"sleep\", \"3600\"]\n");
  ASSERT_EQ(applied.exitCode, 0) << describe(applied);
  ASSERT_TRUE(eventually([&] { return podsOfJob("doomed").size() == 2; }, 20s));
  // Background deletion: the Job goes at once, and its pods must not hang on the tracking finalizer.
  auto deleted = kubectl({"delete", "job", "doomed", "-n", "batch", "--wait=false"});
  ASSERT_EQ(deleted.exitCode, 0) << describe(deleted);
  EXPECT_TRUE(eventually([&] { return podsOfJob("doomed").empty(); }, 20s))
      << kubectl({"get", "pods", "-n", "batch", "-l", "batch.kubernetes.io/job-name=doomed", "-o", "yaml"}).out;
}

TEST_F(BatchIntegrationTest, FinishedJobIsDeletedAfterItsTtl) {
  auto applied = kubectl({"apply", "-f", "-"},
                         "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: brief\n  namespace: batch\nspec:\n"
                         "  ttlSecondsAfterFinished: 1\n  template:\n    spec:\n      restartPolicy: Never\n"
                         "      containers:\n      - name: echo\n        image: busybox\n");
  ASSERT_EQ(applied.exitCode, 0) << describe(applied);
  std::optional<json::object> pod = waitForRunnablePod("brief");
  ASSERT_TRUE(pod);
  ASSERT_TRUE(finishPod(*pod, "Succeeded").isOk());
  ASSERT_TRUE(eventually([&] { return !conditionReason("brief", "Complete").empty(); }, 20s));
  // Deleted in the foreground: gone, or waiting for the garbage collector to remove its pods.
  EXPECT_TRUE(eventually([&] {
    auto job = cluster_->client().get(resources::jobs, "batch", "brief");
    return !job || !api::stringAt(*job, {"metadata", "deletionTimestamp"}).empty();
  }, 15s));
}

TEST_F(BatchIntegrationTest, CronJobStartsJobsOnScheduleAndKubectlCanStartOneByHand) {
  auto created = kubectl({"create", "cronjob", "hello", "-n", "batch", "--image=busybox", "--schedule=* * * * *", "--", "date"});
  ASSERT_EQ(created.exitCode, 0) << describe(created);
  auto manual = kubectl({"create", "job", "by-hand", "--from=cronjob/hello", "-n", "batch"});
  ASSERT_EQ(manual.exitCode, 0) << describe(manual);
  auto byHand = cluster_->client().get(resources::jobs, "batch", "by-hand");
  ASSERT_TRUE(byHand);
  EXPECT_EQ(api::stringAt(*byHand, {"metadata", "annotations", "cronjob.kubernetes.io/instantiate"}), "manual");

  // The next whole minute starts "hello-<minutes since the epoch>".
  std::string scheduled;
  ASSERT_TRUE(eventually([&] {
    auto cronJob = cluster_->client().get(resources::cronJobs, "batch", "hello");
    if (!cronJob) return false;
    const json::array* active = api::arrayAt(*cronJob, {"status", "active"});
    if (active == nullptr || active->empty()) return false;
    scheduled = api::stringAt(active->at(0).as_object(), {"name"});
    return !api::stringAt(*cronJob, {"status", "lastScheduleTime"}).empty();
  }, 75s)) << cluster_->logsOf("controller-manager");
  auto cronJob = cluster_->client().get(resources::cronJobs, "batch", "hello");
  auto lastSchedule = std::chrono::floor<std::chrono::seconds>(api::parseTimestamp(api::stringAt(*cronJob, {"status", "lastScheduleTime"})));
  EXPECT_EQ(scheduled, "hello-" + std::to_string(lastSchedule.time_since_epoch().count() / 60));
  auto job = cluster_->client().get(resources::jobs, "batch", scheduled);
  ASSERT_TRUE(job);
  EXPECT_EQ(api::stringAt(*job, {"metadata", "annotations", "batch.kubernetes.io/cronjob-scheduled-timestamp"}),
            api::stringAt(*cronJob, {"status", "lastScheduleTime"}));

  // Its pod succeeds: the job completes and the cronjob records it.
  std::optional<json::object> pod = waitForRunnablePod(scheduled);
  ASSERT_TRUE(pod);
  ASSERT_TRUE(finishPod(*pod, "Succeeded").isOk());
  ASSERT_TRUE(eventually([&] {
    auto current = cluster_->client().get(resources::cronJobs, "batch", "hello");
    return current && !api::stringAt(*current, {"status", "lastSuccessfulTime"}).empty() &&
           api::arrayAt(*current, {"status", "active"}) == nullptr;
  }, 20s));
  auto described = kubectl({"describe", "cronjob", "hello", "-n", "batch"});
  EXPECT_NE(described.out.find("Last Schedule Time:"), std::string::npos) << described.out;
  EXPECT_NE(described.out.find("SawCompletedJob"), std::string::npos) << described.out;
  auto events = kubectl({"get", "events", "-n", "batch", "--field-selector", "involvedObject.name=hello"});
  EXPECT_NE(events.out.find("Created job " + scheduled), std::string::npos) << events.out;
  EXPECT_NE(events.out.find("Saw completed job: " + scheduled + ", condition: Complete"), std::string::npos) << events.out;
}

}  // namespace
}  // namespace kubelab::testing
