#include "scheduler/scoreplugins.h"

#include <gtest/gtest.h>

#include "scheduler/schedulingalgorithm.h"
#include "schedulertesting.h"

namespace kubelab::scheduler {
namespace {

using namespace testing;

TEST(LeastAllocatedTest, ScoresTheFreeShareAfterPlacingThePod) {
  auto node = nodeInfo(makeNode("node-1", "4", "8Gi"));
  // cpu (4 - 1) / 4 = 75, memory (8 - 2) / 8 = 75
  EXPECT_EQ(scoreLeastAllocated(*podInfo(makePod("web", "1", "2Gi")), *node), 75);
  node->addPod(boundPod(makePod("a", "2", "2Gi"), "node-1"));
  // cpu (4 - 3) / 4 = 25, memory (8 - 4) / 8 = 50
  EXPECT_EQ(scoreLeastAllocated(*podInfo(makePod("web", "1", "2Gi")), *node), 37);
}

TEST(LeastAllocatedTest, PodsWithoutRequestsCountAsKubernetesDefaults) {
  auto node = nodeInfo(makeNode("node-1", "1", "1000Mi"));
  // 100m of 1 cpu leaves 90; 200Mi of 1000Mi leaves 80.
  EXPECT_EQ(scoreLeastAllocated(*podInfo(makePod("empty")), *node), 85);
}

TEST(BalancedAllocationTest, PrefersNodesWhereCpuAndMemoryStayEven) {
  auto node = nodeInfo(makeNode("node-1", "4", "8Gi"));
  EXPECT_EQ(scoreBalancedAllocation(*podInfo(makePod("even", "2", "4Gi")), *node), 100);
  // cpu 1/4 = 0.25, memory 6/8 = 0.75: deviation 0.25
  EXPECT_EQ(scoreBalancedAllocation(*podInfo(makePod("lopsided", "1", "6Gi")), *node), 75);
}

TEST(SelectorSpreadTest, FewerPodsOfTheSameControllerScoreHigher) {
  auto node1 = nodeInfo(makeNode("node-1"));
  auto node2 = nodeInfo(makeNode("node-2"));
  auto node3 = nodeInfo(makeNode("node-3"));
  std::string owned = R"({"metadata": {"ownerReferences": [
      {"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "web", "uid": "rs-1", "controller": true}]}})";
  node1->addPod(boundPod(with(makePod("web-a"), owned), "node-1"));
  node1->addPod(boundPod(with(makePod("web-b"), owned), "node-1"));
  node2->addPod(boundPod(with(makePod("web-c"), owned), "node-2"));
  node3->addPod(boundPod(makePod("unrelated"), "node-3"));
  auto pod = podInfo(with(makePod("web-d"), owned));
  EXPECT_EQ(scoreSelectorSpread(*pod, {node1.get(), node2.get(), node3.get()}),
            (std::vector<std::int64_t>{0, 50, 100}));
  EXPECT_EQ(scoreSelectorSpread(*podInfo(makePod("lonely")), {node1.get(), node2.get()}),
            (std::vector<std::int64_t>{100, 100}));
}

TEST(TaintTolerationScoreTest, FewerUntoleratedPreferNoScheduleTaintsScoreHigher) {
  auto clean = nodeInfo(makeNode("clean"));
  auto one = nodeInfo(with(makeNode("one"), R"({"spec": {"taints": [
      {"key": "a", "effect": "PreferNoSchedule"}, {"key": "hard", "effect": "NoSchedule"}]}})"));
  auto two = nodeInfo(with(makeNode("two"), R"({"spec": {"taints": [
      {"key": "a", "effect": "PreferNoSchedule"}, {"key": "b", "effect": "PreferNoSchedule"}]}})"));
  EXPECT_EQ(scoreTaintToleration(*podInfo(makePod("web")), {clean.get(), one.get(), two.get()}),
            (std::vector<std::int64_t>{100, 50, 0}));
  auto tolerant = podInfo(with(makePod("ok"), R"({"spec": {"tolerations": [{"key": "a", "operator": "Exists"}]}})"));
  EXPECT_EQ(scoreTaintToleration(*tolerant, {clean.get(), one.get(), two.get()}),
            (std::vector<std::int64_t>{100, 100, 0}));
}

TEST(NodeAffinityScoreTest, PreferredTermsAddTheirWeights) {
  auto both = nodeInfo(with(makeNode("both"), R"({"metadata": {"labels": {"disk": "ssd", "zone": "a"}}})"));
  auto ssd = nodeInfo(with(makeNode("ssd"), R"({"metadata": {"labels": {"disk": "ssd"}}})"));
  auto none = nodeInfo(makeNode("none"));
  auto pod = podInfo(with(makePod("db"), R"({"spec": {"affinity": {"nodeAffinity": {
      "preferredDuringSchedulingIgnoredDuringExecution": [
        {"weight": 80, "preference": {"matchExpressions": [{"key": "disk", "operator": "In", "values": ["ssd"]}]}},
        {"weight": 20, "preference": {"matchExpressions": [{"key": "zone", "operator": "In", "values": ["a"]}]}}]}}}})"));
  EXPECT_EQ(scoreNodeAffinity(*pod, {both.get(), ssd.get(), none.get()}), (std::vector<std::int64_t>{100, 80, 0}));
  EXPECT_EQ(scoreNodeAffinity(*podInfo(makePod("any")), {both.get(), none.get()}), (std::vector<std::int64_t>{0, 0}));
}

TEST(SchedulingAlgorithmTest, PicksTheHighestWeightedTotal) {
  auto busy = nodeInfo(makeNode("busy", "4", "8Gi"));
  busy->addPod(boundPod(makePod("a", "3", "6Gi"), "busy"));
  auto idle = nodeInfo(makeNode("idle", "4", "8Gi"));
  SchedulingAlgorithm algorithm(7);
  for (int attempt = 0; attempt < 10; ++attempt) {
    ScheduleResult result = algorithm.schedule(*podInfo(makePod("web", "500m", "1Gi")), {busy.get(), idle.get()});
    EXPECT_EQ(result.selectedNode, "idle");
    ASSERT_EQ(result.feasible.size(), 2U);
  }
}

TEST(SchedulingAlgorithmTest, BreaksTiesAtRandomAmongTheBest) {
  std::vector<std::unique_ptr<NodeInfo>> owned;
  std::vector<const NodeInfo*> nodes;
  for (const char* name : {"a", "b", "c"}) {
    owned.push_back(nodeInfo(makeNode(name)));
    nodes.push_back(owned.back().get());
  }
  SchedulingAlgorithm algorithm(42);
  std::map<std::string, int> chosen;
  for (int attempt = 0; attempt < 300; ++attempt) ++chosen[algorithm.schedule(*podInfo(makePod("web")), nodes).selectedNode];
  ASSERT_EQ(chosen.size(), 3U);
  for (const auto& [name, count] : chosen) EXPECT_GT(count, 60) << name;
}

TEST(SchedulingAlgorithmTest, LargeClustersStopFilteringOnceEnoughNodesFit) {
  EXPECT_EQ(numFeasibleNodesToFind(50), 50U);
  EXPECT_EQ(numFeasibleNodesToFind(100), 100U);
  EXPECT_EQ(numFeasibleNodesToFind(1000), 420U);   // 50% - 1000/125 = 42%
  EXPECT_EQ(numFeasibleNodesToFind(5000), 500U);   // 10%
  EXPECT_EQ(numFeasibleNodesToFind(10000), 500U);  // at least 5%, at least 100
}

}  // namespace
}  // namespace kubelab::scheduler
