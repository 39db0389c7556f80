// Node lifecycle: heartbeats, Unknown, taints, taint-based eviction.
#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

#include "client/resource.h"
#include "cluster_testharness.h"
#include "controllers/nodelifecyclecontroller.h"
#include "controllers/nodelifecycletaints.h"
#include "controllers/podutil.h"

namespace kubelab::testing {
namespace {

namespace json = boost::json;
namespace resources = client::resources;
namespace nodelifecycle = controllers::nodelifecycle;
using Clock = controllers::NodeLifecycleController::Clock;

json::object node(const std::string& ready, const std::string& taints = "") {
  return parseObject(R"({"metadata":{"name":"node-1","uid":"node-uid"},"spec":{)" + taints + R"(},
      "status":{"conditions":[{"type":"Ready","status":")" + ready + R"(","lastHeartbeatTime":"2026-01-01T00:00:00Z"},
      {"type":"MemoryPressure","status":"False","lastHeartbeatTime":"2026-01-01T00:00:00Z"}]}})");
}

json::object namedNode(const std::string& name, const std::string& ready, const std::string& taints = "") {
  json::object result = node(ready, taints);
  result["metadata"].as_object()["name"] = name;
  result["metadata"].as_object()["uid"] = name + "-uid";
  return result;
}

json::object lease(const std::string& renewTime) {
  return parseObject(R"({"metadata":{"name":"node-1","namespace":"kube-node-lease"},"spec":{"holderIdentity":"node-1",
      "renewTime":")" + renewTime + R"("}})");
}

json::object podOnNode(const std::string& name, const std::string& tolerations = "") {
  return parseObject(R"({"metadata":{"name":")" + name + R"(","namespace":"default"},
      "spec":{"nodeName":"node-1","containers":[{"name":"c"}])" + tolerations + R"(},
      "status":{"phase":"Running","conditions":[{"type":"Ready","status":"True"}]}})");
}

std::string unreachableTaint(const std::string& timeAdded) {
  return R"("taints":[{"key":"node.kubernetes.io/unreachable","effect":"NoExecute","timeAdded":")" + timeAdded +
         R"("},{"key":"node.kubernetes.io/unreachable","effect":"NoSchedule"}])";
}

TEST(NodeLifecycleTaintsTest, TaintsFollowTheReadyCondition) {
  EXPECT_EQ(json::serialize(nodelifecycle::reconcileTaints(node("True"), "T")), "[]");
  EXPECT_EQ(json::serialize(nodelifecycle::reconcileTaints(node("False"), "T")),
            R"([{"key":"node.kubernetes.io/not-ready","effect":"NoSchedule"},)"
            R"({"key":"node.kubernetes.io/not-ready","effect":"NoExecute","timeAdded":"T"}])");
  EXPECT_EQ(json::serialize(nodelifecycle::reconcileTaints(node("Unknown"), "T")),
            R"([{"key":"node.kubernetes.io/unreachable","effect":"NoSchedule"},)"
            R"({"key":"node.kubernetes.io/unreachable","effect":"NoExecute","timeAdded":"T"}])");
  // A user's taint stays; a recovered node loses the controller's; timeAdded is kept while it applies.
  json::object recovered = node("True", R"("taints":[{"key":"dedicated","value":"gpu","effect":"NoSchedule"},
      {"key":"node.kubernetes.io/unreachable","effect":"NoExecute","timeAdded":"old"}])");
  EXPECT_EQ(json::serialize(nodelifecycle::reconcileTaints(recovered, "T")),
            R"([{"key":"dedicated","value":"gpu","effect":"NoSchedule"}])");
  json::object stillDown = node("Unknown", unreachableTaint("old"));
  EXPECT_EQ(json::serialize(nodelifecycle::noExecuteTaints(stillDown)),
            json::serialize(nodelifecycle::noExecuteTaints(
                json::object{{"spec", json::object{{"taints", nodelifecycle::reconcileTaints(stillDown, "T")}}}})));
}

TEST(NodeLifecycleTaintsTest, CordonedNodesGetTheUnschedulableTaint) {
  json::object cordoned = node("True", R"("unschedulable":true)");
  EXPECT_EQ(json::serialize(nodelifecycle::reconcileTaints(cordoned, "T")),
            R"([{"key":"node.kubernetes.io/unschedulable","effect":"NoSchedule"}])");
}

