#pragma once
// `kubectl drain` as a library, for taking a node out of a cluster: cordon it, then evict its
// pods through pods/eviction (so PodDisruptionBudgets and each pod's grace period count) and
// wait until they are gone. As `kubectl drain --ignore-daemonsets --delete-emptydir-data`:
// DaemonSet pods and mirror pods stay, since they belong to the node.

#include <chrono>
#include <string>

#include "client/apiinterface.h"
#include "common/status.h"

namespace kubelab::supervisor {

// spec.unschedulable = true (`kubectl cordon`).
Status cordonNode(client::ApiInterface& api, const std::string& node);

struct DrainReport {
  int evicted = 0;   // pods asked to leave
  int skipped = 0;   // DaemonSet and mirror pods left in place
};

// Cordons the node, evicts its pods and waits until they have left, retrying an eviction a
// disruption budget refuses; DeadlineExceeded naming the pods still there after `timeout`.
Result<DrainReport> drainNode(client::ApiInterface& api, const std::string& node, std::chrono::milliseconds timeout,
                              std::chrono::milliseconds poll = std::chrono::milliseconds(200));

}  // namespace kubelab::supervisor
