// StatefulSets and DaemonSets through the real kubectl against the real store, API server,
// kubelab-controller-manager and kubelab-scheduler. No kubelet exists yet: the test plays one,
// marking pods Running and Ready, and turns that off where the order of events is the point.

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include <atomic>
#include <chrono>
#include <iterator>
#include <set>
#include <sstream>
#include <thread>

#include "api/objectmeta.h"
#include "controlplane/controlplanefixture.h"
#include "support/eventually.h"

namespace kubelab::testing {
namespace {

namespace json = boost::json;
namespace resources = client::resources;
using namespace std::chrono_literals;

std::string describe(const CommandResult& result) { return "exit " + std::to_string(result.exitCode) + ": " + result.out + result.err; }

class AppsIntegrationTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto started = ControlPlaneFixture::start();
    ASSERT_TRUE(started) << started.status().toString();
    cluster_ = std::move(*started).release();
    Status manager = cluster_->startControllerManager({"--controllers=statefulset,daemonset,garbagecollector"});
    ASSERT_TRUE(manager.isOk()) << manager.toString();
    Status scheduler = cluster_->startScheduler();
    ASSERT_TRUE(scheduler.isOk()) << scheduler.toString();
    stop_ = false;
    kubelet_ = std::thread(runFakeKubelet);
  }

  static void TearDownTestSuite() {
    stop_ = true;
    if (kubelet_.joinable()) kubelet_.join();
    delete cluster_;
    cluster_ = nullptr;
  }

  // Marks each pod Running and Ready (once bound, where that matters) and finishes graceful
  // deletions, as a kubelet would, while enabled.
  static void runFakeKubelet() {
    while (!stop_) {
      if (kubeletEnabled_) {
        auto pods = cluster_->client().list(resources::pods, "");
        if (pods) {
          for (const auto& pod : pods->items) {
            if (!api::stringAt(pod, {"metadata", "deletionTimestamp"}).empty()) {
              // A kubelet confirms a graceful deletion once the containers have stopped.
              client::DeleteOptions now;
              now.gracePeriodSeconds = 0;
              (void)cluster_->client().remove(resources::pods, api::namespaceOf(pod), api::name(pod), now);
              continue;
            }
            if (api::stringAt(pod, {"status", "phase"}) == "Running") continue;
            if (requireBinding_ && api::stringAt(pod, {"spec", "nodeName"}).empty()) continue;
            (void)cluster_->markPodRunning(api::namespaceOf(pod), api::name(pod));
          }
        }
      }
      std::this_thread::sleep_for(50ms);
    }
  }

  // A failed test may have left the fake kubelet paused.
  void SetUp() override {
    kubeletEnabled_ = true;
    requireBinding_ = false;
  }

  CommandResult kubectl(const std::vector<std::string>& arguments, const std::string& input = "") {
    return cluster_->kubectl(arguments, input);
  }
  void apply(const std::string& manifest) {
    auto result = kubectl({"apply", "-f", "-"}, manifest);
    ASSERT_EQ(result.exitCode, 0) << describe(result);
  }
  std::set<std::string> livePodNames(const std::string& ns) {
    std::set<std::string> names;
    auto pods = cluster_->client().list(resources::pods, ns);
    if (!pods) return names;
    for (const auto& pod : pods->items) {
      if (api::stringAt(pod, {"metadata", "deletionTimestamp"}).empty()) names.insert(api::name(pod));
    }
    return names;
  }
  std::vector<json::object> livePods(const std::string& ns) {
    std::vector<json::object> result;
    auto pods = cluster_->client().list(resources::pods, ns);
    if (!pods) return result;
    for (auto& pod : pods->items) {
      if (api::stringAt(pod, {"metadata", "deletionTimestamp"}).empty()) result.push_back(std::move(pod));
    }
    return result;
  }

  static inline ControlPlaneFixture* cluster_ = nullptr;
  static inline std::thread kubelet_;
  static inline std::atomic<bool> stop_{false};
  static inline std::atomic<bool> kubeletEnabled_{true};
  static inline std::atomic<bool> requireBinding_{false};
};

std::string statefulSetManifest(const std::string& ns, int replicas, const std::string& image) {
  return "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web\n  namespace: " + ns +
         "\nspec:\n  serviceName: nginx\n  replicas: " + std::to_string(replicas) +
         "\n  selector:\n    matchLabels:\n      app: nginx\n  template:\n    metadata:\n      labels:\n        app: nginx\n"
         "    spec:\n      containers:\n      - name: nginx\n        image: " + image +
         "\n        volumeMounts:\n        - name: www\n          mountPath: /usr/share/nginx/html\n"
         "  volumeClaimTemplates:\n  - metadata:\n      name: www\n    spec:\n      accessModes: [\"ReadWriteOnce\"]\n"
         "      resources:\n        requests:\n          storage: 1Gi\n";
}

