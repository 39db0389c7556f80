#pragma once
// A pod and a node as the scheduler reads them, parsed once when the informer delivers them, so
// a scheduling cycle over a hundred nodes never walks JSON: requests, tolerations, node
// selector and required node affinity, required pod anti-affinity, the owning controller.

#include <boost/json/object.hpp>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "api/labelselector.h"
#include "client/indexer.h"
#include "scheduler/resources.h"

namespace kubelab::scheduler {

struct Taint {
  std::string key;
  std::string value;
  std::string effect;  // NoSchedule, PreferNoSchedule, NoExecute
};

struct Toleration {
  std::string key;       // "" with Exists tolerates every taint
  std::string op;        // "Equal" (the default) or "Exists"
  std::string value;
  std::string effect;    // "" tolerates every effect

  bool tolerates(const Taint& taint) const;
};

bool toleratesTaint(const std::vector<Toleration>& tolerations, const Taint& taint);

// One requirement of a nodeSelectorTerm: matchExpressions over labels or matchFields over
// metadata.name. Operators In, NotIn, Exists, DoesNotExist, Gt, Lt.
struct NodeSelectorRequirement {
  std::string key;
  std::string op;
  std::vector<std::string> values;
};

struct NodeSelectorTerm {
  std::vector<NodeSelectorRequirement> matchExpressions;
  std::vector<NodeSelectorRequirement> matchFields;

  // Every requirement holds; a term with none matches nothing.
  bool matches(const std::string& nodeName, const std::map<std::string, std::string>& nodeLabels) const;
};

// spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution: terms are ORed,
// the requirements inside a term ANDed; a term with no requirements matches nothing.
struct RequiredNodeSelector {
  std::vector<NodeSelectorTerm> terms;
  bool matches(const std::string& nodeName, const std::map<std::string, std::string>& nodeLabels) const;
};

// One requiredDuringSchedulingIgnoredDuringExecution podAntiAffinity term.
struct PodAffinityTerm {
  api::LabelSelector selector = api::LabelSelector::nothing();
  std::set<std::string> namespaces;  // the pod's own namespace when the term names none
  bool allNamespaces = false;        // namespaceSelector: {}
  std::string topologyKey;

  // Whether `pod` is a pod this term is about.
  bool matchesPod(const std::string& podNamespace, const std::map<std::string, std::string>& podLabels) const;
};

// One topologySpreadConstraint with whenUnsatisfiable: DoNotSchedule (ScheduleAnyway ones only
// steer scores in Kubernetes; this scheduler does not score them).
struct TopologySpreadConstraint {
  std::int64_t maxSkew = 1;
  std::string topologyKey;
  api::LabelSelector selector = api::LabelSelector::nothing();
  std::int64_t minDomains = 1;
  bool honorNodeAffinity = true;  // nodeAffinityPolicy: Honor (the default) or Ignore
};

// A container port claimed on the node (hostPort), which no two pods on a node may share.
struct HostPort {
  std::string protocol;  // TCP (the default), UDP, SCTP
  std::string hostIP;    // "" or "0.0.0.0": every address of the node
  std::int64_t port = 0;

  bool conflictsWith(const HostPort& other) const;
};

struct PodInfo {
  client::ObjectPointer object;
  std::string key;  // "<namespace>/<name>"
  std::string ns;
  std::string name;
  std::string uid;
  std::string nodeName;
  std::string schedulerName;
  std::int32_t priority = 0;
  std::string preemptionPolicy;  // "Never" refuses to preempt
  bool terminal = false;         // Succeeded or Failed
  bool deleting = false;         // has a deletionTimestamp
  PodRequests requests;
  std::map<std::string, std::string> labels;
  std::string controllerUid;  // the ownerReference with controller: true
  std::vector<Toleration> tolerations;
  std::map<std::string, std::string> nodeSelector;
  std::optional<RequiredNodeSelector> requiredNodeAffinity;
  // preferredDuringSchedulingIgnoredDuringExecution: (weight, term) pairs.
  std::vector<std::pair<std::int64_t, NodeSelectorTerm>> preferredNodeAffinity;
  std::vector<PodAffinityTerm> requiredAntiAffinity;
  std::vector<TopologySpreadConstraint> spreadConstraints;
  std::vector<HostPort> hostPorts;
  bool schedulingGated = false;  // spec.schedulingGates is not empty: not to be scheduled yet
};
using PodInfoPointer = std::shared_ptr<const PodInfo>;

PodInfoPointer parsePodInfo(client::ObjectPointer pod);

std::vector<Taint> parseTaints(const boost::json::object& node);
std::vector<Toleration> parseTolerations(const boost::json::object& pod);
RequiredNodeSelector parseNodeSelector(const boost::json::object& nodeSelector);

}  // namespace kubelab::scheduler
