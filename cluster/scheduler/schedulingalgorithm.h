#pragma once
// One scheduling decision for one pod over the nodes in the cache, as kube-scheduler's
// schedulePod does: filter the nodes (starting where the previous cycle stopped, and on large
// clusters stopping once enough feasible nodes are found: percentageOfNodesToScore's adaptive
// default), score the feasible ones, and pick the best, breaking ties at random. The result keeps
// every filter verdict and score, which is what the decision record shows.

#include <array>
#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "scheduler/filterplugins.h"
#include "scheduler/nodeinfo.h"
#include "scheduler/podinfo.h"
#include "scheduler/scoreplugins.h"

namespace kubelab::scheduler {

inline constexpr std::array<ScorePlugin, 5> kScorePlugins{kLeastAllocated, kBalancedAllocation, kSelectorSpread,
                                                          kTaintToleration, kNodeAffinity};

struct NodeScore {
  const NodeInfo* node = nullptr;
  std::array<std::int64_t, kScorePlugins.size()> pluginScores{};  // in kScorePlugins' order, unweighted
  std::int64_t total = 0;                                        // the weighted sum
};

struct ScheduleResult {
  std::string selectedNode;  // "" when no node fits
  std::size_t totalNodes = 0;
  std::size_t evaluatedNodes = 0;
  std::vector<NodeScore> feasible;                // in evaluation order
  std::map<std::string, FilterStatus> failures;  // node name -> why it was refused
  std::string failureMessage;                    // the FailedScheduling message when nothing fits
};

// How many feasible nodes are enough on a cluster this size (kube-scheduler's
// numFeasibleNodesToFind with percentageOfNodesToScore unset).
std::size_t numFeasibleNodesToFind(std::size_t allNodes);

class SchedulingAlgorithm {
 public:
  explicit SchedulingAlgorithm(std::uint64_t seed = std::random_device{}()) : random_(seed) {}

  // `nodes` are the candidate nodes (with a Node object), in a stable order.
  ScheduleResult schedule(const PodInfo& pod, const std::vector<const NodeInfo*>& nodes);

 private:
  void scoreFeasible(const PodInfo& pod, std::vector<NodeScore>& feasible) const;
  std::string selectHost(const std::vector<NodeScore>& feasible);

  std::size_t nextStartNodeIndex_ = 0;
  std::mt19937_64 random_;
};

}  // namespace kubelab::scheduler