TEST_F(AppsIntegrationTest, StatefulSetStartsInOrderKeepsClaimsAndRollsOut) {
  ASSERT_EQ(kubectl({"create", "namespace", "stateful"}).exitCode, 0);
  kubeletEnabled_ = false;
  apply(statefulSetManifest("stateful", 3, "nginx:1.25"));
  ASSERT_TRUE(eventually([&] { return livePodNames("stateful").size() == 1; }, 20s));
  std::this_thread::sleep_for(1500ms);  // OrderedReady: web-1 waits for web-0 to be Ready
  EXPECT_EQ(livePodNames("stateful"), (std::set<std::string>{"web-0"}));
  ASSERT_TRUE(cluster_->markPodRunning("stateful", "web-0").isOk());
  ASSERT_TRUE(eventually([&] { return livePodNames("stateful").count("web-1") == 1; }, 20s));
  EXPECT_EQ(livePodNames("stateful").count("web-2"), 0u);
  kubeletEnabled_ = true;

  auto rollout = kubectl({"rollout", "status", "statefulset/web", "-n", "stateful", "--timeout=60s"});
  ASSERT_EQ(rollout.exitCode, 0) << describe(rollout);
  EXPECT_NE(rollout.out.find("partitioned roll out complete: 3 new pods have been updated"), std::string::npos) << rollout.out;
  EXPECT_EQ(livePodNames("stateful"), (std::set<std::string>{"web-0", "web-1", "web-2"}));

  auto described = kubectl({"describe", "statefulset", "web", "-n", "stateful"});
  EXPECT_NE(described.out.find("create Pod web-2 in StatefulSet web successful"), std::string::npos) << described.out;
  auto claims = kubectl({"get", "pvc", "-n", "stateful", "-o", "name"});
  EXPECT_EQ(claims.out, "persistentvolumeclaim/www-web-0\npersistentvolumeclaim/www-web-1\npersistentvolumeclaim/www-web-2\n");
  auto pod = cluster_->client().get(resources::pods, "stateful", "web-1");
  ASSERT_TRUE(pod);
  EXPECT_EQ(api::stringAt(*pod, {"metadata", "labels", "statefulset.kubernetes.io/pod-name"}), "web-1");
  EXPECT_EQ(api::stringAt(*pod, {"metadata", "labels", "apps.kubernetes.io/pod-index"}), "1");
  EXPECT_EQ(api::stringAt(*pod, {"spec", "hostname"}), "web-1");

  // Rolling update: every pod ends on the new image, and the revision history has both.
  auto setImage = kubectl({"set", "image", "statefulset/web", "nginx=nginx:1.26", "-n", "stateful"});
  ASSERT_EQ(setImage.exitCode, 0) << describe(setImage);
  rollout = kubectl({"rollout", "status", "statefulset/web", "-n", "stateful", "--timeout=60s"});
  ASSERT_EQ(rollout.exitCode, 0) << describe(rollout);
  ASSERT_TRUE(eventually([&] {
    auto set = cluster_->client().get(resources::statefulSets, "stateful", "web");
    return set && api::stringAt(*set, {"status", "currentRevision"}) == api::stringAt(*set, {"status", "updateRevision"}) &&
           api::integerAt(*set, {"status", "updatedReplicas"}) == 3;
  }, 30s));
  for (const json::object& live : livePods("stateful")) {
    EXPECT_EQ(api::stringAt(api::arrayAt(live, {"spec", "containers"})->at(0).as_object(), {"image"}), "nginx:1.26");
  }
  auto history = kubectl({"rollout", "history", "statefulset/web", "-n", "stateful"});
  EXPECT_EQ(history.exitCode, 0) << describe(history);
  EXPECT_NE(history.out.find("2 "), std::string::npos) << history.out;

  // Scale down: web-2 then web-1 go; their claims stay.
  ASSERT_EQ(kubectl({"scale", "statefulset/web", "--replicas=1", "-n", "stateful"}).exitCode, 0);
  ASSERT_TRUE(eventually([&] { return livePodNames("stateful") == std::set<std::string>{"web-0"}; }, 30s));
  claims = kubectl({"get", "pvc", "-n", "stateful", "-o", "name"});
  EXPECT_EQ(claims.out, "persistentvolumeclaim/www-web-0\npersistentvolumeclaim/www-web-1\npersistentvolumeclaim/www-web-2\n");

  // Orphaned by a delete, web-0 is adopted by the next StatefulSet that selects it, not replaced.
  auto before = cluster_->client().get(resources::pods, "stateful", "web-0");
  ASSERT_TRUE(before);
  auto orphaned = kubectl({"delete", "statefulset", "web", "-n", "stateful", "--cascade=orphan"});
  ASSERT_EQ(orphaned.exitCode, 0) << describe(orphaned);
  apply(statefulSetManifest("stateful", 1, "nginx:1.26"));
  ASSERT_TRUE(eventually([&] {
    auto set = cluster_->client().get(resources::statefulSets, "stateful", "web");
    auto member = cluster_->client().get(resources::pods, "stateful", "web-0");
    const json::array* owners = member ? api::arrayAt(*member, {"metadata", "ownerReferences"}) : nullptr;
    return set && owners && !owners->empty() && api::stringAt(owners->at(0).as_object(), {"uid"}) == api::uid(*set);
  }, 20s));
  ASSERT_TRUE(eventually([&] {
    auto set = cluster_->client().get(resources::statefulSets, "stateful", "web");
    return set && api::integerAt(*set, {"status", "readyReplicas"}) == 1;
  }, 20s));
  // Its revision was adopted too, so the same template rolls nothing.
  std::this_thread::sleep_for(1s);
  auto after = cluster_->client().get(resources::pods, "stateful", "web-0");
  ASSERT_TRUE(after);
  EXPECT_EQ(api::uid(*after), api::uid(*before));

  auto table = kubectl({"get", "statefulset", "web", "-n", "stateful"});
  EXPECT_NE(table.out.find("1/1"), std::string::npos) << table.out;  // READY
  auto events = kubectl({"get", "events", "-n", "stateful"});
  EXPECT_NE(events.out.find("create Pod web-0 in StatefulSet web successful"), std::string::npos) << events.out;
  EXPECT_NE(events.out.find("create Claim www-web-0 Pod web-0 in StatefulSet web success"), std::string::npos);
  EXPECT_NE(events.out.find("delete Pod web-2 in StatefulSet web successful"), std::string::npos);
}

