#include "scheduler/fiterror.h"

#include <algorithm>

namespace kubelab::scheduler {

std::string reasonHistogram(const std::map<std::string, int>& reasonCounts) {
  std::vector<std::string> entries;
  entries.reserve(reasonCounts.size());
  for (const auto& [reason, count] : reasonCounts) entries.push_back(std::to_string(count) + " " + reason);
  std::sort(entries.begin(), entries.end());
  std::string joined;
  for (const std::string& entry : entries) {
    if (!joined.empty()) joined += ", ";
    joined += entry;
  }
  return joined;
}

namespace {

std::string nodesAvailablePrefix(std::size_t nodeCount) {
  return "0/" + std::to_string(nodeCount) + " nodes are available:";
}

bool holdsLowerPriorityPods(const NodeInfo& node, std::int32_t priority) {
  return std::any_of(node.pods().begin(), node.pods().end(),
                     [&](const auto& entry) { return entry.second->priority < priority; });
}

std::string preemptionMessage(const PodInfo& pod, const std::vector<const NodeInfo*>& nodes,
                              const std::map<std::string, FilterStatus>& failures) {
  if (pod.preemptionPolicy == "Never") return "not eligible due to preemptionPolicy=Never.";
  std::map<std::string, int> counts;
  for (const NodeInfo* node : nodes) {
    auto failure = failures.find(node->name());
    if (failure == failures.end() || failure->second.code == FilterCode::UnschedulableAndUnresolvable) {
      ++counts[kPreemptionNotHelpful];
    } else if (holdsLowerPriorityPods(*node, pod.priority)) {
      ++counts[kPreemptionNotSupported];
    } else {
      ++counts[kNoPreemptionVictims];
    }
  }
  return "preemption: " + nodesAvailablePrefix(nodes.size()) + " " + reasonHistogram(counts) + ".";
}

}  // namespace

std::string fitErrorMessage(const PodInfo& pod, const std::vector<const NodeInfo*>& nodes,
                            const std::map<std::string, FilterStatus>& failures) {
  if (nodes.empty()) return kNoNodesAvailable;
  std::map<std::string, int> counts;
  for (const auto& [node, status] : failures) {
    for (const std::string& reason : status.reasons) ++counts[reason];
  }
  std::string message = nodesAvailablePrefix(nodes.size());
  if (!counts.empty()) message += " " + reasonHistogram(counts) + ".";
  message += " " + preemptionMessage(pod, nodes, failures) + ".";
  return message;
}

}  // namespace kubelab::scheduler
