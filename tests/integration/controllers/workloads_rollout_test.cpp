// ReplicaSets, ReplicationControllers and Deployments driven by the real kubectl against the
// real store, API server and kubelab-controller-manager. No kubelet exists yet: a helper thread
// plays one, marking every new pod Running and Ready.

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include <atomic>
#include <chrono>
#include <set>
#include <thread>

#include "api/objectmeta.h"
#include "controlplane/controlplanefixture.h"
#include "support/eventually.h"

namespace kubelab::testing {
namespace {

namespace json = boost::json;
namespace resources = client::resources;
using namespace std::chrono_literals;

std::string describeResult(const CommandResult& result) {
  return "exit " + std::to_string(result.exitCode) + ": " + result.out + result.err;
}

class WorkloadsIntegrationTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto started = ControlPlaneFixture::start();
    ASSERT_TRUE(started) << started.status().toString();
    cluster_ = std::move(*started).release();
    Status manager = cluster_->startControllerManager({"--controllers=replicaset,replicationcontroller,deployment"});
    ASSERT_TRUE(manager.isOk()) << manager.toString();
    stopKubelet_ = false;
    kubelet_ = std::thread(runFakeKubelet);
  }

  static void TearDownTestSuite() {
    stopKubelet_ = true;
    if (kubelet_.joinable()) kubelet_.join();
    delete cluster_;
    cluster_ = nullptr;
  }

  // Marks every pod that is not yet Running and Ready, as a kubelet would once it started it.
  static void runFakeKubelet() {
    while (!stopKubelet_) {
      auto pods = cluster_->client().list(resources::pods, "");
      if (pods) {
        for (const auto& pod : pods->items) {
          if (!api::stringAt(pod, {"metadata", "deletionTimestamp"}).empty()) continue;
          if (api::stringAt(pod, {"status", "phase"}) == "Running") continue;
          // An image tagged "never-ready" runs but never passes its readiness probe.
          const auto* containers = api::arrayAt(pod, {"spec", "containers"});
          std::string image = containers && !containers->empty()
                                  ? api::stringAt(containers->at(0).as_object(), {"image"})
                                  : std::string();
          bool ready = image.find(":never-ready") == std::string::npos;
          Status marked = cluster_->markPodRunning(api::namespaceOf(pod), api::name(pod), ready);
          (void)marked;  // a pod deleted meanwhile is fine
        }
      }
      std::this_thread::sleep_for(50ms);
    }
  }

  CommandResult kubectl(const std::vector<std::string>& arguments, const std::string& input = "") {
    return cluster_->kubectl(arguments, input);
  }

  void createNamespace(const std::string& ns) {
    auto result = kubectl({"create", "namespace", ns});
    ASSERT_EQ(result.exitCode, 0) << describeResult(result);
  }

  void apply(const std::string& manifest) {
    auto result = kubectl({"apply", "-f", "-"}, manifest);
    ASSERT_EQ(result.exitCode, 0) << describeResult(result);
  }

  std::vector<json::object> activePods(const std::string& ns) {
    std::vector<json::object> active;
    auto pods = cluster_->client().list(resources::pods, ns);
    if (!pods) return active;
    for (auto& pod : pods->items) {
      if (api::stringAt(pod, {"metadata", "deletionTimestamp"}).empty()) active.push_back(std::move(pod));
    }
    return active;
  }

  bool waitForPods(const std::string& ns, std::size_t count, std::chrono::milliseconds timeout = 20s) {
    return eventually([&] { return activePods(ns).size() == count; }, timeout);
  }

  std::vector<json::object> replicaSets(const std::string& ns) {
    auto list = cluster_->client().list(resources::replicaSets, ns);
    return list ? list->items : std::vector<json::object>{};
  }

  std::string rolloutStatus(const std::string& ns, const std::string& name) {
    auto result = kubectl({"rollout", "status", "deployment/" + name, "-n", ns, "--timeout=60s"});
    EXPECT_EQ(result.exitCode, 0) << describeResult(result);
    return result.out;
  }

  std::string deploymentImage(const std::string& ns, const std::string& name) {
    auto deployment = cluster_->client().get(resources::deployments, ns, name);
    if (!deployment) return "";
    return api::stringAt(api::arrayAt(*deployment, {"spec", "template", "spec", "containers"})->at(0).as_object(),
                         {"image"});
  }

