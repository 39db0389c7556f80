#include "scheduler/scoreplugins.h"

#include <algorithm>
#include <cmath>

namespace kubelab::scheduler {

namespace {

// One resource's LeastAllocated score: the free share after placing the pod, 0 when it does not
// fit or the node offers none.
std::int64_t leastRequestedScore(std::int64_t requested, std::int64_t capacity) {
  if (capacity <= 0 || requested > capacity) return 0;
  return (capacity - requested) * kMaxNodeScore / capacity;
}

double fraction(std::int64_t requested, std::int64_t capacity) {
  if (capacity <= 0) return 1.0;
  return std::min(1.0, static_cast<double>(requested) / static_cast<double>(capacity));
}

}  // namespace

std::int64_t scoreLeastAllocated(const PodInfo& pod, const NodeInfo& node) {
  // Kubernetes scores with the non-zero requests (a pod asking for nothing counts as 100m and
  // 200 MiB), weighting cpu and memory equally.
  std::int64_t cpu = leastRequestedScore(node.nonZeroMilliCpu() + pod.requests.nonZeroMilliCpu,
                                         node.allocatable().milliCpu);
  std::int64_t memory = leastRequestedScore(node.nonZeroMemory() + pod.requests.nonZeroMemory,
                                            node.allocatable().memory);
  return (cpu + memory) / 2;
}

std::int64_t scoreBalancedAllocation(const PodInfo& pod, const NodeInfo& node) {
  // The actual requests here, not the non-zero ones, as Kubernetes' BalancedAllocation reads them.
  double cpu = fraction(node.requested().milliCpu + pod.requests.requests.milliCpu, node.allocatable().milliCpu);
  double memory = fraction(node.requested().memory + pod.requests.requests.memory, node.allocatable().memory);
  // The standard deviation of two values is half their distance.
  double deviation = std::abs(cpu - memory) / 2.0;
  return static_cast<std::int64_t>((1.0 - deviation) * static_cast<double>(kMaxNodeScore));
}

std::vector<std::int64_t> scoreSelectorSpread(const PodInfo& pod, const std::vector<const NodeInfo*>& nodes) {
  std::vector<std::int64_t> counts(nodes.size(), 0);
  std::int64_t highest = 0;
  for (std::size_t index = 0; index < nodes.size(); ++index) {
    counts[index] = nodes[index]->podsOwnedBy(pod.controllerUid);
    highest = std::max(highest, counts[index]);
  }
  std::vector<std::int64_t> scores(nodes.size(), kMaxNodeScore);
  if (highest == 0) return scores;
  for (std::size_t index = 0; index < nodes.size(); ++index) {
    scores[index] = kMaxNodeScore * (highest - counts[index]) / highest;
  }
  return scores;
}

std::vector<std::int64_t> scoreTaintToleration(const PodInfo& pod, const std::vector<const NodeInfo*>& nodes) {
  std::vector<Toleration> preferNoSchedule;
  for (const Toleration& toleration : pod.tolerations) {
    if (toleration.effect.empty() || toleration.effect == "PreferNoSchedule") preferNoSchedule.push_back(toleration);
  }
  std::vector<std::int64_t> counts(nodes.size(), 0);
  std::int64_t highest = 0;
  for (std::size_t index = 0; index < nodes.size(); ++index) {
    for (const Taint& taint : nodes[index]->taints()) {
      if (taint.effect == "PreferNoSchedule" && !toleratesTaint(preferNoSchedule, taint)) ++counts[index];
    }
    highest = std::max(highest, counts[index]);
  }
  std::vector<std::int64_t> scores(nodes.size(), kMaxNodeScore);
  if (highest == 0) return scores;
  for (std::size_t index = 0; index < nodes.size(); ++index) {
    scores[index] = kMaxNodeScore - kMaxNodeScore * counts[index] / highest;
  }
  return scores;
}

std::vector<std::int64_t> scoreNodeAffinity(const PodInfo& pod, const std::vector<const NodeInfo*>& nodes) {
  std::vector<std::int64_t> sums(nodes.size(), 0);
  std::int64_t highest = 0;
  for (std::size_t index = 0; index < nodes.size(); ++index) {
    for (const auto& [weight, term] : pod.preferredNodeAffinity) {
      if (weight != 0 && term.matches(nodes[index]->name(), nodes[index]->labels())) sums[index] += weight;
    }
    highest = std::max(highest, sums[index]);
  }
  std::vector<std::int64_t> scores(nodes.size(), 0);
  if (highest == 0) return scores;
  for (std::size_t index = 0; index < nodes.size(); ++index) scores[index] = kMaxNodeScore * sums[index] / highest;
  return scores;
}

}  // namespace kubelab::scheduler
