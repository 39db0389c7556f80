#pragma once
// Which nodes a DaemonSet belongs on (Kubernetes' daemon_controller.go NodeShouldRunDaemonPod
// and daemon/util): the template's nodeName, nodeSelector and required node affinity, and the
// node's taints against the pod's tolerations, which always include the DaemonSet defaults
// (not-ready, unreachable, pressure, unschedulable). A daemon pod names its node through
// required node affinity on metadata.name, so the scheduler places it like any other pod.

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <string>

namespace kubelab::controllers {

struct DaemonNodeDecision {
  bool shouldRun = false;              // a daemon pod should be created here
  bool shouldContinueRunning = false;  // an existing daemon pod may stay (NoExecute taints only)
};

DaemonNodeDecision nodeShouldRunDaemonPod(const boost::json::object& node, const boost::json::object& daemonSet);

// Whether a node update changes nothing a DaemonSet looks at (upstream's shouldIgnoreNodeUpdate):
// the same labels and spec and the same condition statuses; heartbeat times and other status may
// differ. Such updates come every few seconds from every kubelet and need no DaemonSet sync.
bool nodeChangeIsHeartbeat(const boost::json::object& old, const boost::json::object& current);

// Adds the tolerations every DaemonSet pod gets (util.AddOrUpdateDaemonPodTolerations).
void addDaemonPodTolerations(boost::json::object& podSpec);
// Replaces required node affinity with the one term "metadata.name In [nodeName]".
void setDaemonPodNodeAffinity(boost::json::object& podSpec, const std::string& nodeName);
// spec.nodeName, or else the node named by that affinity term; "" when neither is set.
std::string daemonPodTargetNode(const boost::json::object& pod);

// v1.Toleration.ToleratesTaint.
bool toleratesTaint(const boost::json::object& toleration, const boost::json::object& taint);
// Whether a node matches a v1.NodeSelector (terms ORed; expressions and fields ANDed).
bool nodeMatchesNodeSelectorTerms(const boost::json::object& node, const boost::json::array& terms);

}  // namespace kubelab::controllers
