// Namespace deletion, cascading deletion through the garbage collector, and node lifecycle,
// against the real store, API server and kubelab-controller-manager, driven by the real kubectl.
// No kubelet exists yet: the test renews a node's Lease itself, then stops.

#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

#include <atomic>
#include <cstdio>
#include <chrono>
#include <thread>

#include "api/objectmeta.h"
#include "controllers/podutil.h"
#include "controlplane/controlplanefixture.h"
#include "support/eventually.h"

namespace kubelab::testing {
namespace {

namespace json = boost::json;
namespace resources = client::resources;
using namespace std::chrono_literals;

std::string describe(const CommandResult& result) {
  return "exit " + std::to_string(result.exitCode) + ": " + result.out + result.err;
}

// A Lease's MicroTime: RFC 3339 with microseconds, so each renewal differs.
std::string microTime() {
  auto now = std::chrono::system_clock::now();
  auto micros = std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch()).count() % 1000000;
  std::string seconds = controllers::formatTimestamp(now);
  char fraction[16];
  std::snprintf(fraction, sizeof fraction, ".%06lldZ", static_cast<long long>(micros));
  return seconds.substr(0, seconds.size() - 1) + fraction;
}

class ClusterLifecycleTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto started = ControlPlaneFixture::start();
    ASSERT_TRUE(started) << started.status().toString();
    cluster_ = std::move(*started).release();
    Status manager = cluster_->startControllerManager(
        {"--controllers=namespace,garbagecollector,nodelifecycle,replicaset,deployment", "--node-monitor-grace-period-ms=3000"});
    ASSERT_TRUE(manager.isOk()) << manager.toString();
  }
  static void TearDownTestSuite() {
    delete cluster_;
    cluster_ = nullptr;
  }
  void apply(const std::string& manifest) {
    CommandResult applied = cluster_->kubectl({"apply", "-f", "-"}, manifest);
    ASSERT_EQ(applied.exitCode, 0) << describe(applied);
  }
  std::vector<json::object> podsWith(const std::string& ns, const std::string& selector) {
    client::ListOptions options;
    options.labelSelector = selector;
    auto pods = cluster_->client().list(resources::pods, ns, options);
    return pods ? pods->items : std::vector<json::object>{};
  }
  static std::string replicaSet(const std::string& name, const std::string& ns) {
    return "apiVersion: apps/v1\nkind: ReplicaSet\nmetadata: {name: " + name + ", namespace: " + ns +
           "}\nspec:\n  replicas: 2\n  selector: {matchLabels: {app: " + name + "}}\n  template:\n    metadata: {labels: {app: " +
           name + "}}\n    spec: {containers: [{name: c, image: nginx}]}\n";
  }

  static ControlPlaneFixture* cluster_;
};

ControlPlaneFixture* ClusterLifecycleTest::cluster_ = nullptr;

TEST_F(ClusterLifecycleTest, KubectlDeleteNamespaceCompletesAndRemovesEverything) {
  ASSERT_EQ(cluster_->kubectl({"create", "namespace", "doomed"}).exitCode, 0);
  apply(R"(
apiVersion: v1
kind: ConfigMap
metadata: {name: settings, namespace: doomed}
data: {a: b}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: doomed}
spec: {selector: {app: web}, ports: [{port: 80}]}
---
apiVersion: v1
kind: Pod
metadata: {name: lone, namespace: doomed}
spec: {containers: [{name: c, image: nginx}]}
)");
  apply(replicaSet("web", "doomed"));
  EXPECT_TRUE(eventually([&] { return podsWith("doomed", "app=web").size() == 2; }, 10s));

  CommandResult deleted = cluster_->kubectl({"delete", "namespace", "doomed", "--timeout=60s"});
  ASSERT_EQ(deleted.exitCode, 0) << describe(deleted);
  CommandResult gone = cluster_->kubectl({"get", "namespace", "doomed"});
  EXPECT_NE(gone.exitCode, 0);
  EXPECT_NE(gone.err.find("not found"), std::string::npos) << describe(gone);
  auto pods = cluster_->client().list(resources::pods, "doomed");
  auto configMaps = cluster_->client().list(resources::configMaps, "doomed");
  ASSERT_TRUE(pods && configMaps);
  EXPECT_TRUE(pods->items.empty());
  EXPECT_TRUE(configMaps->items.empty());
}

