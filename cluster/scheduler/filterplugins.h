#pragma once
// The filter plugins: whether a pod may run on a node, and if not, why, in the words Kubernetes'
// plugins use (they end up counted in the FailedScheduling message). Run in kube-scheduler's
// default order, stopping at the first failure as its framework does: NodeUnschedulable,
// NodeName, TaintToleration, NodeAffinity, NodePorts, NodeResourcesFit, PodTopologySpread,
// InterPodAffinity.

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "scheduler/nodeinfo.h"
#include "scheduler/podinfo.h"

namespace kubelab::scheduler {

enum class FilterCode {
  Success,
  // The node might fit if something changed on it (preemption could help).
  Unschedulable,
  // Nothing short of changing the node or the pod helps (preemption is not tried).
  UnschedulableAndUnresolvable,
};

struct FilterStatus {
  FilterCode code = FilterCode::Success;
  std::string plugin;                // which plugin refused ("" on success)
  std::vector<std::string> reasons;  // e.g. {"Insufficient cpu", "Insufficient memory"}

  bool ok() const { return code == FilterCode::Success; }
};

// Kubernetes' reason strings.
inline constexpr const char* kReasonNodeUnschedulable = "node(s) were unschedulable";
inline constexpr const char* kReasonNodeName = "node(s) didn't match the requested node name";
inline constexpr const char* kReasonNodeAffinity = "node(s) didn't match Pod's node affinity/selector";
inline constexpr const char* kReasonTooManyPods = "Too many pods";
inline constexpr const char* kReasonNodePorts = "node(s) didn't have free ports for the requested pod ports";
inline constexpr const char* kReasonAntiAffinity = "node(s) didn't match pod anti-affinity rules";
inline constexpr const char* kReasonExistingAntiAffinity = "node(s) didn't satisfy existing pods anti-affinity rules";
inline constexpr const char* kReasonSpreadConstraints = "node(s) didn't match pod topology spread constraints";
inline constexpr const char* kReasonSpreadMissingLabel =
    "node(s) didn't match pod topology spread constraints (missing required label)";
inline constexpr const char* kUnschedulableTaintKey = "node.kubernetes.io/unschedulable";

// What InterPodAffinity's PreFilter gathers once per pod from every node, so its Filter is a
// lookup: the topology domains that already hold a pod the incoming pod's anti-affinity
// refuses, and the domains whose pods' anti-affinity refuses the incoming pod.
//
// PodTopologySpread's PreFilter counts, per DoNotSchedule constraint, the matching pods in each
// domain of the nodes the pod could go to (by its node selector and required affinity, unless
// nodeAffinityPolicy is Ignore), empty domains included, and the smallest count.
struct SpreadCounts {
  std::map<std::string, std::int64_t> podsPerDomain;
  std::int64_t minimum = 0;
};

struct PreFilterState {
  std::vector<std::set<std::string>> refusedDomainsPerTerm;            // by the pod's own terms, in order
  std::set<std::pair<std::string, std::string>> domainsRefusingPod;  // (topologyKey, value)
  std::vector<SpreadCounts> spread;                                  // by the pod's constraints, in order
};

PreFilterState preFilter(const PodInfo& pod, const std::vector<const NodeInfo*>& nodes);

FilterStatus filterNodeUnschedulable(const PodInfo& pod, const NodeInfo& node);
FilterStatus filterNodeName(const PodInfo& pod, const NodeInfo& node);
FilterStatus filterTaintToleration(const PodInfo& pod, const NodeInfo& node);
FilterStatus filterNodeAffinity(const PodInfo& pod, const NodeInfo& node);
FilterStatus filterNodePorts(const PodInfo& pod, const NodeInfo& node);
FilterStatus filterNodeResourcesFit(const PodInfo& pod, const NodeInfo& node);
FilterStatus filterPodTopologySpread(const PodInfo& pod, const NodeInfo& node, const PreFilterState& state);
FilterStatus filterInterPodAntiAffinity(const PodInfo& pod, const NodeInfo& node, const PreFilterState& state);

// Every filter in order; the first failure, or success.
FilterStatus runFilters(const PodInfo& pod, const NodeInfo& node, const PreFilterState& state);

}  // namespace kubelab::scheduler
