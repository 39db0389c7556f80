#pragma once
// The pure rules of node lifecycle: which taints the controller keeps on a node given its
// conditions (Kubernetes' taint-nodes-by-condition and NoExecute tainting passes), whether a
// pod tolerates a taint, and how long a pod may stay on a node with NoExecute taints (the taint
// eviction controller's minimum tolerationSeconds).

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <chrono>
#include <optional>
#include <string>

namespace kubelab::controllers::nodelifecycle {

using Object = boost::json::object;

inline constexpr const char* kNotReadyTaint = "node.kubernetes.io/not-ready";
inline constexpr const char* kUnreachableTaint = "node.kubernetes.io/unreachable";
inline constexpr const char* kUnschedulableTaint = "node.kubernetes.io/unschedulable";

// The status ("True", "False", "Unknown") of a node condition, "" when absent.
std::string conditionStatus(const Object& node, const std::string& type);

// Whether the taint (key, effect) is one this controller manages.
bool isControllerTaint(const Object& taint);

// How NoExecute tainting goes, from the health of the node's zone (Kubernetes' zone states):
// Normal; Paused in a partial disruption of a small zone (taints already there stay, no new ones,
// as upstream's eviction rate drops to zero); Suspended when no node anywhere is Ready (upstream's
// "master disruption mode": the control plane, not every node, is more likely the one cut off,
// so nothing is evicted and the NoExecute taints come off).
enum class NoExecuteTainting { Normal, Paused, Suspended };

// The zone state of a set of nodes' Ready statuses (ComputeZoneState): FullDisruption when none
// is Ready, PartialDisruption when more than two are not and they are at least 55%.
enum class ZoneState { Normal, PartialDisruption, FullDisruption };
ZoneState computeZoneState(int readyNodes, int notReadyNodes);
// Zones of at most this many nodes stop tainting in a partial disruption (largeClusterSizeThreshold).
inline constexpr int kLargeClusterSizeThreshold = 50;
inline constexpr const char* kZoneLabel = "topology.kubernetes.io/zone";

// The node's taints with the controller's ones made to match its conditions and
// spec.unschedulable: others are kept as they are, managed ones that still apply keep their
// timeAdded, new NoExecute ones get timeAdded = `now`.
boost::json::array reconcileTaints(const Object& node, const std::string& now,
                                   NoExecuteTainting tainting = NoExecuteTainting::Normal);

// ToleratesTaint: effect (empty matches all), key (empty with Exists matches all), operator.
bool toleratesTaint(const Object& toleration, const Object& taint);

// How long after the NoExecute taints were added the pod must go: nullopt if it tolerates them
// forever, zero if it does not tolerate one of them. How long pods tolerate a failed node by
// default is the API server's admission setting (--default-unreachable-toleration-seconds).
std::optional<std::chrono::seconds> evictionDelay(const Object& pod, const boost::json::array& noExecuteTaints);
// The node's NoExecute taints.
boost::json::array noExecuteTaints(const Object& node);

}  // namespace kubelab::controllers::nodelifecycle