TEST_F(ClusterLifecycleTest, CascadeOrphanLeavesThePodsAndForegroundTakesThemFirst) {
  ASSERT_EQ(cluster_->kubectl({"create", "namespace", "cascade"}).exitCode, 0);
  apply(replicaSet("kept", "cascade"));
  apply(replicaSet("taken", "cascade"));
  ASSERT_TRUE(eventually([&] { return podsWith("cascade", "app=kept").size() == 2; }, 10s));
  ASSERT_TRUE(eventually([&] { return podsWith("cascade", "app=taken").size() == 2; }, 10s));

  CommandResult orphaned = cluster_->kubectl({"delete", "replicaset", "kept", "-n", "cascade", "--cascade=orphan"});
  ASSERT_EQ(orphaned.exitCode, 0) << describe(orphaned);
  EXPECT_TRUE(eventually([&] { return !cluster_->client().get(resources::replicaSets, "cascade", "kept"); }, 10s));
  std::vector<json::object> kept = podsWith("cascade", "app=kept");
  EXPECT_EQ(kept.size(), 2u);
  for (const json::object& pod : kept) {
    EXPECT_EQ(api::arrayAt(pod, {"metadata", "ownerReferences"}), nullptr) << api::name(pod);
  }

  CommandResult foreground =
      cluster_->kubectl({"delete", "replicaset", "taken", "-n", "cascade", "--cascade=foreground", "--timeout=30s"});
  ASSERT_EQ(foreground.exitCode, 0) << describe(foreground);
  // kubectl waited for the ReplicaSet, which waited for its pods.
  EXPECT_FALSE(cluster_->client().get(resources::replicaSets, "cascade", "taken"));
  EXPECT_TRUE(podsWith("cascade", "app=taken").empty());

  // Background (kubectl's default): the ReplicaSet goes first, the collector takes the pods after.
  apply(replicaSet("later", "cascade"));
  ASSERT_TRUE(eventually([&] { return podsWith("cascade", "app=later").size() == 2; }, 10s));
  ASSERT_EQ(cluster_->kubectl({"delete", "replicaset", "later", "-n", "cascade"}).exitCode, 0);
  EXPECT_TRUE(eventually([&] { return podsWith("cascade", "app=later").empty(); }, 10s));
  EXPECT_EQ(podsWith("cascade", "app=kept").size(), 2u);
}

TEST_F(ClusterLifecycleTest, ForegroundDeletionOfADeploymentWaitsForItsReplicaSetsPods) {
  ASSERT_EQ(cluster_->kubectl({"create", "namespace", "tree"}).exitCode, 0);
  CommandResult created = cluster_->kubectl({"create", "deployment", "web", "--image=nginx", "--replicas=2", "-n", "tree"});
  ASSERT_EQ(created.exitCode, 0) << describe(created);
  ASSERT_TRUE(eventually([&] { return podsWith("tree", "app=web").size() == 2; }, 15s));
  CommandResult deleted =
      cluster_->kubectl({"delete", "deployment", "web", "-n", "tree", "--cascade=foreground", "--timeout=30s"});
  ASSERT_EQ(deleted.exitCode, 0) << describe(deleted);
  // The Deployment went last: its ReplicaSet and the ReplicaSet's pods were already gone.
  EXPECT_FALSE(cluster_->client().get(resources::deployments, "tree", "web"));
  auto replicaSets = cluster_->client().list(resources::replicaSets, "tree");
  ASSERT_TRUE(replicaSets);
  EXPECT_TRUE(replicaSets->items.empty());
  EXPECT_TRUE(podsWith("tree", "app=web").empty());
}

