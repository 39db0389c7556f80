#pragma once
// The FailedScheduling message, built as kube-scheduler's FitError.Error() builds it (1.32):
//   "0/3 nodes are available: 1 node(s) were unschedulable, 2 Insufficient cpu. preemption:
//    0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption
//    victims found for incoming pod.."
// Each node contributes every reason its failing filter gave; "<count> <reason>" strings are
// sorted as Go's sort.Strings sorts them (bytewise, so "10 ..." comes before "2 ...").
// The trailing ".." is Kubernetes' own: the preemption message ends in "." and is then
// followed by the outer message's ".".
//
// kubelab-scheduler does not preempt. The preemption part says what Kubernetes' DefaultPreemption
// would conclude when no node has lower-priority pods to evict: an unresolvable node is "not
// helpful", any other has "no victims". A node that does hold lower-priority pods, where
// Kubernetes would try to evict them, is reported as such rather than pretending.

#include <map>
#include <string>
#include <vector>

#include "scheduler/filterplugins.h"
#include "scheduler/nodeinfo.h"
#include "scheduler/podinfo.h"

namespace kubelab::scheduler {

inline constexpr const char* kNoNodesAvailable = "no nodes available to schedule pods";
inline constexpr const char* kPreemptionNotHelpful = "Preemption is not helpful for scheduling";
inline constexpr const char* kNoPreemptionVictims = "No preemption victims found for incoming pod";
inline constexpr const char* kPreemptionNotSupported = "Preemption of lower-priority pods is not supported";

// The "<count> <reason>, ..." part, sorted.
std::string reasonHistogram(const std::map<std::string, int>& reasonCounts);

// `failures` maps each node that was evaluated to its failing status; `nodes` is every
// candidate node (their count is the "0/N").
std::string fitErrorMessage(const PodInfo& pod, const std::vector<const NodeInfo*>& nodes,
                            const std::map<std::string, FilterStatus>& failures);

}  // namespace kubelab::scheduler