  static inline ControlPlaneFixture* cluster_ = nullptr;
  static inline std::thread kubelet_;
  static inline std::atomic<bool> stopKubelet_{false};
};

std::string replicaSetManifest(const std::string& ns, int replicas) {
  return "apiVersion: apps/v1\nkind: ReplicaSet\nmetadata:\n  name: frontend\n  namespace: " + ns +
         "\nspec:\n  replicas: " + std::to_string(replicas) +
         "\n  selector:\n    matchLabels:\n      tier: frontend\n  template:\n    metadata:\n      labels:\n"
         "        tier: frontend\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.25\n";
}

std::string deploymentManifest(const std::string& ns, int replicas, const std::string& image,
                               const std::string& extraSpec = "") {
  return "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: " + ns +
         "\nspec:\n" + extraSpec + "  replicas: " + std::to_string(replicas) +
         "\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n"
         "        app: web\n    spec:\n      containers:\n      - name: web\n        image: " +
         image + "\n";
}

TEST_F(WorkloadsIntegrationTest, ReplicaSetReplacesDeletedPodsAndScales) {
  createNamespace("rs");
  apply(replicaSetManifest("rs", 3));
  ASSERT_TRUE(waitForPods("rs", 3)) << activePods("rs").size();
  for (const auto& pod : activePods("rs")) {
    EXPECT_EQ(api::stringAt(pod, {"metadata", "generateName"}), "frontend-");
    EXPECT_EQ(api::stringAt(api::arrayAt(pod, {"metadata", "ownerReferences"})->at(0).as_object(), {"kind"}),
              "ReplicaSet");
  }
  // A deleted pod is replaced by a new one.
  std::string victim = api::name(activePods("rs").front());
  auto deleted = kubectl({"delete", "pod", victim, "-n", "rs", "--wait=false"});
  ASSERT_EQ(deleted.exitCode, 0) << describeResult(deleted);
  ASSERT_TRUE(eventually(
      [&] {
        auto pods = activePods("rs");
        return pods.size() == 3 &&
               std::none_of(pods.begin(), pods.end(), [&](const json::object& pod) { return api::name(pod) == victim; });
      },
      20s));
  // Status as kubectl shows it.
  ASSERT_TRUE(eventually(
      [&] {
        auto result = kubectl({"get", "rs", "frontend", "-n", "rs", "-o", "jsonpath={.status.readyReplicas}"});
        return result.out == "3";
      },
      20s));
  auto scaled = kubectl({"scale", "rs", "frontend", "-n", "rs", "--replicas=1"});
  ASSERT_EQ(scaled.exitCode, 0) << describeResult(scaled);
  ASSERT_TRUE(waitForPods("rs", 1)) << activePods("rs").size();

  auto events = kubectl({"get", "events", "-n", "rs", "--field-selector", "involvedObject.kind=ReplicaSet"});
  EXPECT_NE(events.out.find("SuccessfulCreate"), std::string::npos) << events.out;
  EXPECT_NE(events.out.find("Created pod: frontend-"), std::string::npos) << events.out;
  EXPECT_NE(events.out.find("Deleted pod: frontend-"), std::string::npos) << events.out;
}

TEST_F(WorkloadsIntegrationTest, ReplicaSetAdoptsAMatchingOrphanInsteadOfCreatingAnotherPod) {
  createNamespace("adopt");
  auto orphan = kubectl({"run", "stray", "-n", "adopt", "--image=nginx", "--labels=tier=frontend"});
  ASSERT_EQ(orphan.exitCode, 0) << describeResult(orphan);
  apply(replicaSetManifest("adopt", 2));
  ASSERT_TRUE(eventually(
      [&] {
        auto stray = cluster_->client().get(resources::pods, "adopt", "stray");
        return stray && api::arrayAt(*stray, {"metadata", "ownerReferences"}) != nullptr;
      },
      20s));
  ASSERT_TRUE(waitForPods("adopt", 2));
  std::this_thread::sleep_for(500ms);
  EXPECT_EQ(activePods("adopt").size(), 2u);
  // Relabelled, it is released and replaced.
  ASSERT_EQ(kubectl({"label", "pod", "stray", "-n", "adopt", "tier=debug", "--overwrite"}).exitCode, 0);
  ASSERT_TRUE(eventually(
      [&] {
        auto stray = cluster_->client().get(resources::pods, "adopt", "stray");
        const auto* references = stray ? api::arrayAt(*stray, {"metadata", "ownerReferences"}) : nullptr;
        return stray && (references == nullptr || references->empty());
      },
      20s));
  ASSERT_TRUE(waitForPods("adopt", 3));  // two owned, one released
}

