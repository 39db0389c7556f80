// Pace control (issue 6) end to end: the real kubectl, store, API server, kubelab-scheduler and
// kubelab-controller-manager (deployment and replicaset controllers), driven through the
// kube-system/kubelab-pace ConfigMap as the desktop app drives it. No kubelet: pods are only
// created and bound, which is what the controllers and the scheduler do.

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <chrono>
#include <thread>

#include "api/objectmeta.h"
#include "client/pacegate.h"
#include "controlplane/controlplanefixture.h"
#include "support/eventually.h"

namespace kubelab::testing {
namespace {

namespace json = boost::json;
namespace resources = client::resources;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

std::string describeResult(const CommandResult& result) {
  return "exit " + std::to_string(result.exitCode) + ": " + result.out + result.err;
}

struct PodCounts {
  int created = 0;
  int bound = 0;
};

class PaceControlTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto started = ControlPlaneFixture::start();
    ASSERT_TRUE(started) << started.status().toString();
    cluster_ = std::move(*started).release();
    ASSERT_TRUE(cluster_->createNode("node-1", "32", "64Gi").isOk());
    Status scheduler = cluster_->startScheduler();
    ASSERT_TRUE(scheduler.isOk()) << scheduler.toString();
    Status manager = cluster_->startControllerManager({"--controllers=replicaset,deployment"});
    ASSERT_TRUE(manager.isOk()) << manager.toString();
  }

  static void TearDownTestSuite() {
    delete cluster_;
    cluster_ = nullptr;
  }

  CommandResult kubectl(const std::vector<std::string>& arguments) { return cluster_->kubectl(arguments); }

  json::object paceConfigMap() {
    auto object = cluster_->client().get(resources::configMaps, client::kPaceConfigMapNamespace,
                                         client::kPaceConfigMapName);
    EXPECT_TRUE(object) << object.status().toString();
    return object ? *object : json::object{};
  }
  std::string paceData(const std::string& key) { return api::stringAt(paceConfigMap(), {"data", key}); }
  std::int64_t paceNumber(const std::string& key) {
    std::string text = paceData(key);
    return text.empty() ? 0 : std::stoll(text);
  }

  // The app's edit: read, change data, update with that resourceVersion; again on Conflict (a
  // worker claimed a step meanwhile).
  void editPace(const std::function<void(json::object& data)>& change) {
    for (int attempt = 0; attempt < 20; ++attempt) {
      json::object configMap = paceConfigMap();
      change(api::ensureObject(configMap, "data"));
      auto updated = cluster_->client().update(resources::configMaps, configMap);
      if (updated) return;
      ASSERT_EQ(updated.status().code(), StatusCode::Conflict) << updated.status().toString();
    }
    FAIL() << "editing the pace ConfigMap kept conflicting";
  }
  void setMode(const std::string& mode, const std::string& delayMilliseconds = "") {
    editPace([&](json::object& data) {
      data["mode"] = mode;
      if (!delayMilliseconds.empty()) data["delayMilliseconds"] = delayMilliseconds;
    });
  }
  // One more step: grantedSteps = max(grantedSteps, takenSteps) + 1, so an unspent older grant
  // is not banked twice.
  void grantStep() {
    editPace([](json::object& data) {
      auto number = [&data](const char* key) {
        auto* value = data.if_contains(key);
        return value && value->is_string() ? std::stoll(std::string(value->as_string())) : 0LL;
      };
      data["grantedSteps"] = std::to_string(std::max(number("grantedSteps"), number("takenSteps")) + 1);
    });
  }
  // Both processes log a mode they switch to; the ConfigMap reaches them through their informers.
  void waitForMode(const std::string& mode, std::size_t expectedLines) {
    auto seen = [&](const std::string& component) {
      std::string logs = cluster_->logsOf(component);
      std::size_t count = 0;
      for (std::size_t at = logs.find("pace control: mode " + mode); at != std::string::npos;
           at = logs.find("pace control: mode " + mode, at + 1)) {
        ++count;
      }
      return count >= expectedLines;
    };
    ASSERT_TRUE(eventually([&] { return seen("controller-manager") && seen("scheduler"); }, 10s))
        << "mode " << mode << " not seen\n" << cluster_->logsOf("controller-manager") << cluster_->logsOf("scheduler");
  }

  PodCounts pods(const std::string& app) {
    client::ListOptions options;
    options.labelSelector = "app=" + app;
    auto list = cluster_->client().list(resources::pods, "default", options);
    PodCounts counts;
    if (!list) return counts;
    for (const auto& pod : list->items) {
      ++counts.created;
      if (!api::stringAt(pod, {"spec", "nodeName"}).empty()) ++counts.bound;
    }
    return counts;
  }
  int replicaSets(const std::string& app) {
    client::ListOptions options;
    options.labelSelector = "app=" + app;
    auto list = cluster_->client().list(resources::replicaSets, "default", options);
    return list ? static_cast<int>(list->items.size()) : -1;
  }

  // Seconds from `kubectl create deployment` until its `replicas` pods are all bound.
  double timeRollout(const std::string& name, int replicas) {
    auto started = Clock::now();
    auto created = kubectl({"create", "deployment", name, "--image=nginx", "--replicas=" + std::to_string(replicas)});
    EXPECT_EQ(created.exitCode, 0) << describeResult(created);
    EXPECT_TRUE(eventually([&] { return pods(name).bound == replicas; }, 30s));
    return std::chrono::duration<double>(Clock::now() - started).count();
  }