TEST_F(AppsIntegrationTest, ClaimRetentionPolicyDeleteRemovesClaimsWithTheirPods) {
  ASSERT_EQ(kubectl({"create", "namespace", "retention"}).exitCode, 0);
  std::string manifest = statefulSetManifest("retention", 2, "nginx:1.25");
  manifest.replace(manifest.find("  volumeClaimTemplates:"), 0,
                   "  persistentVolumeClaimRetentionPolicy:\n    whenDeleted: Delete\n    whenScaled: Delete\n");
  apply(manifest);
  auto claimNames = [&] {
    std::set<std::string> names;
    auto claims = cluster_->client().list(resources::persistentVolumeClaims, "retention");
    for (const json::object& claim : claims ? claims->items : std::vector<json::object>{}) {
      if (api::stringAt(claim, {"metadata", "deletionTimestamp"}).empty()) names.insert(api::name(claim));
    }
    return names;
  };
  ASSERT_TRUE(eventually([&] { return claimNames() == std::set<std::string>{"www-web-0", "www-web-1"}; }, 30s));
  ASSERT_EQ(kubectl({"scale", "statefulset/web", "--replicas=1", "-n", "retention"}).exitCode, 0);
  EXPECT_TRUE(eventually([&] { return claimNames() == std::set<std::string>{"www-web-0"}; }, 30s)) << kubectl({"get", "pvc", "-n", "retention", "-o", "yaml"}).out;
  ASSERT_EQ(kubectl({"delete", "statefulset", "web", "-n", "retention"}).exitCode, 0);
  EXPECT_TRUE(eventually([&] { return claimNames().empty(); }, 30s)) << kubectl({"get", "pvc", "-n", "retention", "-o", "yaml"}).out;
}

std::string daemonSetManifest(const std::string& image) {
  return "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: agent\n  namespace: daemons\nspec:\n"
         "  selector:\n    matchLabels:\n      app: agent\n  template:\n    metadata:\n      labels:\n        app: agent\n"
         "    spec:\n      nodeSelector:\n        role: worker\n      containers:\n      - name: agent\n        image: " + image + "\n";
}

