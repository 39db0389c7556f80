#pragma once
// The score plugins, each 0-100 for a node that passed the filters, summed with weights:
//   LeastAllocated (NodeResourcesFit's default strategy): the share of cpu and memory left free
//     after placing the pod, so pods go where there is room. Weight 1.
//   BalancedAllocation (NodeResourcesBalancedAllocation): 100 * (1 - the standard deviation of
//     the cpu and memory fractions requested), so a node does not run out of one while the
//     other idles. Weight 1.
//   SelectorSpread: fewer pods of the same controller (ownerReference) on a node scores higher,
//     so a ReplicaSet's replicas land on different nodes, as SelectorSpread and
//     PodTopologySpread's default constraints do. Weight 2, PodTopologySpread's weight.
//   TaintToleration: fewer PreferNoSchedule taints the pod does not tolerate scores higher. Weight 3.
//   NodeAffinity: the weights of the pod's preferred node affinity terms the node matches,
//     scaled so the best node gets 100 (0 everywhere when the pod states no preference). Weight 2.
// The weights are kube-scheduler's defaults.

#include <cstdint>
#include <string>
#include <vector>

#include "scheduler/nodeinfo.h"
#include "scheduler/podinfo.h"

namespace kubelab::scheduler {

inline constexpr std::int64_t kMaxNodeScore = 100;

struct ScorePlugin {
  const char* name;
  std::int64_t weight;
};
inline constexpr ScorePlugin kLeastAllocated{"LeastAllocated", 1};
inline constexpr ScorePlugin kBalancedAllocation{"BalancedAllocation", 1};
inline constexpr ScorePlugin kSelectorSpread{"SelectorSpread", 2};
inline constexpr ScorePlugin kTaintToleration{"TaintToleration", 3};
inline constexpr ScorePlugin kNodeAffinity{"NodeAffinity", 2};

std::int64_t scoreLeastAllocated(const PodInfo& pod, const NodeInfo& node);
std::int64_t scoreBalancedAllocation(const PodInfo& pod, const NodeInfo& node);

// These need every feasible node's raw figure before they can normalise, so they score them all
// at once: result[i] is for nodes[i].
std::vector<std::int64_t> scoreSelectorSpread(const PodInfo& pod, const std::vector<const NodeInfo*>& nodes);
std::vector<std::int64_t> scoreTaintToleration(const PodInfo& pod, const std::vector<const NodeInfo*>& nodes);
std::vector<std::int64_t> scoreNodeAffinity(const PodInfo& pod, const std::vector<const NodeInfo*>& nodes);

}  // namespace kubelab::scheduler