TEST(NodeLifecycleTaintsTest, EvictionDelayIsTheShortestMatchingToleration) {
  json::array taints = nodelifecycle::noExecuteTaints(node("Unknown", unreachableTaint("T")));
  EXPECT_EQ(nodelifecycle::evictionDelay(podOnNode("a"), taints), std::chrono::seconds{0});
  // What admission added (300 s in Kubernetes, 10 s in the embedded cluster) is taken as written.
  json::object defaulted = podOnNode("b", R"(,"tolerations":[{"key":"node.kubernetes.io/unreachable",
      "operator":"Exists","effect":"NoExecute","tolerationSeconds":300}])");
  EXPECT_EQ(nodelifecycle::evictionDelay(defaulted, taints), std::chrono::seconds{300});
  json::object explicitSeconds = podOnNode("c", R"(,"tolerations":[{"key":"node.kubernetes.io/unreachable",
      "operator":"Exists","effect":"NoExecute","tolerationSeconds":60},{"operator":"Exists","tolerationSeconds":30}])");
  EXPECT_EQ(nodelifecycle::evictionDelay(explicitSeconds, taints), std::chrono::seconds{30});
  json::object forever = podOnNode("d", R"(,"tolerations":[{"operator":"Exists"}])");
  EXPECT_EQ(nodelifecycle::evictionDelay(forever, taints), std::nullopt);
  json::object wrongKey = podOnNode("e", R"(,"tolerations":[{"key":"node.kubernetes.io/not-ready","operator":"Exists"}])");
  EXPECT_EQ(nodelifecycle::evictionDelay(wrongKey, taints), std::chrono::seconds{0});
}

TEST(NodeLifecycleControllerTest, ANodeWhoseLeaseStopsGoesUnknownAndItsPodsNotReady) {
  ClusterControllerHarness harness;
  auto controller = std::make_unique<controllers::NodeLifecycleController>(harness.context);
  harness.add(resources::nodes, node("True"));
  harness.add(resources::leases, lease("2026-01-01T00:00:00.000000Z"));
  harness.add(resources::pods, podOnNode("web"));
  Clock::time_point start = Clock::now();
  controller->monitorNodeHealth(start);
  // The lease renews: still fresh after more than the grace period since the start.
  harness.add(resources::leases, lease("2026-01-01T00:00:05.000000Z"));
  controller->monitorNodeHealth(start + std::chrono::seconds(6));
  controller->monitorNodeHealth(start + std::chrono::seconds(12));
  EXPECT_TRUE(harness.writes().empty());

  // No renewal for longer than nodeMonitorGracePeriod (8 s).
  controller->monitorNodeHealth(start + std::chrono::seconds(15));
  EXPECT_EQ(harness.writes(), (std::vector<std::string>{"update nodes/status", "update pods/status"}));
  auto stored = harness.api.stored(resources::nodes, "", "node-1");
  const json::object& ready = api::arrayAt(*stored, {"status", "conditions"})->at(0).as_object();
  EXPECT_EQ(api::stringAt(ready, {"status"}), "Unknown");
  EXPECT_EQ(api::stringAt(ready, {"reason"}), "NodeStatusUnknown");
  EXPECT_EQ(api::stringAt(ready, {"message"}), "Kubelet stopped posting node status.");
  EXPECT_EQ(api::stringAt(api::arrayAt(*stored, {"status", "conditions"})->at(1).as_object(), {"status"}), "Unknown");
  EXPECT_FALSE(controllers::isPodReady(*harness.api.stored(resources::pods, "default", "web")));

  controller.reset();
  auto reasons = harness.eventReasons();
  EXPECT_EQ(std::count(reasons.begin(), reasons.end(), "NodeNotReady"), 2);  // the node's and the pod's
}

TEST(NodeLifecycleControllerTest, SyncTaintsAnUnknownNodeAndEvictsIntolerantPodsAtOnce) {
  ClusterControllerHarness harness;
  auto controller = std::make_unique<controllers::NodeLifecycleController>(harness.context);
  harness.add(resources::nodes, node("Unknown"));
  harness.add(resources::nodes, namedNode("node-2", "True"));
  harness.add(resources::pods, podOnNode("intolerant"));
  harness.add(resources::pods, podOnNode("patient", R"(,"tolerations":[{"key":"node.kubernetes.io/unreachable",
      "operator":"Exists","effect":"NoExecute","tolerationSeconds":300}])"));
  ASSERT_TRUE(controller->syncNode("node-1").isOk());
  EXPECT_EQ(harness.writes(), (std::vector<std::string>{"update nodes", "update pods/status", "delete pods"}));
  auto stored = harness.api.stored(resources::nodes, "", "node-1");
  EXPECT_EQ(api::arrayAt(*stored, {"spec", "taints"})->size(), 2u);
  EXPECT_FALSE(harness.api.stored(resources::pods, "default", "intolerant"));
  EXPECT_TRUE(harness.api.stored(resources::pods, "default", "patient"));
  controller.reset();
  EXPECT_EQ(harness.eventReasons(), std::vector<std::string>{"TaintManagerEviction"});
}