TEST_F(AppsIntegrationTest, DaemonSetFollowsNodesAndRollsOut) {
  requireBinding_ = true;  // a daemon pod becomes Running only on the node the scheduler bound it to
  json::object worker{{"metadata", json::object{{"labels", json::object{{"role", "worker"}}}}}};
  ASSERT_TRUE(cluster_->createNode("worker-1", "4", "8Gi", worker).isOk());
  ASSERT_TRUE(cluster_->createNode("worker-2", "4", "8Gi", worker).isOk());
  ASSERT_TRUE(cluster_->createNode("control", "4", "8Gi").isOk());
  ASSERT_EQ(kubectl({"create", "namespace", "daemons"}).exitCode, 0);
  apply(daemonSetManifest("nginx:1.25"));

  auto boundNodes = [&] {
    std::multiset<std::string> nodes;
    for (const json::object& pod : livePods("daemons")) nodes.insert(api::stringAt(pod, {"spec", "nodeName"}));
    return nodes;
  };
  ASSERT_TRUE(eventually([&] { return boundNodes() == std::multiset<std::string>{"worker-1", "worker-2"}; }, 30s))
      << cluster_->logsOf("controller-manager");
  auto rollout = kubectl({"rollout", "status", "daemonset/agent", "-n", "daemons", "--timeout=60s"});
  ASSERT_EQ(rollout.exitCode, 0) << describe(rollout) << kubectl({"get", "pods,ds", "-n", "daemons", "-o", "yaml"}).out;
  EXPECT_NE(rollout.out.find("daemon set \"agent\" successfully rolled out"), std::string::npos) << rollout.out;

  // A new worker gets its pod; a node that is gone loses it.
  ASSERT_TRUE(cluster_->createNode("worker-3", "4", "8Gi", worker).isOk());
  ASSERT_TRUE(eventually([&] { return boundNodes() == std::multiset<std::string>{"worker-1", "worker-2", "worker-3"}; }, 30s));
  ASSERT_EQ(kubectl({"delete", "node", "worker-1"}).exitCode, 0);
  ASSERT_TRUE(eventually([&] { return boundNodes() == std::multiset<std::string>{"worker-2", "worker-3"}; }, 30s));

  // Rolling update, node by node.
  ASSERT_EQ(kubectl({"set", "image", "daemonset/agent", "agent=nginx:1.26", "-n", "daemons"}).exitCode, 0);
  rollout = kubectl({"rollout", "status", "daemonset/agent", "-n", "daemons", "--timeout=60s"});
  ASSERT_EQ(rollout.exitCode, 0) << describe(rollout);
  ASSERT_TRUE(eventually([&] {
    auto pods = livePods("daemons");
    if (pods.size() != 2) return false;
    for (const json::object& pod : pods) {
      if (api::stringAt(api::arrayAt(pod, {"spec", "containers"})->at(0).as_object(), {"image"}) != "nginx:1.26") return false;
    }
    return true;
  }, 30s));
  auto daemonSet = cluster_->client().get(resources::daemonSets, "daemons", "agent");
  ASSERT_TRUE(daemonSet);
  EXPECT_EQ(api::integerAt(*daemonSet, {"status", "desiredNumberScheduled"}), 2);
  EXPECT_EQ(api::integerAt(*daemonSet, {"status", "updatedNumberScheduled"}), 2);
  EXPECT_EQ(api::integerAt(*daemonSet, {"status", "numberReady"}), 2);
  // Back to the first template: kubectl patches it in from the ControllerRevision.
  auto undo = kubectl({"rollout", "undo", "daemonset/agent", "-n", "daemons"});
  ASSERT_EQ(undo.exitCode, 0) << describe(undo);
  rollout = kubectl({"rollout", "status", "daemonset/agent", "-n", "daemons", "--timeout=60s"});
  ASSERT_EQ(rollout.exitCode, 0) << describe(rollout);
  ASSERT_TRUE(eventually([&] {
    auto pods = livePods("daemons");
    if (pods.size() != 2) return false;
    for (const json::object& pod : pods) {
      if (api::stringAt(api::arrayAt(pod, {"spec", "containers"})->at(0).as_object(), {"image"}) != "nginx:1.25") return false;
    }
    return true;
  }, 30s));
  auto history = kubectl({"rollout", "history", "daemonset/agent", "-n", "daemons"});
  EXPECT_EQ(history.exitCode, 0) << describe(history);
  EXPECT_NE(history.out.find("3 "), std::string::npos) << history.out;  // the first template, renumbered
  daemonSet = cluster_->client().get(resources::daemonSets, "daemons", "agent");
  ASSERT_TRUE(daemonSet);

  auto table = kubectl({"get", "daemonset", "agent", "-n", "daemons", "--no-headers"});
  // NAME DESIRED CURRENT READY UP-TO-DATE AVAILABLE NODE-SELECTOR AGE
  std::istringstream columns(table.out);
  std::vector<std::string> cells{std::istream_iterator<std::string>(columns), std::istream_iterator<std::string>()};
  cells.resize(7);
  EXPECT_EQ(cells, (std::vector<std::string>{"agent", "2", "2", "2", "2", "2", "role=worker"})) << table.out;
  auto events = kubectl({"get", "events", "-n", "daemons"});
  EXPECT_NE(events.out.find("Created pod: agent-"), std::string::npos) << events.out;
  EXPECT_NE(events.out.find("Deleted pod: agent-"), std::string::npos) << events.out;
  requireBinding_ = false;
}

}  // namespace
}  // namespace kubelab::testing