TEST_F(ClusterLifecycleTest, ANodeWhoseLeaseStopsGoesUnknownIsTaintedAndItsPodsAreEvicted) {
  // Two nodes: with every node down, Kubernetes suspects the control plane and evicts nothing.
  for (const char* name : {"worker-1", "worker-2"}) {
    ASSERT_TRUE(cluster_->createNode(name).isOk());
    json::object lease{{"apiVersion", "coordination.k8s.io/v1"},
                       {"kind", "Lease"},
                       {"metadata", {{"name", name}, {"namespace", "kube-node-lease"}}},
                       {"spec", {{"holderIdentity", name}, {"leaseDurationSeconds", 40}}}};
    auto created = cluster_->client().create(resources::leases, "kube-node-lease", lease);
    ASSERT_TRUE(created) << created.status().toString();
  }
  std::atomic<bool> renewing{true};
  std::atomic<bool> healthyRenewing{true};
  auto renew = [&](const std::string& name) {
    auto current = cluster_->client().get(resources::leases, "kube-node-lease", name);
    if (!current) return;
    json::object renewed = *current;
    renewed["spec"].as_object()["renewTime"] = microTime();
    (void)cluster_->client().update(resources::leases, renewed);
  };
  std::thread healthy([&] {
    while (healthyRenewing) {
      renew("worker-2");
      std::this_thread::sleep_for(300ms);
    }
  });
  auto renewLease = [&] {
    while (renewing) {
      renew("worker-1");
      std::this_thread::sleep_for(300ms);
    }
  };
  std::thread kubelet(renewLease);
  apply(R"(
apiVersion: v1
kind: Pod
metadata: {name: stranded, namespace: default}
spec:
  nodeName: worker-1
  containers: [{name: c, image: nginx}]
)");
  ASSERT_TRUE(cluster_->markPodRunning("default", "stranded", true).isOk());

  // Heartbeats keep it Ready well past the grace period.
  std::this_thread::sleep_for(4s);
  auto node = cluster_->client().get(resources::nodes, "", "worker-1");
  ASSERT_TRUE(node);
  EXPECT_EQ(api::arrayAt(*node, {"spec", "taints"}), nullptr);

  renewing = false;
  kubelet.join();
  std::string shown;
  bool unknown = eventually(
      [&] {
        shown = cluster_->kubectl({"get", "node", "worker-1"}).out;
        return shown.find("NotReady") != std::string::npos;
      },
      10s);
  EXPECT_TRUE(unknown) << shown;
  node = cluster_->client().get(resources::nodes, "", "worker-1");
  ASSERT_TRUE(node);
  std::string taints = boost::json::serialize(api::valueAt(*node, {"spec"})->as_object());
  EXPECT_NE(taints.find("node.kubernetes.io/unreachable"), std::string::npos) << taints;
  EXPECT_NE(taints.find("NoExecute"), std::string::npos) << taints;

  // The pod tolerates unreachable for what admission gave it (the fixture's API server, like the
  // embedded cluster's, gives 10 s), then is deleted.
  bool evicted = eventually(
      [&] {
        auto pod = cluster_->client().get(resources::pods, "default", "stranded");
        return !pod || !api::stringAt(*pod, {"metadata", "deletionTimestamp"}).empty();
      },
      25s);
  EXPECT_TRUE(evicted);
  std::string events;
  bool told = eventually(
      [&] {
        events = cluster_->kubectl({"get", "events", "-n", "default"}).out;
        return events.find("TaintManagerEviction") != std::string::npos &&
               events.find("Marking for deletion Pod default/stranded") != std::string::npos;
      },
      10s);
  EXPECT_TRUE(told) << events;

  // The kubelet comes back: heartbeats, Ready again, and the controller's taints go.
  renewing = true;
  kubelet = std::thread(renewLease);
  node = cluster_->client().get(resources::nodes, "", "worker-1");
  json::object recovered = *node;
  for (json::value& condition : recovered["status"].as_object()["conditions"].as_array()) {
    if (api::stringAt(condition.as_object(), {"type"}) != "Ready") continue;
    condition.as_object()["status"] = "True";
    condition.as_object()["reason"] = "KubeletReady";
    condition.as_object()["lastHeartbeatTime"] = controllers::formatTimestamp(std::chrono::system_clock::now());
  }
  ASSERT_TRUE(cluster_->client().update(resources::nodes, recovered, "status").isOk());
  EXPECT_TRUE(eventually(
      [&] {
        auto current = cluster_->client().get(resources::nodes, "", "worker-1");
        return current && api::arrayAt(*current, {"spec", "taints"}) == nullptr;
      },
      10s));
  renewing = false;
  kubelet.join();
  healthyRenewing = false;
  healthy.join();
}

}  // namespace
}  // namespace kubelab::testing
