#include "scheduler/schedulingalgorithm.h"

#include <algorithm>

#include "scheduler/fiterror.h"

namespace kubelab::scheduler {

std::size_t numFeasibleNodesToFind(std::size_t allNodes) {
  constexpr std::size_t minimumFeasibleNodes = 100;
  constexpr std::size_t minimumPercentage = 5;
  constexpr std::size_t basePercentage = 50;
  if (allNodes < minimumFeasibleNodes) return allNodes;
  std::size_t percentage = allNodes / 125 >= basePercentage - minimumPercentage ? minimumPercentage
                                                                                  : basePercentage - allNodes / 125;
  return std::max(minimumFeasibleNodes, allNodes * percentage / 100);
}

ScheduleResult SchedulingAlgorithm::schedule(const PodInfo& pod, const std::vector<const NodeInfo*>& nodes) {
  ScheduleResult result;
  result.totalNodes = nodes.size();
  if (nodes.empty()) {
    result.failureMessage = kNoNodesAvailable;
    return result;
  }
  PreFilterState state = preFilter(pod, nodes);
  std::size_t wanted = numFeasibleNodesToFind(nodes.size());
  std::size_t start = nextStartNodeIndex_ % nodes.size();
  std::size_t processed = 0;
  for (; processed < nodes.size() && result.feasible.size() < wanted; ++processed) {
    const NodeInfo* node = nodes[(start + processed) % nodes.size()];
    FilterStatus status = runFilters(pod, *node, state);
    if (status.ok()) {
      result.feasible.push_back(NodeScore{node, {}, 0});
    } else {
      result.failures.emplace(node->name(), std::move(status));
    }
  }
  result.evaluatedNodes = processed;
  // The next pod starts where this one stopped, so every node gets its turn on large clusters.
  nextStartNodeIndex_ = (start + processed) % nodes.size();
  if (result.feasible.empty()) {
    result.failureMessage = fitErrorMessage(pod, nodes, result.failures);
    return result;
  }
  scoreFeasible(pod, result.feasible);
  result.selectedNode = selectHost(result.feasible);
  return result;
}

void SchedulingAlgorithm::scoreFeasible(const PodInfo& pod, std::vector<NodeScore>& feasible) const {
  std::vector<const NodeInfo*> nodes;
  nodes.reserve(feasible.size());
  for (const NodeScore& score : feasible) nodes.push_back(score.node);
  std::vector<std::int64_t> spread = scoreSelectorSpread(pod, nodes);
  std::vector<std::int64_t> taints = scoreTaintToleration(pod, nodes);
  std::vector<std::int64_t> affinity = scoreNodeAffinity(pod, nodes);
  for (std::size_t index = 0; index < feasible.size(); ++index) {
    NodeScore& score = feasible[index];
    score.pluginScores = {scoreLeastAllocated(pod, *score.node), scoreBalancedAllocation(pod, *score.node),
                          spread[index], taints[index], affinity[index]};
    score.total = 0;
    for (std::size_t plugin = 0; plugin < kScorePlugins.size(); ++plugin) {
      score.total += score.pluginScores[plugin] * kScorePlugins[plugin].weight;
    }
  }
}

std::string SchedulingAlgorithm::selectHost(const std::vector<NodeScore>& feasible) {
  // Reservoir sampling over the nodes sharing the highest total: each is equally likely.
  const NodeScore* selected = &feasible.front();
  std::uint64_t ties = 1;
  for (std::size_t index = 1; index < feasible.size(); ++index) {
    const NodeScore& candidate = feasible[index];
    if (candidate.total > selected->total) {
      selected = &candidate;
      ties = 1;
    } else if (candidate.total == selected->total) {
      ++ties;
      if (std::uniform_int_distribution<std::uint64_t>(0, ties - 1)(random_) == 0) selected = &candidate;
    }
  }
  return selected->node->name();
}

}  // namespace kubelab::scheduler