TEST_F(WorkloadsIntegrationTest, QuotaRefusalsShowAsFailedCreateAndReplicaFailure) {
  createNamespace("quota");
  auto quota = kubectl({"create", "quota", "pods-limit", "--hard=pods=2", "-n", "quota"});
  ASSERT_EQ(quota.exitCode, 0) << describeResult(quota);
  apply(replicaSetManifest("quota", 3));
  ASSERT_TRUE(waitForPods("quota", 2));
  auto condition = [&](const std::string& field) {
    return kubectl({"get", "rs", "frontend", "-n", "quota", "-o",
                    "jsonpath={.status.conditions[?(@.type==\"ReplicaFailure\")]." + field + "}"})
        .out;
  };
  ASSERT_TRUE(eventually([&] { return condition("reason") == "FailedCreate"; }, 20s));
  EXPECT_NE(condition("message").find("exceeded quota: pods-limit"), std::string::npos) << condition("message");
  auto events = kubectl({"get", "events", "-n", "quota", "--field-selector", "reason=FailedCreate"});
  EXPECT_NE(events.out.find("Error creating: pods"), std::string::npos) << events.out;
  EXPECT_NE(events.out.find("is forbidden: exceeded quota: pods-limit"), std::string::npos) << events.out;
  // Within the quota again, the condition goes away.
  ASSERT_EQ(kubectl({"scale", "rs", "frontend", "-n", "quota", "--replicas=2"}).exitCode, 0);
  ASSERT_TRUE(eventually([&] { return condition("reason").empty(); }, 20s)) << condition("reason");
}

TEST_F(WorkloadsIntegrationTest, ReplicationControllerKeepsItsPods) {
  createNamespace("rc");
  apply("apiVersion: v1\nkind: ReplicationController\nmetadata:\n  name: legacy\n  namespace: rc\nspec:\n"
        "  replicas: 2\n  selector:\n    app: legacy\n  template:\n    metadata:\n      labels:\n        app: legacy\n"
        "    spec:\n      containers:\n      - name: web\n        image: nginx\n");
  ASSERT_TRUE(waitForPods("rc", 2));
  EXPECT_EQ(api::stringAt(api::arrayAt(activePods("rc").front(), {"metadata", "ownerReferences"})->at(0).as_object(),
                          {"kind"}),
            "ReplicationController");
  ASSERT_TRUE(eventually(
      [&] {
        return kubectl({"get", "rc", "legacy", "-n", "rc", "-o", "jsonpath={.status.availableReplicas}"}).out == "2";
      },
      20s));
}