  static ControlPlaneFixture* cluster_;
};

ControlPlaneFixture* PaceControlTest::cluster_ = nullptr;

TEST_F(PaceControlTest, PausedThenSteppedThenRun) {
  auto created = kubectl({"create", "configmap", client::kPaceConfigMapName, "-n", client::kPaceConfigMapNamespace,
                          "--from-literal=mode=paused"});
  ASSERT_EQ(created.exitCode, 0) << describeResult(created);
  waitForMode("paused", 1);

  // Paused: the Deployment is stored, but no controller acts on it.
  created = kubectl({"create", "deployment", "web", "--image=nginx", "--replicas=3"});
  ASSERT_EQ(created.exitCode, 0) << describeResult(created);
  std::this_thread::sleep_for(3s);
  EXPECT_EQ(replicaSets("web"), 0);
  EXPECT_EQ(pods("web").created, 0);

  // Step: the first grant runs exactly one sync, the Deployment's, which creates the ReplicaSet.
  setMode("step");
  waitForMode("step", 1);
  std::this_thread::sleep_for(500ms);
  EXPECT_EQ(paceNumber("takenSteps"), 0);
  EXPECT_EQ(replicaSets("web"), 0);
  grantStep();
  ASSERT_TRUE(eventually([&] { return replicaSets("web") == 1; }, 10s));
  EXPECT_EQ(paceNumber("takenSteps"), 1);
  json::object first = json::parse(paceData("lastStep")).as_object();
  EXPECT_EQ(first.at("component").as_string(), "kubelab-controller-manager");
  EXPECT_EQ(first.at("queue").as_string(), "deployment");
  EXPECT_EQ(first.at("key").as_string(), "default/web");
  EXPECT_EQ(first.at("step").as_int64(), 1);
  // ... and nothing else until the next grant, though the new ReplicaSet is waiting.
  std::this_thread::sleep_for(2s);
  EXPECT_EQ(paceNumber("takenSteps"), 1);
  EXPECT_EQ(pods("web").created, 0);

  // More steps, one at a time: the ReplicaSet's sync creates the pods, then the scheduler binds
  // them, one pod per step of its own.
  int schedulerSteps = 0;
  int replicaSetSteps = 0;
  for (int step = 2; step <= 40 && pods("web").bound < 3; ++step) {
    int boundBefore = pods("web").bound;
    grantStep();
    if (!eventually([&] { return paceNumber("takenSteps") == step; }, 5s)) {
      FAIL() << "step " << step << " was not taken; lastStep " << paceData("lastStep");
    }
    json::object lastStep = json::parse(paceData("lastStep")).as_object();
    std::cout << "step " << step << ": " << json::serialize(lastStep) << "\n";
    EXPECT_EQ(lastStep.at("step").as_int64(), step);
    std::string queue(lastStep.at("queue").as_string());
    if (queue == "scheduler") {
      ++schedulerSteps;
      EXPECT_EQ(lastStep.at("component").as_string(), "kubelab-scheduler");
      EXPECT_TRUE(eventually([&] { return pods("web").bound == boundBefore + 1; }, 5s)) << "step " << step;
    } else if (queue == "replicaset") {
      ++replicaSetSteps;
      EXPECT_EQ(lastStep.at("component").as_string(), "kubelab-controller-manager");
    }
    std::this_thread::sleep_for(300ms);  // a sync that ran without a step would show here
    EXPECT_EQ(paceNumber("takenSteps"), step);
    EXPECT_LE(pods("web").bound, schedulerSteps) << "a pod was bound without a step of its own";
    if (replicaSetSteps == 0) {
      EXPECT_EQ(pods("web").created, 0) << "pods created without a replicaset step";
    }
  }
  EXPECT_EQ(pods("web").bound, 3);
  EXPECT_EQ(schedulerSteps, 3);
  EXPECT_GE(replicaSetSteps, 1);

  // Run: the rest (the Deployment's and ReplicaSet's status) finishes without steps.
  setMode("run");
  waitForMode("run", 1);
  ASSERT_TRUE(eventually(
      [&] {
        auto deployment = cluster_->client().get(resources::deployments, "default", "web");
        return deployment && api::integerAt(*deployment, {"status", "replicas"}) == 3;
      },
      10s));
  auto scaled = kubectl({"scale", "deployment", "web", "--replicas=5"});
  ASSERT_EQ(scaled.exitCode, 0) << describeResult(scaled);
  EXPECT_TRUE(eventually([&] { return pods("web").bound == 5; }, 10s));
}

TEST_F(PaceControlTest, SlowModeSlowsARollout) {
  // Already there when the first test ran.
  (void)kubectl({"create", "configmap", client::kPaceConfigMapName, "-n", client::kPaceConfigMapNamespace,
                 "--from-literal=mode=run"});
  setMode("run");
  double runSeconds = timeRollout("quick", 3);
  setMode("slow", "500");
  waitForMode("slow", 1);
  double slowSeconds = timeRollout("slow", 3);
  setMode("run");
  std::cout << "3-replica rollout to bound: run " << runSeconds << " s, slow (500 ms) " << slowSeconds << " s\n";
  // At least the Deployment's sync, the ReplicaSet's and three scheduling cycles, 500 ms each.
  EXPECT_GE(slowSeconds, 2.5);
  EXPECT_GT(slowSeconds, runSeconds + 1.5);
}

}  // namespace
}  // namespace kubelab::testing
