#include "scheduler/fiterror.h"

#include <gtest/gtest.h>

#include "scheduler/schedulingalgorithm.h"
#include "scheduler/schedulingdecision.h"
#include "schedulertesting.h"

#include <boost/json/parse.hpp>

namespace kubelab::scheduler {
namespace {

using namespace testing;

struct Cluster {
  std::vector<std::unique_ptr<NodeInfo>> owned;
  std::vector<const NodeInfo*> nodes;
  NodeInfo& add(const json::object& node) {
    owned.push_back(nodeInfo(node));
    nodes.push_back(owned.back().get());
    return *owned.back();
  }
};

TEST(FitErrorTest, CordonedAndFullNodesInKubernetesWords) {
  Cluster cluster;
  cluster.add(with(makeNode("node-1"), R"({"spec": {"unschedulable": true}})"));
  cluster.add(makeNode("node-2", "1"));
  cluster.add(makeNode("node-3", "1"));
  ScheduleResult result = SchedulingAlgorithm(1).schedule(*podInfo(makePod("big", "2")), cluster.nodes);
  EXPECT_TRUE(result.selectedNode.empty());
  EXPECT_EQ(result.failureMessage,
            "0/3 nodes are available: 1 node(s) were unschedulable, 2 Insufficient cpu. preemption: 0/3 nodes are "
            "available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod..");
}

TEST(FitErrorTest, EveryReasonOfANodeCountsAndTheHistogramSortsAsGoDoes) {
  std::map<std::string, FilterStatus> failures;
  std::vector<std::unique_ptr<NodeInfo>> owned;
  std::vector<const NodeInfo*> nodes;
  for (int index = 0; index < 12; ++index) {
    std::string name = "node-" + std::to_string(index);
    owned.push_back(nodeInfo(makeNode(name)));
    nodes.push_back(owned.back().get());
    if (index < 10) {
      failures[name] = FilterStatus{FilterCode::Unschedulable, "NodeResourcesFit", {"Insufficient cpu", "Insufficient memory"}};
    } else {
      failures[name] = FilterStatus{FilterCode::UnschedulableAndUnresolvable, "TaintToleration",
                                    {"node(s) had untolerated taint {dedicated: gpu}"}};
    }
  }
  EXPECT_EQ(fitErrorMessage(*podInfo(makePod("p")), nodes, failures),
            "0/12 nodes are available: 10 Insufficient cpu, 10 Insufficient memory, 2 node(s) had untolerated taint "
            "{dedicated: gpu}. preemption: 0/12 nodes are available: 10 No preemption victims found for incoming pod, "
            "2 Preemption is not helpful for scheduling..");
}

TEST(FitErrorTest, NoNodesAndPreemptionPolicyNever) {
  EXPECT_EQ(SchedulingAlgorithm(1).schedule(*podInfo(makePod("p")), {}).failureMessage,
            "no nodes available to schedule pods");
  Cluster cluster;
  cluster.add(makeNode("node-1", "1"));
  auto never = podInfo(with(makePod("p", "2"), R"({"spec": {"preemptionPolicy": "Never"}})"));
  EXPECT_EQ(SchedulingAlgorithm(1).schedule(*never, cluster.nodes).failureMessage,
            "0/1 nodes are available: 1 Insufficient cpu. not eligible due to preemptionPolicy=Never..");
}

TEST(SchedulingDecisionTest, RecordsVerdictsScoresAndTheChoice) {
  Cluster cluster;
  cluster.add(makeNode("small", "1"));
  cluster.add(makeNode("large", "8", "16Gi"));
  cluster.add(makeNode("medium", "4", "8Gi"));
  auto pod = podInfo(makePod("web", "2", "1Gi"));
  ScheduleResult result = SchedulingAlgorithm(1).schedule(*pod, cluster.nodes);
  ASSERT_EQ(result.selectedNode, "large");
  json::object record = json::parse(decisionJson(*pod, result)).as_object();
  EXPECT_EQ(record.at("pod"), "default/web");
  EXPECT_EQ(record.at("node"), "large");
  EXPECT_EQ(record.at("nodesTotal"), 3);
  EXPECT_EQ(record.at("nodesFeasible"), 2);
  const json::array& nodes = record.at("nodes").as_array();
  ASSERT_EQ(nodes.size(), 3U);
  EXPECT_EQ(nodes[0].at("name"), "large");
  EXPECT_EQ(nodes[0].at("scores").at("LeastAllocated"), 84);  // (cpu 6/8 = 75 + memory 15/16 = 93) / 2
  std::int64_t weighted = 0;
  for (const auto& [plugin, weight] : record.at("weights").as_object()) {
    weighted += weight.as_int64() * nodes[0].at("scores").at(plugin).as_int64();
  }
  EXPECT_EQ(record.at("weights").as_object().size(), 5U);
  EXPECT_EQ(nodes[0].at("total"), weighted);
  EXPECT_EQ(nodes[0].at("scores").at("TaintToleration"), 100);  // no PreferNoSchedule taints anywhere
  EXPECT_EQ(nodes[0].at("scores").at("NodeAffinity"), 0);       // no preferences stated
  EXPECT_EQ(nodes[1].at("name"), "medium");
  EXPECT_EQ(nodes[2].at("name"), "small");
  EXPECT_EQ(nodes[2].at("fit"), false);
  EXPECT_EQ(nodes[2].at("plugin"), "NodeResourcesFit");
  EXPECT_EQ(nodes[2].at("reasons").as_array().at(0), "Insufficient cpu");
  EXPECT_FALSE(record.contains("message"));

  json::object capped = decisionRecord(*pod, result, 1);
  EXPECT_EQ(capped.at("nodes").as_array().size(), 1U);
  EXPECT_EQ(capped.at("nodesOmitted"), 2);
}

}  // namespace
}  // namespace kubelab::scheduler