TEST(NodeLifecycleControllerTest, TolerantPodsGoOnceTheirTolerationSecondsHavePassed) {
  ClusterControllerHarness harness;
  controllers::NodeLifecycleController controller(harness.context);
  auto longAgo = controllers::formatTimestamp(std::chrono::system_clock::now() - std::chrono::seconds(11));
  harness.add(resources::nodes, node("Unknown", unreachableTaint(longAgo)));
  harness.add(resources::nodes, namedNode("node-2", "True"));
  harness.add(resources::pods, podOnNode("patient", R"(,"tolerations":[{"key":"node.kubernetes.io/unreachable",
      "operator":"Exists","effect":"NoExecute","tolerationSeconds":10}])"));
  harness.add(resources::pods, podOnNode("forever", R"(,"tolerations":[{"operator":"Exists"}])"));
  ASSERT_TRUE(controller.syncNode("node-1").isOk());
  // The taints were already right; the pod's 10 s have passed.
  EXPECT_EQ(harness.writes(), (std::vector<std::string>{"update pods/status", "delete pods"}));
  EXPECT_FALSE(harness.api.stored(resources::pods, "default", "patient"));
  EXPECT_TRUE(harness.api.stored(resources::pods, "default", "forever"));
}

TEST(NodeLifecycleControllerTest, ARecoveredNodeLosesItsTaints) {
  ClusterControllerHarness harness;
  controllers::NodeLifecycleController controller(harness.context);
  harness.add(resources::nodes, node("True", unreachableTaint("2026-01-01T00:00:00Z")));
  harness.add(resources::pods, podOnNode("web"));
  ASSERT_TRUE(controller.syncNode("node-1").isOk());
  EXPECT_EQ(harness.writes(), std::vector<std::string>{"update nodes"});
  EXPECT_EQ(api::arrayAt(*harness.api.stored(resources::nodes, "", "node-1"), {"spec", "taints"}), nullptr);
  EXPECT_TRUE(harness.api.stored(resources::pods, "default", "web"));
}

TEST(NodeLifecycleTaintsTest, ZoneStatesAsKubernetesComputesThem) {
  EXPECT_EQ(nodelifecycle::computeZoneState(0, 1), nodelifecycle::ZoneState::FullDisruption);
  EXPECT_EQ(nodelifecycle::computeZoneState(1, 2), nodelifecycle::ZoneState::Normal);  // two down is never partial
  EXPECT_EQ(nodelifecycle::computeZoneState(2, 3), nodelifecycle::ZoneState::PartialDisruption);
  EXPECT_EQ(nodelifecycle::computeZoneState(3, 3), nodelifecycle::ZoneState::Normal);
  json::object down = node("Unknown", unreachableTaint("old"));
  EXPECT_EQ(json::serialize(nodelifecycle::reconcileTaints(down, "T", nodelifecycle::NoExecuteTainting::Suspended)),
            R"([{"key":"node.kubernetes.io/unreachable","effect":"NoSchedule"}])");
  EXPECT_EQ(nodelifecycle::reconcileTaints(down, "T", nodelifecycle::NoExecuteTainting::Paused).size(), 2u);
  EXPECT_EQ(nodelifecycle::reconcileTaints(node("Unknown"), "T", nodelifecycle::NoExecuteTainting::Paused).size(), 1u);
}

TEST(NodeLifecycleControllerTest, WhenNoNodeIsReadyNothingIsEvicted) {
  ClusterControllerHarness harness;
  controllers::NodeLifecycleController controller(harness.context);
  harness.add(resources::nodes, node("Unknown", unreachableTaint("2026-01-01T00:00:00Z")));
  harness.add(resources::nodes, namedNode("node-2", "Unknown"));
  harness.add(resources::pods, podOnNode("web"));
  ASSERT_TRUE(controller.syncNode("node-1").isOk());
  // The NoExecute taint comes off (the NoSchedule one stays), and the pod stays.
  EXPECT_EQ(harness.writes(), std::vector<std::string>{"update nodes"});
  EXPECT_EQ(json::serialize(*api::arrayAt(*harness.api.stored(resources::nodes, "", "node-1"), {"spec", "taints"})),
            R"([{"key":"node.kubernetes.io/unreachable","effect":"NoSchedule"}])");
  EXPECT_TRUE(harness.api.stored(resources::pods, "default", "web"));
}

TEST(NodeLifecycleControllerTest, APartialDisruptionOfASmallZonePausesNewNoExecuteTaints) {
  ClusterControllerHarness harness;
  controllers::NodeLifecycleController controller(harness.context);
  harness.add(resources::nodes, node("Unknown"));
  harness.add(resources::nodes, namedNode("node-2", "Unknown"));
  harness.add(resources::nodes, namedNode("node-3", "Unknown"));
  harness.add(resources::nodes, namedNode("node-4", "True"));
  harness.add(resources::pods, podOnNode("web"));
  ASSERT_TRUE(controller.syncNode("node-1").isOk());
  EXPECT_EQ(json::serialize(*api::arrayAt(*harness.api.stored(resources::nodes, "", "node-1"), {"spec", "taints"})),
            R"([{"key":"node.kubernetes.io/unreachable","effect":"NoSchedule"}])");
  EXPECT_TRUE(harness.api.stored(resources::pods, "default", "web"));
}

}  // namespace
}  // namespace kubelab::testing