TEST_F(WorkloadsIntegrationTest, DeploymentRolloutHistoryUndoPauseResumeRestartAndScale) {
  createNamespace("deploy");
  apply(deploymentManifest("deploy", 3, "nginx:1.25"));
  EXPECT_NE(rolloutStatus("deploy", "web").find("deployment \"web\" successfully rolled out"), std::string::npos);
  ASSERT_EQ(replicaSets("deploy").size(), 1u);
  std::string firstReplicaSet = api::name(replicaSets("deploy").front());

  auto setImage = kubectl({"set", "image", "deployment/web", "web=nginx:1.26", "-n", "deploy"});
  ASSERT_EQ(setImage.exitCode, 0) << describeResult(setImage);
  rolloutStatus("deploy", "web");
  ASSERT_EQ(replicaSets("deploy").size(), 2u);
  ASSERT_TRUE(waitForPods("deploy", 3));
  for (const auto& pod : activePods("deploy")) {
    EXPECT_EQ(api::stringAt(api::arrayAt(pod, {"spec", "containers"})->at(0).as_object(), {"image"}), "nginx:1.26");
  }

  auto history = kubectl({"rollout", "history", "deployment/web", "-n", "deploy"});
  ASSERT_EQ(history.exitCode, 0) << describeResult(history);
  EXPECT_NE(history.out.find("1         <none>"), std::string::npos) << history.out;
  EXPECT_NE(history.out.find("2         <none>"), std::string::npos) << history.out;

  auto undo = kubectl({"rollout", "undo", "deployment/web", "-n", "deploy"});
  ASSERT_EQ(undo.exitCode, 0) << describeResult(undo);
  EXPECT_NE(undo.out.find("deployment.apps/web rolled back"), std::string::npos) << undo.out;
  rolloutStatus("deploy", "web");
  EXPECT_EQ(deploymentImage("deploy", "web"), "nginx:1.25");
  // The first ReplicaSet came back as revision 3.
  auto reused = cluster_->client().get(resources::replicaSets, "deploy", firstReplicaSet);
  ASSERT_TRUE(reused);
  EXPECT_EQ(api::stringAt(*reused, {"metadata", "annotations", "deployment.kubernetes.io/revision"}), "3");
  EXPECT_EQ(api::stringAt(*reused, {"metadata", "annotations", "deployment.kubernetes.io/revision-history"}), "1");
  ASSERT_EQ(replicaSets("deploy").size(), 2u);

  // Paused: a template change makes no new ReplicaSet until resumed.
  ASSERT_EQ(kubectl({"rollout", "pause", "deployment/web", "-n", "deploy"}).exitCode, 0);
  ASSERT_EQ(kubectl({"set", "image", "deployment/web", "web=nginx:1.27", "-n", "deploy"}).exitCode, 0);
  std::this_thread::sleep_for(1s);
  EXPECT_EQ(replicaSets("deploy").size(), 2u);
  auto paused = kubectl({"get", "deployment", "web", "-n", "deploy", "-o",
                         "jsonpath={.status.conditions[?(@.type==\"Progressing\")].reason}"});
  EXPECT_EQ(paused.out, "DeploymentPaused");
  ASSERT_EQ(kubectl({"rollout", "resume", "deployment/web", "-n", "deploy"}).exitCode, 0);
  rolloutStatus("deploy", "web");
  EXPECT_EQ(replicaSets("deploy").size(), 3u);

  // restart stamps the template, which is a new revision.
  auto restart = kubectl({"rollout", "restart", "deployment/web", "-n", "deploy"});
  ASSERT_EQ(restart.exitCode, 0) << describeResult(restart);
  rolloutStatus("deploy", "web");
  EXPECT_EQ(replicaSets("deploy").size(), 4u);

  auto scale = kubectl({"scale", "deployment/web", "--replicas=5", "-n", "deploy"});
  ASSERT_EQ(scale.exitCode, 0) << describeResult(scale);
  rolloutStatus("deploy", "web");
  ASSERT_TRUE(waitForPods("deploy", 5)) << activePods("deploy").size();

  auto describe = kubectl({"describe", "deployment", "web", "-n", "deploy"});
  EXPECT_NE(describe.out.find("ScalingReplicaSet"), std::string::npos) << describe.out;
  EXPECT_NE(describe.out.find("Scaled up replica set web-"), std::string::npos) << describe.out;
  EXPECT_NE(describe.out.find("Scaled down replica set web-"), std::string::npos) << describe.out;
  EXPECT_NE(describe.out.find("NewReplicaSetAvailable"), std::string::npos) << describe.out;
  EXPECT_NE(describe.out.find("MinimumReplicasAvailable"), std::string::npos) << describe.out;
}

TEST_F(WorkloadsIntegrationTest, RecreateDeploymentReplacesEveryPod) {
  createNamespace("recreate");
  apply(deploymentManifest("recreate", 2, "nginx:1.25") + "  strategy:\n    type: Recreate\n");
  rolloutStatus("recreate", "web");
  std::set<std::string> before;
  for (const auto& pod : activePods("recreate")) before.insert(api::name(pod));
  ASSERT_EQ(kubectl({"set", "image", "deployment/web", "web=nginx:1.26", "-n", "recreate"}).exitCode, 0);
  rolloutStatus("recreate", "web");
  ASSERT_TRUE(waitForPods("recreate", 2));
  for (const auto& pod : activePods("recreate")) EXPECT_EQ(before.count(api::name(pod)), 0u);
}

