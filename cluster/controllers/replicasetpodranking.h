#pragma once
// Which pods a ReplicaSet deletes first when it scales down (upstream's ActivePodsWithRanks):
// unscheduled before scheduled, Pending before Unknown before Running, not ready before ready,
// lower controller.kubernetes.io/pod-deletion-cost first, pods doubled up on a node with other
// pods of the same owner family first, then the most recently ready, the most restarted and the
// newest (ready and creation times compared in log2 buckets of their age, as with
// LogarithmicScaleDown, so that scale-down does not always hit the very newest pod).

#include <chrono>
#include <cstddef>
#include <vector>

#include "client/indexer.h"

namespace kubelab::controllers {

// True when `first` should be deleted before `second`. `firstRank` and `secondRank` count the
// related active pods on each pod's node.
bool deletePodBefore(const boost::json::object& first, int firstRank, const boost::json::object& second,
                     int secondRank, std::chrono::system_clock::time_point now);

// The `count` pods of `pods` to delete, best first. `relatedPods` are the active pods of every
// ReplicaSet with the same owner (all of them during a rollout), used for the per-node ranks.
std::vector<client::ObjectPointer> podsToDelete(const std::vector<client::ObjectPointer>& pods,
                                                const std::vector<client::ObjectPointer>& relatedPods,
                                                std::size_t count, std::chrono::system_clock::time_point now);

}  // namespace kubelab::controllers
