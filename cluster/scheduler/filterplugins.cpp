#include "scheduler/filterplugins.h"

#include <algorithm>

namespace kubelab::scheduler {

namespace {

FilterStatus refuse(FilterCode code, std::string plugin, std::vector<std::string> reasons) {
  return FilterStatus{code, std::move(plugin), std::move(reasons)};
}

std::string labelValue(const std::map<std::string, std::string>& labels, const std::string& key, bool& present) {
  auto found = labels.find(key);
  present = found != labels.end();
  return present ? found->second : std::string();
}

}  // namespace

namespace {

void countSpread(const PodInfo& pod, const std::vector<const NodeInfo*>& nodes, PreFilterState& state) {
  state.spread.resize(pod.spreadConstraints.size());
  for (const NodeInfo* node : nodes) {
    // Only nodes that carry every constraint's key count, as in Kubernetes.
    bool labelled = std::all_of(pod.spreadConstraints.begin(), pod.spreadConstraints.end(),
                                [&](const TopologySpreadConstraint& constraint) {
                                  return node->labels().contains(constraint.topologyKey);
                                });
    if (!labelled) continue;
    bool affinityOk = filterNodeAffinity(pod, *node).ok();
    for (std::size_t index = 0; index < pod.spreadConstraints.size(); ++index) {
      const TopologySpreadConstraint& constraint = pod.spreadConstraints[index];
      if (constraint.honorNodeAffinity && !affinityOk) continue;
      std::int64_t& count = state.spread[index].podsPerDomain[node->labels().at(constraint.topologyKey)];
      for (const auto& [key, existing] : node->pods()) {
        if (existing->ns == pod.ns && !existing->deleting && constraint.selector.matches(existing->labels)) ++count;
      }
    }
  }
  for (std::size_t index = 0; index < pod.spreadConstraints.size(); ++index) {
    SpreadCounts& counts = state.spread[index];
    bool first = true;
    for (const auto& [domain, count] : counts.podsPerDomain) {
      counts.minimum = first ? count : std::min(counts.minimum, count);
      first = false;
    }
    // Fewer domains than minDomains: the missing ones count as empty.
    if (static_cast<std::int64_t>(counts.podsPerDomain.size()) < pod.spreadConstraints[index].minDomains) {
      counts.minimum = 0;
    }
  }
}

}  // namespace

PreFilterState preFilter(const PodInfo& pod, const std::vector<const NodeInfo*>& nodes) {
  PreFilterState state;
  if (!pod.spreadConstraints.empty()) countSpread(pod, nodes, state);
  state.refusedDomainsPerTerm.resize(pod.requiredAntiAffinity.size());
  for (const NodeInfo* node : nodes) {
    bool needIncoming = !pod.requiredAntiAffinity.empty() && node->podCount() > 0;
    bool needExisting = node->podsWithAntiAffinity() > 0;
    if (!needIncoming && !needExisting) continue;
    for (const auto& [key, existing] : node->pods()) {
      if (needIncoming) {
        for (std::size_t index = 0; index < pod.requiredAntiAffinity.size(); ++index) {
          const PodAffinityTerm& term = pod.requiredAntiAffinity[index];
          bool present = false;
          std::string value = labelValue(node->labels(), term.topologyKey, present);
          if (present && term.matchesPod(existing->ns, existing->labels)) {
            state.refusedDomainsPerTerm[index].insert(value);
          }
        }
      }
      if (needExisting) {
        for (const PodAffinityTerm& term : existing->requiredAntiAffinity) {
          bool present = false;
          std::string value = labelValue(node->labels(), term.topologyKey, present);
          if (present && term.matchesPod(pod.ns, pod.labels)) state.domainsRefusingPod.emplace(term.topologyKey, value);
        }
      }
    }
  }
  return state;
}

FilterStatus filterNodeUnschedulable(const PodInfo& pod, const NodeInfo& node) {
  if (!node.unschedulable()) return {};
  // A pod may tolerate the cordon itself (DaemonSet pods do).
  if (toleratesTaint(pod.tolerations, Taint{kUnschedulableTaintKey, "", "NoSchedule"})) return {};
  return refuse(FilterCode::UnschedulableAndUnresolvable, "NodeUnschedulable", {kReasonNodeUnschedulable});
}

FilterStatus filterNodeName(const PodInfo& pod, const NodeInfo& node) {
  if (pod.nodeName.empty() || pod.nodeName == node.name()) return {};
  return refuse(FilterCode::UnschedulableAndUnresolvable, "NodeName", {kReasonNodeName});
}

FilterStatus filterTaintToleration(const PodInfo& pod, const NodeInfo& node) {
  for (const Taint& taint : node.taints()) {
    if (taint.effect != "NoSchedule" && taint.effect != "NoExecute") continue;
    if (toleratesTaint(pod.tolerations, taint)) continue;
    return refuse(FilterCode::UnschedulableAndUnresolvable, "TaintToleration",
                  {"node(s) had untolerated taint {" + taint.key + ": " + taint.value + "}"});
  }
  return {};
}

FilterStatus filterNodeAffinity(const PodInfo& pod, const NodeInfo& node) {
  for (const auto& [key, value] : pod.nodeSelector) {
    auto found = node.labels().find(key);
    if (found == node.labels().end() || found->second != value) {
      return refuse(FilterCode::UnschedulableAndUnresolvable, "NodeAffinity", {kReasonNodeAffinity});
    }
  }
  if (pod.requiredNodeAffinity && !pod.requiredNodeAffinity->matches(node.name(), node.labels())) {
    return refuse(FilterCode::UnschedulableAndUnresolvable, "NodeAffinity", {kReasonNodeAffinity});
  }
  return {};
}

FilterStatus filterNodePorts(const PodInfo& pod, const NodeInfo& node) {
  for (const HostPort& port : pod.hostPorts) {
    if (node.hostPortTaken(port)) return refuse(FilterCode::Unschedulable, "NodePorts", {kReasonNodePorts});
  }
  return {};
}

FilterStatus filterNodeResourcesFit(const PodInfo& pod, const NodeInfo& node) {
  std::vector<std::string> reasons;
  if (static_cast<std::int64_t>(node.podCount()) + 1 > node.allowedPodNumber()) reasons.emplace_back(kReasonTooManyPods);
  const Resources& wanted = pod.requests.requests;
  const Resources& free = node.allocatable();
  const Resources& used = node.requested();
  if (wanted.milliCpu > 0 && wanted.milliCpu > free.milliCpu - used.milliCpu) reasons.emplace_back("Insufficient cpu");
  if (wanted.memory > 0 && wanted.memory > free.memory - used.memory) reasons.emplace_back("Insufficient memory");
  if (wanted.ephemeralStorage > 0 && wanted.ephemeralStorage > free.ephemeralStorage - used.ephemeralStorage) {
    reasons.emplace_back("Insufficient ephemeral-storage");
  }
  for (const auto& [name, amount] : wanted.scalar) {
    auto offered = free.scalar.find(name);
    auto taken = used.scalar.find(name);
    std::int64_t available = (offered == free.scalar.end() ? 0 : offered->second) -
                             (taken == used.scalar.end() ? 0 : taken->second);
    if (amount > available) reasons.push_back("Insufficient " + name);
  }
  if (reasons.empty()) return {};
  return refuse(FilterCode::Unschedulable, "NodeResourcesFit", std::move(reasons));
}

FilterStatus filterPodTopologySpread(const PodInfo& pod, const NodeInfo& node, const PreFilterState& state) {
  for (std::size_t index = 0; index < pod.spreadConstraints.size() && index < state.spread.size(); ++index) {
    const TopologySpreadConstraint& constraint = pod.spreadConstraints[index];
    auto label = node.labels().find(constraint.topologyKey);
    if (label == node.labels().end()) {
      return refuse(FilterCode::UnschedulableAndUnresolvable, "PodTopologySpread", {kReasonSpreadMissingLabel});
    }
    const SpreadCounts& counts = state.spread[index];
    auto found = counts.podsPerDomain.find(label->second);
    std::int64_t matching = found == counts.podsPerDomain.end() ? 0 : found->second;
    std::int64_t self = constraint.selector.matches(pod.labels) ? 1 : 0;
    if (matching + self - counts.minimum > constraint.maxSkew) {
      return refuse(FilterCode::Unschedulable, "PodTopologySpread", {kReasonSpreadConstraints});
    }
  }
  return {};
}

FilterStatus filterInterPodAntiAffinity(const PodInfo& pod, const NodeInfo& node, const PreFilterState& state) {
  // The pod's own terms first, then the existing pods' terms, in InterPodAffinity's order.
  for (std::size_t index = 0; index < pod.requiredAntiAffinity.size() && index < state.refusedDomainsPerTerm.size();
       ++index) {
    bool present = false;
    std::string value = labelValue(node.labels(), pod.requiredAntiAffinity[index].topologyKey, present);
    if (present && state.refusedDomainsPerTerm[index].contains(value)) {
      return refuse(FilterCode::Unschedulable, "InterPodAffinity", {kReasonAntiAffinity});
    }
  }
  if (!state.domainsRefusingPod.empty()) {
    for (const auto& [key, value] : node.labels()) {
      if (state.domainsRefusingPod.contains({key, value})) {
        return refuse(FilterCode::Unschedulable, "InterPodAffinity", {kReasonExistingAntiAffinity});
      }
    }
  }
  return {};
}

FilterStatus runFilters(const PodInfo& pod, const NodeInfo& node, const PreFilterState& state) {
  for (auto filter : {filterNodeUnschedulable, filterNodeName, filterTaintToleration, filterNodeAffinity,
                      filterNodePorts, filterNodeResourcesFit}) {
    FilterStatus status = filter(pod, node);
    if (!status.ok()) return status;
  }
  if (!pod.spreadConstraints.empty()) {
    FilterStatus status = filterPodTopologySpread(pod, node, state);
    if (!status.ok()) return status;
  }
  if (!pod.requiredAntiAffinity.empty() || !state.domainsRefusingPod.empty()) {
    return filterInterPodAntiAffinity(pod, node, state);
  }
  return {};
}

}  // namespace kubelab::scheduler