TEST_F(WorkloadsIntegrationTest, RolloutThatMakesNoProgressExceedsItsDeadline) {
  createNamespace("stuck");
  apply(deploymentManifest("stuck", 2, "nginx:1.25", "  progressDeadlineSeconds: 2\n"));
  rolloutStatus("stuck", "web");
  ASSERT_EQ(kubectl({"set", "image", "deployment/web", "web=nginx:never-ready", "-n", "stuck"}).exitCode, 0);
  auto status = kubectl({"rollout", "status", "deployment/web", "-n", "stuck", "--timeout=30s"});
  EXPECT_NE(status.exitCode, 0) << describeResult(status);
  EXPECT_NE(status.err.find("error: deployment \"web\" exceeded its progress deadline"), std::string::npos)
      << describeResult(status);
  auto reason = kubectl({"get", "deployment", "web", "-n", "stuck", "-o",
                         "jsonpath={.status.conditions[?(@.type==\"Progressing\")].reason}"});
  EXPECT_EQ(reason.out, "ProgressDeadlineExceeded");
  // maxUnavailable 25% of 2 rounds down to 0: both old pods keep serving.
  auto available = kubectl({"get", "deployment", "web", "-n", "stuck", "-o", "jsonpath={.status.availableReplicas}"});
  EXPECT_EQ(available.out, "2");

  // Scaled to 4 mid-rollout (2 old + 1 new, scaled for 3; now 5 are allowed): the 2 extra
  // replicas are spread by size, round(2 * 5 / 3) - 2 = 1 and round(1 * 5 / 3) - 1 = 1.
  ASSERT_EQ(kubectl({"scale", "deployment/web", "--replicas=4", "-n", "stuck"}).exitCode, 0);
  auto sizes = [&] {
    std::multiset<std::int64_t> replicas;
    for (const auto& replicaSet : replicaSets("stuck")) replicas.insert(api::integerAt(replicaSet, {"spec", "replicas"}));
    return replicas;
  };
  ASSERT_TRUE(eventually([&] { return sizes() == std::multiset<std::int64_t>{2, 3}; }, 20s))
      << ::testing::PrintToString(sizes());
}

TEST_F(WorkloadsIntegrationTest, MinReadySecondsHistoryLimitAndUndoToRevision) {
  createNamespace("history");
  auto started = std::chrono::steady_clock::now();
  apply(deploymentManifest("history", 1, "nginx:1.25", "  minReadySeconds: 2\n  revisionHistoryLimit: 1\n"));
  rolloutStatus("history", "web");
  // Ready at once (the fake kubelet), but available only after minReadySeconds (timestamps
  // have whole seconds, so allow one second less).
  EXPECT_GE(std::chrono::steady_clock::now() - started, 1s);
  ASSERT_EQ(kubectl({"set", "image", "deployment/web", "web=nginx:1.26", "-n", "history"}).exitCode, 0);
  rolloutStatus("history", "web");
  // A change cause given with the change is copied to the new ReplicaSet, where history reads it.
  auto patched = kubectl({"patch", "deployment/web", "-n", "history", "--type=merge", "-p",
                          R"({"metadata":{"annotations":{"kubernetes.io/change-cause":"move to 1.27"}},)"
                          R"("spec":{"template":{"spec":{"containers":[{"name":"web","image":"nginx:1.27"}]}}}})"});
  ASSERT_EQ(patched.exitCode, 0) << describeResult(patched);
  rolloutStatus("history", "web");
  // One old ReplicaSet is kept besides the current one.
  ASSERT_TRUE(eventually([&] { return replicaSets("history").size() == 2; }, 20s)) << replicaSets("history").size();
  auto history = kubectl({"rollout", "history", "deployment/web", "-n", "history"});
  EXPECT_EQ(history.out.find("1         <none>"), std::string::npos) << history.out;
  EXPECT_NE(history.out.find("2         <none>"), std::string::npos) << history.out;
  EXPECT_NE(history.out.find("3         move to 1.27"), std::string::npos) << history.out;
  auto revision = kubectl({"rollout", "history", "deployment/web", "-n", "history", "--revision=3"});
  EXPECT_NE(revision.out.find("nginx:1.27"), std::string::npos) << revision.out;

  auto gone = kubectl({"rollout", "undo", "deployment/web", "-n", "history", "--to-revision=1"});
  EXPECT_NE(gone.exitCode, 0);
  EXPECT_NE(gone.err.find("unable to find specified revision 1 in history"), std::string::npos)
      << describeResult(gone);
  auto undo = kubectl({"rollout", "undo", "deployment/web", "-n", "history", "--to-revision=2"});
  ASSERT_EQ(undo.exitCode, 0) << describeResult(undo);
  rolloutStatus("history", "web");
  EXPECT_EQ(deploymentImage("history", "web"), "nginx:1.26");
}

}  // namespace
}  // namespace kubelab::testing
